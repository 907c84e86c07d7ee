"""Moodle XML: export QuestionRecords to a ``<quiz>`` file and import them back.

What each kind becomes (research/quiz-anchors.md §2.2; Moodle's `qformat_xml` and the question
types' own ``export_to_xml``):

| kind            | Moodle XML                                                                        |
|-----------------|-----------------------------------------------------------------------------------|
| single-choice   | ``multichoice`` with ``<single>true</single>``, fractions 100 / 0                 |
| multiple-choice | ``multichoice`` with ``<single>false</single>``, fractions from                   |
|                 | `quizzes.grading.choice_weights` (correct share +100 %, wrong share −100 %)       |
| true-false      | ``truefalse`` (answers ``true`` and ``false``, fractions 100 / 0)                 |
| short-answer    | ``shortanswer`` (``usecase`` 0, every accepted answer at 100 %)                    |
| cloze           | ``cloze`` (embedded answers): the prompt, a blank line, then the text with        |
|                 | ``{1:SHORTANSWER:=June 20~=20 June}`` or, for a drop-down, ``{1:MULTICHOICE:=…~…}`` |
| hot-text        | ``multichoice`` multiple answers over the phrases, after the prompt and passage   |
|                 | (a warning says so: core Moodle has no select-the-phrase type)                    |
| ordering        | ``ordering`` (layout VERTICAL, select ALL, grading RELATIVE_NEXT_EXCLUDE_LAST,    |
|                 | answers in the correct order with their position as ``fraction``)                 |
| matching        | ``matching`` (one ``subquestion`` per pair)                                       |

Texts are written with ``format="plain_text"`` (Closeread text is plain), escaped by
ElementTree; HTML in an imported file (``html``, ``moodle_auto_format``) becomes plain text. The
question id is both ``<name>`` and ``<idnumber>``; tags go to ``<tags>``; a ``category:PATH``
tag becomes a ``<question type="category">``; the fields Moodle has no place for go, as one line
of JSON, in a ``<closeread>`` element, which Moodle's importer ignores.

Importing parses defensively: a DOCTYPE or entity declaration is refused before anything is
expanded (defusedxml is not available), and every problem is reported as
``line N: message`` in a `MoodleXmlError`. Question types Closeread has no kind for
(description, essay, numerical, calculated, drag-and-drop, …) are skipped with a warning.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from xml.parsers import expat

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

__all__ = ["MoodleXmlError", "export_moodle_xml", "import_moodle_xml"]

_FORMAT = "plain_text"
_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
# The Moodle question types Closeread reads; any other is skipped with a warning.
_SUPPORTED = frozenset(
    {"multichoice", "truefalse", "shortanswer", "matching", "match", "ordering", "cloze"}
)


class MoodleXmlError(ExchangeError):
    """A Moodle XML file that cannot be imported; one ``line N: message`` per problem."""


# --------------------------------------------------------------------------------------------
# export


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def _text_block(parent: ET.Element, tag: str, text: str | None, **attrs: str) -> ET.Element:
    """``<tag format="plain_text"><text>…</text></tag>``."""
    element = _sub(parent, tag, format=_FORMAT, **attrs)
    _sub(element, "text", clean_text(text))
    return element


def _answer(parent: ET.Element, fraction: str, text: str, feedback: str | None = None) -> None:
    answer = ET.SubElement(parent, "answer", {"fraction": fraction, "format": _FORMAT})
    _sub(answer, "text", clean_text(text))
    if feedback and clean_text(feedback):
        _text_block(answer, "feedback", feedback)


def _embedded(text: str) -> str:
    """Escape an embedded-answer alternative: ``}``, ``#`` and ``~`` get a backslash."""
    return clean_text(text).replace("}", "\\}").replace("#", "\\#").replace("~", "\\~")


