"""Teacher mode: a PIN set on first use (kept only as a salted scrypt hash, see desktop.pin),
the mode stored in the database so it survives a restart, and the PIN dialog.

`TeacherMode` is the one place the rest of the app asks "may this person edit?": it emits
`mode_changed("teacher" | "student")` whenever the mode changes (also once after `load()`).
Student mode hides every editing action, drafts and answer keys (desktop/teacher_actions.py).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.operations import OpContext, user_message
from desktop.operations.teacher import (
    TeacherState,
    enter_teacher_mode,
    fetch_teacher_state,
    leave_teacher_mode,
    set_teacher_pin,
)
from desktop.pin import PIN_KEY, PIN_LENGTH, hash_pin, pin_problem, verify_pin

__all__ = ["PIN_KEY", "PinDialog", "TeacherMode", "hash_pin", "verify_pin"]

STUDENT = "student"
TEACHER = "teacher"


class PinDialog(QDialog):
    """Asks for the teacher PIN: to set it (twice) on first use, or to enter it.

    The dialog does not check the PIN itself: it emits `submitted(pin)` and stays open until
    the owner calls `accept()` or `show_error(...)` (the check runs on the worker thread).
    """

    submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, setting: bool) -> None:
        super().__init__(parent)
        self.setting = setting
        self.setWindowTitle("Set a teacher PIN" if setting else "Teacher mode")
        self.setModal(True)
        low, high = PIN_LENGTH
        intro = QLabel(
            (
                f"Choose a PIN of {low} to {high} digits. It guards teacher mode: editing, "
                "drafts and answer keys. Only a scrambled (scrypt) form of it is stored."
            )
            if setting
            else "Enter the teacher PIN to edit annotations, sources, articles and questions."
        )
        intro.setWordWrap(True)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(high)
        self.pin.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.pin.setAccessibleName("PIN")
        self.confirm = QLineEdit()
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm.setMaxLength(high)
        self.confirm.setAccessibleName("PIN again")
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.setStyleSheet("color: #B3261E; font-weight: 600;")
        self.error.setWordWrap(True)
        self.error.hide()

        form = QFormLayout()
        form.addRow("PIN", self.pin)
        if setting:
            form.addRow("PIN again", self.confirm)
        else:
            self.confirm.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Set PIN" if setting else "Unlock")
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(380)

    def show_error(self, message: str) -> None:
        """Say what went wrong, clear the fields and let the user try again."""
        self.error.setText(message)
        self.error.show()
        self.pin.clear()
        self.confirm.clear()
        self.pin.setFocus()
        self.set_busy(False)

    def set_busy(self, busy: bool) -> None:
        """Disable the buttons while the PIN is being checked."""
        self.ok_button.setEnabled(not busy)

    @Slot()
    def _submit(self) -> None:
        pin = self.pin.text().strip()
        if self.setting:
            if problem := pin_problem(pin):
                self.show_error(problem[0].upper() + problem[1:] + ".")
                return
            if pin != self.confirm.text().strip():
                self.show_error("The two PINs differ. Type the same PIN twice.")
                return
        elif not pin:
            self.show_error("Type the PIN.")
            return
        self.set_busy(True)
        self.submitted.emit(pin)


class TeacherMode(QObject):
    """The current mode, loaded from and saved to the store. Dependencies come in through the
    constructor; `parent_widget` is where the PIN dialog is centred."""

    mode_changed = Signal(str)  # "teacher" or "student"

    def __init__(self, ctx: OpContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._mode = STUDENT
        self._has_pin: bool | None = None
        self.dialog: PinDialog | None = None  # the open PIN dialog, if any (tests drive it)

    # ------------------------------------------------------------------ state

    @property
    def mode(self) -> str:
        """ "student" or "teacher"."""
        return self._mode

    def is_teacher(self) -> bool:
        """True in teacher mode."""
        return self._mode == TEACHER

    def has_pin(self) -> bool | None:
        """Whether a PIN is set (None until `load()` has answered)."""
        return self._has_pin

    def load(self) -> None:
        """Read the stored mode (worker thread) and announce it with `mode_changed`."""
        fetch_teacher_state(self._ctx).success(self._loaded).run()

    def _loaded(self, state: TeacherState) -> None:
        self._has_pin = state.has_pin
        self._set(state.mode, force=True)

    def _set(self, mode: str, *, force: bool = False) -> None:
        mode = TEACHER if mode == TEACHER else STUDENT
        if mode != self._mode or force:
            self._mode = mode
            self.mode_changed.emit(mode)

    # ------------------------------------------------------------------ switching

    def request_teacher(self, parent: QWidget | None = None) -> PinDialog | None:
        """Ask for the PIN (setting it on first use) and switch to teacher mode when it is
        right. Returns the dialog (already open, window-modal), or None if already a teacher."""
        if self.is_teacher():
            return None
        if self._has_pin is None:
            # Not loaded yet: load, then ask.
            def loaded(state: TeacherState) -> None:
                self._has_pin = state.has_pin
                self.request_teacher(parent)

            fetch_teacher_state(self._ctx).success(loaded).run()
            return None
        dialog = PinDialog(parent, setting=not self._has_pin)
        dialog.submitted.connect(self._on_pin)
        dialog.finished.connect(self._forget_dialog)
        self.dialog = dialog
        dialog.open()
        return dialog

    @Slot(int)
    def _forget_dialog(self, _result: int) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None

    @Slot(str)
    def _on_pin(self, pin: str) -> None:
        dialog = self.dialog
        if dialog is None:
            return
        if dialog.setting:
            set_teacher_pin(self._ctx, pin=pin).success(self._pin_set).failure(
                lambda exc: dialog.show_error(user_message(exc))
            ).run(initiator=self)
        else:
            enter_teacher_mode(self._ctx, pin=pin).success(self._pin_checked).failure(
                lambda exc: dialog.show_error(user_message(exc))
            ).run(initiator=self)

    def _pin_set(self, state: TeacherState) -> None:
        self._has_pin = state.has_pin
        if self.dialog is not None:
            self.dialog.accept()
        self._set(state.mode)

    def _pin_checked(self, ok: bool) -> None:
        if not ok:
            if self.dialog is not None:
                self.dialog.show_error("That PIN is not right. Try again.")
            return
        if self.dialog is not None:
            self.dialog.accept()
        self._set(TEACHER)

    def sync(self, mode: str) -> None:
        """Follow a mode switched elsewhere (the window stored it already); emits on change."""
        self._set(mode)

    def leave(self) -> None:
        """Switch to student mode (stored)."""
        if not self.is_teacher():
            return
        self._set(STUDENT)  # hide editing at once, before the write lands
        leave_teacher_mode(self._ctx).run(initiator=self)
