"""What the GIFT, Moodle XML and QTI exchange modules share: result and error types, the
Closeread metadata block, Moodle's answer weights, ids and text clean-up."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from html.parser import HTMLParser
from typing import Any

from quizzes.items import (
    DIFFICULTIES,
    KINDS,
    QUESTION_STATUSES,
    Provenance,
    QuestionRecord,
)

__all__ = [
    "CATEGORY_TAG_PREFIX",
    "DEFAULT_CLOZE_PROMPT",
    "ExchangeError",
    "ExportResult",
    "ImportDefaults",
    "ImportResult",
    "MetadataError",
    "clean_text",
    "decode_metadata",
    "default_ids",
    "encode_metadata",
    "html_to_text",
    "ids_from",
    "metadata_of",
    "moodle_percent",
    "moodle_weight_warning",
    "one_line",
    "provenance_from",
    "record_from",
    "slugify",
    "split_category",
    "unique_id",
]

# Tag that carries a Moodle question category through import and export ($CATEGORY in GIFT,
# <question type="category"> in Moodle XML).
CATEGORY_TAG_PREFIX = "category:"

# Prompt of a cloze question imported from a file that has only the sentence with the blank.
DEFAULT_CLOZE_PROMPT = "Fill in the blank."

# 1/n weights Moodle accepts exactly (question_bank::fraction_options_full); any other is rounded.
_MOODLE_DENOMINATORS = frozenset({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20})


@dataclass(frozen=True, slots=True)
class ExportResult:
    """Text written by an exporter, with what it could not carry over faithfully."""

    text: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ImportResult:
    """Questions read by an importer, with what it skipped or changed."""

    questions: tuple[QuestionRecord, ...]
    warnings: tuple[str, ...] = ()


class ExchangeError(ValueError):
    """A file that cannot be imported; `problems` lists every problem found, one line each."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        super().__init__("\n".join(self.problems))


class MetadataError(ValueError):
    """A Closeread metadata block that cannot be read."""


# --------------------------------------------------------------------------------------------
# text


