"""Small pieces the authoring dialogs share: chips, an inline message banner, findings as HTML."""

from __future__ import annotations

import html
from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from corpus.checking import Finding
from desktop.theme import ChipStyle, Theme, chip_style_sheet

__all__ = [
    "Banner",
    "TwoLineDelegate",
    "chip_label",
    "findings_html",
    "select_body_range",
    "set_chip",
    "status_words",
    "verbatim_text",
]

STATUS_WORDS = {
    "checked": "Source-checked",
    "warnings": "Checked, with warnings",
    "errors": "Not yet source-checked",
    "orphaned": "Orphaned: its text is gone",
}


def status_words(status: str) -> str:
    """The check status as a short sentence for the badge."""
    return STATUS_WORDS.get(status, status)


def set_chip(label: QLabel, chip: ChipStyle, text: str | None = None) -> None:
    """Make `label` show a chip: symbol and word, coloured (never colour alone)."""
    label.setText(f"{chip.symbol} {text if text is not None else chip.word}")
    label.setStyleSheet(chip_style_sheet(chip))
    label.setAccessibleName(text if text is not None else chip.word)


def chip_label(chip: ChipStyle, text: str | None = None, parent: QWidget | None = None) -> QLabel:
    """A new QLabel showing a chip."""
    label = QLabel(parent)
    set_chip(label, chip, text)
    label.setSizePolicy(label.sizePolicy().horizontalPolicy(), label.sizePolicy().verticalPolicy())
    return label


def findings_html(findings: Iterable[Finding], theme: Theme, *, hints: bool = True) -> str:
    """Findings as a compact HTML list: severity symbol, message, and the hint in grey."""
    rows = []
    for f in sorted(findings, key=lambda f: f.severity != "error"):
        chip = theme.severity(f.severity)
        hint = (
            f"<br><span style='color:{theme.muted}'>{html.escape(f.hint)}</span>" if hints and f.hint else ""
        )
        rows.append(
            f"<p style='margin:0 0 6px 0'><b style='color:{chip.foreground}'>{chip.symbol}</b> "
            f"{html.escape(f.message)}{hint}</p>"
        )
    return "".join(rows)


class Banner(QLabel):
    """An inline message under a form or table: why something was refused, what happened."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setAccessibleName("Message")
        self.hide()

    def show_message(self, text: str, *, severity: str = "error") -> None:
        """Show `text` on the severity's chip colours ("error", "warning" or "info")."""
        chip = self._theme.severity(severity)
        text = text[:1].upper() + text[1:]
        self.setText(f"{chip.symbol}  {text}")
        self.setStyleSheet(
            f"QLabel {{ background: {chip.background}; color: {chip.foreground};"
            f" border: 1px solid {chip.border}; border-radius: 6px; padding: 6px 10px; }}"
        )
        self.show()

    def clear_message(self) -> None:
        self.clear()
        self.hide()


def select_body_range(reader: object, start: int, end: int) -> None:
    """Select body[start:end) (code points) in a ReaderView, as if the user had, and show it."""
    from PySide6.QtGui import QTextCursor

    from desktop.views.reader import ReaderView

    assert isinstance(reader, ReaderView)
    doc_start, doc_end = reader.body_map().to_doc_range(start, end)
    cursor = QTextCursor(reader.browser.document())
    cursor.setPosition(doc_start)
    cursor.setPosition(doc_end, QTextCursor.MoveMode.KeepAnchor)
    reader.browser.setTextCursor(cursor)
    reader.browser.ensureCursorVisible()


def verbatim_text(edit: object) -> str:
    """The text of a QPlainTextEdit exactly as typed or pasted.

    `toPlainText()` turns no-break spaces into plain ones, which would silently change an article
    body the corpus keeps verbatim (the seed texts have them); the raw text keeps them, with
    paragraph separators (U+2029) turned back into line breaks.
    """
    from PySide6.QtWidgets import QPlainTextEdit

    assert isinstance(edit, QPlainTextEdit)
    return edit.document().toRawText().replace("\u2029", "\n")


class TwoLineDelegate(QStyledItemDelegate):
    """List items as a small muted line (MetaRole) over the item's text, elided to two lines."""

    MetaRole = Qt.ItemDataRole.UserRole + 7

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        main = QFont(option.font)
        meta = QFont(option.font)
        meta.setPointSizeF(max(6.0, main.pointSizeF() * 0.86))
        return meta, main

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        meta, main = self._fonts(option)
        height = QFontMetrics(meta).height() + 2 * QFontMetrics(main).height() + 14
        return QSize(option.rect.width() or 200, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        meta_font, main_font = self._fonts(option)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        text_colour = QColor(self._theme.selection_text if selected else self._theme.text)
        meta_colour = QColor(self._theme.selection_text if selected else self._theme.muted)
        rect = opt.rect.adjusted(8, 6, -8, -6)
        painter.save()
        painter.setFont(meta_font)
        painter.setPen(meta_colour)
        meta_height = QFontMetrics(meta_font).height()
        meta = str(index.data(self.MetaRole) or "")
        painter.drawText(rect.adjusted(0, 0, 0, -(rect.height() - meta_height)),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         QFontMetrics(meta_font).elidedText(meta, Qt.TextElideMode.ElideRight, rect.width()))
        painter.setFont(main_font)
        painter.setPen(text_colour)
        metrics = QFontMetrics(main_font)
        body = rect.adjusted(0, meta_height + 2, 0, 0)
        words = " ".join(text.split())
        first = _fit(words, metrics, body.width())
        second = metrics.elidedText(words[len(first):].strip(), Qt.TextElideMode.ElideRight, body.width())
        painter.drawText(body.x(), body.y() + metrics.ascent(), first)
        if second:
            painter.drawText(body.x(), body.y() + metrics.height() + metrics.ascent(), second)
        painter.restore()


def _fit(words: str, metrics: QFontMetrics, width: int) -> str:
    """The longest run of whole words from the start of `words` that fits in `width`."""
    if metrics.horizontalAdvance(words) <= width:
        return words
    fitted = ""
    for word in words.split(" "):
        candidate = f"{fitted} {word}" if fitted else word
        if metrics.horizontalAdvance(candidate) > width:
            break
        fitted = candidate
    return fitted or metrics.elidedText(words, Qt.TextElideMode.ElideRight, width)
