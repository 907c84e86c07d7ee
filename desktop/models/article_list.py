"""The library list: a Qt model over ArticleRow values."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from corpus.articles import ArticleRow

_Index = QModelIndex | QPersistentModelIndex


class ArticleListModel(QAbstractListModel):
    IdRole = Qt.ItemDataRole.UserRole + 1
    RowRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._rows: list[ArticleRow] = []
        self._status: Mapping[str, str] = {}

    def set_rows(self, rows: Sequence[ArticleRow], status: Mapping[str, str] | None = None) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._status = dict(status or {})
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.title}\n{self.subtitle(row)}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{row.title}. {self.subtitle(row)}"
        if role == self.IdRole:
            return row.id
        if role == self.RowRole:
            return row
        return None

    def subtitle(self, row: ArticleRow) -> str:
        parts = [row.outlet or "outlet unknown", row.published or "date unknown", f"{row.annotations} annotations"]
        status = self._status.get(row.id)
        if status:
            parts.append(status)
        return " · ".join(parts)

    def row_of(self, article_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == article_id), -1)
