"""The library list with check badges: ArticleListModel plus each article's ArticleCheck."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from corpus.articles import ArticleRow
from desktop.check_summary import ArticleCheck
from desktop.models.article_list import ArticleListModel
from desktop.views.labels import format_date

__all__ = ["LibraryModel"]

_Index = QModelIndex | QPersistentModelIndex


class LibraryModel(ArticleListModel):
    """One row per article (title as DisplayRole); CheckRole gives its ArticleCheck or None."""

    CheckRole = Qt.ItemDataRole.UserRole + 10

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._checks: dict[str, ArticleCheck] = {}

    def set_library(self, rows: Sequence[ArticleRow], checks: Mapping[str, ArticleCheck]) -> None:
        """Replace the rows and their check badges."""
        # No event is processed between these two lines, so no view sees them out of step.
        self._checks = dict(checks)
        self.set_rows(rows, {article_id: c.label for article_id, c in checks.items()})

    def rows(self) -> list[ArticleRow]:
        """The rows on show, in order."""
        return [self.index(r).data(self.RowRole) for r in range(self.rowCount())]

    def check_of(self, article_id: str) -> ArticleCheck | None:
        """The check badge of an article, if known."""
        return self._checks.get(article_id)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == self.CheckRole:
            row = super().data(index, self.RowRole)
            return self._checks.get(row.id) if row is not None else None
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            row = super().data(index, self.RowRole)
            if row is None:
                return None
            return f"{row.title}. {self.spoken_details(row)}"
        return super().data(index, role)

    def spoken_details(self, row: ArticleRow) -> str:
        """Outlet, date, annotation count and check result in words."""
        parts = [
            row.outlet or "outlet unknown",
            format_date(row.published),
            f"{row.annotations} annotation{'s' if row.annotations != 1 else ''}",
        ]
        if row.drafts:
            parts.append(f"{row.drafts} draft{'s' if row.drafts != 1 else ''}")
        check = self._checks.get(row.id)
        if check is not None:
            parts.append(check.spoken)
        return ", ".join(parts)
