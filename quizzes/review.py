"""Teacher review of questions: the draft queue, generating drafts, and the small writes that
make authoring actions invertible (deleting an unused question, re-linking questions to an
annotation that undo brought back).

Functions take a Session and never commit (STYLE.md rule 2). Status changes and edits use the
bank (`quizzes.bank.set_status`, `save_question`, `add_question`).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import exists, select, update
from sqlalchemy.orm import Session

from corpus.articles import load_articles
from corpus.errors import CloseReadError, NotFound
from quizzes.bank import add_generated, get_question, list_questions, load_current
from quizzes.generators import generate_all
from quizzes.items import QuestionRecord
from quizzes.models import Question, QuizItem, Response

__all__ = [
    "delete_question",
    "generate_drafts",
    "questions_about_annotation",
    "relink_questions",
    "review_queue",
]


def review_queue(session: Session, *, article_id: str | None = None) -> list[QuestionRecord]:
    """The draft questions waiting for review (current versions), oldest id first."""
    rows = list_questions(session, status="draft", article_id=article_id)
    current = load_current(session, [r.id for r in rows])
    return [current[r.id] for r in rows if r.id in current]


def generate_drafts(session: Session, *, seed: int = 0, article_id: str | None = None) -> int:
    """Run every generator over the corpus and store new drafts (deduplicated by fingerprint).
    Only published, anchored annotations seed questions (the generators' rule). Returns how
    many were added."""
    articles = load_articles(session)
    return add_generated(session, generate_all(articles, seed=seed, article_id=article_id))


def questions_about_annotation(session: Session, annotation_id: str) -> list[str]:
    """Ids of the questions linked to an annotation (deleting it unlinks them)."""
    stmt = select(Question.id).where(Question.annotation_id == annotation_id).order_by(Question.id)
    return list(session.scalars(stmt))


def relink_questions(session: Session, *, annotation_id: str, question_ids: Sequence[str]) -> None:
    """Link questions to an annotation again (after undo restored a deleted annotation)."""
    if question_ids:
        session.execute(
            update(Question).where(Question.id.in_(list(question_ids))).values(annotation_id=annotation_id)
        )
        session.flush()


def delete_question(session: Session, *, question_id: str) -> QuestionRecord:
    """Delete a question that no quiz shows and nobody answered (the undo of adding one);
    returns it. A used question is refused: retire it instead, so old attempts stay readable."""
    row = session.get(Question, question_id)
    if row is None:
        raise NotFound(f"no question '{question_id}'")
    used = session.scalar(
        select(
            exists().where(QuizItem.question_id == question_id)
            | exists().where(Response.question_id == question_id)
        )
    )
    if used:
        raise CloseReadError(
            "this question is in a quiz or has answers, so it cannot be deleted; retire it instead"
        )
    record = get_question(session, question_id)
    session.delete(row)
    session.flush()
    return record
