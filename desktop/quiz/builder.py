"""The quiz builder (teacher mode): choose what to draw, preview it, swap items, save and assign.

The draw is the bank's rule (`quizzes.assembly`, Moodle's random-question rule): filter by
articles, skills, kinds and difficulty, spread across skills, prefer unseen then least used,
reproducible for a seed. Preview writes nothing; Swap draws one replacement the same way;
Save & assign stores exactly the previewed questions, for everyone or for one learner.
Changing what is drawn (not the title or mode) makes the preview stale: preview again.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop.operations import OpContext, user_message
from desktop.operations.quizzes import (
    BuilderChoices,
    fetch_builder_choices,
    preview_quiz,
    save_quiz,
    swap_question,
)
from desktop.quiz.access import describe
from desktop.quiz.answers import kind_label, skill_label
from desktop.quiz.delegates import TwoLineDelegate
from desktop.quiz.editors import quiz_style_sheet
from desktop.quiz.models import PreviewListModel
from desktop.theme import LIGHT, Theme, apply_theme, style_sheet
from quizzes.assembly import QuizItemView, QuizSpec, QuizView, choice_order_for
from quizzes.items import DIFFICULTIES, QuestionRecord

__all__ = ["QuizBuilder"]

DIFFICULTY_WORDS = {1: "1 · easy", 2: "2 · medium", 3: "3 · hard"}


def _checklist(name: str) -> QListWidget:
    widget = QListWidget()
    widget.setAccessibleName(name)
    widget.setAccessibleDescription("Tick the ones to draw from; none ticked means all. Space ticks.")
    widget.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    return widget


def _checked(widget: QListWidget) -> tuple[str, ...]:
    return tuple(
        widget.item(r).data(Qt.ItemDataRole.UserRole)
        for r in range(widget.count())
        if widget.item(r).checkState() == Qt.CheckState.Checked
    )


class QuizBuilder(QWidget):
    """Build a quiz from the bank; `quiz_saved(QuizView)` after Save & assign."""

    quiz_saved = Signal(object)

    def __init__(self, ctx: OpContext, parent: QWidget | None = None, *, theme: Theme = LIGHT) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._preview_spec: QuizSpec | None = None
        self._loading = False

        self.title_edit = QLineEdit("Treaty reports: checking the claims")
        describe(self.title_edit, "The title learners see.", "Quiz title")
        self.title_edit.setMinimumWidth(380)
        self.articles = _checklist("Articles")
        self.skills = _checklist("Skills")
        self.kinds = _checklist("Question kinds")
        self.count = QSpinBox()
        self.count.setRange(1, 100)
        self.count.setValue(10)
        describe(self.count, "How many questions to draw.", "Number of questions")
        self.count.setFixedWidth(90)
        self.difficulty_min = QComboBox()
        self.difficulty_max = QComboBox()
        for combo, name in ((self.difficulty_min, "Easiest"), (self.difficulty_max, "Hardest")):
            for d in DIFFICULTIES:
                combo.addItem(DIFFICULTY_WORDS.get(d, str(d)), d)
            describe(combo, f"The {name.lower()} questions to draw, 1 to 3.", f"{name} difficulty")
            combo.setFixedWidth(130)
        self.difficulty_max.setCurrentIndex(self.difficulty_max.count() - 1)
        self.mode = QComboBox()
        self.mode.addItem("Practice: feedback after each question", "practice")
        self.mode.addItem("Assessment: feedback after submitting", "assessment")
        describe(self.mode, "Practice gives feedback at once; assessment after submitting.", "Mode")
        self.seed = QSpinBox()
        self.seed.setRange(0, 999_999)
        self.seed.setValue(2024)
        describe(self.seed, "The same settings and seed always draw the same quiz.", "Seed")
        self.seed.setFixedWidth(110)
        self.seed.setToolTip("The same settings and seed always draw the same quiz.")
        self.new_seed = QPushButton("New seed")
        describe(self.new_seed, "Pick a random seed for a different draw.")
        self.new_seed.clicked.connect(lambda: self.seed.setValue(random.randrange(1, 999_999)))
        self.assign = QComboBox()
        describe(self.assign, "Everyone, or one learner (their unseen questions come first).", "Assign to")
        self.assign.addItem("Everyone", None)
        self.assign.setMinimumWidth(220)

        difficulty = QHBoxLayout()
        difficulty.addWidget(self.difficulty_min)
        difficulty.addWidget(QLabel("to"))
        difficulty.addWidget(self.difficulty_max)
        difficulty.addStretch(1)
        seed_row = QHBoxLayout()
        seed_row.addWidget(self.seed)
        seed_row.addWidget(self.new_seed)
        seed_row.addStretch(1)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow("&Title", self.title_edit)
        form.addRow("&Questions", self.count)
        form.addRow("Difficulty", difficulty)
        form.addRow("&Mode", self.mode)
        form.addRow(QLabel("S&eed", buddy=self.seed), seed_row)
        form.addRow("Assign &to", self.assign)
        lists = QGridLayout()
        lists.setVerticalSpacing(4)
        for row, column, span, (label, widget, height) in (
            (0, 0, 2, ("ARTICLES", self.articles, 84)),
            (2, 0, 1, ("SKILLS", self.skills, 256)),
            (2, 1, 1, ("KINDS", self.kinds, 256)),
        ):
            heading = QLabel(label)
            heading.setProperty("role", "section")
            heading.setBuddy(widget)
            widget.setFixedHeight(height)
            widget.setObjectName("plain")
            lists.addWidget(heading, row, column, 1, span)
            lists.addWidget(widget, row + 1, column, 1, span)
        any_hint = QLabel("Nothing ticked in a list means any.")
        any_hint.setProperty("role", "muted")

        left = QWidget()
        left.setMaximumWidth(660)  # the preview gets the rest
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(18, 16, 12, 16)
        heading = QLabel("Build a quiz")
        heading.setProperty("role", "heading")
        left_layout.addWidget(heading)
        left_layout.addLayout(form)
        left_layout.addSpacing(6)
        left_layout.addLayout(lists)
        left_layout.addWidget(any_hint)
        left_layout.addStretch(1)

        self.preview_button = QPushButton("&Preview")
        self.preview_button.setDefault(True)
        self.preview_button.clicked.connect(self.preview)
        self.swap_button = QPushButton("S&wap")
        self.swap_button.setToolTip("Replace the selected question with another drawn the same way")
        self.swap_button.clicked.connect(self.swap_selected)
        self.save_button = QPushButton("&Save && assign")
        self.save_button.clicked.connect(self.save)
        describe(self.preview_button, "Draw the questions these settings give, without saving.")
        describe(self.swap_button, "Replace the selected question with another drawn the same way.")
        describe(self.save_button, "Save exactly these questions as a quiz and assign it.", "Save and assign")
        self.model = PreviewListModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setAccessibleName("Previewed questions")
        self.list.setAccessibleDescription("The drawn questions; select one to swap it.")
        self.list.setItemDelegate(TwoLineDelegate(self.list, theme=theme))
        self.list.setSpacing(1)
        self.list.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        self.status = QLabel("Set what to draw, then Preview.")
        self.status.setProperty("role", "muted")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Builder status")
        preview_heading = QLabel("PREVIEW")
        preview_heading.setProperty("role", "section")
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.swap_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(12, 16, 18, 16)
        right_layout.addWidget(preview_heading)
        right_layout.addWidget(self.list, 1)
        right_layout.addWidget(self.status)
        right_layout.addLayout(buttons)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        for widget in (self.articles, self.skills, self.kinds):
            widget.itemChanged.connect(self._invalidate)
        for spin in (self.count, self.seed):
            spin.valueChanged.connect(self._invalidate)
        for combo in (self.difficulty_min, self.difficulty_max, self.assign):
            combo.currentIndexChanged.connect(self._invalidate)
        self.setAccessibleName("Quiz builder")
        apply_theme(self, theme)
        self.setStyleSheet(style_sheet(theme) + quiz_style_sheet(theme))
        self._update_buttons()
        self.refresh()

    # ------------------------------------------------------------------ API

    def refresh(self) -> None:
        """Load the articles, skills, kinds and learners to choose from (an op)."""
        fetch_builder_choices(self.ctx).success(self._guarded(self._fill)).failure(self._guarded(self._failed)).run()

    def spec(self) -> QuizSpec:
        """The spec the form describes."""
        low = int(self.difficulty_min.currentData())
        high = int(self.difficulty_max.currentData())
        return QuizSpec(
            articles=_checked(self.articles),
            skills=_checked(self.skills),
            kinds=_checked(self.kinds),
            count=self.count.value(),
            difficulty_min=min(low, high),
            difficulty_max=max(low, high),
            mode=str(self.mode.currentData()),
            seed=self.seed.value(),
            learner_id=self.assign.currentData(),
            title=self.title_edit.text().strip() or "Quiz",
        )

    def set_checked(self, which: str, values: tuple[str, ...]) -> None:
        """Tick exactly `values` in the "articles", "skills" or "kinds" list."""
        widget = {"articles": self.articles, "skills": self.skills, "kinds": self.kinds}[which]
        for r in range(widget.count()):
            item = widget.item(r)
            on = item.data(Qt.ItemDataRole.UserRole) in values
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def previewed(self) -> list[QuizItemView]:
        return self.model.rows()

    @Slot()
    def preview(self) -> None:
        """Draw the quiz the form describes, without saving (an op)."""
        spec = self.spec()
        problems = spec.problems()
        if problems:
            self.status.setText("; ".join(problems).capitalize() + ".")
            return
        self.status.setText("Drawing…")

        def show(view: QuizView) -> None:
            self._preview_spec = spec
            self.model.set_rows(view.items)
            n = len(view.items)
            if n == 0:
                self.status.setText("No approved question matches these settings.")
            elif n < spec.count:
                self.status.setText(f"Only {n} questions match these settings (you asked for {spec.count}).")
            else:
                skills = len({i.question.skill for i in view.items})
                self.status.setText(f"{n} questions across {skills} skill{'s' if skills != 1 else ''}. "
                                    "Select one and Swap to draw another.")
            if n:
                self.list.setCurrentIndex(self.model.index(0))
            self._update_buttons()

        preview_quiz(self.ctx, spec=spec).success(self._guarded(show)).failure(self._guarded(self._failed)).run()

    @Slot()
    def swap_selected(self) -> None:
        """Replace the selected question with another drawn by the same rule (an op)."""
        index = self.list.currentIndex()
        item = self.model.value(index.row()) if index.isValid() else None
        if item is None or self._preview_spec is None:
            return
        spec = self._preview_spec
        row = index.row()
        current = [i.question.id for i in self.model.rows()]

        def done(found: QuestionRecord | None) -> None:
            if found is None:
                self.status.setText("No other question matches these settings to swap in.")
                return
            position = item.position
            self.model.replace_at(
                row, QuizItemView(position=position, question=found,
                                  choice_order=choice_order_for(found, seed=spec.seed, position=position))
            )
            self.status.setText(f"Question {position} is now “{found.prompt[:60]}{'…' if len(found.prompt) > 60 else ''}”.")

        swap_question(self.ctx, spec=spec, current_ids=current, replace_id=item.question.id).success(
            self._guarded(done)
        ).failure(self._guarded(self._failed)).run()

    @Slot()
    def save(self) -> None:
        """Save exactly the previewed questions as a quiz (an op); `quiz_saved` follows."""
        if self._preview_spec is None or not self.model.rows():
            self.status.setText("Preview first.")
            return
        spec = replace(
            self._preview_spec,
            title=self.title_edit.text().strip() or "Quiz",
            mode=str(self.mode.currentData()),
            count=len(self.model.rows()),
        )
        ids = [i.question.id for i in self.model.rows()]

        def saved(view: QuizView) -> None:
            who = self.assign.currentText() if spec.learner_id is not None else "everyone"
            self.status.setText(f"Saved “{view.title}” with {len(view.items)} questions, assigned to {who}.")
            self.quiz_saved.emit(view)

        save_quiz(self.ctx, spec=spec, question_ids=ids).success(self._guarded(saved)).failure(
            self._guarded(self._failed)
        ).run(initiator=self)

    # ------------------------------------------------------------------ internals

    def _guarded(self, fn: Callable[..., None]) -> Callable[..., None]:
        def call(*args: object) -> None:
            if isValid(self):
                fn(*args)

        return call

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(user_message(exc))

    def _fill(self, choices: BuilderChoices) -> None:
        self._loading = True
        keep = {"articles": _checked(self.articles), "skills": _checked(self.skills), "kinds": _checked(self.kinds)}
        self.articles.clear()
        for article_id, title in choices.articles:
            self._add_check(self.articles, title, article_id)
        self.skills.clear()
        for skill, n in choices.skills.items():
            if n:
                self._add_check(self.skills, f"{skill_label(skill)} ({n})", skill)
        self.kinds.clear()
        for kind, n in choices.kinds.items():
            if n:
                self._add_check(self.kinds, f"{kind_label(kind)} ({n})", kind)
        for which, values in keep.items():
            self.set_checked(which, values)
        current = self.assign.currentData()
        self.assign.clear()
        self.assign.addItem("Everyone", None)
        for learner in choices.learners:
            label = f"{learner.name} ({learner.class_name})" if learner.class_name else learner.name
            self.assign.addItem(label, learner.id)
        found = self.assign.findData(current)
        self.assign.setCurrentIndex(max(0, found))
        self._loading = False

    @staticmethod
    def _add_check(widget: QListWidget, text: str, value: str) -> None:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, value)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        widget.addItem(item)

    def _invalidate(self, *_args: object) -> None:
        if self._loading or self._preview_spec is None:
            return
        self._preview_spec = None
        self.model.set_rows([])
        self.status.setText("The settings changed: Preview again.")
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_preview = self._preview_spec is not None and bool(self.model.rows())
        self.save_button.setEnabled(has_preview)
        self.swap_button.setEnabled(has_preview and self.list.currentIndex().isValid())
