"""The annotation panel: the article's annotations in reading order, and the selected one in full.

The list (a QListView over `AnnotationListModel`) shows per item the category, the verdict chip,
the check badge and the quote. The detail area shows the note (safe Markdown), the claim as
reviewed, the citations with their relation and clickable links, the evidence and locators, and
the checker's findings in words. Every badge carries a word and a symbol, never colour alone.
Record text is always shown as plain text or escaped HTML: nothing from a record is markup.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QRegularExpression,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QClipboard,
    QColor,
    QDesktopServices,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPainter,
    QPen,
    QTextDocument,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QListView,
    QPushButton,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from corpus.records import AnnotationRecord, CitationRecord, SourceRecord
from corpus.vocabulary import CATEGORIES
from desktop.markdown import markdown_to_html
from desktop.models.annotation_list import AnnotationListModel
from desktop.theme import LIGHT, ChipStyle, Theme, apply_theme, reading_font, ui_font
from desktop.views.labels import (
    category_counts,
    category_label,
    citation_line,
    format_date,
    http_url,
    in_reading_order,
)
from desktop.views.legend import swatch_pixmap

__all__ = ["AnnotationItemDelegate", "AnnotationPanel", "clear_layout"]

_EMPTY_STR: Mapping[str, str] = MappingProxyType({})
_EMPTY_SOURCES: Mapping[str, SourceRecord] = MappingProxyType({})
_EMPTY_FINDINGS: Mapping[str, Sequence[tuple[str, str]]] = MappingProxyType({})
_Index = QModelIndex | QPersistentModelIndex


def _open_url(url: QUrl) -> bool:
    return QDesktopServices.openUrl(url)


def _chip_html(chip: ChipStyle) -> str:
    """A chip inside rich text: symbol and word on its colour (QLabel supports span backgrounds)."""
    return (
        f'<span style="background-color:{chip.background}; color:{chip.foreground}; font-weight:600;">'
        f"&nbsp;{html.escape(chip.text)}&nbsp;</span>"
    )


def _draft_chip(theme: Theme) -> ChipStyle:
    """The "Draft" mark: the theme's neutral grey chip with a pencil and the word."""
    grey = theme.status("orphaned")
    return ChipStyle("draft", "Draft", "✎", grey.background, grey.foreground, grey.border)


