"""A layout that flows its widgets left to right and wraps them like words (Qt's FlowLayout
example): the legend's category toggles, and text with fields and phrases inline (cloze blanks,
hot-text phrases)."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget

__all__ = ["FlowLayout"]


class FlowLayout(QLayout):
    """Widgets in reading order, wrapped at the layout's width; items of one line share a
    centre line. `heightForWidth` makes parents give it the height it needs. A widget with the
    property `glue` set to True sits right after the one before it (no gap), as punctuation
    does after a word."""

    def __init__(self, parent: QWidget | None = None, *, h_spacing: int = 4, v_spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._h = h_spacing
        self._v = v_spacing
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._do_layout(QRect(0, 0, width, 0), test_only=True)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._do_layout(rect, test_only=False)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _do_layout(self, rect: QRect, *, test_only: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y = area.x(), area.y()
        line: list[tuple[QLayoutItem, QSize]] = []
        line_height = 0

        def glued(item: QLayoutItem) -> bool:
            widget = item.widget()
            return widget is not None and widget.property("glue") is True

        def place_line() -> None:
            if test_only:
                return
            lx = area.x()
            for n, (item, hint) in enumerate(line):
                if n and glued(item):
                    lx -= self._h
                item.setGeometry(QRect(QPoint(lx, y + (line_height - hint.height()) // 2), hint))
                lx += hint.width() + self._h

        for item in self._items:
            if item.widget() is not None and item.widget().isHidden():
                continue
            hint = item.sizeHint().boundedTo(QSize(max(1, area.width()), 10_000))
            if line and glued(item):
                x -= self._h  # punctuation stays on its word's line, with no gap
            elif line and x + hint.width() > area.right() + 1:
                place_line()
                y += line_height + self._v
                x = area.x()
                line, line_height = [], 0
            line.append((item, hint))
            x += hint.width() + self._h
            line_height = max(line_height, hint.height())
        place_line()
        return y + line_height - rect.y() + m.bottom()
