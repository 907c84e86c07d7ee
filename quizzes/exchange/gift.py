"""GIFT, Moodle's plain-text question format: export QuestionRecords and import them back.

What each kind becomes (research/quiz-anchors.md §2.1; Moodle's `qformat_gift`):

| kind            | GIFT                                                                              |
|-----------------|-----------------------------------------------------------------------------------|
| single-choice   | multiple choice ``{=right ~wrong#feedback}``                                      |
| multiple-choice | multiple answers ``{~%50%right ~%-100%wrong}`` with the weights of               |
|                 | `quizzes.grading.choice_weights` (correct share +100 %, wrong share −100 %)       |
| true-false      | ``{T}`` / ``{F}``                                                                 |
| short-answer    | ``{=answer =other answer}``                                                       |
| cloze, 1 blank  | "missing word": the answers sit where the blank is, ``… on {=June 20} in …``;     |
|                 | a drop-down blank is ``{=right option ~other option}``. The prompt comes first,   |
|                 | then a blank line, then the sentence                                              |
| cloze, 2+ blanks| not exported (GIFT has one answer block per question), with a warning: use        |
|                 | Moodle XML, whose ``cloze`` type has embedded answers                             |
| hot-text        | multiple answers over the phrases, after the prompt and the passage (a warning    |
|                 | says so: Moodle has no select-the-phrase question in GIFT)                        |
| ordering        | the ordering question type's GIFT form                                            |
|                 | ``{>N ALL VERTICAL RELATIVE_NEXT_EXCLUDE_LAST SHOW none`` then one item a line    |
| matching        | ``{=left -> right}``                                                              |

Every question gets ``::id::`` as its name, the explanation as general feedback ``####…``,
choice feedback as ``#…``, and two comment lines Moodle reads or skips: ``// [id:…] [tag:…]``
(Moodle 3.6+ imports the id number and tags from them) and ``// closeread: {json}`` with the
fields GIFT has no place for (kind, skill, difficulty, status, version, articles, annotation,
passage, provenance, answer ids). A ``category:PATH`` tag is written as ``$CATEGORY: PATH``.
Special characters ``~ = # { } :`` and backslash are escaped with a backslash and line breaks
are written ``\\n``, as Moodle's exporter does (inside ordering items only backslash, braces and
line breaks are escaped, because Moodle's ordering importer does not undo the other escapes).

The importer reads what the exporter writes and common teacher-written GIFT: multiple choice
(with ``%n%`` weights), true-false, short answer, matching, missing word, ordering, comments,
``$CATEGORY:``, ``[html]``/``[plain]``/``[markdown]``/``[moodle]`` text formats. Essay,
numerical and description questions are skipped with a warning. Questions without Closeread
metadata get the `ImportDefaults` (skill, difficulty, status "draft"). Malformed input raises
`GiftError` listing every problem as ``line N: message``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from quizzes.exchange.common import (
    CATEGORY_TAG_PREFIX,
    DEFAULT_CLOZE_PROMPT,
    ExchangeError,
    ExportResult,
    ImportDefaults,
    ImportResult,
    MetadataError,
    clean_text,
    decode_metadata,
    encode_metadata,
    html_to_text,
    ids_from,
    metadata_of,
    moodle_percent,
    moodle_weight_warning,
    one_line,
    record_from,
    slugify,
    split_category,
    unique_id,
)
from quizzes.grading import choice_weights, normalise_answer
from quizzes.items import Blank, Choice, Pair, QuestionRecord

__all__ = ["GiftError", "escape_gift", "export_gift", "import_gift", "unescape_gift"]

ORDERING_HEADER = "ALL VERTICAL RELATIVE_NEXT_EXCLUDE_LAST SHOW none"

_SPECIALS = "~=#{}:"
# Escaped characters become placeholders while the structure is parsed. The placeholders are
# Unicode noncharacters, which `clean_text` removes from every text, so no text holds one.
_PLACEHOLDERS = {
    ":": "\ufdd0",
    "#": "\ufdd1",
    "=": "\ufdd2",
    "{": "\ufdd3",
    "}": "\ufdd4",
    "~": "\ufdd5",
}
_NEWLINE_PLACEHOLDER = "\ufdd6"
_RESTORE = {placeholder: char for char, placeholder in _PLACEHOLDERS.items()} | {
    _NEWLINE_PLACEHOLDER: "\n"
}
_WEIGHT = re.compile(r"^%(-*)([0-9]{1,2}\.?[0-9]*)%")
_FORMAT = re.compile(r"^\[(html|moodle|plain|markdown)\]")
_TF = {"T": True, "TRUE": True, "F": False, "FALSE": False}
_ORDERING = re.compile(
    r"^\s*>\s*(\d+)\s*"
    r"(ALL|EXACT|RANDOM|REL|CONTIGUOUS|CONTIG)?\s*"
    r"(HORIZONTAL|HORI|VERTICAL|VERT|H|V|1|0)?\s*"
    r"(ALL_OR_NOTHING|ABSOLUTE_POSITION|ABSOLUTE|ABS|RELATIVE_NEXT_EXCLUDE_LAST|RELATIVE_NEXT_INCLUDE_LAST"
    r"|RELATIVE_ONE_PREVIOUS_AND_NEXT|RELATIVE_ALL_PREVIOUS_AND_NEXT|RELATIVE_TO_CORRECT|RELATIVE|REL"
    r"|LONGEST_ORDERED_SUBSET|LONGEST_CONTIGUOUS_SUBSET)?\s*"
    r"(SHOW|TRUE|YES|1|HIDE|FALSE|NO|0)?[ \t]*"
    r"(none|123|abc|ABCD|iii|IIII)?[ \t]*(.*?)\s*$",
    re.DOTALL,
)
_META = re.compile(r"^//\s*closeread:\s*(.*?)\s*$")
_ID = re.compile(r"\[id:((?:\\\]|[^\]\x00-\x1f])+)\]")
_TAG = re.compile(r"\[tag:((?:\\\]|[^\]\x00-\x1f])+)\]")


class GiftError(ExchangeError):
    """GIFT text that cannot be imported; `problems` holds one ``line N: message`` per problem."""


# --------------------------------------------------------------------------------------------
# escaping


def escape_gift(text: str) -> str:
    """Escape text for GIFT: backslash and ``~ = # { } :`` get a backslash, line breaks become
    ``\\n`` (the text is first cleaned: CR/LF normalised, ends trimmed)."""
    return _escape_raw(clean_text(text))


def _escape_raw(text: str) -> str:
    """`escape_gift` without the clean-up (keeps the spaces around a cloze blank)."""
    escaped = text.replace("\\", "\\\\")
    for char in _SPECIALS:
        escaped = escaped.replace(char, "\\" + char)
    return escaped.replace("\n", "\\n")


def _escape_item(text: str) -> str:
    escaped = clean_text(text).replace("\\", "\\\\")
    for char in "{}":
        escaped = escaped.replace(char, "\\" + char)
    return escaped.replace("\n", "\\n")


def _protect(line: str) -> str:
    """Replace escape sequences by placeholders (``\\\\`` becomes a plain backslash)."""
    out: list[str] = []
    index = 0
    while index < len(line):
        char = line[index]
        if char == "\\" and index + 1 < len(line):
            following = line[index + 1]
            if following == "\\":
                out.append("\\")
                index += 2
                continue
            if following in _PLACEHOLDERS:
                out.append(_PLACEHOLDERS[following])
                index += 2
                continue
            if following == "n":
                out.append(_NEWLINE_PLACEHOLDER)
                index += 2
                continue
        out.append(char)
        index += 1
    return "".join(out)


def _restore(text: str) -> str:
    return "".join(_RESTORE.get(char, char) for char in text)


def unescape_gift(text: str) -> str:
    """The text an escaped GIFT string stands for (the inverse of `escape_gift`)."""
    return _restore(_protect(text))


def _bracket(text: str) -> str:
    return text.replace("]", "\\]")


# --------------------------------------------------------------------------------------------
# export


def export_gift(questions: Iterable[QuestionRecord]) -> ExportResult:
    """Write questions as GIFT (see the module docstring for each kind); returns the text and
    warnings for what could not be carried over."""
    blocks: list[str] = []
    warnings: list[str] = []
    category: str | None = None
    seen: set[str] = set()
    for question in questions:
        body = _export_body(question, warnings)
        if body is None:
            continue
        if one_line(question.id) in seen:
            warnings.append(f"{question.id}: another question has this id; import renames this one")
        seen.add(one_line(question.id))
        question_category, tags = split_category(question.tags)
        if question_category is not None and question_category != category:
            blocks.append(f"$CATEGORY: {question_category}")
            category = question_category
        if one_line(question.id) != question.id:
            warnings.append(f"{question.id!r}: the id is written on one line, trimmed")
        header = f"// [id:{_bracket(one_line(question.id))}]" + "".join(
            f" [tag:{_bracket(one_line(tag))}]" for tag in tags if one_line(tag)
        )
        meta = encode_metadata(metadata_of(question))
        blocks.append(f"{header}\n// closeread: {meta}\n{body}")
    text = "\n\n".join(blocks) + "\n" if blocks else ""
    return ExportResult(text=text, warnings=tuple(warnings))


def _answer_text(text: str) -> str:
    """Escaped text for a place where GIFT reads a leading ``[format]`` marker (question text,
    answers, feedback, matching left sides): a text that starts with "[" gets ``[moodle]`` in
    front, so that its own bracket is not taken for a format."""
    escaped = escape_gift(text)
    return "[moodle]" + escaped if escaped.startswith("[") else escaped


def _feedback(choice: Choice) -> str:
    return (
        f"#{_answer_text(choice.feedback)}"
        if choice.feedback and clean_text(choice.feedback)
        else ""
    )


def _general(question: QuestionRecord, indent: str = "\t") -> str:
    explanation = _answer_text(question.explanation)
    if not explanation:
        return ""
    return f"{indent}####{explanation}\n" if indent else f"####{explanation}"


def _protect_weight(text: str) -> str:
    """Prefix that keeps an answer starting with ``%n%`` from being read as a weight."""
    return "%0%" if _WEIGHT.match(text) else ""


def _export_body(question: QuestionRecord, warnings: list[str]) -> str | None:
    name = f"::{escape_gift(one_line(question.id))}::"
    prompt = _answer_text(question.prompt)
    if question.kind == "cloze" and not prompt:
        prompt = escape_gift(DEFAULT_CLOZE_PROMPT)
    kind = question.kind
    if kind == "single-choice":
        lines = []
        for choice in question.choices:
            text = _answer_text(choice.text)
            marker = "=" if choice.correct else "~" + _protect_weight(text)
            lines.append(f"\t{marker}{text}{_feedback(choice)}\n")
        return f"{name}{prompt}{{\n{''.join(lines)}{_general(question)}}}"
    if kind in ("multiple-choice", "hot-text"):
        if kind == "hot-text":
            passage = escape_gift(question.passage or "")
            prompt = f"{prompt}\\n\\n{passage}" if passage else prompt
            warnings.append(
                f"{question.id}: hot-text exported as a multiple-answer question over its phrases"
            )
        weight_warning = moodle_weight_warning(question)
        if weight_warning:
            warnings.append(weight_warning)
        weights = choice_weights(question)
        lines = [
            f"\t~%{moodle_percent(weights[choice.id])}%{_answer_text(choice.text)}{_feedback(choice)}\n"
            for choice in question.choices
        ]
        return f"{name}{prompt}{{\n{''.join(lines)}{_general(question)}}}"
    if kind == "true-false":
        return f"{name}{prompt}{{{'T' if question.answer else 'F'}{_general(question, '')}}}"
    if kind == "short-answer":
        lines = []
        for answer in question.accepted:
            text = _answer_text(answer)
            if "->" in text:
                warnings.append(
                    f"{question.id}: accepted answer {answer!r} contains '->' and reads as matching"
                )
            guard = "%100%" if _WEIGHT.match(text) or text in _TF else ""
            lines.append(f"\t={guard}{text}\n")
        return f"{name}{prompt}{{\n{''.join(lines)}{_general(question)}}}"
    if kind == "matching":
        lines = []
        for pair in question.pairs:
            left = _answer_text(pair.left)
            if "->" in left:
                warnings.append(f"{question.id}: matching left side {pair.left!r} contains '->'")
            lines.append(f"\t={left} -> {escape_gift(pair.right)}\n")
        return f"{name}{prompt}{{\n{''.join(lines)}{_general(question)}}}"
    if kind == "ordering":
        items = []
        for choice in question.choices:
            if clean_text(choice.text).startswith("//"):
                warnings.append(
                    f"{question.id}: ordering item {choice.text!r} reads as a comment line"
                )
            if "####" in choice.text:
                warnings.append(f"{question.id}: ordering item {choice.text!r} contains '####'")
            items.append(f"\t{_escape_item(choice.text)}\n")
        header = f">{len(question.choices)} {ORDERING_HEADER}"
        return f"{name}{prompt}{{{header}\n{''.join(items)}{_general(question)}}}"
    if kind == "cloze":
        return _export_cloze(question, name, prompt, warnings)
    warnings.append(f"{question.id}: skipped: GIFT cannot hold a {kind!r} question")
    return None


def _export_cloze(
    question: QuestionRecord, name: str, prompt: str, warnings: list[str]
) -> str | None:
    text = clean_text(question.text)
    markers = re.findall(r"\{(\d+)\}", text)
    if len(question.blanks) != 1 or markers != ["1"]:
        warnings.append(
            f"{question.id}: skipped: GIFT holds one blank per question and this cloze has "
            f"{len(question.blanks)}; export it as Moodle XML (cloze) instead"
        )
        return None
    if "\n\n" in clean_text(question.prompt):
        warnings.append(
            f"{question.id}: the prompt has a blank line, so GIFT import splits it differently"
        )
    blank = question.blanks[0]
    if blank.options:
        accepted = {normalise_answer(answer) for answer in blank.accepted}
        if not any(normalise_answer(option) in accepted for option in blank.options):
            warnings.append(
                f"{question.id}: no drop-down option of the blank is an accepted answer"
            )
        parts = []
        for option in blank.options:
            option_text = _answer_text(option)
            if normalise_answer(option) in accepted:
                parts.append(f"={option_text}")
            else:
                parts.append(f"~{_protect_weight(option_text)}{option_text}")
    else:
        parts = []
        for answer in blank.accepted:
            answer_text = _answer_text(answer)
            guard = "%100%" if _WEIGHT.match(answer_text) or answer_text in _TF else ""
            parts.append(f"={guard}{answer_text}")
    answers = " ".join(parts) + _general(question, "")
    before, after = text.split("{1}", 1)
    # Keep the spaces around the blank: escape_gift trims, so the halves are escaped raw.
    sentence = _escape_raw(before) + "{" + answers + "}" + _escape_raw(after)
    return f"{name}{prompt}\\n\\n{sentence}"


# --------------------------------------------------------------------------------------------
# import


@dataclass
class _Block:
    """One question's lines: comments apart, the rest with their line numbers."""

    first_line: int
    comments: list[tuple[int, str]] = field(default_factory=list)
    lines: list[tuple[int, str]] = field(default_factory=list)


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    # Split on line feeds only, as Moodle does: str.splitlines() would also split on U+2028,
    # form feeds and other characters that may sit inside a question's text.
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        if not stripped:
            current = None
            continue
        if current is None:
            current = _Block(first_line=number)
            blocks.append(current)
        if stripped.startswith("//"):
            current.comments.append((number, stripped))
        else:
            current.lines.append((number, raw))
    return blocks


