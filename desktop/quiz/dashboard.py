"""The teacher dashboard: per quiz, Moodle's item analysis and the distractor table; per learner,
their attempts and mastery per skill as a bar chart; CSV export of a quiz's results.

Item analysis (research/quiz-anchors.md §1.3) uses each learner's first finished attempt:
facility (mean score on the item, %), SD, discrimination (the item's correlation with the rest
of the test, %), discriminative efficiency (%), and flags for weak items in words (⚠ very hard,
works against the test, low efficiency, …). The distractor table counts each answer given, how
many of the top and bottom 27 % of attempts gave it, and their mean score on the item.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop.events import Changes
from desktop.operations import OpContext, user_message
from desktop.operations.quizzes import (
    LearnerReport,
    QuizReport,
    QuizRow,
    export_results,
    fetch_learner_report,
    fetch_learners,
    fetch_quiz_report,
    fetch_quizzes,
)
from desktop.quiz.access import describe
from desktop.quiz.answers import describe_answer, percent, skill_label
from desktop.quiz.chart import SkillBars
from desktop.quiz.editors import quiz_style_sheet
from desktop.quiz.models import (
    AttemptTableModel,
    DistractorTableModel,
    ItemStatsTableModel,
    LearnerListModel,
)
from desktop.theme import LIGHT, Theme, apply_theme, style_sheet
from quizzes.assembly import QuizItemView
from quizzes.attempts import LearnerView

__all__ = ["TeacherDashboard", "choose_csv_path", "distractor_words"]

ChoosePath = Callable[[QWidget, str], "Path | None"]


def choose_csv_path(parent: QWidget, suggested: str) -> Path | None:
    """Ask where to save a CSV file (None when cancelled)."""
    path, _ = QFileDialog.getSaveFileName(parent, "Export results as CSV", suggested, "CSV files (*.csv)")
    return Path(path) if path else None


def distractor_words(item: QuizItemView | None, key: str) -> str:
    """A distractor table's response key in words, e.g. "B. Putin gave the figure…"."""
    if item is None:
        return key
    q = item.question
    answer: object = key
    if q.kind in {"single-choice", "multiple-choice", "hot-text"}:
        answer = key.split("+") if key else []
    elif q.kind == "ordering":
        answer = key.split(">")
    elif q.kind == "true-false":
        answer = key == "true"
    elif q.kind == "matching":
        answer = [part.split("=", 1) for part in key.split(", ") if "=" in part]
    elif q.kind == "cloze":
        answer = key.split(" | ")
    text = describe_answer(q, answer, item.choice_order)
    return text if len(text) <= 90 else text[:88] + "…"


def _table(name: str) -> QTableView:
    view = QTableView()
    view.setAccessibleName(name)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.horizontalHeader().setHighlightSections(False)
    return view


