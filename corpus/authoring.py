"""Teacher authoring in the store: annotations, sources and articles, every change invertible.

Functions take a Session, never commit and return frozen records (STYLE.md rule 2). Each write
returns what is needed to take it back exactly, so the desktop's undo stack can run the inverse
as another core operation:

=========================  ====================================  ===================================
action                     returns                               inverse
=========================  ====================================  ===================================
add_annotation             the stored record                     delete_annotation(id)
update_annotation          the stored record (read the old one   restore_annotation(old)
                           first with get_annotation)
delete_annotation          the full snapshot (citations,         restore_annotation(snapshot)
                           timestamps, id)
add_source                 the stored record                     delete_source(id)
update_source              the stored record                     restore_source(old)
delete_source              the full snapshot                     restore_source(snapshot)
merge_sources              a SourceMerge                         unmerge_sources(merge)
add_article                the stored article                    remove_article(id)
editing.replace_body       the re-anchoring outcomes             restore_article(article before)
editing.reattach           —                                     restore_annotation(old)
=========================  ====================================  ===================================

What a teacher writes here must survive `closeread export` → `closeread import` unchanged, so
every write is validated against the same rules as the YAML importer (ids are slugs, a source
has a title, a publisher, a url or a locator, dates are YYYY[-MM[-DD]], urls are absolute
http(s)); a problem raises `CloseReadError` naming it, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import distinct, func, select, update
from sqlalchemy.orm import Session

from corpus.anchoring import make_selectors, reanchor_all
from corpus.articles import (
    WriteReport,
    get_article,
    load_articles,
    load_sources,
    now,
    upsert_articles,
)
from corpus.checking import Finding, check_source
from corpus.corpusfiles import PARTIAL_DATE, SLUG, read_corpus, url_problem
from corpus.errors import CloseReadError, NotFound
from corpus.models import Annotation, Article, Citation, Source
from corpus.records import (
    AnnotationRecord,
    ArticleRecord,
    CitationRecord,
    SourceRecord,
    TextPosition,
    TextQuote,
)
from corpus.vocabulary import (
    CATEGORIES,
    RELATIONS,
    SOURCE_KINDS,
    STATUSES,
    UNDATED,
    VERDICTS,
)

__all__ = [
    "ARTICLE_FILE_SUFFIXES",
    "ArticleDraft",
    "OrphanItem",
    "SourceMerge",
    "SourceUsage",
    "add_annotation",
    "add_article",
    "add_source",
    "add_sources",
    "annotation_problems",
    "article_from_text",
    "count_orphans",
    "delete_annotation",
    "delete_source",
    "existing_claim_keys",
    "get_annotation",
    "get_source",
    "list_orphans",
    "list_sources_with_usage",
    "merge_sources",
    "new_annotation_id",
    "new_source_id",
    "read_article_file",
    "remove_article",
    "restore_annotation",
    "restore_article",
    "restore_source",
    "slugify",
    "source_problems",
    "unmerge_sources",
    "update_annotation",
    "update_source",
]

_ID_LIMIT = 120  # the id columns are String(120)


# ---------------------------------------------------------------------------- ids


def slugify(text: str, *, limit: int = 60) -> str:
    """Lowercase ASCII letters, digits and single hyphens: "Kremlin aide Ushakov" → "kremlin-aide-ushakov"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0] if "-" in slug[:limit] else slug[:limit]
    return slug.strip("-")


def _unique(
    base: str, taken: Collection[str] | None, exists: Callable[[str], bool] | None = None
) -> str:
    base = base[: _ID_LIMIT - 4].strip("-") or "item"
    candidate, n = base, 1
    while (taken is not None and candidate in taken) or (exists is not None and exists(candidate)):
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def new_annotation_id(article_id: str, category: str, *, taken: Collection[str] = ()) -> str:
    """A fresh annotation id: the article id's first 12 characters, the category's first 5 and
    six random hex digits, e.g. "russia-nk-in-claim-3fa9c1"."""
    while True:
        candidate = (
            f"{article_id[:12].strip('-')}-{slugify(category)[:5].strip('-')}-{secrets.token_hex(3)}"
        )
        if candidate not in taken:
            return candidate