class _Reader:
    """Parses one block; collects problems and warnings with line numbers."""

    def __init__(self, block: _Block, problems: list[str], warnings: list[str]) -> None:
        self.block = block
        self.problems = problems
        self.warnings = warnings
        self.text = "\n".join(_protect(line) for _, line in block.lines)

    def line_at(self, offset: int) -> int:
        index = self.text.count("\n", 0, max(offset, 0))
        return self.block.lines[min(index, len(self.block.lines) - 1)][0]

    def problem(self, offset: int, message: str) -> None:
        self.problems.append(f"line {self.line_at(offset)}: {message}")

    def warn(self, offset: int, message: str) -> None:
        self.warnings.append(f"line {self.line_at(offset)}: {message}")


def _text_with_format(raw: str) -> str:
    """Restore escapes and honour a leading text-format marker (HTML becomes plain text)."""
    text = raw.strip()
    match = _FORMAT.match(text)
    if match:
        text = text[match.end() :]
        if match.group(1) == "html":
            return html_to_text(_restore(text))
    return clean_text(_restore(text))


def _pieces(text: str, base: int, *, tilde: bool) -> list[tuple[int, str]]:
    """Split an answer block at ``=`` (kept at the piece's start) and, with `tilde`, at ``~``
    (dropped), as Moodle does; returns (offset, piece) with blank pieces removed."""
    pieces: list[tuple[int, str]] = []
    start = 0
    for index, char in enumerate(text):
        if char == "=" or (tilde and char == "~"):
            pieces.append((start, text[start:index]))
            start = index if char == "=" else index + 1
    pieces.append((start, text[start:]))
    return [(base + offset, piece) for offset, piece in pieces if piece.strip()]


