"""Item analysis against a small fixture computed by hand, distractors, first attempts, mastery."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import pytest

from quizzes.statistics import (
    AttemptScores,
    ItemResult,
    SkillResponse,
    distractors,
    first_attempts_only,
    item_analysis,
    mastery,
)

# Five learners, three one-mark items. x = item marks, T = total, X = T − x (rest of test).
#
#          q1  q2  q3 | T
#     L1    1   1   1 | 3
#     L2    1   1   0 | 2
#     L3    1   0   1 | 2
#     L4    0   1   0 | 1
#     L5    0   0   0 | 0
#
# Variances and covariances divide by s − 1 = 4.
#
# q1: x = 1 1 1 0 0, mean 0.6 → facility 60.
#     Var(x) = (3·0.4² + 2·0.6²)/4 = (0.48 + 0.72)/4 = 0.3; SD = √0.3 = 0.5477 → 54.77 %.
#     X = 2 1 1 1 0, mean 1.0, Var(X) = (1 + 0 + 0 + 0 + 1)/4 = 0.5.
#     Cov = (0.4·1 + 0.4·0 + 0.4·0 − 0.6·0 − 0.6·−1)/4 = (0.4 + 0.6)/4 = 0.25.
#     DI = 100 · 0.25 / √(0.3 · 0.5) = 25 / 0.3873 = 64.55.
#     Sorted x 0 0 1 1 1 with sorted X 0 1 1 1 2: Cov_max = (−0.6·−1 + 0 + 0 + 0 + 0.4·1)/4 = 0.25
#     → DE = 100.
# q2: x = 1 1 0 1 0, mean 0.6 → facility 60, Var 0.3.
#     X = 2 1 2 0 0, mean 1.0; Cov = (0.4·1 + 0.4·0 − 0.6·1 + 0.4·−1 − 0.6·−1)/4 = 0/4 = 0
#     → DI = 0, DE = 0 (flags: low-discrimination, low-efficiency).
# q3: x = 1 0 1 0 0, mean 0.4 → facility 40, Var = (2·0.6² + 3·0.4²)/4 = 0.3.
#     X = 2 2 1 1 0, mean 1.2, Var(X) = (0.64 + 0.64 + 0.04 + 0.04 + 1.44)/4 = 0.7.
#     Cov = (0.6·0.8 − 0.4·0.8 + 0.6·−0.2 − 0.4·−0.2 − 0.4·−1.2)/4
#         = (0.48 − 0.32 − 0.12 + 0.08 + 0.48)/4 = 0.6/4 = 0.15.
#     DI = 100 · 0.15 / √(0.3 · 0.7) = 15 / 0.4583 = 32.73.
#     Sorted x 0 0 0 1 1 with sorted X 0 1 1 2 2:
#     Cov_max = (−0.4·−1.2 − 0.4·−0.2 − 0.4·−0.2 + 0.6·0.8 + 0.6·0.8)/4 = 1.6/4 = 0.4
#     → DE = 100 · 0.15 / 0.4 = 37.5.
# Test: T = 3 2 2 1 0, mean 1.6, median 2, k2 = Var(T) = (1.96 + 0.16 + 0.16 + 0.36 + 2.56)/4 = 1.3,
#     SD = √1.3 = 1.1402.
#     α = P/(P−1) · (1 − ΣVar(x_i)/k2) = 3/2 · (1 − 0.9/1.3) = 1.5 · 0.30769 = 0.4615 → CIC 46.15.
#     ER = 100 · √(1 − 0.4615) = 73.38; SE = 0.7338 · 1.1402 = 0.8367.
#     m2 = 5.2/5 = 1.04, m3 = (1.4³ + 2·0.4³ − 0.6³ − 1.6³)/5 = −1.44/5 = −0.288,
#     k3 = 25 · −0.288 / (4 · 3) = −0.6, skewness = −0.6 / 1.3^1.5 = −0.4048.
#     m4 = (1.4⁴ + 2·0.4⁴ + 0.6⁴ + 1.6⁴)/5 = 10.576/5 = 2.1152,
#     k4 = 25 · (6 · 2.1152 − 3 · 4 · 1.04²)/(4 · 3 · 2) = 25 · −0.288/24 = −0.3,
#     kurtosis = −0.3 / 1.3² = −0.1775.
#     Effective weights: Cov(x_i, T) = Cov(x_i, X_i) + Var(x_i) = 0.55, 0.3, 0.45;
#     √ = 0.7416, 0.5477, 0.6708 (sum 1.9602) → 37.83, 27.94, 34.22.

MARKS = {
    "L1": (1, 1, 1),
    "L2": (1, 1, 0),
    "L3": (1, 0, 1),
    "L4": (0, 1, 0),
    "L5": (0, 0, 0),
}
QUESTIONS = ("q1", "q2", "q3")


def rows() -> list[AttemptScores]:
    return [
        AttemptScores(
            attempt_id=f"{learner}-1",
            learner_id=learner,
            items=tuple(
                ItemResult(question_id=q, fraction=float(x)) for q, x in zip(QUESTIONS, marks)
            ),
        )
        for learner, marks in MARKS.items()
    ]


def test_item_statistics_match_the_hand_computation() -> None:
    stats = item_analysis(rows())
    q1, q2, q3 = stats.item_stats
    assert [item.question_id for item in stats.item_stats] == list(QUESTIONS)
    assert round(q1.facility or 0, 2) == 60.00
    assert round(q1.sd or 0, 2) == 54.77
    assert round(q1.discrimination_index or 0, 2) == 64.55
    assert round(q1.discriminative_efficiency or 0, 2) == 100.00
    assert round(q2.facility or 0, 2) == 60.00
    assert round(q2.discrimination_index or 0, 2) == 0.00
    assert round(q2.discriminative_efficiency or 0, 2) == 0.00
    assert round(q3.facility or 0, 2) == 40.00
    assert round(q3.discrimination_index or 0, 2) == 32.73
    assert round(q3.discriminative_efficiency or 0, 2) == 37.50
    assert [round(item.effective_weight or 0, 2) for item in stats.item_stats] == [
        37.83,
        27.94,
        34.22,
    ]
    assert all(round(item.intended_weight or 0, 2) == 33.33 for item in stats.item_stats)
    assert q1.flags == () and q3.flags == ()
    assert q2.flags == ("low-discrimination", "low-efficiency")


def test_test_statistics_match_the_hand_computation() -> None:
    stats = item_analysis(rows())
    assert stats.n == 5
    assert stats.max_total == 3.0
    assert stats.mean == pytest.approx(1.6)
    assert stats.median == 2.0
    assert round(stats.sd or 0, 2) == 1.14
    assert round(stats.cronbach_alpha or 0, 2) == 0.46
    assert round(stats.cic or 0, 2) == 46.15
    assert round(stats.error_ratio or 0, 2) == 73.38
    assert round(stats.standard_error or 0, 2) == 0.84
    assert round(stats.skewness or 0, 2) == -0.40
    assert round(stats.kurtosis or 0, 2) == -0.18
    # mean 1.6/3 = 53 % is on target; SD 1.14/3 = 38 % is not; CIC 46 < 64
    assert stats.flags == ("low-reliability", "sd-off-target")


def test_marks_scale_with_max_mark() -> None:
    """Doubling every max mark leaves the percentages and alpha unchanged (mark = fraction × max)."""
    doubled = [
        AttemptScores(
            row.attempt_id,
            row.learner_id,
            tuple(ItemResult(i.question_id, i.fraction, 2.0) for i in row.items),
        )
        for row in rows()
    ]
    base, scaled = item_analysis(rows()), item_analysis(doubled)
    assert scaled.max_total == 6.0
    assert scaled.mean == pytest.approx(3.2)
    assert scaled.cic == pytest.approx(base.cic)
    for a, b in zip(base.item_stats, scaled.item_stats):
        assert b.facility == pytest.approx(a.facility)
        assert b.sd == pytest.approx(a.sd)
        assert b.discrimination_index == pytest.approx(a.discrimination_index)


def test_flags_for_easy_hard_and_negative_items() -> None:
    # q-easy: everyone right; q-hard: nobody right; q-neg: only the weakest learners right.
    data = {
        "A": (1, 0, 0, 1),
        "B": (1, 0, 0, 1),
        "C": (1, 0, 1, 0),
        "D": (1, 0, 1, 0),
    }
    attempts = [
        AttemptScores(
            f"{k}-1",
            k,
            tuple(ItemResult(q, float(x)) for q, x in zip(("easy", "hard", "neg", "other"), v)),
        )
        for k, v in data.items()
    ]
    # make the "other" item carry the totals: A and B are strong
    attempts = [
        AttemptScores(
            a.attempt_id,
            a.learner_id,
            a.items + (ItemResult("bonus", 1.0 if a.learner_id in "AB" else 0.0),),
        )
        for a in attempts
    ]
    stats = {item.question_id: item for item in item_analysis(attempts).item_stats}
    assert "very-easy" in stats["easy"].flags and "low-sd" in stats["easy"].flags
    assert stats["easy"].discrimination_index is None  # Var(x) = 0: undefined, not 0
    assert "very-hard" in stats["hard"].flags
    assert stats["neg"].discrimination_index is not None and stats["neg"].discrimination_index < 0
    assert "negative-discrimination" in stats["neg"].flags


def test_too_few_attempts_give_none_not_errors() -> None:
    one = item_analysis(rows()[:1])
    assert one.n == 1
    assert one.sd is None and one.cic is None and one.skewness is None
    assert one.item_stats[0].facility == 100.0
    assert one.item_stats[0].discrimination_index is None
    empty = item_analysis([])
    assert empty.n == 0 and empty.mean is None and empty.item_stats == ()


def test_alpha_needs_the_same_questions_in_every_attempt() -> None:
    mixed = rows()
    mixed[0] = AttemptScores("L1-1", "L1", mixed[0].items[:2])
    assert item_analysis(mixed).cic is None


def test_inconsistent_max_marks_are_refused() -> None:
    bad = rows()
    bad[0] = AttemptScores("L1-1", "L1", (ItemResult("q1", 1.0, max_mark=2.0),) + bad[0].items[1:])
    with pytest.raises(ValueError, match="max mark"):
        item_analysis(bad)


def test_first_attempts_only_keeps_each_learners_lowest_number() -> None:
    later = AttemptScores("L1-2", "L1", tuple(ItemResult(q, 0.0) for q in QUESTIONS), number=2)
    earlier_listed_later = [later, *rows()]
    kept = first_attempts_only(earlier_listed_later)
    assert [row.attempt_id for row in kept] == ["L1-1", "L2-1", "L3-1", "L4-1", "L5-1"]
    assert item_analysis(kept) == item_analysis(rows())


def test_distractor_table() -> None:
    keys = {"L1": "a", "L2": "a", "L3": "b", "L4": "c", "L5": None}
    attempts = [
        AttemptScores(
            row.attempt_id,
            row.learner_id,
            (ItemResult("q1", row.items[0].fraction, response_key=keys[row.learner_id]),)
            + row.items[1:],
        )
        for row in rows()
    ]
    table = [row for row in distractors(attempts) if row.question_id == "q1"]
    # 4 answered; groups of round(0.27 · 5) = 1: upper = L1 (total 3), lower = L5 (total 0, no answer)
    assert [(row.response_key, row.count, row.upper, row.lower) for row in table] == [
        ("a", 2, 1, 0),
        ("b", 1, 0, 0),
        ("c", 1, 0, 0),
    ]
    assert table[0].percent == 50.0
    assert table[0].mean_fraction == 1.0
    assert table[1].mean_fraction == 1.0  # L3 earned q1 with answer "b" in this fixture
    assert distractors([]) == []


def test_mastery_uses_the_latest_response_per_question() -> None:
    start = datetime(2025, 3, 1, 9, 0)
    responses = [
        SkillResponse("q1", "sourcing", 0.0, start),
        SkillResponse("q1", "sourcing", 1.0, start + timedelta(days=2)),  # latest for q1
        SkillResponse("q2", "sourcing", 0.5, start + timedelta(days=1)),
        SkillResponse("q3", "evidence", 0.25, start),
        SkillResponse("q3", "evidence", 1.0, start - timedelta(days=1)),  # older, listed later
    ]
    result = mastery(responses)
    assert list(result) == ["sourcing", "evidence"]
    assert result["sourcing"].score == pytest.approx(0.75)
    assert result["sourcing"].count == 2
    assert result["evidence"].score == pytest.approx(0.25)
    assert result["evidence"].count == 1
    assert mastery([]) == {}


def test_effective_weight_is_none_for_negative_covariance() -> None:
    data = {"A": (1, 1, 0), "B": (1, 1, 0), "C": (0, 0, 1), "D": (0, 0, 0)}
    attempts = [
        AttemptScores(f"{k}", k, tuple(ItemResult(q, float(x)) for q, x in zip(("x", "y", "z"), v)))
        for k, v in data.items()
    ]
    stats = {item.question_id: item for item in item_analysis(attempts).item_stats}
    assert stats["z"].effective_weight is None
    assert math.isclose(
        (stats["x"].effective_weight or 0) + (stats["y"].effective_weight or 0), 100.0
    )
