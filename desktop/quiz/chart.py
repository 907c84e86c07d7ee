"""A horizontal bar chart of scores per skill, drawn with QPainter.

Every bar carries its label and its value as text ("Evidence  75 % · 4 questions"), the bar
length repeats the value, and the fill has a pattern edge and a 50 % tick, so nothing is read
from colour alone. The accessible description lists the same values.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.quiz.answers import percent
from desktop.theme import LIGHT, Theme, ui_font

__all__ = ["SkillBars"]


class SkillBars(QWidget):
    """Rows of (label, fraction 0–1, count): a label, a bar, the value in words."""

    ROW = 30
    PAD = 8
    MAX_TRACK = 560.0  # long bars are hard to compare by eye

    def __init__(self, parent: QWidget | None = None, *, theme: Theme = LIGHT, noun: str = "question") -> None:
        super().__init__(parent)
        self._theme = theme
        self._noun = noun
        self._rows: list[tuple[str, float, int]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Mastery per skill")
        self.setMinimumWidth(320)
        self._update_height()

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.update()

    def set_values(self, rows: Sequence[tuple[str, float, int]]) -> None:
        """Replace the rows: (label, fraction 0–1, how many questions)."""
        self._rows = [(label, max(0.0, min(1.0, value)), count) for label, value, count in rows]
        self.setAccessibleDescription("; ".join(self.value_texts()) or "No answers yet.")
        self._update_height()
        self.update()

    def values(self) -> list[tuple[str, float, int]]:
        return list(self._rows)

    def value_texts(self) -> list[str]:
        """Each row in words, e.g. "Evidence: 75 % over 4 questions"."""
        return [
            f"{label}: {percent(value)} over {count} {self._noun}{'s' if count != 1 else ''}"
            for label, value, count in self._rows
        ]

    def _update_height(self) -> None:
        self.setFixedHeight(max(1, len(self._rows)) * self.ROW + 2 * self.PAD)

    def sizeHint(self) -> QSize:
        return QSize(520, max(1, len(self._rows)) * self.ROW + 2 * self.PAD)

    def paintEvent(self, event: QPaintEvent) -> None:
        t = self._theme
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        label_font = ui_font(None, weight=QFont.Weight.DemiBold)
        value_font = ui_font(None)
        metrics = QFontMetricsF(label_font)
        value_metrics = QFontMetricsF(value_font)
        if not self._rows:
            painter.setPen(QColor(t.muted))
            painter.setFont(value_font)
            painter.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, "No answers yet.")
            return
        label_w = max(metrics.horizontalAdvance(label) for label, _, _ in self._rows) + 14
        value_w = max(value_metrics.horizontalAdvance(self._value_text(v, c)) for _, v, c in self._rows) + 14
        track_x = self.PAD + label_w
        track_w = min(self.MAX_TRACK, max(40.0, self.width() - track_x - value_w - self.PAD))
        bar_h = 14.0
        for i, (label, value, count) in enumerate(self._rows):
            top = self.PAD + i * self.ROW
            mid = top + self.ROW / 2
            painter.setFont(label_font)
            painter.setPen(QColor(t.window_text))
            painter.drawText(
                QRectF(self.PAD, top, label_w - 10, self.ROW),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                label,
            )
            track = QRectF(track_x, mid - bar_h / 2, track_w, bar_h)
            painter.setPen(QPen(QColor(t.border), 1))
            painter.setBrush(QColor(t.page))
            painter.drawRoundedRect(track, 3, 3)
            if value > 0:
                fill = QRectF(track.x(), track.y(), max(3.0, track_w * value), bar_h)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(t.accent))
                painter.drawRoundedRect(fill, 3, 3)
            # A tick at 50 %: the pass line, as a shape rather than a colour.
            painter.setPen(QPen(QColor(t.muted), 1, Qt.PenStyle.DashLine))
            x = track.x() + track_w * 0.5
            painter.drawLine(int(x), int(track.top() - 3), int(x), int(track.bottom() + 3))
            painter.setFont(value_font)
            painter.setPen(QColor(t.window_text))
            painter.drawText(
                QRectF(track.right() + 10, top, value_w, self.ROW),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                self._value_text(value, count),
            )

    def _value_text(self, value: float, count: int) -> str:
        return f"{percent(value)} · {count} {self._noun}{'s' if count != 1 else ''}"