def _weight(piece: str) -> tuple[float | None, str]:
    """(weight or None, rest) of an answer piece starting with ``%n%``."""
    match = _WEIGHT.match(piece)
    if not match:
        return None, piece
    value = float(match.group(2)) / 100.0
    return (-value if match.group(1) else value), piece[match.end() :]


def _split_feedback(piece: str) -> tuple[str, str]:
    text, _, feedback = piece.partition("#")
    return text, feedback


@dataclass
class _Answer:
    offset: int
    weight: float
    text: str
    feedback: str
    marked_equal: bool


def _choice_answers(reader: _Reader, answer_text: str, base: int) -> list[_Answer]:
    answers: list[_Answer] = []
    for offset, piece in _pieces(answer_text, base, tilde=True):
        piece = piece.strip()
        marked_equal = piece.startswith("=")
        if marked_equal:
            weight: float | None = 1.0
            piece = piece[1:]
        else:
            weight, piece = _weight(piece)
        text, feedback = _split_feedback(piece)
        answer = _text_with_format(text)
        if not answer:
            reader.problem(offset, "an answer is empty")
            continue
        answers.append(
            _Answer(
                offset,
                weight if weight is not None else 0.0,
                answer,
                _text_with_format(feedback),
                marked_equal,
            )
        )
    return answers