def new_source_id(
    *, title: str, publisher: str, published: str | None, taken: Collection[str] = ()
) -> str:
    """A readable source id from publisher, the title's first words and the date, unique
    among `taken`: "tass-kremlin-aide-ushakov-on-2024-06-17"."""
    words = " ".join(title.split()[:4])
    base = slugify(f"{publisher} {words}", limit=48) or "source"
    if published and published != UNDATED and PARTIAL_DATE.match(published):
        base = f"{base}-{published}"
    return _unique(base, taken)


# ---------------------------------------------------------------------------- validation


def _clean(text: str | None) -> str | None:
    """Optional text: surrounding whitespace removed, empty → None."""
    if text is None:
        return None
    text = text.strip()
    return text or None


def _date_problem(value: str | None, *, allow_undated: bool, what: str) -> str | None:
    if value is None:
        return None
    if allow_undated and value == UNDATED:
        return None
    if not PARTIAL_DATE.match(value):
        extra = f", or '{UNDATED}' when the page shows no date" if allow_undated else ""
        return f"{what} '{value}' is not a date: write YYYY-MM-DD (or YYYY-MM, YYYY){extra}"
    parts = [int(p) for p in value.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return f"{what} '{value}' is not a real day"
    return None


def source_problems(source: SourceRecord) -> list[str]:
    """What keeps a source from being saved (the YAML importer's rules), in plain words.

    Pure, so the inline source form shows the same problems the store would refuse. A source
    without a date can be saved (the checker flags it); one without a url or locator cannot,
    because nobody could find it again and the corpus files would not load.
    """
    problems = []
    if not SLUG.match(source.id or ""):
        problems.append(f"the id '{source.id}' must be lowercase letters, digits and hyphens")
    if not (source.title or "").strip():
        problems.append("a source needs a title")
    if not (source.publisher or "").strip():
        problems.append("a source needs a publisher (the outlet, agency or body behind it)")
    if source.kind not in SOURCE_KINDS:
        problems.append(f"unknown kind '{source.kind}'; use one of: {', '.join(SOURCE_KINDS)}")
    if problem := _date_problem(source.published, allow_undated=True, what="the date"):
        problems.append(problem)
    if not (source.url or "").strip() and not (source.locator or "").strip():
        problems.append("a source needs a url, or a locator for an offline source (e.g. 'UNTS No. 6045')")
    if source.url and (problem := url_problem(source.url)):
        problems.append(problem)
    return problems


def _normal_source(source: SourceRecord) -> SourceRecord:
    return replace(
        source,
        title=source.title.strip(),
        publisher=source.publisher.strip(),
        published=_clean(source.published),
        author=_clean(source.author),
        url=_clean(source.url),
        locator=_clean(source.locator),
        excerpt=_clean(source.excerpt),
        notes=_clean(source.notes),
    )


def _normal_annotation(record: AnnotationRecord) -> AnnotationRecord:
    return replace(
        record,
        note=record.note.strip(),
        verdict=record.verdict or None,
        claim_reviewed=_clean(record.claim_reviewed),
        claim_key=_clean(record.claim_key),
        author=_clean(record.author),
        citations=tuple(
            replace(c, evidence=_clean(c.evidence), locator=_clean(c.locator)) for c in record.citations
        ),
    )


def annotation_problems(
    record: AnnotationRecord, body: str, known_sources: Collection[str]
) -> list[str]:
    """What keeps an annotation from being saved, in plain words (pure; the editor uses it too).

    These are the importer's rules, not the checker's: a claim without a verdict can be saved
    as a draft (its badge says what is missing), a quote that is not the body's text cannot.
    """
    problems = []
    if not SLUG.match(record.id):
        problems.append(f"the id '{record.id}' must be lowercase letters, digits and hyphens")
    if record.category not in CATEGORIES:
        problems.append(f"unknown category '{record.category}'")
    if record.verdict is not None and record.verdict not in VERDICTS:
        problems.append(f"unknown verdict '{record.verdict}'")
    if record.status not in STATUSES:
        problems.append(f"unknown status '{record.status}'")
    if record.claim_key is not None and len(record.claim_key) > _ID_LIMIT:
        problems.append(f"the claim key is longer than {_ID_LIMIT} characters")
    if record.anchor_state != "orphaned":
        start, end = record.position.start, record.position.end
        if not 0 <= start < end <= len(body) or not body[start:end].strip():
            problems.append("select some text of the article to annotate")
        elif body[start:end] != record.quote.exact:
            problems.append("the quote is not the article's text at that place")
    for i, citation in enumerate(record.citations, 1):
        if citation.relation not in RELATIONS:
            problems.append(f"citation {i}: unknown relation '{citation.relation}'")
        if citation.source_id not in known_sources:
            problems.append(f"citation {i}: there is no source '{citation.source_id}' in the library")
    return problems


def _raise(problems: Sequence[str], what: str) -> None:
    if problems:
        raise CloseReadError(f"cannot save {what}: " + "; ".join(problems))


# ---------------------------------------------------------------------------- annotations


def _annotation_row(session: Session, annotation_id: str) -> Annotation:
    row = session.get(Annotation, annotation_id)
    if row is None:
        raise NotFound(f"no annotation with id '{annotation_id}'")
    return row


def get_annotation(session: Session, annotation_id: str) -> AnnotationRecord:
    """One annotation with its citations, as stored."""
    row = _annotation_row(session, annotation_id)
    citations = session.scalars(
        select(Citation).where(Citation.annotation_id == annotation_id).order_by(Citation.position)
    )
    return AnnotationRecord(
        id=row.id, article_id=row.article_id, category=row.category,
        quote=TextQuote(row.exact, row.prefix, row.suffix), position=TextPosition(row.start, row.end),
        note=row.note, verdict=row.verdict, claim_reviewed=row.claim_reviewed,
        claim_key=row.claim_key, status=row.status, author=row.author,
        anchor_state=row.anchor_state, created=row.created.isoformat(timespec="seconds"),
        modified=row.modified.isoformat(timespec="seconds"),
        citations=tuple(
            CitationRecord(source_id=c.source_id, relation=c.relation, evidence=c.evidence, locator=c.locator)
            for c in citations
        ),
    )


def _article_body(session: Session, article_id: str) -> str:
    body = session.scalar(select(Article.body).where(Article.id == article_id))
    if body is None:
        raise NotFound(f"no article with id '{article_id}'")
    return body


def _source_ids(session: Session, wanted: Iterable[str]) -> set[str]:
    ids = sorted(set(wanted))
    if not ids:
        return set()
    return set(session.scalars(select(Source.id).where(Source.id.in_(ids))))


def _write_annotation(session: Session, record: AnnotationRecord, row: Annotation | None) -> None:
    """Make the store hold exactly `record` (timestamps included)."""
    stamp = now()
    created = dt.datetime.fromisoformat(record.created) if record.created else stamp
    modified = dt.datetime.fromisoformat(record.modified) if record.modified else stamp
    values = {
        "article_id": record.article_id, "category": record.category, "exact": record.quote.exact,
        "prefix": record.quote.prefix, "suffix": record.quote.suffix, "start": record.position.start,
        "end": record.position.end, "note": record.note, "verdict": record.verdict,
        "claim_reviewed": record.claim_reviewed, "claim_key": record.claim_key, "status": record.status,
        "author": record.author, "anchor_state": record.anchor_state, "created": created, "modified": modified,
    }
    if row is None:
        row = Annotation(id=record.id, **values)
        session.add(row)
    else:
        for key, value in values.items():
            setattr(row, key, value)
        for old in session.scalars(select(Citation).where(Citation.annotation_id == record.id)):
            session.delete(old)
        session.flush()
        session.expire(row, ["citations"])
    session.flush()
    for i, c in enumerate(record.citations):
        session.add(
            Citation(annotation_id=record.id, position=i, source_id=c.source_id, relation=c.relation,
                     evidence=c.evidence, locator=c.locator)
        )
    session.flush()


def add_annotation(
    session: Session,
    *,
    article_id: str,
    start: int,
    end: int,
    category: str,
    note: str = "",
    verdict: str | None = None,
    claim_reviewed: str | None = None,
    claim_key: str | None = None,
    status: str = "draft",
    author: str | None = None,
    citations: Sequence[CitationRecord] = (),
    annotation_id: str | None = None,
) -> AnnotationRecord:
    """Annotate body[start:end) of an article (code points); selectors come from the body.

    The id is generated (`new_annotation_id`) unless given; a given id must be free. Raises
    CloseReadError naming every problem; writes nothing then.
    """
    body = _article_body(session, article_id)
    if annotation_id is None:
        annotation_id = new_annotation_id(article_id, category)
        while session.get(Annotation, annotation_id) is not None:
            annotation_id = new_annotation_id(article_id, category)
    elif session.get(Annotation, annotation_id) is not None:
        raise CloseReadError(f"the annotation id '{annotation_id}' is taken")
    if not 0 <= start <= end <= len(body):
        raise CloseReadError("select some text of the article to annotate")
    quote, position = make_selectors(body, start, end)
    stamp = now().isoformat(timespec="seconds")
    record = _normal_annotation(
        AnnotationRecord(
            id=annotation_id, article_id=article_id, category=category, quote=quote,
            position=position, note=note, verdict=verdict, claim_reviewed=claim_reviewed,
            claim_key=claim_key, status=status, author=author, anchor_state="anchored",
            created=stamp, modified=stamp, citations=tuple(citations),
        )
    )
    known = _source_ids(session, (c.source_id for c in record.citations))
    _raise(annotation_problems(record, body, known), "the annotation")
    _write_annotation(session, record, None)
    return get_annotation(session, annotation_id)


def update_annotation(session: Session, *, record: AnnotationRecord) -> AnnotationRecord:
    """Save an edited annotation (all its fields and citations; `modified` becomes now).

    Its article cannot change. Its selectors may (re-attaching), but must match the body unless
    the annotation is orphaned. Read the old record first (`get_annotation`) to undo.
    """
    row = _annotation_row(session, record.id)
    if record.article_id != row.article_id:
        raise CloseReadError("an annotation cannot move to another article")
    body = _article_body(session, record.article_id)
    created = row.created.isoformat(timespec="seconds")
    record = _normal_annotation(
        replace(record, created=created, modified=now().isoformat(timespec="seconds"))
    )
    known = _source_ids(session, (c.source_id for c in record.citations))
    _raise(annotation_problems(record, body, known), "the annotation")
    _write_annotation(session, record, row)
    return get_annotation(session, record.id)


def delete_annotation(session: Session, *, annotation_id: str) -> AnnotationRecord:
    """Delete an annotation with its citations; returns the full snapshot to restore it."""
    snapshot = get_annotation(session, annotation_id)
    session.delete(_annotation_row(session, annotation_id))
    session.flush()
    return snapshot


def restore_annotation(session: Session, *, record: AnnotationRecord) -> AnnotationRecord:
    """Put an annotation back exactly as `record` (id, selectors, anchor state, citations and
    timestamps), adding it if it was deleted: the inverse of delete and of update."""
    _article_body(session, record.article_id)
    missing = {c.source_id for c in record.citations} - _source_ids(
        session, (c.source_id for c in record.citations)
    )
    if missing:
        raise CloseReadError(
            "cannot restore the annotation: its sources are gone: " + ", ".join(sorted(missing))
        )
    _write_annotation(session, record, session.get(Annotation, record.id))
    return get_annotation(session, record.id)


def existing_claim_keys(session: Session) -> list[str]:
    """Every claim key in use, sorted, for the editor's suggestions."""
    stmt = select(distinct(Annotation.claim_key)).where(Annotation.claim_key.is_not(None))
    return sorted(k for k in session.scalars(stmt) if k)


@dataclass(frozen=True, slots=True)
class OrphanItem:
    """An orphaned annotation waiting for a teacher, with the article it belongs to."""

    annotation: AnnotationRecord
    article_id: str
    article_title: str


def list_orphans(session: Session, *, article_id: str | None = None) -> list[OrphanItem]:
    """Orphaned annotations (of one article, or all), by article title then old position."""
    ids = list(
        session.scalars(
            select(distinct(Annotation.article_id)).where(Annotation.anchor_state == "orphaned")
        )
    )
    if article_id is not None:
        ids = [i for i in ids if i == article_id]
    out: list[OrphanItem] = []
    for article in load_articles(session, ids):
        out.extend(
            OrphanItem(annotation=a, article_id=article.id, article_title=article.title)
            for a in article.annotations
            if a.anchor_state == "orphaned"
        )
    return out


def count_orphans(session: Session) -> int:
    """How many annotations wait in the orphan queue."""
    return session.scalar(
        select(func.count()).select_from(Annotation).where(Annotation.anchor_state == "orphaned")
    ) or 0


# ---------------------------------------------------------------------------- sources


def _source_row(session: Session, source_id: str) -> Source:
    row = session.get(Source, source_id)
    if row is None:
        raise NotFound(f"no source with id '{source_id}'")
    return row


def get_source(session: Session, source_id: str) -> SourceRecord:
    """One source as stored."""
    s = _source_row(session, source_id)
    return SourceRecord(
        id=s.id, title=s.title, publisher=s.publisher, kind=s.kind, published=s.published,
        author=s.author, url=s.url, locator=s.locator, excerpt=s.excerpt, notes=s.notes,
    )


def _write_source(session: Session, record: SourceRecord, row: Source | None) -> None:
    values = {
        "title": record.title, "publisher": record.publisher, "author": record.author,
        "published": record.published, "url": record.url, "locator": record.locator, "kind": record.kind,
        "excerpt": record.excerpt, "notes": record.notes,
    }
    if row is None:
        session.add(Source(id=record.id, **values))
    else:
        for key, value in values.items():
            setattr(row, key, value)
    session.flush()


def add_source(
    session: Session,
    *,
    title: str,
    publisher: str,
    kind: str,
    published: str | None = None,
    author: str | None = None,
    url: str | None = None,
    locator: str | None = None,
    excerpt: str | None = None,
    notes: str | None = None,
    source_id: str | None = None,
) -> SourceRecord:
    """Add a source to the library. The id is generated (`new_source_id`) unless given; a given
    id must be free. Raises CloseReadError naming every problem (`source_problems`)."""
    published = _clean(published)
    if source_id is None:
        source_id = _unique(
            new_source_id(title=title, publisher=publisher, published=published),
            None,
            lambda c: session.get(Source, c) is not None,
        )
    elif session.get(Source, source_id) is not None:
        raise CloseReadError(f"the source id '{source_id}' is taken")
    record = _normal_source(
        SourceRecord(
            id=source_id, title=title, publisher=publisher, kind=kind, published=published,
            author=author, url=url, locator=locator, excerpt=excerpt, notes=notes,
        )
    )
    _raise(source_problems(record), "the source")
    _write_source(session, record, None)
    return get_source(session, source_id)


def add_sources(session: Session, sources: Sequence[SourceRecord]) -> dict[str, SourceRecord]:
    """Add sources made in a form (e.g. inline in the annotation editor), keeping each one's
    proposed id when it is still free; returns proposed id → stored record, so citations
    written against the proposed ids can be re-pointed."""
    out = {}
    for s in sources:
        free = SLUG.match(s.id or "") and session.get(Source, s.id) is None
        out[s.id] = add_source(
            session, title=s.title, publisher=s.publisher, kind=s.kind, published=s.published,
            author=s.author, url=s.url, locator=s.locator, excerpt=s.excerpt, notes=s.notes,
            source_id=s.id if free else None,
        )
    return out


def update_source(session: Session, *, record: SourceRecord) -> SourceRecord:
    """Save an edited source (same id). Read the old record first (`get_source`) to undo."""
    row = _source_row(session, record.id)
    record = _normal_source(record)
    _raise(source_problems(record), "the source")
    _write_source(session, record, row)
    return get_source(session, record.id)


def restore_source(session: Session, *, record: SourceRecord) -> SourceRecord:
    """Put a source back exactly as `record`, adding it if it was deleted (undo)."""
    _write_source(session, record, session.get(Source, record.id))
    return get_source(session, record.id)


def _citing(session: Session, source_id: str) -> tuple[int, int]:
    """(citations, distinct annotations) naming a source."""
    n, annotations = session.execute(
        select(func.count(), func.count(distinct(Citation.annotation_id))).where(
            Citation.source_id == source_id
        )
    ).one()
    return int(n), int(annotations)


def delete_source(session: Session, *, source_id: str) -> SourceRecord:
    """Delete an uncited source; returns its snapshot. While any annotation cites it the delete
    is refused with CloseReadError saying how many (merge it into another source instead)."""
    row = _source_row(session, source_id)
    citations, annotations = _citing(session, source_id)
    if citations:
        who = "1 annotation cites" if annotations == 1 else f"{annotations} annotations cite"
        raise CloseReadError(
            f"cannot delete the source '{row.title}': {who} it. Remove those citations first, "
            "or merge this source into the one that replaces it."
        )
    snapshot = get_source(session, source_id)
    session.delete(row)
    session.flush()
    return snapshot


@dataclass(frozen=True, slots=True)
class SourceMerge:
    """What `merge_sources` did: enough to take it back with `unmerge_sources`."""

    kept: SourceRecord
    removed: SourceRecord
    repointed: tuple[tuple[str, int], ...]  # (annotation id, citation position) now citing `kept`


def merge_sources(session: Session, *, keep: str, remove: str) -> SourceMerge:
    """Merge a duplicate: every citation of `remove` now cites `keep`, and `remove` is deleted.

    The citations keep their relation, evidence and locator (and their place in each
    annotation's list)."""
    if keep == remove:
        raise CloseReadError("choose two different sources to merge")
    kept = get_source(session, keep)
    removed = get_source(session, remove)
    rows = session.execute(
        select(Citation.annotation_id, Citation.position).where(Citation.source_id == remove)
    ).all()
    session.execute(update(Citation).where(Citation.source_id == remove).values(source_id=keep))
    session.flush()
    session.expire_all()
    session.delete(_source_row(session, remove))
    session.flush()
    return SourceMerge(kept=kept, removed=removed, repointed=tuple((a, p) for a, p in rows))


def unmerge_sources(session: Session, *, merge: SourceMerge) -> None:
    """Take a merge back: the removed source returns and its citations cite it again."""
    restore_source(session, record=merge.removed)
    for annotation_id, position in merge.repointed:
        session.execute(
            update(Citation)
            .where(Citation.annotation_id == annotation_id, Citation.position == position)
            .values(source_id=merge.removed.id)
        )
    session.flush()
    session.expire_all()


_COMPLETENESS_WORDS = {"complete": "Complete", "warnings": "Check", "incomplete": "Incomplete"}


@dataclass(frozen=True, slots=True)
class SourceUsage:
    """One row of the source library: the source, how much it is cited, how complete it is."""

    source: SourceRecord
    citations: int
    annotations: int
    findings: tuple[Finding, ...]  # check_source's findings for it
    duplicates: tuple[str, ...] = ()  # ids of sources that look like the same document

    @property
    def completeness(self) -> str:
        """"complete" (no finding), "warnings" (only warnings) or "incomplete" (an error)."""
        if any(f.severity == "error" for f in self.findings):
            return "incomplete"
        return "warnings" if self.findings else "complete"

    @property
    def problems(self) -> tuple[str, ...]:
        """The findings' messages, worst first."""
        ordered = sorted(self.findings, key=lambda f: f.severity != "error")
        return tuple(f.message for f in ordered)


def _url_key(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url.strip().lower())
    host = parts.netloc.removeprefix("www.").removeprefix("m.")
    return f"{host}{parts.path.rstrip('/').removesuffix('/amp')}?{parts.query}"


def list_sources_with_usage(session: Session) -> list[SourceUsage]:
    """Every source with its citation counts, its checker findings and likely duplicates
    (same address, or same title and publisher), ordered by title. Three queries in all."""
    sources = load_sources(session)
    counts: dict[str, tuple[int, int]] = {}
    stmt = select(Citation.source_id, func.count(), func.count(distinct(Citation.annotation_id))).group_by(
        Citation.source_id
    )
    for source_id, n, citing in session.execute(stmt):
        counts[source_id] = (int(n), int(citing))
    groups: dict[str, list[str]] = defaultdict(list)
    for s in sources:
        if key := _url_key(s.url):
            groups["u:" + key].append(s.id)
        groups["t:" + s.title.casefold().strip() + "|" + s.publisher.casefold().strip()].append(s.id)
    twins: dict[str, set[str]] = defaultdict(set)
    for ids in groups.values():
        if len(ids) > 1:
            for i in ids:
                twins[i].update(j for j in ids if j != i)
    rows = [
        SourceUsage(
            source=s,
            citations=counts.get(s.id, (0, 0))[0],
            annotations=counts.get(s.id, (0, 0))[1],
            findings=tuple(check_source(s)),
            duplicates=tuple(sorted(twins.get(s.id, ()))),
        )
        for s in sources
    ]
    return sorted(rows, key=lambda r: (r.source.title.casefold(), r.source.id))


# ---------------------------------------------------------------------------- articles

ARTICLE_FILE_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".markdown", ".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class ArticleDraft:
    """An article read from a file or pasted, before it is saved (the form fills the rest)."""

    title: str
    body: str
    outlet: str | None = None
    byline: str | None = None
    published: str | None = None
    url: str | None = None
    language: str = "en"
    article_id: str | None = None  # from a .yaml file
    annotations: tuple[AnnotationRecord, ...] = ()  # from a .yaml file


def _normal_body(body: str) -> str:
    """Line endings to \\n; leading and trailing blank lines dropped; nothing else touched (the
    body is kept verbatim: no-break spaces, curly quotes, HTML as literal text)."""
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    body = re.sub(r"\A(?:[ \t\u00a0]*\n)+", "", body)
    return re.sub(r"(?:\n[ \t\u00a0]*)+\Z", "", body)


_HEADING = re.compile(r"^\s{0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")


def article_from_text(text: str, *, markdown: bool = False) -> ArticleDraft:
    """Split pasted or file text into title and body. Plain text: the first non-blank line is
    the title. Markdown: the first heading is the title (else the first line); the rest stays
    Markdown source, shown as text."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    index = None
    title = ""
    if markdown:
        for i, line in enumerate(lines):
            match = _HEADING.match(line)
            if match:
                index, title = i, match.group(1).strip()
                break
    if index is None:
        for i, line in enumerate(lines):
            if line.strip():
                index, title = i, line.strip()
                break
    if index is None:
        return ArticleDraft(title="", body="")
    body = "\n".join(lines[:index] + lines[index + 1 :])
    return ArticleDraft(title=title, body=_normal_body(body))


def read_article_file(path: Path | str, *, known_sources: Iterable[str] = ()) -> ArticleDraft:
    """Read an article from a .txt, .md or .yaml file. A .yaml file is read by the corpus
    importer (its annotations come too, and must cite `known_sources`); its problems raise
    CorpusError as `file:line:column: message`."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in ARTICLE_FILE_SUFFIXES:
        raise CloseReadError(f"{path.name}: open a .txt, .md or .yaml file")
    if suffix in (".yaml", ".yml"):
        from corpus.errors import CorpusError

        parsed = read_corpus([path], known_sources=known_sources)
        if parsed.problems:
            raise CorpusError(parsed.problems)
        if len(parsed.articles) != 1:
            raise CloseReadError(f"{path.name} holds no article (is it a sources.yaml?)")
        a = parsed.articles[0]
        return ArticleDraft(
            title=a.title, body=a.body, outlet=a.outlet, byline=a.byline, published=a.published,
            url=a.url, language=a.language, article_id=a.id, annotations=a.annotations,
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CloseReadError(f"{path.name} is not UTF-8 text") from exc
    return article_from_text(text, markdown=suffix in (".md", ".markdown"))


def _article_problems(
    *, article_id: str, title: str, body: str, published: str | None, url: str | None
) -> list[str]:
    problems = []
    if not SLUG.match(article_id):
        problems.append(f"the id '{article_id}' must be lowercase letters, digits and hyphens")
    if not title.strip():
        problems.append("an article needs a title")
    if not body.strip():
        problems.append("the article text is empty")
    if problem := _date_problem(published, allow_undated=False, what="the date"):
        problems.append(problem)
    if url and (problem := url_problem(url)):
        problems.append(problem)
    return problems


def add_article(
    session: Session,
    *,
    title: str,
    body: str,
    outlet: str | None = None,
    published: str | None = None,
    url: str | None = None,
    byline: str | None = None,
    language: str = "en",
    article_id: str | None = None,
    annotations: Sequence[AnnotationRecord] = (),
) -> ArticleRecord:
    """Add an article. The id is a slug of the title (unique) unless given; a given id must be
    free. The body is kept verbatim but for line endings (\\r\\n → \\n); HTML stays literal text.

    `annotations` (from a .yaml file) are re-anchored on the body as saved; ones whose text is
    gone are kept as orphans for the orphan queue.
    """
    title = title.strip()
    body = _normal_body(body)
    published, url = _clean(published), _clean(url)
    if article_id is None:
        article_id = _unique(
            slugify(title) or "article", None, lambda c: session.get(Article, c) is not None
        )
    elif session.get(Article, article_id) is not None:
        raise CloseReadError(
            f"an article with the id '{article_id}' is already in the library; "
            "import the file (closeread import) to update it"
        )
    _raise(
        _article_problems(article_id=article_id, title=title, body=body, published=published, url=url),
        "the article",
    )
    kept = _placed(body, article_id, annotations)
    if kept:
        taken = {r.id for r in kept}
        clash = set(session.scalars(select(Annotation.id).where(Annotation.id.in_(sorted(taken)))))
        if clash:
            raise CloseReadError("annotation ids already in use: " + ", ".join(sorted(clash)))
        missing = {c.source_id for a in kept for c in a.citations}
        missing -= _source_ids(session, missing)
        if missing:
            raise CloseReadError("citations to unknown sources: " + ", ".join(sorted(missing)))
    record = ArticleRecord(
        id=article_id, title=title, body=body, outlet=_clean(outlet), byline=_clean(byline),
        published=published, url=url, language=language or "en", annotations=tuple(kept),
    )
    upsert_articles(session, [record], WriteReport())
    return get_article(session, article_id)


def _placed(body: str, article_id: str, annotations: Sequence[AnnotationRecord]) -> list[AnnotationRecord]:
    if not annotations:
        return []
    items = [(a.id, a.quote, a.position) for a in annotations if a.anchor_state != "orphaned"]
    outcomes = {o.annotation_id: o for o in reanchor_all(body, items)}
    out: list[AnnotationRecord] = []
    for a in annotations:
        o = outcomes.get(a.id)
        if o is None:
            out.append(replace(a, article_id=article_id))
        elif o.status == "orphaned" or o.new is None or o.quote is None:
            out.append(replace(a, article_id=article_id, anchor_state="orphaned"))
        else:
            state = a.anchor_state if o.status == "unchanged" else "moved"
            out.append(replace(a, article_id=article_id, quote=o.quote, position=o.new, anchor_state=state))
    return out


def restore_article(session: Session, *, record: ArticleRecord) -> ArticleRecord:
    """Make the store hold exactly this article: metadata, body and every annotation with its
    selectors, anchor state and citations (added if it was removed). The inverse of
    `remove_article` and of `editing.replace_body` (pass the article as it was before)."""
    upsert_articles(session, [record], WriteReport())
    return get_article(session, record.id)


def remove_article(session: Session, *, article_id: str) -> ArticleRecord:
    """Delete an article with its annotations; returns the snapshot to restore it."""
    snapshot = get_article(session, article_id)
    row = session.get(Article, article_id)
    session.delete(row)
    session.flush()
    return snapshot

