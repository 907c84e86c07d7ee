"""Grading of every question kind, partial credit and malformed responses."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizzes.grading import choice_weights, grade, normalise_answer
from quizzes.items import KINDS, Blank, Choice, Pair, QuestionRecord


def question(kind: str, **fields: object) -> QuestionRecord:
    return QuestionRecord(
        id=f"q-{kind}",
        kind=kind,
        skill="detail",
        difficulty=1,
        prompt="?",
        explanation="",
        **fields,
    )  # type: ignore[arg-type]


SINGLE = question(
    "single-choice",
    choices=(
        Choice("a", "right", correct=True),
        Choice("b", "wrong", feedback="No: see paragraph 2."),
        Choice("c", "other"),
    ),
)
# 3 correct (+1/3 each), 2 wrong (−1/2 each)
MULTIPLE = question(
    "multiple-choice",
    choices=(
        Choice("a", "A", correct=True),
        Choice("b", "B", correct=True),
        Choice("c", "C", correct=True),
        Choice("d", "D", feedback="D is unnamed."),
        Choice("e", "E"),
    ),
)
TRUE_FALSE = question("true-false", answer=False)
SHORT = question("short-answer", accepted=("Security Council", "UNSC"))
CLOZE = question(
    "cloze",
    text="The {1} met on {2} in {3}.",
    blanks=(
        Blank(accepted=("Security Council",)),
        Blank(accepted=("June 20", "20 June")),
        Blank(accepted=("Geneva",), options=("Geneva", "Vienna")),
    ),
)
HOT_TEXT = question(
    "hot-text",
    passage="The regime slammed the balanced report.",
    choices=(
        Choice("r", "regime", correct=True),
        Choice("s", "slammed", correct=True),
        Choice("b", "balanced"),
    ),
)
ORDERING = question(
    "ordering",
    choices=(
        Choice("a", "first"),
        Choice("b", "second"),
        Choice("c", "third"),
        Choice("d", "fourth"),
        Choice("e", "fifth"),
    ),
)
MATCHING = question(
    "matching",
    pairs=(
        Pair("p1", "claim one", "False"),
        Pair("p2", "claim two", "True"),
        Pair("p3", "claim three", "False"),
    ),
)
ALL = (SINGLE, MULTIPLE, TRUE_FALSE, SHORT, CLOZE, HOT_TEXT, ORDERING, MATCHING)


def test_every_kind_has_a_sample() -> None:
    assert {q.kind for q in ALL} == set(KINDS)


# -- normalise_answer -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given_text", "expected"),
    [
        ("  The   Security\tCouncil ", "the security council"),
        ("U.S.", "us"),
        ("“Quoted” ‘words’", "quoted words"),
        ("don’t", "dont"),
        ("well-known", "well known"),
        ("well–known — fact", "well known fact"),
        ("3.5 million", "3.5 million"),
        ("−5 degrees", "-5 degrees"),
        ("ＦＵＬＬ width", "full width"),
        ("co\u00adoperate", "cooperate"),
        ("zero\u200bwidth", "zerowidth"),
        ("Straße", "strasse"),
        ("50%", "50%"),
        ("", ""),
    ],
)
def test_normalise_answer(given_text: str, expected: str) -> None:
    assert normalise_answer(given_text) == expected


def test_normalise_answer_of_a_non_string_is_empty() -> None:
    assert normalise_answer(None) == ""
    assert normalise_answer(42) == ""


# -- single-choice ------------------------------------------------------------------------------


def test_single_choice_right_wrong_and_feedback() -> None:
    assert grade(SINGLE, ("a",)).fraction == 1.0
    assert grade(SINGLE, ("a",)).correct
    wrong = grade(SINGLE, ["b"])
    assert wrong.fraction == 0.0 and not wrong.correct
    assert "No: see paragraph 2." in wrong.detail


def test_single_choice_malformed() -> None:
    assert grade(SINGLE, ()).fraction == 0.0
    assert grade(SINGLE, ("a", "b")).fraction == 0.0
    assert grade(SINGLE, "a").fraction == 0.0  # a string is not a tuple of ids
    assert grade(SINGLE, ("zz",)).fraction == 0.0
    assert any("unknown" in note for note in grade(SINGLE, ("zz",)).detail)
    assert grade(SINGLE, None).detail == ("no answer",)


# -- multiple-choice (Moodle's multiple-answer rule) ------------------------------------------------


def test_choice_weights_follow_moodle() -> None:
    weights = choice_weights(MULTIPLE)
    assert weights == {
        "a": Fraction(1, 3),
        "b": Fraction(1, 3),
        "c": Fraction(1, 3),
        "d": Fraction(-1, 2),
        "e": Fraction(-1, 2),
    }


@pytest.mark.parametrize(
    ("response", "fraction"),
    [
        (("a", "b", "c"), 1.0),  # every correct choice, nothing else
        (("a",), 1 / 3),
        (("a", "b"), 2 / 3),
        (("a", "b", "d"), 2 / 3 - 1 / 2),  # 1/6
        (("a", "d"), 0.0),  # 1/3 − 1/2 < 0, clamped
        (("a", "b", "c", "d", "e"), 0.0),  # everything selected: 1 − 1 = 0
        (("a", "b", "c", "d"), 0.5),
        (("d", "e"), 0.0),  # all wrong
        ((), 0.0),  # empty
    ],
)
def test_multiple_choice_partial_credit(response: tuple[str, ...], fraction: float) -> None:
    result = grade(MULTIPLE, response)
    assert result.fraction == pytest.approx(fraction)
    assert result.correct == (fraction == 1.0)


def test_multiple_choice_exact_full_marks_for_many_correct() -> None:
    seven = question(
        "multiple-choice", choices=tuple(Choice(str(i), str(i), correct=True) for i in range(7))
    )
    assert grade(seven, tuple(str(i) for i in range(7))).fraction == 1.0


def test_multiple_choice_repeats_and_unknown_ids_are_ignored() -> None:
    result = grade(MULTIPLE, ["a", "a", "zz", 3, "b", "c"])
    assert result.fraction == 1.0
    assert any("repeated" in note for note in result.detail)
    assert any("unknown" in note for note in result.detail)
    assert any("int" in note for note in result.detail)


def test_multiple_choice_wrong_choice_feedback_is_in_detail() -> None:
    assert "D is unnamed." in grade(MULTIPLE, ("a", "d")).detail


def test_multiple_choice_malformed() -> None:
    assert grade(MULTIPLE, "abc").fraction == 0.0
    assert grade(MULTIPLE, {"a": True}).fraction == 0.0
    assert grade(MULTIPLE, 7).fraction == 0.0


def test_a_question_without_correct_choice_grades_zero() -> None:
    broken = question("multiple-choice", choices=(Choice("a", "A"), Choice("b", "B")))
    assert grade(broken, ("a",)).fraction == 0.0


def test_all_correct_choices_question_has_no_penalty() -> None:
    all_correct = question(
        "multiple-choice", choices=(Choice("a", "A", correct=True), Choice("b", "B", correct=True))
    )
    assert grade(all_correct, ("a", "b")).fraction == 1.0
    assert grade(all_correct, ("a",)).fraction == 0.5


# -- true-false -----------------------------------------------------------------------------------


def test_true_false() -> None:
    assert grade(TRUE_FALSE, False).correct
    assert grade(TRUE_FALSE, True).fraction == 0.0
    assert grade(TRUE_FALSE, 0).fraction == 0.0  # an int is not a bool
    assert grade(TRUE_FALSE, "false").fraction == 0.0
    assert "expected true or false" in grade(TRUE_FALSE, "false").detail[0]


# -- short-answer -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "response", ["Security Council", "  security   council. ", "U.N.S.C.", "“UNSC”"]
)
def test_short_answer_accepts_normalised_forms(response: str) -> None:
    assert grade(SHORT, response).correct


def test_short_answer_rejects_and_malformed() -> None:
    assert grade(SHORT, "General Assembly").fraction == 0.0
    assert grade(SHORT, "").detail == ("no answer",)
    assert grade(SHORT, "   ...  ").detail == ("no answer",)
    assert grade(SHORT, ["UNSC"]).fraction == 0.0
    assert grade(SHORT, b"UNSC").fraction == 0.0


# -- cloze ------------------------------------------------------------------------------------------


def test_cloze_per_blank() -> None:
    assert grade(CLOZE, ("security council", "20 June", "Geneva")).correct
    two = grade(CLOZE, ["Security Council", "June 21", "geneva"])
    assert two.fraction == pytest.approx(2 / 3)
    assert two.detail == ("blank 2: expected 'June 20'",)


def test_cloze_short_long_and_malformed_responses() -> None:
    short = grade(CLOZE, ("Security Council",))
    assert short.fraction == pytest.approx(1 / 3)
    assert "blank 2: no answer (expected 'June 20')" in short.detail
    long = grade(CLOZE, ("Security Council", "June 20", "Geneva", "extra"))
    assert long.fraction == 1.0
    assert any("past the last blank" in note for note in long.detail)
    assert grade(CLOZE, ("Security Council", 20, None)).fraction == pytest.approx(1 / 3)
    assert grade(CLOZE, "Security Council").fraction == 0.0
    assert grade(CLOZE, ()).fraction == 0.0


# -- hot-text ----------------------------------------------------------------------------------------


def test_hot_text_partial_credit_like_multiple_choice() -> None:
    assert grade(HOT_TEXT, ("r", "s")).correct
    assert grade(HOT_TEXT, ("r",)).fraction == 0.5
    assert grade(HOT_TEXT, ("r", "b")).fraction == 0.0  # 1/2 − 1
    assert grade(HOT_TEXT, ("r", "s", "b")).fraction == 0.0
    assert grade(HOT_TEXT, ()).fraction == 0.0


# -- ordering (Moodle: relative to the next item, excluding the last) -------------------------------------


@pytest.mark.parametrize(
    ("response", "fraction"),
    [
        (("a", "b", "c", "d", "e"), 1.0),
        (("e", "d", "c", "b", "a"), 0.0),  # every pair reversed
        (("b", "c", "d", "e", "a"), 3 / 4),  # b→c, c→d, d→e kept
        (("c", "a", "b", "d", "e"), 2 / 4),  # a→b, d→e
        (("a", "b"), 1 / 4),  # only a→b placed
    ],
)
def test_ordering_relative_next(response: tuple[str, ...], fraction: float) -> None:
    assert grade(ORDERING, response).fraction == pytest.approx(fraction)


def test_ordering_swapped_neighbours_lose_three_pairs() -> None:
    # Neighbours in the response: (a,b), (b,d), (d,c), (c,e). Correct neighbours: (a,b), (b,c),
    # (c,d), (d,e). Only (a,b) is kept, so 1/4: swapping two items costs up to three pairs.
    assert grade(ORDERING, ("a", "b", "d", "c", "e")).fraction == pytest.approx(1 / 4)


def test_ordering_edge_cases() -> None:
    one = question("ordering", choices=(Choice("only", "only"),))
    assert grade(one, ("only",)).correct
    assert grade(ORDERING, ()).fraction == 0.0
    repeated = grade(ORDERING, ("a", "a", "b", "zz", "c", "d", "e"))
    assert repeated.fraction == 1.0
    assert grade(ORDERING, "abcde").fraction == 0.0


# -- matching ------------------------------------------------------------------------------------------


def test_matching_fraction_of_pairs() -> None:
    assert grade(MATCHING, (("p1", "p1"), ("p2", "p2"), ("p3", "p3"))).correct
    # claims one and three share "False": either "False" is right
    assert grade(MATCHING, [["p1", "p3"], ["p2", "p2"], ["p3", "p1"]]).correct
    assert grade(MATCHING, (("p1", "p2"), ("p2", "p1"), ("p3", "p3"))).fraction == pytest.approx(
        1 / 3
    )
    assert grade(MATCHING, (("p1", "p1"),)).fraction == pytest.approx(1 / 3)


def test_matching_malformed() -> None:
    result = grade(MATCHING, (("p1", "p1"), "p2", ("p2",), ("p3", "zz"), ("p1", "p2")))
    assert result.fraction == pytest.approx(1 / 3)
    assert any("second match" in note for note in result.detail)
    assert grade(MATCHING, {"p1": "p1"}).fraction == 0.0
    assert grade(MATCHING, ()).fraction == 0.0


def test_unknown_kind_grades_zero() -> None:
    assert grade(question("essay"), "text").fraction == 0.0


# -- never an exception ------------------------------------------------------------------------------------

_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=8),
    st.sampled_from(["a", "b", "c", "d", "e", "p1", "p2", "p3", "r", "s", "June 20"]),
    st.binary(max_size=4),
)
_responses = st.recursive(
    _leaf,
    lambda children: st.one_of(
        st.lists(children, max_size=6),
        st.lists(children, max_size=6).map(tuple),
        st.dictionaries(st.text(max_size=3), children, max_size=3),
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(response=_responses, index=st.integers(min_value=0, max_value=len(ALL) - 1))
def test_grade_never_raises_and_stays_in_range(response: object, index: int) -> None:
    result = grade(ALL[index], response)
    assert 0.0 <= result.fraction <= 1.0
    assert result.correct == (result.fraction == 1.0)
    assert all(isinstance(note, str) for note in result.detail)