def _short_answers(reader: _Reader, answer_text: str, base: int) -> list[str]:
    accepted: list[str] = []
    for offset, piece in _pieces(answer_text, base, tilde=False):
        piece = piece.strip()
        piece = piece.removeprefix("=")
        weight, piece = _weight(piece.strip())
        text, _feedback_text = _split_feedback(piece)
        answer = _text_with_format(text)
        if not answer:
            reader.problem(offset, "an answer is empty")
        elif weight is not None and weight < 1.0:
            reader.warn(offset, f"dropped answer {answer!r} with partial credit {weight:.0%}")
        else:
            accepted.append(answer)
    return accepted


def import_gift(text: str, *, defaults: ImportDefaults | None = None) -> ImportResult:
    """Read GIFT text into QuestionRecords; raises GiftError listing every problem found."""
    defaults = defaults or ImportDefaults()
    problems: list[str] = []
    warnings: list[str] = []
    questions: list[QuestionRecord] = []
    taken: set[str] = set()
    category: str | None = None
    text = text.removeprefix("\ufeff")
    for block in _blocks(text):
        if not block.lines:
            continue
        reader = _Reader(block, problems, warnings)
        stripped = reader.text.strip()
        if stripped.startswith("$CATEGORY:"):
            first, _, rest = stripped.partition("\n")
            # Moodle takes the path as written, escapes and all.
            raw_first = block.lines[0][1].strip()
            category = one_line(raw_first[len("$CATEGORY:") :]) or None
            if rest.strip():
                reader.problem(
                    len(reader.text) - len(reader.text.lstrip()) + len(first) + 1,
                    "put a blank line between '$CATEGORY:' and the next question",
                )
            continue
        before = len(problems)
        question = _read_question(reader, defaults, category, taken)
        if question is not None and len(problems) == before:
            questions.append(question)
    if problems:
        raise GiftError(problems)
    return ImportResult(questions=tuple(questions), warnings=tuple(warnings))


