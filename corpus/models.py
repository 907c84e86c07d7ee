"""Typed ORM models of the corpus: Article, Source, Annotation, Citation (DESIGN.md "Core model").

ORM objects stay inside `corpus` and `quizzes`; callers get records (`corpus.records`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from corpus.store.base import Base


class Article(Base):
    __tablename__ = "article"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(Text)
    byline: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(10))
    url: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(16), default="en")
    body: Mapped[str] = mapped_column(Text)
    body_hash: Mapped[str] = mapped_column(String(64))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    created: Mapped[datetime] = mapped_column()
    modified: Mapped[datetime] = mapped_column()

    annotations: Mapped[list[Annotation]] = relationship(
        back_populates="article", cascade="all, delete-orphan", passive_deletes=True
    )


class Source(Base):
    __tablename__ = "source"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    publisher: Mapped[str] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(10))
    url: Mapped[str | None] = mapped_column(Text)
    locator: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))
    excerpt: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)


class Annotation(Base):
    __tablename__ = "annotation"
    __table_args__ = (
        Index("ix_annotation_article_start", "article_id", "start"),
        Index("ix_annotation_claim_key", "claim_key"),
    )

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"))
    category: Mapped[str] = mapped_column(String(20))
    # TextQuoteSelector
    exact: Mapped[str] = mapped_column(Text)
    prefix: Mapped[str] = mapped_column(Text, default="")
    suffix: Mapped[str] = mapped_column(Text, default="")
    # TextPositionSelector, code points over the article body
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    verdict: Mapped[str | None] = mapped_column(String(20))
    claim_reviewed: Mapped[str | None] = mapped_column(Text)
    claim_key: Mapped[str | None] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(12), default="published")
    author: Mapped[str | None] = mapped_column(Text)
    anchor_state: Mapped[str] = mapped_column(String(12), default="anchored")
    created: Mapped[datetime] = mapped_column()
    modified: Mapped[datetime] = mapped_column()

    article: Mapped[Article] = relationship(back_populates="annotations")
    citations: Mapped[list[Citation]] = relationship(
        back_populates="annotation",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Citation.position",
    )


class Citation(Base):
    __tablename__ = "citation"
    __table_args__ = (UniqueConstraint("annotation_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    annotation_id: Mapped[str] = mapped_column(
        ForeignKey("annotation.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    source_id: Mapped[str] = mapped_column(ForeignKey("source.id", ondelete="RESTRICT"), index=True)
    relation: Mapped[str] = mapped_column(String(12))
    evidence: Mapped[str | None] = mapped_column(Text)
    locator: Mapped[str | None] = mapped_column(Text)

    annotation: Mapped[Annotation] = relationship(back_populates="citations")
