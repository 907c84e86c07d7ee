"""`closeread bank …`, `closeread quiz new|show`, `closeread stats`, `closeread results`."""

from __future__ import annotations

import argparse
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

from corpus.errors import CloseReadError, CorpusError
from desktop.cli import UsageError, _store, subcommand


def _out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _csv(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split(",") if v.strip())


# ---------------------------------------------------------------------------- bank


def _conf_bank(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="bank_command", metavar="ACTION", required=True, parser_class=type(p))
    lst = sub.add_parser("list", help="list the questions", description="List the questions in the bank.")
    lst.add_argument("--status", choices=["draft", "approved", "retired"])
    lst.add_argument("--article", metavar="ID")
    gen = sub.add_parser("generate", help="generate draft questions from the annotations",
                         description="Generate draft questions from the annotations; running it again adds nothing new.")
    gen.add_argument("--article", metavar="ID", help="only questions about this article")
    gen.add_argument("--seed", type=int, default=1, help="seed for the shuffles (default 1)")
    exp = sub.add_parser("export", help="export questions as GIFT, Moodle XML or a QTI 3.0 package",
                         description="Export the whole bank (approved questions by default) or one quiz.")
    exp.add_argument("--format", required=True, choices=["gift", "moodle-xml", "qti", "yaml"])
    exp.add_argument("--out", required=True, metavar="PATH")
    exp.add_argument("--quiz", type=int, metavar="QUIZ_ID", help="only this quiz's questions")
    exp.add_argument("--status", choices=["draft", "approved", "retired", "all"], default="approved")
    imp = sub.add_parser("import", help="import questions from GIFT, Moodle XML or bank YAML",
                         description="Import questions (.gift/.txt GIFT, .xml Moodle XML, .yaml bank files); all or nothing.")
    imp.add_argument("paths", nargs="+", metavar="PATH")
    imp.add_argument("--article", action="append", metavar="ID",
                     help="the article(s) GIFT or Moodle XML questions are about (repeatable)")


def _questions_for_export(session, args):  # type: ignore[no-untyped-def]
    from quizzes.assembly import get_quiz
    from quizzes.bank import list_questions, load_current

    if args.quiz is not None:
        return [item.question for item in get_quiz(session, args.quiz).items]
    rows = list_questions(session, status=None if args.status == "all" else args.status)
    current = load_current(session, [r.id for r in rows])
    return [current[r.id] for r in rows if r.id in current]


@subcommand("bank", "the question bank: list, generate, export, import", _conf_bank)
def cmd_bank(args: argparse.Namespace) -> int:
    from quizzes import bank

    store = _store(args)
    if args.bank_command == "list":
        with store.sessions() as s:
            rows = bank.list_questions(s, status=args.status, article_id=args.article)
        for r in rows:
            _out(f"{r.id:<40} {r.status:<9} {r.kind:<16} {r.skill:<14} d{r.difficulty}  {textwrap.shorten(r.prompt, 60)}")
        _out(f"{len(rows)} question(s)")
        return 0
    if args.bank_command == "generate":
        from corpus.articles import load_articles
        from quizzes.generators import generate_all

        with store.sessions.begin() as s:
            articles = load_articles(s)
            if args.article and args.article not in {a.id for a in articles}:
                raise UsageError(f"closeread bank generate: no article '{args.article}' (see `closeread articles`)")
            generated = generate_all(articles, seed=args.seed, article_id=args.article)
            added = bank.add_generated(s, generated)
        _out(f"Generated {len(generated)} question(s): {added} new draft(s) added, "
             f"{len(generated) - added} already in the bank. Review drafts in the app (teacher mode).")
        return 0
    if args.bank_command == "export":
        return _bank_export(store, args)
    return _bank_import(store, args)


