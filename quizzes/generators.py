"""Question generators: turn published annotations and article text into draft questions.

DESIGN.md ("Quizzes"): verdict items from claims, hot-text items from loaded language, sourcing
items from attribution notes, "which article says…" items from shared `claim_key`s, cloze items
with same-type distractors drawn from the corpus, and timelines from dated facts. The question
generation literature (research/quiz-anchors.md §8) says: overgenerate by rule, filter hard, and
keep a person in the loop. So every rule below drops a candidate rather than emit one whose key
could be argued or whose distractor could also be right, and everything comes out as a `draft`
for a teacher to approve.

The contract every generator keeps:

- **Pure.** `ArticleRecord`s in, `QuestionRecord`s out: no store, no Qt, no global state.
- **Deterministic for a seed.** The only randomness is the order of choices and drop-down
  options. Each question shuffles with its own `random.Random(f"{seed}:{fingerprint}")`, so a
  question shuffles the same way whatever else the corpus holds. The global `random` is never used.
- **Deduplicated by fingerprint.** `fingerprint` is the SHA-256 of the generator's name and
  VERSION, the annotation(s) it came from (id and quote), and the question's *key*: its stem and
  its correct answer(s). Neither the shuffles nor the distractors count. Distractors are drawn
  from the rest of the corpus, so adding an article must not turn an existing question into a
  "new" one. To force regeneration after a rule change, bump the generator's VERSION. The
  question id is `gen-<name>-<first 10 hex digits of the fingerprint>`.
- **Only what students may see.** Annotations with status `draft` or anchor state `orphaned`
  never seed a question (`draft` and orphaned loaded-language spans still block hot-text
  distractors, which is the safe direction).
- **Explained.** The explanation is built from the annotation's note (its first one or two
  sentences, with the Markdown subset removed). Every question names its articles and, as its
  `annotation_id`, the annotation that explains its answer.

`GENERATORS` maps each generator's name to its `Generator`. `generate_all` runs them all.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import itertools
import json
import math
import random
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from corpus.records import AnnotationRecord, ArticleRecord
from corpus.vocabulary import VERDICT_LABELS, VERDICTS
from quizzes.items import Blank, Choice, Provenance, QuestionRecord

__all__ = [
    "BLURRED_VERDICTS",
    "GENERATORS",
    "VERDICT_DISTRACTORS",
    "CorpusIndex",
    "Generator",
    "fingerprint",
    "generate_all",
    "question_id",
]

# ------------------------------------------------------------------------------ shared text tools

_SP = r"[ \u00a0\u2009\u202f]"  # one space of any width the seed texts use
_FOLD = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    }
)


def _wordset(text: str) -> frozenset[str]:
    """A set of words written as one space-separated string (easier to read and edit)."""
    return frozenset(text.split())


def _wordtuple(text: str) -> tuple[str, ...]:
    """Words written as one space-separated string, in order."""
    return tuple(text.split())


_STOPWORDS = _wordset(
    """a an the of to in on at and or but nor for with by from as that this these those which who
    whom whose it its is are was were be been being has have had will would can could may might
    must should shall their his her hers they he she we you i them him us our your than then so
    not no also even only both each such other into onto after before about over under between
    during while when where if there here all any some more most much many very just did do
    does said says say what how why because since until upon within without against among per
    via own same too out up down off again further once"""
)


def _fold(text: str) -> str:
    """Comparison form for "is this text in that one": NFKC (no-break spaces become spaces),
    straight quotes and dashes, casefolded, one space between words."""
    folded = unicodedata.normalize("NFKC", text).translate(_FOLD).casefold()
    return " ".join(folded.split())


def _words(text: str) -> list[str]:
    """The folded words of a text (letters, digits, inner hyphens and apostrophes)."""
    return re.findall(r"[\w][\w'-]*", _fold(text))


def _content_words(text: str) -> set[str]:
    return {w for w in _words(text) if len(w) >= 3 and w not in _STOPWORDS}


def _stable(*parts: object) -> str:
    """A seed-free tie-breaker: the same parts always rank the same way."""
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()


_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_MD_EM = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])")
_MD_LIST = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


def _plain(text: str) -> str:
    """A note's Markdown subset (links, **bold**, *italic*, lists) as plain, single-spaced text."""
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_STRONG.sub(r"\1", text)
    text = _MD_EM.sub(r"\1", text)
    lines = [_MD_LIST.sub("", line) for line in text.splitlines()]
    return " ".join(" ".join(lines).split())


_ABBREVIATIONS = _wordset(
    """mr mrs ms dr st no nos vs etc e.g i.e a.m p.m u.s u.n u.k jan feb mar apr jun jul aug sep
    sept oct nov dec gen col lt sgt prof rev jr sr inc co corp ltd approx fig art para cf"""
)
_BOUNDARY = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]?[A-Z0-9])")


def _sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """[start, end) spans of the sentences of text[start:end], trimmed of surrounding spaces.

    A full stop ends a sentence when a capital letter (or digit, quote, bracket) follows after
    white space, unless it closes a known abbreviation ("a.m.", "No.", "U.S.") or an initial.
    """
    stop = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    begin = start
    for match in _BOUNDARY.finditer(text, start, stop):
        before = text[begin : match.start()].split()
        word = before[-1].lstrip("\"'\u201c\u2018([") if before else ""
        if word.casefold().rstrip(".") in _ABBREVIATIONS or (len(word) == 1 and word.isupper()):
            continue
        spans.append((begin, match.end()))
        begin = match.end()
    spans.append((begin, stop))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
    return out


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in _sentence_spans(text)]


def _paragraph_spans(body: str) -> list[tuple[int, int]]:
    """[start, end) of each paragraph (paragraphs are separated by a blank line), trimmed."""
    spans: list[tuple[int, int]] = []
    begin = 0
    for sep in re.finditer(r"\n[ \t\u00a0]*\n", body):
        spans.append((begin, sep.start()))
        begin = sep.end()
    spans.append((begin, len(body)))
    out = []
    for s, e in spans:
        while s < e and body[s].isspace():
            s += 1
        while e > s and body[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
    return out


def _explain(note: str, *, max_chars: int = 320) -> str:
    """The first sentence of a note, and the second too when both fit in `max_chars` or the first
    is too short to explain anything on its own ("Which experts?", "The gist is right.")."""
    sentences = _sentences(_plain(note))
    if not sentences:
        return ""
    out = sentences[0]
    if len(sentences) > 1 and (len(out) < 60 or len(out) + 1 + len(sentences[1]) <= max_chars):
        out = f"{out} {sentences[1]}"
    return out


def _first_sentence(note: str) -> str:
    """The first sentence of a note (two when the first is shorter than 60 characters)."""
    sentences = _sentences(_plain(note))
    if not sentences:
        return ""
    if len(sentences[0]) < 60 and len(sentences) > 1:
        return f"{sentences[0]} {sentences[1]}"
    return sentences[0]


def _with_label(label: str, note: str, *, lead: str = "") -> str:
    """A verdict label followed by the note, unless the note already opens with it ("Accurate, with
    one simplification. …"), so the label is never said twice in a row."""
    if _fold(note).startswith(_fold(label)):
        return note
    head = f"{lead} {label}." if lead else f"{label}."
    return f"{head} {note}".strip()


def _unquote_end(text: str) -> str:
    """A claim shown inside quotation marks, without its own closing full stop."""
    text = " ".join(text.split())
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text


def _slug(text: str, *, limit: int = 40) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].strip("-") or "x"


# ---------------------------------------------------------------------------------------- dates

