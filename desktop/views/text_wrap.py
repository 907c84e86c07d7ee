"""Wrapping a line of text into at most N lines for a painted list row (the last one elided)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF


def wrap_lines(text: str, font: QFont, width: float, max_lines: int) -> list[str]:
    """Words of `text` in lines no wider than `width` in `font`; the last line is elided."""
    metrics = QFontMetricsF(font)
    words = text.split()
    lines: list[str] = []
    current = ""
    for i, word in enumerate(words):
        candidate = f"{current} {word}".strip()
        if metrics.horizontalAdvance(candidate) <= width or not current:
            current = candidate
            continue
        lines.append(current)
        current = word
        if len(lines) == max_lines - 1:
            current = " ".join(words[i:])
            break
    if current:
        lines.append(metrics.elidedText(current, Qt.TextElideMode.ElideRight, width))
    return lines[:max_lines]