def _comment_fields(reader: _Reader) -> tuple[str | None, list[str], dict[str, Any] | None]:
    """The [id:], [tag:] and closeread metadata of a block's comments."""
    question_id: str | None = None
    tags: list[str] = []
    meta: dict[str, Any] | None = None
    for number, comment in reader.block.comments:
        meta_match = _META.match(comment)
        if meta_match:
            try:
                meta = decode_metadata(meta_match.group(1))
            except MetadataError as error:
                reader.problems.append(f"line {number}: {error}")
            continue
        if question_id is None:
            id_match = _ID.search(comment)
            if id_match:
                question_id = id_match.group(1).replace("\\]", "]").strip()
        tags.extend(match.group(1).replace("\\]", "]").strip() for match in _TAG.finditer(comment))
    return question_id, tags, meta


def _read_question(
    reader: _Reader, defaults: ImportDefaults, category: str | None, taken: set[str]
) -> QuestionRecord | None:
    text = reader.text
    question_id, tags, meta = _comment_fields(reader)
    position = len(text) - len(text.lstrip())
    name: str | None = None
    if text.startswith("::", position):
        end = text.find("::", position + 2)
        if end < 0:
            reader.problem(position, "the question name has no closing '::'")
            return None
        name = clean_text(_restore(text[position + 2 : end]))
        position = end + 2

    start = text.find("{", position)
    close = text.find("}", position)
    if start < 0 and close < 0:
        reader.warn(position, "skipped a description (no answer block): Closeread has no such kind")
        return None
    if close < 0:
        reader.problem(start, "'{' without a closing '}'")
        return None
    if start < 0 or close < start:
        reader.problem(close, "'}' without an opening '{'")
        return None
    if text.find("{", close) >= 0:
        reader.problem(text.find("{", close), "a second answer block: a question has one '{…}'")
        return None

    before = text[position:start]
    after = text[close + 1 :]
    missing_word = bool(after.strip())
    answer_text = text[start + 1 : close]
    explanation = ""
    separator = answer_text.rfind("####")
    if separator >= 0:
        explanation = _text_with_format(answer_text[separator + 4 :])
        answer_text = answer_text[:separator]
    body = answer_text.strip()
    base = start + 1 + (len(answer_text) - len(answer_text.lstrip()))

    question_id = question_id or slugify(name or _text_with_format(before + after))
    question_id = unique_id(question_id, taken)
    all_tags = tuple(([CATEGORY_TAG_PREFIX + category] if category else []) + tags)
    wanted = meta["kind"] if meta else None

    def prompt_of(blank: str = "") -> str:
        return _text_with_format(before + blank + after)

    common: dict[str, Any] = {
        "question_id": question_id,
        "explanation": explanation,
        "meta": meta,
        "defaults": defaults,
        "tags": all_tags,
    }

    if body.startswith(">"):
        return _read_ordering(
            reader, body, base, prompt_of("_____" if missing_word else ""), common, wanted
        )
    if not body:
        reader.warn(start, "skipped an essay question: Closeread has no such kind")
        return None
    if body.startswith("#"):
        reader.warn(start, "skipped a numerical question: Closeread has no such kind")
        return None
    if "~" in body:
        answers = _choice_answers(reader, body, base)
        if len(answers) < 2:
            reader.problem(start, "a multiple-choice question needs at least 2 answers")
            return None
        if missing_word or wanted == "cloze":
            return _cloze_from(reader, before, after, start, common, wanted, options=answers)
        single = any(answer.marked_equal for answer in answers)
        return _read_choice(reader, answers, single, start, prompt_of(), common, wanted)
    if "=" in body and "->" in body:
        return _read_matching(
            reader, body, base, start, prompt_of("_____" if missing_word else ""), common, wanted
        )
    tf_check = body.split("#", 1)[0].strip()
    if tf_check in _TF:
        if wanted not in (None, "true-false"):
            reader.problem(start, f"closeread kind {wanted!r} does not match a true-false answer")
            return None
        if "#" in body:
            reader.warn(
                start,
                "dropped the true-false answer feedback: Closeread keeps only the explanation",
            )
        return record_from(
            kind="true-false",
            prompt=prompt_of("_____" if missing_word else ""),
            answer=_TF[tf_check],
            **common,
        )
    accepted = _short_answers(reader, body, base)
    if not accepted:
        reader.problem(start, "a short-answer question needs at least one answer")
        return None
    if missing_word or wanted == "cloze":
        return _cloze_from(reader, before, after, start, common, wanted, accepted=accepted)
    if wanted not in (None, "short-answer"):
        reader.problem(start, f"closeread kind {wanted!r} does not match a short-answer block")
        return None
    return record_from(kind="short-answer", prompt=prompt_of(), accepted=tuple(accepted), **common)