_MONTH_NAMES = (
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
_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTHS: dict[str, int] = {name.casefold(): i + 1 for i, name in enumerate(_MONTH_NAMES)}
_MONTHS.update({abbr.casefold(): i + 1 for i, abbr in enumerate(_MONTH_ABBR)})
_MONTHS["sept"] = 9
_FULL_MONTHS = frozenset(name.casefold() for name in _MONTH_NAMES)
_MONTH_RE = "|".join(sorted({*_MONTH_NAMES, *_MONTH_ABBR, "Sept"}, key=len, reverse=True))
_MON = rf"(?P<m>{_MONTH_RE})"
_DAY = r"(?P<d>3[01]|[12]\d|0?[1-9])(?P<suf>st|nd|rd|th)?"
_YEAR = r"(?P<y>1[6-9]\d\d|20\d\d)"
_S = rf"{_SP}+"

# Longest forms first: a mention found by an earlier pattern hides the shorter ones inside it.
_DATE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("mdy", re.compile(rf"\b{_MON}{_S}{_DAY}(?P<comma>,?){_S}{_YEAR}\b")),
    ("dmy", re.compile(rf"\b{_DAY}{_S}(?P<of>of{_S})?{_MON},?{_S}{_YEAR}\b")),
    ("md", re.compile(rf"\b{_MON}{_S}{_DAY}\b")),
    ("dm", re.compile(rf"\b{_DAY}{_S}(?P<of>of{_S})?{_MON}\b")),
    ("my", re.compile(rf"\b{_MON},?{_S}{_YEAR}\b")),
    ("y", re.compile(rf"(?<![\d,.])\b{_YEAR}\b(?!\d|,\d)")),
)
# A number after one of these words is a label ("Resolution 1718", "No. 6045"), not a year or count.
_LABEL_WORDS = _wordset(
    """no no. nos resolution resolutions article articles chapter unts para paragraph section
    number page pages p. pp. volume vol. flight route highway rule"""
)
_DIGIT = re.compile(r"\d")
_WEEKDAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date written in a text: "June 19", "19 June 2024", "February 2022", "2022"."""

    start: int
    end: int
    text: str
    form: str  # mdy | dmy | md | dm | my | y
    year: int | None
    month: int | None
    day: int | None
    suffix: bool = False  # "19th"
    abbreviated: bool = False  # "Jun"
    comma: bool = False  # "June 19, 2024"
    of: bool = False  # "19 of June"

    @property
    def value(self) -> tuple[int | None, int | None, int | None]:
        return (self.year, self.month, self.day)

    @property
    def full(self) -> bool:
        """Day, month and year all known."""
        return None not in self.value


def _label_before(text: str, start: int) -> bool:
    before = text[max(0, start - 20) : start].split()
    return bool(before) and before[-1].casefold() in _LABEL_WORDS


def find_dates(text: str, start: int = 0, end: int | None = None) -> list[DateMention]:
    """Every date mention in text[start:end], in order, with body-relative offsets."""
    stop = len(text) if end is None else end
    if not _DIGIT.search(text, start, stop):
        return []
    taken: list[DateMention] = []
    for form, pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text, start, stop):
            if any(m.start() < t.end and t.start < m.end() for t in taken):
                continue
            groups = m.groupdict()
            if form == "y" and _label_before(text, m.start()):
                continue
            month_text = groups.get("m")
            month = _MONTHS[month_text.casefold()] if month_text else None
            day = int(groups["d"]) if groups.get("d") else None
            year = int(groups["y"]) if groups.get("y") else None
            if month and day:
                try:
                    dt.date(year or 2000, month, day)
                except ValueError:
                    continue
            taken.append(
                DateMention(
                    start=m.start(),
                    end=m.end(),
                    text=m.group(0),
                    form=form,
                    year=year,
                    month=month,
                    day=day,
                    suffix=bool(groups.get("suf")),
                    abbreviated=month_text is not None
                    and month_text.casefold() not in _FULL_MONTHS,
                    comma=bool(groups.get("comma")),
                    of=bool(groups.get("of")),
                )
            )
    return sorted(taken, key=lambda d: d.start)


def _date_in_range(text: str, mention: DateMention) -> bool:
    """Whether the mention is one end of a range ("June 18th and 19th", "18–19 June")."""
    after = text[mention.end : mention.end + 8]
    before = text[max(0, mention.start - 8) : mention.start]
    return bool(
        re.match(r"\s*(?:[-\u2013\u2014]|and\b|to\b)\s*\d", after)
        or re.search(r"\d(?:st|nd|rd|th)?\s*(?:[-\u2013\u2014]|and|to)\s*$", before)
    )


def _dates_clash(a: tuple[int | None, ...], b: tuple[int | None, ...]) -> bool:
    """Whether two (year, month, day) values could name the same day: every field both know agrees.

    "2022" and "February 2022" clash; "June 19" and "19 June 2024" clash; "June 18" and "June 19"
    do not.
    """
    return all(x is None or y is None or x == y for x, y in zip(a, b, strict=True))


def _ordinal(day: int) -> str:
    if 10 <= day % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _render_date(value: tuple[int | None, int | None, int | None], like: DateMention) -> str:
    """A date value written the way `like` is written (order, suffix, abbreviation, year)."""
    year, month, day = value
    if like.form == "y":
        return str(year)
    assert month is not None
    name = (_MONTH_ABBR if like.abbreviated else _MONTH_NAMES)[month - 1]
    if like.form == "my":
        return f"{name} {year}"
    assert day is not None
    day_text = f"{day}{_ordinal(day)}" if like.suffix else str(day)
    if like.form in ("md", "mdy"):
        core = f"{name} {day_text}"
        if like.form == "mdy":
            core += f", {year}" if like.comma else f" {year}"
        return core
    core = f"{day_text} of {name}" if like.of else f"{day_text} {name}"
    return f"{core} {year}" if like.form == "dmy" else core


def _project(
    candidate: DateMention, like: DateMention
) -> tuple[int | None, int | None, int | None] | None:
    """The candidate cut to the answer's precision, or None when it lacks a field the answer has."""
    need_year = like.form in ("mdy", "dmy", "my", "y")
    need_month = like.form != "y"
    need_day = like.form in ("mdy", "dmy", "md", "dm")
    if (
        (need_year and candidate.year is None)
        or (need_month and candidate.month is None)
        or (need_day and candidate.day is None)
    ):
        return None
    return (
        candidate.year if need_year else None,
        candidate.month if need_month else None,
        candidate.day if need_day else None,
    )


def _date_position(value: tuple[int | None, int | None, int | None]) -> float:
    """A number that orders values of one precision (for "closest in time" ranking)."""
    year, month, day = value
    if day is not None and month is not None:
        return dt.date(year or 2000, month, day).toordinal()
    if month is not None:
        return (year or 0) * 12 + month
    return float(year or 0)


# -------------------------------------------------------------------------------------- numbers

_SMALL = _wordtuple(
    """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen"""
)
_TENS = ("_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_NUMBER_WORD = (
    rf"(?:{'|'.join(_TENS[2:])})(?:-(?:{'|'.join(_SMALL[1:10])}))?"
    rf"|{'|'.join(sorted(_SMALL, key=len, reverse=True))}|hundred|thousand|million|billion"
)
_WORD_NUMBER = re.compile(
    rf"\b(?:{_NUMBER_WORD})(?:{_SP}+(?:{_NUMBER_WORD}))*\b(?P<pct>{_SP}+(?:percent|per{_SP}cent)\b)?",
    re.IGNORECASE,
)
_DIGIT_NUMBER = re.compile(
    rf"(?<![\w.,/])(?P<cur>\$)?(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)(?![\w]|[.,]\d)"
    rf"(?P<pct>%|{_SP}+(?:percent|per{_SP}cent)\b)?"
)
_TIME_AFTER = re.compile(rf"{_SP}*(?:a\.m|p\.m|am\b|pm\b|BC\b|AD\b|CE\b|o'clock)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class NumberMention:
    """A quantity written in a text: "fifty thousand", "11,000", "80%"."""

    start: int
    end: int
    text: str
    value: float
    kind: str  # count | percent | money
    style: str  # words | digits | grouped ("11,000")
    percent_form: str = "%"  # "%" or " percent"
    capital: bool = False  # "Fifty thousand" at the start of a sentence


def _word_value(text: str) -> int:
    total = current = 0
    for raw in re.split(rf"{_SP}+|-", text.casefold()):
        if raw in _SMALL:
            current += _SMALL.index(raw)
        elif raw in _TENS:
            current += _TENS.index(raw) * 10
        elif raw == "hundred":
            current = max(current, 1) * 100
        elif raw in _SCALES:
            total += max(current, 1) * _SCALES[raw]
            current = 0
    return total + current


def _number_words(n: int) -> str:
    """An integer in words, as news copy writes it ("seventy-five thousand")."""
    if n < 20:
        return _SMALL[n]
    if n < 100:
        tens, rest = divmod(n, 10)
        return _TENS[tens] + (f"-{_SMALL[rest]}" if rest else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_SMALL[hundreds]} hundred" + (f" {_number_words(rest)}" if rest else "")
    for word, scale in sorted(_SCALES.items(), key=lambda kv: -kv[1]):
        if n >= scale:
            high, rest = divmod(n, scale)
            return f"{_number_words(high)} {word}" + (f" {_number_words(rest)}" if rest else "")
    raise AssertionError(n)  # pragma: no cover


def find_numbers(
    text: str, start: int = 0, end: int | None = None, *, dates: Sequence[DateMention] = ()
) -> list[NumberMention]:
    """Every quantity in text[start:end] that is worth blanking or offering: counts of 10 or
    more, and any percentage or sum of money. Years, dates, labels ("Article 4") and clock
    times are left out; `dates` (already found) are masked."""
    stop = len(text) if end is None else end
    found: list[NumberMention] = []

    def masked(s: int, e: int) -> bool:
        return any(s < d.end and d.start < e for d in dates) or any(
            s < f.end and f.start < e for f in found
        )

    for m in _WORD_NUMBER.finditer(text, start, stop):
        if masked(m.start(), m.end()):
            continue
        words = m.group(0)[: m.start("pct") - m.start()] if m.group("pct") else m.group(0)
        value = _word_value(words)
        kind = "percent" if m.group("pct") else "count"
        if kind == "count" and value < 10:
            continue
        found.append(
            NumberMention(
                start=m.start(),
                end=m.end(),
                text=m.group(0),
                value=float(value),
                kind=kind,
                style="words",
                percent_form=" percent",
                capital=m.group(0)[:1].isupper(),
            )
        )
    for m in _DIGIT_NUMBER.finditer(text, start, stop):
        if masked(m.start(), m.end()) or _label_before(text, m.start()):
            continue
        if _TIME_AFTER.match(text, m.end()):
            continue
        # A day joined to a date by a dash is part of a date range ("18–19 June", "June 18-19").
        if any(
            (d.start == m.end() + 1 or d.end == m.start() - 1)
            and text[min(d.end, m.end()) : max(d.start, m.start())] in "-\u2013\u2014"
            for d in dates
        ):
            continue
        raw = m.group("num")
        amount = float(raw.replace(",", ""))
        pct = m.group("pct")
        kind = "percent" if pct else "money" if m.group("cur") else "count"
        if kind == "count" and amount < 10:
            continue
        found.append(
            NumberMention(
                start=m.start(),
                end=m.end(),
                text=m.group(0),
                value=amount,
                kind=kind,
                style="grouped" if "," in raw else "digits",
                percent_form="%" if pct == "%" else " percent",
            )
        )
    return sorted(found, key=lambda n: n.start)


def _render_number(value: float, like: NumberMention) -> str:
    """A value written the way `like` is written (words or digits, %, $)."""
    whole = value == int(value)
    if like.style == "words" and whole and value < 1_000_000_000:
        text = _number_words(int(value))
        if like.capital:
            text = text[:1].upper() + text[1:]
    elif whole:
        text = (
            f"{int(value):,}" if (like.style == "grouped" or value >= 10_000) else str(int(value))
        )
    else:
        text = f"{value:g}"
    if like.kind == "percent":
        text += like.percent_form
    if like.kind == "money":
        text = "$" + text
    return text


def _numbers_clash(a: float, b: float) -> bool:
    """Equal, or within 10 % of each other: "roughly 80%" is not refuted by "79%"."""
    return abs(a - b) <= 0.1 * max(abs(a), abs(b))


def _round(value: float) -> bool:
    digits = str(int(abs(value))).rstrip("0")
    return value == int(value) and len(digits) <= 2


# -------------------------------------------------------------------------------------- persons

_NAME_TOKEN = r"[A-Z][a-zA-Z]*[a-z](?:-[A-Za-z]+)*"
_NAME = rf"{_NAME_TOKEN}(?:{_SP}{_NAME_TOKEN}){{0,3}}"
_ROLE_CUE = re.compile(
    r"\b(?P<role>President|Prime Minister|Minister|Ambassador|Archbishop|Director|Secretary|General|"
    r"Chairman|Senator|Governor|Mayor|King|Queen|Pope|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|president|minister|"
    r"leader|dictator|spokesperson|spokesman|spokeswoman|envoy|aide|chief|analyst|ambassador|"
    r"director|secretary|chairman|commander|official|journalist|reporter|correspondent)"
    rf"{_SP}+(?P<name>{_NAME})"
)
_SPEECH_VERBS = (
    "said|says|say|told|called|claimed|praised|expressed|demanded|referred|invited|thanked|warned|"
    "presented|announced|stated|added|wrote|argued|insisted|accepted|urged|signed|denied|met|visited|"
    "gave|asked|pledged|ratified|spoke|replied|explained|confirmed"
)
_VERB_CUE = re.compile(
    rf"(?P<name>{_NAME}){_SP}+(?:(?:also|did|has|had|then|later|even){_SP}+)?(?:{_SPEECH_VERBS})\b"
)
_AFTER_THE = re.compile(rf"\b[Tt]he{_SP}+(?P<name>{_NAME})")
_AFTER_PLACE = re.compile(
    r"\b(?:in|at|into|from|near|across|throughout|inside|against|to|of|toward|towards)"
    rf"{_SP}+(?P<name>{_NAME})"
)
# Capitalised words that start sentences rather than names.
_LEADING_STOP = _wordset(
    """The A An In On At After Before But And However When While Also Then Yet So Still Both
    Earlier Later Here There This That These Those Only Even If As Since Until Because Although
    Though Meanwhile Instead Accurate Correct Wrong Partly Missing Discuss Compare Notice Ask
    Calling According Following Between Roughly During Whose Who What Why How Which Its His Her
    Their Our Some Many Most Few Several No Not Nor Every Each Any All Today Yesterday Last
    Next First"""
)
# Words that make a capitalised sequence an institution, not a person.
_INSTITUTION_WORDS = _wordset(
    """State Department Council Office Ministry Government Agency Party Union Nations Republic
    Kingdom Press News Times Post Herald Daily Review Church Cathedral Assembly Committee Panel
    Court Bank Fund Forces Army Navy Institute University College Foundation Doors Future Media
    Channel Telegram Kremlin House Palace Duma Parliament Congress Senate"""
)


_TITLES = _wordset(
    """President Prime Minister Ambassador Archbishop Director Secretary General Chairman Senator
    Governor Mayor King Queen Pope Mr Mr. Mrs Mrs. Ms Ms. Dr Dr. Deputy Foreign Vice Chief"""
)


def _strip_leading(name: str) -> str:
    """A capitalised sequence without the sentence-opening words and titles before the name."""
    tokens = name.split()
    while tokens and (tokens[0] in _LEADING_STOP or tokens[0] in _TITLES):
        tokens = tokens[1:]
    return " ".join(tokens)


def _capitalised_word_before(text: str, start: int) -> bool:
    """Whether the name at `start` continues a capitalised sequence ("RIA Novosti", "State Department")."""
    m = re.search(rf"([A-Za-z][\w.-]*){_SP}$", text[max(0, start - 40) : start])
    return m is not None and m.group(1)[:1].isupper() and m.group(1) not in _LEADING_STOP


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 8) : start].rstrip(" \u00a0\"'\u201c\u2018(")
    return not before or before[-1] in ".!?\n:"


