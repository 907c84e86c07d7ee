"""The quiz area: who is reading, their review queue and quizzes, and (in teacher mode) the
builder, the dashboard, learner management and printing; the player and results open in it.

`QuizHome` is one widget with pages (home · player · results · builder · dashboard);
`QuizWindow` puts it in a window of its own. Learner choice, the teacher check and the print
path come in through the constructor, so tests drive them without dialogs.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop.events import Changes
from desktop.operations import OpContext, user_message
from desktop.operations.quizzes import (
    PlayerStart,
    PrintableQuiz,
    QuizRow,
    fetch_printable,
    fetch_quizzes,
    fetch_result,
)
from desktop.quiz.access import describe
from desktop.quiz.builder import QuizBuilder
from desktop.quiz.dashboard import TeacherDashboard
from desktop.quiz.delegates import TwoLineDelegate
from desktop.quiz.editors import quiz_style_sheet
from desktop.quiz.learners import LearnerDialog
from desktop.quiz.models import QuizListModel
from desktop.quiz.player import QuizPlayer, ask_yes_no
from desktop.quiz.results import ResultsView
from desktop.quiz.review import ReviewCard
from desktop.theme import LIGHT, Theme, apply_theme, style_sheet
from quizzes.attempts import AttemptResult, LearnerView

__all__ = ["QuizHome", "QuizWindow", "choose_pdf_path"]

ChoosePdf = Callable[[QWidget, str], "tuple[Path, bool] | None"]


def choose_pdf_path(parent: QWidget, suggested: str) -> tuple[Path, bool] | None:
    """Ask where to save a quiz PDF and whether it is the answer key (None when cancelled)."""
    path, chosen = QFileDialog.getSaveFileName(
        parent, "Print quiz to PDF", suggested, "Quiz (*.pdf);;Answer key (*.pdf)"
    )
    if not path:
        return None
    return Path(path), chosen.startswith("Answer key")


class QuizHome(QWidget):
    """The student's quiz list and review queue, and the teacher's quiz tools, in pages."""

    show_in_article = Signal(str, str)
    learner_changed = Signal(object)  # LearnerView
    due_count_changed = Signal(int)

    HOME, PLAYER, RESULTS, BUILDER, DASHBOARD = range(5)

    def __init__(
        self,
        ctx: OpContext,
        parent: QWidget | None = None,
        *,
        theme: Theme = LIGHT,
        is_teacher: Callable[[], bool] = lambda: False,
        confirm: Callable[[QWidget, str, str], bool] = ask_yes_no,
        choose_pdf: ChoosePdf = choose_pdf_path,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._theme = theme
        self._is_teacher = is_teacher
        self._confirm = confirm
        self._choose_pdf = choose_pdf
        self.learner: LearnerView | None = None
        self.builder: QuizBuilder | None = None
        self.dashboard: TeacherDashboard | None = None
        self.learner_dialog: LearnerDialog | None = None

        # Home page.
        self.who = QLabel("Nobody chosen yet")
        self.who.setProperty("role", "heading")
        self.who.setAccessibleName("Reading as")
        self.change_button = QPushButton("&Change reader…")
        describe(self.change_button, "Choose another name, or continue as a guest.")
        self.change_button.clicked.connect(lambda: self.choose_learner())
        who_row = QHBoxLayout()
        who_row.addWidget(self.who, 1)
        who_row.addWidget(self.change_button)
        self.review = ReviewCard(ctx, today=today)
        self.review.practice_started.connect(self.play)
        self.review.count_changed.connect(self.due_count_changed)
        quizzes_title = QLabel("YOUR QUIZZES")
        quizzes_title.setProperty("role", "section")
        self.quiz_model = QuizListModel(self)
        self.quiz_list = QListView()
        self.quiz_list.setModel(self.quiz_model)
        self.quiz_list.setAccessibleName("Quizzes")
        self.quiz_list.setAccessibleDescription("Your quizzes with your progress; Return starts or resumes one.")
        self.quiz_list.setItemDelegate(TwoLineDelegate(self.quiz_list, theme=theme, title_lines=1))
        self.quiz_list.setSpacing(1)
        self.quiz_list.activated.connect(self._on_quiz_activated)
        self.start_button = QPushButton("&Start or resume")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start_selected)
        self.again_button = QPushButton("Start &again")
        self.again_button.clicked.connect(lambda: self.start_selected(restart=True))
        self.build_button = QPushButton("&Build a quiz…")
        self.build_button.clicked.connect(self.show_builder)
        self.dashboard_button = QPushButton("&Dashboard…")
        self.dashboard_button.clicked.connect(self.show_dashboard)
        self.learners_button = QPushButton("&Learners…")
        self.learners_button.clicked.connect(lambda: self.choose_learner())
        self.print_button = QPushButton("&Print…")
        self.print_button.clicked.connect(self.print_selected)
        self.status = QLabel()
        self.status.setProperty("role", "muted")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Quiz status")
        for button, text in (
            (self.start_button, "Start the selected quiz, or resume it where you left off."),
            (self.again_button, "Start the selected quiz again from the first question."),
            (self.build_button, "Draw a new quiz from the question bank."),
            (self.dashboard_button, "Item analysis per quiz and mastery per learner."),
            (self.learners_button, "Add, rename, merge or delete learners."),
            (self.print_button, "Print the selected quiz, or its answer key, to a PDF."),
        ):
            describe(button, text)
        student_row = QHBoxLayout()
        student_row.addWidget(self.start_button)
        student_row.addWidget(self.again_button)
        student_row.addStretch(1)
        self.teacher_row = QWidget()
        teacher_layout = QHBoxLayout(self.teacher_row)
        teacher_layout.setContentsMargins(0, 0, 0, 0)
        teacher_title = QLabel("TEACHER")
        teacher_title.setProperty("role", "section")
        teacher_layout.addWidget(teacher_title)
        for b in (self.build_button, self.dashboard_button, self.learners_button, self.print_button):
            teacher_layout.addWidget(b)
        teacher_layout.addStretch(1)
        home = QWidget()
        column = QWidget()  # a readable column, centred on wide windows
        column.setMaximumWidth(980)
        outer = QHBoxLayout(home)
        outer.addStretch(1)
        outer.addWidget(column, 20)
        outer.addStretch(1)
        home_layout = QVBoxLayout(column)
        home_layout.setContentsMargins(24, 18, 24, 18)
        home_layout.setSpacing(10)
        home_layout.addLayout(who_row)
        home_layout.addWidget(self.review)
        home_layout.addWidget(quizzes_title)
        home_layout.addWidget(self.quiz_list, 1)
        home_layout.addLayout(student_row)
        home_layout.addWidget(self.status)
        home_layout.addWidget(self.teacher_row)

        self.player = QuizPlayer(ctx, theme=theme, confirm=confirm, today=today)
        self.player.finished.connect(self._on_finished)
        self.player.show_in_article.connect(self.show_in_article)
        self.results = ResultsView(theme=theme)
        self.results.done.connect(self.show_home)
        self.results.show_in_article.connect(self.show_in_article)
        self.player_back = QPushButton("◀ &Quizzes")
        self.player_back.setToolTip("Leave the quiz (your answers are kept; come back to resume)")
        describe(self.player_back, "Back to the quiz list; your answers are kept.", "Back to quizzes")
        self.player_back.clicked.connect(self.leave_player)
        player_page = QWidget()
        player_layout = QVBoxLayout(player_page)
        player_layout.setContentsMargins(0, 0, 0, 0)
        player_layout.setSpacing(0)
        back_row = QHBoxLayout()
        back_row.setContentsMargins(10, 6, 10, 0)
        back_row.addWidget(self.player_back)
        back_row.addStretch(1)
        player_layout.addLayout(back_row)
        player_layout.addWidget(self.player, 1)

        self.pages = QStackedWidget()
        self.pages.addWidget(home)
        self.pages.addWidget(player_page)
        self.pages.addWidget(self.results)
        self.pages.addWidget(QWidget())  # builder, made on first use
        self.pages.addWidget(QWidget())  # dashboard, made on first use
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self.setAccessibleName("Quizzes")
        self.set_theme(theme)
        self.quiz_list.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        ctx.events.store_changed.connect(self._on_store_changed)
        self.set_teacher(is_teacher())
        self._update_buttons()

    # ------------------------------------------------------------------ API

    def theme(self) -> Theme:
        return self._theme

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        apply_theme(self, theme)
        self.setStyleSheet(style_sheet(theme) + quiz_style_sheet(theme))
        self.player.set_theme(theme)
        self.results.set_theme(theme)

    def set_teacher(self, teacher: bool) -> None:
        """Show or hide the teacher's tools (builder, dashboard, learners, print)."""
        self.teacher_row.setVisible(teacher)
        if not teacher and self.pages.currentIndex() in (self.BUILDER, self.DASHBOARD):
            self.show_home()

    def set_learner(self, learner: LearnerView | None) -> None:
        """Who is reading: their quizzes and review queue."""
        self.learner = learner
        if learner is None:
            self.who.setText("Nobody chosen yet")
        else:
            self.who.setText(f"Reading as {learner.name}" + (f" · {learner.class_name}" if learner.class_name else ""))
        self.learner_changed.emit(learner)
        self.review.set_learner(learner.id if learner else None)
        self.refresh()

    def choose_learner(self, parent: QWidget | None = None) -> LearnerDialog:
        """Open the "Who is reading?" dialog over `parent` (this widget by default),
        window-modal and not blocking."""
        dialog = LearnerDialog(
            self.ctx, parent or self, teacher=self._is_teacher(), theme=self._theme, confirm=self._confirm
        )
        dialog.learner_chosen.connect(self.set_learner)
        dialog.learners_changed.connect(self._on_learners_changed)
        dialog.finished.connect(dialog.deleteLater)
        if self.learner is not None:
            dialog.refresh(select=self.learner.id)
        self.learner_dialog = dialog
        dialog.open()
        return dialog

    def refresh(self) -> None:
        """Reload the learner's quizzes (an op)."""
        learner_id = self.learner.id if self.learner else None

        def show(rows: list[QuizRow]) -> None:
            current = self.quiz_list.currentIndex()
            wanted = self.quiz_model.value(current.row()).id if current.isValid() and self.quiz_model.value(current.row()) else None
            self.quiz_model.set_rows(rows)
            row = self.quiz_model.row_of(wanted) if wanted is not None else (0 if rows else -1)
            if row >= 0:
                self.quiz_list.setCurrentIndex(self.quiz_model.index(row))
            if not rows:
                self.status.setText("No quizzes yet." + (" Build one with “Build a quiz…”." if self._is_teacher() else ""))
            self._update_buttons()

        fetch_quizzes(self.ctx, learner_id=learner_id).success(self._guarded(show)).run()

    def selected_quiz(self) -> QuizRow | None:
        index = self.quiz_list.currentIndex()
        return self.quiz_model.value(index.row()) if index.isValid() else None

    def select_quiz(self, quiz_id: int) -> None:
        row = self.quiz_model.row_of(quiz_id)
        if row >= 0:
            self.quiz_list.setCurrentIndex(self.quiz_model.index(row))

    def start_selected(self, *, restart: bool = False) -> None:
        """Open the selected quiz in the player: resume the learner's attempt, or start one."""
        quiz = self.selected_quiz()
        if quiz is None:
            return
        if self.learner is None:
            self.status.setText("Choose who is reading first.")
            self.choose_learner()
            return
        self.pages.setCurrentIndex(self.PLAYER)
        self.player.open_quiz(quiz.id, self.learner.id, restart=restart)

    @Slot(object)
    def play(self, start: PlayerStart) -> None:
        """Show an attempt that is already open (a review session)."""
        self.pages.setCurrentIndex(self.PLAYER)
        self.player.start(start)

    def leave_player(self) -> None:
        """Back to the quiz list; the answer on show is saved, the attempt stays open."""
        self.player.save_pending()
        self.show_home()

    def show_home(self) -> None:
        self.pages.setCurrentIndex(self.HOME)
        self.refresh()

    def show_results(self, attempt_id: int) -> None:
        """Show a finished attempt's results (an op)."""
        fetch_result(self.ctx, attempt_id=attempt_id).success(self._guarded(self._on_finished)).run()

    def show_builder(self) -> QuizBuilder:
        if self.builder is None:
            self.builder = QuizBuilder(self.ctx, theme=self._theme)
            self.builder.quiz_saved.connect(lambda view: self.status.setText(f"Saved “{view.title}”."))
            self._replace_page(self.BUILDER, self._with_back(self.builder))
        self.pages.setCurrentIndex(self.BUILDER)
        return self.builder

    def show_dashboard(self) -> TeacherDashboard:
        if self.dashboard is None:
            self.dashboard = TeacherDashboard(self.ctx, theme=self._theme)
            self._replace_page(self.DASHBOARD, self._with_back(self.dashboard))
        else:
            self.dashboard.refresh()
        self.pages.setCurrentIndex(self.DASHBOARD)
        quiz = self.selected_quiz()
        if quiz is not None:
            self.dashboard.show_quiz(quiz.id)
        return self.dashboard

    def print_selected(self) -> None:
        """Print the selected quiz, or its answer key, to a PDF the teacher names (read by an op,
        drawn here)."""
        quiz = self.selected_quiz()
        if quiz is None:
            return
        safe = "".join(c if c.isalnum() else "-" for c in quiz.title).strip("-").lower() or "quiz"
        chosen = self._choose_pdf(self, f"{safe}.pdf")
        if chosen is None:
            return
        path, answer_key = chosen

        def write(printable: PrintableQuiz) -> None:
            from desktop.quiz.print import write_pdf

            try:
                pages = write_pdf(printable, path, answer_key=answer_key)
            except Exception as exc:  # noqa: BLE001 - shown, never raised into Qt
                self.status.setText(user_message(exc))
                return
            what = "answer key" if answer_key else "quiz"
            self.status.setText(f"Printed the {what} to {path} ({pages} page{'s' if pages != 1 else ''}).")

        fetch_printable(self.ctx, quiz_id=quiz.id).success(self._guarded(write)).failure(
            self._guarded(lambda exc: self.status.setText(user_message(exc)))
        ).run()

    # ------------------------------------------------------------------ internals

    def _guarded(self, fn: Callable[..., None]) -> Callable[..., None]:
        def call(*args: object) -> None:
            if isValid(self):
                fn(*args)

        return call

    def _replace_page(self, index: int, widget: QWidget) -> None:
        old = self.pages.widget(index)
        self.pages.insertWidget(index, widget)
        self.pages.removeWidget(old)
        old.deleteLater()

    def _with_back(self, widget: QWidget) -> QWidget:
        page = QWidget()
        back = QPushButton("◀ &Quizzes")
        describe(back, "Back to the quiz list.", "Back to quizzes")
        back.clicked.connect(self.show_home)
        row = QHBoxLayout()
        row.setContentsMargins(10, 6, 10, 0)
        row.addWidget(back)
        row.addStretch(1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(row)
        layout.addWidget(widget, 1)
        return page

    @Slot(object)
    def _on_finished(self, result: AttemptResult) -> None:
        quiz = self.player.quiz()
        orders = {i.position: i.choice_order for i in quiz.items} if quiz and quiz.id == result.quiz_id else {}
        title = quiz.title if quiz and quiz.id == result.quiz_id else ""
        self.results.set_result(
            result, title=title, learner=self.learner.name if self.learner else "", choice_orders=orders
        )
        self.pages.setCurrentIndex(self.RESULTS)

    def _on_learners_changed(self) -> None:
        if self.learner is not None:
            # The learner on show may have been renamed, merged away or deleted: choose again
            # when they are gone (the dialog is open anyway).
            self.refresh()

    @Slot(QModelIndex)
    def _on_quiz_activated(self, _index: QModelIndex) -> None:
        self.start_selected()

    def _update_buttons(self) -> None:
        has = self.selected_quiz() is not None
        self.start_button.setEnabled(has)
        self.again_button.setEnabled(has)
        self.print_button.setEnabled(has)
        quiz = self.selected_quiz()
        if quiz is not None and quiz.in_progress_at is not None:
            self.start_button.setText(f"&Resume at question {quiz.in_progress_at}")
        else:
            self.start_button.setText("&Start")

    @Slot(object, object)
    def _on_store_changed(self, changes: Changes, initiator: object) -> None:
        if not isValid(self) or initiator is self.player:
            return
        if (changes.questions or changes.attempts) and self.pages.currentIndex() == self.HOME:
            self.refresh()


class QuizWindow(QMainWindow):
    """`QuizHome` in a window of its own ("Quizzes"); closing it saves the answer on show."""

    def __init__(self, home: QuizHome, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.home = home
        self.setWindowTitle("Closeread · Quizzes")
        self.setCentralWidget(home)
        self.resize(1280, 820)
        close = QShortcut(QKeySequence.StandardKey.Close, self)
        close.activated.connect(self.close)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.home.player.save_pending()
        super().closeEvent(event)
