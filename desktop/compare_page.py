"""The compare page of the main window: two article pickers above the CompareView.

A plain view: the window fills the pickers and the CompareView; the page says which pair the
user picked (`pair_requested`) and when they want to go back (`back_requested`, also on Esc).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from corpus.articles import ArticleRow
from desktop.theme import LIGHT, Theme
from desktop.views.compare import CompareView

__all__ = ["ComparePage"]


class ComparePage(QWidget):
    """Pick two articles and read them side by side."""

    pair_requested = Signal(str, str)  # left id, right id
    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None, *, theme: Theme = LIGHT) -> None:
        super().__init__(parent)
        heading = QLabel("Compare", self)
        heading.setProperty("role", "heading")
        self.left_picker = self._picker("Left article", "The article shown on the left.")
        self.right_picker = self._picker("Right article", "The article shown on the right.")
        with_label = QLabel("with", self)
        with_label.setProperty("role", "muted")
        self.swap_button = QPushButton("⇄ Swap", self)
        self.swap_button.setAccessibleName("Swap articles")
        self.swap_button.setAccessibleDescription("Put the left article on the right and the right one on the left.")
        self.swap_button.clicked.connect(self.swap)
        self.back_button = QPushButton("Back to reader", self)
        self.back_button.setAccessibleName("Back to reader")
        self.back_button.setAccessibleDescription("Leave the comparison (Escape).")
        self.back_button.clicked.connect(self.back_requested)
        self.view = CompareView(self, theme=theme)
        # Two readers: tell a screen reader which is which.
        self.view.left_reader.browser.setAccessibleName("Left article text")
        self.view.right_reader.browser.setAccessibleName("Right article text")

        bar = QHBoxLayout()
        bar.setContentsMargins(14, 8, 14, 8)
        bar.setSpacing(10)
        bar.addWidget(heading)
        bar.addSpacing(8)
        bar.addWidget(self.left_picker, 1)
        bar.addWidget(with_label)
        bar.addWidget(self.right_picker, 1)
        bar.addWidget(self.swap_button)
        bar.addStretch(0)
        bar.addWidget(self.back_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.setAccessibleName("Compare page")
        self.setAccessibleDescription("Two articles side by side with their shared claims linked.")
        self._filling = False
        for picker in (self.left_picker, self.right_picker):
            picker.currentIndexChanged.connect(self._on_picked)

    def _picker(self, name: str, description: str) -> QComboBox:
        picker = QComboBox(self)
        picker.setAccessibleName(name)
        picker.setAccessibleDescription(description)
        picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        picker.setMinimumContentsLength(24)
        return picker

    def set_articles(self, rows: Sequence[ArticleRow], *, left: str, right: str) -> None:
        """Fill both pickers with the library and choose `left` and `right` (no signal)."""
        self._filling = True
        try:
            for picker, chosen in ((self.left_picker, left), (self.right_picker, right)):
                picker.clear()
                for row in rows:
                    picker.addItem(row.title, row.id)
                    full = f"{row.title} — {row.outlet}" if row.outlet else row.title
                    picker.setItemData(picker.count() - 1, full, Qt.ItemDataRole.ToolTipRole)
                picker.setCurrentIndex(max(0, picker.findData(chosen)))
        finally:
            self._filling = False

    def pair(self) -> tuple[str | None, str | None]:
        """The ids picked, left and right."""
        return self.left_picker.currentData(), self.right_picker.currentData()

    @Slot()
    def swap(self) -> None:
        """Exchange the two articles."""
        left, right = self.pair()
        self._filling = True
        try:
            self.left_picker.setCurrentIndex(self.left_picker.findData(right))
            self.right_picker.setCurrentIndex(self.right_picker.findData(left))
        finally:
            self._filling = False
        self._on_picked()

    @Slot()
    def _on_picked(self) -> None:
        if self._filling:
            return
        left, right = self.pair()
        if left and right:
            self.pair_requested.emit(left, right)

    def set_theme(self, theme: Theme) -> None:
        """Restyle the comparison."""
        self.view.set_theme(theme)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.back_requested.emit()
            return
        super().keyPressEvent(event)