def _build_persons(texts: Sequence[str]) -> tuple[tuple[str, ...], dict[str, str]]:
    """Person names in the corpus, found from cues in the text itself (no gazetteer).

    A capitalised sequence is a person when it follows a role word ("dictator Kim Jong Un",
    "President Yoon") or, more often than it follows a place preposition ("in", "to", "against"
    …), precedes a speech or action verb ("Putin said"). Sequences ever written after "the" ("the
    Kremlin", "the US") and sequences with an institution word are not persons. The first and
    last words of a person's full name count too when the text uses them alone ("Kim", "Putin").
    Returns the names (longest first) and a display title for names that had a title ("Yoon" →
    "President Yoon").
    """
    role_named: dict[str, str] = {}
    verb_counts: dict[str, int] = {}
    for text in texts:
        for m in _ROLE_CUE.finditer(text):
            name = _strip_leading(m.group("name"))
            if name:
                role = m.group("role")
                role_named.setdefault(name, role if role[:1].isupper() else "")
        for m in _VERB_CUE.finditer(text):
            name = _strip_leading(m.group("name"))
            offset = m.start("name") + m.group("name").find(name) if name else -1
            if not name or _capitalised_word_before(text, offset):
                continue
            verb_counts[name] = verb_counts.get(name, 0) + 1
    joined = "\n".join(texts)
    # What follows "the" and the place prepositions, counted once for every leading run of words.
    after_the: set[tuple[str, ...]] = set()
    after_place: dict[tuple[str, ...], int] = {}
    for pattern, into in ((_AFTER_THE, None), (_AFTER_PLACE, after_place)):
        for m in pattern.finditer(joined):
            words = tuple(m.group("name").split())
            for k in range(1, len(words) + 1):
                if into is None:
                    after_the.add(words[:k])
                else:
                    into[words[:k]] = into.get(words[:k], 0) + 1

    persons: dict[str, str] = {}
    for name in sorted({*role_named, *verb_counts}):
        tokens = name.split()
        if len(tokens) > 4 or any(t in _INSTITUTION_WORDS for t in tokens):
            continue
        if tuple(tokens) in after_the:
            continue
        if name not in role_named:
            places = after_place.get(tuple(tokens), 0)
            # One cue is thin evidence for a lone word ("KCNA's own English says"): ask for two.
            needed = 2 if len(tokens) == 1 else 1
            if verb_counts.get(name, 0) <= places or verb_counts.get(name, 0) < needed:
                continue
            if len(tokens) == 1 and all(
                _sentence_initial(joined, m.start()) for m in _name_pattern(name).finditer(joined)
            ):
                continue
        persons[name] = role_named.get(name, "")
    for name in list(persons):
        tokens = name.split()
        if len(tokens) < 2:
            continue
        for token in {tokens[0], tokens[-1]}:
            if token in persons or token in _INSTITUTION_WORDS or len(token) < 3:
                continue
            if _find_persons(joined, [token]):  # used alone, not only inside the full name
                persons[token] = ""
    names = tuple(sorted(persons, key=lambda n: (-len(n), n)))
    titles = {n: f"{t} {n}" for n, t in persons.items() if t}
    return names, titles


@dataclass(frozen=True, slots=True)
class PersonMention:
    start: int
    end: int
    text: str


def _find_persons(
    text: str, names: Sequence[str], start: int = 0, end: int | None = None
) -> list[PersonMention]:
    """Whole-name mentions of known persons in text[start:end] (longest names first, no overlaps).

    A match that is only part of a longer capitalised sequence ("Kim" in "Kim Jong Il") is skipped.
    """
    stop = len(text) if end is None else end
    found: list[PersonMention] = []
    for name in names:
        for m in _name_pattern(name).finditer(text, start, stop):
            if any(m.start() < f.end and f.start < m.end() for f in found):
                continue
            if _capitalised_word_before(text, m.start()) or re.match(
                rf"{_SP}[A-Z][a-z]", text[m.end() :]
            ):
                continue
            found.append(PersonMention(m.start(), m.end(), m.group(0)))
    return sorted(found, key=lambda p: p.start)


@functools.lru_cache(maxsize=4096)
def _name_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(name).replace(chr(92) + ' ', _SP)}(?![\w-])")


def _same_person(a: str, b: str) -> bool:
    """Could two names be the same person? Conservative: any shared word ("Kim" ~ "Kim Jong Il")."""
    return bool(set(a.split()) & set(b.split()))


# ---------------------------------------------------------------------------------- the corpus


@dataclass(frozen=True, slots=True)
class _Span:
    annotation: AnnotationRecord
    start: int
    end: int

    @property
    def category(self) -> str:
        return self.annotation.category

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


@dataclass(frozen=True, slots=True)
class _Article:
    record: ArticleRecord
    paragraphs: tuple[tuple[int, int], ...]
    sentences: tuple[tuple[int, int], ...]
    usable: tuple[_Span, ...]  # published, not orphaned, resolved: the ones questions come from
    every: tuple[_Span, ...]  # every annotation whose span resolves, whatever its status

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def body(self) -> str:
        return self.record.body

    def paragraph_of(self, start: int, end: int) -> tuple[int, int] | None:
        for p in self.paragraphs:
            if p[0] <= start and end <= p[1]:
                return p
        return None

    def sentence_of(self, start: int, end: int) -> tuple[int, int] | None:
        """The sentence holding [start, end), or the run of sentences it spans."""
        first = [
            s for s in self.sentences if s[0] <= start < s[1] or (s[0] <= start and start == s[1])
        ]
        last = [s for s in self.sentences if s[0] < end <= s[1]]
        if not first or not last:
            return None
        return (first[0][0], last[-1][1])


def _resolve(body: str, annotation: AnnotationRecord) -> tuple[int, int] | None:
    """Where the annotation's quote is in the body: its stored position when that still holds the
    quote, else the occurrence nearest to it; None when the quote is gone."""
    exact = annotation.quote.exact
    if not exact:
        return None
    start, end = annotation.position.start, annotation.position.end
    if 0 <= start <= end <= len(body) and body[start:end] == exact:
        return (start, end)
    hits = [m.start() for m in re.finditer(re.escape(exact), body)]
    if not hits:
        return None
    best = min(hits, key=lambda h: abs(h - start))
    return (best, best + len(exact))


