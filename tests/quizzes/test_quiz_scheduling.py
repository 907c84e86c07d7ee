"""SM-2 review scheduling."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizzes.scheduling import EASE_FLOOR, ReviewState, due, quality_from_fraction, review

DAY = date(2025, 3, 1)


def test_first_review_of_a_new_question() -> None:
    state = review(None, 5, DAY)
    assert state == ReviewState(
        ease=2.6,
        interval_days=1,
        repetitions=1,
        due=DAY + timedelta(days=1),
        lapses=0,
        last_reviewed=DAY,
    )


def test_correct_answers_lengthen_the_interval_1_6_then_times_ease() -> None:
    first = review(None, 4, DAY)  # ease 2.5 unchanged by q = 4
    second = review(first, 4, first.due)
    third = review(second, 4, second.due)
    fourth = review(third, 4, third.due)
    assert [s.interval_days for s in (first, second, third, fourth)] == [
        1,
        6,
        15,
        38,
    ]  # 6·2.5 = 15, ⌈15·2.5⌉ = 38
    assert fourth.due == third.due + timedelta(days=38)
    assert fourth.repetitions == 4
    assert fourth.ease == 2.5


def test_interval_rounds_up_and_uses_the_ease_before_the_review() -> None:
    state = review(review(None, 5, DAY), 5, DAY)  # ease 2.7 after two perfect reviews
    assert state.ease == pytest.approx(2.7)
    third = review(state, 5, DAY)
    assert third.interval_days == 17  # ⌈6 · 2.7⌉ = ⌈16.2⌉
    assert third.ease == pytest.approx(2.8)


def test_a_missed_question_comes_back_the_next_day() -> None:
    learnt = review(review(review(None, 5, DAY), 5, DAY), 5, DAY)
    missed = review(learnt, 2, DAY + timedelta(days=20))
    assert missed.interval_days == 1
    assert missed.due == DAY + timedelta(days=21)
    assert missed.repetitions == 0
    assert missed.lapses == 1
    assert missed.ease == pytest.approx(learnt.ease - 0.32)
    again = review(missed, 5, missed.due)
    assert again.interval_days == 1  # relearning starts over: 1, 6, …
    assert review(again, 5, again.due).interval_days == 6


def test_a_first_miss_is_not_a_lapse() -> None:
    assert review(None, 0, DAY).lapses == 0


@pytest.mark.parametrize(
    ("fraction", "quality"),
    [(1.0, 5), (0.99, 4), (0.8, 4), (0.79, 3), (0.6, 3), (0.59, 2), (0.4, 2), (0.2, 1), (0.0, 0)],
)
def test_quality_from_fraction(fraction: float, quality: int) -> None:
    assert quality_from_fraction(fraction) == quality


def test_fractions_below_pass_mark_are_misses() -> None:
    assert review(None, 0.5, DAY).due == DAY + timedelta(days=1)
    assert review(None, 0.5, DAY).repetitions == 0
    assert review(None, 0.6, DAY).repetitions == 1


def test_int_is_a_quality_and_float_a_fraction() -> None:
    assert review(None, 1, DAY).repetitions == 0  # quality 1: a miss
    assert review(None, 1.0, DAY).repetitions == 1  # fraction 1.0: perfect
    assert review(None, 1.0, DAY).ease == pytest.approx(2.6)


@pytest.mark.parametrize("bad", [True, 6, -1, "5", None])
def test_bad_grades_are_refused(bad: object) -> None:
    with pytest.raises((TypeError, ValueError)):
        review(None, bad, DAY)  # type: ignore[arg-type]


def test_ease_never_drops_below_the_floor() -> None:
    state = None
    for _ in range(10):
        state = review(state, 0, DAY)
    assert state is not None and state.ease == EASE_FLOOR


@given(
    st.lists(
        st.one_of(st.integers(min_value=0, max_value=5), st.floats(min_value=0, max_value=1)),
        max_size=30,
    )
)
def test_any_sequence_keeps_invariants(grades: list[int | float]) -> None:
    state: ReviewState | None = None
    today = DAY
    for value in grades:
        state = review(state, value, today)
        assert state.ease >= EASE_FLOOR
        assert state.interval_days >= 1
        assert state.due == today + timedelta(days=state.interval_days)
        today = state.due


def test_due_lists_overdue_first() -> None:
    states = {
        ("ann", "q1"): ReviewState(2.5, 1, 1, DAY + timedelta(days=1)),
        ("ann", "q2"): ReviewState(2.5, 6, 2, DAY - timedelta(days=3)),
        ("bob", "q1"): ReviewState(2.5, 1, 1, DAY),
        ("bob", "q2"): ReviewState(2.5, 1, 1, DAY - timedelta(days=3)),
    }
    assert due(states, DAY) == [("ann", "q2"), ("bob", "q2"), ("bob", "q1")]
    assert due(list(states.items()), DAY - timedelta(days=10)) == []
