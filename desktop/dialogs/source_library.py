"""The source library: every source with its kind, completeness and how many annotations cite
it; edit, merge duplicates, delete (refused, with the reason shown, while cited).

Reads and writes are ops on the worker; every write goes through the undo stack. The table is
a Qt model over a list of `SourceUsage` values (it never queries from `data()`).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Slot,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from corpus.authoring import SourceUsage
from corpus.records import SourceRecord
from desktop.dialogs.common import Banner, findings_html
from desktop.dialogs.source_form import KIND_HINTS, SourceForm
from desktop.events import Changes
from desktop.operations import OpContext
from desktop.operations.authoring import (
    create_source,
    edit_source,
    fetch_source_library,
    merge_duplicate_sources,
    uncreate_source,
)
from desktop.theme import LIGHT, Theme, apply_theme
from desktop.undo import (
    AddSourceCommand,
    DeleteSourceCommand,
    EditSourceCommand,
    MergeSourcesCommand,
    UndoStack,
)
from desktop.views.labels import format_date, http_url

__all__ = ["MergeDialog", "SourceLibraryDialog", "SourceTableModel"]

_Index = QModelIndex | QPersistentModelIndex
COMPLETENESS = {
    "complete": ("checked", "Complete"),
    "warnings": ("warnings", "Warnings"),
    "incomplete": ("errors", "Incomplete"),
}
# A shorter word for the commonest single finding.
_FINDING_WORDS = {"source-undated": "Undated", "source-missing-date": "No date"}


def completeness_word(u: SourceUsage) -> str:
    """"Complete", "Undated", "No date", "Warnings" or "Incomplete"."""
    if len(u.findings) == 1 and u.findings[0].code in _FINDING_WORDS:
        return _FINDING_WORDS[u.findings[0].code]
    return COMPLETENESS[u.completeness][1]


def kind_word(kind: str) -> str:
    """ "state-media" → "State media"."""
    return KIND_HINTS.get(kind, kind).split(":")[0]


class SourceTableModel(QAbstractTableModel):
    """Sources as rows: Title, Publisher, Kind, Date, Completeness, Cited by."""

    COLUMNS = ("Title", "Publisher", "Kind", "Published", "Completeness", "Cited by")
    IdRole = Qt.ItemDataRole.UserRole + 1
    SortRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: Any = None, *, theme: Theme = LIGHT) -> None:
        super().__init__(parent)
        self._rows: list[SourceUsage] = []
        self._theme = theme

    def set_rows(self, rows: Sequence[SourceUsage]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def usage(self, row: int) -> SourceUsage:
        return self._rows[row]

    def row_of(self, source_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.source.id == source_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        u = self._rows[index.row()]
        s = u.source
        col = index.column()
        if role == self.IdRole:
            return s.id
        if role in (Qt.ItemDataRole.DisplayRole, self.SortRole):
            if col == 0:
                return ("≈ " if u.duplicates and role == Qt.ItemDataRole.DisplayRole else "") + s.title
            if col == 1:
                return s.publisher
            if col == 2:
                return kind_word(s.kind)
            if col == 3:
                return (s.published or "") if role == self.SortRole else format_date(s.published)
            if col == 4:
                status, _word = COMPLETENESS[u.completeness]
                if role == self.SortRole:
                    return ("complete", "warnings", "incomplete").index(u.completeness)
                return f"{self._theme.status(status).symbol} {completeness_word(u)}"
            if col == 5:
                if role == self.SortRole:
                    return u.annotations
                return "not cited" if not u.annotations else f"{u.annotations} annotation" + ("s" if u.annotations > 1 else "")
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 4 and u.problems:
                return "\n".join(u.problems)
            if col == 0 and u.duplicates:
                return "Looks like the same document as: " + ", ".join(u.duplicates)
            if col == 2:
                return KIND_HINTS.get(s.kind, s.kind)
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == 4:
                status, _ = COMPLETENESS[u.completeness]
                return QColor(self._theme.status(status).foreground)
            if col == 5 and not u.annotations:
                return QColor(self._theme.muted)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 5:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole and col == 4:
            return completeness_word(u)
        return None


class MergeDialog(QDialog):
    """Which of two duplicate sources to keep; the other's citations move to it."""

    def __init__(self, parent: QWidget | None, first: SourceUsage, second: SourceUsage, *, theme: Theme = LIGHT) -> None:
        super().__init__(parent)
        self.setWindowTitle("Merge duplicate sources")
        self._pair = (first, second)
        intro = QLabel(
            "Keep one of the two. Every citation of the other will cite the one you keep, "
            "with its relation, evidence and locator, and the other is deleted. Undo takes it back."
        )
        intro.setWordWrap(True)
        self.group = QButtonGroup(self)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        # Keep the more complete, more cited one by default.
        rank = sorted((0, 1), key=lambda i: (self._pair[i].completeness != "complete", -self._pair[i].citations))
        for i, u in enumerate(self._pair):
            s = u.source
            button = QRadioButton(f"Keep “{s.title}” ({s.publisher}, {format_date(s.published)})")
            button.setToolTip(s.url or s.locator or "")
            self.group.addButton(button, i)
            detail = QLabel(
                f"{html.escape(s.url or s.locator or '')}<br>"
                f"<span style='color:{theme.muted}'>{kind_word(s.kind)} · cited {u.citations}×"
                f" · {COMPLETENESS[u.completeness][1].lower()}</span>"
            )
            detail.setContentsMargins(24, 0, 0, 8)
            detail.setWordWrap(True)
            layout.addWidget(button)
            layout.addWidget(detail)
        self.group.button(rank[0]).setChecked(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Merge")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        apply_theme(self, theme)

    def pair(self) -> tuple[SourceUsage, SourceUsage]:
        """The two sources, in the order of the radio buttons."""
        return self._pair

    def keep_remove(self) -> tuple[str, str]:
        """(id to keep, id to remove)."""
        keep = self.group.checkedId()
        return self._pair[keep].source.id, self._pair[1 - keep].source.id


class SourceLibraryDialog(QDialog):
    """The source library window (non-modal). Construct with the op context and the undo stack."""

    def __init__(self, parent: QWidget | None = None, *, ctx: OpContext, undo: UndoStack, theme: Theme = LIGHT) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._undo = undo
        self._theme = theme
        self._loaded = False
        self.form: SourceForm | None = None
        self.merge_dialog: MergeDialog | None = None
        self.setWindowTitle("Source library")

        self.model = SourceTableModel(self, theme=theme)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SourceTableModel.SortRole)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Filter by title, publisher or kind…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Filter sources")
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.count_label = QLabel(self)
        self.count_label.setProperty("role", "muted")

        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Sources")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 170), (2, 100), (3, 120), (4, 120), (5, 110)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, width)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(self._on_selection)

        self.detail = QTextBrowser(self)
        self.detail.setAccessibleName("Source details")
        self.detail.setOpenExternalLinks(True)
        self.detail.document().setDocumentMargin(10)

        self.banner = Banner(theme, self)
        self.new_button = QPushButton("New source…", self)
        self.edit_button = QPushButton("Edit…", self)
        self.merge_button = QPushButton("Merge duplicates…", self)
        self.delete_button = QPushButton("Delete", self)
        self.close_button = QPushButton("Close", self)
        self.new_button.clicked.connect(self.new_source)
        self.edit_button.clicked.connect(self.edit_selected)
        self.merge_button.clicked.connect(self.merge_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.close_button.clicked.connect(self.close)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        buttons = QHBoxLayout()
        for b in (self.new_button, self.edit_button, self.merge_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.banner)
        layout.addLayout(buttons)
        self.resize(1000, 640)
        apply_theme(self, theme)

        ctx.events.store_changed.connect(self._on_store_changed)
        self._on_selection()
        self.refresh()

    # ------------------------------------------------------------------ data

    def refresh(self) -> None:
        """Reload the library (worker thread)."""
        fetch_source_library(self._ctx).success(self._show).run()

    def _show(self, rows: list[SourceUsage]) -> None:
        selected = self.selected_ids()
        self.model.set_rows(rows)
        self._loaded = True
        dupes = sum(1 for r in rows if r.duplicates)
        incomplete = sum(1 for r in rows if r.completeness == "incomplete")
        words = [f"{len(rows)} sources"]
        if incomplete:
            words.append(f"{incomplete} incomplete")
        if dupes:
            words.append(f"{dupes} look like duplicates (≈)")
        self.count_label.setText(" · ".join(words))
        for sid in selected:
            self.select(sid, add=True)
        self._on_selection()

    def is_loaded(self) -> bool:
        return self._loaded

    @Slot(object, object)
    def _on_store_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.sources or changes.annotations:
            self.refresh()

    # ------------------------------------------------------------------ selection

    def select(self, source_id: str, *, add: bool = False) -> bool:
        """Select a source's row (adding to the selection with `add`)."""
        row = self.model.row_of(source_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        flags = QItemSelectionModel.SelectionFlag.Rows | (
            QItemSelectionModel.SelectionFlag.Select if add else QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.table.selectionModel().select(index, flags)
        if not add:
            self.table.setCurrentIndex(index)
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def selected_usages(self) -> list[SourceUsage]:
        rows = sorted({self.proxy.mapToSource(i).row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.usage(r) for r in rows]

    def selected_ids(self) -> list[str]:
        return [u.source.id for u in self.selected_usages()]

    @Slot()
    def _on_selection(self) -> None:
        chosen = self.selected_usages()
        one = len(chosen) == 1
        self.edit_button.setEnabled(one)
        self.delete_button.setEnabled(one)
        self.merge_button.setEnabled(len(chosen) == 2 or (one and bool(chosen[0].duplicates)))
        if one and chosen[0].annotations:
            n = chosen[0].annotations
            self.delete_button.setToolTip(
                f"Cited by {n} annotation{'s' if n > 1 else ''}: it cannot be deleted while cited."
            )
        else:
            self.delete_button.setToolTip("")
        self.detail.setHtml(self._detail_html(chosen[0]) if one else self._hint_html(len(chosen)))

    def _hint_html(self, n: int) -> str:
        text = (
            "Two sources selected: <b>Merge duplicates…</b> keeps one and moves the other's citations to it."
            if n == 2
            else "Select a source to see its details. Double-click to edit it."
        )
        return f"<p style='color:{self._theme.muted}'>{text}</p>"

    def _detail_html(self, u: SourceUsage) -> str:
        s = u.source
        t = self._theme
        esc = html.escape
        parts = [f"<p style='margin:0'><b>{esc(s.title)}</b></p>"]
        meta = [esc(s.publisher)]
        if s.author:
            meta.append("by " + esc(s.author))
        meta += [format_date(s.published), kind_word(s.kind)]
        parts.append(f"<p style='margin:2px 0 6px 0; color:{t.muted}'>{' · '.join(meta)}</p>")
        url = http_url(s.url)
        if url:
            parts.append(f"<p style='margin:0 0 6px 0'><a href='{esc(url)}' style='color:{t.link}'>{esc(url)}</a></p>")
        if s.locator:
            parts.append(f"<p style='margin:0 0 6px 0'>Locator: {esc(s.locator)}</p>")
        if s.excerpt:
            parts.append(f"<p style='margin:0 0 6px 0'><i>“{esc(s.excerpt)}”</i></p>")
        if s.notes:
            parts.append(f"<p style='margin:0 0 6px 0; color:{t.muted}'>{esc(s.notes)}</p>")
        cited = "Not cited by any annotation." if not u.annotations else (
            f"Cited {u.citations} time{'s' if u.citations > 1 else ''} by {u.annotations} annotation{'s' if u.annotations > 1 else ''}."
        )
        parts.append(f"<p style='margin:0 0 6px 0'>{cited}</p>")
        if u.duplicates:
            parts.append(
                f"<p style='margin:0 0 6px 0'>≈ Looks like the same document as: {esc(', '.join(u.duplicates))}</p>"
            )
        if u.findings:
            parts.append(findings_html(u.findings, t))
        return "".join(parts)

    # ------------------------------------------------------------------ actions

    def _all_ids(self) -> set[str]:
        return {self.model.usage(r).source.id for r in range(self.model.rowCount())}

    @Slot()
    def new_source(self) -> SourceForm:
        """Open the source form to add one."""
        form = SourceForm(self, taken=self._all_ids(), theme=self._theme)
        form.accepted.connect(lambda: self._save_new(form.source()))
        return self._open_form(form)

    @Slot()
    def edit_selected(self) -> SourceForm | None:
        """Open the selected source in the form."""
        chosen = self.selected_usages()
        if len(chosen) != 1:
            return None
        form = SourceForm(self, record=chosen[0].source, taken=self._all_ids(), theme=self._theme)
        form.accepted.connect(lambda: self._save_edit(form.source()))
        return self._open_form(form)

    def _open_form(self, form: SourceForm) -> SourceForm:
        self.form = form
        form.finished.connect(lambda _r: setattr(self, "form", None))
        form.open()
        return form

    def _save_new(self, record: SourceRecord) -> None:
        self.banner.clear_message()
        self._undo.perform(
            create_source(self._ctx, record=record),
            AddSourceCommand,
            on_done=lambda s: self._done(f"Added “{s.title}”.", s.id),
            on_error=self.banner.show_message,
        )

    def _save_edit(self, record: SourceRecord) -> None:
        self.banner.clear_message()
        self._undo.perform(
            edit_source(self._ctx, record=record),
            EditSourceCommand,
            on_done=lambda e: self._done(f"Saved “{e.after.title}”.", e.after.id),
            on_error=self.banner.show_message,
        )

    @Slot()
    def delete_selected(self) -> None:
        """Delete the selected source; while it is cited the store refuses and the banner says why."""
        chosen = self.selected_usages()
        if len(chosen) != 1:
            return
        self.banner.clear_message()
        self._undo.perform(
            uncreate_source(self._ctx, source_id=chosen[0].source.id),
            DeleteSourceCommand,
            on_done=lambda s: self.banner.show_message(f"Deleted “{s.title}”. Undo brings it back.", severity="info"),
            on_error=self.banner.show_message,
        )

    @Slot()
    def merge_selected(self) -> MergeDialog | None:
        """Merge two selected sources (or one and its likely duplicate): asks which to keep."""
        chosen = self.selected_usages()
        if len(chosen) == 1 and chosen[0].duplicates:
            other = self.model.row_of(chosen[0].duplicates[0])
            if other >= 0:
                chosen.append(self.model.usage(other))
        if len(chosen) != 2:
            return None
        dialog = MergeDialog(self, chosen[0], chosen[1], theme=self._theme)
        dialog.accepted.connect(lambda: self._merge(*dialog.keep_remove()))
        dialog.finished.connect(lambda _r: setattr(self, "merge_dialog", None))
        self.merge_dialog = dialog
        dialog.open()
        return dialog

    def _merge(self, keep: str, remove: str) -> None:
        self.banner.clear_message()
        self._undo.perform(
            merge_duplicate_sources(self._ctx, keep=keep, remove=remove),
            MergeSourcesCommand,
            on_done=lambda m: self._done(
                f"Merged: {len(m.repointed)} citation(s) of “{m.removed.title}” now cite “{m.kept.title}”.", m.kept.id
            ),
            on_error=self.banner.show_message,
        )

    def _done(self, message: str, source_id: str) -> None:
        self.banner.show_message(message, severity="info")

        def shown(rows: list[SourceUsage]) -> None:
            self._show(rows)
            self.select(source_id)

        fetch_source_library(self._ctx).success(shown).run()
