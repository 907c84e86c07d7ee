"""The `closeread` command. With no subcommand it opens the app.

Every subcommand has --help. Errors print one clear message and exit non-zero (1 for a failure,
2 for a usage mistake); no traceback reaches the user.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path

from corpus.errors import CloseReadError, CorpusError
from desktop.paths import resolve_db

Handler = Callable[[argparse.Namespace], int]


class UsageError(Exception):
    """A mistake in how the command was called (exit code 2)."""


def _out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


def _store(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from desktop.session import open_store

    return open_store(resolve_db(args.db))


# ---------------------------------------------------------------------------- subcommands


def cmd_articles(args: argparse.Namespace) -> int:
    from corpus.articles import list_articles

    store = _store(args)
    with store.sessions() as session:
        rows = list_articles(session)
    if not rows:
        _out("No articles. Import some with `closeread import FOLDER`.")
        return 0
    width = max(len(r.id) for r in rows)
    for r in rows:
        date = r.published or "date unknown"
        _out(f"{r.id:<{width}}  {r.title}")
        _out(f"{'':<{width}}  {r.outlet or 'outlet unknown'} · {date} · {r.annotations} annotations")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from corpus.articles import get_article, load_sources
    from corpus.vocabulary import CATEGORY_LABELS, VERDICT_LABELS

    store = _store(args)
    with store.sessions() as session:
        article = get_article(session, args.id, published_only=args.published_only)
        sources = {s.id: s for s in load_sources(session)}
    wrap = textwrap.TextWrapper(width=args.width)
    _out(article.title)
    _out("=" * min(len(article.title), args.width))
    meta = [article.outlet or "outlet unknown", article.published or "date unknown"]
    if article.byline:
        meta.insert(0, article.byline)
    _out(" · ".join(meta))
    if article.url:
        _out(article.url)
    _out()
    for para in article.body.split("\n\n"):
        if para.strip():
            _out(wrap.fill(" ".join(para.split())))
            _out()
    _out(f"Annotations ({len(article.annotations)})")
    _out("-" * 20)
    for n, ann in enumerate(article.annotations, 1):
        head = f"[{n}] {CATEGORY_LABELS.get(ann.category, ann.category)}"
        if ann.verdict:
            head += f" — {VERDICT_LABELS.get(ann.verdict, ann.verdict)}"
        if ann.status == "draft":
            head += " (draft)"
        if ann.anchor_state != "anchored":
            head += f" ({ann.anchor_state})"
        _out(head + f"  {ann.id}")
        _out(textwrap.indent(wrap.fill(f"“{ann.quote.exact}”"), "    "))
        if ann.claim_reviewed:
            _out(textwrap.indent(wrap.fill(f"Claim reviewed: {ann.claim_reviewed}"), "    "))
        if ann.note:
            for para in ann.note.split("\n\n"):
                _out(textwrap.indent(wrap.fill(" ".join(para.split())), "    "))
        for c in ann.citations:
            src = sources.get(c.source_id)
            name = f"{src.publisher} — {src.title} ({src.published})" if src else c.source_id
            line = f"{c.relation}: {name}"
            if c.locator:
                line += f", {c.locator}"
            _out(textwrap.fill(line, width=args.width, initial_indent="      · ", subsequent_indent="        "))
            if src and src.url:
                _out(f"        {src.url}")
        _out()
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from corpus.importing import import_paths

    paths = [Path(p) for p in args.paths]
    for p in paths:
        if not p.exists():
            raise CloseReadError(f"{p}: no such file or folder")
    json_inputs = [p for p in paths if p.suffix in {".json", ".jsonld"}]
    store = _store(args)
    if json_inputs:
        from desktop.exchange import import_w3c_files

        with store.sessions.begin() as session:
            result = import_w3c_files(session, json_inputs)
        _out(f"Imported {', '.join(str(p) for p in json_inputs)}: {result.report.summary()}.")
        paths = [p for p in paths if p not in json_inputs]
        if not paths:
            return 0
    with store.sessions.begin() as session:
        result = import_paths(session, paths)
    _out(f"Imported {', '.join(str(p) for p in paths)}: {result.report.summary()}.")
    for outcome in result.reanchored:
        _out(f"  {outcome.annotation_id}: {outcome.status} — {outcome.reason}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from corpus.articles import load_articles, load_sources

    store = _store(args)
    with store.sessions() as session:
        articles = load_articles(session, args.article or None)
        sources = load_sources(session)
    out = Path(args.out)
    if args.format == "yaml":
        from corpus.corpusfiles import write_corpus

        if out.exists() and not out.is_dir():
            raise UsageError(f"--out {out}: for YAML give a folder")
        written = write_corpus(out, articles, sources)
        _out(f"Wrote {len(written)} files to {out}/")
        return 0
    from desktop.exchange import write_exchange

    written_to = write_exchange(args.format, out, articles, sources)
    _out(f"Wrote {written_to}")
    return 0


# ---------------------------------------------------------------------------- parser

SUBCOMMANDS: list[tuple[str, str, Callable[[argparse.ArgumentParser], None], Handler]] = []


def subcommand(name: str, help_text: str, configure: Callable[[argparse.ArgumentParser], None]) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        SUBCOMMANDS.append((name, help_text, configure, handler))
        return handler

    return register


def _conf_articles(p: argparse.ArgumentParser) -> None:
    pass


def _conf_show(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", help="the article id (see `closeread articles`)")
    p.add_argument("--published-only", action="store_true", help="show only published annotations, as students see them")
    p.add_argument("--width", type=int, default=88, help="wrap text at this many columns (default 88)")


def _conf_import(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="corpus folders or .yaml files (or W3C .jsonld)")


def _conf_export(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", required=True, metavar="PATH", help="folder for yaml; file for w3c and claimreview")
    p.add_argument("--format", choices=["yaml", "w3c", "claimreview"], default="yaml", help="default: yaml")
    p.add_argument("--article", action="append", metavar="ID", help="only this article (repeatable)")


subcommand("articles", "list the articles in the store", _conf_articles)(cmd_articles)
subcommand("show", "print an article with its annotations", _conf_show)(cmd_show)
subcommand("import", "import corpus files (validated first; all or nothing)", _conf_import)(cmd_import)
subcommand("export", "export the corpus as YAML, W3C Web Annotations or ClaimReview", _conf_export)(cmd_export)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message} (see `{self.prog} --help`)")


def build_parser() -> argparse.ArgumentParser:
    _load_extensions()
    parser = _Parser(
        prog="closeread",
        description="Closeread: close reading of the news in class. With no command, opens the app.",
    )
    parser.add_argument("--db", metavar="PATH_OR_URL", help="the database: a SQLite file or a SQLAlchemy URL "
                        "(default: $CLOSEREAD_DB, else the file in your user data folder)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, help_text, configure, handler in SUBCOMMANDS:
        p = sub.add_parser(name, help=help_text, description=help_text[:1].upper() + help_text[1:] + ".")
        configure(p)
        p.set_defaults(handler=handler)
    return parser


def _load_extensions() -> None:
    """Subcommands defined in other modules register themselves on import."""
    import importlib

    for module in (
        "desktop.cli_check", "desktop.cli_quizzes", "desktop.cli_store", "desktop.screenshots",
        "desktop.cli_print",  # last: it adds `quiz print` to the `quiz` group registered before it
    ):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `closeread` command."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.command is None:
            from desktop.app import run_app

            return run_app(db=resolve_db(args.db))
        return int(args.handler(args))
    except UsageError as exc:
        _err(str(exc))
        return 2
    except CorpusError as exc:
        for problem in exc.problems:
            _err(problem)
        _err(f"{len(exc.problems)} problem(s); nothing was imported.")
        return 1
    except CloseReadError as exc:
        _err(f"closeread: {exc}")
        return 1
    except KeyboardInterrupt:
        _err("closeread: interrupted")
        return 130
    except SystemExit as exc:  # argparse --help
        return int(exc.code or 0)
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for users
        _err(f"closeread: unexpected error: {type(exc).__name__}: {exc}")
        _err("Please report this, with the command you ran.")
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
