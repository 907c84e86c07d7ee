"""GIFT export and import: escaping, round trips, teacher-written GIFT and errors."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from quiz_samples import CLOZE_TWO, HOT_TEXT, SAMPLES, SHORT, SINGLE

from quizzes.exchange import ImportDefaults
from quizzes.exchange.common import clean_text
from quizzes.exchange.gift import GiftError, escape_gift, export_gift, import_gift, unescape_gift
from quizzes.grading import grade
from quizzes.items import KINDS, Choice, QuestionRecord

# -- escaping ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("~", "\\~"),
        ("=", "\\="),
        ("#", "\\#"),
        ("{", "\\{"),
        ("}", "\\}"),
        (":", "\\:"),
        ("\\", "\\\\"),
        ("a\nb", "a\\nb"),
        ("a\r\nb", "a\\nb"),
        ("C:\\new", "C\\:\\\\new"),  # a backslash before n must not read as a line break
        ("50% -> ok", "50% -> ok"),
        ("plain", "plain"),
    ],
)
def test_escape_every_special_character(raw: str, escaped: str) -> None:
    assert escape_gift(raw) == escaped
    assert unescape_gift(escaped) == raw.replace("\r\n", "\n")


@given(st.text())
def test_escape_round_trip(text: str) -> None:
    assert unescape_gift(escape_gift(text)) == clean_text(text)


def test_special_characters_survive_in_every_position() -> None:
    nasty = "a ~ b = c # d { e } f : g \\ h \\n i"
    question = QuestionRecord(
        id="nasty:id",
        kind="single-choice",
        skill="detail",
        difficulty=1,
        prompt=nasty,
        explanation=nasty,
        choices=(
            Choice("a", nasty, correct=True, feedback=nasty),
            Choice("b", "%25% " + nasty, feedback=nasty),
        ),
    )
    back = import_gift(export_gift([question]).text).questions[0]
    assert back == question


# -- round trips ---------------------------------------------------------------------------------------


def test_export_import_export_is_byte_identical() -> None:
    first = export_gift(SAMPLES)
    imported = import_gift(first.text)
    second = export_gift(imported.questions)
    assert second.text == first.text
    assert imported.warnings == ()


def test_round_trip_keeps_every_exported_record() -> None:
    imported = {q.id: q for q in import_gift(export_gift(SAMPLES).text).questions}
    for question in SAMPLES:
        if question is CLOZE_TWO:
            assert question.id not in imported
        else:
            assert imported[question.id] == question


def test_every_kind_is_exported_or_reported() -> None:
    result = export_gift(SAMPLES)
    assert {q.kind for q in SAMPLES} == set(KINDS)
    assert any("e7-cloze-two: skipped" in warning for warning in result.warnings)
    assert any("hot-text exported as a multiple-answer" in warning for warning in result.warnings)


def test_layout_of_each_kind() -> None:
    text = export_gift(SAMPLES).text
    assert "::a1-sanctions-veto::Article 1 says" in text
    assert "\t=The Security Council imposed no sanctions\\: Russia vetoed them.\n" in text
    assert "#Russia is a permanent member and vetoed them.\n" in text
    assert "\t~%0%%50% of members voted \\{for\\} \\= a majority \\~ roughly \\# \\#1\n" in text
    assert (
        "\t~%33.33333%The foreign minister\n" in text
        and "\t~%-50%A senior official#Unnamed.\n" in text
    )
    assert "{T####It took place in Geneva \\{see paragraph 2\\}.}" in text
    assert "::c4-false::[moodle][Headline] The ministry confirmed the figures.{F}" in text
    assert "\t=%100%T\n" in text  # would otherwise read as true-false
    assert "on {=June 20 =20 June####Paragraph 1 gives the date.}, after months" in text
    assert "{=historic ~modest ~\\=odd ~%0%%5% more}" in text
    assert (
        "{>4 ALL VERTICAL RELATIVE_NEXT_EXCLUDE_LAST SHOW none\n\tTalks began: 10:30 a.m.\n" in text
    )
    assert "\t=Sanctions began in 2006\\: all of them -> False\n" in text
    assert "\t####See the timeline box.\n}" in text
    assert "$CATEGORY: Closeread/Evidence\n\n// [id:a1-sanctions-veto] [tag:unit-1]\n" in text
    assert "[tag:weights\\]odd]" in text


def test_exported_multiple_choice_grades_the_same_after_import() -> None:
    imported = {q.id: q for q in import_gift(export_gift(SAMPLES).text).questions}
    for question in SAMPLES:
        if question.kind in ("multiple-choice", "hot-text"):
            ids = tuple(choice.id for choice in question.choices)
            for cut in range(len(ids) + 1):
                assert grade(imported[question.id], ids[:cut]) == grade(question, ids[:cut])


# -- teacher-written GIFT -------------------------------------------------------------------------------

TEACHER = """\
// A teacher's file: comments, categories, names and no Closeread metadata.
$CATEGORY: $course$/top/Unit 1

