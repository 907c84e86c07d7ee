"""The quiz area's place in the main window: a Quizzes menu, the review count in the status
bar, "who is reading" at start, and "Show me in the article" opening the reader.

`install_quiz_actions(window, ctx)` is the one call the main window makes. The quiz area
itself (`desktop.quiz.home.QuizHome`) opens in a window of its own the first time it is asked
for. Teacher-only actions (build, dashboard, learners, print) follow the window's mode.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, Slot
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QToolButton

from desktop.operations import OpContext
from desktop.quiz.review import due_text
from quizzes.attempts import LearnerView

if TYPE_CHECKING:
    from desktop.quiz.home import QuizHome, QuizWindow

__all__ = ["QuizActions", "install_quiz_actions"]

TEACHER = "teacher"


def _bring_forward(window: Any) -> None:
    """Raise and activate a window (the offscreen platform of tests and screenshots cannot
    raise one, and warns if asked)."""
    if QGuiApplication.platformName() != "offscreen":
        window.raise_()
    window.activateWindow()


class QuizActions(QObject):
    """Menu actions and the status-bar review button for the quiz area of `window`."""

    def __init__(self, window: Any, ctx: OpContext) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = ctx
        self.quiz_window: QuizWindow | None = None
        self.learner: LearnerView | None = None

        menu = window.add_menu("quizzes", "&Quizzes")
        self.open_action = self._add(menu, "&Quizzes…", self.open_quizzes, "Ctrl+Shift+Q",
                                     "Open the quizzes: your assigned quizzes and review queue")
        self.who_action = self._add(menu, "&Who is reading…", self.ask_who_is_reading, "",
                                    "Choose your name, or continue as a guest")
        self.review_action = self._add(menu, "&Review due questions", self.practise_due, "",
                                       "Practise the questions due for review today")
        menu.addSeparator()
        self.build_action = self._add(menu, "&Build a quiz…", self.open_builder, "",
                                      "Draw a quiz from the question bank (teacher mode)")
        self.dashboard_action = self._add(menu, "&Dashboard…", self.open_dashboard, "",
                                          "Item analysis and mastery per learner (teacher mode)")
        self.learners_action = self._add(menu, "&Learners…", self.ask_who_is_reading, "",
                                         "Rename, merge or delete learners (teacher mode)")
        self.teacher_actions = (self.build_action, self.dashboard_action, self.learners_action)

        self.review_button = QToolButton(window)
        self.review_button.setObjectName("reviewIndicator")
        self.review_button.setAutoRaise(True)
        self.review_button.setText("Quizzes")
        self.review_button.setToolTip("Open the quizzes and the review queue")
        self.review_button.setAccessibleName("Quizzes and review queue")
        self.review_button.setAccessibleDescription(
            "Opens the quizzes; shows how many review questions are due today for who is reading."
        )
        self.review_button.clicked.connect(self.open_quizzes)
        window.statusBar().addPermanentWidget(self.review_button)

        window.mode_changed.connect(self._on_mode)
        self._on_mode(getattr(window, "mode", "student"))
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Closing the main window closes the quiz window too (saving the answer on show)."""
        if watched is self.window and event.type() == QEvent.Type.Close and self.quiz_window is not None:
            self.quiz_window.close()
        return False

    def _add(self, menu: Any, text: str, slot: Any, shortcut: str, tip: str) -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    # ------------------------------------------------------------------ the quiz area

    def is_teacher(self) -> bool:
        return getattr(self.window, "mode", "student") == TEACHER

    def home(self) -> QuizHome:
        """The quiz area (made on first use, in its own window)."""
        if self.quiz_window is None:
            from desktop.quiz.home import QuizHome, QuizWindow

            home = QuizHome(self.ctx, theme=self.window.theme, is_teacher=self.is_teacher)
            home.show_in_article.connect(self.show_in_article)
            home.learner_changed.connect(self._on_learner)
            home.due_count_changed.connect(self._on_due)
            self.quiz_window = QuizWindow(home, self.window)
        home = self.quiz_window.home
        if home.theme() != self.window.theme:  # follow the main window's theme
            home.set_theme(self.window.theme)
        return home

    @Slot()
    def open_quizzes(self) -> QuizHome:
        """Show the quiz area; asks who is reading first when nobody is chosen."""
        home = self.home()
        assert self.quiz_window is not None
        self.quiz_window.show()
        _bring_forward(self.quiz_window)
        if home.learner is None:
            home.choose_learner()
        return home

    @Slot()
    def ask_who_is_reading(self) -> None:
        """The "Who is reading?" dialog, over the quiz window (from the menu)."""
        home = self.home()
        assert self.quiz_window is not None
        self.quiz_window.show()
        home.choose_learner()

    def ask_at_start(self) -> Any:
        """The "Who is reading?" dialog over the main window, when the app starts; the quiz
        window stays closed until asked for. Returns the dialog."""
        return self.home().choose_learner(self.window)

    @Slot()
    def practise_due(self) -> None:
        home = self.open_quizzes()
        if home.learner is not None:
            home.review.practise()

    @Slot()
    def open_builder(self) -> None:
        if self.is_teacher():
            self.open_quizzes().show_builder()

    @Slot()
    def open_dashboard(self) -> None:
        if self.is_teacher():
            self.open_quizzes().show_dashboard()

    @Slot(str, str)
    def show_in_article(self, article_id: str, annotation_id: str) -> None:
        """Open the main window's reader on the annotation (or just the article)."""
        if hasattr(self.window, "show_reader_page"):
            self.window.show_reader_page()
        self.window.open_article(article_id, select=annotation_id or None)
        _bring_forward(self.window)

    # ------------------------------------------------------------------ state

    @Slot(str)
    def _on_mode(self, mode: str) -> None:
        teacher = mode == TEACHER
        for action in self.teacher_actions:
            action.setVisible(teacher)
        if self.quiz_window is not None:
            self.quiz_window.home.set_teacher(teacher)

    @Slot(object)
    def _on_learner(self, learner: LearnerView | None) -> None:
        self.learner = learner
        if learner is None:
            self.review_button.setText("Quizzes")

    @Slot(int)
    def _on_due(self, count: int) -> None:
        who = f"{self.learner.name}: " if self.learner else ""
        self.review_button.setText(f"{who}{due_text(count)}")
        self.review_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)


def install_quiz_actions(window: Any, ctx: OpContext) -> QuizActions:
    """Add the quiz area to the main window (menu, status bar, reader jumps)."""
    actions = QuizActions(window, ctx)
    window.quiz_actions = actions
    return actions
