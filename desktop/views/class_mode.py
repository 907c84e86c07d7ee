"""Class mode: an article on the projector, its annotations revealed one at a time.

The teacher reads with the class; each press of Space (or Right, Page Down — what presenter
remotes send) reveals the next annotation in reading order, scrolls to it and shows its note
large beside the text; Backspace (or Left, Page Up) hides the last one again. Up/Down scroll,
Ctrl+= / Ctrl+- zoom, Esc asks to leave (`exit_requested`). The caller decides on full screen
(`showFullScreen()`), so the view also works in a window.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from PySide6.QtCore import QSize, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QFont, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QSplitter, QVBoxLayout, QWidget

from corpus.records import AnnotationRecord, ArticleRecord
from desktop.markdown import markdown_to_html
from desktop.theme import LIGHT, Theme, apply_theme, chip_style_sheet, reading_font, ui_font
from desktop.views.annotation_panel import clear_layout
from desktop.views.labels import http_url, in_reading_order, is_highlightable
from desktop.views.legend import swatch_pixmap
from desktop.views.reader import ReaderView

__all__ = ["ClassModeView"]

_EMPTY: Mapping[str, str] = MappingProxyType({})


def _open_url(url: QUrl) -> bool:
    return QDesktopServices.openUrl(url)


class ClassModeView(QWidget):
    """A projector view of one article that reveals its annotations one by one.

    Constructor: `ClassModeView(parent=None, *, theme=LIGHT, base_point_size=20.0,
    open_url=QDesktopServices.openUrl)`.
    """

    exit_requested = Signal()
    annotation_revealed = Signal(str)  # the newest revealed annotation; "" when all are hidden

    REVEAL_KEYS = (Qt.Key.Key_Space, Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_N)
    HIDE_KEYS = (Qt.Key.Key_Backspace, Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_P)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        theme: Theme = LIGHT,
        base_point_size: float = 20.0,
        open_url: Callable[[QUrl], object] = _open_url,
    ) -> None:
        super().__init__(parent)
        self._theme = theme
        self._open_url = open_url
        self._base_point_size = base_point_size
        self._article: ArticleRecord | None = None
        self._order: list[AnnotationRecord] = []
        self._revealed: list[str] = []
        self._statuses: Mapping[str, str] = _EMPTY

        self._reader = ReaderView(
            self, theme=theme, base_point_size=base_point_size, chars_per_line=58, open_url=open_url
        )
        self._reader.browser.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._reader.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._reader.annotation_activated.connect(self._show_note_for)
        self._reader.set_annotation_filter(())

        self._progress = QLabel(self)
        self._progress.setTextFormat(Qt.TextFormat.PlainText)
        self._progress.setFont(ui_font(base_point_size * 0.6, weight=QFont.Weight.DemiBold))
        self._progress.setAccessibleName("Progress")
        hints = QLabel("Space: next   ·   Backspace: back   ·   Esc: leave class mode", self)
        hints.setTextFormat(Qt.TextFormat.PlainText)
        hints.setProperty("role", "muted")
        hints.setFont(ui_font(base_point_size * 0.5))

        self._note_box = QWidget()
        self._note_layout = QVBoxLayout(self._note_box)
        self._note_layout.setContentsMargins(28, 28, 28, 28)
        self._note_layout.setSpacing(14)
        note_scroll = QScrollArea(self)
        note_scroll.setWidgetResizable(True)
        note_scroll.setWidget(self._note_box)
        note_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        note_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        note_scroll.setAccessibleName("Current annotation")

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self._reader)
        splitter.addWidget(note_scroll)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        self._splitter = splitter
        self._split_done = False

        bar = QHBoxLayout()
        bar.setContentsMargins(24, 10, 24, 10)
        bar.addWidget(self._progress)
        bar.addStretch(1)
        bar.addWidget(hints)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Class mode")
        self.setAccessibleDescription(
            "Projector view. Space reveals the next annotation, Backspace hides the last, Escape leaves."
        )
        apply_theme(self, theme)
        self._update()

    # ------------------------------------------------------------------ public API

    @property
    def reader(self) -> ReaderView:
        """The reader showing the article."""
        return self._reader

    def set_article(
        self, article: ArticleRecord | None, *, statuses: Mapping[str, str] = _EMPTY
    ) -> None:
        """Show `article` with every annotation hidden."""
        self._article = article
        self._statuses = MappingProxyType(dict(statuses))
        self._order = (
            [a for a in in_reading_order(article.annotations) if is_highlightable(a)]
            if article
            else []
        )
        self._revealed = []
        self._reader.set_article(article, statuses=statuses)
        self._reader.set_annotation_filter(())
        self._update()

    def order(self) -> list[str]:
        """Ids in the order they are revealed (reading order; orphaned annotations are skipped)."""
        return [a.id for a in self._order]

    def revealed_ids(self) -> list[str]:
        """Ids revealed so far, in order."""
        return list(self._revealed)

    @Slot()
    def reveal_next(self) -> str | None:
        """Reveal the next annotation; returns its id, or None when all are revealed."""
        if len(self._revealed) >= len(self._order):
            return None
        annotation = self._order[len(self._revealed)]
        self._revealed.append(annotation.id)
        self._reader.set_annotation_filter(self._revealed)
        self._reader.select_annotation(annotation.id)
        self._update()
        self.annotation_revealed.emit(annotation.id)
        return annotation.id

    @Slot()
    def hide_last(self) -> str | None:
        """Hide the most recently revealed annotation; returns its id, or None if none was shown."""
        if not self._revealed:
            return None
        hidden = self._revealed.pop()
        self._reader.set_annotation_filter(self._revealed)
        if self._revealed:
            self._reader.select_annotation(self._revealed[-1])
        self._update()
        self.annotation_revealed.emit(self._revealed[-1] if self._revealed else "")
        return hidden

    def set_theme(self, theme: Theme) -> None:
        """Restyle in `theme` (a dark theme often projects better in a dim room)."""
        self._theme = theme
        apply_theme(self, theme)
        self._reader.set_theme(theme)
        self._update()

    # ------------------------------------------------------------------ events

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self._split_done and self.width() > 200:
            # Text three fifths, note two fifths, until the teacher drags the handle.
            self._split_done = True
            total = max(1, self._splitter.width() or self.width())
            self._splitter.setSizes([total * 3 // 5, total - total * 3 // 5])

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            if not self._reader.handle_key_event(event):  # zoom keys, same rules as the reader
                super().keyPressEvent(event)
            return
        if key in self.REVEAL_KEYS:
            self.reveal_next()
        elif key in self.HIDE_KEYS:
            self.hide_last()
        elif key == Qt.Key.Key_Escape:
            self.exit_requested.emit()
        elif key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            bar = self._reader.browser.verticalScrollBar()
            step = bar.singleStep() * 3
            bar.setValue(bar.value() + (step if key == Qt.Key.Key_Down else -step))
        else:
            super().keyPressEvent(event)

    # ------------------------------------------------------------------ internals

    def _update(self) -> None:
        total = len(self._order)
        shown = len(self._revealed)
        if self._article is None:
            self._progress.setText("No article")
        elif total == 0:
            self._progress.setText("This article has no annotations to reveal")
        else:
            self._progress.setText(
                f"Annotation {shown} of {total}" if shown else f"{total} annotations to reveal"
            )
        current = self._revealed[-1] if self._revealed else None
        self._show_note_for(current or "")

    @Slot(str)
    def _show_note_for(self, annotation_id: str) -> None:
        clear_layout(self._note_layout)
        record = next((a for a in self._order if a.id == annotation_id), None)
        size = self._base_point_size
        theme = self._theme
        if record is None:
            waiting = QLabel(
                "Read the text together.\nPress Space to reveal the first annotation."
                if self._order
                else ""
            )
            waiting.setTextFormat(Qt.TextFormat.PlainText)
            waiting.setWordWrap(True)
            waiting.setProperty("role", "muted")
            waiting.setFont(ui_font(size * 0.8))
            self._note_layout.addStretch(1)
            self._note_layout.addWidget(waiting)
            self._note_layout.addStretch(2)
            return
        style = theme.category(record.category)
        head = QHBoxLayout()
        head.setSpacing(12)
        swatch = QLabel()
        swatch.setPixmap(
            swatch_pixmap(
                style,
                theme,
                size=QSize(int(size * 2.2), int(size * 1.3)),
                ratio=self.devicePixelRatioF(),
            )
        )
        head.addWidget(swatch)
        label = QLabel(style.label)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setFont(ui_font(size, weight=QFont.Weight.Bold))
        head.addWidget(label)
        if record.verdict:
            chip = theme.verdict(record.verdict)
            verdict = QLabel(chip.text)
            verdict.setTextFormat(Qt.TextFormat.PlainText)
            verdict.setFont(ui_font(size * 0.8, weight=QFont.Weight.Bold))
            verdict.setStyleSheet(chip_style_sheet(chip, radius=int(size * 0.7)))
            verdict.setAccessibleName(f"Verdict: {chip.word}")
            head.addWidget(verdict)
        head.addStretch(1)
        self._note_layout.addLayout(head)

        quote = QLabel(f"“{record.quote.exact}”")
        quote.setTextFormat(Qt.TextFormat.PlainText)
        quote.setWordWrap(True)
        font = reading_font(size * 0.95)
        font.setItalic(True)
        quote.setFont(font)
        # Qt's style sheets draw a lone border-left only once `border: none` has set the others.
        quote.setStyleSheet(
            f"QLabel {{ border: none; border-left: 5px solid {style.underline}; padding-left: 14px; }}"
        )
        self._note_layout.addWidget(quote)

        if record.note.strip():
            note = QLabel(markdown_to_html(record.note))
            note.setTextFormat(Qt.TextFormat.RichText)
            note.setWordWrap(True)
            note.setFont(reading_font(size))
            note.setOpenExternalLinks(False)
            note.linkActivated.connect(self._on_link)
            note.setAccessibleName("Note")
            self._note_layout.addWidget(note)
        if record.claim_reviewed:
            claim = QLabel(f"Claim as reviewed: {record.claim_reviewed}")
            claim.setTextFormat(Qt.TextFormat.PlainText)
            claim.setWordWrap(True)
            claim.setProperty("role", "muted")
            claim.setFont(ui_font(size * 0.65))
            self._note_layout.addWidget(claim)
        self._note_layout.addStretch(1)

    @Slot(str)
    def _on_link(self, link: str) -> None:
        url = http_url(link)
        if url:
            self._open_url(QUrl(url))