// [tag:geneva]
::Q1\\: Capital:: Which city hosted the summit? {
  =Geneva#Yes.
  ~Vienna#No, that was 2019.
  ~Paris
}

Grant is buried in Grant's tomb.{FALSE}

::Burial::Who's buried in Grant's tomb?{=no one =nobody =%50%Grant}

Match the following countries with their capitals. {
  =Canada -> Ottawa
  =Italy -> Rome
  = -> Madrid
}

Grant is {~buried =entombed ~living} in Grant's tomb.

[html]<p>Which <b>two</b> are named?</p>{~%50%Minister ~%50%Agency ~%-50%Official}

Put these in order.{>3 ALL VERTICAL ABSOLUTE_POSITION SHOW
first
second
third
}

When was Grant born?{#1822:5}

This is a description with no answers.

Write an essay about Grant.{}
"""


def test_teacher_written_gift_imports() -> None:
    result = import_gift(TEACHER, defaults=ImportDefaults(skill="sourcing", difficulty=1))
    by_id = {q.id: q for q in result.questions}
    q1 = by_id["q1-capital"]
    assert q1.kind == "single-choice"
    assert q1.prompt == "Which city hosted the summit?"
    assert [(c.id, c.text, c.correct, c.feedback) for c in q1.choices] == [
        ("a", "Geneva", True, "Yes."),
        ("b", "Vienna", False, "No, that was 2019."),
        ("c", "Paris", False, None),
    ]
    assert q1.tags == ("category:$course$/top/Unit 1", "geneva")
    assert (q1.skill, q1.difficulty, q1.status) == ("sourcing", 1, "draft")

    grant = by_id["grant-is-buried-in-grant-s-tomb"]
    assert grant.kind == "true-false" and grant.answer is False

    burial = by_id["burial"]
    assert burial.kind == "short-answer" and burial.accepted == ("no one", "nobody")

    match = by_id["match-the-following-countries-with-their-capitals"]
    assert [(p.left, p.right) for p in match.pairs] == [("Canada", "Ottawa"), ("Italy", "Rome")]

    cloze = by_id["grant-is-in-grant-s-tomb"]
    assert cloze.kind == "cloze"
    assert cloze.prompt == "Fill in the blank."
    assert cloze.text == "Grant is {1} in Grant's tomb."
    assert cloze.blanks[0].accepted == ("entombed",)
    assert cloze.blanks[0].options == ("buried", "entombed", "living")

    named = by_id["which-two-are-named"]
    assert named.kind == "multiple-choice"
    assert named.prompt == "Which two are named?"
    assert [c.correct for c in named.choices] == [True, True, False]

    order = by_id["put-these-in-order"]
    assert order.kind == "ordering"
    assert [c.text for c in order.choices] == ["first", "second", "third"]

    assert len(result.questions) == 7
    warnings = "\n".join(result.warnings)
    assert "dropped answer 'Grant' with partial credit 50%" in warnings
    assert "dropped the extra right-side answer 'Madrid'" in warnings
    assert "answer weights replaced" in warnings
    assert "not ABSOLUTE_POSITION" in warnings
    assert "skipped a numerical question" in warnings
    assert "skipped a description" in warnings
    assert "skipped an essay question" in warnings


def test_duplicate_names_get_distinct_ids() -> None:
    text = "::Same::One?{T}\n\n::Same::Two?{F}\n"
    assert [q.id for q in import_gift(text).questions] == ["same", "same-2"]


def test_bom_and_crlf_are_accepted() -> None:
    text = "\ufeff::q::Is it?{T}\r\n\r\n::r::Is it not?{F}\r\n"
    assert [q.answer for q in import_gift(text).questions] == [True, False]


# -- errors ------------------------------------------------------------------------------------------------------


def problems_of(text: str) -> tuple[str, ...]:
    with pytest.raises(GiftError) as caught:
        import_gift(text)
    return caught.value.problems


def test_every_problem_is_reported_with_its_line() -> None:
    text = (
        "::ok::Fine?{T}\n"
        "\n"
        "::open::Unclosed {=a ~b\n"
        "\n"
        "::one::Only one?{~a}\n"
        "\n"
        "::m::Match{\n"
        "=a -> 1\n"
        "=b 2\n"
        "}\n"
        "\n"
        "::name never closes\n"
        "\n"
        "// closeread: {not json\n"
        "::x::X?{T}\n"
        "\n"
        "::two::A {=a} then {=b}\n"
        "\n"
        "::closing::Only } here\n"
    )
    problems = problems_of(text)
    assert problems == (
        "line 3: '{' without a closing '}'",
        "line 5: a multiple-choice question needs at least 2 answers",
        "line 9: a matching answer needs 'left -> right'",
        "line 7: a matching question needs at least 2 pairs",
        "line 12: the question name has no closing '::'",
        "line 14: unreadable closeread metadata (Expecting property name enclosed in double quotes)",
        "line 17: a second answer block: a question has one '{…}'",
        "line 19: '}' without an opening '{'",
    )


def test_metadata_that_does_not_fit_the_answers_is_a_problem() -> None:
    text = '// closeread: {"kind":"matching","skill":"detail","difficulty":1}\n::x::X?{T}\n'
    assert problems_of(text) == (
        "line 2: closeread kind 'matching' does not match a true-false answer",
    )
    text = '// closeread: {"kind":"ordering","skill":"detail","difficulty":7}\n::x::X?{T}\n'
    assert problems_of(text) == ("line 1: closeread metadata has difficulty 7, expected 1, 2 or 3",)


def test_category_needs_a_blank_line() -> None:
    assert problems_of("$CATEGORY: a\n::x::X?{T}\n") == (
        "line 2: put a blank line between '$CATEGORY:' and the next question",
    )


def test_gift_error_is_a_value_error_with_all_problems() -> None:
    error = GiftError(["line 1: a", "line 2: b"])
    assert isinstance(error, ValueError)
    assert str(error) == "line 1: a\nline 2: b"


# -- export corner cases ------------------------------------------------------------------------------------------


def test_hot_text_prompt_and_passage_come_back_apart() -> None:
    back = import_gift(export_gift([HOT_TEXT]).text).questions[0]
    assert back.prompt == HOT_TEXT.prompt and back.passage == HOT_TEXT.passage


def test_short_answer_guards() -> None:
    back = import_gift(export_gift([SHORT]).text).questions[0]
    assert back.accepted == SHORT.accepted


def test_empty_export() -> None:
    assert export_gift([]).text == ""
    assert import_gift("").questions == ()
    assert import_gift("// only a comment\n").questions == ()


def test_category_is_written_once_per_change() -> None:
    text = export_gift([SINGLE, SINGLE.__class__(**{**_fields(SINGLE), "id": "again"})]).text
    assert text.count("$CATEGORY: Closeread/Evidence") == 1


def _fields(question: QuestionRecord) -> dict[str, object]:
    return {name: getattr(question, name) for name in question.__slots__}  # type: ignore[attr-defined]