def clear_layout(layout: QLayout) -> None:
    """Empty a layout now: child widgets are detached at once (so they vanish) and deleted later."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()
        elif item.layout() is not None:
            clear_layout(item.layout())


# ----------------------------------------------------------------------------- list delegate


class AnnotationItemDelegate(QStyledItemDelegate):
    """Paints one annotation: category swatch and label, verdict chip, check badge, the quote."""

    PAD = 10
    QUOTE_LINES = 2

    def __init__(self, parent: QWidget | None = None, *, theme: Theme = LIGHT) -> None:
        super().__init__(parent)
        self._theme = theme

    def set_theme(self, theme: Theme) -> None:
        """Paint with `theme` from now on."""
        self._theme = theme

    def _fonts(self) -> tuple[QFont, QFont, QFont]:
        label = ui_font(9.5, weight=QFont.Weight.DemiBold)
        chip = ui_font(8.5, weight=QFont.Weight.DemiBold)
        quote = reading_font(10.5)
        return label, chip, quote

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        label, chip, quote = self._fonts()
        top = max(QFontMetricsF(label).height(), QFontMetricsF(chip).height() + 4)
        quote_height = QFontMetricsF(quote).lineSpacing() * self.QUOTE_LINES
        width = option.rect.width() if option.rect.width() > 0 else 320
        return QSize(width, int(self.PAD * 2 + top + 6 + quote_height + 1))

    def _chip(
        self,
        painter: QPainter,
        chip: ChipStyle,
        x: float,
        y: float,
        font: QFont,
        *,
        right: bool = False,
    ) -> float:
        metrics = QFontMetricsF(font)
        width = metrics.horizontalAdvance(chip.text) + 14
        height = metrics.height() + 4
        left = x - width if right else x
        rect = QRectF(left, y, width, height)
        painter.setPen(QPen(QColor(chip.border), 1))
        painter.setBrush(QColor(chip.background))
        painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), height / 2, height / 2)
        painter.setPen(QColor(chip.foreground))
        painter.setFont(font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, chip.text)
        return width

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        record: AnnotationRecord | None = index.data(AnnotationListModel.RecordRole)
        if record is None:
            return
        theme = self._theme
        status = index.data(AnnotationListModel.StatusRole)
        style = theme.category(record.category)
        label_font, chip_font, quote_font = self._fonts()
        rect = QRect(option.rect)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        orphaned = record.anchor_state == "orphaned"

        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        background = theme.selection if selected else (theme.alternate if hovered else theme.page)
        painter.fillRect(rect, QColor(background))
        # Category bar on the left edge, in the underline colour (>= 3:1 against the page).
        painter.fillRect(QRect(rect.left(), rect.top(), 4, rect.height()), QColor(style.underline))
        painter.setPen(QPen(QColor(theme.border), 1))
        painter.drawLine(rect.left() + 4, rect.bottom(), rect.right(), rect.bottom())

        x = rect.left() + self.PAD + 4
        y = rect.top() + self.PAD
        chip_metrics = QFontMetricsF(chip_font)
        row_height = max(QFontMetricsF(label_font).height(), chip_metrics.height() + 4)
        swatch = swatch_pixmap(
            style, theme, size=QSize(26, 16), ratio=painter.device().devicePixelRatioF()
        )
        painter.drawPixmap(int(x), int(y + (row_height - 16) / 2), swatch)
        x += 32
        painter.setFont(label_font)
        painter.setPen(QColor(theme.text))
        label_width = QFontMetricsF(label_font).horizontalAdvance(style.label)
        painter.drawText(
            QRectF(x, y, label_width + 2, row_height), Qt.AlignmentFlag.AlignVCenter, style.label
        )
        x += label_width + 8
        chip_y = y + (row_height - chip_metrics.height() - 4) / 2
        right = rect.right() - self.PAD
        if status:
            right -= (
                self._chip(painter, theme.status(status), right, chip_y, chip_font, right=True) + 6
            )
        if record.status == "draft" and x < right:
            # Drafts show only in teacher mode; mark them so nobody mistakes one for published.
            x += self._chip(painter, _draft_chip(theme), x, chip_y, chip_font) + 6
        if record.verdict and x < right:
            self._chip(painter, theme.verdict(record.verdict), x, chip_y, chip_font)

        # The quote: up to two lines in the reading font, elided; struck through when orphaned.
        quote_font.setItalic(True)
        quote_font.setStrikeOut(orphaned)
        painter.setFont(quote_font)
        quote_colour = theme.muted if orphaned and not selected else theme.text
        painter.setPen(QColor(theme.selection_text if selected else quote_colour))
        top = y + row_height + 6
        width = rect.right() - self.PAD - (rect.left() + self.PAD + 4)
        self._draw_quote(
            painter, f"“{record.quote.exact}”", quote_font, rect.left() + self.PAD + 4, top, width
        )

        if focused:
            pen = QPen(QColor(theme.accent), 2)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(rect).adjusted(1, 1, -1, -1), 4, 4)
        painter.restore()

    def _draw_quote(
        self, painter: QPainter, text: str, font: QFont, x: float, y: float, width: float
    ) -> None:
        text = " ".join(text.split())
        metrics = QFontMetricsF(font)
        layout = QTextLayout(text, font)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        layout.beginLayout()
        lines = []
        while len(lines) < self.QUOTE_LINES:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            lines.append((line.textStart(), line.textLength()))
        layout.endLayout()
        for i, (start, length) in enumerate(lines):
            if i == len(lines) - 1:
                piece = metrics.elidedText(text[start:], Qt.TextElideMode.ElideRight, width)
            else:
                piece = text[start : start + length].rstrip()
            painter.drawText(
                QRectF(x, y + i * metrics.lineSpacing(), width, metrics.lineSpacing()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                piece,
            )


# ----------------------------------------------------------------------------- panel


class AnnotationPanel(QWidget):
    """The list of an article's annotations and the selected one in detail.

    Constructor: `AnnotationPanel(parent=None, *, theme=LIGHT, open_url=QDesktopServices.openUrl,
    clipboard=None)`; `clipboard` defaults to the application clipboard.
    """

    annotation_selected = Signal(str)  # the current item changed (by the user or select_annotation)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        theme: Theme = LIGHT,
        open_url: Callable[[QUrl], object] = _open_url,
        clipboard: QClipboard | None = None,
    ) -> None:
        super().__init__(parent)
        self._theme = theme
        self._open_url = open_url
        self._clipboard = clipboard
        self._sources: Mapping[str, SourceRecord] = _EMPTY_SOURCES
        self._findings: Mapping[str, Sequence[tuple[str, str]]] = _EMPTY_FINDINGS
        self._current: str | None = None
        self._filtering = False

        self._model = AnnotationListModel(self)
        self._proxy = QSortFilterProxyModel(self)
        self._proxy.setSourceModel(self._model)
        self._proxy.setFilterRole(AnnotationListModel.CategoryRole)

        heading = QLabel("Annotations", self)
        heading.setProperty("role", "heading")
        self._count_label = QLabel(self)
        self._count_label.setProperty("role", "muted")
        self._filter = QComboBox(self)
        self._filter.setAccessibleName("Category filter")
        self._filter.setAccessibleDescription("Show only the annotations of one category.")
        self._filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self._filter.currentIndexChanged.connect(self._on_filter_changed)

        self._delegate = AnnotationItemDelegate(self, theme=theme)
        self._list = QListView(self)
        self._list.setModel(self._proxy)
        self._list.setItemDelegate(self._delegate)
        self._list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self._list.setUniformItemSizes(True)
        # Rows take the list's width (the delegate elides); never scroll sideways.
        self._list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._list.setMouseTracking(True)
        self._list.setAccessibleName("Annotations in reading order")
        self._list.setAccessibleDescription(
            "Each item: category, verdict, check status and the quoted words."
        )
        self._list.selectionModel().currentChanged.connect(self._on_current_changed)

        self._detail = QTextBrowser(self)
        self._detail.setOpenLinks(False)
        self._detail.anchorClicked.connect(self._on_anchor)
        self._detail.document().setDocumentMargin(14)
        self._detail.setAccessibleName("Annotation details")
        self._detail.setAccessibleDescription(
            "The selected annotation: its note, the claim as reviewed, sources with links, and check results."
        )

        self._copy_button = QPushButton("Copy citation", self)
        self._copy_button.setAccessibleName("Copy citation")
        self._copy_button.setAccessibleDescription(
            "Copy the selected annotation's sources as text."
        )
        self._copy_button.setEnabled(False)
        self._copy_button.clicked.connect(self.copy_citation)

        top = QHBoxLayout()
        top.setContentsMargins(10, 8, 10, 4)
        top.addWidget(heading)
        top.addWidget(self._count_label)
        top.addStretch(1)
        top.addWidget(self._filter)

        detail_box = QWidget(self)
        detail_layout = QVBoxLayout(detail_box)
        detail_layout.setContentsMargins(0, 0, 0, 8)
        detail_layout.addWidget(self._detail, 1)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(14, 0, 14, 0)
        buttons.addStretch(1)
        buttons.addWidget(self._copy_button)
        detail_layout.addLayout(buttons)

        self._splitter = QSplitter(Qt.Orientation.Vertical, self)
        list_box = QWidget(self)
        list_layout = QVBoxLayout(list_box)
        list_layout.setContentsMargins(8, 0, 8, 8)
        list_layout.addWidget(self._list)
        self._splitter.addWidget(list_box)
        self._splitter.addWidget(detail_box)
        self._splitter.setStretchFactor(0, 1)
        self._splitter.setStretchFactor(1, 1)
        self._splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self._splitter, 1)
        self.setAccessibleName("Annotation panel")
        self.setAccessibleDescription(
            "The article's annotations with their notes, sources and check results."
        )

        apply_theme(self, theme)
        self._rebuild_filter()
        self._show_detail(None)

    # ------------------------------------------------------------------ public API

    @property
    def model(self) -> AnnotationListModel:
        """The list model (source model; the view shows it through a category filter)."""
        return self._model

    @property
    def list_view(self) -> QListView:
        """The list of annotations."""
        return self._list

    @property
    def filter_combo(self) -> QComboBox:
        """The category filter."""
        return self._filter

    @property
    def copy_button(self) -> QPushButton:
        """The "Copy citation" button."""
        return self._copy_button

    @property
    def detail_view(self) -> QTextBrowser:
        """The detail area (a read-only QTextBrowser, rebuilt for each selection)."""
        return self._detail

    def set_annotations(
        self,
        annotations: Sequence[AnnotationRecord],
        *,
        sources: Mapping[str, SourceRecord] = _EMPTY_SOURCES,
        statuses: Mapping[str, str] = _EMPTY_STR,
        findings: Mapping[str, Sequence[tuple[str, str]]] = _EMPTY_FINDINGS,
    ) -> None:
        """Show `annotations` in reading order. `findings` maps annotation id → [(severity, message)]."""
        previous = self._current
        self._sources = MappingProxyType(dict(sources))
        self._findings = MappingProxyType({k: tuple(v) for k, v in findings.items()})
        self._current = None
        self._model.set_annotations(in_reading_order(annotations), statuses)
        self._rebuild_filter()
        n = len(annotations)
        self._count_label.setText(f"{n}")
        self._count_label.setAccessibleName(f"{n} annotations")
        if previous is not None and self._model.row_of(previous) >= 0:
            # Keep the selection across a refresh without announcing it again.
            self._filtering = True
            try:
                self.select_annotation(previous)
            finally:
                self._filtering = False
            self._current = previous
        self._show_detail(self._current)

    def current_annotation(self) -> str | None:
        """The id of the selected annotation, if any."""
        return self._current

    def select_annotation(self, annotation_id: str) -> bool:
        """Select an annotation (clearing a category filter that hides it). False if unknown."""
        row = self._model.row_of(annotation_id)
        if row < 0:
            return False
        proxy_index = self._proxy.mapFromSource(self._model.index(row))
        if not proxy_index.isValid():
            self.set_category_filter(None)
            proxy_index = self._proxy.mapFromSource(self._model.index(row))
        self._list.selectionModel().setCurrentIndex(
            proxy_index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self._list.scrollTo(proxy_index)
        return True

    def set_category_filter(self, category: str | None) -> None:
        """Show only one category's annotations (None = all)."""
        index = self._filter.findData(category)
        self._filter.setCurrentIndex(max(0, index))

    def category_filter(self) -> str | None:
        """The category the list is filtered to, or None for all."""
        return self._filter.currentData()

    def visible_ids(self) -> list[str]:
        """Ids in the list as filtered, top to bottom."""
        return [
            self._proxy.index(r, 0).data(AnnotationListModel.IdRole)
            for r in range(self._proxy.rowCount())
        ]

    def citation_text(self, annotation_id: str | None = None) -> str:
        """The citations of an annotation (default: the selected one) as plain text, one per line."""
        annotation_id = annotation_id or self._current
        row = self._model.row_of(annotation_id) if annotation_id else -1
        record = self._model.annotation_at(row)
        if record is None:
            return ""
        return "\n".join(citation_line(c, self._sources) for c in record.citations)

    @Slot()
    def copy_citation(self) -> None:
        """Put the selected annotation's citations on the clipboard."""
        text = self.citation_text()
        if text:
            clipboard = self._clipboard or QGuiApplication.clipboard()
            clipboard.setText(text)

    def set_theme(self, theme: Theme) -> None:
        """Restyle the panel in `theme`."""
        self._theme = theme
        self._delegate.set_theme(theme)
        apply_theme(self, theme)
        self._list.viewport().update()
        self._show_detail(self._current)

    # ------------------------------------------------------------------ internals

    def _rebuild_filter(self) -> None:
        keep = self._filter.currentData()
        counts = category_counts(self._model.annotations())
        self._filter.blockSignals(True)
        self._filter.clear()
        self._filter.addItem(f"All categories ({sum(counts.values())})", None)
        for category in CATEGORIES:
            if counts.get(category):
                self._filter.addItem(f"{category_label(category)} ({counts[category]})", category)
        index = self._filter.findData(keep) if keep else 0
        self._filter.setCurrentIndex(max(0, index))
        self._filter.blockSignals(False)
        self._apply_filter()

    @Slot(int)
    def _on_filter_changed(self, _index: int) -> None:
        self._apply_filter()

    def _apply_filter(self) -> None:
        category = self._filter.currentData()
        # Rows leaving the proxy move Qt's current index onto a neighbour; that is not a choice
        # the user made, so it must not select anything (and must not move the reader).
        self._filtering = True
        try:
            if category:
                pattern = "^" + QRegularExpression.escape(category) + "$"
                self._proxy.setFilterRegularExpression(QRegularExpression(pattern))
            else:
                self._proxy.setFilterRegularExpression(QRegularExpression())
            selection = self._list.selectionModel()
            if self._current is not None and self._current in self.visible_ids():
                index = self._proxy.mapFromSource(
                    self._model.index(self._model.row_of(self._current))
                )
                selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            else:
                selection.clear()
        finally:
            self._filtering = False
        if self._current is not None and self._current not in self.visible_ids():
            self._current = None
            self._show_detail(None)

    @Slot(QModelIndex, QModelIndex)
    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        annotation_id = current.data(AnnotationListModel.IdRole) if current.isValid() else None
        if self._filtering or annotation_id == self._current:
            return
        self._current = annotation_id
        self._show_detail(annotation_id)
        if annotation_id:
            self.annotation_selected.emit(annotation_id)

    def detail_text(self) -> str:
        """The detail area as plain text (what a screen reader reads)."""
        return self._detail.toPlainText()

    def _show_detail(self, annotation_id: str | None) -> None:
        record = (
            self._model.annotation_at(self._model.row_of(annotation_id)) if annotation_id else None
        )
        self._copy_button.setEnabled(bool(record and record.citations))
        document = self._detail.document()
        theme = self._theme
        document.setDefaultStyleSheet(
            f"a {{ color: {theme.link}; }} p {{ margin-top: 0px; margin-bottom: 6px; }}"
            f" ul, ol {{ margin-top: 0px; margin-bottom: 6px; }} code {{ background-color: {theme.alternate}; }}"
        )
        if record is None:
            self._detail.setHtml(
                f'<p align="center" style="color:{theme.muted}; margin-top:48px;">'
                "Select an annotation to see its note, sources and check results.</p>"
            )
            return
        self._detail.setHtml(self._detail_html(record))

    def _detail_html(self, record: AnnotationRecord) -> str:
        theme = self._theme
        style = theme.category(record.category)
        ratio = self.devicePixelRatioF()
        swatch_url = QUrl(f"swatch:{record.category}")
        self._detail.document().addResource(
            QTextDocument.ResourceType.ImageResource.value,
            swatch_url,
            swatch_pixmap(style, theme, size=QSize(30, 18), ratio=ratio).toImage(),
        )
        esc = html.escape
        status = self._model.status_of(record.id)
        head = (
            f'<img src="{swatch_url.toString()}" width="30" height="18"> '
            f'<span style="font-size:12pt; font-weight:600;">&nbsp;{esc(style.label)}</span>'
        )
        if record.verdict:
            head += "&nbsp;&nbsp;" + _chip_html(theme.verdict(record.verdict))
        status_cell = _chip_html(theme.status(status)) if status else ""
        out = [
            (
                '<table width="100%" cellspacing="0" cellpadding="0"><tr>'
                f'<td valign="middle">{head}</td><td align="right" valign="middle">{status_cell}</td></tr></table>'
            )
        ]
        strike = "text-decoration: line-through;" if record.anchor_state == "orphaned" else ""
        out.append(
            '<table width="100%" cellspacing="0" cellpadding="0" style="margin-top:10px; margin-bottom:6px;">'
            f'<tr><td style="border-left: 3px solid {style.underline}; padding-left: 10px;">'
            f"<span style=\"font-family:'{esc(reading_font(11).family())}'; font-size:11.5pt; font-style:italic; {strike}\">"
            f"“{esc(record.quote.exact)}”</span></td></tr></table>"
        )
        if record.status == "draft":
            out.append(
                f"<p>{_chip_html(_draft_chip(theme))}&nbsp; "
                + self._muted_inline("A draft: students do not see it until it is published.")
                + "</p>"
            )
        if record.anchor_state == "orphaned":
            out.append(
                self._muted(
                    "This annotation lost its place in the text, so it is not highlighted. "
                    "A teacher needs to re-attach it."
                )
            )
        elif record.anchor_state == "moved":
            out.append(
                self._muted(
                    "This annotation moved to follow an edit of the article; "
                    "a teacher should confirm it."
                )
            )
        if record.claim_reviewed:
            out.append(self._section("Claim as reviewed"))
            out.append(f"<p>{esc(record.claim_reviewed)}</p>")
        if record.note.strip():
            out.append(self._section("Note"))
            out.append(markdown_to_html(record.note))
        if record.citations:
            out.append(self._section("Sources"))
            out.extend(self._citation_html(c) for c in record.citations)
        out.append(self._section("Check"))
        findings = self._findings.get(record.id, ())
        if findings:
            for severity, message in findings:
                out.append(f"<p>{_chip_html(theme.severity(severity))}&nbsp; {esc(message)}</p>")
        elif status == "checked":
            out.append(
                f"<p>{_chip_html(theme.status('checked'))}&nbsp; Source-checked: the checker found no problems.</p>"
            )
        elif status:
            out.append(
                f"<p>{_chip_html(theme.status(status))}&nbsp; No details were passed in.</p>"
            )
        else:
            out.append(self._muted("Not checked yet."))
        return "".join(out)

    def _section(self, title: str) -> str:
        return (
            f'<p style="margin-top:14px; margin-bottom:4px; color:{self._theme.muted};'
            f' font-size:8.5pt; font-weight:600;">{html.escape(title.upper())}</p>'
        )

    def _muted_inline(self, text: str) -> str:
        return f'<span style="color:{self._theme.muted};">{html.escape(text)}</span>'

    def _muted(self, text: str) -> str:
        return f'<p style="color:{self._theme.muted};">{html.escape(text)}</p>'

    def _citation_html(self, citation: CitationRecord) -> str:
        esc = html.escape
        source = self._sources.get(citation.source_id)
        relation = self._theme.relation(citation.relation)
        if source is None:
            head = esc(f"Unknown source ({citation.source_id})")
        else:
            name = f"{source.publisher} — {source.title}" if source.publisher else source.title
            url = http_url(source.url)
            head = f'<a href="{esc(url, quote=True)}">{esc(name)}</a>' if url else esc(name)
            head += esc(f" ({format_date(source.published)})")
            if not url and source.locator:
                head += f' <span style="color:{self._theme.muted};">· {esc(source.locator)}</span>'
        lines = [f"{_chip_html(relation)}&nbsp; {head}"]
        if citation.evidence:
            lines.append(f"<i>“{esc(citation.evidence)}”</i>")
        if citation.locator:
            lines.append(f'<span style="color:{self._theme.muted};">{esc(citation.locator)}</span>')
        return '<p style="margin-bottom:8px;">' + "<br>".join(lines) + "</p>"

    @Slot(QUrl)
    def _on_anchor(self, url: QUrl) -> None:
        self._on_link(url.toString())

    @Slot(str)
    def _on_link(self, link: str) -> None:
        url = http_url(link)
        if url:
            self._open_url(QUrl(url))
