"""One row of the performance budget (../shared/DESIGN.md) and the table that prints them.

Every benchmark module offers `budget_rows(quick: bool) -> list[Row]`; `python -m benchmarks`
runs them all and prints measured value, the floor measured in the same run, the ratio, the goal
and pass/fail, plus peak memory.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Row:
    budget: str  # what is measured
    measured_s: float
    floor_s: float | None  # the floor measured in the same run, when the budget has one
    goal: str  # e.g. "≤ 2× and < 0.1 s"
    passed: bool
    note: str = ""

    @property
    def ratio(self) -> float | None:
        return self.measured_s / self.floor_s if self.floor_s else None


def timed(fn: Callable[[], object], *, repeat: int = 1) -> tuple[float, object]:
    """The median wall time of `repeat` runs of `fn`, and its last result."""
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def fmt_seconds(s: float | None) -> str:
    if s is None:
        return "—"
    return f"{s * 1000:.1f} ms" if s < 1 else f"{s:.2f} s"


def table(rows: list[Row]) -> str:
    head = ("budget", "measured", "floor", "ratio", "goal", "result")
    lines = [head]
    for r in rows:
        lines.append((
            r.budget, fmt_seconds(r.measured_s), fmt_seconds(r.floor_s),
            f"{r.ratio:.2f}×" if r.ratio is not None else "—", r.goal, "pass" if r.passed else "FAIL",
        ))
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    out = []
    for n, line in enumerate(lines):
        out.append(" | ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)))
        if n == 0:
            out.append("-+-".join("-" * w for w in widths))
    notes = [f"- {r.budget}: {r.note}" for r in rows if r.note]
    return "\n".join(out + ([""] + notes if notes else []))
