"""Property tests of the exchange formats: any question the exporter writes without a warning
comes back stable, and no input makes an importer fail with anything but its own error."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizzes.exchange.common import ExchangeError, clean_text
from quizzes.exchange.gift import export_gift, import_gift
from quizzes.exchange.moodle_xml import export_moodle_xml, import_moodle_xml
from quizzes.exchange.qti import QTI_NAMESPACE, export_qti_package
from quizzes.items import KINDS, SKILLS, Blank, Choice, Pair, Provenance, QuestionRecord

_awkward = st.text(alphabet="ab Z~=#{}:\\%[]->\n\r\t&T/<>\"'", min_size=1, max_size=14)
_anything = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=14
)
TEXT = st.one_of(_awkward, _anything).filter(lambda text: clean_text(text) != "")
IDS = st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True)


@st.composite
def questions(draw: st.DrawFn) -> QuestionRecord:
    kind = draw(st.sampled_from(KINDS))
    fields: dict[str, object] = {
        "id": draw(IDS),
        "kind": kind,
        "skill": draw(st.sampled_from(SKILLS)),
        "difficulty": draw(st.sampled_from((1, 2, 3))),
        "prompt": draw(TEXT),
        "explanation": draw(st.one_of(st.just(""), TEXT)),
        "status": draw(st.sampled_from(("draft", "approved", "retired"))),
        "version": draw(st.integers(min_value=1, max_value=5)),
        "articles": tuple(draw(st.lists(IDS, max_size=2))),
        "annotation_id": draw(st.one_of(st.none(), IDS)),
        "tags": tuple(draw(st.lists(TEXT, max_size=2))),
        "provenance": draw(
            st.one_of(
                st.just(Provenance(origin="authored")),
                st.builds(
                    Provenance,
                    origin=st.just("generated"),
                    generator=IDS,
                    generator_version=st.integers(1, 9),
                ),
            )
        ),
    }
    if kind in ("single-choice", "multiple-choice", "hot-text", "ordering"):
        ids = draw(st.lists(IDS, min_size=2, max_size=5, unique=True))
        texts = [draw(TEXT) for _ in ids]
        if kind == "ordering":
            correct = [False] * len(ids)
        elif kind == "single-choice":
            right = draw(st.integers(0, len(ids) - 1))
            correct = [index == right for index in range(len(ids))]
        else:
            correct = draw(
                st.lists(st.booleans(), min_size=len(ids), max_size=len(ids)).filter(any)
            )
        feedback = [draw(st.one_of(st.none(), TEXT)) if kind != "ordering" else None for _ in ids]
        fields["choices"] = tuple(
            Choice(id=i, text=t, correct=c, feedback=f)
            for i, t, c, f in zip(ids, texts, correct, feedback)
        )
        if kind == "hot-text":
            fields["passage"] = draw(TEXT)
    elif kind == "true-false":
        fields["answer"] = draw(st.booleans())
    elif kind == "short-answer":
        fields["accepted"] = tuple(draw(st.lists(TEXT, min_size=1, max_size=3)))
    elif kind == "matching":
        ids = draw(st.lists(IDS, min_size=2, max_size=4, unique=True))
        fields["pairs"] = tuple(Pair(id=i, left=draw(TEXT), right=draw(TEXT)) for i in ids)
    else:  # cloze
        count = draw(st.integers(1, 3))
        pieces = [draw(st.one_of(st.just(""), TEXT)) for _ in range(count + 1)]
        fields["text"] = pieces[0] + "".join(f"{{{n}}}" + pieces[n] for n in range(1, count + 1))
        blanks = []
        for _ in range(count):
            if draw(st.booleans()):
                options = tuple(draw(st.lists(TEXT, min_size=2, max_size=3)))
                blanks.append(Blank(accepted=(options[0],), options=options))
            else:
                blanks.append(Blank(accepted=tuple(draw(st.lists(TEXT, min_size=1, max_size=2)))))
        fields["blanks"] = tuple(blanks)
    return QuestionRecord(**fields)  # type: ignore[arg-type]


def _benign(warning: str) -> bool:
    return "hot-text exported as" in warning


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(questions(), min_size=1, max_size=4, unique_by=lambda question: question.id))
def test_gift_round_trip_is_stable(batch: list[QuestionRecord]) -> None:
    first = export_gift(batch)
    if not all(_benign(warning) for warning in first.warnings):
        try:
            import_gift(first.text)
        except ExchangeError:
            pass
        return
    imported = import_gift(first.text)
    assert export_gift(imported.questions).text == first.text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(questions(), min_size=1, max_size=4, unique_by=lambda question: question.id))
def test_moodle_xml_round_trip_is_stable(batch: list[QuestionRecord]) -> None:
    first = export_moodle_xml(batch)
    ET.fromstring(first.text)
    if not all(_benign(warning) for warning in first.warnings):
        try:
            import_moodle_xml(first.text)
        except ExchangeError:
            pass
        return
    imported = import_moodle_xml(first.text)
    assert export_moodle_xml(imported.questions).text == first.text


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(batch=st.lists(questions(), min_size=1, max_size=4))
def test_qti_items_are_always_well_formed(tmp_path: Path, batch: list[QuestionRecord]) -> None:
    package = export_qti_package(batch, tmp_path / "p.zip", title="T")
    with zipfile.ZipFile(package.path) as archive:
        for href in package.items:
            root = ET.fromstring(archive.read(href))
            assert root.tag == f"{{{QTI_NAMESPACE}}}qti-assessment-item"


_gift_alphabet = st.sampled_from(
    list("{}=~#:\\->%[]$/\n \tabTF0123456789") + ["::", "//", "$CATEGORY:", "####", ">3 ALL"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_gift_alphabet, max_size=60).map("".join))
def test_gift_import_never_crashes(text: str) -> None:
    try:
        import_gift(text)
    except ExchangeError:
        pass


_xml_pieces = st.sampled_from(
    [
        "<quiz>",
        "</quiz>",
        '<question type="multichoice">',
        '<question type="cloze">',
        '<question type="truefalse">',
        '<question type="matching">',
        '<question type="ordering">',
        '<question type="shortanswer">',
        "</question>",
        "<answer fraction='100'><text>a</text></answer>",
        "<answer fraction='x'>",
        "</answer>",
        "<text>",
        "</text>",
        "<subquestion>",
        "</subquestion>",
        "<single>true</single>",
        "{1:SA:=a}",
        "{:MC:~b}",
        "{2:MULTIRESPONSE:",
        "<questiontext format='html'>",
        "</questiontext>",
        "<closeread>{}</closeread>",
        "&amp;",
        "<![CDATA[<p>",
        "]]>",
        "<!DOCTYPE x>",
        "}",
        "~",
        "#",
        "\n",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_xml_pieces, max_size=30).map("".join))
def test_moodle_xml_import_never_crashes(text: str) -> None:
    try:
        import_moodle_xml(text)
    except ExchangeError:
        pass
