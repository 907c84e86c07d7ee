"""SM-2 review scheduling of questions, per learner and question, for self-paced practice.

The rule is SuperMemo's SM-2 (Wozniak 1990), the algorithm behind Anki's legacy scheduler
(research/quiz-anchors.md §3.2), on a quality grade q from 0 to 5:

* q ≥ 3 (remembered): the first success schedules the question 1 day later, the second 6 days
  later, and each later one after the previous interval × ease, rounded up to whole days;
* q < 3 (missed, a lapse): repetitions restart and the question comes back the next day;
* after every review the ease becomes ease + 0.1 − (5 − q)(0.08 + (5 − q) · 0.02), never below
  1.3 (+0.10 for q = 5, unchanged for 4, −0.14 for 3, −0.32 for 2, −0.54 for 1, −0.80 for 0).
  The interval uses the ease from before the review, as in SM-2's step order.

A quiz grade is a fraction, so `review` also takes one and maps it with `quality_from_fraction`:
1.0 → 5, ≥ 0.8 → 4, ≥ 0.6 → 3 (the pass mark), ≥ 0.4 → 2, ≥ 0.2 → 1, else 0. An `int` is a
quality and a `float` is a fraction: `review(state, 1, today)` is a lapse while
`review(state, 1.0, today)` is a perfect answer.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

__all__ = [
    "EASE_FLOOR",
    "INITIAL_EASE",
    "PASS_FRACTION",
    "ReviewState",
    "due",
    "quality_from_fraction",
    "review",
]

INITIAL_EASE = 2.5
EASE_FLOOR = 1.3
PASS_QUALITY = 3
PASS_FRACTION = 0.6  # a fraction below this is a missed question

K = TypeVar("K")


@dataclass(frozen=True, slots=True)
class ReviewState:
    """Where one learner stands with one question in the review queue."""

    ease: float
    interval_days: int
    repetitions: int  # successful reviews in a row
    due: date
    lapses: int = 0  # times it was forgotten: missed after at least one successful review
    last_reviewed: date | None = None


def quality_from_fraction(fraction: float) -> int:
    """Map a graded fraction (0–1) to an SM-2 quality (0–5); below 0.6 is a miss (quality < 3)."""
    if not isinstance(fraction, (int, float)) or isinstance(fraction, bool) or math.isnan(fraction):
        raise TypeError(f"a fraction must be a number, got {fraction!r}")
    if fraction >= 1.0:
        return 5
    if fraction >= 0.8:
        return 4
    if fraction >= PASS_FRACTION:
        return 3
    if fraction >= 0.4:
        return 2
    if fraction >= 0.2:
        return 1
    return 0


def _quality(grade: int | float) -> int:  # noqa: PYI041 - an int is a quality, a float a fraction
    if isinstance(grade, bool):
        raise TypeError(
            "a review grade must be an int quality (0-5) or a float fraction, not a bool"
        )
    if isinstance(grade, int):
        if not 0 <= grade <= 5:
            raise ValueError(f"an SM-2 quality is 0-5, got {grade}")
        return grade
    if isinstance(grade, float):
        return quality_from_fraction(grade)
    raise TypeError(f"a review grade must be an int quality or a float fraction, got {grade!r}")


def review(
    state: ReviewState | None,
    grade: int | float,  # noqa: PYI041 - an int is a quality, a float a fraction
    today: date,
) -> ReviewState:
    """The state after reviewing a question on `today` with `grade` (int quality 0–5 or float
    fraction 0–1); `state` None means the question was never reviewed."""
    quality = _quality(grade)
    if state is None:
        state = ReviewState(ease=INITIAL_EASE, interval_days=0, repetitions=0, due=today)
    if quality >= PASS_QUALITY:
        if state.repetitions == 0:
            interval = 1
        elif state.repetitions == 1:
            interval = 6
        else:
            # Round up, as SM-2 says; the tolerance keeps float noise (10 × 1.3 =
            # 13.000000000000002) from adding a day.
            interval = max(1, math.ceil(state.interval_days * state.ease - 1e-9))
        repetitions = state.repetitions + 1
        lapses = state.lapses
    else:
        interval = 1
        repetitions = 0
        lapses = state.lapses + (1 if state.repetitions > 0 else 0)
    miss = 5 - quality
    ease = max(EASE_FLOOR, round(state.ease + 0.1 - miss * (0.08 + miss * 0.02), 6))
    return ReviewState(
        ease=ease,
        interval_days=interval,
        repetitions=repetitions,
        due=today + timedelta(days=interval),
        lapses=lapses,
        last_reviewed=today,
    )


def due(states: Mapping[K, ReviewState] | Iterable[tuple[K, ReviewState]], today: date) -> list[K]:
    """The keys (e.g. (learner id, question id)) of the states due on or before `today`, the most
    overdue first; equally due keys keep their input order."""
    pairs = list(states.items()) if isinstance(states, Mapping) else list(states)
    waiting = [
        (state.due, index, key) for index, (key, state) in enumerate(pairs) if state.due <= today
    ]
    waiting.sort(key=lambda entry: (entry[0], entry[1]))
    return [key for _, _, key in waiting]
