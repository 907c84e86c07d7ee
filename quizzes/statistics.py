"""Item analysis of quiz attempts, as Moodle's quiz statistics report computes it, and mastery.

The formulas follow Moodle's calculators (`question/classes/statistics/questions/calculator.php`,
`mod/quiz/report/statistics/classes/calculator.php`; research/quiz-anchors.md §1.3). For item i,
x is an attempt's mark on the item (fraction × max mark) and X is the same attempt's mark on the
rest of the test (total − x); s is the number of attempts; variances and covariances divide by
s − 1:

* facility F = mean(x) / max mark, shown × 100;
* SD = sqrt(Σ(x − x̄)² / (s − 1)), shown as % of the max mark;
* discrimination index DI = 100 · Cov(x, X) / sqrt(Var(x) · Var(X)) (corrected item–total);
* discriminative efficiency DE = 100 · Cov(x, X) / Cov_max(x, X), where Cov_max pairs the sorted
  x values with the sorted X values;
* intended weight = max mark as % of the test's max; effective weight
  EW_i = 100 · sqrt(Cov(x_i, T)) / Σ_j sqrt(Cov(x_j, T)) over the items with Cov ≥ 0 (None for an
  item whose covariance with the total T is negative);
* test: mean, median, SD of totals; skewness k3 / k2^1.5 and kurtosis k4 / k2² from the moments
  m_k = Σ(T − T̄)^k / s; CIC (Cronbach's α × 100) = 100 · P/(P − 1) · (1 − Σ Var(x_i) / k2), with
  k2 the variance of the totals; error ratio ER = 100 · sqrt(1 − CIC/100); standard error
  SE = ER · SD / 100.

A statistic whose formula divides by zero (a single attempt, an item everyone got right) is None.
An item an attempt did not include does not count for that item; CIC needs every attempt to have
answered the same items and is None otherwise. Nothing assumes a minimum mark of 0.

Flags (`ItemStats.flags`, `TestStats.flags`), from the research notes unless marked ours:

* ``very-hard``: F ≤ 10 (OU bands: 6–10 "very difficult", ≤ 5 "extremely difficult or something
  wrong with the question");
* ``very-easy``: F ≥ 90 (90–94 "very easy", 95–100 "extremely easy");
* ``low-sd``: SD < 33.3 % of the max mark (OU: below about ⅓ of the item maximum is unsatisfactory);
* ``negative-discrimination``: DI < 0 (the item works against the rest of the test);
* ``low-discrimination``: 0 ≤ DI < 30 (ours: the notes give no DI threshold above 0; 30 is the
  usual "adequate" floor of classroom item analysis);
* ``low-efficiency``: DE < 15 (Moodle's old statistics table marked these "dubious");
* test ``low-reliability``: CIC < 64 (MoodleDocs: the test as a whole is unsatisfactory);
  ``borderline-reliability``: 64 ≤ CIC ≤ 75 (above 75 is satisfactory);
* test ``mean-off-target``: mean outside 50–75 % of the max total; ``sd-off-target``: SD
  outside 12–18 % of the max total (MoodleDocs 2.8 targets).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

__all__ = [
    "AttemptScores",
    "DistractorRow",
    "ItemResult",
    "ItemStats",
    "SkillMastery",
    "SkillResponse",
    "TestStats",
    "distractors",
    "first_attempts_only",
    "item_analysis",
    "mastery",
]

FACILITY_VERY_HARD = 10.0
FACILITY_VERY_EASY = 90.0
SD_LOW = 100.0 / 3.0
DISCRIMINATION_LOW = 30.0
EFFICIENCY_LOW = 15.0
CIC_UNSATISFACTORY = 64.0
CIC_SATISFACTORY = 75.0
MEAN_TARGET = (50.0, 75.0)
SD_TARGET = (12.0, 18.0)
# Share of attempts in each of the upper and lower groups of the distractor table (Kelley's 27 %).
GROUP_SHARE = 0.27


@dataclass(frozen=True, slots=True)
class ItemResult:
    """One question in one attempt: the fraction earned and, for the distractor table, the answer.

    `response_key` names what was answered, e.g. a choice id, "a+c" for several choices or a
    normalised text; None when the question was not answered (its fraction is then 0, as Moodle
    counts an unanswered question in a finished attempt).
    """

    question_id: str
    fraction: float
    max_mark: float = 1.0
    response_key: str | None = None

    @property
    def mark(self) -> float:
        """The mark earned: fraction × max mark."""
        return self.fraction * self.max_mark


@dataclass(frozen=True, slots=True)
class AttemptScores:
    """One finished attempt: who made it, which of their attempts it is, and its item results."""

    attempt_id: str
    learner_id: str
    items: tuple[ItemResult, ...]
    number: int = 1  # the learner's attempt number, 1 for their first

    @property
    def total(self) -> float:
        """The attempt's total mark (Moodle's sumgrades)."""
        return sum(item.mark for item in self.items)


@dataclass(frozen=True, slots=True)
class ItemStats:
    """Moodle's per-question statistics; percentages are 0–100, None where undefined."""

    question_id: str
    n: int
    max_mark: float
    facility: float | None
    sd: float | None  # as % of max_mark
    discrimination_index: float | None
    discriminative_efficiency: float | None
    intended_weight: float | None
    effective_weight: float | None
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TestStats:
    """Moodle's test-level statistics; marks are in the test's own units."""

    n: int
    max_total: float
    mean: float | None
    median: float | None
    sd: float | None
    skewness: float | None
    kurtosis: float | None
    cronbach_alpha: float | None  # 0–1 (None when undefined)
    cic: float | None  # Moodle's "coefficient of internal consistency": alpha × 100
    error_ratio: float | None  # %
    standard_error: float | None  # marks
    item_stats: tuple[ItemStats, ...] = ()
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DistractorRow:
    """How often one answer to one question was given, overall and in the upper/lower groups."""

    question_id: str
    response_key: str
    count: int
    percent: float  # of the attempts that answered this question
    upper: int  # in the top 27 % of attempts by total mark
    lower: int  # in the bottom 27 %
    mean_fraction: float  # mean fraction earned by the attempts that gave this answer


