"""Changing an article's text: preview what re-anchoring will do, then save it in the same
transaction as the re-anchored annotations. Nothing is ever moved silently: every outcome is
returned, and annotations that cannot be placed become `orphaned`, keeping their quote, note and
citations, until a teacher re-attaches or deletes them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from corpus.anchoring import AnchorOutcome, make_selectors, reanchor_all
from corpus.articles import body_hash
from corpus.errors import CloseReadError, NotFound
from corpus.models import Annotation, Article
from corpus.records import TextPosition, TextQuote


def _article(session: Session, article_id: str) -> Article:
    row = session.get(Article, article_id)
    if row is None:
        raise NotFound(f"no article with id '{article_id}'")
    return row


def preview_body_change(session: Session, *, article_id: str, new_body: str) -> list[AnchorOutcome]:
    """What saving `new_body` would do to each annotation (unchanged, moved, orphaned); writes nothing."""
    article = _article(session, article_id)
    rows = session.execute(
        select(Annotation.id, Annotation.exact, Annotation.prefix, Annotation.suffix, Annotation.start, Annotation.end, Annotation.anchor_state)
        .where(Annotation.article_id == article_id)
        .order_by(Annotation.start)
    ).all()
    items = [(i, TextQuote(e, p, s), TextPosition(a, b)) for i, e, p, s, a, b, state in rows if state != "orphaned"]
    return reanchor_all(new_body, items, old_length=len(article.body))


def replace_body(session: Session, *, article_id: str, new_body: str) -> list[AnchorOutcome]:
    """Save a new body and re-anchor every annotation in the same transaction; returns the report."""
    if not new_body.strip():
        raise CloseReadError("the article text cannot be empty")
    article = _article(session, article_id)
    if new_body == article.body:
        return []
    outcomes = preview_body_change(session, article_id=article_id, new_body=new_body)
    by_id = {a.id: a for a in session.scalars(select(Annotation).where(Annotation.article_id == article_id))}
    stamp = datetime.now().replace(microsecond=0)
    for outcome in outcomes:
        row = by_id[outcome.annotation_id or ""]
        if outcome.status == "orphaned" or outcome.quote is None or outcome.new is None:
            row.anchor_state = "orphaned"
        else:
            row.exact, row.prefix, row.suffix = outcome.quote.exact, outcome.quote.prefix, outcome.quote.suffix
            row.start, row.end = outcome.new.start, outcome.new.end
            if outcome.status == "moved":
                row.anchor_state = "moved"
        row.modified = stamp
    article.body = new_body
    article.body_hash = body_hash(new_body)
    article.revision += 1
    article.modified = stamp
    session.flush()
    return outcomes


def reattach(session: Session, *, annotation_id: str, start: int, end: int) -> None:
    """Attach an orphaned (or moved) annotation to [start, end) of its article's current body."""
    row = session.get(Annotation, annotation_id)
    if row is None:
        raise NotFound(f"no annotation with id '{annotation_id}'")
    body = row.article.body
    if not 0 <= start < end <= len(body) or not body[start:end].strip():
        raise CloseReadError("select some text of the article to attach the annotation to")
    quote, position = make_selectors(body, start, end)
    row.exact, row.prefix, row.suffix = quote.exact, quote.prefix, quote.suffix
    row.start, row.end = position.start, position.end
    row.anchor_state = "anchored"
    row.modified = datetime.now().replace(microsecond=0)


def confirm_moved(session: Session, *, annotation_id: str) -> None:
    """A teacher has looked at a moved annotation and accepts its new place."""
    row = session.get(Annotation, annotation_id)
    if row is None:
        raise NotFound(f"no annotation with id '{annotation_id}'")
    if row.anchor_state == "moved":
        row.anchor_state = "anchored"
