"""Ops over articles, annotations and sources. Each body runs on the DB worker thread."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from corpus.articles import ArticleRow, get_article, list_articles, load_sources
from corpus.records import ArticleRecord, SourceRecord
from desktop.operations import OpContext, QueryOp


@dataclass(frozen=True, slots=True)
class ArticleView:
    """An article with what the reader and the panel need to show it."""

    article: ArticleRecord
    sources: dict[str, SourceRecord]


def fetch_library(ctx: OpContext) -> QueryOp[list[ArticleRow]]:
    """Read the library list (worker thread)."""
    return QueryOp(ctx, list_articles)


def fetch_article(ctx: OpContext, *, article_id: str, published_only: bool) -> QueryOp[ArticleView]:
    """Read one article with its annotations and the sources it cites (worker thread)."""

    def body(session: Session) -> ArticleView:
        article = get_article(session, article_id, published_only=published_only)
        return ArticleView(article=article, sources={s.id: s for s in load_sources(session)})

    return QueryOp(ctx, body)
