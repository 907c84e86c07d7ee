"""The legend above the reader: one toggle per category, showing how its highlight looks.

Each toggle draws a swatch of the real highlight (tint, underline colour and line style, italics
where the category uses them), the category's label and its count, so the legend explains the
colours *and* the line styles (WCAG 1.4.1). Checked means "shown". The toggles wrap onto more
lines when the bar is narrow.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import (
    QLabel,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from corpus.vocabulary import CATEGORIES
from desktop.theme import LIGHT, CategoryStyle, Theme, UnderlineStyle, apply_theme, reading_font
from desktop.views.flow_layout import FlowLayout

__all__ = ["LegendBar", "swatch_pixmap"]

_PEN_STYLES = {
    UnderlineStyle.SingleUnderline: Qt.PenStyle.SolidLine,
    UnderlineStyle.DashUnderline: Qt.PenStyle.DashLine,
    UnderlineStyle.DotLine: Qt.PenStyle.DotLine,
    UnderlineStyle.DashDotLine: Qt.PenStyle.DashDotLine,
    UnderlineStyle.DashDotDotLine: Qt.PenStyle.DashDotDotLine,
}


def swatch_pixmap(
    style: CategoryStyle, theme: Theme, *, size: QSize, ratio: float = 1.0, muted: bool = False
) -> QPixmap:
    """A picture of the category's highlight: "Ab" on the tint, underlined in its line style."""
    pixmap = QPixmap(int(size.width() * ratio), int(size.height() * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    w, h = size.width(), size.height()
    box = QRectF(0.5, 0.5, w - 1, h - 1)
    tint = QColor(theme.alternate if muted else style.tint)
    line = QColor(theme.muted if muted else style.underline)
    painter.setPen(QPen(QColor(theme.border), 1))
    painter.setBrush(tint)
    painter.drawRoundedRect(box, 3, 3)

    font = reading_font(h * 0.42)
    font.setItalic(style.italic)
    font.setWeight(QFont.Weight.DemiBold)
    painter.setFont(font)
    painter.setPen(QColor(theme.muted if muted else theme.text))
    text_rect = QRectF(0, 0, w, h * 0.74)
    painter.drawText(text_rect, Qt.AlignmentFlag.AlignCenter, "Ab")

    y = h * 0.8
    pen = QPen(line, 1.6)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    left, right = 4.0, w - 4.0
    if style.underline_style in (UnderlineStyle.WaveUnderline, UnderlineStyle.SpellCheckUnderline):
        painter.setPen(pen)
        path = QPainterPath(QPointF(left, y))
        x = left
        while x <= right:
            path.lineTo(x, y + 1.6 * math.sin((x - left) / 2.0))
            x += 0.5
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
    else:
        pen.setStyle(_PEN_STYLES.get(style.underline_style, Qt.PenStyle.SolidLine))
        painter.setPen(pen)
        painter.drawLine(QPointF(left, y), QPointF(right, y))
    painter.end()
    return pixmap


class LegendBar(QWidget):
    """A row of checkable category toggles (checked = highlights shown), with counts.

    Constructor: `LegendBar(parent=None, *, theme=LIGHT)`.
    """

    category_toggled = Signal(str, bool)  # category, now visible

    SWATCH = QSize(28, 18)

    def __init__(self, parent: QWidget | None = None, *, theme: Theme = LIGHT) -> None:
        super().__init__(parent)
        self._theme = theme
        self._counts: dict[str, int] = {c: 0 for c in CATEGORIES}
        self._buttons: dict[str, QToolButton] = {}
        layout = FlowLayout(self, h_spacing=6, v_spacing=6)
        layout.setContentsMargins(8, 6, 8, 6)
        for category in CATEGORIES:
            button = QToolButton(self)
            button.setCheckable(True)
            button.setChecked(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.setIconSize(self.SWATCH)
            button.setProperty("legendToggle", True)
            button.toggled.connect(self._on_toggled)
            self._buttons[category] = button
            layout.addWidget(button)
        self._overlap_hint = QLabel(self)
        self._overlap_hint.setProperty("role", "muted")
        self._overlap_hint.setTextFormat(Qt.TextFormat.PlainText)
        self._overlap_hint.setText("Line above: overlapping")
        self._overlap_hint.setToolTip(
            "Where two or more annotations cover the same words, the words also get a line above them. "
            "Click again to step through them."
        )
        layout.addWidget(self._overlap_hint)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setAccessibleName("Highlight legend")
        self.setAccessibleDescription(
            "One toggle per annotation category; switch a category's highlights on or off."
        )
        apply_theme(self, theme)
        self._refresh()

    # ------------------------------------------------------------------ public API

    def set_counts(self, counts: Mapping[str, int]) -> None:
        """Show how many annotations of each category the article has (missing = 0)."""
        self._counts = {c: int(counts.get(c, 0)) for c in CATEGORIES}
        self._refresh()

    def counts(self) -> dict[str, int]:
        """The counts on show, per category."""
        return dict(self._counts)

    def set_category_visible(self, category: str, visible: bool) -> None:
        """Check or uncheck a toggle without emitting `category_toggled`."""
        button = self._buttons[category]
        button.blockSignals(True)
        button.setChecked(visible)
        button.blockSignals(False)
        self._refresh_button(category)

    def is_category_visible(self, category: str) -> bool:
        """Whether a category's toggle is checked."""
        return self._buttons[category].isChecked()

    def toggle_button(self, category: str) -> QToolButton:
        """The toggle of one category (for wiring shortcuts and for tests)."""
        return self._buttons[category]

    def set_theme(self, theme: Theme) -> None:
        """Redraw the swatches and restyle the bar in `theme`."""
        self._theme = theme
        apply_theme(self, theme)
        self._refresh()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self.layout().heightForWidth(width)

    def sizeHint(self) -> QSize:
        width = sum(b.sizeHint().width() + 6 for b in self._buttons.values()) + 16
        return QSize(width, self.layout().heightForWidth(width))

    # ------------------------------------------------------------------ internals

    @Slot(bool)
    def _on_toggled(self, checked: bool) -> None:
        button = self.sender()
        for category, candidate in self._buttons.items():
            if candidate is button:
                self._refresh_button(category)
                self.category_toggled.emit(category, checked)
                return

    def _refresh(self) -> None:
        for category in self._buttons:
            self._refresh_button(category)
        self.updateGeometry()

    def _refresh_button(self, category: str) -> None:
        button = self._buttons[category]
        style = self._theme.category(category)
        count = self._counts.get(category, 0)
        ratio = self.devicePixelRatioF()
        icon = QIcon()
        icon.addPixmap(
            swatch_pixmap(style, self._theme, size=self.SWATCH, ratio=ratio),
            QIcon.Mode.Normal,
            QIcon.State.On,
        )
        icon.addPixmap(
            swatch_pixmap(style, self._theme, size=self.SWATCH, ratio=ratio, muted=True),
            QIcon.Mode.Normal,
            QIcon.State.Off,
        )
        button.setIcon(icon)
        button.setText(f"{style.label}  {count}")
        shown = "shown" if button.isChecked() else "hidden"
        button.setAccessibleName(
            f"{style.label}: {count} {'annotation' if count == 1 else 'annotations'}, {shown}"
        )
        button.setAccessibleDescription(
            f"{style.colour_name.capitalize()} tint with a {style.line_name}. Toggle to show or hide these highlights."
        )
        button.setToolTip(
            f"{style.label} — {style.colour_name}, {style.line_name}. Click to show or hide."
        )
