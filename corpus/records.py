"""Plain, frozen records of corpus content: what a YAML file holds and what the store holds.

These cross every boundary: the YAML reader produces them, the store writes and reads them, the
checker and the exporters consume them, and the desktop receives them. No ORM object leaves
`corpus.store`; these do.

Offsets are Unicode code points over the article body (Python `str` indexes).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class TextQuote:
    """W3C TextQuoteSelector: the exact text plus up to 32 code points of context each side."""

    exact: str
    prefix: str
    suffix: str


@dataclass(frozen=True, slots=True)
class TextPosition:
    """W3C TextPositionSelector: [start, end) in code points over the body."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class SourceRecord:
    id: str
    title: str
    publisher: str
    kind: str
    published: str | None = None  # ISO date "2024-06-20", "2024-06", "2024", or "undated"
    author: str | None = None
    url: str | None = None
    locator: str | None = None  # where in an offline source (e.g. "UNTS No. 6045"), when no url
    excerpt: str | None = None  # archived text relied on, so evidence can be checked offline
    notes: str | None = None


@dataclass(frozen=True, slots=True)
class CitationRecord:
    source_id: str
    relation: str  # supports | refutes | context
    evidence: str | None = None  # quotation from the source relied on
    locator: str | None = None  # e.g. "Article 4"


@dataclass(frozen=True, slots=True)
class AnnotationRecord:
    id: str
    article_id: str
    category: str
    quote: TextQuote
    position: TextPosition
    note: str = ""
    verdict: str | None = None
    claim_reviewed: str | None = None
    claim_key: str | None = None
    status: str = "published"
    author: str | None = None
    anchor_state: str = "anchored"  # anchored | moved | orphaned
    created: str | None = None  # ISO 8601 timestamps
    modified: str | None = None
    citations: tuple[CitationRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    id: str
    title: str
    body: str
    outlet: str | None = None
    byline: str | None = None
    published: str | None = None  # ISO date or None when unknown
    url: str | None = None
    language: str = "en"
    revision: int = 1
    annotations: tuple[AnnotationRecord, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class CorpusSnapshot:
    """Everything the checker needs, loaded in bulk (no query per annotation)."""

    articles: tuple[ArticleRecord, ...]
    sources: tuple[SourceRecord, ...]
