"""The library sidebar: search box, filters, and either the article list or the search results.

A plain view: it shows values it is given (a LibraryView, SearchResults) and says what the user
chose through signals; the main window runs the ops. Filtering happens here, over the rows it
was given (outlet, only articles with check problems), and the list model gets the filtered rows.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QKeyEvent, QPainter, QPen, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from corpus.articles import ArticleRow
from corpus.search import SearchHit
from desktop.check_summary import ArticleCheck
from desktop.models.library import LibraryModel
from desktop.models.search_results import SearchResultModel
from desktop.operations.corpus import LibraryView, SearchResults
from desktop.theme import LIGHT, Theme, reading_font, ui_font
from desktop.views.labels import format_date
from desktop.views.text_wrap import wrap_lines

__all__ = ["LibrarySidebar"]

_Index = QModelIndex | QPersistentModelIndex


def _chip_rect_text(painter: QPainter, text: str, font: QFont, x: float, y: float,
                    background: str, foreground: str, border: str) -> float:
    """Draw a rounded chip with `text` at (x, y); returns its width."""
    metrics = QFontMetricsF(font)
    width = metrics.horizontalAdvance(text) + 14
    height = metrics.height() + 4
    rect = QRectF(x, y, width, height)
    painter.setPen(QPen(QColor(border), 1))
    painter.setBrush(QColor(background))
    painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), height / 2, height / 2)
    painter.setPen(QColor(foreground))
    painter.setFont(font)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
    return width


def _paint_frame(painter: QPainter, option: QStyleOptionViewItem, theme: Theme) -> tuple[bool, QRect]:
    rect = QRect(option.rect)
    selected = bool(option.state & QStyle.StateFlag.State_Selected)
    hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
    background = theme.selection if selected else (theme.alternate if hovered else theme.page)
    painter.fillRect(rect, QColor(background))
    if selected:
        painter.fillRect(QRect(rect.left(), rect.top(), 4, rect.height()), QColor(theme.accent))
    painter.setPen(QPen(QColor(theme.border), 1))
    painter.drawLine(rect.left(), rect.bottom(), rect.right(), rect.bottom())
    return selected, rect


def _paint_focus(painter: QPainter, option: QStyleOptionViewItem, theme: Theme) -> None:
    if option.state & QStyle.StateFlag.State_HasFocus:
        painter.setPen(QPen(QColor(theme.accent), 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(QRectF(option.rect).adjusted(1, 1, -1, -1), 4, 4)


class LibraryItemDelegate(QStyledItemDelegate):
    """Paints one article: title (up to two lines), outlet and date, count and check badge."""

    PAD = 12

    def __init__(self, parent: QWidget | None = None, *, theme: Theme = LIGHT) -> None:
        super().__init__(parent)
        self._theme = theme

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme

    @staticmethod
    def _fonts() -> tuple[QFont, QFont, QFont]:
        return (
            reading_font(11.5),
            ui_font(9),
            ui_font(8.5, weight=QFont.Weight.DemiBold),
        )

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        title, meta, chip = self._fonts()
        height = (
            QFontMetricsF(title).lineSpacing() * 2
            + 6 + QFontMetricsF(meta).lineSpacing()
            + 6 + QFontMetricsF(chip).height() + 4
            + self.PAD * 2
        )
        return QSize(100, int(height) + 1)  # the list gives every row its full width

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        row: ArticleRow | None = index.data(LibraryModel.RowRole)
        if row is None:
            return
        check: ArticleCheck | None = index.data(LibraryModel.CheckRole)
        theme = self._theme
        title_font, meta_font, chip_font = self._fonts()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        selected, rect = _paint_frame(painter, option, theme)
        x = rect.left() + self.PAD + 2
        width = rect.width() - 2 * self.PAD - 2
        y = rect.top() + self.PAD

        # Title: two lines at most, word-wrapped, elided at the end.
        title_font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(title_font)
        painter.setPen(QColor(theme.selection_text if selected else theme.text))
        tm = QFontMetricsF(title_font)
        lines = wrap_lines(row.title, title_font, width, 2)
        for i, line in enumerate(lines):
            painter.drawText(QRectF(x, y + i * tm.lineSpacing(), width, tm.lineSpacing()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, line)
        y += tm.lineSpacing() * 2 + 6

        painter.setFont(meta_font)
        painter.setPen(QColor(theme.selection_text if selected else theme.muted))
        mm = QFontMetricsF(meta_font)
        meta = f"{row.outlet or 'Outlet unknown'}  ·  {format_date(row.published)}"
        painter.drawText(QRectF(x, y, width, mm.lineSpacing()), Qt.AlignmentFlag.AlignVCenter,
                         mm.elidedText(meta, Qt.TextElideMode.ElideRight, width))
        y += mm.lineSpacing() + 6

        count = f"{row.annotations} annotation{'s' if row.annotations != 1 else ''}"
        if row.drafts:
            count += f" · {row.drafts} draft{'s' if row.drafts != 1 else ''}"
        cm = QFontMetricsF(chip_font)
        chip_height = cm.height() + 4
        painter.setFont(ui_font(9))
        painter.setPen(QColor(theme.selection_text if selected else theme.text))
        count_width = QFontMetricsF(ui_font(9)).horizontalAdvance(count)
        painter.drawText(QRectF(x, y, count_width + 2, chip_height), Qt.AlignmentFlag.AlignVCenter, count)
        if check is not None:
            chip = theme.status(check.status)
            _chip_rect_text(painter, check.label, chip_font, x + count_width + 10, y,
                            chip.background, chip.foreground, chip.border)
        _paint_focus(painter, option, theme)
        painter.restore()

class SearchHitDelegate(QStyledItemDelegate):
    """Paints one hit: what was found (article or annotation) and where, then the snippet with
    the matched words in bold (rich text built only from escaped data)."""

    PAD = 10
    SNIPPET_LINES = 3

    def __init__(self, parent: QWidget | None = None, *, theme: Theme = LIGHT) -> None:
        super().__init__(parent)
        self._theme = theme

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        head = QFontMetricsF(ui_font(8.5, weight=QFont.Weight.DemiBold)).height() + 4
        body = QFontMetricsF(reading_font(10.5)).lineSpacing() * self.SNIPPET_LINES
        return QSize(100, int(self.PAD * 2 + head + 6 + body) + 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        hit: SearchHit | None = index.data(SearchResultModel.HitRole)
        if hit is None:
            return
        theme = self._theme
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        selected, rect = _paint_frame(painter, option, theme)
        x = rect.left() + self.PAD + 4
        width = rect.width() - 2 * self.PAD - 4
        y = rect.top() + self.PAD
        chip_font = ui_font(8.5, weight=QFont.Weight.DemiBold)
        if hit.kind == "annotation":
            chip = theme.relation("context")
            label = "Annotation"
        else:
            chip = theme.status("orphaned")
            label = "Article"
        chip_width = _chip_rect_text(painter, label, chip_font, x, y, chip.background, chip.foreground, chip.border)
        title_font = ui_font(9)
        painter.setFont(title_font)
        painter.setPen(QColor(theme.selection_text if selected else theme.muted))
        tm = QFontMetricsF(title_font)
        title_x = x + chip_width + 8
        title_w = max(0.0, x + width - title_x)
        chip_h = QFontMetricsF(chip_font).height() + 4
        painter.drawText(QRectF(title_x, y, title_w, chip_h), Qt.AlignmentFlag.AlignVCenter,
                         tm.elidedText(hit.article_title, Qt.TextElideMode.ElideRight, title_w))
        y += chip_h + 6

        document = QTextDocument()
        document.setDocumentMargin(0)
        document.setDefaultFont(reading_font(10.5))
        colour = theme.selection_text if selected else theme.text
        document.setDefaultStyleSheet(f"body {{ color: {colour}; }} b {{ color: {colour}; }}")
        document.setHtml(f"<body>{index.data(SearchResultModel.SnippetHtmlRole)}</body>")
        document.setTextWidth(width)
        body_height = QFontMetricsF(reading_font(10.5)).lineSpacing() * self.SNIPPET_LINES
        painter.translate(x, y)
        painter.setClipRect(QRectF(0, 0, width, body_height))
        document.drawContents(painter, QRectF(0, 0, width, body_height))
        painter.setClipping(False)
        painter.translate(-x, -y)
        _paint_focus(painter, option, theme)
        painter.restore()


class _SearchBox(QLineEdit):
    """A line edit that hands Down to the results (so the keyboard can go on) and clears on Esc."""

    move_down = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.move_down.emit()
            return
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)


class LibrarySidebar(QWidget):
    """Search box, filters and the article list (or the search results)."""

    article_chosen = Signal(str)  # the current article in the list changed
    search_requested = Signal(str)  # the (trimmed) query after typing pauses; "" = no search
    hit_chosen = Signal(object)  # a SearchHit the user opened

    SEARCH_DELAY_MS = 250

    def __init__(self, parent: QWidget | None = None, *, theme: Theme = LIGHT) -> None:
        super().__init__(parent)
        self._theme = theme
        self._library = LibraryView(rows=(), checks={})
        self._emitting = True
        self._shown_query = ""

        heading = QLabel("Library", self)
        heading.setProperty("role", "heading")
        self.count_label = QLabel(self)
        self.count_label.setProperty("role", "muted")

        self.search_box = _SearchBox(self)
        self.search_box.setPlaceholderText("Search articles and notes  (Ctrl+F)")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAccessibleName("Search")
        self.search_box.setAccessibleDescription(
            "Search titles, article text, quotes and notes. Results appear below; press Down to reach them, Escape to clear."
        )
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._emit_search)
        self.search_box.textChanged.connect(self._on_text_changed)
        self.search_box.returnPressed.connect(self._on_return)
        self.search_box.move_down.connect(self._focus_list)

        self.outlet_filter = QComboBox(self)
        self.outlet_filter.setAccessibleName("Outlet filter")
        self.outlet_filter.setAccessibleDescription("Show only the articles of one outlet.")
        self.outlet_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.outlet_filter.setMinimumContentsLength(8)
        self.outlet_filter.currentIndexChanged.connect(self._apply_filters)
        self.problems_only = QCheckBox("Problems only", self)
        self.problems_only.setAccessibleName("Only articles with check problems")
        self.problems_only.setAccessibleDescription(
            "Show only the articles whose annotations have source-check errors or warnings."
        )
        self.problems_only.toggled.connect(self._apply_filters)

        self.model = LibraryModel(self)
        self.library_delegate = LibraryItemDelegate(self, theme=theme)
        self.list = QListView(self)
        self.list.setModel(self.model)
        self.list.setItemDelegate(self.library_delegate)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setMouseTracking(True)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setAccessibleName("Library")
        self.list.setAccessibleDescription(
            "The articles, with outlet, date, annotation count and check result. Choose one to read it."
        )
        self.list.selectionModel().currentChanged.connect(self._on_current_changed)

        self.results_model = SearchResultModel(self)
        self.results_delegate = SearchHitDelegate(self, theme=theme)
        self.results = QListView(self)
        self.results.setModel(self.results_model)
        self.results.setItemDelegate(self.results_delegate)
        self.results.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.results.setMouseTracking(True)
        self.results.setResizeMode(QListView.ResizeMode.Adjust)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setAccessibleName("Search results")
        self.results.setAccessibleDescription(
            "What the search found, best first. Press Return or click to open one."
        )
        self.results.activated.connect(self._on_hit_activated)
        self.results.clicked.connect(self._on_hit_activated)
        self.results_label = QLabel(self)
        self.results_label.setProperty("role", "muted")
        self.results_label.setWordWrap(True)
        self.results_label.setTextFormat(Qt.TextFormat.PlainText)

        results_page = QWidget(self)
        results_layout = QVBoxLayout(results_page)
        results_layout.setContentsMargins(0, 0, 0, 0)
        results_layout.setSpacing(6)
        results_layout.addWidget(self.results_label)
        results_layout.addWidget(self.results, 1)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.list)
        self.stack.addWidget(results_page)

        head = QHBoxLayout()
        head.addWidget(heading)
        head.addStretch(1)
        head.addWidget(self.count_label)
        filters = QHBoxLayout()
        filters.setSpacing(8)
        filters.addWidget(self.outlet_filter, 1)
        filters.addWidget(self.problems_only)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 8, 10)
        layout.setSpacing(8)
        layout.addLayout(head)
        layout.addWidget(self.search_box)
        layout.addLayout(filters)
        layout.addWidget(self.stack, 1)
        self.setAccessibleName("Library sidebar")
        self.setAccessibleDescription("Search, filters and the list of articles.")
        QWidget.setTabOrder(self.search_box, self.outlet_filter)
        QWidget.setTabOrder(self.outlet_filter, self.problems_only)
        QWidget.setTabOrder(self.problems_only, self.list)
        QWidget.setTabOrder(self.list, self.results)
        self._rebuild_outlets()

    # ------------------------------------------------------------------ library

    def set_library(self, library: LibraryView) -> None:
        """Show the library (keeping the current article and the filters)."""
        self._library = library
        self._rebuild_outlets()
        self._apply_filters()

    def current_article(self) -> str | None:
        """The id of the article current in the list, if any."""
        index = self.list.currentIndex()
        return index.data(LibraryModel.IdRole) if index.isValid() else None

    def select_article(self, article_id: str, *, notify: bool = True) -> bool:
        """Make an article current in the list (clearing filters that hide it)."""
        row = self.model.row_of(article_id)
        if row < 0 and any(r.id == article_id for r in self._library.rows):
            self.clear_filters()
            row = self.model.row_of(article_id)
        if row < 0:
            return False
        self._emitting = notify
        try:
            self.list.selectionModel().setCurrentIndex(
                self.model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
        finally:
            self._emitting = True
        self.list.scrollTo(self.model.index(row))
        return True

    def clear_filters(self) -> None:
        """Show every article."""
        self.outlet_filter.setCurrentIndex(0)
        self.problems_only.setChecked(False)

    def _rebuild_outlets(self) -> None:
        keep = self.outlet_filter.currentData()
        outlets = sorted({r.outlet for r in self._library.rows if r.outlet}, key=str.casefold)
        self.outlet_filter.blockSignals(True)
        self.outlet_filter.clear()
        self.outlet_filter.addItem("All outlets", None)
        for outlet in outlets:
            self.outlet_filter.addItem(outlet, outlet)
        index = self.outlet_filter.findData(keep) if keep else 0
        self.outlet_filter.setCurrentIndex(max(0, index))
        self.outlet_filter.blockSignals(False)

    @Slot()
    def _apply_filters(self) -> None:
        outlet = self.outlet_filter.currentData()
        problems = self.problems_only.isChecked()
        rows: Sequence[ArticleRow] = [
            r
            for r in self._library.rows
            if (outlet is None or r.outlet == outlet)
            and (not problems or self._has_problems(r.id))
        ]
        current = self.current_article()
        self._emitting = False
        try:
            self.model.set_library(rows, self._library.checks)
            row = self.model.row_of(current) if current else -1
            if row >= 0:
                self.list.selectionModel().setCurrentIndex(
                    self.model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect
                )
        finally:
            self._emitting = True
        total = len(self._library.rows)
        shown = len(rows)
        self.count_label.setText(f"{total} articles" if shown == total else f"{shown} of {total}")
        self.count_label.setAccessibleName(
            f"{total} articles" if shown == total else f"{shown} of {total} articles shown"
        )

    def _has_problems(self, article_id: str) -> bool:
        check = self._library.checks.get(article_id)
        return check is not None and check.status != "checked"

    @Slot(QModelIndex, QModelIndex)
    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        article_id = current.data(LibraryModel.IdRole) if current.isValid() else None
        if article_id and self._emitting:
            self.article_chosen.emit(article_id)

    # ------------------------------------------------------------------ search

    def query(self) -> str:
        """The trimmed text of the search box."""
        return " ".join(self.search_box.text().split())

    def set_query(self, text: str) -> None:
        """Type `text` into the search box and search now."""
        self.search_box.setText(text)
        self._timer.stop()
        self._emit_search()

    def is_searching(self) -> bool:
        """True while the results page is on show."""
        return self.stack.currentIndex() == 1

    def show_results(self, results: SearchResults) -> None:
        """Show hits for `results.query` (ignored if the box has moved on)."""
        if results.query != self.query():
            return
        self._shown_query = results.query
        self.results_model.set_hits(results.hits)
        n = len(results.hits)
        if n:
            self.results_label.setText(f"{n} result{'s' if n != 1 else ''} for “{results.query}”")
        else:
            self.results_label.setText(f"Nothing found for “{results.query}”.")
        self.results_label.setAccessibleName(self.results_label.text())
        self.stack.setCurrentIndex(1)

    @Slot(str)
    def _on_text_changed(self, _text: str) -> None:
        if not self.query():
            self._timer.stop()
            self._shown_query = ""
            self.results_model.set_hits(())
            self.stack.setCurrentIndex(0)
            self.search_requested.emit("")
            return
        self._timer.start()

    @Slot()
    def _on_return(self) -> None:
        self._timer.stop()
        if self.is_searching() and self._shown_query == self.query() and self.results_model.rowCount():
            self._focus_list()
            return
        self._emit_search()

    @Slot()
    def _emit_search(self) -> None:
        self.search_requested.emit(self.query())

    @Slot()
    def _focus_list(self) -> None:
        view = self.results if self.is_searching() else self.list
        if not view.currentIndex().isValid() and view.model().rowCount():
            view.setCurrentIndex(view.model().index(0, 0))
        view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    @Slot(QModelIndex)
    def _on_hit_activated(self, index: QModelIndex) -> None:
        hit = index.data(SearchResultModel.HitRole)
        if hit is not None:
            self.hit_chosen.emit(hit)

    def focus_list(self) -> None:
        """Give the keyboard to the visible list (results while searching, else the library)."""
        self._focus_list()

    # ------------------------------------------------------------------ look

    def set_theme(self, theme: Theme) -> None:
        """Repaint the lists in `theme` (the window restyles the widgets)."""
        self._theme = theme
        self.library_delegate.set_theme(theme)
        self.results_delegate.set_theme(theme)
        self.list.viewport().update()
        self.results.viewport().update()
