"""Words the views show for record fields: dates, citations, reading order, counts. No Qt here."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from corpus.records import AnnotationRecord, CitationRecord, SourceRecord
from corpus.vocabulary import CATEGORIES, CATEGORY_LABELS, UNDATED, VERDICT_LABELS

__all__ = [
    "DATE_UNKNOWN",
    "category_counts",
    "category_label",
    "citation_line",
    "format_date",
    "http_url",
    "in_reading_order",
    "is_highlightable",
    "source_citation",
    "verdict_counts",
    "verdict_label",
]

DATE_UNKNOWN = "date unknown"

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def format_date(value: str | None) -> str:
    """ "2024-06-20" → "20 June 2024", "2024-06" → "June 2024", None → "date unknown"."""
    if value is None or not value.strip():
        return DATE_UNKNOWN
    if value == UNDATED:
        return "undated"
    match = _ISO_DATE.match(value.strip())
    if not match:
        return value
    year, month, day = match.groups()
    if month is None or not 1 <= int(month) <= 12:
        return year
    if day is None:
        return f"{_MONTHS[int(month) - 1]} {year}"
    return f"{int(day)} {_MONTHS[int(month) - 1]} {year}"


def http_url(url: str | None) -> str | None:
    """`url` when it is an absolute http(s) url with a host, else None (never link anything else)."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() in ("http", "https") and parts.netloc and " " not in url.strip():
        return url.strip()
    return None


def source_citation(source: SourceRecord | None, source_id: str = "") -> str:
    """ "Publisher — Title (20 June 2024)" for a source; a placeholder naming an unknown id."""
    if source is None:
        return f"Unknown source ({source_id})" if source_id else "Unknown source"
    head = f"{source.publisher} — {source.title}" if source.publisher else source.title
    return f"{head} ({format_date(source.published)})"


def citation_line(citation: CitationRecord, sources: Mapping[str, SourceRecord]) -> str:
    """One citation as plain text for the clipboard: source, locator, url or offline locator."""
    source = sources.get(citation.source_id)
    parts = [source_citation(source, citation.source_id)]
    if citation.locator:
        parts.append(citation.locator)
    if source is not None and source.url:
        parts.append(source.url)
    elif source is not None and source.locator:
        parts.append(source.locator)
    return ". ".join(parts)


def is_highlightable(annotation: AnnotationRecord) -> bool:
    """Orphaned annotations and empty ranges are listed, never highlighted."""
    return (
        annotation.anchor_state != "orphaned"
        and annotation.position.end > annotation.position.start
    )


def in_reading_order(annotations: Iterable[AnnotationRecord]) -> list[AnnotationRecord]:
    """Annotations by position in the body; orphaned ones (no trustworthy position) last."""
    return sorted(
        annotations,
        key=lambda a: (a.anchor_state == "orphaned", a.position.start, a.position.end, a.id),
    )


def category_counts(annotations: Iterable[AnnotationRecord]) -> dict[str, int]:
    """How many annotations of each category (every known category present, possibly 0)."""
    counts = Counter(a.category for a in annotations)
    result = {category: counts.get(category, 0) for category in CATEGORIES}
    result.update({c: n for c, n in counts.items() if c not in result})
    return result


def verdict_counts(annotations: Iterable[AnnotationRecord]) -> dict[str, int]:
    """How many annotations carry each verdict (every known verdict present, possibly 0)."""
    counts = Counter(a.verdict for a in annotations if a.verdict)
    result = {verdict: counts.get(verdict, 0) for verdict in VERDICT_LABELS}
    result.update({v: n for v, n in counts.items() if v not in result})
    return result


def category_label(category: str) -> str:
    """The label people see for a category."""
    return CATEGORY_LABELS.get(category, category.replace("-", " ").capitalize())


def verdict_label(verdict: str | None) -> str:
    """The label people see for a verdict ("" for none)."""
    if not verdict:
        return ""
    return VERDICT_LABELS.get(verdict, verdict.replace("-", " ").capitalize())