def _read_choice(
    reader: _Reader,
    answers: list[_Answer],
    single: bool,
    start: int,
    prompt: str,
    common: dict[str, Any],
    wanted: str | None,
) -> QuestionRecord | None:
    kind = "single-choice" if single else "multiple-choice"
    if wanted == "hot-text":
        kind = "hot-text"
    elif wanted is not None and wanted != kind:
        reader.problem(start, f"closeread kind {wanted!r} does not match a {kind} answer block")
        return None
    ids = ids_from(common["meta"], "choice_ids", len(answers))
    if ids is None:
        reader.problem(start, "closeread metadata choice_ids does not match the answers")
        return None
    if single:
        correct = [answer.weight >= 1.0 for answer in answers]
        if any(0.0 < answer.weight < 1.0 or answer.weight < 0.0 for answer in answers):
            reader.warn(start, "dropped partial and negative weights of a single-answer question")
        if sum(correct) > 1:
            reader.warn(
                start,
                f"{sum(correct)} answers are marked fully correct; any of them earns full marks",
            )
    else:
        correct = [answer.weight > 0.0 for answer in answers]
        if not any(correct):
            reader.problem(
                start, "a multiple-answer question needs an answer with a positive weight"
            )
            return None
    choices = tuple(
        Choice(id=choice_id, text=answer.text, correct=is_correct, feedback=answer.feedback or None)
        for choice_id, answer, is_correct in zip(ids, answers, correct)
    )
    if not single:
        probe = QuestionRecord(
            id="probe",
            kind="multiple-choice",
            skill="detail",
            difficulty=1,
            prompt="",
            explanation="",
            choices=choices,
        )
        weights = choice_weights(probe)
        if any(
            abs(float(weights[choice.id]) - answer.weight) > 0.005
            for choice, answer in zip(choices, answers)
        ):
            reader.warn(
                start,
                "answer weights replaced by Closeread's rule (correct share +100 %, wrong share −100 %)",
            )
    passage: str | None = None
    if kind == "hot-text":
        meta = common["meta"] or {}
        passage = meta.get("passage")
        if passage and prompt.endswith("\n\n" + passage):
            prompt = prompt[: -len(passage) - 2].rstrip()
        elif not passage and "\n\n" in prompt:
            prompt, passage = (part.strip() for part in prompt.rsplit("\n\n", 1))
        if not passage:
            reader.problem(start, "a hot-text question needs a passage")
            return None
    return record_from(kind=kind, prompt=prompt, choices=choices, passage=passage, **common)