def _cloze_text(question: QuestionRecord, warnings: list[str]) -> str | None:
    text = clean_text(question.text)
    markers = [int(number) for number in re.findall(r"\{(\d+)\}", text)]
    if sorted(markers) != list(range(1, len(question.blanks) + 1)) or len(set(markers)) != len(
        markers
    ):
        warnings.append(
            f"{question.id}: skipped: its text's {{n}} markers do not match its {len(question.blanks)} blanks"
        )
        return None

    def embed(match: re.Match[str]) -> str:
        blank = question.blanks[int(match.group(1)) - 1]
        for answer in (*blank.accepted, *blank.options):
            if clean_text(answer).endswith(("\\", "&")):
                warnings.append(
                    f"{question.id}: embedded answer {answer!r} ends with '\\' or '&', "
                    "which hides the '}' or '~' after it from Moodle"
                )
            if "~" in answer:
                warnings.append(
                    f"{question.id}: Moodle keeps the backslash of an escaped '~' in {answer!r}"
                )
        if blank.options:
            accepted = {normalise_answer(answer) for answer in blank.accepted}
            parts = []
            for option in blank.options:
                escaped = _embedded(option)
                if normalise_answer(option) in accepted:
                    parts.append("=" + escaped)
                else:
                    parts.append(("%0%" if re.match(r"^(=|%-?\d)", escaped) else "") + escaped)
            return "{1:MULTICHOICE:" + "~".join(parts) + "}"
        return (
            "{1:SHORTANSWER:" + "~".join("=" + _embedded(answer) for answer in blank.accepted) + "}"
        )

    if "\n\n" in clean_text(question.prompt):
        warnings.append(
            f"{question.id}: the prompt has a blank line, so import splits it differently"
        )
    body = re.sub(r"\{(\d+)\}", embed, text)
    prompt = clean_text(question.prompt) or DEFAULT_CLOZE_PROMPT
    return f"{prompt}\n\n{body}"


def _question_element(question: QuestionRecord, warnings: list[str]) -> ET.Element | None:
    kind = question.kind
    types = {
        "single-choice": "multichoice",
        "multiple-choice": "multichoice",
        "hot-text": "multichoice",
        "true-false": "truefalse",
        "short-answer": "shortanswer",
        "cloze": "cloze",
        "ordering": "ordering",
        "matching": "matching",
    }
    if kind not in types:
        warnings.append(
            f"{question.id}: skipped: Moodle XML export cannot hold a {kind!r} question"
        )
        return None
    prompt = clean_text(question.prompt)
    if kind == "hot-text":
        passage = clean_text(question.passage)
        prompt = f"{prompt}\n\n{passage}" if passage else prompt
        warnings.append(
            f"{question.id}: hot-text exported as a multiple-answer question over its phrases"
        )
    if kind == "cloze":
        cloze = _cloze_text(question, warnings)
        if cloze is None:
            return None
        prompt = cloze

    element = ET.Element("question", {"type": types[kind]})
    name = _sub(element, "name")
    _sub(name, "text", one_line(question.id))
    questiontext = _sub(element, "questiontext", format=_FORMAT)
    _sub(questiontext, "text", prompt)
    _text_block(element, "generalfeedback", question.explanation)
    _sub(element, "defaultgrade", "1")
    _sub(element, "penalty", "1" if kind == "true-false" else "0.3333333")
    _sub(element, "hidden", "0")
    _sub(element, "idnumber", one_line(question.id))

    if kind in ("single-choice", "multiple-choice", "hot-text"):
        single = kind == "single-choice"
        _sub(element, "single", "true" if single else "false")
        _sub(element, "shuffleanswers", "true")
        _sub(element, "answernumbering", "abc")
        _sub(element, "showstandardinstruction", "0")
        if single:
            for choice in question.choices:
                _answer(element, "100" if choice.correct else "0", choice.text, choice.feedback)
        else:
            weight_warning = moodle_weight_warning(question)
            if weight_warning:
                warnings.append(weight_warning)
            weights = choice_weights(question)
            for choice in question.choices:
                _answer(element, moodle_percent(weights[choice.id]), choice.text, choice.feedback)
    elif kind == "true-false":
        _answer(element, "100" if question.answer else "0", "true")
        _answer(element, "0" if question.answer else "100", "false")
    elif kind == "short-answer":
        _sub(element, "usecase", "0")
        for answer in question.accepted:
            _answer(element, "100", answer)
    elif kind == "matching":
        _sub(element, "shuffleanswers", "true")
        for pair in question.pairs:
            subquestion = _text_block(element, "subquestion", pair.left)
            _sub(_sub(subquestion, "answer"), "text", clean_text(pair.right))
    elif kind == "ordering":
        _sub(element, "layouttype", "VERTICAL")
        _sub(element, "selecttype", "ALL")
        _sub(element, "selectcount", str(len(question.choices)))
        _sub(element, "gradingtype", "RELATIVE_NEXT_EXCLUDE_LAST")
        _sub(element, "showgrading", "SHOW")
        _sub(element, "numberingstyle", "none")
        for position, choice in enumerate(question.choices, start=1):
            _answer(element, str(position), choice.text)

    _category, tags = split_category(question.tags)
    tags = tuple(tag for tag in tags if one_line(tag))
    if tags:
        tags_element = _sub(element, "tags")
        for tag in tags:
            _sub(_sub(tags_element, "tag"), "text", one_line(tag))
    _sub(element, "closeread", encode_metadata(metadata_of(question)))
    return element


