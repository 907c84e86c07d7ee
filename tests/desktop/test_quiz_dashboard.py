"""The teacher dashboard shows the item analysis a small hand-computed fixture gives, the
distractor table, per-learner mastery as a chart, and exports CSV."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from corpus.store import Store
from desktop.quiz.dashboard import TeacherDashboard
from desktop.quiz.models import DistractorTableModel, ItemStatsTableModel
from desktop.tasks import TaskManager
from quizzes import attempts
from quizzes.assembly import QuizSpec, save_quiz
from quizzes.bank import get_question
from tests.desktop.quiz_helpers import import_shipped_bank, make_ctx

ITEMS = ("a1-relationship-origin", "a1-military-tech-paraphrase", "a1-copies-not-corroboration")
# Right (1) or wrong (0) per learner and item: totals 3, 2, 1, 0.
MARKS = {"Ana": (1, 1, 1), "Ben": (1, 1, 0), "Cleo": (0, 1, 0), "Dev": (0, 0, 0)}


def _hand_computed() -> dict[int, tuple[float, float]]:
    """Facility and discrimination per item, by Moodle's formulas written out (s − 1 = 3):

    item 1: x = [1, 1, 0, 0], rest X = [2, 1, 1, 0]: F = 50 %; Cov(x, X) = 1/3,
            Var(x) = 1/3, Var(X) = 2/3, DI = 100 · (1/3) / sqrt(2/9) = 100/√2 ≈ 70.7 %.
    item 2: x = [1, 1, 1, 0], rest X = [2, 1, 0, 0]: F = 75 %; Cov = 0.25, Var(x) = 0.25,
            Var(X) = 2.75/3, DI = 100 · 0.25 / sqrt(0.25 · 2.75/3) ≈ 52.2 %.
    item 3: x = [1, 0, 0, 0], rest X = [2, 2, 1, 0]: F = 25 %; Cov = 0.75/3 = 0.25,
            Var(x) = 0.25, Var(X) = 2.75/3, DI ≈ 52.2 % (as item 2).
    """
    return {
        1: (50.0, 100 / math.sqrt(2)),
        2: (75.0, 100 * 0.25 / math.sqrt(0.25 * 2.75 / 3)),
        3: (25.0, 100 * 0.25 / math.sqrt(0.25 * 2.75 / 3)),
    }


@pytest.fixture
def graded_store(store: Store) -> tuple[Store, int, dict[str, int]]:
    """A quiz of three true/false items taken by four learners with known marks."""
    import_shipped_bank(store)
    learners = {}
    with store.sessions.begin() as session:
        quiz = save_quiz(session, QuizSpec(count=3, mode="assessment", title="Hand-computed"), question_ids=list(ITEMS))
        keys = [get_question(session, q).answer for q in ITEMS]
        for name, marks in MARKS.items():
            learner = attempts.add_learner(session, name=name, class_name="8C")
            learners[name] = learner.id
            attempt = attempts.start_attempt(session, quiz_id=quiz.id, learner_id=learner.id)
            for position, (key, right) in enumerate(zip(keys, marks, strict=True), 1):
                attempts.answer(session, attempt_id=attempt.id, position=position, response=key if right else not key)
            attempts.finish(session, attempt_id=attempt.id)
    assert quiz.id is not None
    return store, quiz.id, learners


def test_dashboard_shows_the_hand_computed_facility_and_discrimination(qtbot, graded_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store, quiz_id, learners = graded_store
    exported = tmp_path / "results.csv"
    dashboard = TeacherDashboard(make_ctx(store, TaskManager(synchronous=True)), choose_path=lambda *_: exported)
    qtbot.addWidget(dashboard)
    dashboard.show()
    assert dashboard.quiz_id() == quiz_id
    model = dashboard.items_model
    headers = [model.headerData(c, _horizontal()) for c in range(model.columnCount())]
    facility, discrimination = headers.index("Facility %"), headers.index("Discrimination %")
    for row, (f, di) in _hand_computed().items():
        assert model.cell(row - 1, 0) == str(row)
        assert model.cell(row - 1, facility) == f"{f:.1f}"
        assert model.cell(row - 1, discrimination) == f"{di:.1f}"
    assert "4 learners analysed" in dashboard.summary.text()

    # The distractor table: item 1 was answered "false" by the two top learners (the key) and
    # "true" by the two others.
    rows = [(r[0], r[1], r[2].count) for r in dashboard.distractor_model.rows() if r[0] == 1]
    assert sorted(rows) == [(1, "False", 2), (1, "True", 2)]

    # Per learner: Ben's attempts and mastery, as a chart with values in words.
    dashboard.tabs.setCurrentIndex(3)
    dashboard.show_learner(learners["Ben"])
    assert dashboard.learner_heading.text() == "Ben · 8C"
    values = dashboard.chart.values()
    assert values and sum(n for _, _, n in values) == 3
    assert sum(score * n for _, score, n in values) == pytest.approx(2.0)  # two of three right
    assert all(" over " in t for t in dashboard.chart.value_texts())
    assert dashboard.learner_attempt_model.cell(0, 5) == "67 %"

    dashboard.export_csv()
    with exported.open(encoding="utf-8") as f:
        table = list(csv.DictReader(f))
    assert len(table) == 4 * 3
    assert {r["learner"] for r in table} == set(MARKS)


def test_the_table_models_pass_the_model_tester(qtmodeltester, graded_store) -> None:  # type: ignore[no-untyped-def]
    from quizzes.stats_store import quiz_statistics

    store, quiz_id, _ = graded_store
    with store.sessions() as session:
        stats = quiz_statistics(session, quiz_id=quiz_id)
    items = ItemStatsTableModel()
    items.set_rows([(i, "prompt", s) for i, s in enumerate(stats.test.item_stats, 1)])
    qtmodeltester.check(items)
    distractors = DistractorTableModel()
    distractors.set_rows([(1, d.response_key, d) for d in stats.distractors])
    qtmodeltester.check(distractors)


def _horizontal():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal
