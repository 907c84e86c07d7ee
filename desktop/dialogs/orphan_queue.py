"""The orphan queue: annotations whose text was edited away, waiting for a teacher.

Each shows its old quote with the context it had and its note. Re-attach it by selecting the
words in the article's current text (the reader below; the closest place the anchoring could
find, if any, is pre-selected for you to check) and pressing "Attach to selection", or delete it.
Both are undoable.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from corpus.anchoring import reanchor
from corpus.authoring import OrphanItem
from corpus.records import ArticleRecord
from desktop.dialogs.common import Banner, TwoLineDelegate, select_body_range
from desktop.events import Changes
from desktop.markdown import markdown_to_html
from desktop.operations import OpContext
from desktop.operations.authoring import (
    OrphanQueue,
    fetch_orphans,
    reattach_annotation,
    remove_annotation,
)
from desktop.theme import LIGHT, Theme, apply_theme
from desktop.undo import DeleteAnnotationCommand, ReattachCommand, UndoStack
from desktop.views.labels import category_label
from desktop.views.reader import ReaderView

__all__ = ["OrphanQueueDialog"]


class OrphanQueueDialog(QDialog):
    """The orphan queue window (non-modal). Refreshes itself on every annotation change."""

    loaded = Signal(int)  # how many orphans are listed

    def __init__(self, parent: QWidget | None = None, *, ctx: OpContext, undo: UndoStack, theme: Theme = LIGHT) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._undo = undo
        self._theme = theme
        self._items: list[OrphanItem] = []
        self._articles: dict[str, ArticleRecord] = {}
        self._shown_article: str | None = None
        self.setWindowTitle("Orphaned annotations")

        self.list = QListWidget(self)
        self.list.setAccessibleName("Orphaned annotations")
        self.list.setItemDelegate(TwoLineDelegate(theme, self.list))
        self.list.setUniformItemSizes(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.list.currentRowChanged.connect(self._on_current)
        self.empty = QLabel("No orphans: every annotation is anchored to its text.", self)
        self.empty.setWordWrap(True)
        self.empty.setProperty("role", "muted")
        self.empty.hide()

        self.heading = QLabel(self)
        self.heading.setProperty("role", "heading")
        self.old_quote = QLabel(self)
        self.old_quote.setWordWrap(True)
        self.old_quote.setTextFormat(Qt.TextFormat.RichText)
        self.old_quote.setAccessibleName("Old quote with its context")
        self.old_quote.setStyleSheet(
            f"QLabel {{ background: {theme.page}; border: 1px solid {theme.border};"
            f" border-radius: 6px; padding: 8px 10px; }}"
        )
        self.note = QTextBrowser(self)
        self.note.setAccessibleName("Note")
        self.note.setMaximumHeight(110)
        self.note.document().setDocumentMargin(6)
        self.instructions = QLabel(self)
        self.instructions.setWordWrap(True)
        self.instructions.setProperty("role", "muted")
        self.reader = ReaderView(self, theme=theme, base_point_size=11.5, chars_per_line=78)
        self.reader.browser.selectionChanged.connect(self._update_buttons)

        self.banner = Banner(theme, self)
        self.attach_button = QPushButton("Attach to selection", self)
        self.attach_button.setToolTip("Anchor the annotation to the words selected in the text above")
        self.attach_button.clicked.connect(self.attach_to_selection)
        self.delete_button = QPushButton("Delete annotation", self)
        self.delete_button.clicked.connect(self.delete_current)
        self.close_button = QPushButton("Close", self)
        self.close_button.clicked.connect(self.close)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        caption = QLabel("Waiting for you", left)
        caption.setProperty("role", "heading")
        left_layout.addWidget(caption)
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(self.empty)

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.heading)
        old_caption = QLabel("The text it was attached to, with what came before and after", right)
        old_caption.setProperty("role", "section")
        right_layout.addWidget(old_caption)
        right_layout.addWidget(self.old_quote)
        note_caption = QLabel("Note", right)
        note_caption.setProperty("role", "section")
        right_layout.addWidget(note_caption)
        right_layout.addWidget(self.note)
        right_layout.addWidget(self.instructions)
        right_layout.addWidget(self.reader, 1)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 5)
        split.setChildrenCollapsible(False)
        split.setSizes([300, 860])
        buttons = QHBoxLayout()
        buttons.addWidget(self.attach_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.banner)
        layout.addLayout(buttons)
        self.resize(1180, 760)
        apply_theme(self, theme)

        ctx.events.store_changed.connect(self._on_store_changed)
        self._show_item(None)
        self.refresh()

    # ------------------------------------------------------------------ data

    def refresh(self) -> None:
        """Reload the queue (worker thread)."""
        fetch_orphans(self._ctx).success(self._show_queue).run()

    def _show_queue(self, queue: OrphanQueue) -> None:
        current = self.current_item()
        keep = current.annotation.id if current else None
        self._items = list(queue.items)
        self._articles = dict(queue.articles)
        self._shown_article = None
        self.list.blockSignals(True)
        self.list.clear()
        for item in self._items:
            a = item.annotation
            entry = QListWidgetItem(f"“{_short(a.quote.exact, 140)}”")
            entry.setData(TwoLineDelegate.MetaRole, f"{category_label(a.category)} · {item.article_title}")
            entry.setToolTip(a.quote.exact)
            entry.setData(Qt.ItemDataRole.UserRole, a.id)
            self.list.addItem(entry)
        self.list.blockSignals(False)
        self.empty.setVisible(not self._items)
        self.list.setVisible(bool(self._items))
        row = next((i for i, it in enumerate(self._items) if it.annotation.id == keep), 0)
        if self._items:
            self.list.setCurrentRow(row)
            self._on_current(row)
        else:
            self._show_item(None)
        self.setWindowTitle(f"Orphaned annotations ({len(self._items)})")
        self.loaded.emit(len(self._items))

    def orphan_ids(self) -> list[str]:
        """Ids of the listed orphans, in order."""
        return [i.annotation.id for i in self._items]

    @Slot(object, object)
    def _on_store_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.annotations or changes.articles:
            self.refresh()

    # ------------------------------------------------------------------ current item

    def current_item(self) -> OrphanItem | None:
        row = self.list.currentRow()
        return self._items[row] if 0 <= row < len(self._items) else None

    def select_orphan(self, annotation_id: str) -> bool:
        """Make an orphan current."""
        row = next((i for i, it in enumerate(self._items) if it.annotation.id == annotation_id), -1)
        if row >= 0:
            self.list.setCurrentRow(row)
        return row >= 0

    @Slot(int)
    def _on_current(self, row: int) -> None:
        self.banner.clear_message()
        self._show_item(self._items[row] if 0 <= row < len(self._items) else None)

    def _show_item(self, item: OrphanItem | None) -> None:
        t = self._theme
        if item is None:
            self.heading.setText("")
            self.old_quote.setText(f"<span style='color:{t.muted}'>Nothing to re-attach.</span>")
            self.note.clear()
            self.instructions.setText("")
            self.reader.set_article(None)
            self._shown_article = None
            self._update_buttons()
            return
        a = item.annotation
        style = t.category(a.category)
        verdict = f" · {t.verdict(a.verdict).text}" if a.verdict else ""
        self.heading.setText(f"{html.escape(category_label(a.category))}{verdict} — {html.escape(item.article_title)}")
        self.old_quote.setText(
            f"<span style='color:{t.muted}'>…{html.escape(a.quote.prefix)}</span>"
            f"<span style='background:{style.tint}; font-weight:600; text-decoration: line-through'>"
            f"{html.escape(a.quote.exact)}</span>"
            f"<span style='color:{t.muted}'>{html.escape(a.quote.suffix)}…</span>"
        )
        self.note.setHtml(markdown_to_html(a.note) or f"<p style='color:{t.muted}'>No note.</p>")
        article = self._articles.get(item.article_id)
        if article is not None and self._shown_article != article.id:
            self.reader.set_article(article)
            self._shown_article = article.id
        guess = None
        if article is not None:
            outcome = reanchor(article.body, a.quote, a.position, annotation_id=a.id, old_length=None)
            guess = outcome.new or outcome.candidate
        if guess is not None and guess.end > guess.start:
            select_body_range(self.reader, guess.start, guess.end)
            self.instructions.setText(
                "The closest place left in the text is selected below. Check it — or select the "
                "right words yourself — then press <b>Attach to selection</b>. Or delete the annotation."
            )
        else:
            # Put the caret where the words used to be, so the passage around it is in view.
            if article is not None and article.body:
                at = min(a.position.start, len(article.body) - 1)
                select_body_range(self.reader, at, at)
            self.instructions.setText(
                "Its words are no longer in the text. Select the passage it should be attached to "
                "below, then press <b>Attach to selection</b> — or delete the annotation."
            )
        self._update_buttons()

    @Slot()
    def _update_buttons(self) -> None:
        has_item = self.current_item() is not None
        self.attach_button.setEnabled(has_item and self.reader.selected_body_range() is not None)
        self.delete_button.setEnabled(has_item)

    # ------------------------------------------------------------------ actions

    @Slot()
    def attach_to_selection(self) -> None:
        """Attach the current orphan to the reader's selection (undoable)."""
        item = self.current_item()
        span = self.reader.selected_body_range()
        if item is None or span is None:
            return
        self._undo.perform(
            reattach_annotation(self._ctx, annotation_id=item.annotation.id, start=span[0], end=span[1]),
            ReattachCommand,
            on_done=lambda r: self.banner.show_message(
                f"Attached to “{_short(r.after.quote.exact, 60)}”.", severity="info"
            ),
            on_error=self.banner.show_message,
        )

    @Slot()
    def delete_current(self) -> None:
        """Delete the current orphan (undoable)."""
        item = self.current_item()
        if item is None:
            return
        self._undo.perform(
            remove_annotation(self._ctx, annotation_id=item.annotation.id),
            DeleteAnnotationCommand,
            on_done=lambda _r: self.banner.show_message("Deleted. Undo brings it back.", severity="info"),
            on_error=self.banner.show_message,
        )


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