def export_moodle_xml(questions: Iterable[QuestionRecord]) -> ExportResult:
    """Write questions as a Moodle XML ``<quiz>`` (see the module docstring for each kind)."""
    root = ET.Element("quiz")
    warnings: list[str] = []
    category: str | None = None
    seen: set[str] = set()
    for question in questions:
        element = _question_element(question, warnings)
        if element is None:
            continue
        if one_line(question.id) in seen:
            warnings.append(f"{question.id}: another question has this id; import renames this one")
        seen.add(one_line(question.id))
        question_category, _tags = split_category(question.tags)
        if question_category is not None and question_category != category:
            holder = _sub(root, "question", type="category")
            _sub(_sub(holder, "category"), "text", question_category)
            category = question_category
        root.append(element)
    ET.indent(root, space="  ")
    text = _DECLARATION + ET.tostring(root, encoding="unicode") + "\n"
    return ExportResult(text=text, warnings=tuple(warnings))


# --------------------------------------------------------------------------------------------
# parsing


class _Refused(Exception):
    pass


def _parse(data: str | bytes) -> tuple[ET.Element, dict[int, int]]:
    """Parse with expat, refusing DTDs; returns the root and each element's line number."""
    parser = expat.ParserCreate()
    builder = ET.TreeBuilder()
    lines: dict[int, int] = {}

    def start(tag: str, attrs: dict[str, str]) -> None:
        element = builder.start(tag, attrs)
        lines[id(element)] = parser.CurrentLineNumber

    def refuse_doctype(*_args: object) -> None:
        raise _Refused(f"line {parser.CurrentLineNumber}: DOCTYPE declarations are not accepted")

    def refuse_entity(*_args: object) -> None:
        raise _Refused(f"line {parser.CurrentLineNumber}: ENTITY declarations are not accepted")

    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_entity
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(data, True)
    except _Refused as refused:
        raise MoodleXmlError([str(refused)]) from None
    except expat.ExpatError as error:
        raise MoodleXmlError(
            [f"line {error.lineno}: not well-formed XML: {expat.ErrorString(error.code)}"]
        ) from None
    return builder.close(), lines