def _read_matching(
    reader: _Reader,
    body: str,
    base: int,
    start: int,
    prompt: str,
    common: dict[str, Any],
    wanted: str | None,
) -> QuestionRecord | None:
    if wanted not in (None, "matching"):
        reader.problem(start, f"closeread kind {wanted!r} does not match a matching answer block")
        return None
    lefts_rights: list[tuple[str, str]] = []
    for offset, piece in _pieces(body, base, tilde=False):
        piece = piece.strip().removeprefix("=")
        if "->" not in piece:
            reader.problem(offset, "a matching answer needs 'left -> right'")
            continue
        left, right = piece.split("->", 1)
        left_text, right_text = _text_with_format(left), clean_text(_restore(right))
        if not right_text:
            reader.problem(offset, "a matching answer has an empty right side")
        elif not left_text:
            reader.warn(
                offset,
                f"dropped the extra right-side answer {right_text!r}: Closeread pairs need a left side",
            )
        else:
            lefts_rights.append((left_text, right_text))
    if len(lefts_rights) < 2:
        reader.problem(start, "a matching question needs at least 2 pairs")
        return None
    ids = ids_from(common["meta"], "pair_ids", len(lefts_rights))
    if ids is None:
        reader.problem(start, "closeread metadata pair_ids does not match the pairs")
        return None
    pairs = tuple(
        Pair(id=pair_id, left=left, right=right)
        for pair_id, (left, right) in zip(ids, lefts_rights)
    )
    return record_from(kind="matching", prompt=prompt, pairs=pairs, **common)