@dataclass(frozen=True, slots=True)
class SkillResponse:
    """One response by one learner, for mastery: which question, which skill, how well, when."""

    question_id: str
    skill: str
    fraction: float
    answered_at: datetime


@dataclass(frozen=True, slots=True)
class SkillMastery:
    """A learner's mastery of one skill: the mean fraction over `count` distinct questions."""

    skill: str
    score: float
    count: int


# --------------------------------------------------------------------------------------------
# selection


def first_attempts_only(rows: Iterable[AttemptScores]) -> list[AttemptScores]:
    """Keep each learner's first attempt (lowest `number`; the earlier row on a tie).

    Moodle's statistics default to first attempts, because later attempts probably do not
    satisfy the assumptions item analysis rests on. Order follows the kept rows' input order.
    """
    best: dict[str, tuple[int, int]] = {}
    rows = list(rows)
    for index, row in enumerate(rows):
        current = best.get(row.learner_id)
        if current is None or row.number < current[0]:
            best[row.learner_id] = (row.number, index)
    keep = sorted(index for _, index in best.values())
    return [rows[index] for index in keep]


# --------------------------------------------------------------------------------------------
# small statistics helpers (sample variance and covariance, s − 1)


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def _median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _covariance(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    if len(xs) < 2:
        return None
    mx, my = _mean(xs), _mean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / (len(xs) - 1)


def _variance(xs: Sequence[float]) -> float | None:
    return _covariance(xs, xs)


def _clean(value: float | None) -> float | None:
    """Drop float noise around zero so that flags do not flicker on rounding."""
    if value is None:
        return None
    return 0.0 if abs(value) < 1e-12 else value


# --------------------------------------------------------------------------------------------
# item analysis


def _max_marks(rows: Sequence[AttemptScores]) -> dict[str, float]:
    marks: dict[str, float] = {}
    for row in rows:
        for item in row.items:
            known = marks.setdefault(item.question_id, item.max_mark)
            if not math.isclose(known, item.max_mark):
                raise ValueError(
                    f"question {item.question_id!r} has max mark {known} in one attempt "
                    f"and {item.max_mark} in attempt {row.attempt_id!r}"
                )
    return marks


def _item_stats(
    question_id: str,
    max_mark: float,
    pairs: Sequence[tuple[float, float]],
    *,
    max_total: float,
    effective_weight: float | None,
) -> ItemStats:
    """Statistics of one item from its (mark, attempt total) pairs."""
    xs = [mark for mark, _ in pairs]
    rest = [total - mark for mark, total in pairs]
    n = len(xs)
    facility = 100.0 * _mean(xs) / max_mark if n and max_mark else None
    variance = _variance(xs)
    sd = 100.0 * math.sqrt(variance) / max_mark if variance is not None and max_mark else None
    covariance = _covariance(xs, rest)
    rest_variance = _variance(rest)
    discrimination: float | None = None
    if covariance is not None and variance and rest_variance:
        discrimination = 100.0 * covariance / math.sqrt(variance * rest_variance)
    efficiency: float | None = None
    if covariance is not None:
        covariance_max = _covariance(sorted(xs), sorted(rest))
        if covariance_max:
            efficiency = 100.0 * covariance / covariance_max
    stats = ItemStats(
        question_id=question_id,
        n=n,
        max_mark=max_mark,
        facility=_clean(facility),
        sd=_clean(sd),
        discrimination_index=_clean(discrimination),
        discriminative_efficiency=_clean(efficiency),
        intended_weight=100.0 * max_mark / max_total if max_total else None,
        effective_weight=effective_weight,
    )
    return _flag_item(stats)


def _flag_item(stats: ItemStats) -> ItemStats:
    flags: list[str] = []
    if stats.facility is not None:
        if stats.facility <= FACILITY_VERY_HARD:
            flags.append("very-hard")
        if stats.facility >= FACILITY_VERY_EASY:
            flags.append("very-easy")
    if stats.sd is not None and stats.sd < SD_LOW:
        flags.append("low-sd")
    if stats.discrimination_index is not None:
        if stats.discrimination_index < 0:
            flags.append("negative-discrimination")
        elif stats.discrimination_index < DISCRIMINATION_LOW:
            flags.append("low-discrimination")
    if (
        stats.discriminative_efficiency is not None
        and stats.discriminative_efficiency < EFFICIENCY_LOW
    ):
        flags.append("low-efficiency")
    return ItemStats(
        question_id=stats.question_id,
        n=stats.n,
        max_mark=stats.max_mark,
        facility=stats.facility,
        sd=stats.sd,
        discrimination_index=stats.discrimination_index,
        discriminative_efficiency=stats.discriminative_efficiency,
        intended_weight=stats.intended_weight,
        effective_weight=stats.effective_weight,
        flags=tuple(flags),
    )


def _effective_weights(
    per_item: dict[str, list[tuple[float, float]]],
) -> dict[str, float | None]:
    """Moodle's effective weight of every item (None where Cov(x, T) < 0 or undefined)."""
    roots: dict[str, float | None] = {}
    for question_id, pairs in per_item.items():
        covariance = _covariance([mark for mark, _ in pairs], [total for _, total in pairs])
        roots[question_id] = (
            math.sqrt(covariance) if covariance is not None and covariance >= 0 else None
        )
    denominator = sum(root for root in roots.values() if root is not None)
    if not denominator:
        return {question_id: None for question_id in roots}
    return {
        question_id: (100.0 * root / denominator if root is not None else None)
        for question_id, root in roots.items()
    }


def item_analysis(rows: Iterable[AttemptScores]) -> TestStats:
    """Moodle's test and item statistics over the given attempts (pass `first_attempts_only`
    rows for Moodle's default). Items come out in order of first appearance."""
    rows = list(rows)
    max_marks = _max_marks(rows)
    max_total = sum(max_marks.values())
    per_item: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for row in rows:
        total = row.total
        for item in row.items:
            per_item[item.question_id].append((item.mark, total))
    weights = _effective_weights(per_item)
    items = tuple(
        _item_stats(
            question_id,
            max_marks[question_id],
            pairs,
            max_total=max_total,
            effective_weight=_clean(weights[question_id]),
        )
        for question_id, pairs in per_item.items()
    )

    totals = [row.total for row in rows]
    s = len(totals)
    mean = _mean(totals) if s else None
    median = _median(totals) if s else None
    k2 = _variance(totals)
    sd = math.sqrt(k2) if k2 is not None else None
    skewness = kurtosis = None
    if mean is not None and k2:
        m2 = sum((t - mean) ** 2 for t in totals) / s
        m3 = sum((t - mean) ** 3 for t in totals) / s
        m4 = sum((t - mean) ** 4 for t in totals) / s
        if s > 2:
            k3 = s * s * m3 / ((s - 1) * (s - 2))
            skewness = _clean(k3 / k2**1.5)
        if s > 3:
            k4 = s * s * ((s + 1) * m4 - 3 * (s - 1) * m2 * m2) / ((s - 1) * (s - 2) * (s - 3))
            kurtosis = _clean(k4 / (k2 * k2))

    alpha = cic = error_ratio = standard_error = None
    question_sets = {frozenset(item.question_id for item in row.items) for row in rows}
    p = len(per_item)
    if len(question_sets) == 1 and p > 1 and k2:
        item_variances = [_variance([mark for mark, _ in pairs]) for pairs in per_item.values()]
        if all(variance is not None for variance in item_variances):
            variance_sum = sum(variance for variance in item_variances if variance is not None)
            cic = 100.0 * p / (p - 1) * (1 - variance_sum / k2)
            alpha = cic / 100.0
            if cic <= 100.0:
                error_ratio = 100.0 * math.sqrt(1 - cic / 100.0)
                if sd is not None:
                    standard_error = error_ratio * sd / 100.0

    flags: list[str] = []
    if cic is not None:
        if cic < CIC_UNSATISFACTORY:
            flags.append("low-reliability")
        elif cic <= CIC_SATISFACTORY:
            flags.append("borderline-reliability")
    if (
        mean is not None
        and max_total
        and not MEAN_TARGET[0] <= 100.0 * mean / max_total <= MEAN_TARGET[1]
    ):
        flags.append("mean-off-target")
    if sd is not None and max_total and not SD_TARGET[0] <= 100.0 * sd / max_total <= SD_TARGET[1]:
        flags.append("sd-off-target")

    return TestStats(
        n=s,
        max_total=max_total,
        mean=mean,
        median=median,
        sd=sd,
        skewness=skewness,
        kurtosis=kurtosis,
        cronbach_alpha=alpha,
        cic=cic,
        error_ratio=error_ratio,
        standard_error=standard_error,
        item_stats=items,
        flags=tuple(flags),
    )


# --------------------------------------------------------------------------------------------
# distractor table


def distractors(rows: Iterable[AttemptScores]) -> list[DistractorRow]:
    """How often each answer to each question was given, split by upper and lower groups.

    The groups are the top and the bottom 27 % of attempts by total mark (at least one attempt
    each; ties keep input order). Unanswered items (`response_key` None) are not counted. Rows
    come out by question (first appearance), then most frequent answer first, then by key.
    """
    rows = list(rows)
    group_size = max(1, round(GROUP_SHARE * len(rows))) if rows else 0
    ranked = sorted(range(len(rows)), key=lambda index: -rows[index].total)
    upper = set(ranked[:group_size])
    lower = set(ranked[-group_size:]) if group_size else set()

    counts: dict[str, dict[str, list[float]]] = {}
    groups: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    answered: dict[str, int] = defaultdict(int)
    for index, row in enumerate(rows):
        for item in row.items:
            if item.response_key is None:
                continue
            counts.setdefault(item.question_id, {}).setdefault(item.response_key, []).append(
                item.fraction
            )
            answered[item.question_id] += 1
            if index in upper:
                groups[(item.question_id, item.response_key)][0] += 1
            if index in lower:
                groups[(item.question_id, item.response_key)][1] += 1

    table: list[DistractorRow] = []
    for question_id, keys in counts.items():
        for key, fractions in sorted(keys.items(), key=lambda entry: (-len(entry[1]), entry[0])):
            up, down = groups[(question_id, key)]
            table.append(
                DistractorRow(
                    question_id=question_id,
                    response_key=key,
                    count=len(fractions),
                    percent=100.0 * len(fractions) / answered[question_id],
                    upper=up,
                    lower=down,
                    mean_fraction=_mean(fractions),
                )
            )
    return table


# --------------------------------------------------------------------------------------------
# mastery


def mastery(responses: Iterable[SkillResponse]) -> dict[str, SkillMastery]:
    """One learner's mastery per skill: the mean fraction of their latest response to each
    question, over the questions of that skill. Pass one learner's responses only.

    The latest response is the one with the greatest `answered_at`; on a tie the later one in
    the input wins. Skills come out in order of first appearance.
    """
    latest: dict[str, SkillResponse] = {}
    order: list[str] = []
    for response in responses:
        current = latest.get(response.question_id)
        if current is None:
            order.append(response.question_id)
        if current is None or response.answered_at >= current.answered_at:
            latest[response.question_id] = response
    by_skill: dict[str, list[float]] = {}
    for question_id in order:
        response = latest[question_id]
        by_skill.setdefault(response.skill, []).append(min(max(response.fraction, 0.0), 1.0))
    return {
        skill: SkillMastery(skill=skill, score=_mean(fractions), count=len(fractions))
        for skill, fractions in by_skill.items()
    }
