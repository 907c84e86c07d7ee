"""The review queue: "N due today" for the current learner, and practice of those questions.

Questions a learner answered come back on an SM-2 schedule (`quizzes.scheduling`); missed ones
come back the next day. "Practise now" opens the learner's unfinished review session, or makes
a practice quiz of the due questions just for them (`start_review`); finishing it moves each
question along its schedule.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from shiboken6 import isValid

from desktop.events import Changes
from desktop.operations import OpContext, user_message
from desktop.operations.quizzes import PlayerStart, fetch_due_count, start_review
from desktop.quiz.access import describe

__all__ = ["ReviewCard", "due_text"]


def due_text(count: int | None) -> str:
    """ "3 questions due today", "Nothing due today", or "" when unknown."""
    if count is None:
        return ""
    if count == 0:
        return "Nothing due for review today"
    return f"{count} question{'s' if count != 1 else ''} due today"


class ReviewCard(QFrame):
    """A small card for the home or library area: the due count and "Practise now"."""

    practice_started = Signal(object)  # PlayerStart
    count_changed = Signal(int)

    def __init__(self, ctx: OpContext, parent: QWidget | None = None, *, today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._today = today
        self._learner_id: int | None = None
        self._count: int | None = None
        self.setObjectName("card")
        title = QLabel("REVIEW")
        title.setProperty("role", "section")
        self.label = QLabel("Choose who is reading to see your review questions.")
        self.label.setProperty("role", "heading")
        self.label.setWordWrap(True)
        self.label.setAccessibleName("Review queue")
        self.button = QPushButton("Practise &now")
        self.button.setEnabled(False)
        describe(self.button, "Practise the questions due for review today.", "Practise now")
        self.button.clicked.connect(self.practise)
        row = QHBoxLayout()
        row.addWidget(self.label, 1)
        row.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addWidget(title)
        layout.addLayout(row)
        ctx.events.store_changed.connect(self._on_store_changed)

    def set_learner(self, learner_id: int | None) -> None:
        """Show the queue of this learner (None: nobody chosen yet)."""
        self._learner_id = learner_id
        self.refresh()

    def set_today(self, today: Callable[[], date]) -> None:
        """Where "today" comes from (a test or a screenshot may look at another day)."""
        self._today = today

    def count(self) -> int | None:
        return self._count

    def refresh(self) -> None:
        """Count the learner's due questions again (an op)."""
        if self._learner_id is None:
            self._show(None)
            return
        learner_id = self._learner_id

        def show(count: int) -> None:
            if learner_id == self._learner_id:
                self._show(count)

        fetch_due_count(self.ctx, learner_id=learner_id, day=self._today()).success(self._guarded(show)).run()

    @Slot()
    def practise(self) -> None:
        """Start (or resume) practice of the due questions (an op); `practice_started` follows."""
        if self._learner_id is None:
            return

        def started(start: PlayerStart | None) -> None:
            if start is None:
                self._show(0)
                return
            self.practice_started.emit(start)

        start_review(self.ctx, learner_id=self._learner_id, day=self._today()).success(self._guarded(started)).failure(
            self._guarded(lambda exc: self.label.setText(user_message(exc)))
        ).run(initiator=self)

    def _show(self, count: int | None) -> None:
        self._count = count
        self.label.setText(due_text(count) or "Choose who is reading to see your review questions.")
        self.button.setEnabled(bool(count))
        if count is not None:
            self.count_changed.emit(count)

    def _guarded(self, fn: Callable[..., None]) -> Callable[..., None]:
        def call(*args: object) -> None:
            if isValid(self):
                fn(*args)

        return call

    @Slot(object, object)
    def _on_store_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.attempts and isValid(self):
            self.refresh()
