"""Item models of the quiz screens. Each wraps a list of frozen values set from an op's result
and never queries (STYLE.md rule 8)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from desktop.operations.quizzes import AttemptRow, QuizRow
from desktop.quiz.answers import kind_label, percent, skill_label
from quizzes.assembly import QuizItemView
from quizzes.attempts import LearnerView
from quizzes.statistics import DistractorRow, ItemStats

__all__ = [
    "AttemptTableModel",
    "DistractorTableModel",
    "ItemStatsTableModel",
    "LearnerListModel",
    "PreviewListModel",
    "QuizListModel",
]

T = TypeVar("T")
_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()

FLAG_WORDS = {
    "very-hard": "very hard",
    "very-easy": "very easy",
    "low-sd": "little spread",
    "negative-discrimination": "works against the test",
    "low-discrimination": "weak discrimination",
    "low-efficiency": "low efficiency",
}


def _number(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


class _ListModel(QAbstractListModel, Generic[T]):
    """A list of values with one display text each."""

    ValueRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[T] = []

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[T]:
        return list(self._rows)

    def value(self, row: int) -> T | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def text(self, value: T) -> str:
        raise NotImplementedError

    def tooltip(self, value: T) -> str | None:
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        value = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.text(value)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(value)
        if role == self.ValueRole:
            return value
        return None


class LearnerListModel(_ListModel[LearnerView]):
    def text(self, value: LearnerView) -> str:
        return f"{value.name}  ·  {value.class_name}" if value.class_name else value.name

    def row_of(self, learner_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == learner_id), -1)


class QuizListModel(_ListModel[QuizRow]):
    def text(self, value: QuizRow) -> str:
        mode = "Practice" if value.mode == "practice" else "Assessment"
        state = "not started"
        if value.in_progress_at is not None:
            state = f"in progress, at question {value.in_progress_at}"
        elif value.last_score is not None:
            state = f"done, {percent(value.last_score)}"
        return f"{value.title}\n{mode} · {value.items} questions · {state}"

    def row_of(self, quiz_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == quiz_id), -1)


class PreviewListModel(_ListModel[QuizItemView]):
    def text(self, value: QuizItemView) -> str:
        q = value.question
        return (
            f"{value.position}.  {q.prompt}\n"
            f"{skill_label(q.skill)}  ·  {kind_label(q.kind)}  ·  difficulty {q.difficulty}  ·  {q.id}"
        )

    def tooltip(self, value: QuizItemView) -> str:
        return value.question.explanation

    def replace_at(self, row: int, item: QuizItemView) -> None:
        self._rows[row] = item
        self.dataChanged.emit(self.index(row), self.index(row))


class _TableModel(QAbstractTableModel, Generic[T]):
    """A list of values, one row each; `columns` pairs a header with a cell function."""

    ValueRole = Qt.ItemDataRole.UserRole + 1
    columns: Sequence[tuple[str, Callable[[Any], Any]]] = ()
    numeric: frozenset[int] = frozenset()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[T] = []

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[T]:
        return list(self._rows)

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def cell(self, row: int, column: int) -> str:
        """The text of one cell (for tests and export)."""
        return str(self.columns[column][1](self._rows[row]))

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.columns[section][0]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or not 0 <= index.column() < len(self.columns):
            return None
        value = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return str(self.columns[index.column()][1](value))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            align = Qt.AlignmentFlag.AlignRight if index.column() in self.numeric else Qt.AlignmentFlag.AlignLeft
            return int(align | Qt.AlignmentFlag.AlignVCenter)
        if role == self.ValueRole:
            return value
        return None


class ItemStatsTableModel(_TableModel[tuple[int, str, ItemStats]]):
    """Rows of (position, prompt, ItemStats): Moodle's item analysis, one item per row."""

    columns = (
        ("#", lambda r: r[0]),
        ("Question", lambda r: r[1]),
        ("Answers", lambda r: r[2].n),
        ("Facility %", lambda r: _number(r[2].facility)),
        ("SD %", lambda r: _number(r[2].sd)),
        ("Discrimination %", lambda r: _number(r[2].discrimination_index)),
        ("Efficiency %", lambda r: _number(r[2].discriminative_efficiency)),
        ("Flags", lambda r: ", ".join(("⚠ " if i == 0 else "") + FLAG_WORDS.get(f, f) for i, f in enumerate(r[2].flags))),
    )
    numeric = frozenset({0, 2, 3, 4, 5, 6})


class DistractorTableModel(_TableModel[tuple[int, str, DistractorRow]]):
    """Rows of (position, answer in words, DistractorRow)."""

    columns = (
        ("#", lambda r: r[0]),
        ("Answer given", lambda r: r[1]),
        ("Count", lambda r: r[2].count),
        ("Share %", lambda r: _number(r[2].percent, 0)),
        ("Upper 27 %", lambda r: r[2].upper),
        ("Lower 27 %", lambda r: r[2].lower),
        ("Mean score %", lambda r: _number(r[2].mean_fraction * 100, 0)),
    )
    numeric = frozenset({0, 2, 3, 4, 5, 6})


class AttemptTableModel(_TableModel[AttemptRow]):
    columns = (
        ("Learner", lambda r: r.learner_name),
        ("Class", lambda r: r.class_name or ""),
        ("Quiz", lambda r: r.quiz_title),
        ("Started", lambda r: r.started.strftime("%Y-%m-%d %H:%M")),
        ("Answered", lambda r: f"{r.answered} of {r.items}"),
        ("Score", lambda r: percent(r.score) if r.finished else "in progress"),
    )
    numeric = frozenset({5})
