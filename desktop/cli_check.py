"""`closeread check`: the source checker as a linter, over the store or over YAML files."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from corpus.checking import CheckReport, Finding, check_corpus
from corpus.corpusfiles import read_corpus
from corpus.records import CorpusSnapshot
from desktop.cli import UsageError, _store, subcommand


def _configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH", help="YAML files or folders to check without importing them "
                   "(default: check the store)")
    p.add_argument("--article", metavar="ID", help="only this article")
    p.add_argument("--format", choices=["text", "json"], default="text", help="text like a linter (default), or json")
    p.epilog = "Exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage."


def _finding_json(f: Finding, where: str | None) -> dict[str, object]:
    return {
        "code": f.code, "severity": f.severity, "article": f.article_id, "annotation": f.annotation_id,
        "source": f.source_id, "message": f.message, "hint": f.hint, "location": where,
    }


def _location(f: Finding, locations: dict[tuple[str, str], str]) -> str | None:
    for kind, key in (("annotation", f.annotation_id), ("source", f.source_id), ("article", f.article_id)):
        if key and (kind, key) in locations:
            return locations[(kind, key)]
    return None


def _store_location(f: Finding) -> str:
    if f.annotation_id:
        return f"{f.article_id}/{f.annotation_id}"
    if f.source_id:
        return f"sources/{f.source_id}"
    return f.article_id or "corpus"


def _print(report: CheckReport, locations: dict[tuple[str, str], str] | None, fmt: str) -> None:
    findings = sorted(report.findings, key=lambda f: (f.severity != "error", f.article_id or "", f.annotation_id or "", f.code))
    if fmt == "json":
        out = {
            "ok": report.ok,
            "errors": len(report.errors),
            "warnings": len(report.warnings),
            "findings": [_finding_json(f, _location(f, locations) if locations is not None else _store_location(f)) for f in findings],
            "articles": {
                a: {"annotations": s.annotations, "errors": s.errors, "warnings": s.warnings,
                    "orphaned": s.orphaned, "status": s.status_counts}
                for a, s in sorted(report.summaries.items())
            },
        }
        sys.stdout.write(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
        return
    for f in findings:
        where = (_location(f, locations) if locations is not None else None) or _store_location(f)
        sys.stdout.write(f"{where}: {f.code} {f.severity}: {f.message}\n")
        if f.hint:
            sys.stdout.write(f"    hint: {f.hint}\n")
    total = sum(s.annotations for s in report.summaries.values())
    sys.stdout.write(
        f"{total} annotations in {len(report.summaries)} article(s): "
        f"{len(report.errors)} error(s), {len(report.warnings)} warning(s)\n"
    )


@subcommand("check", "check that annotations are source-checked (like a linter)", _configure)
def cmd_check(args: argparse.Namespace) -> int:
    if args.paths:
        paths = [Path(p) for p in args.paths]
        missing = [p for p in paths if not p.exists()]
        if missing:
            raise UsageError(f"closeread check: no such file or folder: {missing[0]}")
        parsed = read_corpus(paths)
        if parsed.problems:
            if args.format == "json":
                sys.stdout.write(json.dumps({"ok": False, "problems": parsed.problems}, indent=2, ensure_ascii=False) + "\n")
            else:
                for problem in parsed.problems:
                    sys.stdout.write(problem + "\n")
                sys.stdout.write(f"{len(parsed.problems)} problem(s) reading the files\n")
            return 1
        articles = tuple(parsed.articles)
        if args.article and args.article not in {a.id for a in articles}:
            raise UsageError(f"closeread check: no article '{args.article}' in those files")
        report = check_corpus(CorpusSnapshot(articles=articles, sources=tuple(parsed.sources)), article_id=args.article)
        _print(report, parsed.locations, args.format)
        return 0 if report.ok else 1
    from corpus.articles import load_snapshot

    store = _store(args)
    with store.sessions() as session:
        snapshot = load_snapshot(session)
    if args.article and args.article not in {a.id for a in snapshot.articles}:
        raise UsageError(f"closeread check: no article '{args.article}' in the store (see `closeread articles`)")
    report = check_corpus(snapshot, article_id=args.article)
    _print(report, None, args.format)
    return 0 if report.ok else 1
