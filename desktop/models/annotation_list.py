"""The annotation list: a Qt model over a list of AnnotationRecord values, in the order given.

The annotation panel hands it the article's annotations in reading order and their check
statuses; `data()` only reads those values (STYLE.md rule 8).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QByteArray, QModelIndex, QPersistentModelIndex, Qt

from corpus.records import AnnotationRecord
from corpus.vocabulary import CATEGORY_LABELS, VERDICT_LABELS

__all__ = ["AnnotationListModel"]

_Index = QModelIndex | QPersistentModelIndex
_Role = Qt.ItemDataRole


class AnnotationListModel(QAbstractListModel):
    """One row per annotation. Roles give the record and its parts; DisplayRole is one line of text."""

    IdRole = _Role.UserRole + 1
    RecordRole = _Role.UserRole + 2
    CategoryRole = _Role.UserRole + 3
    VerdictRole = _Role.UserRole + 4
    StatusRole = _Role.UserRole + 5
    QuoteRole = _Role.UserRole + 6
    NoteRole = _Role.UserRole + 7

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._annotations: list[AnnotationRecord] = []
        self._statuses: dict[str, str] = {}
        self._rows: dict[str, int] = {}

    def set_annotations(
        self, annotations: Sequence[AnnotationRecord], statuses: Mapping[str, str] | None = None
    ) -> None:
        """Replace the rows (kept in the given order) and the status per annotation id."""
        self.beginResetModel()
        self._annotations = list(annotations)
        self._statuses = dict(statuses or {})
        self._rows = {a.id: i for i, a in enumerate(self._annotations)}
        self.endResetModel()

    def set_statuses(self, statuses: Mapping[str, str]) -> None:
        """Replace the check statuses without resetting the rows."""
        self._statuses = dict(statuses)
        if self._annotations:
            self.dataChanged.emit(
                self.index(0), self.index(len(self._annotations) - 1), [self.StatusRole]
            )

    def annotations(self) -> list[AnnotationRecord]:
        """The records, in row order."""
        return list(self._annotations)

    def annotation_at(self, row: int) -> AnnotationRecord | None:
        """The record in `row`, or None out of range."""
        return self._annotations[row] if 0 <= row < len(self._annotations) else None

    def row_of(self, annotation_id: str) -> int:
        """The row of an annotation id, or -1."""
        return self._rows.get(annotation_id, -1)

    def status_of(self, annotation_id: str) -> str | None:
        """The check status of an annotation, if known."""
        return self._statuses.get(annotation_id)

    # ------------------------------------------------------------------ Qt model

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._annotations)

    def data(self, index: _Index, role: int = _Role.DisplayRole) -> Any:
        if (
            not index.isValid()
            or index.parent().isValid()
            or not 0 <= index.row() < len(self._annotations)
        ):
            return None
        a = self._annotations[index.row()]
        if role == _Role.DisplayRole:
            return f"{self._category_label(a)}: {a.quote.exact}"
        if role in (_Role.ToolTipRole, _Role.AccessibleTextRole):
            return self._spoken(a)
        if role == self.IdRole:
            return a.id
        if role == self.RecordRole:
            return a
        if role == self.CategoryRole:
            return a.category
        if role == self.VerdictRole:
            return a.verdict
        if role == self.StatusRole:
            return self._statuses.get(a.id)
        if role == self.QuoteRole:
            return a.quote.exact
        if role == self.NoteRole:
            return a.note
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def roleNames(self) -> dict[int, QByteArray]:
        names = dict(super().roleNames())
        for role, name in (
            (self.IdRole, b"annotationId"),
            (self.RecordRole, b"record"),
            (self.CategoryRole, b"category"),
            (self.VerdictRole, b"verdict"),
            (self.StatusRole, b"status"),
            (self.QuoteRole, b"quote"),
            (self.NoteRole, b"note"),
        ):
            names[int(role)] = QByteArray(name)
        return names

    # ------------------------------------------------------------------ words

    @staticmethod
    def _category_label(a: AnnotationRecord) -> str:
        return CATEGORY_LABELS.get(a.category, a.category)

    def _spoken(self, a: AnnotationRecord) -> str:
        words = [self._category_label(a)]
        if a.status == "draft":
            words.append("draft")
        if a.verdict:
            words.append(VERDICT_LABELS.get(a.verdict, a.verdict))
        status = self._statuses.get(a.id)
        if status:
            words.append(f"check: {status}")
        return ", ".join(words) + f". “{a.quote.exact}”"
