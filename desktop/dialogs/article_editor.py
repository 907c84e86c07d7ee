"""Articles: add one (paste the text, or open a .txt, .md or .yaml file), and edit an article's
text with a preview of what re-anchoring will do before anything is saved.

`NewArticleDialog` asks for title, outlet, byline, date and url (filled from the file when it
has them) and saves through the undo stack. `EditArticleTextDialog` re-runs
`corpus.editing.preview_body_change` on the worker a moment after each edit and lists, per
annotation, unchanged / moved / orphaned with old → new offsets and the score; Save is enabled
only once the preview describes the text as it stands, and saves with `replace_body` (one
transaction, undoable).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from corpus.anchoring import AnchorOutcome
from corpus.authoring import ARTICLE_FILE_SUFFIXES, ArticleDraft
from corpus.records import AnnotationRecord, ArticleRecord
from desktop.dialogs.common import Banner, verbatim_text
from desktop.operations import OpContext
from desktop.operations.authoring import (
    BodyChanged,
    change_article_body,
    create_article,
    preview_article_body,
    read_article_draft,
)
from desktop.theme import LIGHT, Theme, apply_theme, reading_font
from desktop.undo import AddArticleCommand, EditArticleBodyCommand, UndoStack
from desktop.views.labels import category_label

__all__ = ["EditArticleTextDialog", "NewArticleDialog", "PreviewModel"]

_Index = QModelIndex | QPersistentModelIndex
OUTCOME_CHIPS = {"unchanged": "checked", "moved": "warnings", "orphaned": "errors"}
OUTCOME_WORDS = {"unchanged": "Unchanged", "moved": "Moved", "orphaned": "Orphaned"}


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class PreviewModel(QAbstractTableModel):
    """One row per annotation: what saving the new text would do to it."""

    COLUMNS = ("Annotation", "Outcome", "Old → new place", "Score", "Why")
    StatusRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: Any = None, *, theme: Theme = LIGHT) -> None:
        super().__init__(parent)
        self._theme = theme
        self._rows: list[tuple[AnchorOutcome, AnnotationRecord | None]] = []

    def set_outcomes(self, outcomes: Sequence[AnchorOutcome], annotations: dict[str, AnnotationRecord]) -> None:
        self.beginResetModel()
        order = {"orphaned": 0, "moved": 1, "unchanged": 2}
        rows = [(o, annotations.get(o.annotation_id or "")) for o in outcomes]
        self._rows = sorted(rows, key=lambda r: (order[r[0].status], r[0].old.start))
        self.endResetModel()

    def outcomes(self) -> list[AnchorOutcome]:
        return [o for o, _ in self._rows]

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
        outcome, annotation = self._rows[index.row()]
        col = index.column()
        if role == self.StatusRole:
            return outcome.status
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                label = category_label(annotation.category) if annotation else "Annotation"
                quote = annotation.quote.exact if annotation else outcome.annotation_id or ""
                return f"{label}: “{_short(quote, 48)}”"
            if col == 1:
                chip = self._theme.status(OUTCOME_CHIPS[outcome.status])
                return f"{chip.symbol} {OUTCOME_WORDS[outcome.status]}"
            if col == 2:
                old = f"{outcome.old.start}–{outcome.old.end}"
                if outcome.new is None:
                    return f"{old} → —"
                if outcome.new == outcome.old:
                    return old
                return f"{old} → {outcome.new.start}–{outcome.new.end}"
            if col == 3:
                return f"{outcome.score:.2f}"
            if col == 4:
                return outcome.reason
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 0 and annotation:
                return annotation.quote.exact
            if col == 4:
                return outcome.reason
        if role == Qt.ItemDataRole.ForegroundRole and col == 1:
            return QColor(self._theme.status(OUTCOME_CHIPS[outcome.status]).foreground)
        if role == Qt.ItemDataRole.FontRole and col == 1 and outcome.status != "unchanged":
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (2, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class EditArticleTextDialog(QDialog):
    """Edit an article's text; preview re-anchoring; save (undoable)."""

    preview_shown = Signal()
    saved = Signal(object)  # BodyChanged

    PREVIEW_DELAY_MS = 350

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        ctx: OpContext,
        undo: UndoStack,
        article: ArticleRecord,
        theme: Theme = LIGHT,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._undo = undo
        self._article = article
        self._theme = theme
        self._annotations = {a.id: a for a in article.annotations}
        self._previewed: str | None = None
        self._saving = False
        self.result_change: BodyChanged | None = None
        self.setWindowTitle(f"Edit text — {article.title}")

        heading = QLabel(f"<b>{html.escape(article.title)}</b>", self)
        heading.setProperty("role", "heading")
        already = sum(1 for a in article.annotations if a.anchor_state == "orphaned")
        intro = QLabel(
            "Edit the text on the left. On the right, each annotation shows what saving would do "
            "to it: unchanged, moved (with its new place and score) or orphaned (it waits in the "
            "orphan queue for you to re-attach). Nothing moves silently."
            + (f" {already} annotation(s) already orphaned are not re-anchored." if already else ""),
            self,
        )
        intro.setWordWrap(True)
        intro.setProperty("role", "muted")

        self.editor = QPlainTextEdit(self)
        self.editor.setAccessibleName("Article text")
        self.editor.setFont(reading_font(11.5))
        self.editor.setPlainText(article.body)
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)

        self.summary = QLabel(self)
        self.summary.setAccessibleName("Preview summary")
        self.summary.setWordWrap(True)
        self.model = PreviewModel(self, theme=theme)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("What re-anchoring will do")
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 220)
        for col, width in ((1, 108), (3, 58)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(self._show_in_text)

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        caption = QLabel("What saving will do", right)
        caption.setProperty("role", "heading")
        right_layout.addWidget(caption)
        right_layout.addWidget(self.summary)
        right_layout.addWidget(self.table, 1)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.editor)
        split.addWidget(right)
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 8)
        split.setChildrenCollapsible(False)
        split.setSizes([480, 780])

        self.banner = Banner(theme, self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Save text")
        self.revert_button = QPushButton("Revert", self)
        self.revert_button.clicked.connect(lambda: self.editor.setPlainText(self._article.body))
        self.buttons.addButton(self.revert_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(split, 1)
        layout.addWidget(self.banner)
        layout.addWidget(self.buttons)
        self.resize(1240, 720)
        apply_theme(self, theme)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.request_preview)
        self.editor.textChanged.connect(self._on_text_changed)
        self._on_text_changed()

    # ------------------------------------------------------------------ public API

    def text(self) -> str:
        """The text as edited (no-break spaces and all)."""
        return verbatim_text(self.editor)

    def set_text(self, text: str) -> None:
        """Replace the text in the editor (the preview follows)."""
        self.editor.setPlainText(text)

    def preview_is_current(self) -> bool:
        """True when the table describes the text as it stands."""
        return self._previewed is not None and self._previewed == self.text()

    def outcomes(self) -> list[AnchorOutcome]:
        """The previewed outcomes (in the table's order: orphaned, moved, unchanged)."""
        return self.model.outcomes()

    @Slot()
    def request_preview(self) -> None:
        """Preview the current text now (worker thread)."""
        self._timer.stop()
        text = self.text()
        if text == self._article.body:
            self._previewed = text
            self._show_preview(text, [])
            return
        preview_article_body(self._ctx, article_id=self._article.id, new_body=text).success(
            lambda result: self._show_preview(*result)
        ).run()

    @Slot()
    def save(self) -> None:
        """Save the text and re-anchor (undoable); closes the dialog when done."""
        if not self.save_button.isEnabled() or self._saving:
            return
        self._saving = True
        self.save_button.setEnabled(False)
        self._undo.perform(
            change_article_body(self._ctx, article_id=self._article.id, new_body=self.text()),
            EditArticleBodyCommand,
            on_done=self._saved,
            on_error=self._failed,
        )

    # ------------------------------------------------------------------ internals

    @Slot()
    def _on_text_changed(self) -> None:
        self.save_button.setEnabled(False)
        if self.text() != self._previewed:
            self.summary.setText(f"<span style='color:{self._theme.muted}'>Previewing…</span>")
        self._timer.start()

    def _show_preview(self, text: str, outcomes: list[AnchorOutcome]) -> None:
        if text != self.text():
            return  # the text moved on; a newer preview is on its way
        self._previewed = text
        self.model.set_outcomes(outcomes, self._annotations)
        counts = {k: sum(1 for o in outcomes if o.status == k) for k in OUTCOME_WORDS}
        if text == self._article.body:
            self.summary.setText(
                f"<span style='color:{self._theme.muted}'>No change yet: all "
                f"{len(self._article.annotations)} annotations stay where they are.</span>"
            )
        elif not text.strip():
            self.summary.setText("The text cannot be empty.")
        else:
            parts = []
            for key in ("orphaned", "moved", "unchanged"):
                chip = self._theme.status(OUTCOME_CHIPS[key])
                parts.append(
                    f"<span style='color:{chip.foreground}'><b>{chip.symbol} {counts[key]}</b> {key}</span>"
                )
            self.summary.setText("   ".join(parts))
        self.save_button.setEnabled(text != self._article.body and bool(text.strip()) and not self._saving)
        self.preview_shown.emit()

    def _saved(self, change: BodyChanged) -> None:
        self.result_change = change
        self.saved.emit(change)
        self.accept()

    def _failed(self, message: str) -> None:
        self._saving = False
        self.banner.show_message(message)
        self.save_button.setEnabled(self.preview_is_current())

    @Slot(QModelIndex)
    def _show_in_text(self, index: QModelIndex) -> None:
        outcome = self.model.outcomes()[index.row()]
        place = outcome.new or outcome.candidate
        if place is None:
            return
        cursor = self.editor.textCursor()
        text = self.text()
        # Code points to the editor's UTF-16 positions.
        from corpus.anchoring import code_points_to_utf16

        cursor.setPosition(code_points_to_utf16(text, place.start))
        cursor.setPosition(code_points_to_utf16(text, place.end), cursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(cursor)
        self.editor.setFocus()


class NewArticleDialog(QDialog):
    """Add an article: paste its text or open a file, then say where it comes from."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        ctx: OpContext,
        undo: UndoStack,
        theme: Theme = LIGHT,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._undo = undo
        self._theme = theme
        self._draft: ArticleDraft | None = None  # from a .yaml file: id and annotations
        self.result_article: ArticleRecord | None = None
        self.setWindowTitle("New article")

        self.title = QLineEdit(self)
        self.title.setPlaceholderText("The headline as published")
        self.outlet = QLineEdit(self)
        self.outlet.setPlaceholderText("e.g. freedomtriumph.com, The Guardian")
        self.byline = QLineEdit(self)
        self.byline.setPlaceholderText("Optional")
        self.published = QLineEdit(self)
        self.published.setPlaceholderText("YYYY-MM-DD (or YYYY-MM, YYYY); leave empty when unknown")
        self.url = QLineEdit(self)
        self.url.setPlaceholderText("https://… where the article was published")
        self.body = QPlainTextEdit(self)
        self.body.setPlaceholderText(
            "Paste the article's text here, paragraphs separated by a blank line. It is kept "
            "exactly as it is (HTML stays text)."
        )
        self.body.setFont(reading_font(11.5))
        for widget, name in (
            (self.title, "Title"), (self.outlet, "Outlet"), (self.byline, "Byline"),
            (self.published, "Published"), (self.url, "Address (url)"), (self.body, "Article text"),
        ):
            widget.setAccessibleName(name)
        self.open_button = QPushButton("Open file…", self)
        self.open_button.setToolTip("A .txt file (first line = title), .md (first heading = title) or a corpus .yaml file")
        self.open_button.clicked.connect(self.choose_file)
        self.file_label = QLabel(self)
        self.file_label.setProperty("role", "muted")

        form = QFormLayout()
        form.addRow("Title", self.title)
        form.addRow("Outlet", self.outlet)
        form.addRow("Byline", self.byline)
        form.addRow("Published", self.published)
        form.addRow("Address (url)", self.url)
        file_row = QHBoxLayout()
        file_row.addWidget(self.open_button)
        file_row.addWidget(self.file_label, 1)

        self.banner = Banner(theme, self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Add article")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(file_row)
        layout.addLayout(form)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.banner)
        layout.addWidget(self.buttons)
        self.resize(820, 700)
        apply_theme(self, theme)
        self.title.textChanged.connect(self._update)
        self.body.textChanged.connect(self._update)
        self._update()

    @Slot()
    def _update(self) -> None:
        self.save_button.setEnabled(bool(self.title.text().strip() and verbatim_text(self.body).strip()))

    @Slot()
    def choose_file(self) -> None:
        patterns = " ".join(f"*{s}" for s in ARTICLE_FILE_SUFFIXES)
        path, _ = QFileDialog.getOpenFileName(self, "Open an article", "", f"Articles ({patterns})")
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> None:
        """Read a .txt, .md or .yaml file (worker thread) into the form."""
        self.banner.clear_message()
        self.file_label.setText(f"Reading {path.name}…")
        read_article_draft(self._ctx, path=path).success(lambda d: self._fill(d, path)).failure(
            lambda exc: self._read_failed(path, exc)
        ).run()

    def _read_failed(self, path: Path, exc: BaseException) -> None:
        from desktop.operations import user_message

        self.file_label.setText("")
        self.banner.show_message(f"Could not read {path.name}: {user_message(exc)}")

    def _fill(self, draft: ArticleDraft, path: Path) -> None:
        self._draft = draft if (draft.article_id or draft.annotations) else None
        self.title.setText(draft.title)
        self.body.setPlainText(draft.body)
        for field, value in (
            (self.outlet, draft.outlet), (self.byline, draft.byline),
            (self.published, draft.published), (self.url, draft.url),
        ):
            if value:
                field.setText(value)
        extra = f", with {len(draft.annotations)} annotation(s)" if draft.annotations else ""
        self.file_label.setText(f"From {path.name}{extra}. Check the fields below.")

    @Slot()
    def save(self) -> None:
        """Add the article (undoable); closes the dialog when done."""
        if not self.save_button.isEnabled():
            return
        self.banner.clear_message()
        draft = self._draft

        def opt(line: QLineEdit) -> str | None:
            return line.text().strip() or None

        self._undo.perform(
            create_article(
                self._ctx, title=self.title.text(), body=verbatim_text(self.body), outlet=opt(self.outlet),
                published=opt(self.published), url=opt(self.url), byline=opt(self.byline),
                article_id=draft.article_id if draft else None,
                annotations=draft.annotations if draft else (),
            ),
            AddArticleCommand,
            on_done=self._saved,
            on_error=self.banner.show_message,
        )

    def _saved(self, article: ArticleRecord) -> None:
        self.result_article = article
        self.accept()