def _refuse_declarations(data: str | bytes) -> None:
    """Refuse DOCTYPE and ENTITY declarations before the parser sees them."""
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    # CDATA sections and comments may mention "<!DOCTYPE html>" harmlessly: blank them out,
    # keeping their line breaks so that line numbers stay right.
    text = re.sub(
        r"<!\[CDATA\[.*?\]\]>|<!--.*?-->",
        lambda match: "\n" * match.group(0).count("\n"),
        text,
        flags=re.DOTALL,
    )
    for keyword in ("<!DOCTYPE", "<!ENTITY"):
        position = text.upper().find(keyword)
        if position >= 0:
            line = text.count("\n", 0, position) + 1
            raise MoodleXmlError([f"line {line}: {keyword[2:]} declarations are not accepted"])


# --------------------------------------------------------------------------------------------
# import


@dataclass
class _Context:
    lines: dict[int, int]
    problems: list[str]
    warnings: list[str]
    defaults: ImportDefaults

    def line(self, element: ET.Element) -> int:
        return self.lines.get(id(element), 0)

    def problem(self, element: ET.Element, message: str) -> None:
        self.problems.append(f"line {self.line(element)}: {message}")

    def warn(self, element: ET.Element, message: str) -> None:
        self.warnings.append(f"line {self.line(element)}: {message}")


def _text_of(element: ET.Element | None) -> str:
    """The text of an element with a format attribute and a <text> child, as plain text."""
    if element is None:
        return ""
    text_element = element.find("text")
    raw = (text_element.text or "") if text_element is not None else (element.text or "")
    fmt = element.get("format", "moodle_auto_format")
    if fmt == "html" or (
        fmt == "moodle_auto_format" and re.search(r"<[a-zA-Z/][^>]*>|&[#\w]+;", raw)
    ):
        return html_to_text(raw)
    return clean_text(raw)


def _plain(element: ET.Element | None) -> str:
    if element is None:
        return ""
    return clean_text(element.text)


def _fraction(context: _Context, answer: ET.Element) -> float | None:
    raw = answer.get("fraction", "0").strip().replace(",", ".")
    try:
        return float(raw) / 100.0
    except ValueError:
        context.problem(answer, f"answer fraction {raw!r} is not a number")
        return None


def import_moodle_xml(data: str | bytes, *, defaults: ImportDefaults | None = None) -> ImportResult:
    """Read a Moodle XML ``<quiz>`` into QuestionRecords; raises MoodleXmlError listing every
    problem found."""
    _refuse_declarations(data)
    root, lines = _parse(data)
    context = _Context(lines=lines, problems=[], warnings=[], defaults=defaults or ImportDefaults())
    if root.tag != "quiz":
        raise MoodleXmlError(
            [f"line {lines.get(id(root), 1)}: the root element is <{root.tag}>, expected <quiz>"]
        )
    questions: list[QuestionRecord] = []
    taken: set[str] = set()
    category: str | None = None
    for element in root:
        if element.tag != "question":
            context.warn(element, f"skipped <{element.tag}>: expected <question>")
            continue
        qtype = element.get("type", "")
        if qtype == "category":
            path = one_line(element.findtext("category/text"))
            category = path or None
            continue
        before = len(context.problems)
        question = _read_question(context, element, qtype, category, taken)
        if question is not None and len(context.problems) == before:
            questions.append(question)
    if context.problems:
        raise MoodleXmlError(context.problems)
    return ImportResult(questions=tuple(questions), warnings=tuple(context.warnings))


