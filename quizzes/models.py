"""Typed ORM models of the quiz side, in the same metadata and migration history as the corpus.

A question's content lives in versions: editing makes a new `QuestionVersion`; quiz items and
responses keep the version they showed, so old attempts stay gradeable and readable.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from corpus.store.base import Base


def pick_key_for(question_id: str) -> int:
    """A well-spread integer from the question's id: the seeded draw order is computed from it,
    so the same bank and seed give the same quiz in every store, on SQLite and PostgreSQL, and
    after a VACUUM or a restore."""
    return int.from_bytes(hashlib.sha256(question_id.encode("utf-8")).digest()[:4], "big") % (2**31 - 1)


def _pick_key_default(context: Any) -> int:
    return pick_key_for(context.get_current_parameters()["id"])


class Question(Base):
    __tablename__ = "question"
    __table_args__ = (
        Index("ix_question_pick", "status", "skill", "kind", "difficulty", "times_used", "pick_key"),
    )

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    skill: Mapped[str] = mapped_column(String(20))
    difficulty: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12))
    current_version: Mapped[int] = mapped_column(Integer, default=1)
    origin: Mapped[str] = mapped_column(String(12))  # authored | generated
    generator: Mapped[str | None] = mapped_column(String(40))
    generator_version: Mapped[int | None] = mapped_column(Integer)
    fingerprint: Mapped[str | None] = mapped_column(String(64), unique=True)
    annotation_id: Mapped[str | None] = mapped_column(
        ForeignKey("annotation.id", ondelete="SET NULL"), index=True
    )
    times_used: Mapped[int] = mapped_column(Integer, default=0)
    pick_key: Mapped[int] = mapped_column(Integer, default=_pick_key_default)
    created: Mapped[datetime] = mapped_column()
    modified: Mapped[datetime] = mapped_column()

    versions: Mapped[list[QuestionVersion]] = relationship(
        back_populates="question", cascade="all, delete-orphan", passive_deletes=True
    )


class QuestionVersion(Base):
    __tablename__ = "question_version"

    question_id: Mapped[str] = mapped_column(
        ForeignKey("question.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)  # the QuestionRecord, as plain values
    created: Mapped[datetime] = mapped_column()

    question: Mapped[Question] = relationship(back_populates="versions")


class QuestionArticle(Base):
    """Which articles a question is about (two for a comparison question)."""

    __tablename__ = "question_article"

    question_id: Mapped[str] = mapped_column(
        ForeignKey("question.id", ondelete="CASCADE"), primary_key=True
    )
    article_id: Mapped[str] = mapped_column(
        ForeignKey("article.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Learner(Base):
    __tablename__ = "learner"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(Text)
    class_name: Mapped[str | None] = mapped_column(Text)
    created: Mapped[datetime] = mapped_column()


class Quiz(Base):
    __tablename__ = "quiz"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    title: Mapped[str] = mapped_column(Text)
    mode: Mapped[str] = mapped_column(String(12))  # practice | assessment
    seed: Mapped[int] = mapped_column(Integer)
    spec: Mapped[dict[str, Any]] = mapped_column(JSON)
    created: Mapped[datetime] = mapped_column()

    items: Mapped[list[QuizItem]] = relationship(
        back_populates="quiz", cascade="all, delete-orphan", passive_deletes=True,
        order_by="QuizItem.position",
    )


class QuizItem(Base):
    __tablename__ = "quiz_item"
    __table_args__ = (UniqueConstraint("quiz_id", "question_id"),)

    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("question.id", ondelete="RESTRICT"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    # The order choices are shown in (shuffled once, reproducibly, at assembly).
    choice_order: Mapped[list[str]] = mapped_column(JSON)

    quiz: Mapped[Quiz] = relationship(back_populates="items")


class Attempt(Base):
    __tablename__ = "attempt"
    __table_args__ = (Index("ix_attempt_learner_quiz", "learner_id", "quiz_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id", ondelete="CASCADE"), index=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id", ondelete="CASCADE"))
    mode: Mapped[str] = mapped_column(String(12))
    started: Mapped[datetime] = mapped_column()
    finished: Mapped[datetime | None] = mapped_column()
    current_position: Mapped[int] = mapped_column(Integer, default=0)
    score: Mapped[float | None] = mapped_column(Float)  # fraction of the maximum, when finished


class Response(Base):
    __tablename__ = "response"
    __table_args__ = (
        UniqueConstraint("attempt_id", "position", "try_number"),
        Index("ix_response_question", "question_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    try_number: Mapped[int] = mapped_column(Integer, default=1)
    question_id: Mapped[str] = mapped_column(ForeignKey("question.id", ondelete="RESTRICT"))
    version: Mapped[int] = mapped_column(Integer)
    answer: Mapped[Any] = mapped_column(JSON)
    fraction: Mapped[float] = mapped_column(Float)
    created: Mapped[datetime] = mapped_column()


class ReviewState(Base):
    __tablename__ = "review_state"
    __table_args__ = (Index("ix_review_state_due", "learner_id", "due"),)

    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id", ondelete="CASCADE"), primary_key=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"), primary_key=True)
    ease: Mapped[float] = mapped_column(Float)
    interval_days: Mapped[int] = mapped_column(Integer)
    repetitions: Mapped[int] = mapped_column(Integer)
    lapses: Mapped[int] = mapped_column(Integer, default=0)
    due: Mapped[date] = mapped_column(Date)


class Setting(Base):
    """Domain settings kept in the store (teacher mode, the PIN's scrypt hash, …)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