def _bank_export(store, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from quizzes.exchange import export_gift, export_moodle_xml, export_qti_package

    with store.sessions() as s:
        questions = _questions_for_export(s, args)
    if not questions:
        raise CloseReadError("no questions to export")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    warnings: tuple[str, ...] = ()
    if args.format == "qti":
        package = export_qti_package(questions, out, title=f"Closeread quiz {args.quiz}" if args.quiz else "Closeread question bank")
        warnings = package.warnings
        _out(f"Wrote {len(questions)} item(s) to {package.path}")
    else:
        if args.format == "gift":
            result = export_gift(questions)
        elif args.format == "moodle-xml":
            result = export_moodle_xml(questions)
        else:
            from quizzes.bankfiles import bank_to_yaml
            from quizzes.exchange import ExportResult

            result = ExportResult(text=bank_to_yaml(questions))
        out.write_text(result.text, encoding="utf-8")
        warnings = result.warnings
        _out(f"Wrote {len(questions)} question(s) to {out}")
    for w in warnings:
        _out(f"  note: {w}")
    return 0


def _bank_import(store, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from quizzes import bank
    from quizzes.exchange import ExchangeError, import_gift, import_moodle_xml
    from quizzes.models import Question

    paths = [Path(p) for p in args.paths]
    for p in paths:
        if not p.exists():
            raise UsageError(f"closeread bank import: no such file or folder: {p}")
    yaml_paths = [p for p in paths if p.is_dir() or p.suffix in {".yaml", ".yml"}]
    other = [p for p in paths if p not in yaml_paths]
    problems: list[str] = []
    questions = []
    warnings: list[str] = []
    for p in other:
        try:
            text = p.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            problems.append(f"{p}: not UTF-8 text; save it as UTF-8")
            continue
        try:
            result = import_moodle_xml(text) if p.suffix == ".xml" else import_gift(text)
        except ExchangeError as exc:
            problems.extend(f"{p}: {problem}" for problem in getattr(exc, "problems", [str(exc)]))
            continue
        for q in result.questions:
            if not q.articles:
                if not args.article:
                    problems.append(f"{p}: question '{q.id}' names no article; say which with --article ID")
                    continue
                q = replace(q, articles=tuple(args.article))
            questions.append(replace(q, status="draft") if q.status == "approved" and not q.explanation.strip() else q)
        warnings.extend(f"{p}: {w}" for w in result.warnings)
    if problems:
        raise CorpusError(problems)
    with store.sessions.begin() as s:
        if yaml_paths:
            report = bank.import_bank(s, yaml_paths)
            _out(f"Imported {', '.join(map(str, yaml_paths))}: {len(report.added)} added, "
                 f"{len(report.new_versions)} new version(s), {len(report.status_changed)} status change(s), "
                 f"{len(report.unchanged)} unchanged.")
        added = 0
        for q in questions:
            if s.get(Question, q.id) is None:
                bank.add_question(s, q)
                added += 1
    if other:
        _out(f"Imported {added} new question(s) from {', '.join(map(str, other))} "
             f"({len(questions) - added} already in the bank); imported questions start as drafts.")
    for w in warnings:
        _out(f"  note: {w}")
    return 0


# ---------------------------------------------------------------------------- quizzes


def _conf_quiz(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="quiz_command", metavar="ACTION", required=True, parser_class=type(p))
    new = sub.add_parser("new", help="draw and save a quiz from the bank",
                         description="Draw a quiz by Moodle's rule (unseen first, then least used, spread across skills) and save it.")
    new.add_argument("--articles", required=True, metavar="ID[,ID]", help="the articles the quiz is about")
    new.add_argument("--count", type=int, default=10, metavar="N")
    new.add_argument("--skills", metavar="SKILL[,SKILL]", help="e.g. sourcing,evidence (default: all)")
    new.add_argument("--kinds", metavar="KIND[,KIND]", help="e.g. single-choice,hot-text (default: all)")
    new.add_argument("--difficulty", default="1-3", metavar="MIN-MAX", help="default 1-3")
    new.add_argument("--mode", choices=["practice", "assessment"], default="practice")
    new.add_argument("--seed", type=int, default=0, metavar="S")
    new.add_argument("--title", default=None)
    new.add_argument("--learner", type=int, metavar="ID", help="prefer questions this learner has not seen")
    show = sub.add_parser("show", help="print a saved quiz", description="Print a saved quiz.")
    show.add_argument("quiz_id", type=int, metavar="QUIZ_ID")
    show.add_argument("--answer-key", action="store_true", help="include the answers")


def _print_quiz(view, *, answer_key: bool) -> None:  # type: ignore[no-untyped-def]
    _out(f"Quiz {view.id}: {view.title} ({view.mode}, seed {view.seed}, {len(view.items)} questions)")
    _out()
    for item in view.items:
        q = item.question
        _out(f"{item.position}. [{q.kind} · {q.skill} · difficulty {q.difficulty}] {q.id}")
        _out(textwrap.indent(textwrap.fill(q.prompt, 90), "   "))
        if q.passage:
            _out(textwrap.indent(textwrap.fill("Passage: " + q.passage, 90), "   "))
        if q.text:
            _out(textwrap.indent(textwrap.fill(q.text, 90), "   "))
        by_id = {c.id: c for c in q.choices}
        for n, cid in enumerate(item.choice_order):
            c = by_id.get(cid)
            if c is None:
                continue
            mark = (" ✓" if c.correct else "") if answer_key and q.kind != "ordering" else ""
            _out(f"   {chr(97 + n)}) {c.text}{mark}")
        for pair in q.pairs:
            _out(f"   · {pair.left}  →  {pair.right if answer_key else '…'}")
        if answer_key:
            if q.kind == "true-false":
                _out(f"   Answer: {'true' if q.answer else 'false'}")
            if q.kind == "short-answer":
                _out(f"   Accepted: {', '.join(q.accepted)}")
            if q.kind == "cloze":
                _out("   Blanks: " + "; ".join(f"{{{i + 1}}} {b.accepted[0]}" for i, b in enumerate(q.blanks)))
            if q.kind == "ordering":
                _out("   Order: " + " → ".join(c.text for c in q.choices))
            _out(textwrap.indent(textwrap.fill("Why: " + q.explanation, 90), "   "))
        _out()


@subcommand("quiz", "quizzes: draw a new one from the bank, or show a saved one", _conf_quiz)
def cmd_quiz(args: argparse.Namespace) -> int:
    from quizzes.assembly import QuizSpec, get_quiz, save_quiz

    store = _store(args)
    if args.quiz_command == "show":
        with store.sessions() as s:
            view = get_quiz(s, args.quiz_id)
        _print_quiz(view, answer_key=args.answer_key)
        return 0
    try:
        lo, hi = (int(x) for x in args.difficulty.split("-", 1)) if "-" in args.difficulty else (int(args.difficulty),) * 2
    except ValueError:
        raise UsageError("closeread quiz new: --difficulty takes MIN-MAX, e.g. 1-3") from None
    spec = QuizSpec(
        articles=_csv(args.articles), skills=_csv(args.skills), kinds=_csv(args.kinds), count=args.count,
        difficulty_min=lo, difficulty_max=hi, mode=args.mode, seed=args.seed, learner_id=args.learner,
        title=args.title or f"Quiz on {', '.join(_csv(args.articles))}",
    )
    problems = spec.problems()
    if problems:
        raise UsageError("closeread quiz new: " + "; ".join(problems))
    with store.sessions.begin() as s:
        from corpus.articles import list_articles

        known = {a.id for a in list_articles(s)}
        missing = [a for a in spec.articles if a not in known]
        if missing:
            raise UsageError(f"closeread quiz new: no article '{missing[0]}' (see `closeread articles`)")
        view = save_quiz(s, spec)
    if not view.items:
        raise CloseReadError("no approved question matches; widen the skills, kinds or difficulty")
    _print_quiz(view, answer_key=False)
    if len(view.items) < spec.count:
        _out(f"(only {len(view.items)} question(s) matched the request for {spec.count})")
    return 0


# ---------------------------------------------------------------------------- statistics


def _conf_stats(p: argparse.ArgumentParser) -> None:
    p.add_argument("quiz_id", type=int, metavar="QUIZ_ID")
    p.add_argument("--all-attempts", action="store_true", help="use every finished attempt, not only first attempts")


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


@subcommand("stats", "item analysis of a quiz, as Moodle computes it", _conf_stats)
def cmd_stats(args: argparse.Namespace) -> int:
    from quizzes.stats_store import quiz_statistics

    store = _store(args)
    with store.sessions() as s:
        stats = quiz_statistics(s, quiz_id=args.quiz_id, first_attempts_only=not args.all_attempts)
    t = stats.test
    _out(f"Quiz {stats.quiz_id}: {stats.attempts} finished attempt(s) analysed"
         f" ({'all attempts' if args.all_attempts else 'first attempts'})")
    if not stats.attempts:
        _out("No finished attempts yet.")
        return 0
    alpha = "—" if t.cronbach_alpha is None else f"{t.cronbach_alpha:.2f}"
    _out(f"mean {_pct(t.mean)} / {t.max_total:g} · median {_pct(t.median)} · sd {_pct(t.sd)} · Cronbach's alpha {alpha}")
    if t.flags:
        _out("test flags: " + ", ".join(t.flags))
    _out()
    _out(f"{'question':<40} {'n':>4} {'facility':>9} {'discrim.':>9} {'effic.':>8}  flags")
    for item in t.item_stats:
        _out(f"{item.question_id:<40} {item.n:>4} {_pct(item.facility):>9} {_pct(item.discrimination_index):>9} "
             f"{_pct(item.discriminative_efficiency):>8}  {', '.join(item.flags)}")
    if stats.distractors:
        _out()
        _out(f"{'question':<40} {'answer':<24} {'count':>6} {'%':>6} {'upper':>6} {'lower':>6}")
        for d in stats.distractors:
            _out(f"{d.question_id:<40} {textwrap.shorten(d.response_key, 24):<24} {d.count:>6} {d.percent:>6.1f} {d.upper:>6} {d.lower:>6}")
    return 0


def _conf_results(p: argparse.ArgumentParser) -> None:
    p.add_argument("quiz_id", type=int, metavar="QUIZ_ID")
    p.add_argument("--out", required=True, metavar="FILE.csv")


@subcommand("results", "export a quiz's results as CSV (one row per answer)", _conf_results)
def cmd_results(args: argparse.Namespace) -> int:
    from quizzes.attempts import results_csv

    store = _store(args)
    with store.sessions() as s:
        text = results_csv(s, quiz_id=args.quiz_id)
    Path(args.out).write_text(text, encoding="utf-8")
    _out(f"Wrote {max(0, text.count(chr(10)) - 1)} row(s) to {args.out}")
    return 0