def _read_question(
    context: _Context, element: ET.Element, qtype: str, category: str | None, taken: set[str]
) -> QuestionRecord | None:
    name = _plain(element.find("name/text"))
    if qtype not in _SUPPORTED:
        context.warn(
            element,
            f"skipped {name or 'a question'!r}: Closeread has no kind for Moodle type {qtype!r}",
        )
        return None
    meta: dict[str, Any] | None = None
    meta_element = element.find("closeread")
    if meta_element is not None:
        try:
            meta = decode_metadata(meta_element.text or "")
        except MetadataError as error:
            context.problem(meta_element, str(error))
            return None
    idnumber = one_line(element.findtext("idnumber"))
    question_id = unique_id(
        idnumber or slugify(name or _text_of(element.find("questiontext"))), taken
    )
    tags = [one_line(tag.text) for tag in element.findall("tags/tag/text")]
    tags = [tag for tag in tags if tag]
    all_tags = tuple(([CATEGORY_TAG_PREFIX + category] if category else []) + tags)
    if element.find("questiontext/file") is not None:
        context.warn(element, f"{question_id}: dropped the files embedded in the question text")
    common: dict[str, Any] = {
        "question_id": question_id,
        "explanation": _text_of(element.find("generalfeedback")),
        "meta": meta,
        "defaults": context.defaults,
        "tags": all_tags,
    }
    wanted = meta["kind"] if meta else None
    prompt = _text_of(element.find("questiontext"))

    def mismatch(kind: str) -> bool:
        if wanted is not None and wanted != kind:
            context.problem(
                element,
                f"{question_id}: closeread kind {wanted!r} does not match Moodle type {qtype!r}",
            )
            return True
        return False

    if qtype == "multichoice":
        return _read_multichoice(context, element, prompt, common, wanted)
    if qtype == "truefalse":
        if mismatch("true-false"):
            return None
        answer: bool | None = None
        for item in element.findall("answer"):
            text = _text_of(item).lower()
            fraction = _fraction(context, item)
            if text == "true" and fraction is not None:
                answer = fraction >= 1.0
            elif text == "false" and fraction is not None and answer is None:
                answer = fraction < 1.0
        if answer is None:
            context.problem(
                element, f"{question_id}: a true-false question needs answers 'true' and 'false'"
            )
            return None
        return record_from(kind="true-false", prompt=prompt, answer=answer, **common)
    if qtype == "shortanswer":
        if mismatch("short-answer"):
            return None
        accepted: list[str] = []
        for item in element.findall("answer"):
            text, fraction = _text_of(item), _fraction(context, item)
            if fraction is None:
                continue
            if not text:
                context.problem(item, f"{question_id}: an answer is empty")
            elif fraction < 1.0:
                context.warn(item, f"{question_id}: dropped answer {text!r} worth {fraction:.0%}")
            else:
                if "*" in text:
                    context.warn(
                        item,
                        f"{question_id}: Closeread compares {text!r} literally, without wildcards",
                    )
                accepted.append(text)
        if not accepted:
            context.problem(
                element, f"{question_id}: a short-answer question needs an answer worth 100 %"
            )
            return None
        return record_from(kind="short-answer", prompt=prompt, accepted=tuple(accepted), **common)
    if qtype in ("matching", "match"):
        if mismatch("matching"):
            return None
        lefts_rights: list[tuple[str, str]] = []
        for subquestion in element.findall("subquestion"):
            left = _text_of(subquestion)
            right = _plain(subquestion.find("answer/text"))
            if not right:
                context.problem(subquestion, f"{question_id}: a matching answer is empty")
            elif not left:
                context.warn(
                    subquestion,
                    f"{question_id}: dropped the extra answer {right!r}: Closeread pairs need a left side",
                )
            else:
                lefts_rights.append((left, right))
        if len(lefts_rights) < 2:
            context.problem(element, f"{question_id}: a matching question needs at least 2 pairs")
            return None
        ids = ids_from(meta, "pair_ids", len(lefts_rights))
        if ids is None:
            context.problem(
                element, f"{question_id}: closeread metadata pair_ids does not match the pairs"
            )
            return None
        pairs = tuple(
            Pair(id=pair_id, left=left, right=right)
            for pair_id, (left, right) in zip(ids, lefts_rights)
        )
        return record_from(kind="matching", prompt=prompt, pairs=pairs, **common)
    if qtype == "ordering":
        if mismatch("ordering"):
            return None
        grading = _plain(element.find("gradingtype"))
        if grading and grading != "RELATIVE_NEXT_EXCLUDE_LAST":
            context.warn(
                element,
                f"{question_id}: Closeread grades ordering relative to the next item, not {grading}",
            )
        items = [_text_of(item) for item in element.findall("answer")]
        if any(not item for item in items) or len(items) < 2:
            context.problem(
                element, f"{question_id}: an ordering question needs at least 2 non-empty items"
            )
            return None
        ids = ids_from(meta, "choice_ids", len(items))
        if ids is None:
            context.problem(
                element, f"{question_id}: closeread metadata choice_ids does not match the items"
            )
            return None
        choices = tuple(Choice(id=choice_id, text=item) for choice_id, item in zip(ids, items))
        return record_from(kind="ordering", prompt=prompt, choices=choices, **common)
    # cloze
    if mismatch("cloze"):
        return None
    return _read_cloze(context, element, prompt, common)


