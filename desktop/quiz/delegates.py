"""A list row of two parts: a title (up to two lines, in the reading font) over a muted meta
line, taken from the model's display text split at its first newline."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desktop.theme import LIGHT, Theme, reading_font, ui_font
from desktop.views.text_wrap import wrap_lines

__all__ = ["TwoLineDelegate"]

_Index = QModelIndex | QPersistentModelIndex


class TwoLineDelegate(QStyledItemDelegate):
    PAD = 9

    def __init__(self, parent: QWidget | None = None, *, theme: Theme = LIGHT, title_lines: int = 2) -> None:
        super().__init__(parent)
        self._theme = theme
        self._lines = title_lines

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme

    @staticmethod
    def _fonts() -> tuple[QFont, QFont]:
        title = reading_font(11.0)
        title.setWeight(QFont.Weight.DemiBold)
        return title, ui_font(9)

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        title, meta = self._fonts()
        height = QFontMetricsF(title).lineSpacing() * self._lines + 4 + QFontMetricsF(meta).lineSpacing()
        return QSize(100, int(height + 2 * self.PAD) + 1)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        head, _, tail = text.partition("\n")
        t = self._theme
        title_font, meta_font = self._fonts()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(option.rect).adjusted(2, 1, -2, -1)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(t.selection))
            painter.drawRoundedRect(rect, 5, 5)
            painter.setPen(QPen(QColor(t.accent), 3))
            painter.drawLine(int(rect.left() + 2), int(rect.top() + 5), int(rect.left() + 2), int(rect.bottom() - 5))
        x = rect.left() + self.PAD + 4
        width = rect.width() - 2 * self.PAD - 4
        y = rect.top() + self.PAD
        painter.setFont(title_font)
        painter.setPen(QColor(t.selection_text if selected else t.text))
        tm = QFontMetricsF(title_font)
        for i, line in enumerate(wrap_lines(head, title_font, width, self._lines)):
            painter.drawText(QRectF(x, y + i * tm.lineSpacing(), width, tm.lineSpacing()),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), line)
        y += tm.lineSpacing() * self._lines + 4
        painter.setFont(meta_font)
        painter.setPen(QColor(t.selection_text if selected else t.muted))
        mm = QFontMetricsF(meta_font)
        painter.drawText(QRectF(x, y, width, mm.lineSpacing()), int(Qt.AlignmentFlag.AlignVCenter),
                         mm.elidedText(tail, Qt.TextElideMode.ElideRight, width))
        if option.state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(QPen(QColor(t.accent), 1.5, Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 5, 5)
        painter.restore()
