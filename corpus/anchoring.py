"""Anchoring annotations to article text: selectors, quote look-up and re-anchoring after edits.

An annotation points at its passage twice over (DESIGN.md "Anchoring"): a W3C
`TextPositionSelector` (code-point offsets into the body) and a `TextQuoteSelector` (the exact
text with up to 32 code points of context each side). When a teacher edits an article, every
annotation is re-anchored against the new body by `reanchor_all`.

The algorithm follows the Hypothesis client (research/annotation-anchors.md §A2): first the
position selector, accepted only if its text still equals the quote; then exact occurrences of
the quote; then approximate ones. Candidates are scored exactly as Hypothesis does::

    score = (50·quote + 20·prefix + 20·suffix + 2·position) / 92

and its two known weaknesses are fixed:

(a) context is checked even when the quote occurs exactly: unless the best exact occurrence keeps
    both its contexts, approximate candidates are searched as well (first where the surviving
    context says the quote should start or end, then near the old position and anywhere), and
    they win when their context is better;
(b) nothing moves silently. The best candidate must pass explicit gates (`_Search.rejection`):
    score at least `MIN_SCORE`; context vouching for it (one side scoring `STRONG_CONTEXT`; if
    the other side is lost, the vouching side must score `ONE_SIDED_CONTEXT` and still join the
    quote); for an approximate match, quote similarity at least `MIN_QUOTE_SIMILARITY`, no side
    lost and both edges still joined to their context; and no second, separate place that would
    pass on its own. Otherwise the annotation is *orphaned*, keeping its best candidate for a
    teacher to confirm. Every move is reported with old and new offsets and its score.

The cardinal rule is to never attach an annotation to the wrong place: when in doubt, orphan.
(benchmarks/anchoring.py measures both the speed and the wrong-move count on 10,000 annotations.)

Matching ignores differences of whitespace, quote style and dash style (`normalize_for_match`);
all offsets are code points of the original text. The desktop converts them to Qt's UTF-16
positions at its edge (`Utf16Index`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from corpus.records import TextPosition, TextQuote

# rapidfuzz is imported in the functions that use it: highlighting needs this module's
# `Utf16Index` at start-up, re-anchoring (rapidfuzz) only when text is edited or imported.

__all__ = [
    "CONTEXT_LENGTH",
    "LOST_CONTEXT",
    "MIN_INFORMATIVE_CONTEXT",
    "MIN_QUOTE_SIMILARITY",
    "MIN_SCORE",
    "ONE_SIDED_CONTEXT",
    "STRONG_CONTEXT",
    "AmbiguousQuote",
    "AnchorOutcome",
    "AnchorStatus",
    "AnchoringError",
    "QuoteNotFound",
    "Utf16Index",
    "code_points_to_utf16",
    "find_quote",
    "make_selectors",
    "normalize_for_match",
    "reanchor",
    "reanchor_all",
    "resolve_quote",
    "utf16_to_code_points",
]

# --- Thresholds (see the module docstring and `_Search.rejection`) ------------------------------

#: Code points of context stored each side of a quote (Hypothesis uses 32).
CONTEXT_LENGTH = 32
#: Lowest Hypothesis score an accepted anchor may have.
MIN_SCORE = 0.75
#: Lowest quote similarity (1 − edits / quote length) for an approximate match.
MIN_QUOTE_SIMILARITY = 0.75
#: A context side scoring at least this (over an informative length) vouches for a candidate.
STRONG_CONTEXT = 0.75
#: A context side scoring below this is lost: the text there is no longer what it was. (Random
#: 32-character windows of English-like text score about 0.3; 99.7% score below 0.5.)
LOST_CONTEXT = 0.5
#: When the other side is lost, the one side left must score at least this, and its characters
#: next to the quote must be unchanged, to vouch for an exact match on its own.
ONE_SIDED_CONTEXT = 0.9
#: Contexts shorter than this (the quote sat near the start or end of the body) prove nothing by
#: similarity alone; they count only when they still reach the edge of the body exactly.
MIN_INFORMATIVE_CONTEXT = 12

# How far a match may be extended to the edge of a word it cuts (when the original quote did not
# cut words): enough for a typo fixed at the quote's edge, not enough to turn "Korea" into
# "Koreanization".
_MAX_WORD_SNAP = 3
# Exact seeds taken from the stored context to find where a changed quote now starts or ends.
_ANCHOR_LENGTH = 12
_MAX_ANCHOR_HITS = 8
# Characters of context next to the quote that must be unchanged (but for one typo) where the
# quote meets its context: on both sides for an approximate match, on the vouching side for an
# exact match whose other side is lost.
_JUNCTION = 8
# More exact occurrences than this are not worth scoring one by one.
_MAX_EXACT = 1000
# The approximate search near the position hint reaches this far (plus three quote lengths).
_NEAR = 256

AnchorStatus = Literal["unchanged", "moved", "orphaned"]


# --- Errors -------------------------------------------------------------------------------------


class AnchoringError(ValueError):
    """A quote cannot be anchored in a body (base of the specific errors below)."""


class QuoteNotFound(AnchoringError):
    """The quote does not occur in the body (or not as often as the requested occurrence)."""

    def __init__(self, quote: str, *, occurrence: int | None = None, count: int = 0) -> None:
        self.quote = quote
        self.occurrence = occurrence
        self.count = count
        shown = _shorten(quote)
        if count == 0 or occurrence is None:
            message = f"quote not found in the article text: {shown!r}"
        else:
            times = "once" if count == 1 else f"{count} times"
            message = (
                f"occurrence {occurrence} of the quote {shown!r} does not exist: "
                f"it occurs only {times}"
            )
        super().__init__(message)


class AmbiguousQuote(AnchoringError):
    """The quote occurs more than once and no occurrence number was given."""

    def __init__(self, count: int, quote: str = "") -> None:
        self.count = count
        self.quote = quote
        what = f"the quote {_shorten(quote)!r}" if quote else "the quote"
        super().__init__(
            f"{what} occurs {count} times in the article text; "
            f"say which one with `occurrence` (1 to {count})"
        )


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- Folding for matching -----------------------------------------------------------------------

_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u2039\u203a"  # ‘ ’ ‚ ‛ ′ ‹ ›
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"  # “ ” „ ‟ ″ « »
# hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar, minus sign,
# small em dash, small hyphen-minus, fullwidth hyphen-minus
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"

_FOLDS: dict[str, str] = {
    **{ch: "'" for ch in _SINGLE_QUOTES},
    **{ch: '"' for ch in _DOUBLE_QUOTES},
    **{ch: "-" for ch in _DASHES},
}
# A regular expression finds the few characters to fold much faster than str.translate, which
# takes a slow path on any non-ASCII text (about 0.1 µs per character).
_TO_FOLD = re.compile("[" + re.escape("".join(_FOLDS)) + "]")
# Whitespace that folding changes: a whitespace character that is not a plain space, or that is
# followed by more whitespace, with the rest of its run. (`\s` on str patterns is exactly
# `str.isspace()`: NBSP, U+202F, tabs, newlines…) Written so that the scan starts only at
# whitespace, which makes it several times faster than `[^\S ]\s*|\s\s+`.
_WHITESPACE_TO_FOLD = re.compile(r"\s(?:(?<=[^\S ])|(?=\s))\s*")
_WHITESPACE_RUN = re.compile(r"\s+")


def _fold_char(match: re.Match[str]) -> str:
    return _FOLDS[match.group()]


def _fold_runs(text: str) -> tuple[str, list[tuple[int, int, int]]]:
    """The folded text and the whitespace runs it collapsed: (folded index, start, end)."""
    translated = _TO_FOLD.sub(_fold_char, text)
    parts: list[str] = []
    runs: list[tuple[int, int, int]] = []
    last = removed = 0
    for run in _WHITESPACE_TO_FOLD.finditer(translated):
        start, end = run.span()
        parts.append(translated[last:start])
        parts.append(" ")
        runs.append((start - removed, start, end))
        removed += end - start - 1
        last = end
    if not runs:
        return translated, runs
    parts.append(translated[last:])
    return "".join(parts), runs


def normalize_for_match(text: str) -> tuple[str, list[int]]:
    """Fold `text` for matching and map every folded index back to the original.

    Folding collapses every run of Unicode whitespace (spaces, no-break spaces U+00A0 and U+202F,
    tabs, newlines…) to one space, turns curly and angle quotes and primes into ``'`` or ``"``,
    and dashes (en, em, figure, minus, non-breaking hyphen…) into ``-``. Case is kept. Each fold is
    one character for one character except whitespace runs, so a match ``folded[a:b]`` is
    ``text[cp_map[a]:cp_map[b]]`` in the original: `cp_map` has one entry per folded character
    (its original code-point index; a collapsed run maps to where the run starts) plus one past the
    end (``len(text)``). A match that ends before a whitespace run therefore never includes it.
    """
    folded, runs = _fold_runs(text)
    cp_map: list[int] = []
    last = 0
    for _f, start, end in runs:
        cp_map.extend(range(last, start + 1))
        last = end
    cp_map.extend(range(last, len(text) + 1))
    return folded, cp_map


def _fold(text: str) -> str:
    """`normalize_for_match` without the index map (for quotes and contexts)."""
    if text.isascii() and text.isprintable() and "  " not in text:
        return text  # printable ASCII: nothing to fold, and no whitespace but single spaces
    return _WHITESPACE_RUN.sub(" ", _TO_FOLD.sub(_fold_char, text))


class _Body:
    """A body prepared once for many look-ups: the original, its folded form and the index map.

    The map is kept as the list of collapsed whitespace runs (a few dozen in an article) rather
    than one entry per character; each conversion is a binary search.
    """

    __slots__ = ("folded", "run_end", "run_folded", "run_start", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded, runs = _fold_runs(text)
        self.run_folded = [f for f, _s, _e in runs]
        self.run_start = [s for _f, s, _e in runs]
        self.run_end = [e for _f, _s, e in runs]

    def to_original(self, f: int) -> int:
        """Code-point index in the original of folded index `f` (as `cp_map[f]`)."""
        k = bisect_left(self.run_folded, f) - 1  # the last run collapsed before f
        if k < 0:
            return f
        return f + self.run_end[k] - self.run_folded[k] - 1

    def to_folded(self, cp: int) -> int:
        """The first folded index whose original index is at least `cp`."""
        k = bisect_right(self.run_start, cp) - 1  # the last run starting at or before cp
        if k < 0:
            return cp
        if cp < self.run_end[k]:
            return self.run_folded[k] + (cp != self.run_start[k])
        return cp - (self.run_end[k] - self.run_folded[k] - 1)

    def position(self, fs: int, fe: int) -> TextPosition:
        return TextPosition(self.to_original(fs), self.to_original(fe))


@lru_cache(maxsize=8)
def _prepare(text: str) -> _Body:
    return _Body(text)


def _occurrences(haystack: str, needle: str, limit: int) -> list[int]:
    """Start of every occurrence, overlapping ones included (like repeated indexOf)."""
    found: list[int] = []
    i = haystack.find(needle)
    while i != -1 and len(found) < limit:
        found.append(i)
        i = haystack.find(needle, i + 1)
    return found


# --- Selectors and quote look-up (used by the importer and the desktop) -------------------------


def find_quote(body: str, quote: str) -> list[TextPosition]:
    """Every occurrence of `quote` in `body`, in order, overlapping ones included.

    Matching folds whitespace, quote style and dash style (`normalize_for_match`) and ignores
    leading and trailing whitespace of the quote; offsets are code points of the original body.
    An empty (or all-whitespace) quote has no occurrences.
    """
    needle = _fold(quote).strip(" ")
    if not needle:
        return []
    prepared = _prepare(body)
    return [
        prepared.position(i, i + len(needle))
        for i in _occurrences(prepared.folded, needle, len(prepared.folded) + 1)
    ]


def resolve_quote(body: str, quote: str, occurrence: int | None = None) -> TextPosition:
    """Where an author's `quote` (plus 1-based `occurrence` when not unique) sits in `body`.

    Raises `QuoteNotFound` when the quote does not occur (or occurs fewer times than
    `occurrence`), `AmbiguousQuote` when it occurs more than once and `occurrence` is None, and
    `AnchoringError` for an empty quote or an occurrence below 1.
    """
    if not quote.strip():
        raise AnchoringError("the quote is empty")
    if occurrence is not None and occurrence < 1:
        raise AnchoringError(f"occurrence must be 1 or more, not {occurrence}")
    found = find_quote(body, quote)
    if not found:
        raise QuoteNotFound(quote)
    if occurrence is None:
        if len(found) > 1:
            raise AmbiguousQuote(len(found), quote)
        return found[0]
    if occurrence > len(found):
        raise QuoteNotFound(quote, occurrence=occurrence, count=len(found))
    return found[occurrence - 1]


def make_selectors(
    body: str, start: int, end: int, *, context: int = CONTEXT_LENGTH
) -> tuple[TextQuote, TextPosition]:
    """The quote and position selectors for ``body[start:end]``.

    `exact` is the text verbatim; `prefix` and `suffix` are up to `context` code points before
    and after it (fewer at the edges of the body). Raises ValueError for offsets outside the body.
    """
    if not 0 <= start <= end <= len(body):
        raise ValueError(f"range [{start}, {end}) is outside a body of {len(body)} code points")
    quote = TextQuote(
        exact=body[start:end],
        prefix=body[max(0, start - context) : start],
        suffix=body[end : end + context],
    )
    return quote, TextPosition(start, end)


# --- Re-anchoring -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AnchorOutcome:
    """What re-anchoring decided for one annotation.

    `status` is ``unchanged`` (same offsets, same text), ``moved`` (new offsets, or the quoted text
    itself changed; `new` and `score` say where and how sure) or ``orphaned`` (no place was good
    enough; `candidate` is the best place rejected, if any, for a teacher to confirm). `quote` is
    the selector recomputed from the new body whenever the annotation is anchored; store it.
    `reason` says in plain words why.
    """

    annotation_id: str | None
    status: AnchorStatus
    old: TextPosition
    new: TextPosition | None
    score: float
    candidate: TextPosition | None
    quote: TextQuote | None
    reason: str

    @property
    def anchored(self) -> bool:
        """True unless the annotation was orphaned."""
        return self.status != "orphaned"


def reanchor(
    new_body: str,
    quote: TextQuote,
    position: TextPosition,
    *,
    annotation_id: str | None = None,
    old_length: int | None = None,
) -> AnchorOutcome:
    """Find where one annotation belongs in `new_body` (see the module docstring).

    `old_length` is the length of the body the selectors were made on, when known: the position
    hint is then scaled into the new body. For many annotations on one body use `reanchor_all`,
    which prepares the body once.
    """
    if _still_in_place(new_body, quote, position):
        return _unchanged(quote, position, annotation_id)
    return _Search(_prepare(new_body), quote, position, annotation_id, old_length).run()


def reanchor_all(
    new_body: str,
    items: Iterable[tuple[str, TextQuote, TextPosition]],
    *,
    old_length: int | None = None,
) -> list[AnchorOutcome]:
    """Re-anchor ``(annotation_id, quote, position)`` items on `new_body`, in order."""
    outcomes: list[AnchorOutcome] = []
    prepared: _Body | None = None
    for annotation_id, quote, position in items:
        if _still_in_place(new_body, quote, position):
            outcomes.append(_unchanged(quote, position, annotation_id))
            continue
        if prepared is None:
            prepared = _prepare(new_body)
        outcomes.append(_Search(prepared, quote, position, annotation_id, old_length).run())
    return outcomes


def _still_in_place(body: str, quote: TextQuote, position: TextPosition) -> bool:
    """The fast path: quote and context verbatim where they were (most annotations, most edits).

    The same decision the full search makes for this case, without folding anything.
    """
    start, end = position.start, position.end
    return (
        0 <= start <= end
        and body[start:end] == quote.exact
        and bool(quote.exact.strip())
        and body[max(0, start - len(quote.prefix)) : start] == quote.prefix
        and body[end : end + len(quote.suffix)] == quote.suffix
    )


def _unchanged(
    quote: TextQuote, position: TextPosition, annotation_id: str | None
) -> AnchorOutcome:
    return AnchorOutcome(
        annotation_id=annotation_id,
        status="unchanged",
        old=position,
        new=position,
        score=1.0,
        candidate=None,
        quote=quote,
        reason="the quote is still in the same place",
    )


# Strength of the evidence one context side gives a candidate.
_LOST, _KEPT, _STRONG = 0, 1, 2


@dataclass(slots=True)
class _Candidate:
    """One place the quote might be, in folded coordinates, with its scores."""

    fs: int
    fe: int
    errors: int
    is_old: bool = False
    quote_score: float = 0.0
    prefix: float = 0.0
    suffix: float = 0.0
    position: float = 0.0
    score: float = 0.0
    content: float = 0.0  # the score without the position tie-breaker
    prefix_side: int = _LOST
    suffix_side: int = _LOST
    prefix_joined: bool = False  # the context's characters next to the quote are unchanged
    suffix_joined: bool = False


class _Search:
    """Re-anchoring of one annotation on one prepared body."""

    def __init__(
        self,
        body: _Body,
        quote: TextQuote,
        position: TextPosition,
        annotation_id: str | None,
        old_length: int | None,
    ) -> None:
        self.body = body
        self.fb = body.folded
        self.n = len(self.fb)
        self.quote = quote
        self.old = position
        self.annotation_id = annotation_id
        self.fq = _fold(quote.exact)
        self.fp = _fold(quote.prefix)
        self.fx = _fold(quote.suffix)
        self.m = len(self.fq)
        # Hypothesis: maxErrors = min(256, len(quote) / 2). Candidates beyond it are not kept.
        self.max_errors = min(256, self.m // 2)
        hint = position.start
        if old_length and old_length != len(body.text):
            hint = round(hint * len(body.text) / old_length)
        self.hint = body.to_folded(min(max(hint, 0), len(body.text)))
        # Did the original quote begin and end at word edges? Then a match must too.
        self.start_at_word_edge = not (
            self.fp and self.fq and self.fp[-1].isalnum() and self.fq[0].isalnum()
        )
        self.end_at_word_edge = not (
            self.fx and self.fq and self.fx[0].isalnum() and self.fq[-1].isalnum()
        )
        self.candidates: dict[tuple[int, int], _Candidate] = {}

    # -- the decision ----------------------------------------------------------------------------

    def run(self) -> AnchorOutcome:
        if not self.fq.strip(" "):
            return self._orphan("the annotation has no quoted text", None)
        if self.n == 0:
            return self._orphan("the article text is empty", None)

        old = self._old_position_candidate()
        if old is not None and old.prefix == 1.0 and old.suffix == 1.0:
            return self._accept(old, [old])

        self._add_exact()
        best = self._best()
        if (
            best is None
            or best.errors
            or not (best.prefix_side == _STRONG and best.suffix_side == _STRONG)
        ):
            # Weakness (a): an exact occurrence whose context does not hold proves little, so
            # look for approximate matches too, first next to the surviving context...
            self._add_anchored()
            if not any(self.rejection(c) is None for c in self.candidates.values()):
                # ...then anywhere in the body.
                self._add_global()
            best = self._best()
        if best is None:
            return self._orphan("the quoted text no longer appears in the article", None)
        rejected = self.rejection(best)
        if rejected is not None:
            return self._orphan(rejected, best)
        # Choose only when one place qualifies: a second place that would be accepted on its own
        # (a duplicated passage, or the quoted words pasted next to their old context) means the
        # text cannot say which one the annotation belongs to, however the scores compare.
        rivals = [
            c
            for c in self.candidates.values()
            if c is not best and (c.fe <= best.fs or c.fs >= best.fe) and self.rejection(c) is None
        ]
        if rivals:
            return self._orphan(
                f"the quote now fits {len(rivals) + 1} places and the text around them cannot "
                "tell which one it belongs to",
                best,
            )
        return self._accept(best, list(self.candidates.values()))

    def rejection(self, c: _Candidate) -> str | None:
        """Why `c` may not be accepted (weakness (b): thresholds), or None if it may."""
        sides = (c.prefix_side, c.suffix_side)
        context = f"(context before {c.prefix:.2f}, after {c.suffix:.2f})"
        if c.errors:
            if c.quote_score < MIN_QUOTE_SIMILARITY:
                return (
                    f"the closest text differs too much from the quote (similarity "
                    f"{c.quote_score:.2f}, at least {MIN_QUOTE_SIMILARITY:.2f} needed)"
                )
            # The quoted text itself changed, so unchanged context must pin down both its edges.
            if _STRONG not in sides or _LOST in sides or not (c.prefix_joined and c.suffix_joined):
                return f"the quoted text changed and so did the text around it {context}"
        elif _STRONG not in sides:
            return f"the quoted words were found only where the text around them is different {context}"
        elif _LOST in sides:
            # One side alone vouches: it must be nearly unchanged and still join the quote, or
            # the words may have been pasted next to text that merely resembles the old context
            # (a stock phrase, say).
            if c.suffix_side == _LOST:
                lost, score, joined = "after", c.prefix, c.prefix_joined
            else:
                lost, score, joined = "before", c.suffix, c.suffix_joined
            if score < ONE_SIDED_CONTEXT or not joined:
                return (
                    f"the quoted words were found, but the text {lost} them is different and the "
                    f"text on the other side does not match closely enough to vouch alone {context}"
                )
        if c.score < MIN_SCORE:
            return f"the best match scores {c.score:.2f}, below the {MIN_SCORE:.2f} needed"
        return None

    def _accept(self, c: _Candidate, considered: list[_Candidate]) -> AnchorOutcome:
        new = self.old if c.is_old else self.body.position(c.fs, c.fe)
        new_quote, _ = make_selectors(self.body.text, new.start, new.end)
        unchanged = new == self.old and c.errors == 0
        if unchanged:
            reason = "the quote is still in the same place"
            if c.prefix < 1.0 or c.suffix < 1.0:
                reason += " (the text around it changed a little)"
        else:
            if c.errors:
                edits = "1 edit" if c.errors == 1 else f"{c.errors} edits"
                reason = f"the quoted text changed ({edits}) and was found"
            else:
                reason = "the quoted text was found"
            shift = new.start - self.old.start
            if shift > 0:
                reason += f" {shift} characters later"
            elif shift < 0:
                reason += f" {-shift} characters earlier"
            else:
                reason += " in the same place"
            if len(considered) > 1:
                reason += ", where its context fits best"
            reason += f" (score {c.score:.2f})"
        return AnchorOutcome(
            annotation_id=self.annotation_id,
            status="unchanged" if unchanged else "moved",
            old=self.old,
            new=new,
            score=round(c.score, 4),
            candidate=None,
            quote=new_quote,
            reason=reason,
        )

    def _orphan(self, reason: str, c: _Candidate | None) -> AnchorOutcome:
        candidate = None
        if c is not None:
            candidate = self.old if c.is_old else self.body.position(c.fs, c.fe)
        return AnchorOutcome(
            annotation_id=self.annotation_id,
            status="orphaned",
            old=self.old,
            new=None,
            score=round(c.score, 4) if c is not None else 0.0,
            candidate=candidate,
            quote=None,
            reason=reason,
        )

    def _best(self) -> _Candidate | None:
        # Highest score; on a tie the earlier place (Hypothesis's stable sort).
        return min(self.candidates.values(), key=lambda c: (-c.score, c.fs), default=None)

    # -- scoring ---------------------------------------------------------------------------------

    def _add(self, fs: int, fe: int, errors: int, *, is_old: bool = False) -> _Candidate | None:
        key = (fs, fe)
        known = self.candidates.get(key)
        if known is not None:
            return known
        if errors > self.max_errors:
            return None
        c = _Candidate(fs, fe, errors, is_old=is_old)
        fb, fp, fx = self.fb, self.fp, self.fx
        before = fb[max(0, fs - len(fp)) : fs]
        after = fb[fe : fe + len(fx)]
        c.quote_score = 1.0 - errors / self.m
        c.prefix = _context_score(fp, before)
        c.suffix = _context_score(fx, after)
        c.position = 1.0 - abs(fs - self.hint) / self.n
        c.content = (50 * c.quote_score + 20 * c.prefix + 20 * c.suffix) / 92
        c.score = c.content + 2 * c.position / 92
        c.prefix_side = _side(fp, before, c.prefix, at_edge=fs == len(fp))
        c.suffix_side = _side(fx, after, c.suffix, at_edge=self.n - fe == len(fx))
        c.prefix_joined = _joins(fp[-_JUNCTION:], before[-_JUNCTION:]) and (bool(fp) or fs == 0)
        c.suffix_joined = _joins(fx[:_JUNCTION], after[:_JUNCTION]) and (bool(fx) or fe == self.n)
        self.candidates[key] = c
        return c

    def _add_span(self, fs: int, fe: int) -> None:
        """Add a candidate span after snapping it to word edges; errors are computed here."""
        from rapidfuzz.distance import Levenshtein

        snapped = self._snap(fs, fe)
        if snapped is None:
            return
        fs, fe = snapped
        # Nor may a match begin or end with a space that the quote does not have.
        fb, fq = self.fb, self.fq
        while fs < fe and fb[fs] == " " and fq[0] != " ":
            fs += 1
        while fe > fs and fb[fe - 1] == " " and fq[-1] != " ":
            fe -= 1
        if fs == fe or (fs, fe) in self.candidates:
            return
        errors = Levenshtein.distance(self.fq, self.fb[fs:fe], score_cutoff=self.max_errors)
        self._add(fs, fe, errors)

    def _snap(self, fs: int, fe: int) -> tuple[int, int] | None:
        """Extend a span that cuts a word the original quote did not cut; None if too far."""
        fb = self.fb
        if self._cuts_word(fs, self.start_at_word_edge):
            s = fs
            while s > 0 and fb[s - 1].isalnum():
                s -= 1
            if fs - s > _MAX_WORD_SNAP:
                return None
            fs = s
        if self._cuts_word(fe, self.end_at_word_edge):
            e = fe
            while e < self.n and fb[e].isalnum():
                e += 1
            if e - fe > _MAX_WORD_SNAP:
                return None
            fe = e
        return fs, fe

    # -- candidate generation --------------------------------------------------------------------

    def _old_position_candidate(self) -> _Candidate | None:
        """Step 1: the position selector, if its text still equals the quote."""
        start, end = self.old.start, self.old.end
        text = self.body.text
        if not 0 <= start <= end <= len(text) or _fold(text[start:end]) != self.fq:
            return None
        fs, fe = self.body.to_folded(start), self.body.to_folded(end)
        if self._snap(fs, fe) != (fs, fe):
            return None  # the word at an edge grew: let the search decide
        return self._add(fs, fe, 0, is_old=True)

    def _add_exact(self) -> None:
        """Step 2: every exact (folded) occurrence."""
        for fs in _occurrences(self.fb, self.fq, _MAX_EXACT):
            fe = fs + self.m
            if (fs, fe) in self.candidates:
                continue
            if self._snap(fs, fe) == (fs, fe):
                self._add(fs, fe, 0)
            else:
                self._add_span(fs, fe)

    def _add_anchored(self) -> None:
        """Approximate matches right after the stored prefix or right before the stored suffix.

        A quote edited in place keeps its context, so exact seeds from the context pin down where
        it now starts and ends; only the other end (if any) needs a scan.
        """
        m, k = self.m, self.max_errors
        starts = self._anchor_starts()
        ends = self._anchor_ends()
        paired_ends: set[int] = set()
        for s in starts:
            paired = [e for e in ends if m - k <= e - s <= m + k]
            for e in paired:
                self._add_span(s, e)
            paired_ends.update(paired)
            if not paired:
                end = self._best_end(s, s + m)
                if end is not None:
                    self._add_span(s, end)
        for e in ends:
            if e not in paired_ends:
                start = self._best_start(e, e - m)
                if start is not None:
                    self._add_span(start, e)

    def _anchor_starts(self) -> list[int]:
        fp, fb = self.fp, self.fb
        if len(fp) < _ANCHOR_LENGTH:
            # The quote was near the start of the old body: anchor on the start of this one.
            return [len(fp)] if fb.startswith(fp) else []
        tail = fp[-_ANCHOR_LENGTH:]
        hits = _occurrences(fb, tail, _MAX_ANCHOR_HITS + 1)
        if len(hits) > _MAX_ANCHOR_HITS:
            return []
        return [h + len(tail) for h in hits]

    def _anchor_ends(self) -> list[int]:
        fx, fb = self.fx, self.fb
        if len(fx) < _ANCHOR_LENGTH:
            return [self.n - len(fx)] if fb.endswith(fx) and self.n >= len(fx) else []
        hits = _occurrences(fb, fx[:_ANCHOR_LENGTH], _MAX_ANCHOR_HITS + 1)
        if len(hits) > _MAX_ANCHOR_HITS:
            return []
        return hits

    def _add_global(self) -> None:
        """Approximate matches near the position hint and anywhere in the body.

        rapidfuzz's `partial_ratio_alignment` (C++) finds the window most like the quote in each
        region; the scans of `_best_end` / `_best_start` then fix its exact edges.
        """
        from rapidfuzz import fuzz

        fb, fq, m, n = self.fb, self.fq, self.m, self.n
        # A match with e edits keeps roughly 1 - e/m of the Indel ratio partial_ratio reports.
        cutoff = 100 * MIN_QUOTE_SIMILARITY - 10
        reach = 3 * m + _NEAR
        regions = [(max(0, self.hint - reach), min(n, self.hint + reach)), (0, n)]
        if regions[0] == regions[1]:
            del regions[0]
        for a, b in regions:
            if b - a <= m:
                s0, e0 = a, b
            else:
                alignment = fuzz.partial_ratio_alignment(fq, fb[a:b], score_cutoff=cutoff)
                if alignment is None:
                    continue
                s0, e0 = a + alignment.dest_start, a + alignment.dest_end
            end = self._best_end(s0, e0)
            if end is None:
                continue
            start = self._best_start(end, s0)
            if start is None:
                continue
            end = self._best_end(start, end) or end
            self._add_span(start, end)

    def _cuts_word(self, i: int, edge: bool) -> bool:
        """Would a match edge at folded index `i` cut a word that the original did not cut?"""
        fb = self.fb
        return edge and 0 < i < self.n and fb[i - 1].isalnum() and fb[i].isalnum()

    def _best_end(self, s: int, guess: int) -> int | None:
        """The end e that makes fb[s:e] closest to the quote (ties: word edge, then near guess)."""
        from rapidfuzz.distance import Levenshtein

        m, k = self.m, self.max_errors
        lo, hi = max(s + 1, s + m - k), min(self.n, s + m + k)
        if lo > hi:
            return None
        fq, fb, distance = self.fq, self.fb, Levenshtein.distance
        found = [distance(fq, fb[s:e], score_cutoff=k) for e in range(lo, hi + 1)]
        fewest = min(found)
        if fewest > k:
            return None
        edge = self.end_at_word_edge
        ties = [lo + i for i, d in enumerate(found) if d == fewest]
        return min(ties, key=lambda e: (self._cuts_word(e, edge), abs(e - guess)))

    def _best_start(self, e: int, guess: int) -> int | None:
        """The start s that makes fb[s:e] closest to the quote (ties: word edge, near guess)."""
        from rapidfuzz.distance import Levenshtein

        m, k = self.m, self.max_errors
        lo, hi = max(0, e - m - k), min(e - 1, e - m + k)
        if lo > hi:
            return None
        fq, fb, distance = self.fq, self.fb, Levenshtein.distance
        found = [distance(fq, fb[s:e], score_cutoff=k) for s in range(lo, hi + 1)]
        fewest = min(found)
        if fewest > k:
            return None
        edge = self.start_at_word_edge
        ties = [lo + i for i, d in enumerate(found) if d == fewest]
        return min(ties, key=lambda s: (self._cuts_word(s, edge), abs(s - guess)))


def _side(ctx: str, window: str, score: float, *, at_edge: bool) -> int:
    """How much one context side vouches for a candidate: _STRONG, _KEPT or _LOST."""
    if len(ctx) >= MIN_INFORMATIVE_CONTEXT:
        if score >= STRONG_CONTEXT:
            return _STRONG
        return _KEPT if score >= LOST_CONTEXT else _LOST
    # A short or empty context: the quote sat this close to the edge of the old body. It vouches
    # only if the candidate sits exactly as close to the edge of the new one.
    if at_edge and window == ctx:
        return _STRONG
    return _KEPT if not ctx or score >= LOST_CONTEXT else _LOST


def _joins(stored: str, found: str) -> bool:
    """Are the context characters next to a candidate those stored, but for at most one edit?"""
    from rapidfuzz.distance import Levenshtein

    return stored == found or Levenshtein.distance(stored, found, score_cutoff=1) <= 1


def _context_score(ctx: str, window: str) -> float:
    """Hypothesis's textMatchScore: 1 − (edits to find `ctx` inside `window`) / len(ctx).

    1.0 when there is no stored context; 0.0 when the window is empty (the candidate is at the
    edge of the body but the quote was not).
    """
    if not ctx:
        return 1.0
    if not window:
        return 0.0
    if ctx == window or ctx in window:
        return 1.0
    return max(0.0, 1.0 - _substring_distance(ctx, window) / len(ctx))


def _substring_distance(pattern: str, text: str) -> int:
    """Fewest edits to turn `pattern` into some substring of `text` (Sellers' problem).

    Myers' bit-parallel algorithm (J. ACM 46(3), 1999) with Python ints as bit vectors: one pass
    over `text`, a handful of integer operations per character, for any pattern length.
    """
    m = len(pattern)
    if m == 0:
        return 0
    peq: dict[str, int] = {}
    bit = 1
    for ch in pattern:
        peq[ch] = peq.get(ch, 0) | bit
        bit <<= 1
    mask = bit - 1
    high = 1 << (m - 1)
    pv, mv, score, best = mask, 0, m, m
    get = peq.get
    for ch in text:
        eq = get(ch, 0)
        xv = eq | mv
        xh = ((((eq & pv) + pv) & mask) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
            best = min(best, score)
        ph = (ph << 1) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
    return best


# --- Code points ↔ UTF-16 (Qt positions) --------------------------------------------------------


def code_points_to_utf16(text: str, cp: int) -> int:
    """The UTF-16 position (as Qt counts) of code-point offset `cp` in `text`."""
    if not 0 <= cp <= len(text):
        raise ValueError(f"offset {cp} is outside a text of {len(text)} code points")
    return len(text[:cp].encode("utf-16-le", "surrogatepass")) // 2


def utf16_to_code_points(text: str, u16: int) -> int:
    """The code-point offset of UTF-16 position `u16` in `text`.

    A position inside a surrogate pair (between the halves of one non-BMP character) maps to that
    character's start.
    """
    return Utf16Index(text).to_cp(u16)


class Utf16Index:
    """Fast conversion of many offsets between code points and UTF-16 units for one text.

    Texts with only BMP characters (nearly all) need no table: both offsets are equal. Otherwise
    the positions of the non-BMP characters are kept and each conversion is a binary search.
    """

    __slots__ = ("_astral_cp", "_astral_u16", "_length", "_length_u16")

    def __init__(self, text: str) -> None:
        self._length = len(text)
        self._astral_cp: list[int] = []
        self._astral_u16: list[int] = []
        if text and max(text) > "\uffff":
            self._astral_cp = [i for i, ch in enumerate(text) if ch > "\uffff"]
            self._astral_u16 = [cp + k for k, cp in enumerate(self._astral_cp)]
        self._length_u16 = self._length + len(self._astral_cp)

    def to_utf16(self, cp: int) -> int:
        """UTF-16 position of code-point offset `cp`."""
        if not 0 <= cp <= self._length:
            raise ValueError(f"offset {cp} is outside a text of {self._length} code points")
        if not self._astral_cp:
            return cp
        return cp + bisect_left(self._astral_cp, cp)

    def to_cp(self, u16: int) -> int:
        """Code-point offset of UTF-16 position `u16` (inside a surrogate pair: its start)."""
        if not 0 <= u16 <= self._length_u16:
            raise ValueError(f"position {u16} is outside a text of {self._length_u16} UTF-16 units")
        if not self._astral_u16:
            return u16
        # Non-BMP characters starting before u16; the last of them may straddle it.
        before = bisect_left(self._astral_u16, u16)
        if before and self._astral_u16[before - 1] + 1 == u16:
            return self._astral_cp[before - 1]
        return u16 - before

    def __repr__(self) -> str:
        return f"Utf16Index(length={self._length}, non_bmp={len(self._astral_cp)})"