def _read_ordering(
    reader: _Reader, body: str, base: int, prompt: str, common: dict[str, Any], wanted: str | None
) -> QuestionRecord | None:
    if wanted not in (None, "ordering"):
        reader.problem(base, f"closeread kind {wanted!r} does not match an ordering answer block")
        return None
    match = _ORDERING.match(body)
    if not match:
        reader.problem(
            base, "an ordering block starts '>N' (the number of items), then its options"
        )
        return None
    select, grading = match.group(2), match.group(4)
    if select in ("RANDOM", "REL", "CONTIGUOUS", "CONTIG"):
        reader.warn(base, "Closeread shows all ordering items, not a subset")
    if grading not in (None, "RELATIVE_NEXT_EXCLUDE_LAST"):
        reader.warn(base, f"Closeread grades ordering relative to the next item, not {grading}")
    items = [clean_text(_restore(line)) for line in match.group(7).split("\n")]
    items = [item for item in items if item]
    if len(items) < 2:
        reader.problem(base, "an ordering question needs at least 2 items")
        return None
    ids = ids_from(common["meta"], "choice_ids", len(items))
    if ids is None:
        reader.problem(base, "closeread metadata choice_ids does not match the items")
        return None
    choices = tuple(Choice(id=choice_id, text=item) for choice_id, item in zip(ids, items))
    return record_from(kind="ordering", prompt=prompt, choices=choices, **common)


def _cloze_from(
    reader: _Reader,
    before: str,
    after: str,
    start: int,
    common: dict[str, Any],
    wanted: str | None,
    *,
    options: list[_Answer] | None = None,
    accepted: list[str] | None = None,
) -> QuestionRecord | None:
    if wanted not in (None, "cloze"):
        reader.problem(start, f"closeread kind {wanted!r} does not match a missing-word question")
        return None
    lead = _restore(before)
    if "\n\n" in lead:
        prompt_part, sentence_start = lead.split("\n\n", 1)
        prompt = _text_with_format(prompt_part)
    else:
        prompt, sentence_start = DEFAULT_CLOZE_PROMPT, lead
    sentence = clean_text(sentence_start + "{1}" + _restore(after))
    if options is not None:
        blank = Blank(
            accepted=tuple(answer.text for answer in options if answer.weight > 0),
            options=tuple(answer.text for answer in options),
        )
        if not blank.accepted:
            reader.problem(start, "a missing-word question needs a correct answer")
            return None
    else:
        blank = Blank(accepted=tuple(accepted or ()))
    return record_from(kind="cloze", prompt=prompt, text=sentence, blanks=(blank,), **common)