def _read_multichoice(
    context: _Context, element: ET.Element, prompt: str, common: dict[str, Any], wanted: str | None
) -> QuestionRecord | None:
    question_id = common["question_id"]
    single = _plain(element.find("single")).lower() in ("true", "1", "yes")
    kind = "single-choice" if single else "multiple-choice"
    if wanted == "hot-text":
        kind = "hot-text"
    elif wanted is not None and wanted != kind:
        context.problem(
            element, f"{question_id}: closeread kind {wanted!r} does not match a {kind} question"
        )
        return None
    answers: list[tuple[str, float, str]] = []
    for item in element.findall("answer"):
        text, fraction = _text_of(item), _fraction(context, item)
        if fraction is None:
            continue
        if not text:
            context.problem(item, f"{question_id}: an answer is empty")
            continue
        answers.append((text, fraction, _text_of(item.find("feedback"))))
    if len(answers) < 2:
        context.problem(
            element, f"{question_id}: a multiple-choice question needs at least 2 answers"
        )
        return None
    ids = ids_from(common["meta"], "choice_ids", len(answers))
    if ids is None:
        context.problem(
            element, f"{question_id}: closeread metadata choice_ids does not match the answers"
        )
        return None
    if single:
        correct = [fraction >= 1.0 - 1e-6 for _, fraction, _ in answers]
        if not any(correct):
            context.problem(
                element, f"{question_id}: a single-answer question needs an answer worth 100 %"
            )
            return None
        if any(0 < fraction < 1.0 - 1e-6 or fraction < 0 for _, fraction, _ in answers):
            context.warn(element, f"{question_id}: dropped partial and negative answer fractions")
    else:
        correct = [fraction > 0 for _, fraction, _ in answers]
        if not any(correct):
            context.problem(
                element,
                f"{question_id}: a multiple-answer question needs an answer with a positive fraction",
            )
            return None
    choices = tuple(
        Choice(id=choice_id, text=text, correct=is_correct, feedback=feedback or None)
        for choice_id, (text, _fraction_value, feedback), is_correct in zip(ids, answers, correct)
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
            abs(float(weights[choice.id]) - fraction) > 0.005
            for choice, (_, fraction, _) in zip(choices, answers)
        ):
            context.warn(
                element,
                f"{question_id}: answer fractions replaced by Closeread's rule (correct share +100 %, wrong share −100 %)",
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
            context.problem(element, f"{question_id}: a hot-text question needs a passage")
            return None
    return record_from(kind=kind, prompt=prompt, choices=choices, passage=passage, **common)


_EMBED_START = re.compile(r"\{(\d*):([A-Z_]+):")
_SHORT_TYPES = {"SHORTANSWER", "SA", "MW", "SHORTANSWER_C", "SAC", "MWC"}
_CHOICE_TYPES = {
    "MULTICHOICE",
    "MC",
    "MULTICHOICE_V",
    "MCV",
    "MULTICHOICE_H",
    "MCH",
    "MULTICHOICE_S",
    "MCS",
    "MULTICHOICE_VS",
    "MCVS",
    "MULTICHOICE_HS",
    "MCHS",
}
_NUMERIC_TYPES = {"NUMERICAL", "NM"}


def _split_unescaped(text: str, separator: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    for index, char in enumerate(text):
        if char == separator and (index == 0 or text[index - 1] != "\\"):
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _unescape_embedded(text: str) -> str:
    return text.replace("\\}", "}").replace("\\#", "#").replace("\\~", "~").strip()


def _read_cloze(
    context: _Context, element: ET.Element, text: str, common: dict[str, Any]
) -> QuestionRecord | None:
    question_id = common["question_id"]
    blanks: list[Blank] = []
    pieces: list[str] = []
    position = 0
    while True:
        match = _EMBED_START.search(text, position)
        if match is None:
            pieces.append(text[position:])
            break
        end = match.end()
        while end < len(text) and not (text[end] == "}" and text[end - 1] != "\\"):
            end += 1
        if end >= len(text):
            context.problem(
                element, f"{question_id}: embedded answer {match.group(0)!r} has no closing '}}'"
            )
            return None
        subtype = match.group(2)
        alternatives: list[tuple[float, str]] = []
        for alternative in _split_unescaped(text[match.end() : end], "~"):
            weight_match = re.match(r"^(=|%(-?\d+(?:[.,]\d*)?)%)?", alternative)
            assert weight_match is not None
            if weight_match.group(1) == "=":
                weight = 1.0
            elif weight_match.group(2):
                weight = float(weight_match.group(2).replace(",", ".")) / 100.0
            else:
                weight = 0.0
            answer_part = re.split(r"(?<![\\&])#", alternative[weight_match.end() :], maxsplit=1)[0]
            answer = _unescape_embedded(answer_part)
            if answer:
                alternatives.append((weight, answer))
        number = len(blanks) + 1
        if subtype in _SHORT_TYPES or subtype in _NUMERIC_TYPES:
            if subtype in _NUMERIC_TYPES:
                context.warn(
                    element,
                    f"{question_id}: blank {number} is numerical; Closeread compares the numbers as text",
                )
                alternatives = [
                    (weight, answer.split(":", 1)[0]) for weight, answer in alternatives
                ]
            if subtype in ("SHORTANSWER_C", "SAC", "MWC"):
                context.warn(
                    element,
                    f"{question_id}: blank {number} was case-sensitive; Closeread ignores case",
                )
            accepted = tuple(answer for weight, answer in alternatives if weight >= 1.0 - 1e-6)
            if any(0 < weight < 1.0 - 1e-6 for weight, _ in alternatives):
                context.warn(
                    element, f"{question_id}: blank {number}: dropped answers with partial credit"
                )
            blank = Blank(accepted=accepted)
        elif subtype in _CHOICE_TYPES:
            accepted = tuple(answer for weight, answer in alternatives if weight >= 1.0 - 1e-6)
            blank = Blank(accepted=accepted, options=tuple(answer for _, answer in alternatives))
        else:
            context.warn(
                element,
                f"{question_id}: skipped: Closeread has no blank for embedded type {subtype}",
            )
            return None
        if not blank.accepted:
            context.problem(element, f"{question_id}: blank {number} has no answer worth 100 %")
            return None
        blanks.append(blank)
        pieces.append(text[position : match.start()] + "{" + str(number) + "}")
        position = end + 1
    if not blanks:
        context.problem(
            element, f"{question_id}: a cloze question needs at least one embedded answer"
        )
        return None
    marked = "".join(pieces)
    head, separator, rest = marked.partition("\n\n")
    if separator and "{1}" not in head:
        prompt, sentence = clean_text(head), clean_text(rest)
    else:
        prompt, sentence = DEFAULT_CLOZE_PROMPT, clean_text(marked)
    return record_from(kind="cloze", prompt=prompt, text=sentence, blanks=tuple(blanks), **common)
