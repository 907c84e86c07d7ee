"""Accessible names and descriptions for the quiz widgets, set in one short call each.

Every focusable widget gets a name (what it is) and a description (what it does), as the main
window's test demands of its own; `missing_names(root)` lists the ones that lack either.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QWidget

__all__ = ["describe", "missing_names", "plain_text"]

_DECOR = re.compile(r"[◀▶…]")


def plain_text(text: str) -> str:
    """Button text without mnemonics and arrows: "◀ &Previous" → "Previous"."""
    return " ".join(_DECOR.sub("", text.replace("&&", "\x00").replace("&", "").replace("\x00", "&")).split())


def describe(widget: QWidget, description: str, name: str | None = None) -> QWidget:
    """Set `widget`'s accessible description and name (by default its button text)."""
    if name is None and isinstance(widget, QAbstractButton):
        name = plain_text(widget.text())
    if name:
        widget.setAccessibleName(name)
    widget.setAccessibleDescription(description)
    if not widget.toolTip() and isinstance(widget, QAbstractButton):
        widget.setToolTip(description)
    return widget


def missing_names(root: QWidget) -> list[str]:
    """Visible, keyboard-focusable widgets under `root` without an accessible name or
    description (a spin box's inner line edit is part of the spin box)."""
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) or not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            continue
        if widget.metaObject().className() in ("QScrollBar", "QSplitterHandle"):
            continue
        if isinstance(widget.parent(), QAbstractSpinBox):
            continue
        if not widget.accessibleName() or not widget.accessibleDescription():
            text = plain_text(widget.text()) if isinstance(widget, QAbstractButton) else ""
            missing.append(f"{widget.metaObject().className()} name={widget.accessibleName()!r} text={text!r}")
    return missing
