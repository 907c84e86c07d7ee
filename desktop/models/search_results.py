"""Search results: a Qt model over SearchHit values, the snippet's marks turned into bold.

The snippet is data (article text and notes), so it is escaped first and only then are the
private-use match marks of `corpus.search` replaced by <b> and </b>: no markup from data ever
reaches the rich-text renderer.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from corpus.search import MARK_END, MARK_START, SearchHit

__all__ = ["SearchResultModel", "snippet_html", "snippet_text"]

_Index = QModelIndex | QPersistentModelIndex


# Markdown emphasis and code marks in notes mean nothing in a one-line snippet.
_MARKDOWN_MARKS = re.compile(r"\*\*|__|`")


def _clean(snippet: str) -> str:
    return " ".join(_MARKDOWN_MARKS.sub("", snippet).split())


def snippet_html(snippet: str) -> str:
    """The snippet as safe rich text: everything escaped, the matched words in <b>."""
    escaped = html.escape(_clean(snippet), quote=False)
    return escaped.replace(MARK_START, "<b>").replace(MARK_END, "</b>")


def snippet_text(snippet: str) -> str:
    """The snippet as plain text, without marks."""
    return _clean(snippet.replace(MARK_START, "").replace(MARK_END, ""))


class SearchResultModel(QAbstractListModel):
    """One row per hit, best first. DisplayRole is the plain snippet; HitRole the SearchHit."""

    HitRole = Qt.ItemDataRole.UserRole + 1
    SnippetHtmlRole = Qt.ItemDataRole.UserRole + 2
    KindRole = Qt.ItemDataRole.UserRole + 3

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._hits: list[SearchHit] = []

    def set_hits(self, hits: Sequence[SearchHit]) -> None:
        """Replace the hits."""
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hits(self) -> list[SearchHit]:
        """The hits, in order."""
        return list(self._hits)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return snippet_text(hit.snippet)
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            kind = "Annotation in" if hit.kind == "annotation" else "Article:"
            return f"{kind} {hit.article_title}. {snippet_text(hit.snippet)}"
        if role == self.HitRole:
            return hit
        if role == self.SnippetHtmlRole:
            return snippet_html(hit.snippet)
        if role == self.KindRole:
            return hit.kind
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
