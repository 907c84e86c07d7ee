"""Who is reading: pick a learner profile, add one, or continue as the guest.

In teacher mode the dialog also renames a learner (and sets their class), merges two profiles
of the same child, and deletes a learner with every answer, attempt and review of theirs, each
after asking. Every change is one StoreOp.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop.operations import OpContext, user_message
from desktop.operations.quizzes import (
    GUEST_NAME,
    create_learner,
    delete_learner,
    fetch_learners,
    guest_learner,
    merge_learners,
    rename_learner,
)
from desktop.quiz.access import describe
from desktop.quiz.editors import quiz_style_sheet
from desktop.quiz.models import LearnerListModel
from desktop.quiz.player import ask_yes_no
from desktop.theme import LIGHT, Theme, apply_theme, style_sheet
from quizzes.attempts import LearnerView

__all__ = ["LearnerDialog", "ask_choice", "ask_text"]

Confirm = Callable[[QWidget, str, str], bool]
AskText = Callable[[QWidget, str, str, str], "str | None"]
AskChoice = Callable[[QWidget, str, str, Sequence[str]], "int | None"]


def ask_text(parent: QWidget, title: str, label: str, text: str) -> str | None:
    """Ask for a line of text (None when cancelled)."""
    value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
    return value if ok else None


def ask_choice(parent: QWidget, title: str, label: str, items: Sequence[str]) -> int | None:
    """Ask to pick one of `items` (its index, or None when cancelled)."""
    value, ok = QInputDialog.getItem(parent, title, label, list(items), 0, False)
    return list(items).index(value) if ok and value in items else None


class LearnerDialog(QDialog):
    """Choose who is reading; `learner_chosen(LearnerView)` then the dialog accepts."""

    learner_chosen = Signal(object)
    learners_changed = Signal()

    def __init__(
        self,
        ctx: OpContext,
        parent: QWidget | None = None,
        *,
        teacher: bool = False,
        theme: Theme = LIGHT,
        confirm: Confirm = ask_yes_no,
        ask_text: AskText = ask_text,
        ask_choice: AskChoice = ask_choice,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.teacher = teacher
        self._confirm = confirm
        self._ask_text = ask_text
        self._ask_choice = ask_choice
        self.chosen: LearnerView | None = None
        self.setWindowTitle("Who is reading?")
        self.resize(460, 520)

        heading = QLabel("Who is reading?")
        heading.setProperty("role", "heading")
        hint = QLabel("Choose your name so your answers and review questions are kept for you.")
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)
        self.model = LearnerListModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        describe(self.list, "Choose your name; Return starts reading.", "Learners")
        self.list.setObjectName("plain")
        self.list.setAlternatingRowColors(True)
        self.list.activated.connect(self._on_activated)
        self.list.selectionModel().currentChanged.connect(self._update_buttons)

        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("Name")
        describe(self.name_edit, "Type a name to add a profile.", "New learner's name")
        self.class_edit = QLineEdit()
        self.class_edit.setPlaceholderText("Class (optional)")
        describe(self.class_edit, "The class of the new profile (optional).", "New learner's class")
        self.add_button = QPushButton("&Add")
        self.add_button.clicked.connect(self.add)
        self.name_edit.returnPressed.connect(self.add)
        add_row = QHBoxLayout()
        add_row.addWidget(self.name_edit, 2)
        add_row.addWidget(self.class_edit, 1)
        add_row.addWidget(self.add_button)
        form = QFormLayout()
        form.addRow("New profile", add_row)

        self.rename_button = QPushButton("&Rename…")
        self.merge_button = QPushButton("&Merge into…")
        self.delete_button = QPushButton("&Delete…")
        self.rename_button.clicked.connect(self.rename)
        self.merge_button.clicked.connect(self.merge)
        self.delete_button.clicked.connect(self.delete)
        describe(self.rename_button, "Change the selected learner's name and class.")
        describe(self.merge_button, "Move the selected learner's attempts to another profile and remove this one.")
        describe(self.delete_button, "Delete the selected learner and all their data (asks first).")
        manage = QHBoxLayout()
        for b in (self.rename_button, self.merge_button, self.delete_button):
            b.setVisible(teacher)
            manage.addWidget(b)
        manage.addStretch(1)

        self.status = QLabel()
        self.status.setProperty("role", "muted")
        self.status.setWordWrap(True)
        self.guest_button = QPushButton("Continue as &guest")
        self.choose_button = QPushButton("&Start reading")
        self.choose_button.setDefault(True)
        self.guest_button.clicked.connect(self.continue_as_guest)
        self.choose_button.clicked.connect(self.choose_current)
        describe(self.add_button, "Add a profile with this name and class.")
        describe(self.guest_button, "Read without a profile; answers go to the shared guest.")
        describe(self.choose_button, "Start reading as the selected learner.", "Start reading")
        bottom = QHBoxLayout()
        bottom.addWidget(self.guest_button)
        bottom.addStretch(1)
        bottom.addWidget(self.choose_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 16)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addWidget(self.list, 1)
        layout.addLayout(manage)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addLayout(bottom)
        apply_theme(self, theme)
        self.setStyleSheet(style_sheet(theme) + quiz_style_sheet(theme))
        self._update_buttons()
        self.refresh()

    # ------------------------------------------------------------------ API

    def refresh(self, *, select: int | None = None) -> None:
        """Reload the learners (an op); `select` a learner id afterwards."""

        def show(rows: list[LearnerView]) -> None:
            current = self.current()
            self.model.set_rows([r for r in rows if not (r.name == GUEST_NAME and r.class_name is None)])
            wanted = select if select is not None else (current.id if current else None)
            row = self.model.row_of(wanted) if wanted is not None else -1
            if row >= 0:
                self.list.setCurrentIndex(self.model.index(row))
            self._update_buttons()

        fetch_learners(self.ctx).success(self._guarded(show)).run()

    def current(self) -> LearnerView | None:
        index = self.list.currentIndex()
        return self.model.value(index.row()) if index.isValid() else None

    def select(self, learner_id: int) -> None:
        row = self.model.row_of(learner_id)
        if row >= 0:
            self.list.setCurrentIndex(self.model.index(row))

    @Slot()
    def add(self) -> None:
        name = self.name_edit.text().strip()
        if not name:
            self.status.setText("Type a name first.")
            return

        def added(view: LearnerView) -> None:
            self.name_edit.clear()
            self.class_edit.clear()
            self.status.setText(f"Added {view.name}.")
            self.learners_changed.emit()
            self.refresh(select=view.id)

        create_learner(self.ctx, name=name, class_name=self.class_edit.text().strip() or None).success(
            self._guarded(added)
        ).failure(self._guarded(self._failed)).run(initiator=self)

    @Slot()
    def continue_as_guest(self) -> None:
        guest_learner(self.ctx).success(self._guarded(self._choose)).failure(self._guarded(self._failed)).run(
            initiator=self
        )

    @Slot()
    def choose_current(self) -> None:
        learner = self.current()
        if learner is None:
            self.status.setText("Choose a name, or continue as guest.")
            return
        self._choose(learner)

    @Slot()
    def rename(self) -> None:
        learner = self.current()
        if learner is None or not self.teacher:
            return
        name = self._ask_text(self, "Rename learner", "Name:", learner.name)
        if name is None or not name.strip():
            return
        class_name = self._ask_text(self, "Rename learner", "Class (leave empty for none):", learner.class_name or "")
        if class_name is None:
            return
        rename_learner(self.ctx, learner_id=learner.id, name=name, class_name=class_name or None).success(
            self._guarded(lambda view: self._changed(f"Renamed to {view.name}.", view.id))
        ).failure(self._guarded(self._failed)).run(initiator=self)

    @Slot()
    def merge(self) -> None:
        learner = self.current()
        if learner is None or not self.teacher:
            return
        others = [r for r in self.model.rows() if r.id != learner.id]
        if not others:
            self.status.setText("There is no other learner to merge with.")
            return
        index = self._ask_choice(
            self, "Merge learners", f"Merge {learner.name} into:", [self.model.text(r) for r in others]
        )
        if index is None:
            return
        keep = others[index]
        if not self._confirm(
            self,
            "Merge learners",
            f"Move every attempt and review of {self.model.text(learner)} to {self.model.text(keep)}, "
            f"and remove {learner.name}'s profile?",
        ):
            return
        merge_learners(self.ctx, keep=keep.id, remove=learner.id).success(
            self._guarded(lambda view: self._changed(f"Merged {learner.name} into {view.name}.", view.id))
        ).failure(self._guarded(self._failed)).run(initiator=self)

    @Slot()
    def delete(self) -> None:
        learner = self.current()
        if learner is None or not self.teacher:
            return
        if not self._confirm(
            self,
            "Delete learner",
            f"Delete {self.model.text(learner)} together with all their answers, attempts and review "
            "history? This cannot be undone.",
        ):
            return
        delete_learner(self.ctx, learner_id=learner.id).success(
            self._guarded(lambda _id: self._changed(f"Deleted {learner.name} and all their data.", None))
        ).failure(self._guarded(self._failed)).run(initiator=self)

    # ------------------------------------------------------------------ internals

    def _guarded(self, fn: Callable[..., None]) -> Callable[..., None]:
        def call(*args: object) -> None:
            if isValid(self):
                fn(*args)

        return call

    def _changed(self, message: str, select: int | None) -> None:
        self.status.setText(message)
        self.learners_changed.emit()
        self.refresh(select=select)

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(user_message(exc))

    def _choose(self, learner: LearnerView) -> None:
        self.chosen = learner
        self.learner_chosen.emit(learner)
        self.accept()

    @Slot(QModelIndex)
    def _on_activated(self, index: QModelIndex) -> None:
        learner = self.model.value(index.row())
        if learner is not None:
            self._choose(learner)

    def _update_buttons(self, *_args: object) -> None:
        has = self.current() is not None
        self.choose_button.setEnabled(has)
        for b in (self.rename_button, self.merge_button, self.delete_button):
            b.setEnabled(has)
        learner = self.current()
        self.choose_button.setText(f"&Start reading as {learner.name}" if learner else "&Start reading")
