"""The quiz player: one question per page, the passage beside it, feedback by mode.

Left: the question's article in a `ReaderView`, with the item's annotation selected (or its
passage marked). Right: "Question 3 of 10" with a progress bar and an optional timer, the
prompt, the answer editor for the item's kind (`desktop.quiz.editors`), and the buttons.

Practice mode: Check grades the answer at once and shows right or wrong per part, the
explanation, "Show me in the article" (`show_in_article(article_id, annotation_id)`) and Try
again. Assessment mode: nothing is graded on screen until Submit.

Every answer is saved the moment it is given (Check, Next, Previous or Submit): one StoreOp per
answer, which also records the item the learner moves to. Closing the app mid-quiz and opening
the quiz again gives back the same attempt (`open_attempt` → `attempts.resume`) at the same
question with every answer in place; practice answers that were checked come back checked.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop.operations import OpContext, user_message
from desktop.operations.quizzes import (
    ItemPassage,
    PlayerStart,
    finish_attempt,
    open_attempt,
    save_answer,
    save_position,
)
from desktop.quiz.access import describe
from desktop.quiz.answers import kind_label, part_marks, skill_label
from desktop.quiz.editors import ItemEditor, editor_for, quiz_style_sheet
from desktop.theme import LIGHT, Theme, apply_theme, style_sheet
from desktop.views.reader import ReaderView
from quizzes.assembly import QuizView
from quizzes.attempts import AttemptResult, Feedback, ResponseView

__all__ = ["QuizPlayer", "ask_yes_no", "jsonable"]

Confirm = Callable[[QWidget, str, str], bool]


def ask_yes_no(parent: QWidget, title: str, text: str) -> bool:
    """Ask a yes/no question in a message box (the default `confirm`)."""
    answer = QMessageBox.question(parent, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def jsonable(value: Any) -> Any:
    """An answer as the store gives it back: tuples become lists, recursively."""
    if isinstance(value, (tuple, list)):
        return [jsonable(v) for v in value]
    return value


def _clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


class FeedbackCard(QFrame):
    """Practice feedback: how it went, per-part summary, the explanation, and two buttons."""

    show_in_article = Signal()
    try_again = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("feedback")
        self.title = QLabel()
        self.title.setObjectName("feedbackTitle")
        self.parts = QLabel()
        self.parts.setProperty("role", "muted")
        self.explanation = QLabel()
        self.explanation.setObjectName("explanation")
        self.explanation.setWordWrap(True)
        self.explanation.setTextFormat(Qt.TextFormat.PlainText)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.show_button = QPushButton("Show me in the &article")
        self.show_button.setToolTip("Open the reader on the passage that explains the answer")
        self.retry_button = QPushButton("&Try again")
        describe(self.show_button, "Open the reader on the passage that explains the answer.")
        describe(self.retry_button, "Change your answer and check it again.")
        self.show_button.clicked.connect(self.show_in_article)
        self.retry_button.clicked.connect(self.try_again)
        buttons = QHBoxLayout()
        buttons.addWidget(self.show_button)
        buttons.addWidget(self.retry_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.parts)
        layout.addWidget(self.explanation)
        layout.addLayout(buttons)
        self.setAccessibleName("Feedback")

    def show_feedback(self, feedback: Feedback, marks: dict[str, bool], *, can_show: bool) -> None:
        if feedback.correct:
            verdict, title = "right", "✓ Correct"
        elif feedback.fraction > 0:
            verdict, title = "partly", f"◐ Partly right ({round(feedback.fraction * 100)} %)"
        else:
            verdict, title = "wrong", "✗ Not quite"
        self.title.setText(title)
        for widget in (self, self.title):
            widget.setProperty("verdict", verdict)
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        right = sum(1 for ok in marks.values() if ok)
        self.parts.setText(f"{right} of {len(marks)} parts right" if len(marks) > 1 else "")
        self.parts.setVisible(len(marks) > 1)
        self.explanation.setText(feedback.explanation)
        self.show_button.setVisible(can_show)
        self.retry_button.setVisible(not feedback.correct)
        self.setAccessibleDescription(f"{title}. {feedback.explanation}")


class QuizPlayer(QWidget):
    """Takes one attempt, item by item. Open with `open_quiz(quiz_id, learner_id)` (an op) or
    `start(PlayerStart)`."""

    show_in_article = Signal(str, str)  # article id, annotation id ("" when only a passage)
    finished = Signal(object)  # AttemptResult
    position_changed = Signal(int)
    started = Signal(object)  # PlayerStart, once shown

    def __init__(
        self,
        ctx: OpContext,
        parent: QWidget | None = None,
        *,
        theme: Theme = LIGHT,
        confirm: Confirm = ask_yes_no,
        time_limit: int | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._today = today
        self._theme = theme
        self._confirm = confirm
        self._time_limit = time_limit
        self._start: PlayerStart | None = None
        self._editors: dict[int, ItemEditor] = {}
        self._saved: dict[int, Any] = {}  # position → the stored answer (JSON values)
        self._feedback: dict[int, tuple[Feedback, Any]] = {}  # practice: checked answers
        self._position = 1
        self._shown_article: str | None = None
        self._opened_at = time.monotonic()
        self._finishing = False

        # Header: title and mode, progress, timer.
        self.title = QLabel()
        self.title.setProperty("role", "heading")
        self.mode_label = QLabel()
        self.mode_label.setProperty("role", "muted")
        self.progress_label = QLabel()
        self.progress_label.setProperty("role", "heading")
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setFixedWidth(160)
        self.progress.setFixedHeight(10)
        self.progress.setAccessibleName("Progress")
        self.timer_label = QLabel()
        self.timer_label.setProperty("role", "muted")
        self.timer_label.setAccessibleName("Time")
        self.timer_button = QToolButton()
        self.timer_button.setText("Timer")
        self.timer_button.setCheckable(True)
        self.timer_button.setChecked(time_limit is not None)
        self.timer_button.setToolTip("Show or hide the timer")
        describe(self.timer_button, "Show or hide the time spent (or left) on this quiz.")
        self.timer_button.toggled.connect(self.set_timer_visible)
        header = QHBoxLayout()
        header.setContentsMargins(16, 10, 16, 8)
        header.setSpacing(12)
        header.addWidget(self.title)
        header.addWidget(self.mode_label)
        header.addStretch(1)
        header.addWidget(self.progress_label)
        header.addWidget(self.progress)
        header.addWidget(self.timer_label)
        header.addWidget(self.timer_button)

        # Left: the article.
        self.reader = ReaderView(theme=theme, base_point_size=11.5, chars_per_line=64)
        self.article_tabs = QTabBar()
        self.article_tabs.setAccessibleName("Articles for this question")
        self.article_tabs.setAccessibleDescription("Switch between the articles this question is about.")
        self.article_tabs.currentChanged.connect(self._on_article_tab)
        self.article_tabs.hide()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(0)
        left_layout.addWidget(self.article_tabs)
        left_layout.addWidget(self.reader, 1)

        # Right: the question.
        self.meta = QLabel()
        self.meta.setObjectName("itemMeta")
        self.prompt = QLabel()
        self.prompt.setObjectName("prompt")
        self.prompt.setWordWrap(True)
        self.prompt.setTextFormat(Qt.TextFormat.PlainText)
        self.prompt.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # One editor on show at a time (a QStackedWidget would size every page to the tallest).
        self.editors = QWidget()
        self._editor_box = QVBoxLayout(self.editors)
        self._editor_box.setContentsMargins(0, 0, 0, 0)
        self.feedback = FeedbackCard()
        self.feedback.hide()
        self.feedback.show_in_article.connect(self._emit_show_in_article)
        self.feedback.try_again.connect(self.try_again)
        self.status = QLabel()
        self.status.setProperty("role", "muted")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Status")

        page = QWidget()
        page.setObjectName("questionPage")
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(22, 18, 22, 18)
        page_layout.setSpacing(12)
        page_layout.addWidget(self.meta)
        page_layout.addWidget(self.prompt)
        page_layout.addWidget(self.editors)
        page_layout.addWidget(self.feedback)
        page_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(page)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        describe(self.scroll, "The question, your answer and its feedback.", "Question")

        self.previous_button = QPushButton("◀ &Previous")
        self.check_button = QPushButton("&Check")
        self.next_button = QPushButton("&Next ▶")
        self.submit_button = QPushButton("S&ubmit")
        self.check_button.setDefault(True)
        describe(self.previous_button, "Save your answer and go to the previous question (Alt+P).")
        describe(self.check_button, "Check your answer now and see why (practice mode, Alt+C).")
        describe(self.next_button, "Save your answer and go to the next question (Alt+N).")
        describe(self.submit_button, "Hand in the quiz and see your results.")
        self.previous_button.clicked.connect(self.previous)
        self.check_button.clicked.connect(self.check)
        self.next_button.clicked.connect(self.next)
        self.submit_button.clicked.connect(self.submit)
        nav = QHBoxLayout()
        nav.setContentsMargins(22, 8, 22, 14)
        nav.addWidget(self.previous_button)
        nav.addStretch(1)
        nav.addWidget(self.status, 3)
        nav.addStretch(1)
        nav.addWidget(self.check_button)
        nav.addWidget(self.next_button)
        nav.addWidget(self.submit_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(0)
        right_layout.addWidget(self.scroll, 1)
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setObjectName("rule")
        right_layout.addWidget(rule)
        right_layout.addLayout(nav)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 6)
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addWidget(self.splitter, 1)

        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._tick)
        self.set_timer_visible(time_limit is not None)

        self.setAccessibleName("Quiz")
        self.set_theme(theme)

    # ------------------------------------------------------------------ public API

    def set_theme(self, theme: Theme) -> None:
        """Colours and style sheet of `theme` (the reader follows)."""
        self._theme = theme
        apply_theme(self, theme)
        self.setStyleSheet(style_sheet(theme) + quiz_style_sheet(theme))
        self.reader.set_theme(theme)

    def open_quiz(self, quiz_id: int, learner_id: int, *, restart: bool = False) -> None:
        """Resume the learner's unfinished attempt at the quiz, or start one (an op)."""
        self.status.setText("Opening the quiz…")
        open_attempt(self.ctx, quiz_id=quiz_id, learner_id=learner_id, restart=restart).success(
            self._guarded(self.start)
        ).failure(self._guarded(self._failed)).run(initiator=self)

    def start(self, start: PlayerStart) -> None:
        """Show an attempt: every stored answer in its editor, at the item the learner was on."""
        self._start = start
        self._finishing = False
        self._shown_article = None
        self._opened_at = time.monotonic()
        for editor in self._editors.values():
            self._editor_box.removeWidget(editor)
            editor.hide()
            editor.deleteLater()
        self._editors.clear()
        self._saved.clear()
        self._feedback.clear()
        attempt = start.attempt
        for item in attempt.quiz.items:
            editor = editor_for(item, self.editors)
            editor.hide()
            editor.changed.connect(self._on_editor_changed)
            editor.submitted.connect(self._on_editor_submitted)
            self._editors[item.position] = editor
            latest = attempt.latest(item.position)
            if latest is not None:
                editor.set_response(latest.answer)
                self._saved[item.position] = jsonable(latest.answer)
                if latest.feedback is not None and attempt.mode == "practice":
                    self._feedback[item.position] = (latest.feedback, jsonable(latest.answer))
        self.title.setText(attempt.quiz.title)
        practice = attempt.mode == "practice"
        self.mode_label.setText("Practice: feedback as you go" if practice else "Assessment: feedback after you submit")
        self.check_button.setVisible(practice)
        self.submit_button.setText("&Finish" if practice else "S&ubmit")
        self._ticker.start()
        self._tick()
        count = len(attempt.quiz.items)
        if not count:
            self.progress_label.setText("No questions")
            self.status.setText("This quiz has no questions.")
            for button in (self.previous_button, self.check_button, self.next_button):
                button.setEnabled(False)
            return
        position = min(max(attempt.current_position, 1), count)
        self._show(position)
        if start.resumed:
            answered = len(self._saved)
            self.status.setText(
                f"Welcome back, {start.learner.name}: you were on question {position}; "
                f"{answered} answer{'s' if answered != 1 else ''} kept."
            )
        else:
            self.status.setText("")
        self.started.emit(start)

    def quiz(self) -> QuizView | None:
        """The quiz of the attempt on show."""
        return self._start.attempt.quiz if self._start else None

    def attempt_id(self) -> int | None:
        return self._start.attempt.id if self._start else None

    def mode(self) -> str | None:
        return self._start.attempt.mode if self._start else None

    def position(self) -> int:
        """The item on show (1-based)."""
        return self._position

    def count(self) -> int:
        return len(self._start.attempt.quiz.items) if self._start else 0

    def editor(self, position: int | None = None) -> ItemEditor:
        """The editor of an item (the one on show by default)."""
        return self._editors[position or self._position]

    def saved_answer(self, position: int) -> Any:
        """The answer the store holds for an item, as far as this player knows."""
        return self._saved.get(position)

    def progress_text(self) -> str:
        return self.progress_label.text()

    def go_to(self, position: int) -> None:
        """Save the answer on show if it changed, and move to item `position`."""
        if not self._start or not 1 <= position <= self.count() or position == self._position:
            return
        if not self._save_current(move_to=position):
            save_position(self.ctx, attempt_id=self._start.attempt.id, position=position).failure(
                self._guarded(self._failed)
            ).run(initiator=self)
        self._show(position)

    @Slot()
    def next(self) -> None:
        self.go_to(self._position + 1)

    @Slot()
    def previous(self) -> None:
        self.go_to(self._position - 1)

    @Slot()
    def check(self) -> None:
        """Practice: save and grade the answer on show, then show feedback."""
        if not self._start or self._start.attempt.mode != "practice":
            return
        position = self._position
        editor = self._editors[position]
        if editor.is_locked():
            return
        response = editor.response(explicit=True)
        if response is None:
            self.status.setText("Give an answer first, then Check.")
            return
        self.status.setText("Checking…")
        self.check_button.setEnabled(False)
        self._saved[position] = jsonable(response)

        def done(view: ResponseView) -> None:
            self.check_button.setEnabled(True)
            self.status.setText("")
            if view.feedback is not None:
                self._feedback[position] = (view.feedback, jsonable(response))
                if position == self._position:
                    self._show_feedback(position)

        save_answer(self.ctx, attempt_id=self._start.attempt.id, position=position, response=response).success(
            self._guarded(done)
        ).failure(self._guarded(self._failed)).run(initiator=self)

    @Slot()
    def try_again(self) -> None:
        """Practice: hide the feedback and let the answer be changed (the next Check is try 2)."""
        position = self._position
        self._feedback.pop(position, None)
        editor = self._editors.get(position)
        if editor is not None:
            editor.set_locked(False)
            editor.show_marks(None)
            editor.focus_first()
        self.feedback.hide()
        self._update_buttons()

    @Slot()
    def submit(self) -> None:
        """Save the answer on show and finish the attempt (asking first in assessment mode, or
        when questions are unanswered); `finished(result)` follows."""
        if not self._start or self._finishing:
            return
        self._save_current()
        unanswered = [p for p in self._editors if p not in self._saved]
        if self._start.attempt.mode == "assessment" or unanswered:
            text = "Submit your answers? You cannot change them afterwards."
            if unanswered:
                n = len(unanswered)
                text = (
                    f"{n} question{'s are' if n != 1 else ' is'} not answered "
                    f"({', '.join(str(p) for p in unanswered[:8])}{'…' if n > 8 else ''}). " + text
                )
            if not self._confirm(self, "Submit the quiz", text):
                return
        self._finish()

    def save_pending(self) -> None:
        """Save the answer on show if it changed (call before the app closes)."""
        self._save_current()

    def set_timer_visible(self, visible: bool) -> None:
        """Show or hide the timer (elapsed time, or time left with a time limit)."""
        self.timer_label.setVisible(visible)
        if self.timer_button.isChecked() != visible:
            self.timer_button.setChecked(visible)

    def timer_text(self) -> str:
        return self.timer_label.text()

    # ------------------------------------------------------------------ internals

    def _guarded(self, fn: Callable[..., None]) -> Callable[..., None]:
        """`fn`, skipped when this widget is gone by the time an op comes back."""

        def call(*args: Any) -> None:
            if isValid(self):
                fn(*args)

        return call

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(user_message(exc))
        self.check_button.setEnabled(True)
        self._finishing = False
        self.ctx.on_error(user_message(exc))

    def _save_current(self, *, move_to: int | None = None) -> bool:
        """Save the answer on show when it differs from the stored one. True if an op was sent."""
        if not self._start:
            return False
        position = self._position
        editor = self._editors.get(position)
        if editor is None or editor.is_locked():
            return False
        response = editor.response()
        if response is None or jsonable(response) == self._saved.get(position):
            return False
        self._saved[position] = jsonable(response)
        save_answer(
            self.ctx, attempt_id=self._start.attempt.id, position=position, response=response, move_to=move_to
        ).success(self._guarded(self._on_saved)).failure(self._guarded(self._failed)).run(initiator=self)
        return True

    def _on_saved(self, view: ResponseView) -> None:
        if self._start and self._start.attempt.mode == "practice" and view.feedback is not None:
            self._feedback[view.position] = (view.feedback, jsonable(view.answer))

    def _finish(self) -> None:
        assert self._start is not None
        self._finishing = True
        self.status.setText("Submitting…")
        self.submit_button.setEnabled(False)

        def done(result: AttemptResult) -> None:
            self._ticker.stop()
            self.submit_button.setEnabled(True)
            self.status.setText("Submitted.")
            self.finished.emit(result)

        finish_attempt(self.ctx, attempt_id=self._start.attempt.id, today=self._today()).success(self._guarded(done)).failure(
            self._guarded(self._failed)
        ).run(initiator=self)

    def _show(self, position: int) -> None:
        assert self._start is not None
        self._position = position
        item = self._start.attempt.quiz.items[position - 1]
        q = item.question
        count = self.count()
        self.progress_label.setText(f"Question {position} of {count}")
        self.progress.setRange(0, count)
        self.progress.setValue(position)
        self.progress.setAccessibleDescription(f"Question {position} of {count}")
        self.meta.setText(f"{skill_label(q.skill).upper()}  ·  {kind_label(q.kind)}")
        self.prompt.setText(q.prompt)
        editor = self._editors[position]
        while self._editor_box.count():
            shown = self._editor_box.takeAt(0).widget()
            if shown is not None:
                shown.hide()
        self._editor_box.addWidget(editor)
        editor.show()
        if position in self._feedback:
            self._show_feedback(position)
        else:
            editor.set_locked(False)
            editor.show_marks(None)
            self.feedback.hide()
        self._show_passage(position)
        self._update_buttons()
        self.scroll.verticalScrollBar().setValue(0)
        self.status.setText("")
        editor.focus_first()
        self.position_changed.emit(position)

    def _show_feedback(self, position: int) -> None:
        assert self._start is not None
        feedback, answer = self._feedback[position]
        editor = self._editors[position]
        marks = part_marks(editor.question, answer)
        editor.set_response(answer)
        editor.set_locked(True)
        editor.show_marks(marks)
        passage = self._start.passages.get(position)
        self.feedback.show_feedback(feedback, marks, can_show=passage is not None)
        self.feedback.show()
        self._update_buttons()
        # Keyboard users go on from the feedback: Try again when wrong, else Next (or Finish).
        if not feedback.correct:
            self.feedback.retry_button.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.next_button.isEnabled():
            self.next_button.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.submit_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_buttons(self) -> None:
        count = self.count()
        self.previous_button.setEnabled(self._position > 1)
        self.next_button.setEnabled(self._position < count)
        checked = self._position in self._feedback
        self.check_button.setEnabled(not checked)
        last = self._position == count
        self.submit_button.setDefault(last)
        self.check_button.setDefault(not checked)

    def _item_articles(self, position: int) -> list[str]:
        assert self._start is not None
        q = self._start.attempt.quiz.items[position - 1].question
        return [a for a in q.articles if a in self._start.articles]

    def _show_passage(self, position: int) -> None:
        assert self._start is not None
        articles = self._item_articles(position)
        passage = self._start.passages.get(position)
        self.article_tabs.blockSignals(True)
        while self.article_tabs.count():
            self.article_tabs.removeTab(0)
        if len(articles) > 1:
            for article_id in articles:
                self.article_tabs.addTab(self._start.articles[article_id].title)
        self.article_tabs.setVisible(len(articles) > 1)
        self.article_tabs.blockSignals(False)
        if not articles:
            self._set_article(None)
            return
        shown = passage.article_id if passage is not None and passage.article_id in articles else articles[0]
        if len(articles) > 1:
            self.article_tabs.setCurrentIndex(articles.index(shown))
        self._set_article(shown)
        if passage is not None and passage.article_id == shown:
            self._mark(passage)

    def _set_article(self, article_id: str | None) -> None:
        """Show an article with nothing marked yet."""
        if article_id != self._shown_article:
            self._shown_article = article_id
            self.reader.set_article(self._start.articles[article_id] if self._start and article_id else None)
        self.reader.set_annotation_filter(())
        self.reader.clear_selection()
        cursor = self.reader.browser.textCursor()
        cursor.clearSelection()
        self.reader.browser.setTextCursor(cursor)

    def _mark(self, passage: ItemPassage) -> None:
        """Highlight and select the item's annotation in the reader, or mark its passage as a
        selection."""
        self.reader.set_annotation_filter([passage.annotation_id] if passage.annotation_id else ())
        if passage.annotation_id and self.reader.select_annotation(passage.annotation_id):
            return
        if passage.start is None or passage.end is None:
            return
        start, end = self.reader.body_map().to_doc_range(passage.start, passage.end)
        browser = self.reader.browser
        cursor = QTextCursor(browser.document())
        cursor.setPosition(end)
        browser.setTextCursor(cursor)
        browser.ensureCursorVisible()
        cursor.setPosition(start, QTextCursor.MoveMode.KeepAnchor)
        browser.setTextCursor(cursor)

    def marked_text(self) -> str:
        """The text marked in the reader for the item on show (selected annotation or passage)."""
        current = self.reader.current_annotation()
        if current:
            span = self.reader.document_range(current)
            if span:
                cursor = QTextCursor(self.reader.browser.document())
                cursor.setPosition(span[0])
                cursor.setPosition(span[1], QTextCursor.MoveMode.KeepAnchor)
                return cursor.selectedText()
        return self.reader.browser.textCursor().selectedText()

    @Slot(int)
    def _on_article_tab(self, index: int) -> None:
        articles = self._item_articles(self._position) if self._start else []
        if 0 <= index < len(articles):
            self._set_article(articles[index])
            passage = self._start.passages.get(self._position) if self._start else None
            if passage is not None and passage.article_id == articles[index]:
                self._mark(passage)

    @Slot()
    def _emit_show_in_article(self) -> None:
        if not self._start:
            return
        passage = self._start.passages.get(self._position)
        if passage is not None:
            self.show_in_article.emit(passage.article_id, passage.annotation_id or "")

    @Slot()
    def _on_editor_changed(self) -> None:
        if self.status.text() and not self.status.text().startswith("Welcome back"):
            self.status.setText("")

    @Slot()
    def _on_editor_submitted(self) -> None:
        if self.mode() == "practice" and self.check_button.isEnabled():
            self.check()
        elif self._position < self.count():
            self.next()

    @Slot()
    def _tick(self) -> None:
        elapsed = time.monotonic() - self._opened_at
        if self._time_limit is None:
            self.timer_label.setText(f"Time {_clock(elapsed)}")
            return
        left = self._time_limit - elapsed
        self.timer_label.setText(f"Time left {_clock(left)}")
        if left <= 0 and not self._finishing and self._start is not None:
            self._ticker.stop()
            self.timer_label.setText("Time is up")
            if self._start.attempt.mode == "assessment":
                self._save_current()
                self._finish()