@dataclass(frozen=True, slots=True)
class _NamedSource:
    text: str  # as offered in a choice
    kind: str  # person | outlet | agency | attribution
    words: frozenset[str]


_AGENCY_AFTER_CUE = re.compile(
    rf"\b(?:agency|agencies|group|charity|outlet|broadcaster|newspaper|wire service){_SP}+"
    rf"(?:such{_SP}as{_SP}+)?(?P<name>(?:[A-Z][A-Za-z]*)(?:{_SP}[A-Z][A-Za-z]*){{0,3}})"
)
_AGENCY_BEFORE_CUE = re.compile(
    rf"\b(?P<name>[A-Z]{{2,6}}|[A-Z][a-z]+(?:{_SP}[A-Z][a-z]+){{0,2}}),{_SP}+(?:[A-Z][\w']*{_SP}+)?"
    rf"(?:a|an|the)?{_SP}*(?:[\w-]+{_SP}+){{0,3}}(?:news{_SP}+)?(?:agency|charity|group|outlet|broadcaster|newspaper)\b"
)
_AGENCY_WIRE = re.compile(rf"\b(?P<name>[A-Z]{{2,6}}){_SP}+wire\b")


@dataclass(frozen=True, slots=True)
class CorpusIndex:
    """What the generators need to know about a corpus, computed once: each article's paragraphs,
    sentences and resolved annotation spans, plus corpus-wide pools of dates, numbers, person
    names and named sources for distractors. Articles are de-duplicated by id (first wins)."""

    articles: tuple[_Article, ...]
    persons: tuple[str, ...]
    person_titles: Mapping[str, str]
    dates: tuple[DateMention, ...]
    numbers: tuple[NumberMention, ...]
    named_sources: tuple[_NamedSource, ...]
    person_counts: Mapping[str, int]  # mentions in the bodies

    @classmethod
    def of(cls, articles: Iterable[ArticleRecord]) -> CorpusIndex:
        """Index a corpus. Pools are built from the bodies and from published annotations' notes
        and claims as reviewed (drafts are not shown to students, so they feed nothing)."""
        seen: set[str] = set()
        indexed: list[_Article] = []
        for record in articles:
            if record.id in seen:
                continue
            seen.add(record.id)
            paragraphs = tuple(_paragraph_spans(record.body))
            sentences = tuple(s for p in paragraphs for s in _sentence_spans(record.body, *p))
            every: list[_Span] = []
            for annotation in record.annotations:
                where = _resolve(record.body, annotation)
                if where is not None:
                    every.append(_Span(annotation, *where))
            every.sort(key=lambda s: (s.start, s.end, s.annotation.id))
            usable = tuple(
                s
                for s in every
                if s.annotation.status == "published" and s.annotation.anchor_state != "orphaned"
            )
            indexed.append(_Article(record, paragraphs, sentences, usable, tuple(every)))
        texts: list[str] = []
        for art in indexed:
            texts.append(art.body)
            for span in art.usable:
                if span.annotation.note:
                    texts.append(_plain(span.annotation.note))
                if span.annotation.claim_reviewed:
                    texts.append(span.annotation.claim_reviewed)
        persons, titles = _build_persons(texts)
        dates: list[DateMention] = []
        numbers: list[NumberMention] = []
        for text in texts:
            found = find_dates(text)
            dates.extend(found)
            numbers.extend(find_numbers(text, dates=found))
        counts: dict[str, int] = {}
        for art in indexed:
            for mention in _find_persons(art.body, persons):
                counts[mention.text] = counts.get(mention.text, 0) + 1
        # Distractor pools hold each value once (first mention wins), so lookups stay small.
        unique_dates = tuple({d.value: d for d in reversed(dates)}.values())[::-1]
        unique_numbers = tuple({(n.kind, n.value): n for n in reversed(numbers)}.values())[::-1]
        index = cls(tuple(indexed), persons, titles, unique_dates, unique_numbers, (), counts)
        return cls(
            index.articles,
            persons,
            titles,
            index.dates,
            index.numbers,
            _named_sources(index, texts),
            counts,
        )


def _named_sources(index: CorpusIndex, texts: Sequence[str]) -> tuple[_NamedSource, ...]:
    """Real named sources in the corpus, for sourcing distractors: persons, the articles' outlets,
    news agencies and groups named in notes, and the sources attribution annotations give."""
    out: dict[str, _NamedSource] = {}

    def add(text: str, kind: str) -> None:
        text = " ".join(text.split())
        key = _fold(text)
        if text and key not in out:
            out[key] = _NamedSource(text, kind, frozenset(_words(text)))

    for name in index.persons:
        if len(name.split()) >= 2 or name in index.person_titles:
            add(index.person_titles.get(name, name), "person")
    for art in index.articles:
        if art.record.outlet:
            add(art.record.outlet, "outlet")
    for text in texts:
        for pattern in (_AGENCY_AFTER_CUE, _AGENCY_BEFORE_CUE, _AGENCY_WIRE):
            for m in pattern.finditer(text):
                name = (
                    _strip_leading(m.group("name"))
                    if not m.group("name").isupper()
                    else m.group("name")
                )
                if (
                    name
                    and name not in index.persons
                    and not any(_same_person(name, p) for p in index.persons)
                ):
                    add(name, "agency")
    for art in index.articles:
        for span in art.usable:
            if span.category == "attribution":
                src = _attributed_source(span.annotation.quote.exact)
                if src:
                    add(src, "attribution")
    return tuple(sorted(out.values(), key=lambda s: (s.kind, _fold(s.text))))


# --------------------------------------------------------------------------- question plumbing

VERSIONS: dict[str, int] = {
    "verdict": 1,
    "hot-text": 1,
    "sourcing": 1,
    "which-article": 1,
    "cloze": 1,
    "timeline": 1,
}