class TeacherDashboard(QWidget):
    """Per-quiz statistics and per-learner mastery, read with ops."""

    def __init__(
        self,
        ctx: OpContext,
        parent: QWidget | None = None,
        *,
        theme: Theme = LIGHT,
        choose_path: ChoosePath = choose_csv_path,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._choose_path = choose_path
        self._report: QuizReport | None = None

        heading = QLabel("Dashboard")
        heading.setProperty("role", "heading")
        self.quiz_combo = QComboBox()
        describe(self.quiz_combo, "The quiz whose statistics are shown.", "Quiz")
        self.quiz_combo.setMinimumContentsLength(30)
        self.quiz_combo.currentIndexChanged.connect(self._on_quiz)
        self.export_button = QPushButton("&Export CSV…")
        describe(self.export_button, "Save this quiz's results as a CSV file, one row per answer.", "Export CSV")
        self.export_button.clicked.connect(self.export_csv)
        self.summary = QLabel()
        self.summary.setProperty("role", "muted")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Quiz summary")
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addSpacing(12)
        top.addWidget(QLabel("&Quiz:", buddy=self.quiz_combo))
        top.addWidget(self.quiz_combo, 1)
        top.addWidget(self.export_button)

        self.items_model = ItemStatsTableModel(self)
        self.items_view = _table("Item analysis")
        self.items_view.setModel(self.items_model)
        self.distractor_model = DistractorTableModel(self)
        self.distractor_view = _table("Distractors")
        self.distractor_view.setModel(self.distractor_model)
        self.attempt_model = AttemptTableModel(self)
        self.attempt_view = _table("Attempts at this quiz")
        self.attempt_view.setModel(self.attempt_model)
        for view, stretch in ((self.items_view, 1), (self.distractor_view, 1), (self.attempt_view, 2)):
            header = view.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        item_legend = QLabel(
            "Facility: the mean score on the item. Discrimination: how well the item agrees with the "
            "rest of the test (below 30 % is weak; negative works against it). Efficiency below 15 % "
            "marks a dubious item. From each learner's first finished attempt."
        )
        item_legend.setProperty("role", "muted")
        item_legend.setWordWrap(True)
        items_page = QWidget()
        items_layout = QVBoxLayout(items_page)
        items_layout.addWidget(self.items_view, 1)
        items_layout.addWidget(item_legend)

        self.learner_model = LearnerListModel(self)
        self.learner_list = QListView()
        self.learner_list.setModel(self.learner_model)
        describe(self.learner_list, "Choose a learner to see their attempts and mastery.", "Learners")
        self.learner_list.setObjectName("plain")
        self.learner_list.selectionModel().currentChanged.connect(self._on_learner)
        self.learner_heading = QLabel("Choose a learner")
        self.learner_heading.setProperty("role", "heading")
        self.mastery_title = QLabel("MASTERY PER SKILL (first tries)")
        self.mastery_title.setProperty("role", "section")
        self.chart = SkillBars(theme=theme)
        self.learner_attempt_model = AttemptTableModel(self)
        self.learner_attempts = _table("The learner's attempts")
        self.learner_attempts.setModel(self.learner_attempt_model)
        self.learner_attempts.setColumnHidden(0, True)  # the learner and class are in the heading
        self.learner_attempts.setColumnHidden(1, True)
        header = self.learner_attempts.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        attempts_title = QLabel("ATTEMPTS")
        attempts_title.setProperty("role", "section")
        learner_page = QWidget()
        detail = QVBoxLayout()
        detail.addWidget(self.learner_heading)
        detail.addWidget(self.mastery_title)
        detail.addWidget(self.chart)
        detail.addSpacing(8)
        detail.addWidget(attempts_title)
        detail.addWidget(self.learner_attempts, 1)
        learner_split = QSplitter(Qt.Orientation.Horizontal)
        learner_split.addWidget(self.learner_list)
        detail_widget = QWidget()
        detail_widget.setLayout(detail)
        learner_split.addWidget(detail_widget)
        learner_split.setStretchFactor(0, 1)
        learner_split.setStretchFactor(1, 3)
        QVBoxLayout(learner_page).addWidget(learner_split)

        self.tabs = QTabWidget()
        self.tabs.addTab(items_page, "&Item analysis")
        self.tabs.addTab(self.distractor_view, "&Distractors")
        self.tabs.addTab(self.attempt_view, "&Attempts")
        self.tabs.addTab(learner_page, "&Learners")
        describe(self.tabs, "Item analysis, distractors, attempts and learners.", "Dashboard pages")
        describe(self.tabs.tabBar(), "Item analysis, distractors, attempts and learners.", "Dashboard pages")
        for view, text in (
            (self.items_view, "Facility, spread, discrimination and efficiency per question, with flags."),
            (self.distractor_view, "Each answer given per question: how often, by the top and bottom groups."),
            (self.attempt_view, "Every attempt at this quiz with its score."),
            (self.learner_attempts, "The chosen learner's attempts with their scores."),
        ):
            view.setAccessibleDescription(text)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        self.setAccessibleName("Teacher dashboard")
        apply_theme(self, theme)
        self.setStyleSheet(style_sheet(theme) + quiz_style_sheet(theme))
        ctx.events.store_changed.connect(self._on_store_changed)
        self.refresh()

    # ------------------------------------------------------------------ API

    def refresh(self) -> None:
        """Reload the quizzes and learners (ops); the shown quiz's report follows."""
        fetch_quizzes(self.ctx).success(self._guarded(self._fill_quizzes)).failure(self._guarded(self._failed)).run()
        fetch_learners(self.ctx).success(self._guarded(self._fill_learners)).run()

    def quiz_id(self) -> int | None:
        value = self.quiz_combo.currentData()
        return int(value) if value is not None else None

    def show_quiz(self, quiz_id: int) -> None:
        """Show the report of one quiz (selects it in the list when listed)."""
        index = self.quiz_combo.findData(quiz_id)
        if index >= 0 and index != self.quiz_combo.currentIndex():
            self.quiz_combo.setCurrentIndex(index)  # the report follows
            return
        fetch_quiz_report(self.ctx, quiz_id=quiz_id).success(self._guarded(self._show_report)).failure(
            self._guarded(self._failed)
        ).run()

    def show_learner(self, learner_id: int) -> None:
        row = self.learner_model.row_of(learner_id)
        if row >= 0:
            self.learner_list.setCurrentIndex(self.learner_model.index(row))
        else:
            self._load_learner(learner_id)

    def report(self) -> QuizReport | None:
        return self._report

    @Slot()
    def export_csv(self) -> None:
        """Write the shown quiz's results as CSV where the teacher chooses (an op)."""
        quiz_id = self.quiz_id()
        if quiz_id is None:
            return
        safe = "".join(c if c.isalnum() else "-" for c in self.quiz_combo.currentText()).strip("-").lower()
        path = self._choose_path(self, f"{safe or 'quiz'}-results.csv")
        if path is None:
            return
        export_results(self.ctx, quiz_id=quiz_id, out=path).success(self._guarded(self.summary.setText)).failure(
            self._guarded(self._failed)
        ).run()

    # ------------------------------------------------------------------ internals

    def _guarded(self, fn: Callable[..., None]) -> Callable[..., None]:
        def call(*args: object) -> None:
            if isValid(self):
                fn(*args)

        return call

    def _failed(self, exc: BaseException) -> None:
        self.summary.setText(user_message(exc))

    def _fill_quizzes(self, rows: list[QuizRow]) -> None:
        current = self.quiz_id()
        self.quiz_combo.blockSignals(True)
        self.quiz_combo.clear()
        for row in rows:
            mode = "practice" if row.mode == "practice" else "assessment"
            self.quiz_combo.addItem(f"{row.title} · {mode} · {row.finished_attempts} finished", row.id)
        index = self.quiz_combo.findData(current) if current is not None else 0
        self.quiz_combo.setCurrentIndex(max(0, index) if rows else -1)
        self.quiz_combo.blockSignals(False)
        self.export_button.setEnabled(bool(rows))
        if rows:
            self._on_quiz(self.quiz_combo.currentIndex())
        else:
            self.summary.setText("No quizzes yet. Build one first.")

    def _fill_learners(self, rows: list[LearnerView]) -> None:
        current = self.learner_list.currentIndex()
        wanted = self.learner_model.value(current.row()).id if current.isValid() and self.learner_model.value(current.row()) else None
        self.learner_model.set_rows(rows)
        if wanted is not None:
            self.show_learner(wanted)

    @Slot(int)
    def _on_quiz(self, _index: int) -> None:
        quiz_id = self.quiz_id()
        if quiz_id is None:
            return
        fetch_quiz_report(self.ctx, quiz_id=quiz_id).success(self._guarded(self._show_report)).failure(
            self._guarded(self._failed)
        ).run()

    def _show_report(self, report: QuizReport) -> None:
        self._report = report
        by_id = {i.question.id: i for i in report.quiz.items}
        stats = report.statistics
        self.items_model.set_rows(
            [
                (by_id[s.question_id].position if s.question_id in by_id else 0,
                 by_id[s.question_id].question.prompt if s.question_id in by_id else s.question_id, s)
                for s in stats.test.item_stats
            ]
        )
        self.distractor_model.set_rows(
            [
                (by_id[d.question_id].position if d.question_id in by_id else 0,
                 distractor_words(by_id.get(d.question_id), d.response_key), d)
                for d in sorted(
                    stats.distractors,
                    key=lambda d: (by_id[d.question_id].position if d.question_id in by_id else 0, -d.count),
                )
            ]
        )
        self.attempt_model.set_rows(report.attempts)
        test = stats.test
        parts = [f"{stats.attempts} learner{'s' if stats.attempts != 1 else ''} analysed (first finished attempts)"]
        if test.mean is not None and test.max_total:
            parts.append(f"mean {percent(test.mean / test.max_total)}")
        if test.cic is not None:
            parts.append(f"reliability (CIC) {test.cic:.0f} %")
        flagged = sum(1 for s in test.item_stats if s.flags)
        if flagged:
            parts.append(f"⚠ {flagged} item{'s' if flagged != 1 else ''} flagged")
        self.summary.setText(" · ".join(parts))

    @Slot(QModelIndex, QModelIndex)
    def _on_learner(self, current: QModelIndex, _previous: QModelIndex) -> None:
        learner = self.learner_model.value(current.row()) if current.isValid() else None
        if learner is not None:
            self._load_learner(learner.id)

    def _load_learner(self, learner_id: int) -> None:
        fetch_learner_report(self.ctx, learner_id=learner_id).success(self._guarded(self._show_learner)).failure(
            self._guarded(self._failed)
        ).run()

    def _show_learner(self, report: LearnerReport) -> None:
        who = report.learner.name + (f" · {report.learner.class_name}" if report.learner.class_name else "")
        self.learner_heading.setText(who)
        self.chart.set_values([(skill_label(s), score, n) for s, score, n in report.mastery])
        self.learner_attempt_model.set_rows(report.attempts)

    @Slot(object, object)
    def _on_store_changed(self, changes: Changes, _initiator: object) -> None:
        if (changes.attempts or changes.questions) and isValid(self):
            self.refresh()
