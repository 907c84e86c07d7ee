"""Compare view: two articles side by side, with the claims they share linked.

Annotations with the same `claim_key` are the same claim told by two outlets. Selecting one in
either reader (a click, the keys, or `select_annotation`) selects and scrolls to its partner in
the other. Under the readers, a framing profile counts each article's annotations per category
and per verdict, so the difference in framing shows as numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from PySide6.QtCore import Qt, QUrl, Signal, Slot
from PySide6.QtGui import QColor, QDesktopServices, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from corpus.records import ArticleRecord
from corpus.vocabulary import CATEGORIES, VERDICTS
from desktop.theme import LIGHT, Theme, apply_theme
from desktop.views.labels import category_counts, category_label, verdict_counts, verdict_label
from desktop.views.reader import ReaderView

__all__ = ["CompareView"]

_EMPTY: Mapping[str, str] = MappingProxyType({})


def _open_url(url: QUrl) -> bool:
    return QDesktopServices.openUrl(url)


class CompareView(QWidget):
    """Two ReaderViews in a splitter, linked by `claim_key`, above a framing profile table.

    Constructor: `CompareView(parent=None, *, theme=LIGHT, open_url=QDesktopServices.openUrl)`.
    """

    annotation_selected = Signal(str)  # the current annotation of either reader changed
    linked_claim_selected = Signal(str, str)  # (id in the reader used, partner id in the other)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        theme: Theme = LIGHT,
        open_url: Callable[[QUrl], object] = _open_url,
    ) -> None:
        super().__init__(parent)
        self._theme = theme
        self._left_article: ArticleRecord | None = None
        self._right_article: ArticleRecord | None = None
        self._partners: dict[
            str, list[str]
        ] = {}  # id → ids with the same claim_key in the other article
        self._linking = False

        self._left = ReaderView(
            self, theme=theme, base_point_size=12.0, chars_per_line=62, open_url=open_url
        )
        self._right = ReaderView(
            self, theme=theme, base_point_size=12.0, chars_per_line=62, open_url=open_url
        )
        self._left.setAccessibleName("Left article")
        self._right.setAccessibleName("Right article")
        self._left.current_annotation_changed.connect(self._on_left_current)
        self._right.current_annotation_changed.connect(self._on_right_current)
        # A click on the already-current highlight changes nothing, but should still re-link.
        self._left.annotation_activated.connect(self._on_left_current)
        self._right.annotation_activated.connect(self._on_right_current)

        readers = QSplitter(Qt.Orientation.Horizontal, self)
        readers.addWidget(self._left)
        readers.addWidget(self._right)
        readers.setChildrenCollapsible(False)

        self._category_table = self._make_table("Category profile")
        self._verdict_table = self._make_table("Verdict profile")
        self._link_label = QLabel(self)
        self._link_label.setProperty("role", "muted")
        self._link_label.setTextFormat(Qt.TextFormat.PlainText)
        self._link_label.setWordWrap(True)

        heading = QLabel("Framing profile", self)
        heading.setProperty("role", "heading")
        profile = QWidget(self)
        profile_layout = QVBoxLayout(profile)
        profile_layout.setContentsMargins(12, 8, 12, 10)
        title_row = QHBoxLayout()
        title_row.addWidget(heading)
        title_row.addSpacing(12)
        title_row.addWidget(self._link_label, 1)
        profile_layout.addLayout(title_row)
        tables = QHBoxLayout()
        tables.setSpacing(12)
        tables.addWidget(self._category_table, 1)
        tables.addWidget(self._verdict_table, 1)
        profile_layout.addLayout(tables, 1)

        outer = QSplitter(Qt.Orientation.Vertical, self)
        outer.addWidget(readers)
        outer.addWidget(profile)
        outer.setStretchFactor(0, 3)
        outer.setStretchFactor(1, 1)
        outer.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(outer)
        self.setAccessibleName("Compare articles")
        self.setAccessibleDescription(
            "Two articles side by side. Selecting a claim in one selects the same claim in the other."
        )
        apply_theme(self, theme)

    # ------------------------------------------------------------------ public API

    @property
    def left_reader(self) -> ReaderView:
        """The reader on the left."""
        return self._left

    @property
    def right_reader(self) -> ReaderView:
        """The reader on the right."""
        return self._right

    @property
    def category_table(self) -> QTableWidget:
        """Counts per category: one row per category, one column per article."""
        return self._category_table

    @property
    def verdict_table(self) -> QTableWidget:
        """Counts per verdict: one row per verdict, one column per article."""
        return self._verdict_table

    def set_articles(
        self,
        left: ArticleRecord,
        right: ArticleRecord,
        *,
        left_statuses: Mapping[str, str] = _EMPTY,
        right_statuses: Mapping[str, str] = _EMPTY,
        left_summary: str = "",
        right_summary: str = "",
    ) -> None:
        """Show two articles and link the annotations that share a `claim_key`."""
        self._left_article, self._right_article = left, right
        self._left.set_article(left, statuses=left_statuses, summary=left_summary)
        self._right.set_article(right, statuses=right_statuses, summary=right_summary)
        self._partners = {}
        by_key_right: dict[str, list[str]] = {}
        for a in right.annotations:
            if a.claim_key:
                by_key_right.setdefault(a.claim_key, []).append(a.id)
        by_key_left: dict[str, list[str]] = {}
        for a in left.annotations:
            if a.claim_key:
                by_key_left.setdefault(a.claim_key, []).append(a.id)
        for key, left_ids in by_key_left.items():
            right_ids = by_key_right.get(key, [])
            for i in left_ids:
                if right_ids:
                    self._partners[i] = list(right_ids)
            for i in right_ids:
                self._partners[i] = list(left_ids)
        shared = sorted(set(by_key_left) & set(by_key_right))
        self._link_label.setText(
            f"{len(shared)} shared claim{'s' if len(shared) != 1 else ''} linked: selecting one selects its partner."
            if shared
            else "The two articles share no linked claims."
        )
        self._fill_profile()

    def linked_annotations(self, annotation_id: str) -> list[str]:
        """The ids in the other article that share this annotation's `claim_key`."""
        return list(self._partners.get(annotation_id, ()))

    def framing_profile(self) -> dict[str, tuple[int, int]]:
        """Counts per category and per verdict as {label: (left, right)} (what the tables show)."""
        profile = {}
        for table in (self._category_table, self._verdict_table):
            for row in range(table.rowCount()):
                label = table.verticalHeaderItem(row).text()
                profile[label] = (int(table.item(row, 0).text()), int(table.item(row, 1).text()))
        return profile

    def select_annotation(self, annotation_id: str) -> bool:
        """Select an annotation in whichever reader has it, and its partner in the other."""
        if self._left_article and any(
            a.id == annotation_id for a in self._left_article.annotations
        ):
            return self._left.select_annotation(annotation_id)
        if self._right_article and any(
            a.id == annotation_id for a in self._right_article.annotations
        ):
            return self._right.select_annotation(annotation_id)
        return False

    def set_theme(self, theme: Theme) -> None:
        """Restyle both readers and the profile."""
        self._theme = theme
        apply_theme(self, theme)
        self._left.set_theme(theme)
        self._right.set_theme(theme)
        self._fill_profile()

    # ------------------------------------------------------------------ internals

    def _make_table(self, name: str) -> QTableWidget:
        table = QTableWidget(self)
        table.setColumnCount(2)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.verticalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        table.setShowGrid(False)
        table.setAlternatingRowColors(True)
        table.setAccessibleName(name)
        table.setAccessibleDescription("How many annotations of each kind each article has.")
        return table

    def _fill_profile(self) -> None:
        left, right = self._left_article, self._right_article
        if left is None or right is None:
            return
        headers = [self._short(left.outlet or left.title), self._short(right.outlet or right.title)]
        lc, rc = category_counts(left.annotations), category_counts(right.annotations)
        rows = [(category_label(c), lc.get(c, 0), rc.get(c, 0)) for c in CATEGORIES]
        self._fill(self._category_table, headers, rows)
        lv, rv = verdict_counts(left.annotations), verdict_counts(right.annotations)
        vrows = [(verdict_label(v), lv.get(v, 0), rv.get(v, 0)) for v in VERDICTS]
        self._fill(self._verdict_table, headers, vrows)

    @staticmethod
    def _short(text: str, limit: int = 28) -> str:
        return text if len(text) <= limit else text[: limit - 1] + "…"

    def _fill(
        self, table: QTableWidget, headers: list[str], rows: list[tuple[str, int, int]]
    ) -> None:
        table.clearContents()
        table.setRowCount(len(rows))
        table.setHorizontalHeaderLabels(headers)
        bold = QFont(table.font())
        bold.setWeight(QFont.Weight.DemiBold)
        for r, (label, a, b) in enumerate(rows):
            table.setVerticalHeaderItem(r, QTableWidgetItem(label))
            for c, value in enumerate((a, b)):
                item = QTableWidgetItem(str(value))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                other = b if c == 0 else a
                if (
                    value > other
                ):  # the article that leans on this kind more, in bold (not colour alone)
                    item.setFont(bold)
                if value == 0:
                    item.setForeground(QColor(self._theme.muted))
                item.setData(
                    Qt.ItemDataRole.AccessibleTextRole, f"{label}: {value} in {headers[c]}"
                )
                table.setItem(r, c, item)
        # Tall enough for every row, so the profile never hides a row behind a scroll bar.
        table.resizeRowsToContents()
        frame = table.frameWidth() * 2
        table.setMinimumHeight(
            table.horizontalHeader().sizeHint().height() + table.verticalHeader().length() + frame
        )

    def _link(self, source: ReaderView, target: ReaderView, annotation_id: str) -> None:
        if self._linking or not annotation_id:
            return
        self.annotation_selected.emit(annotation_id)
        partners = self._partners.get(annotation_id)
        if not partners:
            return
        visible = [p for p in partners if p in target.visible_annotations()]
        if not visible:
            return
        self._linking = True
        try:
            if target.current_annotation() not in visible:
                target.select_annotation(visible[0])
            else:
                target.select_annotation(target.current_annotation() or visible[0])
        finally:
            self._linking = False
        self.linked_claim_selected.emit(annotation_id, target.current_annotation() or "")

    @Slot(str)
    def _on_left_current(self, annotation_id: str) -> None:
        self._link(self._left, self._right, annotation_id)

    @Slot(str)
    def _on_right_current(self, annotation_id: str) -> None:
        self._link(self._right, self._left, annotation_id)
