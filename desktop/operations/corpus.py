"""Ops over articles, annotations, sources and the view mode.

Each factory builds an op whose body runs on the single DB worker thread, inside one
`sessions.begin()` transaction, and returns plain frozen values (records, words) for the GUI
thread; none touches a widget (STYLE.md rule 3). Reads are QueryOps, writes StoreOps that
broadcast what they changed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from corpus.articles import (
    ArticleRow,
    list_articles,
    load_articles,
    load_snapshot,
    load_sources,
)
from corpus.checking import CheckReport, check_corpus
from corpus.errors import CloseReadError, NotFound
from corpus.records import ArticleRecord, CorpusSnapshot, SourceRecord
from corpus.search import SearchHit, search
from desktop.check_summary import ArticleCheck, article_check, findings_by_annotation, summary_line
from desktop.events import Changes
from desktop.operations import OpContext, QueryOp, StoreOp

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    # Importing pulls in pydantic and YAML: loaded when an import runs, not at start.
    from corpus.importing import ImportResult

# This module is imported before the window's first paint, which must not wait for SQLAlchemy:
# the op bodies run on the worker after the store is open, and import the ORM-backed helpers
# (quizzes.settings) there.


@dataclass(frozen=True, slots=True)
class ArticleView:
    """An article with what the reader and the panel need to show it.

    `article.annotations` holds only what the mode lets people see (published ones in student
    mode); `statuses` and `findings` are the checker's verdicts on those, `summary` the header line.
    """

    article: ArticleRecord
    sources: dict[str, SourceRecord]
    statuses: Mapping[str, str] = field(default_factory=dict)
    findings: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    summary: str = ""
    published_only: bool = True


@dataclass(frozen=True, slots=True)
class LibraryView:
    """The library list with each article's check badge (counting only what the mode shows)."""

    rows: tuple[ArticleRow, ...]
    checks: Mapping[str, ArticleCheck]
    published_only: bool = True


@dataclass(frozen=True, slots=True)
class SearchResults:
    """What a search found, for the query it was asked (the box may have moved on since)."""

    query: str
    hits: tuple[SearchHit, ...]


# ---------------------------------------------------------------------------- bodies


def _hidden_ids(snapshot: CorpusSnapshot, published_only: bool) -> frozenset[str]:
    if not published_only:
        return frozenset()
    return frozenset(
        a.id for article in snapshot.articles for a in article.annotations if a.status != "published"
    )


def _article_view(
    article: ArticleRecord,
    report: CheckReport,
    sources: Mapping[str, SourceRecord],
    *,
    published_only: bool,
) -> ArticleView:
    if published_only:
        article = replace(
            article, annotations=tuple(a for a in article.annotations if a.status == "published")
        )
    statuses = {a.id: report.statuses[a.id] for a in article.annotations if a.id in report.statuses}
    return ArticleView(
        article=article,
        sources=dict(sources),
        statuses=MappingProxyType(statuses),
        findings=MappingProxyType(findings_by_annotation(report, article.annotations)),
        summary=summary_line(article, statuses),
        published_only=published_only,
    )


def read_article_views(
    session: Session, article_ids: Sequence[str], *, published_only: bool
) -> list[ArticleView]:
    """Articles checked against the whole corpus (claim keys are compared across articles)."""
    snapshot = load_snapshot(session)
    report = check_corpus(snapshot)
    by_id = {a.id: a for a in snapshot.articles}
    sources = {s.id: s for s in snapshot.sources}
    views = []
    for article_id in article_ids:
        if article_id not in by_id:
            raise NotFound(f"no article with id '{article_id}' (see `closeread articles`)")
        views.append(_article_view(by_id[article_id], report, sources, published_only=published_only))
    return views


# ---------------------------------------------------------------------------- reads


@dataclass(frozen=True, slots=True)
class StartView:
    """Everything the window shows first, read in one transaction with one checker pass."""

    mode: str
    library: LibraryView
    article: ArticleView | None


def _library_view(
    rows: Sequence[ArticleRow], snapshot: CorpusSnapshot, report: CheckReport, *, published_only: bool
) -> LibraryView:
    hidden = _hidden_ids(snapshot, published_only)
    by_id = {a.id: a for a in snapshot.articles}
    shown_rows = []
    for row in rows:
        article = by_id.get(row.id)
        if published_only and article is not None:
            # Counts as a student sees them: published annotations only.
            visible = [a for a in article.annotations if a.id not in hidden]
            row = ArticleRow(
                id=row.id, title=row.title, outlet=row.outlet, published=row.published,
                annotations=len(visible), drafts=0,
                orphaned=sum(1 for a in visible if a.anchor_state == "orphaned"),
            )
        shown_rows.append(row)
    checks = {row.id: article_check(report, row.id, hidden=hidden) for row in rows}
    return LibraryView(tuple(shown_rows), MappingProxyType(checks), published_only)


def fetch_start(ctx: OpContext, *, article_id: str | None) -> QueryOp[StartView]:
    """The mode, the library and the first article (`article_id` if it still exists, else the
    first in the library) in one read and one checker pass, so the window shows an article
    as soon as it can (worker thread)."""

    def body(session: Session) -> StartView:
        from quizzes.settings import get_mode

        return start_view(
            mode=get_mode(session), rows=list_articles(session), snapshot=load_snapshot(session),
            article_id=article_id,
        )

    return QueryOp(ctx, body)


