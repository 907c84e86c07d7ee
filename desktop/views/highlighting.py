"""Pure helpers for the reader's highlights: where body text lands in the QTextDocument, and
how overlapping annotations flatten into non-overlapping segments. No Qt here.

Offsets in records are Unicode code points over the article body; QTextDocument positions are
UTF-16 code units, with one position per block separator (research/annotation-anchors.md §A7.5).
The reader inserts each body paragraph as one block, so the blank-line separators of the body
collapse to a single block break. `BodyMap` keeps the table that maps one to the other both ways.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from corpus.anchoring import Utf16Index

__all__ = ["BodyMap", "Paragraph", "Segment", "Span", "flatten_segments"]

# A paragraph break: a newline, then at least one more newline, with only horizontal ASCII
# whitespace around them. A no-break space (U+00A0) is never part of a separator: it is text.
_SEPARATOR = re.compile(r"[ \t\f\v\r]*\n(?:[ \t\f\v\r]*\n)+[ \t\f\v\r]*")
_EDGE_WHITESPACE = frozenset(" \t\f\v\r\n")
# Characters QTextCursor.insertText would turn into a block break; each becomes a U+2028 line
# separator (still one UTF-16 unit), so the text of a block maps 1:1 onto its body paragraph.
_BLOCK_BREAKERS = str.maketrans(
    {"\n": "\u2028", "\r": "\u2028", "\u2029": "\u2028", "\ufdd0": "\ufffd", "\ufdd1": "\ufffd"}
)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One body paragraph: code points [start, end) of the body, and where its block starts."""

    start: int
    end: int
    doc_start: int  # QTextDocument position of the block's first character
    doc_text: str  # what goes into the block (the body slice with line breaks as U+2028)

    @property
    def doc_end(self) -> int:
        """Position just after the block's last character (before its block separator)."""
        return self.doc_start + _utf16_len(self.doc_text)


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class BodyMap:
    """Maps body code-point offsets to QTextDocument positions and back.

    `first_position` is the document position where the first body block starts (after the
    reader's header blocks). Between paragraphs the body has a separator run ("\\n\\n", maybe with
    spaces); the document has one block break. A code point inside a separator maps to the end
    of the paragraph before it (for an end offset) or the start of the next (for a start).
    """

    def __init__(self, body: str, *, first_position: int = 0) -> None:
        self.body = body
        self.first_position = first_position
        self._u16 = Utf16Index(body)
        spans = self._paragraph_spans(body)
        paragraphs: list[Paragraph] = []
        doc = first_position
        for start, end in spans:
            text = body[start:end].translate(_BLOCK_BREAKERS)
            paragraphs.append(Paragraph(start, end, doc, text))
            doc += (self._u16.to_utf16(end) - self._u16.to_utf16(start)) + 1  # + block break
        self.paragraphs: tuple[Paragraph, ...] = tuple(paragraphs)
        self._starts = [p.start for p in self.paragraphs]
        self._doc_starts = [p.doc_start for p in self.paragraphs]

    @staticmethod
    def _paragraph_spans(body: str) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        pos = 0
        for match in _SEPARATOR.finditer(body):
            spans.append((pos, match.start()))
            pos = match.end()
        spans.append((pos, len(body)))
        trimmed = []
        for start, end in spans:
            while start < end and body[start] in _EDGE_WHITESPACE:
                start += 1
            while end > start and body[end - 1] in _EDGE_WHITESPACE:
                end -= 1
            if start < end:
                trimmed.append((start, end))
        return trimmed

    @property
    def doc_end(self) -> int:
        """Document position after the last body character."""
        return self.paragraphs[-1].doc_end if self.paragraphs else self.first_position

    def to_doc(self, cp: int, *, side: str = "start") -> int:
        """The document position of body offset `cp` ("start" or "end" decides separators)."""
        if not self.paragraphs:
            return self.first_position
        cp = min(max(cp, 0), len(self.body))
        i = bisect.bisect_right(self._starts, cp) - 1
        if i < 0:  # in leading whitespace
            return self.paragraphs[0].doc_start
        p = self.paragraphs[i]
        last = i + 1 == len(self.paragraphs)
        if cp < p.end or (cp == p.end and (side == "end" or last)):
            return p.doc_start + self._u16.to_utf16(cp) - self._u16.to_utf16(p.start)
        if side == "end" or last:
            return p.doc_end
        return self.paragraphs[i + 1].doc_start

    def to_doc_range(self, start: int, end: int) -> tuple[int, int]:
        """Document [start, end) of the body range [start, end) in code points."""
        return self.to_doc(start, side="start"), self.to_doc(end, side="end")

    def to_body(self, position: int) -> int:
        """The body code-point offset of a document position (a block break maps to its paragraph end)."""
        if not self.paragraphs:
            return 0
        i = bisect.bisect_right(self._doc_starts, position) - 1
        if i < 0:
            return self.paragraphs[0].start
        p = self.paragraphs[i]
        if position >= p.doc_end:
            return p.end
        u16 = self._u16.to_utf16(p.start) + (position - p.doc_start)
        return self._u16.to_cp(u16)


@dataclass(frozen=True, slots=True)
class Span:
    """An annotation's document range and the key that orders overlapping annotations."""

    id: str
    start: int
    end: int
    rank: int = 0  # category order; breaks ties between spans of equal length


@dataclass(frozen=True, slots=True)
class Segment:
    """A maximal run of document positions covered by the same annotations.

    `ids[0]` is the top-priority annotation: the shortest (most specific) span, then the lower
    rank, then the earlier start, then the id.
    """

    start: int
    end: int
    ids: tuple[str, ...]


def flatten_segments(spans: Iterable[Span]) -> list[Segment]:
    """Sweep the span boundaries into non-overlapping segments, each with its covering ids."""
    valid = [s for s in spans if s.end > s.start]
    if not valid:
        return []
    priority = {s.id: (s.end - s.start, s.rank, s.start, s.id) for s in valid}
    events: dict[int, tuple[list[str], list[str]]] = {}
    for s in valid:
        events.setdefault(s.start, ([], []))[0].append(s.id)
        events.setdefault(s.end, ([], []))[1].append(s.id)
    active: set[str] = set()
    segments: list[Segment] = []
    points = sorted(events)
    for here, following in pairwise(points):
        opening, closing = events[here]
        active.difference_update(closing)
        active.update(opening)
        if active:
            ids = tuple(sorted(active, key=priority.__getitem__))
            segments.append(Segment(here, following, ids))
    return segments
