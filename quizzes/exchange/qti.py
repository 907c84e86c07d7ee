"""QTI 3.0 content packages: one ``qti-assessment-item`` per question, an assessment test and an
``imsmanifest.xml``, zipped (research/quiz-anchors.md §2.4).

What each kind becomes (namespace ``http://www.imsglobal.org/xsd/imsqtiasi_v3p0``):

| kind            | interaction                                   | response, scoring                      |
|-----------------|-----------------------------------------------|----------------------------------------|
| single-choice   | ``qti-choice-interaction``, max-choices 1     | single identifier, match_correct        |
|                 |                                               | (map_response when several are correct) |
| multiple-choice | ``qti-choice-interaction``, max-choices 0     | multiple identifier, ``qti-mapping``    |
|                 |                                               | with Closeread's weights, map_response  |
| true-false      | ``qti-choice-interaction`` with TRUE / FALSE  | single identifier, match_correct        |
| short-answer    | ``qti-text-entry-interaction`` in a paragraph | single string, mapping of the accepted  |
|                 |                                               | answers (case-insensitive), map_response|
| cloze           | the text with a ``qti-text-entry-interaction``| one response per blank (RESPONSE_1, …), |
|                 | per blank, or ``qti-inline-choice-interaction``| each mapped; SCORE = mean of the blanks |
|                 | for a drop-down blank                         | (custom response processing)            |
| hot-text        | ``qti-hottext-interaction``: the passage with | multiple identifier, mapping with the   |
|                 | each phrase wrapped in ``qti-hottext``        | weights, map_response                   |
| ordering        | ``qti-order-interaction``                     | ordered identifier; SCORE = share of    |
|                 |                                               | neighbouring pairs kept, as Closeread   |
|                 |                                               | grades (custom response processing)     |
| matching        | ``qti-match-interaction``: two                | multiple directedPair, mapping 1/n per  |
|                 | ``qti-simple-match-set`` (lefts, distinct     | right pair, map_response                |
|                 | rights)                                       |                                         |

SCORE is a float in [0, 1] and MAXSCORE is 1. The explanation (and the explaining passage of a
non-hot-text question) goes in a ``qti-rubric-block`` for the scorer's view only. Choice feedback
is not exported (it needs feedback outcomes that the standard templates do not set). Every
identifier is sanitised to an XML NCName. Answers typed in a text entry are compared by the
player's own mapping (case-insensitive), not by Closeread's punctuation-blind normalisation.
The zip is byte-for-byte reproducible: sorted entries with a fixed timestamp.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from quizzes.exchange.common import clean_text, slugify
from quizzes.grading import choice_weights, normalise_answer
from quizzes.items import QuestionRecord

__all__ = [
    "QTI_NAMESPACE",
    "QtiItem",
    "QtiPackage",
    "export_qti_package",
    "ncname",
    "qti_item",
]

QTI_NAMESPACE = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
QTI_SCHEMA = "https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd"
CP_NAMESPACE = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"
CP_SCHEMA = "https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqtiv3p0_imscpv1p2_v1p0.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MATCH_CORRECT = "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct.xml"
MAP_RESPONSE = "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/map_response.xml"
ITEM_TYPE = "imsqti_item_xmlv3p0"
TEST_TYPE = "imsqti_test_xmlv3p0"
TEST_FILE = "assessment-test.xml"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

# Elements whose children are laid out one a line; everything else keeps its mixed content as is.
_STRUCTURAL = frozenset(
    {
        "qti-assessment-item",
        "qti-assessment-test",
        "qti-test-part",
        "qti-assessment-section",
        "qti-response-declaration",
        "qti-outcome-declaration",
        "qti-correct-response",
        "qti-default-value",
        "qti-mapping",
        "qti-item-body",
        "qti-choice-interaction",
        "qti-order-interaction",
        "qti-match-interaction",
        "qti-simple-match-set",
        "qti-hottext-interaction",
        "qti-inline-choice-interaction",
        "qti-rubric-block",
        "qti-content-body",
        "qti-response-processing",
        "qti-outcome-processing",
        "qti-response-condition",
        "qti-response-if",
        "qti-set-outcome-value",
        "qti-sum",
        "qti-divide",
        "qti-and",
        "qti-not",
        "qti-is-null",
        "qti-contains",
        "qti-ordered",
        "qti-index",
        "manifest",
        "metadata",
        "resources",
        "resource",
    }
)


@dataclass(frozen=True, slots=True)
class QtiItem:
    """One exported item: its question, identifier, path in the package and XML text."""

    question_id: str
    identifier: str
    href: str
    xml: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class QtiPackage:
    """What `export_qti_package` wrote: the zip, the item paths in it and the warnings."""

    path: Path
    items: tuple[str, ...]
    warnings: tuple[str, ...] = ()


def ncname(text: str, *, prefix: str = "ID") -> str:
    """`text` as an XML NCName: characters outside ``[A-Za-z0-9_.-]`` become ``_`` and a name
    that does not start with a letter or ``_`` gets `prefix` and ``_`` in front."""
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", text)
    if not name or not (name[0].isalpha() or name[0] == "_"):
        name = f"{prefix}_{name}"
    return name


def _unique(names: Iterable[str], *, prefix: str) -> list[str]:
    seen: set[str] = set()
    result: list[str] = []
    for name in names:
        base = ncname(name, prefix=prefix)
        candidate, counter = base, 2
        while candidate.lower() in seen:
            candidate = f"{base}_{counter}"
            counter += 1
        seen.add(candidate.lower())
        result.append(candidate)
    return result


def _q(name: str) -> str:
    """Element names stay unqualified; each document's root declares the default namespace
    (ElementTree's default_namespace option refuses unqualified attribute names)."""
    return name


def _el(parent: ET.Element, name: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(
        parent, _q(name), {key.replace("_", "-"): value for key, value in attrs.items()}
    )
    if text is not None:
        element.text = text
    return element


def _number(value: Fraction | float) -> str:
    """A float as QTI writes it: repr precision, no trailing ``.0`` noise for whole numbers."""
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


def _append_text(parent: ET.Element, text: str) -> None:
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _inline(parent: ET.Element, text: str) -> None:
    """Append text to mixed content, line breaks as ``<br/>``."""
    for index, line in enumerate(text.split("\n")):
        if index:
            ET.SubElement(parent, _q("br"))
        _append_text(parent, line)


def _paragraphs(parent: ET.Element, text: str) -> None:
    """One ``<p>`` per paragraph (blank-line separated) of `text`."""
    for paragraph in clean_text(text).split("\n\n"):
        if paragraph.strip():
            _inline(_el(parent, "p"), paragraph.strip())


def _prompt(interaction: ET.Element, text: str) -> None:
    text = clean_text(text)
    if text:
        _inline(_el(interaction, "qti-prompt"), text)


def _indent(element: ET.Element, level: int = 0) -> None:
    """Lay out structural elements one a line without touching mixed (inline) content."""
    local = element.tag.rsplit("}", 1)[-1]
    if local not in _STRUCTURAL or not len(element):
        return
    if element.text and element.text.strip():
        return
    if any(child.tail and child.tail.strip() for child in element):
        return
    inner = "\n" + "  " * (level + 1)
    element.text = inner
    for child in element:
        child.tail = inner
        _indent(child, level + 1)
    element[-1].tail = "\n" + "  " * level


# --------------------------------------------------------------------------------------------
# declarations


def _response(
    item: ET.Element,
    identifier: str,
    *,
    cardinality: str,
    base_type: str,
    correct: Iterable[str],
    mapping: dict[str, str] | None = None,
    case_sensitive: bool | None = None,
    lower_bound: str = "0",
    upper_bound: str = "1",
) -> None:
    declaration = _el(
        item,
        "qti-response-declaration",
        identifier=identifier,
        cardinality=cardinality,
        base_type=base_type,
    )
    values = list(correct)
    if values:
        correct_response = _el(declaration, "qti-correct-response")
        for value in values:
            _el(correct_response, "qti-value", value)
    if mapping:
        mapping_element = _el(
            declaration,
            "qti-mapping",
            default_value="0",
            lower_bound=lower_bound,
            upper_bound=upper_bound,
        )
        for key, value in mapping.items():
            attrs = {"map_key": key, "mapped_value": value}
            if case_sensitive is not None:
                attrs["case_sensitive"] = "true" if case_sensitive else "false"
            _el(mapping_element, "qti-map-entry", **attrs)


def _outcomes(item: ET.Element) -> None:
    for identifier, default in (("SCORE", "0"), ("MAXSCORE", "1")):
        declaration = _el(
            item,
            "qti-outcome-declaration",
            identifier=identifier,
            cardinality="single",
            base_type="float",
        )
        _el(_el(declaration, "qti-default-value"), "qti-value", default)


def _text_mapping(answers: Iterable[str]) -> dict[str, str]:
    """Accepted answers as map keys, each worth 1; duplicates ignoring case dropped."""
    mapping: dict[str, str] = {}
    seen: set[str] = set()
    for answer in answers:
        key = clean_text(answer)
        if key and key.casefold() not in seen:
            seen.add(key.casefold())
            mapping[key] = "1"
    return mapping


# --------------------------------------------------------------------------------------------
# items


def qti_item(question: QuestionRecord, *, identifier: str | None = None) -> QtiItem:
    """Build the QTI 3.0 ``qti-assessment-item`` of one question (see the module docstring).

    `identifier` defaults to the question id made an NCName. Raises ValueError for a kind QTI
    export cannot hold and for a cloze question without blanks."""
    warnings: list[str] = []
    identifier = identifier or ncname(question.id, prefix="Q")
    title = clean_text(question.prompt).split("\n", 1)[0][:80] or question.id
    item = ET.Element(
        _q("qti-assessment-item"),
        {
            "xmlns": QTI_NAMESPACE,
            f"{{{XSI}}}schemaLocation": f"{QTI_NAMESPACE} {QTI_SCHEMA}",
            "identifier": identifier,
            "title": title,
            "adaptive": "false",
            "time-dependent": "false",
            XML_LANG: "en",
        },
    )
    builder = _BUILDERS.get(question.kind)
    if builder is None:
        raise ValueError(f"{question.id}: QTI export cannot hold a {question.kind!r} question")
    body, processing = builder(question, item, warnings)
    _rubric(body, question)
    if processing is None:
        raise ValueError(f"{question.id}: no response processing")
    item.append(processing)
    _indent(item)
    xml = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(item, encoding="unicode") + "\n"
    return QtiItem(
        question_id=question.id,
        identifier=identifier,
        href=f"items/{identifier}.xml",
        xml=xml,
        warnings=tuple(warnings),
    )


def _template(template: str) -> ET.Element:
    return ET.Element(_q("qti-response-processing"), {"template": template})


def _rubric(body: ET.Element, question: QuestionRecord) -> None:
    explanation = clean_text(question.explanation)
    passage = clean_text(question.passage) if question.kind != "hot-text" else ""
    if not explanation and not passage:
        return
    rubric = _el(body, "qti-rubric-block", use="scoring", view="scorer")
    content = _el(rubric, "qti-content-body")
    if explanation:
        _paragraphs(content, explanation)
    if passage:
        _inline(_el(content, "p"), f"Passage: {passage}")


def _choice_ids(question: QuestionRecord) -> dict[str, str]:
    return dict(
        zip(
            (choice.id for choice in question.choices),
            _unique((f"C_{c.id}" for c in question.choices), prefix="C"),
        )
    )


def _build_choice(
    question: QuestionRecord, item: ET.Element, warnings: list[str]
) -> tuple[ET.Element, ET.Element]:
    ids = _choice_ids(question)
    correct = [ids[choice.id] for choice in question.choices if choice.correct]
    multiple = question.kind == "multiple-choice"
    if multiple:
        weights = choice_weights(question)
        mapping = {ids[choice.id]: _number(weights[choice.id]) for choice in question.choices}
        _response(
            item,
            "RESPONSE",
            cardinality="multiple",
            base_type="identifier",
            correct=correct,
            mapping=mapping,
        )
        processing = _template(MAP_RESPONSE)
    elif len(correct) > 1:
        warnings.append(
            f"{question.id}: several correct choices; any one earns full marks (map_response)"
        )
        _response(
            item,
            "RESPONSE",
            cardinality="single",
            base_type="identifier",
            correct=correct[:1],
            mapping={choice_id: "1" for choice_id in correct},
        )
        processing = _template(MAP_RESPONSE)
    else:
        _response(item, "RESPONSE", cardinality="single", base_type="identifier", correct=correct)
        processing = _template(MATCH_CORRECT)
    _outcomes(item)
    body = _el(item, "qti-item-body")
    interaction = _el(
        body,
        "qti-choice-interaction",
        response_identifier="RESPONSE",
        shuffle="true",
        max_choices="0" if multiple else "1",
    )
    _prompt(interaction, question.prompt)
    for choice in question.choices:
        _inline(
            _el(interaction, "qti-simple-choice", identifier=ids[choice.id]),
            clean_text(choice.text),
        )
    return body, processing


def _build_true_false(
    question: QuestionRecord, item: ET.Element, warnings: list[str]
) -> tuple[ET.Element, ET.Element]:
    _response(
        item,
        "RESPONSE",
        cardinality="single",
        base_type="identifier",
        correct=["TRUE" if question.answer else "FALSE"],
    )
    _outcomes(item)
    body = _el(item, "qti-item-body")
    interaction = _el(
        body,
        "qti-choice-interaction",
        response_identifier="RESPONSE",
        shuffle="false",
        max_choices="1",
    )
    _prompt(interaction, question.prompt)
    _el(interaction, "qti-simple-choice", "True", identifier="TRUE")
    _el(interaction, "qti-simple-choice", "False", identifier="FALSE")
    return body, _template(MATCH_CORRECT)


def _build_short_answer(
    question: QuestionRecord, item: ET.Element, warnings: list[str]
) -> tuple[ET.Element, ET.Element]:
    mapping = _text_mapping(question.accepted)
    _response(
        item,
        "RESPONSE",
        cardinality="single",
        base_type="string",
        correct=list(mapping)[:1],
        mapping=mapping,
        case_sensitive=False,
    )
    _outcomes(item)
    body = _el(item, "qti-item-body")
    _paragraphs(body, question.prompt)
    longest = max((len(answer) for answer in question.accepted), default=10)
    _el(
        _el(body, "p"),
        "qti-text-entry-interaction",
        response_identifier="RESPONSE",
        expected_length=str(max(longest, 10)),
    )
    return body, _template(MAP_RESPONSE)


def _build_cloze(
    question: QuestionRecord, item: ET.Element, warnings: list[str]
) -> tuple[ET.Element, ET.Element]:
    count = len(question.blanks)
    if count == 0:
        raise ValueError(f"{question.id}: a cloze question without blanks")
    option_ids: list[dict[str, str]] = []
    for number, blank in enumerate(question.blanks, start=1):
        identifier = f"RESPONSE_{number}"
        if blank.options:
            ids = dict(
                zip(
                    blank.options,
                    _unique(
                        (f"O{number}_{index}" for index in range(1, len(blank.options) + 1)),
                        prefix="O",
                    ),
                )
            )
            option_ids.append(ids)
            accepted = {normalise_answer(answer) for answer in blank.accepted}
            right = [
                ids[option] for option in blank.options if normalise_answer(option) in accepted
            ]
            _response(
                item,
                identifier,
                cardinality="single",
                base_type="identifier",
                correct=right[:1],
                mapping={option_id: "1" for option_id in right},
            )
        else:
            option_ids.append({})
            mapping = _text_mapping(blank.accepted)
            _response(
                item,
                identifier,
                cardinality="single",
                base_type="string",
                correct=list(mapping)[:1],
                mapping=mapping,
                case_sensitive=False,
            )
    _outcomes(item)
    body = _el(item, "qti-item-body")
    _paragraphs(body, question.prompt)
    text = clean_text(question.text)
    for paragraph in text.split("\n\n"):
        if not paragraph.strip():
            continue
        p = _el(body, "p")
        for index, piece in enumerate(re.split(r"\{(\d+)\}", paragraph.strip())):
            if index % 2 == 0:
                _inline(p, piece)
                continue
            number = int(piece)
            if not 1 <= number <= count:
                warnings.append(f"{question.id}: marker {{{number}}} has no blank")
                _inline(p, "{" + piece + "}")
                continue
            blank = question.blanks[number - 1]
            identifier = f"RESPONSE_{number}"
            if blank.options:
                interaction = _el(
                    p,
                    "qti-inline-choice-interaction",
                    response_identifier=identifier,
                    shuffle="false",
                )
                for option in blank.options:
                    _el(
                        interaction,
                        "qti-inline-choice",
                        clean_text(option),
                        identifier=option_ids[number - 1][option],
                    )
            else:
                longest = max((len(answer) for answer in blank.accepted), default=10)
                _el(
                    p,
                    "qti-text-entry-interaction",
                    response_identifier=identifier,
                    expected_length=str(max(longest, 10)),
                )
    processing = ET.Element(_q("qti-response-processing"))
    set_score = _el(processing, "qti-set-outcome-value", identifier="SCORE")
    divide = _el(set_score, "qti-divide")
    total = _el(divide, "qti-sum")
    for number in range(1, count + 1):
        _el(total, "qti-map-response", identifier=f"RESPONSE_{number}")
    _el(divide, "qti-base-value", str(count), base_type="float")
    return body, processing


def _find_spans(
    passage: str, phrases: list[tuple[str, str]]
) -> tuple[list[tuple[int, int, str]], list[tuple[str, str]]]:
    """Non-overlapping (start, end, id) spans of each phrase in the passage, earliest free
    occurrence first; and the phrases not found."""
    spans: list[tuple[int, int, str]] = []
    missing: list[tuple[str, str]] = []
    for choice_id, phrase in phrases:
        start = passage.find(phrase) if phrase else -1
        while start >= 0 and any(
            start < end and start + len(phrase) > begin for begin, end, _ in spans
        ):
            start = passage.find(phrase, start + 1)
        paragraph_break = start >= 0 and "\n\n" in passage[start : start + len(phrase)]
        if start < 0 or paragraph_break:
            missing.append((choice_id, phrase))
        else:
            spans.append((start, start + len(phrase), choice_id))
    spans.sort()
    return spans, missing


def _build_hot_text(
    question: QuestionRecord, item: ET.Element, warnings: list[str]
) -> tuple[ET.Element, ET.Element]:
    ids = dict(
        zip(
            (choice.id for choice in question.choices),
            _unique((f"H_{c.id}" for c in question.choices), prefix="H"),
        )
    )
    weights = choice_weights(question)
    _response(
        item,
        "RESPONSE",
        cardinality="multiple",
        base_type="identifier",
        correct=[ids[choice.id] for choice in question.choices if choice.correct],
        mapping={ids[choice.id]: _number(weights[choice.id]) for choice in question.choices},
    )
    _outcomes(item)
    body = _el(item, "qti-item-body")
    interaction = _el(
        body, "qti-hottext-interaction", response_identifier="RESPONSE", max_choices="0"
    )
    _prompt(interaction, question.prompt)
    passage = clean_text(question.passage)
    spans, missing = _find_spans(
        passage, [(choice.id, clean_text(choice.text)) for choice in question.choices]
    )
    offset = 0
    for paragraph in passage.split("\n\n"):
        start, end = offset, offset + len(paragraph)
        offset = end + 2
        p = _el(interaction, "p")
        cursor = start
        for span_start, span_end, choice_id in spans:
            if span_start < start or span_end > end:
                continue
            _inline(p, passage[cursor:span_start])
            _inline(_el(p, "qti-hottext", identifier=ids[choice_id]), passage[span_start:span_end])
            cursor = span_end
        _inline(p, passage[cursor:end])
    if missing:
        warnings.append(
            f"{question.id}: phrases not found in the passage, listed after it: "
            + ", ".join(repr(text) for _, text in missing)
        )
        p = _el(interaction, "p")
        for index, (choice_id, text) in enumerate(missing):
            if index:
                _append_text(p, " · ")
            _inline(_el(p, "qti-hottext", identifier=ids[choice_id]), text)
    return body, _template(MAP_RESPONSE)


def _build_ordering(
    question: QuestionRecord, item: ET.Element, warnings: list[str]
) -> tuple[ET.Element, ET.Element]:
    ids = _choice_ids(question)
    order = [ids[choice.id] for choice in question.choices]
    _response(item, "RESPONSE", cardinality="ordered", base_type="identifier", correct=order)
    _outcomes(item)
    body = _el(item, "qti-item-body")
    interaction = _el(body, "qti-order-interaction", response_identifier="RESPONSE", shuffle="true")
    _prompt(interaction, question.prompt)
    for choice in question.choices:
        _inline(
            _el(interaction, "qti-simple-choice", identifier=ids[choice.id]),
            clean_text(choice.text),
        )
    if len(order) < 2:
        return body, _template(MATCH_CORRECT)
    # Moodle's "relative to the next item (excluding the last)": one point for each neighbouring
    # pair of the response that is a neighbouring pair of the correct order, over n - 1.
    processing = ET.Element(_q("qti-response-processing"))
    _el(
        _el(processing, "qti-set-outcome-value", identifier="SCORE"),
        "qti-base-value",
        "0",
        base_type="float",
    )
    for position in range(1, len(order)):
        condition = _el(processing, "qti-response-condition")
        branch = _el(condition, "qti-response-if")
        both = _el(branch, "qti-and")
        _el(_el(_el(both, "qti-not"), "qti-is-null"), "qti-index", n=str(position + 1)).append(
            ET.Element(_q("qti-variable"), {"identifier": "RESPONSE"})
        )
        contains = _el(both, "qti-contains")
        _el(contains, "qti-correct", identifier="RESPONSE")
        pair = _el(contains, "qti-ordered")
        for n in (position, position + 1):
            _el(_el(pair, "qti-index", n=str(n)), "qti-variable", identifier="RESPONSE")
        add = _el(_el(branch, "qti-set-outcome-value", identifier="SCORE"), "qti-sum")
        _el(add, "qti-variable", identifier="SCORE")
        _el(add, "qti-base-value", "1", base_type="float")
    scale = _el(_el(processing, "qti-set-outcome-value", identifier="SCORE"), "qti-divide")
    _el(scale, "qti-variable", identifier="SCORE")
    _el(scale, "qti-base-value", str(len(order) - 1), base_type="float")
    return body, processing


def _build_matching(
    question: QuestionRecord, item: ET.Element, warnings: list[str]
) -> tuple[ET.Element, ET.Element]:
    lefts = dict(
        zip(
            (pair.id for pair in question.pairs),
            _unique((f"L_{p.id}" for p in question.pairs), prefix="L"),
        )
    )
    rights_text: list[str] = []
    for pair in question.pairs:
        if clean_text(pair.right) not in rights_text:
            rights_text.append(clean_text(pair.right))
    rights = dict(
        zip(
            rights_text,
            _unique((f"R_{index}" for index in range(1, len(rights_text) + 1)), prefix="R"),
        )
    )
    correct = [f"{lefts[pair.id]} {rights[clean_text(pair.right)]}" for pair in question.pairs]
    share = _number(Fraction(1, len(question.pairs))) if question.pairs else "0"
    _response(
        item,
        "RESPONSE",
        cardinality="multiple",
        base_type="directedPair",
        correct=correct,
        mapping={value: share for value in correct},
    )
    _outcomes(item)
    body = _el(item, "qti-item-body")
    interaction = _el(
        body,
        "qti-match-interaction",
        response_identifier="RESPONSE",
        shuffle="true",
        max_associations=str(len(question.pairs)),
    )
    _prompt(interaction, question.prompt)
    left_set = _el(interaction, "qti-simple-match-set")
    for pair in question.pairs:
        _inline(
            _el(left_set, "qti-simple-associable-choice", identifier=lefts[pair.id], match_max="1"),
            clean_text(pair.left),
        )
    right_set = _el(interaction, "qti-simple-match-set")
    for text in rights_text:
        _inline(
            _el(right_set, "qti-simple-associable-choice", identifier=rights[text], match_max="0"),
            text,
        )
    return body, _template(MAP_RESPONSE)


_BUILDERS = {
    "single-choice": _build_choice,
    "multiple-choice": _build_choice,
    "true-false": _build_true_false,
    "short-answer": _build_short_answer,
    "cloze": _build_cloze,
    "hot-text": _build_hot_text,
    "ordering": _build_ordering,
    "matching": _build_matching,
}


# --------------------------------------------------------------------------------------------
# package


def _assessment_test(items: list[QtiItem], *, title: str) -> str:
    test = ET.Element(
        _q("qti-assessment-test"),
        {
            "xmlns": QTI_NAMESPACE,
            f"{{{XSI}}}schemaLocation": f"{QTI_NAMESPACE} {QTI_SCHEMA}",
            "identifier": ncname("TEST-" + slugify(title, fallback="quiz"), prefix="T"),
            "title": title,
        },
    )
    declaration = _el(
        test, "qti-outcome-declaration", identifier="SCORE", cardinality="single", base_type="float"
    )
    _el(_el(declaration, "qti-default-value"), "qti-value", "0")
    part = _el(
        test,
        "qti-test-part",
        identifier="part-1",
        navigation_mode="nonlinear",
        submission_mode="simultaneous",
    )
    section = _el(
        part, "qti-assessment-section", identifier="section-1", title=title, visible="true"
    )
    for item in items:
        _el(section, "qti-assessment-item-ref", identifier=item.identifier, href=item.href)
    processing = _el(test, "qti-outcome-processing")
    _el(
        _el(_el(processing, "qti-set-outcome-value", identifier="SCORE"), "qti-sum"),
        "qti-test-variables",
        variable_identifier="SCORE",
    )
    _indent(test)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(test, encoding="unicode") + "\n"


def _manifest(items: list[QtiItem], *, title: str) -> str:
    def cp(name: str) -> str:
        return name

    manifest = ET.Element(
        cp("manifest"),
        {
            "xmlns": CP_NAMESPACE,
            f"{{{XSI}}}schemaLocation": f"{CP_NAMESPACE} {CP_SCHEMA}",
            "identifier": ncname("MANIFEST-" + slugify(title, fallback="quiz"), prefix="M"),
        },
    )
    metadata = ET.SubElement(manifest, cp("metadata"))
    ET.SubElement(metadata, cp("schema")).text = "QTI Package"
    ET.SubElement(metadata, cp("schemaversion")).text = "3.0.0"
    ET.SubElement(manifest, cp("organizations"))
    resources = ET.SubElement(manifest, cp("resources"))
    for item in items:
        resource = ET.SubElement(
            resources,
            cp("resource"),
            {"identifier": f"RES-{item.identifier}", "type": ITEM_TYPE, "href": item.href},
        )
        ET.SubElement(resource, cp("file"), {"href": item.href})
    test = ET.SubElement(
        resources, cp("resource"), {"identifier": "RES-TEST", "type": TEST_TYPE, "href": TEST_FILE}
    )
    ET.SubElement(test, cp("file"), {"href": TEST_FILE})
    for item in items:
        ET.SubElement(test, cp("dependency"), {"identifierref": f"RES-{item.identifier}"})
    _indent(manifest)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + ET.tostring(manifest, encoding="unicode")
        + "\n"
    )


def export_qti_package(
    questions: Iterable[QuestionRecord], path: str | Path, *, title: str
) -> QtiPackage:
    """Write a QTI 3.0 content package (zip) to `path`: ``imsmanifest.xml``, one
    ``items/<identifier>.xml`` per question and ``assessment-test.xml`` listing them in order."""
    questions = list(questions)
    warnings: list[str] = []
    identifiers = _unique((question.id for question in questions), prefix="Q")
    items: list[QtiItem] = []
    for question, identifier in zip(questions, identifiers):
        if identifier != question.id:
            warnings.append(
                f"{question.id}: identifier written as {identifier!r} (XML names allow [A-Za-z0-9_.-])"
            )
        if question.kind not in _BUILDERS:
            warnings.append(
                f"{question.id}: skipped: QTI export cannot hold a {question.kind!r} question"
            )
            continue
        if question.kind == "cloze" and not question.blanks:
            warnings.append(f"{question.id}: skipped: a cloze question without blanks")
            continue
        item = qti_item(question, identifier=identifier)
        items.append(item)
        warnings.extend(item.warnings)
    files = {item.href: item.xml for item in items}
    files[TEST_FILE] = _assessment_test(items, title=title)
    files["imsmanifest.xml"] = _manifest(items, title=title)
    path = Path(path)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name].encode("utf-8"))
    return QtiPackage(path=path, items=tuple(item.href for item in items), warnings=tuple(warnings))
