"""Reading time and the Flesch–Kincaid grade of an article body (pure Python, no Qt).

Flesch–Kincaid grade level (Kincaid et al., 1975):

    0.39 × (words / sentences) + 11.8 × (syllables / words) − 15.59

Syllables are counted with the usual vowel-group heuristic (silent final "e", "-ed" and "-es"
handled); it is within a syllable of a dictionary count for most English words, which is enough
for a grade shown to one decimal and read as "about grade 10". Sentences end at `.`, `!` or `?`
(not after a common abbreviation or a single initial) and at every paragraph break, so a heading
without a full stop still counts as one.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

__all__ = [
    "READING_WPM",
    "ReadingStats",
    "count_sentences",
    "count_syllables",
    "flesch_kincaid_grade",
    "reading_minutes",
    "reading_stats",
    "words",
]

READING_WPM = 230  # adult silent reading of non-fiction (Brysbaert 2019 puts the mean at 238)

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,:]\d+)*")
_SENTENCE_END = re.compile(r"[.!?]+(?=[\"'”’)\]]*(?:\s|$))")
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")
_ABBREVIATIONS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "jr",
        "sr",
        "vs",
        "etc",
        "no",
        "gen",
        "col",
        "lt",
        "sgt",
        "gov",
        "sen",
        "rep",
        "inc",
        "ltd",
        "co",
        "corp",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "approx",
        "e.g",
        "i.e",
    }
)
_VOWEL_GROUP = re.compile(r"[aeiouy]+")
_NOT_LETTER = re.compile(r"[^a-z]")


def words(text: str) -> list[str]:
    """The words of `text`: letter runs (with inner apostrophes) and numbers."""
    return _WORD.findall(text)


def count_syllables(word: str) -> int:
    """Estimated syllables in one English word (at least 1)."""
    return _syllables(word.casefold())


@functools.lru_cache(maxsize=16384)
def _syllables(folded: str) -> int:
    # Cached: an article repeats most of its words, and this runs on every article opened.
    w = _NOT_LETTER.sub("", folded)
    if not w:
        return 1  # numbers and non-Latin words: one unit each
    if len(w) <= 3:
        return 1
    count = len(_VOWEL_GROUP.findall(w))
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1  # silent final e: "make", "state"
    elif w.endswith("ed") and not w.endswith(("ted", "ded", "eed")) and count > 1:
        count -= 1  # "-ed" is silent except after t/d: "signed", but "stated"
    elif (
        w.endswith("es")
        and not w.endswith(("ses", "zes", "ces", "ges", "xes", "ies"))
        and count > 1
    ):
        count -= 1  # "makes", but "forces", "pages"
    return max(1, count)


def count_sentences(text: str) -> int:
    """Sentences in `text`: terminal punctuation not after an abbreviation, plus paragraph ends."""
    total = 0
    for paragraph in _PARAGRAPH_BREAK.split(text):
        if not _WORD.search(paragraph):
            continue
        ends = 0
        for match in _SENTENCE_END.finditer(paragraph):
            if match.group() == ".":
                start = word_start = match.start()
                while word_start > 0 and paragraph[word_start - 1].isalnum():
                    word_start -= 1
                before = paragraph[word_start:start]
                if len(before) == 1 and before.isalpha() or before.casefold() in _ABBREVIATIONS:
                    continue  # "U.S." or "Dr." does not end a sentence
            ends += 1
        tail = paragraph.rstrip().rstrip("\"'”’)]")
        if not tail.endswith((".", "!", "?")):
            ends += 1  # a heading or an unpunctuated last sentence
        total += max(1, ends)
    return total


@dataclass(frozen=True, slots=True)
class ReadingStats:
    """Word, sentence and syllable counts of a text, with the figures derived from them."""

    words: int
    sentences: int
    syllables: int

    @property
    def grade(self) -> float | None:
        """Flesch–Kincaid grade level, or None when there are no words."""
        if not self.words:
            return None
        return (
            0.39 * (self.words / max(1, self.sentences))
            + 11.8 * (self.syllables / self.words)
            - 15.59
        )

    def minutes(self, wpm: int = READING_WPM) -> int:
        """Whole minutes to read at `wpm` words a minute, rounded up; 0 only for no words."""
        return math.ceil(self.words / wpm)


def reading_stats(text: str) -> ReadingStats:
    """Count words, sentences and syllables in one pass over the words (for long bodies)."""
    found = words(text)
    return ReadingStats(
        words=len(found),
        sentences=count_sentences(text) if found else 0,
        syllables=sum(_syllables(w.casefold()) for w in found),
    )


def flesch_kincaid_grade(text: str) -> float | None:
    """The Flesch–Kincaid grade level of `text`, or None when it has no words."""
    return reading_stats(text).grade


def reading_minutes(text: str, *, wpm: int = READING_WPM) -> int:
    """Whole minutes to read `text` at `wpm` words a minute, rounded up; 0 only for no words."""
    return math.ceil(len(words(text)) / wpm)
