"""The reader: one article with its annotations highlighted, in a read-only QTextBrowser.

How it draws (research/annotation-anchors.md §A7): the body goes in as plain text, one block per
paragraph (never parsed as HTML); annotation ranges are converted from code points to UTF-16
document positions by `BodyMap`, flattened into non-overlapping segments, and each segment gets
one merged char format — tint of its top annotation, that category's underline style and colour,
an overline where two or more annotations overlap, and the covering ids in a user property — all
with one QTextCursor inside one edit block. ExtraSelections are used only for the current
annotation and the brief flash when it is selected, so repaint cost stays flat with thousands of
highlights. Orphaned annotations are never highlighted (the annotation panel lists them).

Keys inside the view: `]` / Alt+Down next annotation, `[` / Alt+Up previous, Return activates the
current one, Ctrl+= / Ctrl+- / Ctrl+0 zoom (Ctrl+wheel too).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Collection, Iterable, Mapping
from types import MappingProxyType

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextLength,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QTextBrowser, QTextEdit, QToolTip, QVBoxLayout, QWidget

from corpus.readability import reading_stats
from corpus.records import AnnotationRecord, ArticleRecord
from corpus.vocabulary import CATEGORIES
from desktop.markdown import first_line
from desktop.theme import LIGHT, Theme, apply_theme, reading_font, ui_font
from desktop.views.highlighting import BodyMap, Span, flatten_segments
from desktop.views.labels import category_label, format_date, http_url, is_highlightable

__all__ = ["ReaderView"]

_EMPTY: Mapping[str, str] = MappingProxyType({})
# A stretch of ordinary English, to measure the average character width of the reading font.
_MEASURE = "The quick brown fox jumps over the lazy dog, and a treaty was signed in Pyongyang. "
_LineHeight = QTextBlockFormat.LineHeightTypes


def _merged_ranges(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted ranges with touching or overlapping ones joined."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _open_http_url(url: QUrl) -> bool:
    return QDesktopServices.openUrl(url)


class ReaderView(QWidget):
    """One article, its header and its highlighted annotations.

    Constructor: `ReaderView(parent=None, *, theme=LIGHT, base_point_size=13.0,
    chars_per_line=70, open_url=QDesktopServices.openUrl)`. `open_url` is called for http(s)
    links only (the source link in the header).
    """

    annotation_activated = Signal(str)  # a highlight was clicked (or Return on the current one)
    annotation_hovered = Signal(str)  # the top annotation under the mouse; "" when none
    current_annotation_changed = Signal(str)  # by click, keys or select_annotation; "" cleared
    zoom_changed = Signal(float)

    IDS_PROPERTY = int(QTextFormat.Property.UserProperty) + 1  # list[str]: ids covering the char
    TOP_ID_PROPERTY = int(QTextFormat.Property.UserProperty) + 2  # str: the top-priority id
    FLASH_MS = 600
    ZOOM_STEPS: tuple[float, ...] = (0.7, 0.8, 0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0, 2.4, 3.0)
    MIN_SIDE_MARGIN = 28.0

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        theme: Theme = LIGHT,
        base_point_size: float = 13.0,
        chars_per_line: int = 70,
        open_url: Callable[[QUrl], object] = _open_http_url,
    ) -> None:
        super().__init__(parent)
        self._theme = theme
        self._base_point_size = base_point_size
        self._chars_per_line = chars_per_line
        self._open_url = open_url
        self._zoom_index = self.ZOOM_STEPS.index(1.0)

        self._article: ArticleRecord | None = None
        self._statuses: Mapping[str, str] = _EMPTY
        self._summary = ""
        self._by_id: dict[str, AnnotationRecord] = {}
        self._spans: dict[str, Span] = {}  # every highlightable annotation, document positions
        self._hidden_categories: set[str] = set()
        self._id_filter: frozenset[str] | None = None
        self._visible: list[str] = []  # ids in reading order
        self._current: str | None = None
        self._hovered = ""
        self._press_pos: QPoint | None = None
        self._map = BodyMap("")
        self._body_stats: tuple[int, float | None] = (0, None)
        self._formatted: list[tuple[int, int]] = []  # document ranges carrying highlight formats
        self._category_formats: dict[str, QTextCharFormat] = {}

        self._browser = QTextBrowser(self)
        self._browser.setReadOnly(True)
        self._browser.setOpenLinks(False)
        self._browser.setUndoRedoEnabled(False)
        self._browser.setAccessibleName("Article text")
        self._browser.setAccessibleDescription(
            "The article with its annotations highlighted. Press ] or Alt+Down for the next "
            "annotation, [ or Alt+Up for the previous one, Return to open it; Ctrl+= and Ctrl+- zoom."
        )
        self._browser.anchorClicked.connect(self._on_anchor_clicked)
        self._browser.viewport().setMouseTracking(True)
        self._browser.installEventFilter(self)
        self._browser.viewport().installEventFilter(self)

        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.setInterval(self.FLASH_MS)
        self._flash_timer.timeout.connect(self._end_flash)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._browser)
        self.setFocusProxy(self._browser)
        self.setAccessibleName("Reader")
        self.setAccessibleDescription("Reads one article with its source-checked annotations.")

        apply_theme(self, theme)
        self._rebuild()

    # ------------------------------------------------------------------ public API

    @property
    def browser(self) -> QTextBrowser:
        """The QTextBrowser that shows the article (for focus handling and tests)."""
        return self._browser

    def article(self) -> ArticleRecord | None:
        """The article on show, if any."""
        return self._article

    def theme(self) -> Theme:
        """The current theme."""
        return self._theme

    def set_article(
        self,
        article: ArticleRecord | None,
        *,
        statuses: Mapping[str, str] = _EMPTY,
        summary: str = "",
    ) -> None:
        """Show `article` (None clears the view). `statuses` maps annotation id → check status
        ("checked", "warnings", "errors", "orphaned"), shown in the hover note; `summary` is the
        check summary line under the header, e.g. "24 annotations · 5 inaccurate · all anchored".
        """
        self._article = article
        self._statuses = MappingProxyType(dict(statuses))
        self._summary = summary
        self._by_id = {a.id: a for a in article.annotations} if article else {}
        # Computed once per article, not on every zoom or theme rebuild.
        stats = reading_stats(article.body) if article else None
        self._body_stats = (stats.minutes(), stats.grade) if stats else (0, None)
        self._id_filter = None
        self._flash_timer.stop()
        had_current = self._current is not None
        self._current = None
        self._rebuild()
        self._browser.verticalScrollBar().setValue(0)
        if had_current:
            self.current_annotation_changed.emit("")

    def set_summary(self, summary: str) -> None:
        """Replace the check summary line under the header."""
        if summary != self._summary:
            self._summary = summary
            self._rebuild(keep_position=True)

    def set_statuses(self, statuses: Mapping[str, str]) -> None:
        """Replace the check status per annotation (used by the hover note)."""
        self._statuses = MappingProxyType(dict(statuses))

    def set_category_visible(self, category: str, visible: bool) -> None:
        """Show or hide the highlights of one category."""
        if visible == (category not in self._hidden_categories):
            return
        if visible:
            self._hidden_categories.discard(category)
        else:
            self._hidden_categories.add(category)
        self._refresh_highlights()

    def is_category_visible(self, category: str) -> bool:
        """Whether the highlights of `category` are shown."""
        return category not in self._hidden_categories

    def set_annotation_filter(self, ids: Collection[str] | None) -> None:
        """Highlight only these annotation ids (class mode reveals them one by one); None = all."""
        new = None if ids is None else frozenset(ids)
        if new != self._id_filter:
            self._id_filter = new
            self._refresh_highlights()

    def visible_annotations(self) -> list[str]:
        """Ids of the highlighted annotations, in reading order."""
        return list(self._visible)

    def highlight_ranges(self) -> list[tuple[str, int, int]]:
        """(annotation id, Qt start, Qt end) of each highlighted annotation, in reading order."""
        return [(i, self._spans[i].start, self._spans[i].end) for i in self._visible]

    def document_range(self, annotation_id: str) -> tuple[int, int] | None:
        """Qt document [start, end) of a highlightable annotation, hidden or not."""
        span = self._spans.get(annotation_id)
        return (span.start, span.end) if span else None

    def body_map(self) -> BodyMap:
        """The body code point ↔ document position table of the article on show."""
        return self._map

    def selected_body_range(self) -> tuple[int, int] | None:
        """The user's text selection as body code points [start, end), or None (for authoring)."""
        cursor = self._browser.textCursor()
        if not cursor.hasSelection() or not self._map.paragraphs:
            return None
        start = max(cursor.selectionStart(), self._map.first_position)
        end = min(cursor.selectionEnd(), self._map.doc_end)
        if end <= start:
            return None
        return self._map.to_body(start), self._map.to_body(end)

    def annotation_ids_at(self, viewport_pos: QPoint) -> tuple[str, ...]:
        """Ids covering the character under a viewport point, top priority first."""
        position = self._char_position_at(viewport_pos)
        return () if position is None else self.annotation_ids_at_position(position)

    def annotation_ids_at_position(self, position: int) -> tuple[str, ...]:
        """Ids covering the character at document `position`, read from its char format."""
        document = self._browser.document()
        if not 0 <= position < document.characterCount() - 1:
            return ()
        cursor = QTextCursor(document)
        cursor.setPosition(position + 1)  # charFormat() is the format of the char before
        value = cursor.charFormat().property(self.IDS_PROPERTY)
        return tuple(value) if value else ()

    def current_annotation(self) -> str | None:
        """The current (last selected or clicked) annotation, if any."""
        return self._current

    def select_annotation(self, annotation_id: str) -> bool:
        """Scroll to a highlighted annotation, make it current and flash it. False if not shown."""
        if annotation_id not in self._visible:
            return False
        self._set_current(annotation_id)
        self._start_flash()
        self._scroll_to(annotation_id)
        return True

    def clear_selection(self) -> None:
        """Forget the current annotation."""
        self._set_current(None)

    def next_annotation(self) -> str | None:
        """Select the next highlighted annotation in reading order (the first if none is current)."""
        if not self._visible:
            return None
        if self._current in self._visible:
            index = self._visible.index(self._current) + 1
            if index >= len(self._visible):
                return None
        else:
            index = 0
        self.select_annotation(self._visible[index])
        return self._visible[index]

    def previous_annotation(self) -> str | None:
        """Select the previous highlighted annotation (the last if none is current)."""
        if not self._visible:
            return None
        if self._current in self._visible:
            index = self._visible.index(self._current) - 1
            if index < 0:
                return None
        else:
            index = len(self._visible) - 1
        self.select_annotation(self._visible[index])
        return self._visible[index]

    @Slot()
    def zoom_in(self) -> None:
        """One zoom step larger (Ctrl+=)."""
        self.set_zoom_index(self._zoom_index + 1)

    @Slot()
    def zoom_out(self) -> None:
        """One zoom step smaller (Ctrl+-)."""
        self.set_zoom_index(self._zoom_index - 1)

    @Slot()
    def zoom_reset(self) -> None:
        """Back to 100 % (Ctrl+0)."""
        self.set_zoom_index(self.ZOOM_STEPS.index(1.0))

    def set_zoom_index(self, index: int) -> None:
        """Zoom to ZOOM_STEPS[index] (clamped), keeping the top visible line in place."""
        index = min(max(index, 0), len(self.ZOOM_STEPS) - 1)
        if index != self._zoom_index:
            self._zoom_index = index
            self._rebuild(keep_position=True)
            self.zoom_changed.emit(self.zoom_factor())

    def zoom_factor(self) -> float:
        """The current zoom factor (1.0 = 100 %)."""
        return self.ZOOM_STEPS[self._zoom_index]

    def point_size(self) -> float:
        """The body text size in points, zoom included."""
        return self._base_point_size * self.zoom_factor()

    def set_theme(self, theme: Theme) -> None:
        """Switch to `theme` (palette, style sheet and highlight colours)."""
        if theme == self._theme:
            return
        self._theme = theme
        apply_theme(self, theme)
        self._rebuild(keep_position=True)

    # ------------------------------------------------------------------ building

    def _rebuild(self, *, keep_position: bool = False) -> None:
        anchor = self._top_position() if keep_position else None
        # Build and format a detached document, then swap it in: edits to the document on show
        # would make the browser re-layout as they happen, several times slower than one swap.
        document = QTextDocument(self._browser)
        document.setUndoRedoEnabled(False)
        document.setDocumentMargin(0)
        self._build_document(document)
        self._category_formats = self._make_category_formats()
        self._apply_highlights(document)
        self._browser.setDocument(document)  # deletes the previous one (a child of the browser)
        self._update_extra_selections()
        # The browser's own cursor was carried along by the insertions to the end of the text;
        # left there, QTextEdit would scroll to it on the next resize.
        cursor = QTextCursor(self._browser.document())
        cursor.setPosition(min(anchor or 0, self._browser.document().characterCount() - 1))
        self._browser.setTextCursor(cursor)
        if anchor is not None:
            self._scroll_position_to_top(anchor)
        else:
            self._browser.verticalScrollBar().setValue(0)

    def _build_document(self, document: QTextDocument) -> None:
        self._formatted = []
        body_font = reading_font(self.point_size())
        document.setDefaultFont(body_font)
        self._browser.setFont(body_font)
        self._update_margins(document, force=True)
        theme = self._theme
        size = self.point_size()
        metrics = QFontMetricsF(body_font)

        cursor = QTextCursor(document)
        cursor.beginEditBlock()
        article = self._article
        if article is None:
            muted = QTextCharFormat()
            muted.setForeground(QColor(theme.muted))
            muted.setFont(ui_font(size))
            cursor.insertText("No article open.", muted)
            cursor.endEditBlock()
            self._map = BodyMap("")
            self._spans = {}
            return

        # Header: title, meta line (with the source link), summary, a rule.
        title_block = QTextBlockFormat()
        title_block.setLineHeight(118, _LineHeight.ProportionalHeight.value)
        title_block.setBottomMargin(metrics.height() * 0.45)
        title_format = QTextCharFormat()
        title_format.setFont(reading_font(size * 1.75))
        title_format.setFontWeight(QFont.Weight.Bold)
        title_format.setForeground(QColor(theme.text))
        cursor.setBlockFormat(title_block)
        cursor.insertText(article.title or "Untitled", title_format)

        meta_format = QTextCharFormat()
        meta_format.setFont(ui_font(size * 0.78))
        meta_format.setForeground(QColor(theme.muted))
        meta_block = QTextBlockFormat()
        meta_block.setLineHeight(140, _LineHeight.ProportionalHeight.value)
        cursor.insertBlock(meta_block, meta_format)
        for i, (text, href) in enumerate(self._meta_parts(article)):
            if i:
                cursor.insertText(" · ", meta_format)
            if href:
                link = QTextCharFormat(meta_format)
                link.setAnchor(True)
                link.setAnchorHref(href)
                link.setForeground(QColor(theme.link))
                link.setFontUnderline(True)
                link.setToolTip(href)
                cursor.insertText(text, link)
            else:
                cursor.insertText(text, meta_format)

        if self._summary:
            summary_block = QTextBlockFormat()
            summary_block.setTopMargin(metrics.height() * 0.25)
            summary_format = QTextCharFormat()
            summary_format.setFont(ui_font(size * 0.78, weight=QFont.Weight.DemiBold))
            summary_format.setForeground(QColor(theme.text))
            cursor.insertBlock(summary_block, summary_format)
            cursor.insertText(self._summary, summary_format)

        # An empty block drawn as a rule; the rule takes its colour from the block background.
        rule = QTextBlockFormat()
        rule.setProperty(
            QTextFormat.Property.BlockTrailingHorizontalRulerWidth,
            QTextLength(QTextLength.Type.PercentageLength, 100),
        )
        rule.setBackground(QColor(theme.border))
        rule.setTopMargin(metrics.height() * 0.5)
        rule.setBottomMargin(metrics.height() * 0.9)
        rule_format = QTextCharFormat()
        rule_format.setFontPointSize(max(1.0, size * 0.3))
        cursor.insertBlock(rule, rule_format)

        # Body: one block per paragraph, plain text only.
        body_block = QTextBlockFormat()
        body_block.setLineHeight(150, _LineHeight.ProportionalHeight.value)
        body_block.setBottomMargin(metrics.height() * 0.85)
        self._map = BodyMap(article.body, first_position=cursor.position() + 1)
        if self._map.paragraphs:
            cursor.insertBlock(body_block, QTextCharFormat())
            # One call for the whole body: insertText starts a new block (with the current block
            # format) at each U+2029, and the paragraphs themselves contain none (BodyMap).
            cursor.insertText("\u2029".join(p.doc_text for p in self._map.paragraphs))
            if cursor.position() != self._map.doc_end:
                raise AssertionError("the body map is out of step with the document")
        cursor.endEditBlock()

        # Document ranges of every annotation that can be highlighted.
        rank = {c: i for i, c in enumerate(CATEGORIES)}
        spans = {}
        for annotation in article.annotations:
            if not is_highlightable(annotation) or annotation.position.end > len(article.body):
                continue
            start, end = self._map.to_doc_range(annotation.position.start, annotation.position.end)
            if end > start:
                spans[annotation.id] = Span(
                    annotation.id, start, end, rank.get(annotation.category, 99)
                )
        self._spans = spans

    def _meta_parts(self, article: ArticleRecord) -> list[tuple[str, str | None]]:
        parts: list[tuple[str, str | None]] = []
        if article.outlet:
            parts.append((article.outlet, None))
        if article.byline:
            parts.append((f"By {article.byline}", None))
        parts.append((format_date(article.published), None))
        minutes, grade = self._body_stats
        parts.append((f"{max(minutes, 1)} min read", None))
        if grade is not None:
            parts.append((f"Reading grade {max(1, round(grade))}", None))
        url = http_url(article.url)
        if url:
            parts.append(("Original\u00a0↗", url))
        return parts

    def _make_category_formats(self) -> dict[str, QTextCharFormat]:
        formats = {}
        for annotation in self._by_id.values():
            if annotation.category in formats:
                continue
            style = self._theme.category(annotation.category)
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(style.tint))
            fmt.setUnderlineStyle(style.underline_style)
            fmt.setUnderlineColor(QColor(style.underline))
            if style.italic:
                fmt.setFontItalic(True)
            formats[annotation.category] = fmt
        return formats

    def _refresh_highlights(self) -> None:
        """Re-apply the highlights after a toggle or filter change, and the current mark."""
        self._apply_highlights(self._browser.document())
        if self._current is not None and self._current not in self._visible:
            self._set_current(None)
        else:
            self._update_extra_selections()

    def _apply_highlights(self, document: QTextDocument) -> None:
        """Format every visible segment (one cursor, one edit block) and list the visible ids."""
        shown = [
            span
            for span in self._spans.values()
            if self._by_id[span.id].category not in self._hidden_categories
            and (self._id_filter is None or span.id in self._id_filter)
        ]
        shown.sort(key=lambda s: (s.start, s.end, s.id))
        self._visible = [s.id for s in shown]
        if self._article is not None and self._map.paragraphs:
            cursor = QTextCursor(document)
            cursor.beginEditBlock()
            # Clear only what the last pass formatted: clearing the whole body would re-layout
            # all of it, doubling the cost of opening an article.
            for start, end in self._formatted:
                cursor.setPosition(start)
                cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
                cursor.setCharFormat(QTextCharFormat())
            segments = flatten_segments(shown)
            self._formatted = _merged_ranges((seg.start, seg.end) for seg in segments)
            for segment in segments:
                fmt = QTextCharFormat(self._category_formats[self._by_id[segment.ids[0]].category])
                if len(segment.ids) > 1:
                    fmt.setFontOverline(True)
                fmt.setProperty(self.IDS_PROPERTY, list(segment.ids))
                fmt.setProperty(self.TOP_ID_PROPERTY, segment.ids[0])
                cursor.setPosition(segment.start)
                cursor.setPosition(segment.end, QTextCursor.MoveMode.KeepAnchor)
                cursor.mergeCharFormat(fmt)
            cursor.endEditBlock()

    # ------------------------------------------------------------------ current + flash

    def _set_current(self, annotation_id: str | None) -> None:
        changed = annotation_id != self._current
        self._current = annotation_id
        if annotation_id is None:
            self._flash_timer.stop()
        self._update_extra_selections()
        if changed:
            self.current_annotation_changed.emit(annotation_id or "")

    def _start_flash(self) -> None:
        self._flash_timer.start()
        self._update_extra_selections()

    @Slot()
    def _end_flash(self) -> None:
        self._update_extra_selections()

    def is_flashing(self) -> bool:
        """True while the brief selection flash is on screen."""
        return self._flash_timer.isActive()

    def _update_extra_selections(self) -> None:
        selections = []
        span = self._spans.get(self._current) if self._current else None
        if span is not None and self._current in self._visible:
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self._browser.document())
            cursor.setPosition(span.start)
            cursor.setPosition(span.end, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            fmt = QTextCharFormat()
            style = self._theme.category(self._by_id[self._current].category)
            if self._flash_timer.isActive():
                fmt.setBackground(QColor(style.flash))
                fmt.setForeground(QColor(style.flash_text))
            else:
                fmt.setBackground(QColor(style.focus))
                fmt.setForeground(QColor(self._theme.text))
            selection.format = fmt
            selections.append(selection)
        self._browser.setExtraSelections(selections)

    # ------------------------------------------------------------------ geometry + scrolling

    def _update_margins(
        self, document: QTextDocument | None = None, *, force: bool = False
    ) -> None:
        """Centre a column of about `chars_per_line` characters in the viewport."""
        if document is None:
            document = self._browser.document()
        metrics = QFontMetricsF(document.defaultFont())
        column = metrics.horizontalAdvance(_MEASURE) / len(_MEASURE) * self._chars_per_line
        width = self._browser.viewport().width()
        side = max(self.MIN_SIDE_MARGIN, (width - column) / 2)
        frame = document.rootFrame()
        fmt = frame.frameFormat()
        if not force and abs(fmt.leftMargin() - side) < 0.5:
            return
        fmt.setLeftMargin(side)
        fmt.setRightMargin(side)
        fmt.setTopMargin(metrics.height() * 1.6)
        fmt.setBottomMargin(metrics.height() * 3)
        frame.setFrameFormat(fmt)

    def _top_position(self) -> int | None:
        if self._article is None:
            return None
        return self._browser.cursorForPosition(
            QPoint(int(self._browser.viewport().width() / 2), 4)
        ).position()

    def _scroll_position_to_top(self, position: int) -> None:
        cursor = QTextCursor(self._browser.document())
        cursor.setPosition(min(position, self._browser.document().characterCount() - 1))
        bar = self._browser.verticalScrollBar()
        bar.setValue(bar.value() + self._browser.cursorRect(cursor).top() - 4)

    def _scroll_to(self, annotation_id: str) -> None:
        """Bring an annotation into the upper-middle of the viewport unless it is already well in view."""
        span = self._spans[annotation_id]
        document = self._browser.document()
        start = QTextCursor(document)
        start.setPosition(span.start)
        end = QTextCursor(document)
        end.setPosition(span.end)
        top = self._browser.cursorRect(start).top()
        bottom = self._browser.cursorRect(end).bottom()
        height = self._browser.viewport().height()
        if top >= height * 0.1 and bottom <= height * 0.9:
            return
        bar = self._browser.verticalScrollBar()
        bar.setValue(bar.value() + top - int(height * 0.3))

    # ------------------------------------------------------------------ events

    def _char_position_at(self, viewport_pos: QPoint) -> int | None:
        """The document position of the character under a viewport point, or None off text."""
        document = self._browser.document()
        offset = QPointF(
            self._browser.horizontalScrollBar().value(), self._browser.verticalScrollBar().value()
        )
        boundary = document.documentLayout().hitTest(
            QPointF(viewport_pos) + offset, Qt.HitTestAccuracy.ExactHit
        )
        if boundary < 0:
            return None
        cursor = QTextCursor(document)
        cursor.setPosition(boundary)
        rect = self._browser.cursorRect(cursor)
        if viewport_pos.x() >= rect.x():
            return boundary if boundary < document.characterCount() - 1 else None
        return boundary - 1 if boundary > 0 else None

    def hover_text(self, ids: tuple[str, ...]) -> str:
        """The hover note for annotations (top first): category, verdict, check, the note's first line."""
        parts = []
        for annotation_id in ids[:3]:
            annotation = self._by_id.get(annotation_id)
            if annotation is None:
                continue
            words = [f"<b>{html.escape(category_label(annotation.category))}</b>"]
            if annotation.verdict:
                words.append(html.escape(self._theme.verdict(annotation.verdict).text))
            status = self._statuses.get(annotation_id)
            if status:
                words.append(html.escape(self._theme.status(status).text))
            line = html.escape(first_line(annotation.note))
            parts.append(" · ".join(words) + (f"<br>{line}" if line else ""))
        if len(ids) > 3:
            parts.append(f"… and {len(ids) - 3} more")
        return "<p style='white-space:pre-wrap'>" + "<br><br>".join(parts) + "</p>" if parts else ""

    def _activate_at(self, viewport_pos: QPoint) -> bool:
        ids = self.annotation_ids_at(viewport_pos)
        if not ids:
            return False
        # Clicking again inside overlapping highlights steps through the annotations covering it.
        if self._current in ids:
            chosen = ids[(ids.index(self._current) + 1) % len(ids)]
        else:
            chosen = ids[0]
        self._set_current(chosen)
        self._start_flash()
        self.annotation_activated.emit(chosen)
        return True

    def handle_key_event(self, event: QKeyEvent) -> bool:
        """Apply the reader's keys (annotation navigation, zoom) to `event`; True if it was one."""
        key = event.key()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        alt = modifiers == Qt.KeyboardModifier.AltModifier
        plain = modifiers in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier)
        if (plain and (key == Qt.Key.Key_BracketRight or event.text() == "]")) or (
            alt and key == Qt.Key.Key_Down
        ):
            self.next_annotation()
            return True
        if (plain and (key == Qt.Key.Key_BracketLeft or event.text() == "[")) or (
            alt and key == Qt.Key.Key_Up
        ):
            self.previous_annotation()
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain and self._current:
            self.annotation_activated.emit(self._current)
            return True
        ctrl = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
        if ctrl and (
            key in (Qt.Key.Key_Equal, Qt.Key.Key_Plus)
            or event.matches(QKeySequence.StandardKey.ZoomIn)
        ):
            self.zoom_in()
            return True
        if ctrl and (
            key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore)
            or event.matches(QKeySequence.StandardKey.ZoomOut)
        ):
            self.zoom_out()
            return True
        if ctrl and key == Qt.Key.Key_0:
            self.zoom_reset()
            return True
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.handle_key_event(event):
            super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self._browser:
            return kind == QEvent.Type.KeyPress and self.handle_key_event(event)  # type: ignore[arg-type]
        if watched is not self._browser.viewport():
            return False
        if kind == QEvent.Type.Resize:
            self._update_margins()
        elif kind == QEvent.Type.MouseButtonPress:
            mouse: QMouseEvent = event  # type: ignore[assignment]
            self._press_pos = (
                mouse.position().toPoint() if mouse.button() == Qt.MouseButton.LeftButton else None
            )
        elif kind == QEvent.Type.MouseButtonRelease:
            mouse = event  # type: ignore[assignment]
            pos = mouse.position().toPoint()
            pressed, self._press_pos = self._press_pos, None
            if (
                pressed is not None
                and mouse.button() == Qt.MouseButton.LeftButton
                and (pos - pressed).manhattanLength() < QApplication.startDragDistance()
                and not self._browser.textCursor().hasSelection()
            ):
                self._activate_at(pos)
        elif kind == QEvent.Type.MouseMove:
            mouse = event  # type: ignore[assignment]
            ids = self.annotation_ids_at(mouse.position().toPoint())
            top = ids[0] if ids else ""
            if top != self._hovered:
                self._hovered = top
                if top:
                    self._browser.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
                else:
                    self._browser.viewport().unsetCursor()
                self.annotation_hovered.emit(top)
        elif kind == QEvent.Type.Leave:
            if self._hovered:
                self._hovered = ""
                self._browser.viewport().unsetCursor()
                self.annotation_hovered.emit("")
        elif kind == QEvent.Type.ToolTip:
            pos = event.pos()  # type: ignore[attr-defined]
            text = self.hover_text(self.annotation_ids_at(pos))
            if text:
                QToolTip.showText(event.globalPos(), text, self._browser.viewport())  # type: ignore[attr-defined]
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        elif kind == QEvent.Type.Wheel:
            wheel: QWheelEvent = event  # type: ignore[assignment]
            if wheel.modifiers() & Qt.KeyboardModifier.ControlModifier:
                delta = wheel.angleDelta().y()
                if delta > 0:
                    self.zoom_in()
                elif delta < 0:
                    self.zoom_out()
                return True
        return False

    @Slot(QUrl)
    def _on_anchor_clicked(self, url: QUrl) -> None:
        if http_url(url.toString()):
            self._open_url(url)