def fingerprint(
    generator: str, version: int, anchor: Sequence[str], key: Mapping[str, object]
) -> str:
    """SHA-256 (hex) of the generator, its version, the annotation ids and quotes the question
    comes from (`anchor`) and the question's key (stem and correct answers; JSON-serialisable)."""
    payload = json.dumps(
        {"generator": generator, "version": version, "anchor": list(anchor), "key": key},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def question_id(generator: str, fingerprint_hex: str) -> str:
    """The stable id of a generated question: `gen-<generator>-<10 hex digits>`."""
    return f"gen-{generator}-{fingerprint_hex[:10]}"


def _rng(seed: int, fingerprint_hex: str) -> random.Random:
    return random.Random(f"{seed}:{fingerprint_hex}")


def _question(
    name: str,
    fp: str,
    *,
    kind: str,
    skill: str,
    difficulty: int,
    prompt: str,
    explanation: str,
    articles: Sequence[str],
    annotation_id: str,
    passage: str | None = None,
    choices: Sequence[Choice] = (),
    text: str | None = None,
    blanks: Sequence[Blank] = (),
) -> QuestionRecord:
    return QuestionRecord(
        id=question_id(name, fp),
        kind=kind,
        skill=skill,
        difficulty=max(1, min(3, difficulty)),
        prompt=prompt,
        explanation=explanation,
        articles=tuple(articles),
        annotation_id=annotation_id,
        passage=passage,
        choices=tuple(choices),
        text=text,
        blanks=tuple(blanks),
        status="draft",
        version=1,
        provenance=Provenance(
            origin="generated",
            generator=name,
            generator_version=VERSIONS[name],
            annotation_id=annotation_id,
            fingerprint=fp,
        ),
        tags=("generated", name),
    )


def _shuffled(items: Sequence[Choice], rng: random.Random) -> tuple[Choice, ...]:
    out = list(items)
    rng.shuffle(out)
    return tuple(out)


# ------------------------------------------------------------------------------ 1. verdict

# Pairs of verdicts whose borders blur: FACTS.md itself writes these combinations ("partly
# accurate / misleading", "inaccurate / misleading", "partly accurate / opinion", "partly accurate /
# unverified detail", "unverified / opinion"). A distractor is never blurred with the key.
BLURRED_VERDICTS: frozenset[frozenset[str]] = frozenset(
    frozenset(pair)
    for pair in (
        ("partly-accurate", "misleading"),
        ("inaccurate", "misleading"),
        ("partly-accurate", "opinion"),
        ("partly-accurate", "unverified"),
        ("unverified", "opinion"),
    )
)

# The wrong options offered for each verdict. Derived from BLURRED_VERDICTS plus one one-way rule:
# when the key is "accurate", neither "partly accurate" nor "misleading" is offered, because an
# accurate verdict's note often carries "one simplification" or "accurate but incomplete" (FACTS.md
# A1-1, A1-11), so either could be argued. The reverse does not hold: a "partly accurate" or
# "misleading" verdict means the fact-check found a real problem, so "Accurate" is plainly wrong
# there, and it is the misconception worth catching. With those rules, "partly accurate",
# "unverified" and "opinion" keep only two safe distractors each, and get three options, not four:
# a short clean item is better than a fourth option someone could defend.
VERDICT_DISTRACTORS: dict[str, tuple[str, ...]] = {
    "accurate": ("inaccurate", "unverified", "opinion"),
    "partly-accurate": ("accurate", "inaccurate"),
    "misleading": ("accurate", "unverified", "opinion"),
    "inaccurate": ("accurate", "unverified", "opinion"),
    "unverified": ("accurate", "inaccurate"),
    "opinion": ("accurate", "inaccurate"),
}

_VERDICT_MEANINGS: dict[str, str] = {
    "accurate": "the evidence backs the claim",
    "partly-accurate": "part of the claim is right and part is wrong",
    "misleading": "it may use real facts, but it gives a false impression",
    "inaccurate": "the evidence shows the claim is wrong",
    "unverified": "there is not enough evidence to check it either way",
    "opinion": "it is a view or a judgement, not a fact that can be checked",
}

_VERDICT_DIFFICULTY: dict[str, int] = {
    "accurate": 1,
    "inaccurate": 1,
    "partly-accurate": 2,
    "unverified": 2,
    "opinion": 2,
    "misleading": 3,
}


def _make_verdict(index: CorpusIndex, seed: int) -> list[QuestionRecord]:
    """One single-choice question per published claim with a verdict and a claim as reviewed:
    "How does the fact-check rate this claim?" over the verdict labels (VERDICT_DISTRACTORS)."""
    out: list[QuestionRecord] = []
    for art in index.articles:
        for span in art.usable:
            ann = span.annotation
            if (
                ann.category != "claim"
                or ann.verdict not in VERDICTS
                or not (ann.claim_reviewed or "").strip()
            ):
                continue
            verdict = ann.verdict
            claim = _unquote_end(ann.claim_reviewed or "")
            fp = fingerprint(
                "verdict",
                VERSIONS["verdict"],
                [ann.id, ann.quote.exact],
                {"claim": claim, "verdict": verdict},
            )
            choices = [
                Choice(
                    id=v,
                    text=VERDICT_LABELS[v],
                    correct=v == verdict,
                    feedback=(
                        f"Yes. {VERDICT_LABELS[v]} means {_VERDICT_MEANINGS[v]}."
                        if v == verdict
                        else f"Not this one: {VERDICT_LABELS[v]} would mean {_VERDICT_MEANINGS[v]}."
                    ),
                )
                for v in (verdict, *VERDICT_DISTRACTORS[verdict])
            ]
            note = _explain(ann.note)
            label = VERDICT_LABELS[verdict]
            explanation = _with_label(label, note, lead="The fact-check rates it")
            out.append(
                _question(
                    "verdict",
                    fp,
                    kind="single-choice",
                    skill="evidence",
                    difficulty=_VERDICT_DIFFICULTY[verdict],
                    prompt=f"How does the fact-check rate this claim: \u201c{claim}\u201d?",
                    explanation=explanation,
                    articles=[art.id],
                    annotation_id=ann.id,
                    passage=art.body[span.start : span.end],
                    choices=_shuffled(choices, _rng(seed, fp)),
                )
            )
    return out


# ----------------------------------------------------------------------------- 2. hot-text

# Words whose connotation makes them arguable as "neutral" even when nobody annotated them, so
# they are never offered as the plain alternative. Matched as word prefixes.
_EVALUATIVE = _wordtuple(
    """dictat regime harsh cruel brutal illicit illegal slew raft buckl isolat threat absurd
    oppress claim demand slam blast condemn terror evil rogue propaganda tortur heighten fear
    alarm shock heavy steady constant best worst praise notorious infamous lavish luxur
    high-end strongman despot tyrant puppet so-called mere staunch unwavering historic
    breakthrough dramatic massive huge devastat escalat aggress hostil menac danger reckless
    provocat defian pariah outcast genocid atroci barbar savage slaughter crush crack bully
    blackmail invade enem invasi war death kill weapon gratitude solidarity incarcerat camps
    condemn decided even only long steal stole secret shadow plot"""
)
_BLOCKING_CATEGORIES = frozenset({"loaded-language", "framing", "attribution"})
_WORD_TOKEN = re.compile(r"[A-Za-z][A-Za-z\u2019'-]*[A-Za-z]|[A-Za-z]")
_QUOTED = re.compile(r"\u201c[^\u201d]*\u201d|\"[^\"]*\"|\u2018[^\u2019]*\u2019(?![a-z])")


def _evaluative(phrase: str) -> bool:
    return any(word.startswith(stem) for word in _words(phrase) for stem in _EVALUATIVE)


def _phrase_candidates(body: str, start: int, end: int, max_words: int) -> list[tuple[int, int]]:
    """Runs of 1…max_words words inside body[start:end] with only spaces between them."""
    tokens = [(m.start(), m.end()) for m in _WORD_TOKEN.finditer(body, start, end)]
    out: list[tuple[int, int]] = []
    for i in range(len(tokens)):
        for n in range(1, max_words + 1):
            if i + n > len(tokens):
                break
            run = tokens[i : i + n]
            if any(
                not re.fullmatch(rf"{_SP}+", body[a[1] : b[0]]) for a, b in itertools.pairwise(run)
            ):
                break
            out.append((run[0][0], run[-1][1]))
    return out


_VERBISH = _wordset(
    """became become becomes occurred occurs happened happens comes came continue continues
    consist consists take takes took made make makes gave give gives went go goes got get gets
    seem seems seemed remain remains remained include includes included"""
)
_MODIFIER_ENDINGS = ("ic", "al", "ive", "ous", "ful", "less", "able", "ible", "ary")


def _neutral_phrase(text: str) -> bool:
    """Plain words that read as a unit: a single content word, or a run of 2–3 content words with
    no function word inside that ends on a noun-like word (not "-ing", "-ed", "-ly", a common verb
    or an adjective ending), so a fragment such as "two nations facing" is never offered. No
    names, digits or evaluative words, and at least one word of 4+ letters."""
    words = text.replace("\u00a0", " ").split()
    bare = [w.strip("\u2019'").casefold() for w in words]
    if not bare or any(w in _STOPWORDS for w in bare):
        return False
    if any(w[:1].isupper() for w in words) or any(c.isdigit() for c in text):
        return False
    if not any(len(w) >= 4 for w in bare):
        return False
    if len(bare) > 1:
        last = bare[-1]
        if last in _VERBISH or last.endswith(("ing", "ed", "ly", *_MODIFIER_ENDINGS)):
            return False
        if any(w.endswith("ly") or w in _VERBISH for w in bare):
            return False
    return not _evaluative(text)


def _make_hot_text(index: CorpusIndex, seed: int) -> list[QuestionRecord]:
    """One hot-text question per paragraph with published loaded-language annotations.

    The passage is the paragraph, verbatim. The key is every loaded-language phrase annotated in
    it. Distractors are phrases of the same paragraph that (a) overlap no loaded-language,
    framing or attribution annotation and no claim rated "opinion", whatever its status, nor any
    occurrence of a loaded-language or framing quote; (b) sit outside quotation marks; (c) are plain words (no names, digits or
    evaluative words); (d) occur once in the paragraph; (e) are about as long as the key
    phrases. They are picked by closeness in length, ties broken by a seed-free hash, and spread
    so that no two touch.
    """
    out: list[QuestionRecord] = []
    for art in index.articles:
        body = art.body
        groups: dict[tuple[int, int], list[_Span]] = {}
        for span in art.usable:
            if span.category == "loaded-language":
                para = art.paragraph_of(span.start, span.end)
                if para is not None:
                    groups.setdefault(para, []).append(span)
        for para, spans in sorted(groups.items()):
            p0, p1 = para
            passage = body[p0:p1]
            keys: dict[tuple[int, int], _Span] = {}
            for span in spans:
                keys.setdefault((span.start, span.end), span)
            correct = sorted(keys.items())
            blocked = [
                (s.start, s.end)
                for s in art.every
                if s.overlaps(p0, p1)
                and (s.category in _BLOCKING_CATEGORIES or s.annotation.verdict == "opinion")
            ]
            for ann in art.record.annotations:
                if ann.category in ("loaded-language", "framing") and ann.quote.exact:
                    blocked.extend(
                        (p0 + m.start(), p0 + m.end())
                        for m in re.finditer(re.escape(ann.quote.exact), passage)
                    )
            blocked.extend((p0 + m.start(), p0 + m.end()) for m in _QUOTED.finditer(passage))
            key_texts = [body[s:e] for (s, e), _ in correct]
            target = max(6, min(24, min(len(t) for t in key_texts)))
            max_words = max(1, min(3, max(len(t.split()) for t in key_texts)))
            pool: list[tuple[float, str, int, int]] = []
            for s, e in _phrase_candidates(body, p0, p1, max_words):
                text = body[s:e]
                if any(s < b1 and b0 < e for b0, b1 in blocked):
                    continue
                if not _neutral_phrase(text) or passage.count(text) != 1:
                    continue
                folded = _fold(text)
                if any(folded in _fold(k) or _fold(k) in folded for k in key_texts):
                    continue
                ratio = len(text) / target
                if not 0.35 <= ratio <= 2.0:
                    continue
                pool.append((abs(len(text) - target), _stable(art.id, p0, text), s, e))
            pool.sort()
            wanted = min(6 - len(correct), max(3, len(correct) + 1))
            taken: list[tuple[int, int]] = []
            occupied = [k for k, _ in correct]
            for _, _, s, e in pool:
                if len(taken) >= wanted:
                    break
                # Keep a word between any two choices, so none can be read as part of another.
                if any(s <= o1 + 1 and o0 <= e + 1 for o0, o1 in occupied):
                    continue
                gap_ok = all(
                    _WORD_TOKEN.search(body, min(e, o1), max(s, o0)) is not None
                    for o0, o1 in occupied
                )
                if not gap_ok:
                    continue
                taken.append((s, e))
                occupied.append((s, e))
            if len(taken) < 2:
                continue
            anchor = [
                x
                for (_, span) in correct
                for x in (span.annotation.id, span.annotation.quote.exact)
            ]
            fp = fingerprint(
                "hot-text", VERSIONS["hot-text"], anchor, {"passage": passage, "key": key_texts}
            )
            choices: list[tuple[int, Choice]] = []
            used_ids: set[str] = set()
            for (s, e), span in correct:
                cid = _unique_id(_slug(body[s:e]), used_ids)
                choices.append(
                    (
                        s,
                        Choice(
                            id=cid,
                            text=body[s:e],
                            correct=True,
                            feedback=_first_sentence(span.annotation.note) or None,
                        ),
                    )
                )
            for s, e in taken:
                cid = _unique_id(_slug(body[s:e]), used_ids)
                choices.append(
                    (
                        s,
                        Choice(
                            id=cid,
                            text=body[s:e],
                            feedback="Plain wording here: it describes without judging.",
                        ),
                    )
                )
            choices.sort(key=lambda c: c[0])
            many = len(correct) > 1
            prompt = (
                "Read the paragraph. Select every word or phrase that is loaded language: chosen to "
                "make you feel a certain way, not just to tell you what happened."
                if many
                else "Read the paragraph. Which word or phrase is loaded language: chosen to make you "
                "feel a certain way, not just to tell you what happened?"
            )
            if many:
                explanation = " ".join(
                    f"\u201c{body[s:e]}\u201d: {_first_sentence(span.annotation.note)}"
                    for (s, e), span in correct
                )
            else:
                explanation = _explain(correct[0][1].annotation.note)
            difficulty = 1 + (1 if many else 0) + (1 if len(passage) > 350 else 0)
            out.append(
                _question(
                    "hot-text",
                    fp,
                    kind="hot-text",
                    skill="language",
                    difficulty=difficulty,
                    prompt=prompt,
                    explanation=explanation or "This phrase is loaded language.",
                    articles=[art.id],
                    annotation_id=correct[0][1].annotation.id,
                    passage=passage,
                    choices=[c for _, c in choices],
                )
            )
    return out


def _unique_id(base: str, used: set[str]) -> str:
    cid, n = base, 2
    while cid in used:
        cid, n = f"{base}-{n}", n + 1
    used.add(cid)
    return cid


# ----------------------------------------------------------------------------- 3. sourcing

_VAGUE_NOTE = re.compile(
    r"\b(?:no named|not named|none is named|nobody is named|no one is named|unnamed|anonymous|"
    r"names no|credits no|does not name|doesn't name|without naming|cannot be checked|can't be "
    r"checked|could not be checked|unverifiable|gives no source|no source at all|vague attribution)\b"
    r"|\bno\b[^.]{0,40}\bis named\b",
    re.IGNORECASE,
)
_VAGUE_QUOTE = re.compile(
    r"\b(?:some|many|several|certain|unnamed|anonymous|independent)\s+(?:[a-z]+\s+)?"
    r"(?:journalists|experts|reporters|analysts|officials|observers|critics|sources|people|diplomats)\b"
    r"|\b(?:experts|sources|observers|critics|analysts|insiders)\s+(?:say|said|says|explain|explaining|"
    r"believe|claim|claimed|suggest)\b|\binner circle\b",
    re.IGNORECASE,
)
_ACCORDING = re.compile(
    r"^(?:according to|as reported by|reported by)\s+(?P<src>.+?)[,.]?$", re.IGNORECASE
)
_SOURCE_VERB = re.compile(
    r"^(?:in a statement,\s*)?(?P<src>.+?)\s+(?:(?:also|even|has|have|had)\s+)*"
    r"(?:said|says|revealed|reported|reports|announced|stated|wrote|told|explaining|explained)\b",
    re.IGNORECASE,
)
_PRONOUNS = _wordset("""he she it they we i you this that these those who someone""")


def _attributed_source(quote: str) -> str | None:
    """The source an attribution phrase names: "According to North Korean official media" →
    "North Korean official media"; "Some journalists said" → "Some journalists"."""
    text = " ".join(quote.split()).strip(" ,.")
    m = _ACCORDING.match(text) or _SOURCE_VERB.match(text)
    if not m:
        return None
    src = m.group("src").strip(" ,")
    words = src.split()
    if not words or len(words) > 6 or words[0].casefold() in _PRONOUNS:
        return None
    return src[:1].upper() + src[1:]


def _is_vague(ann: AnnotationRecord, persons: Sequence[str]) -> bool:
    """An attribution that names nobody a reader could look up (from its note or its wording)."""
    quote = ann.quote.exact
    if len(re.findall(r"[A-Za-z]{2,}", quote)) < 2 or _find_persons(quote, persons):
        return False
    return bool(_VAGUE_NOTE.search(_plain(ann.note)) or _VAGUE_QUOTE.search(quote))


def _make_sourcing(index: CorpusIndex, seed: int) -> list[QuestionRecord]:
    """Single-choice questions from published attribution annotations.

    Vague attributions (the note says nobody is named or it cannot be checked, or the wording is
    "some journalists", "experts explaining", "inner circle" …): "Which of these sources does the
    article name for it?" The key is "None of these …"; the distractors are real named sources
    from elsewhere in the corpus (persons, outlets, agencies, sources other attributions give),
    none of them mentioned in the paragraph or in the annotation's note, so none can be right.

    Named attributions ("According to X", "X said/revealed/reported"): "Who does the article give
    as the source?" The key is X; the distractors are other corpus sources sharing no word with X
    and not mentioned in the paragraph or the note. Other attributions (a verb choice, a misquote)
    are about language, not sourcing, and are skipped.
    """
    out: list[QuestionRecord] = []
    for art in index.articles:
        asked: set[tuple[int, bool]] = set()  # (sentence start, vague): one question each
        for span in art.usable:
            ann = span.annotation
            if ann.category != "attribution":
                continue
            sentence_span = art.sentence_of(span.start, span.end)
            para = art.paragraph_of(span.start, span.end)
            if sentence_span is None or para is None:
                continue
            sentence = art.body[sentence_span[0] : sentence_span[1]]
            nearby = _fold(art.body[para[0] : para[1]] + " \n " + _plain(ann.note))
            nearby_words = set(_words(nearby))
            vague = _is_vague(ann, index.persons)
            src = _attributed_source(ann.quote.exact)
            if not vague and (src is None or _VAGUE_QUOTE.search(src)):
                continue
            if not vague and src is not None and _fold(src) not in _fold(sentence):
                continue
            if (sentence_span[0], vague) in asked:
                continue

            candidates = [
                s
                for s in index.named_sources
                if not _mentioned(s, nearby, nearby_words)
                and s.text != art.record.outlet
                and (vague or not (_content_words(s.text) & _content_words(src or "")))
            ]
            distractors = _spread_sources(candidates, anchor=ann.id, count=3)
            if len(distractors) < 2:
                continue
            if vague:
                vague_src = _attributed_source(ann.quote.exact)
                correct_text = (
                    f"None of these: it only says \u201c{' '.join(ann.quote.exact.split())}\u201d"
                    if vague_src
                    and _VAGUE_QUOTE.search(ann.quote.exact)
                    and len(ann.quote.exact) <= 70
                    else "None of these: the article gives no source for it"
                )
                prompt = (
                    f"Read this from the article: \u201c{sentence}\u201d "
                    "Which of these sources does the article name for it?"
                )
                key = {"variant": "unnamed", "sentence": sentence}
            else:
                assert src is not None
                correct_text = src
                prompt = (
                    f"Read this from the article: \u201c{sentence}\u201d "
                    "Who does the article give as the source of this information?"
                )
                key = {"variant": "named", "sentence": sentence, "source": src}
            fp = fingerprint("sourcing", VERSIONS["sourcing"], [ann.id, ann.quote.exact], key)
            choices = [
                Choice(
                    id="named-none" if vague else "source",
                    text=correct_text,
                    correct=True,
                    feedback=_first_sentence(ann.note) or None,
                )
            ]
            used = {choices[0].id}
            for source in distractors:
                choices.append(
                    Choice(
                        id=_unique_id(_slug(source.text), used),
                        text=source.text,
                        feedback=f"{source.text} is not mentioned in this part of the article.",
                    )
                )
            asked.add((sentence_span[0], vague))
            out.append(
                _question(
                    "sourcing",
                    fp,
                    kind="single-choice",
                    skill="sourcing",
                    difficulty=2 if vague else 1,
                    prompt=prompt,
                    explanation=_explain(ann.note) or "Look for who the article names.",
                    articles=[art.id],
                    annotation_id=ann.id,
                    passage=sentence,
                    choices=_shuffled(choices, _rng(seed, fp)),
                )
            )
    return out


def _mentioned(source: _NamedSource, nearby: str, nearby_words: set[str]) -> bool:
    """Whether a named source appears in the folded text (a person by any word of the name)."""
    if source.kind == "person":
        return bool(source.words & nearby_words)
    return _fold(source.text) in nearby or (
        source.text.isupper() and _fold(source.text) in nearby_words
    )


def _spread_sources(
    candidates: Sequence[_NamedSource], *, anchor: str, count: int
) -> list[_NamedSource]:
    """Up to `count` sources of different kinds where possible, in a seed-free, anchor-specific order."""
    by_kind: dict[str, list[_NamedSource]] = {}
    for s in sorted(candidates, key=lambda s: _stable(anchor, s.text)):
        by_kind.setdefault(s.kind, []).append(s)
    picked: list[_NamedSource] = []
    kinds = sorted(by_kind, key=lambda k: _stable(anchor, k))
    while len(picked) < count and any(by_kind.values()):
        for kind in kinds:
            if by_kind[kind] and len(picked) < count:
                source = by_kind[kind].pop(0)
                if not any(source.words & p.words for p in picked):
                    picked.append(source)
    return picked


# ------------------------------------------------------------------------ 4. which-article

_NOT_ACCURATE = frozenset({"partly-accurate", "misleading", "inaccurate"})


def _make_which_article(index: CorpusIndex, seed: int) -> list[QuestionRecord]:
    """Single-choice "which article…?" questions from claim_keys shared by 2–4 articles.

    "Says" questions, one per annotation in the group: "Which article uses these exact words: …?"
    The key is worked out from the text itself, not assumed: the article(s) whose body contains
    the quote (ignoring spacing, quote and dash style); "Both"/"All" when every article in the
    group does. A quote found in some but not all of several articles is skipped.

    "Accuracy" question, one per group: when exactly one article's annotations on the claim are
    all rated accurate and every other article's are partly accurate, misleading or inaccurate:
    "Which article's version does the fact-check rate as accurate?" over the titles, "Both" and
    "Neither".
    """
    groups: dict[str, dict[str, list[_Span]]] = {}
    order = {art.id: i for i, art in enumerate(index.articles)}
    by_id = {art.id: art for art in index.articles}
    for art in index.articles:
        for span in art.usable:
            key = span.annotation.claim_key
            if key:
                groups.setdefault(key, {}).setdefault(art.id, []).append(span)
    out: list[QuestionRecord] = []
    for claim_key in sorted(groups):
        members = groups[claim_key]
        article_ids = sorted(members, key=order.__getitem__)
        if not 2 <= len(article_ids) <= 4:
            continue
        both = "Both articles" if len(article_ids) == 2 else "All of these articles"
        neither = "Neither article" if len(article_ids) == 2 else "None of these articles"

        def title(aid: str) -> str:
            rec = by_id[aid].record
            return f"\u201c{rec.title}\u201d" + (f" ({rec.outlet})" if rec.outlet else "")

        for aid in article_ids:
            for span in members[aid]:
                ann = span.annotation
                quote = by_id[aid].body[span.start : span.end]
                holders = [a for a in article_ids if _fold(quote) in _fold(by_id[a].body)]
                if len(holders) == len(article_ids):
                    correct_id = "both"
                elif len(holders) == 1:
                    correct_id = f"art-{holders[0]}"
                else:
                    continue
                fp = fingerprint(
                    "which-article",
                    VERSIONS["which-article"],
                    [ann.id, ann.quote.exact],
                    {
                        "variant": "says",
                        "claim_key": claim_key,
                        "articles": article_ids,
                        "answer": correct_id,
                    },
                )
                choices = [
                    Choice(
                        id=f"art-{a}",
                        text=title(a),
                        correct=correct_id == f"art-{a}",
                        feedback=(
                            "Yes: these are its words."
                            if correct_id == f"art-{a}"
                            else "This article reports the same point, but in other words."
                        ),
                    )
                    for a in article_ids
                ]
                choices.append(
                    Choice(
                        id="both",
                        text=both,
                        correct=correct_id == "both",
                        feedback=None
                        if correct_id == "both"
                        else "Only one of them uses these words.",
                    )
                )
                explanation = (
                    f"These words are from {title(holders[0])}. {_explain(ann.note)}".strip()
                )
                if correct_id == "both":
                    explanation = f"Every one of these articles uses these words. {_explain(ann.note)}".strip()
                out.append(
                    _question(
                        "which-article",
                        fp,
                        kind="single-choice",
                        skill="corroboration",
                        difficulty=1,
                        prompt=(
                            "These articles report the same point. Which one uses these exact words: "
                            f"\u201c{' '.join(quote.split())}\u201d?"
                        ),
                        explanation=explanation,
                        articles=article_ids,
                        annotation_id=ann.id,
                        passage=quote,
                        choices=_shuffled(choices, _rng(seed, fp)),
                    )
                )
        verdicts = {a: {s.annotation.verdict or "" for s in members[a]} for a in article_ids}
        right = [a for a in article_ids if verdicts[a] == {"accurate"}]
        if len(right) != 1 or not all(
            verdicts[a] and verdicts[a] <= _NOT_ACCURATE for a in article_ids if a != right[0]
        ):
            continue
        good = next(
            (s for s in members[right[0]] if (s.annotation.claim_reviewed or "").strip()), None
        )
        if good is None:
            continue
        ann = good.annotation
        claim = _unquote_end(ann.claim_reviewed or "")
        fp = fingerprint(
            "which-article",
            VERSIONS["which-article"],
            [ann.id, ann.quote.exact],
            {
                "variant": "accuracy",
                "claim_key": claim_key,
                "claim": claim,
                "articles": article_ids,
                "answer": right[0],
            },
        )
        choices = []
        notes = []
        for a in article_ids:
            label = " / ".join(
                VERDICT_LABELS[v] for v in sorted(verdicts[a], key=VERDICTS.index) if v
            )
            choices.append(
                Choice(
                    id=f"art-{a}",
                    text=title(a),
                    correct=a == right[0],
                    feedback=f"The fact-check rates this article's version: {label}.",
                )
            )
            if a != right[0]:
                first = members[a][0].annotation
                notes.append(f"{title(a)}: {_with_label(label, _first_sentence(first.note))}")
        choices.append(Choice(id="both", text=both, feedback="Only one version is rated accurate."))
        choices.append(
            Choice(id="neither", text=neither, feedback="One version is rated accurate.")
        )
        explanation = " ".join(
            [
                f"{title(right[0])}: {_with_label('Accurate', _first_sentence(ann.note))}",
                *notes,
            ]
        )
        out.append(
            _question(
                "which-article",
                fp,
                kind="single-choice",
                skill="corroboration",
                difficulty=3,
                prompt=(
                    f"{'Both' if len(article_ids) == 2 else 'These'} articles report this: "
                    f"\u201c{claim}\u201d. Which article's version does the fact-check rate as accurate?"
                ),
                explanation=explanation,
                articles=article_ids,
                annotation_id=ann.id,
                passage=by_id[right[0]].body[good.start : good.end],
                choices=_shuffled(choices, _rng(seed, fp)),
            )
        )
    return out


# -------------------------------------------------------------------------------- 5. cloze


@dataclass(frozen=True, slots=True)
class _Blankable:
    start: int
    end: int
    text: str
    kind: str  # date | number | name
    options: tuple[str, ...]  # distractors, best first


def _date_distractors(
    answer: DateMention, sentence_dates: Sequence[DateMention], pool: Sequence[DateMention]
) -> list[str]:
    """Other dates from the corpus, cut to the answer's precision and written in its style; never
    one that could name the same day as the answer or as any other date in the sentence."""
    seen: set[tuple[int | None, ...]] = set()
    ranked: list[tuple[float, str, str]] = []
    here = _date_position(answer.value)
    for candidate in pool:
        value = _project(candidate, answer)
        if value is None or value in seen:
            continue
        seen.add(value)
        if any(_dates_clash(value, d.value) for d in sentence_dates):
            continue
        ranked.append(
            (
                abs(_date_position(value) - here),
                _stable(answer.text, value),
                _render_date(value, answer),
            )
        )
    ranked.sort()
    return [text for _, _, text in ranked]


def _number_distractors(
    answer: NumberMention, sentence_numbers: Sequence[NumberMention], pool: Sequence[NumberMention]
) -> list[str]:
    """Other quantities of the same kind from the corpus, written in the answer's style; never one
    within 10 % of the answer or of another number in the sentence. Counts stay within a factor of
    20 of the answer; percentages differ by at least 5 points."""
    seen: set[float] = set()
    ranked: list[tuple[int, float, str, str]] = []
    for candidate in pool:
        value = candidate.value
        if candidate.kind != answer.kind or value in seen or value <= 0:
            continue
        seen.add(value)
        if any(n.kind == answer.kind and _numbers_clash(value, n.value) for n in sentence_numbers):
            continue
        if answer.kind == "percent":
            if abs(value - answer.value) < 5 or value > 100:
                continue
        elif max(value, answer.value) / min(value, answer.value) > 20:
            continue
        ranked.append(
            (
                0 if _round(value) == _round(answer.value) else 1,
                abs(math.log(value / answer.value)),
                _stable(answer.text, value),
                _render_number(value, answer),
            )
        )
    ranked.sort()
    return [text for *_, text in ranked]


def _person_distractors(
    answer: str, sentence_persons: Sequence[str], index: CorpusIndex
) -> list[str]:
    """Other persons of the corpus sharing no word with anyone named in the sentence, the most
    mentioned first (a prominent name is a plausible one)."""
    ranked = sorted(
        (
            n
            for n in index.persons
            if not any(_same_person(n, s) for s in (answer, *sentence_persons))
        ),
        key=lambda n: (-index.person_counts.get(n, 0), _stable(answer, n)),
    )
    picked: list[str] = []
    for name in ranked:
        if not any(_same_person(name, p) for p in picked):
            picked.append(name)
    return picked


def _make_cloze(index: CorpusIndex, seed: int) -> list[QuestionRecord]:
    """At most one cloze question per body sentence that a published annotation touches.

    What to blank, in order of preference: a date ("June 19", "February 2022", "2022"), a number
    ("fifty thousand", "80%"), a person's name. A mention is skipped when it is one end of a date
    range, when the same value or name also appears elsewhere in the sentence (it would give the
    answer away), or when fewer than two safe distractors exist. The blank is a drop-down of the
    answer and up to three same-type distractors from the rest of the corpus (see
    `_date_distractors`, `_number_distractors`, `_person_distractors`).
    """
    out: list[QuestionRecord] = []
    for art in index.articles:
        body = art.body
        names_used: set[str] = set()  # a name is blanked once per article: more is rote
        for s0, s1 in art.sentences:
            sentence = body[s0:s1]
            touching = [
                sp for sp in art.usable if sp.overlaps(s0, s1) and sp.category != "question"
            ]
            if not touching or "{" in sentence or "}" in sentence:
                continue
            dates = find_dates(body, s0, s1)
            numbers = find_numbers(body, s0, s1, dates=dates)
            persons = _find_persons(body, index.persons, s0, s1)
            candidates: list[_Blankable] = []
            for d in dates:
                if _date_in_range(body, d) or any(
                    o is not d and _dates_clash(o.value, d.value) for o in dates
                ):
                    continue
                candidates.append(
                    _Blankable(
                        d.start,
                        d.end,
                        d.text,
                        "date",
                        tuple(_date_distractors(d, dates, index.dates)),
                    )
                )
            for n in numbers:
                if any(o is not n and _numbers_clash(o.value, n.value) for o in numbers):
                    continue
                candidates.append(
                    _Blankable(
                        n.start,
                        n.end,
                        n.text,
                        "number",
                        tuple(_number_distractors(n, numbers, index.numbers)),
                    )
                )
            for p in persons:
                others = [o.text for o in persons if o is not p]
                if any(_same_person(p.text, o) for o in (*others, *names_used)):
                    continue
                candidates.append(
                    _Blankable(
                        p.start,
                        p.end,
                        p.text,
                        "name",
                        tuple(_person_distractors(p.text, others, index)),
                    )
                )
            chosen = next((c for c in candidates if len(c.options) >= 2), None)
            if chosen is None:
                continue
            if chosen.kind == "name":
                names_used.add(chosen.text)
            covering = sorted(
                touching,
                key=lambda sp: (
                    not (sp.start <= chosen.start and chosen.end <= sp.end),
                    sp.category != "claim",
                    sp.end - sp.start,
                    sp.start,
                ),
            )
            ann = covering[0].annotation
            offset = chosen.start - s0
            fp = fingerprint(
                "cloze",
                VERSIONS["cloze"],
                [ann.id, ann.quote.exact],
                {
                    "sentence": sentence,
                    "offset": offset,
                    "answer": chosen.text,
                    "type": chosen.kind,
                },
            )
            options = [chosen.text, *chosen.options[:3]]
            _rng(seed, fp).shuffle(options)
            text = sentence[:offset] + "{1}" + sentence[chosen.end - s0 :]
            explanation = (
                f"The article says \u201c{chosen.text}\u201d. {_explain(ann.note)}".strip()
            )
            out.append(
                _question(
                    "cloze",
                    fp,
                    kind="cloze",
                    skill="detail",
                    difficulty=1 if chosen.kind == "name" else 2,
                    prompt="Fill in the blank with the words the article uses.",
                    explanation=explanation,
                    articles=[art.id],
                    annotation_id=ann.id,
                    text=text,
                    blanks=[Blank(accepted=(chosen.text,), options=tuple(options))],
                )
            )
    return out


# ----------------------------------------------------------------------------- 6. timeline

_CLAUSE_SPLIT = re.compile(
    r";\s+|:\s+|,\s+(?=(?:and|but|while|although|though|whereas|so|yet)\b)|\s+[\u2013\u2014]\s+"
)
_LEADING_RELATIVE = re.compile(
    r"^(?:[\w-]+\s+){0,3}(?:earlier|later|before|after|ago)\s*,\s*", re.IGNORECASE
)
_LEADING_CONJUNCTION = re.compile(
    r"^(?:and|but|so|yet|while|although|though|whereas)\s+", re.IGNORECASE
)
_EVENT_REJECT = re.compile(
    r"\b(?:not|never|no|wrong|false|incorrect|misdat\w*|off|clash\w*|article|articles|earlier|later|"
    r"next day|same day|that day|that night|day before|if|would|might|may|could|says|claims)\b",
    re.IGNORECASE,
)
_PRONOUN_START = re.compile(
    r"^(?:it|its|he|his|she|her|they|their|them|this|that|these|those|which|who|there|here)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Event:
    when: dt.date
    text: str
    annotation_id: str


def _event_text(clause: str, mention: DateMention) -> str | None:
    """The clause with its date (and the preposition before it) taken out, tidied; None when what
    is left is not a self-contained event of 3–20 words."""
    pattern = (
        rf"(?:,\s*)?(?:\b(?:on|in|of|by|since|from|until|dated)\s+)?"
        rf"(?:the\s+(?:morning|afternoon|evening|night)\s+of\s+)?(?:{_WEEKDAYS},?\s+)?"
        rf"{re.escape(mention.text)}(?:\s*\([^)]*\))?"
    )
    text = re.sub(pattern, "", clause, count=1)
    text = re.sub(r"\s*\([^)]*\)", "", text)
    text = _LEADING_RELATIVE.sub("", " ".join(text.split()))
    text = _LEADING_CONJUNCTION.sub("", text)
    text = re.sub(r"\s+([,.;:])", r"\1", text).strip(" ,;:.")
    if not text or _PRONOUN_START.match(text) or _EVENT_REJECT.search(text):
        return None
    words = text.split()
    if not 3 <= len(words) <= 20 or len(text) > 140 or find_dates(text):
        return None
    return text[:1].upper() + text[1:]


def _events(art: _Article) -> list[_Event]:
    """Dated facts from the article's published annotations: clauses of the notes (and of the
    claim as reviewed, for accurate claims only) holding exactly one full date and nothing else
    that looks like a date. Clauses that negate, hedge or talk about "the article" are skipped,
    so what the article gets wrong never becomes a fact. One event per date (the first found)."""
    events: list[_Event] = []
    seen_dates: set[dt.date] = set()
    seen_texts: set[str] = set()
    for span in art.usable:
        ann = span.annotation
        if ann.category == "question":
            continue
        texts = []
        if ann.category == "claim" and ann.verdict == "accurate" and ann.claim_reviewed:
            texts.append(ann.claim_reviewed)
        texts.extend(_sentences(_plain(ann.note)))
        for sentence in texts:
            for clause in _CLAUSE_SPLIT.split(sentence):
                mentions = find_dates(clause)
                if (
                    len(mentions) != 1
                    or not mentions[0].full
                    or _date_in_range(clause, mentions[0])
                ):
                    continue
                mention = mentions[0]
                text = _event_text(clause, mention)
                if text is None:
                    continue
                assert mention.year and mention.month and mention.day
                when = dt.date(mention.year, mention.month, mention.day)
                if when in seen_dates or _fold(text) in seen_texts:
                    continue
                seen_dates.add(when)
                seen_texts.add(_fold(text))
                events.append(_Event(when, text, ann.id))
    return sorted(events, key=lambda e: e.when)


def _render_full_date(when: dt.date) -> str:
    return f"{when.day} {_MONTH_NAMES[when.month - 1]} {when.year}"


def _make_timeline(index: CorpusIndex, seed: int) -> list[QuestionRecord]:
    """Ordering questions ("put these events in order") from each article's dated facts (`_events`).

    With n ≥ 3 events on distinct dates, they are dealt into ceil(n / 5) groups in turn (event 1
    to group 1, event 2 to group 2, …), so each group has 3–5 events spread across the whole
    time span rather than bunched together. The choices are listed in chronological order, as the
    ordering kind requires (the player shuffles them); each choice's feedback is its date.
    """
    del seed  # the ordering kind lists choices in the correct order; nothing to shuffle here
    out: list[QuestionRecord] = []
    for art in index.articles:
        events = _events(art)
        if len(events) < 3:
            continue
        count = math.ceil(len(events) / 5)
        for g in range(count):
            group = events[g::count]
            if len(group) < 3:
                continue
            key = [[e.when.isoformat(), e.text] for e in group]
            anchor = [e.annotation_id for e in group]
            fp = fingerprint("timeline", VERSIONS["timeline"], anchor, {"events": key})
            used: set[str] = set()
            choices = [
                Choice(
                    id=_unique_id("e-" + _stable(e.text)[:8], used),
                    text=e.text,
                    feedback=_render_full_date(e.when),
                )
                for e in group
            ]
            explanation = (
                "In order: "
                + "; ".join(f"{_render_full_date(e.when)}: {e.text}" for e in group)
                + "."
            )
            out.append(
                _question(
                    "timeline",
                    fp,
                    kind="ordering",
                    skill="sequence",
                    difficulty=2 if len(group) == 3 else 3,
                    prompt="Put these events in the order they happened, earliest first.",
                    explanation=explanation,
                    articles=[art.id],
                    annotation_id=group[0].annotation_id,
                    choices=choices,
                )
            )
    return out


# ------------------------------------------------------------------------------- registry


@dataclass(frozen=True, slots=True)
class Generator:
    """One question generator: a name, an integer version (bump it when the rules change, so
    regenerated questions get new fingerprints), the kind and skill of what it makes, and the
    rule itself (`make(index, seed)`)."""

    name: str
    version: int
    kind: str
    skill: str
    make: Callable[[CorpusIndex, int], list[QuestionRecord]]

    def __call__(
        self, articles: Sequence[ArticleRecord], *, seed: int, article_id: str | None = None
    ) -> list[QuestionRecord]:
        """This generator's draft questions for a corpus (only those about `article_id` when given),
        de-duplicated by fingerprint and sorted by id."""
        return _finish(self.make(CorpusIndex.of(articles), seed), article_id)


GENERATORS: dict[str, Generator] = {
    g.name: g
    for g in (
        Generator("verdict", VERSIONS["verdict"], "single-choice", "evidence", _make_verdict),
        Generator("hot-text", VERSIONS["hot-text"], "hot-text", "language", _make_hot_text),
        Generator("sourcing", VERSIONS["sourcing"], "single-choice", "sourcing", _make_sourcing),
        Generator(
            "which-article",
            VERSIONS["which-article"],
            "single-choice",
            "corroboration",
            _make_which_article,
        ),
        Generator("cloze", VERSIONS["cloze"], "cloze", "detail", _make_cloze),
        Generator("timeline", VERSIONS["timeline"], "ordering", "sequence", _make_timeline),
    )
}


def _finish(questions: Iterable[QuestionRecord], article_id: str | None) -> list[QuestionRecord]:
    seen: set[str] = set()
    out: list[QuestionRecord] = []
    for q in questions:
        fp = q.provenance.fingerprint or ""
        if fp in seen or (article_id is not None and article_id not in q.articles):
            continue
        seen.add(fp)
        out.append(q)
    return sorted(out, key=lambda q: q.id)


def generate_all(
    articles: Sequence[ArticleRecord], *, seed: int, article_id: str | None = None
) -> list[QuestionRecord]:
    """Run every generator in `GENERATORS` over a corpus and return the draft questions,
    de-duplicated by fingerprint and sorted by id.

    Distractor pools always come from the whole corpus; `article_id` keeps only the questions
    about that article (a comparison question is about each of its articles). Repeated articles
    (same id) count once. The same input and seed always give the same list; another seed gives
    the same questions (same ids and fingerprints) with choices in another order.
    """
    index = CorpusIndex.of(articles)
    questions: list[QuestionRecord] = []
    for generator in GENERATORS.values():
        questions.extend(generator.make(index, seed))
    return _finish(questions, article_id)