def clean_text(text: str | None) -> str:
    """Text as every exchange format stores it: line breaks as "\\n", no characters that
    XML 1.0 forbids nor noncharacters, ends trimmed. Exporters write it and importers produce
    it, so a round trip is stable."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(char for char in text if _xml_allowed(char))
    return text.strip()


def _xml_allowed(char: str) -> bool:
    """Allowed in XML 1.0 and not a Unicode noncharacter (U+FDD0–U+FDEF are for a program's
    internal use; the GIFT parser uses them as placeholders)."""
    code = ord(char)
    if 0xFDD0 <= code <= 0xFDEF:
        return False
    return (
        code in (0x9, 0xA)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


class _TextExtractor(HTMLParser):
    _BLOCKS = frozenset(
        {
            "p",
            "div",
            "br",
            "li",
            "tr",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "ul",
            "ol",
            "table",
            "blockquote",
        }
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._BLOCKS and tag != "br":
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment (Moodle's usual question text format): tags dropped,
    entities decoded, paragraphs and line breaks kept as single line breaks, spaces collapsed."""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    raw = "".join(extractor.parts)
    lines = [" ".join(line.split()) for line in raw.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return clean_text(text)


# --------------------------------------------------------------------------------------------
# ids


def slugify(text: str, *, fallback: str = "question") -> str:
    """A lowercase ASCII slug of at most 60 characters ("Q1: Who?" -> "q1-who")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    slug = slug[:60].rstrip("-")
    return slug or fallback


def unique_id(wanted: str, taken: set[str]) -> str:
    """`wanted`, or `wanted-2`, `wanted-3`, … whichever is not in `taken`; records the result."""
    candidate = wanted
    counter = 2
    while candidate in taken:
        candidate = f"{wanted}-{counter}"
        counter += 1
    taken.add(candidate)
    return candidate


def default_ids(count: int) -> tuple[str, ...]:
    """The ids an importer gives answers when the file names none: a, b, …, z, then x27, x28, …"""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return tuple(letters[index] if index < 26 else f"x{index + 1}" for index in range(count))


def one_line(text: str | None) -> str:
    """`clean_text` with every run of whitespace, line breaks included, made one space: for
    names, tags and categories, which the formats keep on one line."""
    return " ".join(clean_text(text).split())


def split_category(tags: Iterable[str]) -> tuple[str | None, tuple[str, ...]]:
    """The Moodle category carried in a `category:` tag (the first non-empty one, on one
    line), and the other tags."""
    category: str | None = None
    rest: list[str] = []
    for tag in tags:
        if (
            category is None
            and tag.startswith(CATEGORY_TAG_PREFIX)
            and one_line(tag[len(CATEGORY_TAG_PREFIX) :])
        ):
            category = one_line(tag[len(CATEGORY_TAG_PREFIX) :])
        else:
            rest.append(tag)
    return category, tuple(rest)


# --------------------------------------------------------------------------------------------
# Moodle weights


def moodle_percent(weight: Fraction | float) -> str:
    """A weight as Moodle writes a percentage: 1/3 -> "33.33333", -1/2 -> "-50", 1 -> "100"."""
    text = f"{float(weight) * 100:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def moodle_weight_warning(question: QuestionRecord) -> str | None:
    """A warning when Moodle cannot store a multiple-answer weight exactly (1/n for n > 10)."""
    n_correct = sum(1 for choice in question.choices if choice.correct)
    n_wrong = len(question.choices) - n_correct
    odd = [n for n in (n_correct, n_wrong) if n and n not in _MOODLE_DENOMINATORS]
    if odd:
        return (
            f"{question.id}: Moodle rounds answer weights of 1/{odd[0]} to its fixed list of "
            "grades, so its partial credit will differ slightly"
        )
    return None


# --------------------------------------------------------------------------------------------
# Closeread metadata: the fields a format has no place for


def metadata_of(question: QuestionRecord, *, with_choice_ids: bool = True) -> dict[str, Any]:
    """The Closeread fields to carry in a format's comment or extension element.

    kind, skill and difficulty always; the other fields only when they differ from
    QuestionRecord's defaults; answer ids only when they differ from `default_ids`.
    """
    meta: dict[str, Any] = {
        "kind": question.kind,
        "skill": question.skill,
        "difficulty": question.difficulty,
    }
    if question.status != "approved":
        meta["status"] = question.status
    if question.version != 1:
        meta["version"] = question.version
    if question.articles:
        meta["articles"] = list(question.articles)
    if question.annotation_id is not None:
        meta["annotation_id"] = question.annotation_id
    if question.passage is not None:
        meta["passage"] = clean_text(question.passage)
    provenance = question.provenance
    if provenance != Provenance(origin="authored"):
        meta["provenance"] = {
            key: value
            for key, value in (
                ("origin", provenance.origin),
                ("generator", provenance.generator),
                ("generator_version", provenance.generator_version),
                ("annotation_id", provenance.annotation_id),
                ("fingerprint", provenance.fingerprint),
            )
            if value is not None
        }
    if with_choice_ids and question.choices:
        ids = tuple(choice.id for choice in question.choices)
        if ids != default_ids(len(ids)):
            meta["choice_ids"] = list(ids)
    if question.pairs:
        ids = tuple(pair.id for pair in question.pairs)
        if ids != default_ids(len(ids)):
            meta["pair_ids"] = list(ids)
    return meta


def encode_metadata(meta: Mapping[str, Any]) -> str:
    """Metadata as one line of JSON with sorted keys (stable across runs)."""
    return json.dumps(meta, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def decode_metadata(text: str) -> dict[str, Any]:
    """Parse and check a metadata line; raises MetadataError saying what is wrong."""
    try:
        meta = json.loads(text)
    except json.JSONDecodeError as error:
        raise MetadataError(f"unreadable closeread metadata ({error.msg})") from None
    if not isinstance(meta, dict):
        raise MetadataError("closeread metadata must be a JSON object")
    if meta.get("kind") not in KINDS:
        raise MetadataError(f"closeread metadata has unknown kind {meta.get('kind')!r}")
    if not isinstance(meta.get("skill"), str) or not meta["skill"]:
        raise MetadataError("closeread metadata needs a skill")
    if meta.get("difficulty") not in DIFFICULTIES:
        raise MetadataError(
            f"closeread metadata has difficulty {meta.get('difficulty')!r}, expected 1, 2 or 3"
        )
    if meta.get("status", "approved") not in QUESTION_STATUSES:
        raise MetadataError(f"closeread metadata has unknown status {meta.get('status')!r}")
    version = meta.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise MetadataError(
            f"closeread metadata has version {version!r}, expected a positive integer"
        )
    for key in ("articles", "choice_ids", "pair_ids"):
        value = meta.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise MetadataError(f"closeread metadata {key} must be a list of strings")
    for key in ("annotation_id", "passage"):
        if key in meta and not isinstance(meta[key], str):
            raise MetadataError(f"closeread metadata {key} must be a string")
    provenance = meta.get("provenance", {"origin": "authored"})
    if not isinstance(provenance, dict) or not isinstance(provenance.get("origin"), str):
        raise MetadataError("closeread metadata provenance needs an origin")
    allowed = {"origin", "generator", "generator_version", "annotation_id", "fingerprint"}
    if set(provenance) - allowed:
        raise MetadataError(
            f"closeread metadata provenance has unknown keys {sorted(set(provenance) - allowed)}"
        )
    return meta


def provenance_from(meta: Mapping[str, Any] | None) -> Provenance:
    """The Provenance a metadata block describes (authored when there is none)."""
    if not meta or "provenance" not in meta:
        return Provenance(origin="authored")
    data = meta["provenance"]
    version = data.get("generator_version")
    return Provenance(
        origin=data["origin"],
        generator=data.get("generator"),
        generator_version=version if isinstance(version, int) else None,
        annotation_id=data.get("annotation_id"),
        fingerprint=data.get("fingerprint"),
    )


def ids_from(meta: Mapping[str, Any] | None, key: str, count: int) -> tuple[str, ...] | None:
    """Answer ids from the metadata when it has the right number of them (None when it has
    them but the count is wrong), else `default_ids`."""
    if meta and key in meta:
        ids = tuple(meta[key])
        if len(ids) != count or len(set(ids)) != count:
            return None
        return ids
    return default_ids(count)


@dataclass(frozen=True, slots=True)
class ImportDefaults:
    """What an importer gives a question that carries no Closeread metadata (a teacher's file)."""

    skill: str = "detail"
    difficulty: int = 2
    status: str = "draft"


def record_from(
    *,
    question_id: str,
    kind: str,
    prompt: str,
    explanation: str,
    meta: Mapping[str, Any] | None,
    defaults: ImportDefaults,
    tags: tuple[str, ...] = (),
    **payload: Any,
) -> QuestionRecord:
    """A QuestionRecord from what a file holds: the metadata block when there is one, else the
    import defaults; `payload` holds the kind's fields (choices, answer, accepted, …)."""
    if meta:
        passage = payload.pop("passage", None)
        return QuestionRecord(
            id=question_id,
            kind=kind,
            skill=meta["skill"],
            difficulty=meta["difficulty"],
            prompt=prompt,
            explanation=explanation,
            articles=tuple(meta.get("articles", ())),
            annotation_id=meta.get("annotation_id"),
            passage=meta.get("passage", passage),
            status=meta.get("status", "approved"),
            version=meta.get("version", 1),
            provenance=provenance_from(meta),
            tags=tags,
            **payload,
        )
    return QuestionRecord(
        id=question_id,
        kind=kind,
        skill=defaults.skill,
        difficulty=defaults.difficulty,
        prompt=prompt,
        explanation=explanation,
        status=defaults.status,
        tags=tags,
        **payload,
    )
