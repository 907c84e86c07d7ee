"""Articles, annotations and sources in the store: bulk reads into records, and all-or-nothing
writes from records (the importer, the API used by the app).

Functions take a Session and never commit: the caller owns the transaction (STYLE.md rule 2).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING

from corpus.errors import NotFound
from corpus.records import (
    AnnotationRecord,
    ArticleRecord,
    CitationRecord,
    CorpusSnapshot,
    SourceRecord,
    TextPosition,
    TextQuote,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from corpus.models import Annotation, Citation, Source

# SQLAlchemy and the models are imported inside the functions that query: `ArticleRow` and the
# record helpers are needed by the desktop's first paint, which reads with stdlib sqlite3.


def body_hash(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def now() -> datetime:
    return datetime.now().replace(microsecond=0)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def _parse_stamp(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


# ---------------------------------------------------------------------------- reading


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """One line of the library list."""

    id: str
    title: str
    outlet: str | None
    published: str | None
    annotations: int
    drafts: int
    orphaned: int


def list_articles(session: Session) -> list[ArticleRow]:
    """Every article with its annotation counts, ordered by title. Two queries in all."""
    from sqlalchemy import func, select

    from corpus.models import Annotation, Article

    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    stmt = select(
        Annotation.article_id, Annotation.status, Annotation.anchor_state, func.count()
    ).group_by(Annotation.article_id, Annotation.status, Annotation.anchor_state)
    for article_id, status, state, n in session.execute(stmt):
        c = counts[article_id]
        c[0] += n
        if status == "draft":
            c[1] += n
        if state == "orphaned":
            c[2] += n
    rows = session.execute(
        select(Article.id, Article.title, Article.outlet, Article.published).order_by(Article.title)
    )
    return [
        ArticleRow(id=i, title=t, outlet=o, published=p, annotations=counts[i][0], drafts=counts[i][1], orphaned=counts[i][2])
        for i, t, o, p in rows
    ]


def _source_record(s: Source) -> SourceRecord:
    return SourceRecord(
        id=s.id, title=s.title, publisher=s.publisher, kind=s.kind, published=s.published,
        author=s.author, url=s.url, locator=s.locator, excerpt=s.excerpt, notes=s.notes,
    )


def load_sources(session: Session) -> list[SourceRecord]:
    """Every source, ordered by id."""
    from sqlalchemy import select

    from corpus.models import Source

    return [_source_record(s) for s in session.scalars(select(Source).order_by(Source.id))]


def load_articles(
    session: Session, ids: Sequence[str] | None = None, *, published_only: bool = False
) -> list[ArticleRecord]:
    """Articles with their annotations and citations, in three queries whatever the count."""
    from sqlalchemy import select

    from corpus.models import Annotation, Article, Citation

    art_stmt = select(Article).order_by(Article.title)
    ann_stmt = select(Annotation).order_by(Annotation.article_id, Annotation.start, Annotation.end, Annotation.id)
    cit_stmt = select(Citation).order_by(Citation.annotation_id, Citation.position)
    if ids is not None:
        art_stmt = art_stmt.where(Article.id.in_(ids))
        ann_stmt = ann_stmt.where(Annotation.article_id.in_(ids))
        cit_stmt = cit_stmt.join(Annotation).where(Annotation.article_id.in_(ids))
    if published_only:
        ann_stmt = ann_stmt.where(Annotation.status == "published")
    citations: dict[str, list[CitationRecord]] = defaultdict(list)
    for c in session.scalars(cit_stmt):
        citations[c.annotation_id].append(
            CitationRecord(source_id=c.source_id, relation=c.relation, evidence=c.evidence, locator=c.locator)
        )
    annotations: dict[str, list[AnnotationRecord]] = defaultdict(list)
    for a in session.scalars(ann_stmt):
        annotations[a.article_id].append(_annotation_record(a, citations.get(a.id, ())))
    return [
        ArticleRecord(
            id=a.id, title=a.title, body=a.body, outlet=a.outlet, byline=a.byline,
            published=a.published, url=a.url, language=a.language, revision=a.revision,
            annotations=tuple(annotations.get(a.id, ())),
        )
        for a in session.scalars(art_stmt)
    ]


def _annotation_record(a: Annotation, citations: Iterable[CitationRecord]) -> AnnotationRecord:
    return AnnotationRecord(
        id=a.id, article_id=a.article_id, category=a.category,
        quote=TextQuote(a.exact, a.prefix, a.suffix), position=TextPosition(a.start, a.end),
        note=a.note, verdict=a.verdict, claim_reviewed=a.claim_reviewed, claim_key=a.claim_key,
        status=a.status, author=a.author, anchor_state=a.anchor_state, created=_iso(a.created),
        modified=_iso(a.modified), citations=tuple(citations),
    )


def get_article(session: Session, article_id: str, *, published_only: bool = False) -> ArticleRecord:
    """One article with its annotations; NotFound names the id."""
    found = load_articles(session, [article_id], published_only=published_only)
    if not found:
        raise NotFound(f"no article with id '{article_id}' (see `closeread articles`)")
    return found[0]


def load_snapshot(session: Session, *, article_id: str | None = None) -> CorpusSnapshot:
    """All the checker needs, in bulk."""
    ids = [article_id] if article_id else None
    articles = load_articles(session, ids)
    if article_id and not articles:
        raise NotFound(f"no article with id '{article_id}' (see `closeread articles`)")
    return CorpusSnapshot(articles=tuple(articles), sources=tuple(load_sources(session)))


def stored_selectors(session: Session, article_ids: Iterable[str]) -> dict[tuple[str, str], tuple[TextQuote, TextPosition, str]]:
    """(article id, annotation id) → (quote, position, body hash) as stored; used to re-anchor on import."""
    from sqlalchemy import select

    from corpus.models import Annotation, Article

    stmt = select(Annotation.article_id, Annotation.id, Annotation.exact, Annotation.prefix, Annotation.suffix,
                  Annotation.start, Annotation.end, Article.body_hash).join(Article).where(Annotation.article_id.in_(list(article_ids)))
    return {
        (art, ann): (TextQuote(exact, prefix, suffix), TextPosition(start, end), bh)
        for art, ann, exact, prefix, suffix, start, end, bh in session.execute(stmt)
    }


# ---------------------------------------------------------------------------- writing


@dataclass
class WriteReport:
    """What an import or save changed (counts), for the command line and the change broadcast."""

    articles_added: list[str] = field(default_factory=list)
    articles_changed: list[str] = field(default_factory=list)
    annotations_added: int = 0
    annotations_changed: int = 0
    annotations_removed: int = 0
    sources_added: int = 0
    sources_changed: int = 0

    @property
    def changed(self) -> bool:
        return bool(
            self.articles_added or self.articles_changed or self.annotations_added
            or self.annotations_changed or self.annotations_removed or self.sources_added
            or self.sources_changed
        )

    def summary(self) -> str:
        if not self.changed:
            return "nothing changed"
        parts = []
        if self.articles_added:
            parts.append(f"{len(self.articles_added)} article(s) added")
        if self.articles_changed:
            parts.append(f"{len(self.articles_changed)} article(s) changed")
        for n, word in (
            (self.annotations_added, "annotation(s) added"),
            (self.annotations_changed, "annotation(s) changed"),
            (self.annotations_removed, "annotation(s) removed"),
            (self.sources_added, "source(s) added"),
            (self.sources_changed, "source(s) changed"),
        ):
            if n:
                parts.append(f"{n} {word}")
        return ", ".join(parts)


def _set_if_changed(obj: object, values: Mapping[str, object]) -> bool:
    changed = False
    for key, value in values.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)
            changed = True
    return changed


def upsert_sources(session: Session, sources: Sequence[SourceRecord], report: WriteReport) -> None:
    """Add new sources and update changed ones; sources not listed are kept."""
    from sqlalchemy import select

    from corpus.models import Source

    existing = {s.id: s for s in session.scalars(select(Source).where(Source.id.in_([s.id for s in sources])))}
    for rec in sources:
        values = {
            "title": rec.title, "publisher": rec.publisher, "author": rec.author, "published": rec.published,
            "url": rec.url, "locator": rec.locator, "kind": rec.kind, "excerpt": rec.excerpt, "notes": rec.notes,
        }
        row = existing.get(rec.id)
        if row is None:
            session.add(Source(id=rec.id, **values))
            report.sources_added += 1
        elif _set_if_changed(row, values):
            report.sources_changed += 1


def upsert_articles(session: Session, articles: Sequence[ArticleRecord], report: WriteReport) -> None:
    """Make the store hold exactly these articles' metadata, bodies and annotations.

    Annotations missing from an article record are removed. Rows are only touched when their
    content differs, so writing the same records twice changes nothing.
    """
    from sqlalchemy import insert, select

    from corpus.models import Annotation, Article, Citation

    ids = [a.id for a in articles]
    existing_articles = {a.id: a for a in session.scalars(select(Article).where(Article.id.in_(ids)))}
    existing_annotations: dict[str, Annotation] = {
        a.id: a for a in session.scalars(select(Annotation).where(Annotation.article_id.in_(ids)))
    }
    existing_citations: dict[str, list[Citation]] = defaultdict(list)
    for c in session.scalars(select(Citation).join(Annotation).where(Annotation.article_id.in_(ids)).order_by(Citation.position)):
        existing_citations[c.annotation_id].append(c)
    stamp = now()
    # New rows go in with bulk inserts (the common case: a first import); changed rows through
    # the ORM, touching only what differs.
    new_articles: list[dict[str, object]] = []
    new_annotations: list[dict[str, object]] = []
    new_citations: list[dict[str, object]] = []
    for rec in articles:
        values = {
            "title": rec.title, "outlet": rec.outlet, "byline": rec.byline, "published": rec.published,
            "url": rec.url, "language": rec.language, "body": rec.body, "body_hash": body_hash(rec.body),
        }
        row = existing_articles.get(rec.id)
        if row is None:
            new_articles.append(dict(id=rec.id, revision=rec.revision, created=stamp, modified=stamp, **values))
            report.articles_added.append(rec.id)
        else:
            body_changed = row.body != rec.body
            if _set_if_changed(row, values):
                if body_changed:
                    row.revision += 1
                row.modified = stamp
                report.articles_changed.append(rec.id)
        keep = {a.id for a in rec.annotations}
        for ann_id, ann_row in list(existing_annotations.items()):
            if ann_row.article_id == rec.id and ann_id not in keep:
                session.delete(ann_row)
                report.annotations_removed += 1
        for ann in rec.annotations:
            existing = existing_annotations.get(ann.id)
            if existing is None:
                created = _parse_stamp(ann.created) or stamp
                new_annotations.append(dict(
                    id=ann.id, created=created, modified=_parse_stamp(ann.modified) or created,
                    **_annotation_values(ann),
                ))
                new_citations.extend(
                    {"annotation_id": ann.id, "position": i, "source_id": c.source_id, "relation": c.relation,
                         "evidence": c.evidence, "locator": c.locator}
                    for i, c in enumerate(ann.citations)
                )
                report.annotations_added += 1
            else:
                _update_annotation(session, ann, existing, existing_citations.get(ann.id, []), stamp, report)
    session.flush()
    for model, rows in ((Article, new_articles), (Annotation, new_annotations), (Citation, new_citations)):
        if rows:
            session.execute(insert(model), rows)


def _annotation_values(rec: AnnotationRecord) -> dict[str, object]:
    return {
        "article_id": rec.article_id, "category": rec.category, "exact": rec.quote.exact,
        "prefix": rec.quote.prefix, "suffix": rec.quote.suffix, "start": rec.position.start,
        "end": rec.position.end, "note": rec.note, "verdict": rec.verdict, "claim_reviewed": rec.claim_reviewed,
        "claim_key": rec.claim_key, "status": rec.status, "author": rec.author, "anchor_state": rec.anchor_state,
    }


def _update_annotation(
    session: Session,
    rec: AnnotationRecord,
    row: Annotation,
    citations: list[Citation],
    stamp: datetime,
    report: WriteReport,
) -> None:
    from corpus.models import Citation

    changed = _set_if_changed(row, _annotation_values(rec))
    wanted = [(c.source_id, c.relation, c.evidence, c.locator) for c in rec.citations]
    have = [(c.source_id, c.relation, c.evidence, c.locator) for c in citations]
    if have != wanted:
        for c in citations:
            session.delete(c)
        session.flush()
        for i, (source_id, relation, evidence, locator) in enumerate(wanted):
            session.add(Citation(annotation_id=rec.id, position=i, source_id=source_id, relation=relation, evidence=evidence, locator=locator))
        changed = True
    if rec.created and _parse_stamp(rec.created) != row.created:
        row.created = _parse_stamp(rec.created)  # type: ignore[assignment]
        changed = True
    if rec.modified:
        if _parse_stamp(rec.modified) != row.modified:
            row.modified = _parse_stamp(rec.modified)  # type: ignore[assignment]
            changed = True
    elif changed:
        row.modified = stamp
    if changed:
        report.annotations_changed += 1


def delete_article(session: Session, article_id: str) -> None:
    from corpus.models import Article

    row = session.get(Article, article_id)
    if row is None:
        raise NotFound(f"no article with id '{article_id}'")
    session.delete(row)


def with_annotations(article: ArticleRecord, annotations: Iterable[AnnotationRecord]) -> ArticleRecord:
    return replace(article, annotations=tuple(sorted(annotations, key=lambda a: (a.position.start, a.position.end, a.id))))