def start_view(
    *, mode: str, rows: Sequence[ArticleRow], snapshot: CorpusSnapshot, article_id: str | None
) -> StartView:
    """The start view from what was read: the library with its badges and the chosen article
    (`article_id` if it is in `rows`, else the first), after one checker pass. Shared by
    `fetch_start` and the window's first paint (desktop.first_paint), so both show the same."""
    published_only = mode != "teacher"
    report = check_corpus(snapshot)
    library = _library_view(rows, snapshot, report, published_only=published_only)
    ids = [r.id for r in rows]
    chosen = article_id if article_id in ids else (ids[0] if ids else None)
    article = None
    if chosen is not None:
        record = next(a for a in snapshot.articles if a.id == chosen)
        sources = {s.id: s for s in snapshot.sources}
        article = _article_view(record, report, sources, published_only=published_only)
    return StartView(mode=mode, library=library, article=article)


def fetch_library(ctx: OpContext) -> QueryOp[list[ArticleRow]]:
    """Read the library list (worker thread)."""
    return QueryOp(ctx, list_articles)


def fetch_library_view(ctx: OpContext, *, published_only: bool) -> QueryOp[LibraryView]:
    """Read the library with each article's check badge, running the checker over the whole
    corpus (worker thread). With `published_only`, drafts neither count nor show."""

    def body(session: Session) -> LibraryView:
        rows = list_articles(session)
        snapshot = load_snapshot(session)
        return _library_view(rows, snapshot, check_corpus(snapshot), published_only=published_only)

    return QueryOp(ctx, body)


def fetch_article(ctx: OpContext, *, article_id: str, published_only: bool) -> QueryOp[ArticleView]:
    """Read one article with its annotations (published only, or drafts too), the sources, and
    the checker's statuses, findings and summary line (worker thread)."""

    def body(session: Session) -> ArticleView:
        return read_article_views(session, [article_id], published_only=published_only)[0]

    return QueryOp(ctx, body)


def fetch_article_pair(
    ctx: OpContext, *, left_id: str, right_id: str, published_only: bool
) -> QueryOp[tuple[ArticleView, ArticleView]]:
    """Read two articles for the compare view, checked in one pass (worker thread)."""

    def body(session: Session) -> tuple[ArticleView, ArticleView]:
        left, right = read_article_views(session, [left_id, right_id], published_only=published_only)
        return left, right

    return QueryOp(ctx, body)


def search_corpus(ctx: OpContext, *, query: str, published_only: bool) -> QueryOp[SearchResults]:
    """Full-text search over titles, bodies, quotes and notes (worker thread). In student mode
    hits on draft annotations are dropped."""

    def body(session: Session) -> SearchResults:
        hits = search(session, query)
        if published_only:
            ids = sorted({h.article_id for h in hits if h.kind == "annotation"})
            published = {
                a.id for article in load_articles(session, ids, published_only=True) for a in article.annotations
            }
            hits = [h for h in hits if h.kind != "annotation" or h.ref_id in published]
        return SearchResults(query=query, hits=tuple(hits))

    return QueryOp(ctx, body)


def fetch_mode(ctx: OpContext) -> QueryOp[str]:
    """Read the view mode, "student" or "teacher" (worker thread)."""

    def body(session: Session) -> str:
        from quizzes.settings import get_mode

        return get_mode(session)

    return QueryOp(ctx, body)


def save_mode(ctx: OpContext, *, mode: str) -> StoreOp[str]:
    """Store the view mode (worker thread); broadcasts a settings change."""

    def body(session: Session) -> str:
        from quizzes.settings import set_mode

        set_mode(session, mode)
        return mode

    return StoreOp(ctx, body, Changes(settings=True))


# ---------------------------------------------------------------------------- files


def import_corpus(ctx: OpContext, *, paths: Sequence[Path]) -> StoreOp[ImportResult]:
    """Import corpus folders or YAML files, and W3C JSON-LD files, all or nothing (worker
    thread). A CorpusError lists every problem and nothing is written."""

    def body(session: Session) -> ImportResult:
        from corpus.importing import import_paths

        json_inputs = [p for p in paths if p.suffix in {".json", ".jsonld"}]
        yaml_inputs = [p for p in paths if p not in json_inputs]
        for p in paths:
            if not p.exists():
                raise CloseReadError(f"{p}: no such file or folder")
        result: ImportResult | None = None
        if json_inputs:
            from desktop.exchange import import_w3c_files

            result = import_w3c_files(session, json_inputs)
        if yaml_inputs:
            result = import_paths(session, yaml_inputs)
        assert result is not None
        return result

    return StoreOp(ctx, body, Changes(articles=True, annotations=True, sources=True))


def export_corpus(ctx: OpContext, *, fmt: str, out: Path) -> QueryOp[str]:
    """Write the whole corpus as `yaml` (a folder), `w3c` or `claimreview` (a file); returns
    where it went, in words (worker thread: it reads the store, then writes files)."""

    def body(session: Session) -> str:
        articles = load_articles(session)
        sources = load_sources(session)
        if fmt == "yaml":
            from corpus.corpusfiles import write_corpus

            written = write_corpus(out, articles, sources)
            return f"Wrote {len(written)} files to {out}"
        from desktop.exchange import write_exchange

        return f"Wrote {write_exchange(fmt, out, articles, sources)}"

    return QueryOp(ctx, body)
