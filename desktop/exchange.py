"""Exchange formats from the command line and the app: W3C Web Annotation and ClaimReview JSON-LD."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from corpus.articles import (
    WriteReport,
    load_articles,
    load_sources,
    upsert_articles,
    upsert_sources,
)
from corpus.claimreview import to_claimreview
from corpus.errors import CloseReadError, CorpusError
from corpus.importing import ImportResult
from corpus.records import ArticleRecord, SourceRecord
from corpus.w3c import W3CError, from_w3c_collection, to_w3c_collection


def write_exchange(fmt: str, out: Path, articles: Sequence[ArticleRecord], sources: Sequence[SourceRecord]) -> Path:
    """Write `w3c` (an AnnotationCollection) or `claimreview` (a JSON-LD list) to `out`."""
    if out.is_dir():
        out = out / ("annotations.jsonld" if fmt == "w3c" else "claimreview.jsonld")
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "w3c":
        doc: object = to_w3c_collection(articles, sources)
    elif fmt == "claimreview":
        doc = to_claimreview(articles, sources)
    else:
        raise CloseReadError(f"unknown export format '{fmt}'")
    out.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return out


def import_w3c_files(session: Session, paths: Sequence[Path]) -> ImportResult:
    """Import W3C Web Annotation JSON-LD files; all or nothing, every problem reported."""
    problems: list[str] = []
    articles = load_articles(session)
    sources = load_sources(session)
    new_articles: dict[str, ArticleRecord] = {}
    new_sources: dict[str, SourceRecord] = {}
    for path in paths:
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            problems.append(f"{path}: not UTF-8 text")
            continue
        except json.JSONDecodeError as exc:
            problems.append(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}")
            continue
        try:
            got_articles, got_sources = from_w3c_collection(doc, articles=articles, sources=sources)
        except W3CError as exc:
            problems.extend(f"{path}: {p.path}: {p.message}" for p in exc.problems)
            continue
        new_articles.update((a.id, a) for a in got_articles)
        new_sources.update((s.id, s) for s in got_sources)
    if problems:
        raise CorpusError(problems)
    report = WriteReport()
    upsert_sources(session, list(new_sources.values()), report)
    session.flush()
    upsert_articles(session, list(new_articles.values()), report)
    return ImportResult(report=report, reanchored=())
