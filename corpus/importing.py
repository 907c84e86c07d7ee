"""Importing corpus files into the store: validate everything, then write all or nothing."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from corpus.anchoring import AnchorOutcome
from corpus.articles import WriteReport, upsert_articles, upsert_sources
from corpus.corpusfiles import read_corpus
from corpus.errors import CorpusError
from corpus.models import Annotation, Article, Source
from corpus.records import TextPosition, TextQuote


@dataclass(frozen=True, slots=True)
class ImportResult:
    report: WriteReport
    reanchored: tuple[AnchorOutcome, ...]


def import_paths(session: Session, paths: Iterable[Path | str]) -> ImportResult:
    """Import corpus files (folders expanded). Raises CorpusError listing every problem, before
    writing anything; the caller's transaction makes the write all or nothing."""

    @cache
    def stored(article_id: str) -> Mapping[str, tuple[TextQuote, TextPosition, int]]:
        length = session.scalar(select(func.length(Article.body)).where(Article.id == article_id)) or 0
        rows = session.execute(
            select(Annotation.id, Annotation.exact, Annotation.prefix, Annotation.suffix, Annotation.start, Annotation.end)
            .where(Annotation.article_id == article_id)
        )
        return {i: (TextQuote(e, p, s), TextPosition(a, b), length) for i, e, p, s, a, b in rows}

    known = session.scalars(select(Source.id)).all()
    parsed = read_corpus(paths, stored=stored, known_sources=known)
    if parsed.problems:
        raise CorpusError(parsed.problems)
    report = WriteReport()
    upsert_sources(session, parsed.sources, report)
    session.flush()
    upsert_articles(session, parsed.articles, report)
    return ImportResult(report=report, reanchored=tuple(parsed.reanchored))
