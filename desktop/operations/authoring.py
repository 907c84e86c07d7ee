"""Ops for teacher authoring: annotations, sources, articles, orphans and question review.

Every factory is keyword-only and builds an op whose body runs on the single DB worker thread
inside one transaction (STYLE.md rule 3). Each write returns what its undo needs (a snapshot,
or before/after records), and for each write there is an inverse op built from that value;
desktop/undo.py pairs them in QUndoCommands. None of the bodies touches a widget.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy.orm import Session

from corpus.anchoring import AnchorOutcome
from corpus.articles import get_article, load_articles, load_sources
from corpus.authoring import (
    ArticleDraft,
    OrphanItem,
    SourceMerge,
    SourceUsage,
    add_annotation,
    add_article,
    add_sources,
    count_orphans,
    delete_annotation,
    delete_source,
    existing_claim_keys,
    get_annotation,
    get_source,
    list_orphans,
    list_sources_with_usage,
    merge_sources,
    read_article_file,
    remove_article,
    restore_annotation,
    restore_article,
    restore_source,
    unmerge_sources,
    update_annotation,
    update_source,
)
from corpus.editing import preview_body_change, reattach, replace_body
from corpus.records import AnnotationRecord, ArticleRecord, CitationRecord, SourceRecord
from desktop.events import Changes
from desktop.operations import OpContext, QueryOp, StoreOp
from quizzes.bank import add_question, get_question, save_question, set_status
from quizzes.items import QuestionRecord
from quizzes.review import (
    delete_question,
    generate_drafts,
    questions_about_annotation,
    relink_questions,
    review_queue,
)

ANNOTATIONS = Changes(annotations=True)
ANNOTATIONS_AND_SOURCES = Changes(annotations=True, sources=True)
SOURCES = Changes(sources=True, annotations=True)  # badges depend on sources
ARTICLES = Changes(articles=True, annotations=True)
QUESTIONS = Changes(questions=True)


# ---------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class AnnotationAdded:
    """A new annotation and the sources created with it (inline in the editor)."""

    annotation: AnnotationRecord
    sources: tuple[SourceRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class AnnotationEdited:
    before: AnnotationRecord
    after: AnnotationRecord
    sources: tuple[SourceRecord, ...] = ()  # created inline while editing


@dataclass(frozen=True, slots=True)
class AnnotationRemoved:
    annotation: AnnotationRecord
    questions: tuple[str, ...] = ()  # questions that were linked to it (re-linked on undo)


@dataclass(frozen=True, slots=True)
class SourceEdited:
    before: SourceRecord
    after: SourceRecord


@dataclass(frozen=True, slots=True)
class BodyChanged:
    before: ArticleRecord  # the whole article as it was: body and every selector
    new_body: str
    outcomes: tuple[AnchorOutcome, ...]


@dataclass(frozen=True, slots=True)
class Reattached:
    before: AnnotationRecord
    after: AnnotationRecord


@dataclass(frozen=True, slots=True)
class QuestionStatusChanged:
    question_id: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class QuestionEdited:
    before: QuestionRecord
    after: QuestionRecord


@dataclass(frozen=True, slots=True)
class EditorContext:
    """What the annotation editor needs when it opens (it never queries itself)."""

    sources: tuple[SourceRecord, ...]
    claim_keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OrphanQueue:
    items: tuple[OrphanItem, ...]
    articles: dict[str, ArticleRecord]  # the current text of each article with orphans


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """A question with what its review shows: the article(s) with the annotation it came from."""

    question: QuestionRecord
    article: ArticleRecord | None


@dataclass(frozen=True, slots=True)
class ReviewQueue:
    items: tuple[ReviewItem, ...]
    articles: dict[str, ArticleRecord]  # every article, for provenance and the question editor


# ---------------------------------------------------------------------------- reads


def fetch_editor_context(ctx: OpContext) -> QueryOp[EditorContext]:
    """The source library and the claim keys in use, for the annotation editor (worker thread)."""

    def body(session: Session) -> EditorContext:
        return EditorContext(tuple(load_sources(session)), tuple(existing_claim_keys(session)))

    return QueryOp(ctx, body)


def fetch_annotation(ctx: OpContext, *, annotation_id: str) -> QueryOp[AnnotationRecord]:
    """One annotation as stored (worker thread)."""
    return QueryOp(ctx, lambda session: get_annotation(session, annotation_id))


def fetch_source_library(ctx: OpContext) -> QueryOp[list[SourceUsage]]:
    """Every source with citation counts, completeness and likely duplicates (worker thread)."""
    return QueryOp(ctx, list_sources_with_usage)


def fetch_article_for_editing(ctx: OpContext, *, article_id: str) -> QueryOp[ArticleRecord]:
    """An article with all its annotations, drafts and orphans included (worker thread)."""
    return QueryOp(ctx, lambda session: get_article(session, article_id))


def preview_article_body(
    ctx: OpContext, *, article_id: str, new_body: str
) -> QueryOp[tuple[str, list[AnchorOutcome]]]:
    """What saving `new_body` would do to each annotation; writes nothing (worker thread).
    Returns the body it previewed with the outcomes, so a stale answer can be recognised."""

    def body(session: Session) -> tuple[str, list[AnchorOutcome]]:
        return new_body, preview_body_change(session, article_id=article_id, new_body=new_body)

    return QueryOp(ctx, body)


def read_article_draft(ctx: OpContext, *, path: Path) -> QueryOp[ArticleDraft]:
    """Read a .txt, .md or .yaml article file (worker thread: it reads the disk, and a .yaml
    file's citations are checked against the sources in the store)."""

    def body(session: Session) -> ArticleDraft:
        return read_article_file(path, known_sources=[s.id for s in load_sources(session)])

    return QueryOp(ctx, body)


def fetch_orphans(ctx: OpContext) -> QueryOp[OrphanQueue]:
    """The orphan queue with the current text of each article involved (worker thread)."""

    def body(session: Session) -> OrphanQueue:
        items = list_orphans(session)
        articles = {i.article_id: get_article(session, i.article_id) for i in items}
        return OrphanQueue(tuple(items), articles)

    return QueryOp(ctx, body)


def fetch_orphan_count(ctx: OpContext) -> QueryOp[int]:
    """How many annotations are orphaned (worker thread)."""
    return QueryOp(ctx, count_orphans)


def fetch_review_queue(ctx: OpContext) -> QueryOp[ReviewQueue]:
    """Draft questions with the articles (all of them: the question editor offers each, with
    its annotations) (worker thread)."""

    def body(session: Session) -> ReviewQueue:
        questions = review_queue(session)
        articles = {a.id: a for a in load_articles(session)}
        items = tuple(
            ReviewItem(q, articles.get(q.articles[0]) if q.articles else None) for q in questions
        )
        return ReviewQueue(items, articles)

    return QueryOp(ctx, body)


# ---------------------------------------------------------------------------- annotations


def _remap(citations: Sequence[CitationRecord], ids: dict[str, SourceRecord]) -> tuple[CitationRecord, ...]:
    return tuple(replace(c, source_id=ids[c.source_id].id) if c.source_id in ids else c for c in citations)


def create_annotation(
    ctx: OpContext,
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
    new_sources: Sequence[SourceRecord] = (),
) -> StoreOp[AnnotationAdded]:
    """Annotate body[start:end) — with any sources created inline in the editor — in one
    transaction, so one undo takes back both (worker thread)."""

    def body(session: Session) -> AnnotationAdded:
        made = add_sources(session, new_sources)
        annotation = add_annotation(
            session, article_id=article_id, start=start, end=end, category=category, note=note,
            verdict=verdict, claim_reviewed=claim_reviewed, claim_key=claim_key, status=status,
            author=author, citations=_remap(citations, made),
        )
        return AnnotationAdded(annotation, tuple(made.values()))

    return StoreOp(ctx, body, ANNOTATIONS_AND_SOURCES if new_sources else ANNOTATIONS)


def uncreate_annotation(ctx: OpContext, *, added: AnnotationAdded) -> StoreOp[None]:
    """Undo `create_annotation`: delete the annotation, then the sources made with it."""

    def body(session: Session) -> None:
        delete_annotation(session, annotation_id=added.annotation.id)
        for source in added.sources:
            delete_source(session, source_id=source.id)

    return StoreOp(ctx, body, ANNOTATIONS_AND_SOURCES if added.sources else ANNOTATIONS)


def recreate_annotation(ctx: OpContext, *, added: AnnotationAdded) -> StoreOp[None]:
    """Redo `create_annotation`: the same sources and annotation, ids and timestamps."""

    def body(session: Session) -> None:
        for source in added.sources:
            restore_source(session, record=source)
        restore_annotation(session, record=added.annotation)

    return StoreOp(ctx, body, ANNOTATIONS_AND_SOURCES if added.sources else ANNOTATIONS)


def edit_annotation(
    ctx: OpContext, *, record: AnnotationRecord, new_sources: Sequence[SourceRecord] = ()
) -> StoreOp[AnnotationEdited]:
    """Save an edited annotation (and sources created inline) in one transaction (worker thread)."""

    def body(session: Session) -> AnnotationEdited:
        before = get_annotation(session, record.id)
        made = add_sources(session, new_sources)
        after = update_annotation(session, record=replace(record, citations=_remap(record.citations, made)))
        return AnnotationEdited(before, after, tuple(made.values()))

    return StoreOp(ctx, body, ANNOTATIONS_AND_SOURCES if new_sources else ANNOTATIONS)


def put_annotation(
    ctx: OpContext,
    *,
    record: AnnotationRecord,
    add: Sequence[SourceRecord] = (),
    remove: Sequence[SourceRecord] = (),
) -> StoreOp[None]:
    """Undo/redo of an edit or re-attach: put `record` back exactly; add sources first and
    remove sources after (those made inline with the edit)."""

    def body(session: Session) -> None:
        for source in add:
            restore_source(session, record=source)
        restore_annotation(session, record=record)
        for source in remove:
            delete_source(session, source_id=source.id)

    return StoreOp(ctx, body, ANNOTATIONS_AND_SOURCES if (add or remove) else ANNOTATIONS)


def remove_annotation(ctx: OpContext, *, annotation_id: str) -> StoreOp[AnnotationRemoved]:
    """Delete an annotation; returns its full snapshot and the questions linked to it."""

    def body(session: Session) -> AnnotationRemoved:
        questions = tuple(questions_about_annotation(session, annotation_id))
        return AnnotationRemoved(delete_annotation(session, annotation_id=annotation_id), questions)

    return StoreOp(ctx, body, ANNOTATIONS)


def unremove_annotation(ctx: OpContext, *, removed: AnnotationRemoved) -> StoreOp[None]:
    """Undo `remove_annotation`: the same id, citations and timestamps; questions re-linked."""

    def body(session: Session) -> None:
        restore_annotation(session, record=removed.annotation)
        relink_questions(session, annotation_id=removed.annotation.id, question_ids=removed.questions)

    return StoreOp(ctx, body, Changes(annotations=True, questions=bool(removed.questions)))


def reattach_annotation(ctx: OpContext, *, annotation_id: str, start: int, end: int) -> StoreOp[Reattached]:
    """Attach an orphaned annotation to body[start:end) of its article (worker thread)."""

    def body(session: Session) -> Reattached:
        before = get_annotation(session, annotation_id)
        reattach(session, annotation_id=annotation_id, start=start, end=end)
        return Reattached(before, get_annotation(session, annotation_id))

    return StoreOp(ctx, body, ANNOTATIONS)


# ---------------------------------------------------------------------------- sources


def create_source(ctx: OpContext, *, record: SourceRecord) -> StoreOp[SourceRecord]:
    """Add a source (the id in `record` is kept when free, else generated)."""

    def body(session: Session) -> SourceRecord:
        return add_sources(session, [record])[record.id]

    return StoreOp(ctx, body, SOURCES)


def uncreate_source(ctx: OpContext, *, source_id: str) -> StoreOp[SourceRecord]:
    """Delete a source (refused while cited); returns its snapshot."""
    return StoreOp(ctx, lambda session: delete_source(session, source_id=source_id), SOURCES)


def put_source(ctx: OpContext, *, record: SourceRecord) -> StoreOp[SourceRecord]:
    """Put a source back exactly as `record` (undo/redo of add, edit and delete)."""
    return StoreOp(ctx, lambda session: restore_source(session, record=record), SOURCES)


def edit_source(ctx: OpContext, *, record: SourceRecord) -> StoreOp[SourceEdited]:
    """Save an edited source; returns before and after."""

    def body(session: Session) -> SourceEdited:
        before = get_source(session, record.id)
        return SourceEdited(before, update_source(session, record=record))

    return StoreOp(ctx, body, SOURCES)


def merge_duplicate_sources(ctx: OpContext, *, keep: str, remove: str) -> StoreOp[SourceMerge]:
    """Point every citation of `remove` at `keep` and delete `remove`."""
    return StoreOp(ctx, lambda session: merge_sources(session, keep=keep, remove=remove), SOURCES)


def unmerge(ctx: OpContext, *, merge: SourceMerge) -> StoreOp[None]:
    """Undo a merge."""
    return StoreOp(ctx, lambda session: unmerge_sources(session, merge=merge), SOURCES)


def remerge(ctx: OpContext, *, merge: SourceMerge) -> StoreOp[SourceMerge]:
    """Redo a merge."""
    return merge_duplicate_sources(ctx, keep=merge.kept.id, remove=merge.removed.id)


# ---------------------------------------------------------------------------- articles


def create_article(
    ctx: OpContext,
    *,
    title: str,
    body: str,
    outlet: str | None = None,
    published: str | None = None,
    url: str | None = None,
    byline: str | None = None,
    article_id: str | None = None,
    annotations: Sequence[AnnotationRecord] = (),
) -> StoreOp[ArticleRecord]:
    """Add an article (pasted, or read from a file); returns it as stored."""

    def run(session: Session) -> ArticleRecord:
        return add_article(
            session, title=title, body=body, outlet=outlet, published=published, url=url,
            byline=byline, article_id=article_id, annotations=annotations,
        )

    return StoreOp(ctx, run, ARTICLES)


def uncreate_article(ctx: OpContext, *, article_id: str) -> StoreOp[ArticleRecord]:
    """Delete an article with its annotations; returns the snapshot (undo of add)."""
    return StoreOp(ctx, lambda session: remove_article(session, article_id=article_id), ARTICLES)


def put_article(ctx: OpContext, *, record: ArticleRecord) -> StoreOp[ArticleRecord]:
    """Make the store hold exactly this article with its annotations (redo of add, undo of a
    body edit)."""
    return StoreOp(ctx, lambda session: restore_article(session, record=record), ARTICLES)


def change_article_body(ctx: OpContext, *, article_id: str, new_body: str) -> StoreOp[BodyChanged]:
    """Save a new text and re-anchor every annotation in the same transaction; returns the
    article as it was (for undo) and every outcome."""

    def run(session: Session) -> BodyChanged:
        before = get_article(session, article_id)
        outcomes = replace_body(session, article_id=article_id, new_body=new_body)
        return BodyChanged(before, new_body, tuple(outcomes))

    return StoreOp(ctx, run, ARTICLES)


# ---------------------------------------------------------------------------- questions


def change_question_status(ctx: OpContext, *, question_id: str, status: str) -> StoreOp[QuestionStatusChanged]:
    """Approve (status "approved": quiz assembly may draw it), reject ("retired") or send back
    to draft; returns before and after for undo."""

    def body(session: Session) -> QuestionStatusChanged:
        before = get_question(session, question_id).status
        set_status(session, question_id, status)
        return QuestionStatusChanged(question_id, before, status)

    return StoreOp(ctx, body, QUESTIONS)


def edit_question(ctx: OpContext, *, record: QuestionRecord) -> StoreOp[QuestionEdited]:
    """Save an edited question: changed content makes a new version (old ones are kept, as
    attempts name the version they answered)."""

    def body(session: Session) -> QuestionEdited:
        before = get_question(session, record.id)
        return QuestionEdited(before, save_question(session, record))

    return StoreOp(ctx, body, QUESTIONS)


def put_question(ctx: OpContext, *, record: QuestionRecord) -> StoreOp[QuestionRecord]:
    """Save `record`'s content and status again (undo/redo of an edit: content that differs
    from the current version becomes a new version with that content)."""
    return StoreOp(ctx, lambda session: save_question(session, record), QUESTIONS)


def create_question(ctx: OpContext, *, record: QuestionRecord) -> StoreOp[QuestionRecord]:
    """Add an authored question (version 1)."""
    return StoreOp(ctx, lambda session: add_question(session, record), QUESTIONS)


def uncreate_question(ctx: OpContext, *, question_id: str) -> StoreOp[QuestionRecord]:
    """Delete a question nobody has seen (undo of adding it)."""
    return StoreOp(ctx, lambda session: delete_question(session, question_id=question_id), QUESTIONS)


def generate_draft_questions(ctx: OpContext, *, seed: int = 0) -> StoreOp[int]:
    """Run the generators over the corpus and store new drafts; returns how many (worker thread)."""
    return StoreOp(ctx, lambda session: generate_drafts(session, seed=seed), QUESTIONS)

