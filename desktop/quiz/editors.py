"""One answer editor per item kind, each usable by mouse and by keyboard.

| kind            | editor                                                   | keys                              |
|-----------------|----------------------------------------------------------|-----------------------------------|
| single-choice   | radio buttons (wrapped text beside each)                 | Tab to the group, arrows, Space   |
| multiple-choice | check boxes                                              | Tab, Space                        |
| true-false      | two radio buttons                                        | arrows, Space                     |
| short-answer    | a line edit                                              | type, Return checks               |
| cloze           | a line edit per blank inline in the text, or a drop-down | Tab between blanks                |
|                 | when the blank has options                               |                                   |
| hot-text        | the passage with each phrase a toggle button inline      | Tab between phrases, Space toggles|
| ordering        | a list: drag and drop, or Alt+Up / Alt+Down, or buttons  | Alt+Up, Alt+Down                  |
| matching        | a drop-down per left item                                | Tab, arrows                       |

`response()` gives the answer in the shape `quizzes.items` documents (None when nothing is
given yet); `set_response()` takes it back as stored (lists). `show_marks()` shows right or
wrong per part after a check (a symbol and a word, never colour alone); `set_locked()` freezes
the answer while feedback is on screen.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from corpus.anchoring import find_quote
from desktop.quiz.access import describe
from desktop.quiz.answers import cloze_parts, letter
from desktop.theme import Theme, reading_font
from desktop.views.flow_layout import FlowLayout
from quizzes.assembly import QuizItemView
from quizzes.items import QuestionRecord

__all__ = [
    "ChoiceEditor",
    "ClozeEditor",
    "HotTextEditor",
    "ItemEditor",
    "MatchingEditor",
    "OrderingEditor",
    "ShortAnswerEditor",
    "TrueFalseEditor",
    "editor_for",
    "quiz_style_sheet",
]

RIGHT = "✓ right"
WRONG = "✗ wrong"


def quiz_style_sheet(theme: Theme) -> str:
    """The quiz widgets' additions to the theme's style sheet."""
    t = theme
    right = "#1E6B34" if not t.is_dark else "#7FD49A"
    wrong = "#A3262A" if not t.is_dark else "#FF9A9A"
    phrase = t.categories["loaded-language"] if "loaded-language" in t.categories else t.category("x")
    return f"""
QToolButton#phrase {{ background: {phrase.tint}; color: {t.text}; border: 1px dashed {phrase.underline};
    border-radius: 4px; padding: 1px 5px; }}
QToolButton#phrase:!checked {{ background: {phrase.tint}; color: {t.text}; border-style: dashed; }}
QToolButton#phrase:checked {{ background: {t.selection}; color: {t.selection_text};
    border: 2px solid {t.accent}; padding: 0px 4px; }}
QToolButton#phrase:focus {{ border: 2px solid {t.accent}; }}
QToolButton#phrase:disabled {{ color: {t.text}; }}
QLabel#mark[mark="right"] {{ color: {right}; font-weight: 600; }}
QLabel#mark[mark="wrong"] {{ color: {wrong}; font-weight: 600; }}
QLabel#partFeedback {{ color: {t.muted}; }}
QLabel#prompt {{ font-size: 13pt; font-weight: 600; color: {t.window_text}; }}
QLabel#itemMeta {{ color: {t.muted}; font-weight: 600; }}
QFrame#card {{ background: {t.page}; border: 1px solid {t.border}; border-radius: 8px; }}
QFrame#feedback {{ background: {t.page}; border: 1px solid {t.border}; border-left: 5px solid {t.accent};
    border-radius: 6px; }}
QFrame#feedback[verdict="right"] {{ border-left-color: {right}; }}
QFrame#feedback[verdict="wrong"] {{ border-left-color: {wrong}; }}
QLabel#feedbackTitle {{ font-size: 12pt; font-weight: 700; }}
QLabel#explanation {{ font-size: 11pt; color: {t.text}; }}
QLabel#feedbackTitle[verdict="right"] {{ color: {right}; }}
QLabel#feedbackTitle[verdict="wrong"] {{ color: {wrong}; }}
QLabel#bigScore {{ font-size: 22pt; font-weight: 700; color: {t.window_text}; }}
QListWidget#ordering::item {{ border-bottom: 1px solid {t.border}; padding: 8px 6px; color: {t.text}; }}
QListWidget#ordering::item:selected {{ background: {t.selection}; color: {t.selection_text};
    border-left: 4px solid {t.accent}; }}
QListView#plain::item {{ padding: 5px 8px; }}
QLineEdit#blank, QComboBox#blank {{ border: 1px solid {t.muted}; border-radius: 4px; padding: 1px 4px;
    background: {t.page}; color: {t.text}; }}
QLineEdit#blank:focus, QComboBox#blank:focus {{ border: 2px solid {t.accent}; }}
QLineEdit#answer {{ border: 1px solid {t.muted}; border-radius: 4px; padding: 4px 6px; background: {t.page};
    color: {t.text}; }}
QLineEdit#answer:focus {{ border: 2px solid {t.accent}; }}
QProgressBar {{ border: 1px solid {t.border}; border-radius: 4px; background: {t.page}; height: 8px; }}
QProgressBar::chunk {{ background: {t.accent}; border-radius: 3px; }}
"""


def _mark_label() -> QLabel:
    label = QLabel()
    label.setObjectName("mark")
    label.hide()
    return label


def _set_mark(label: QLabel, mark: bool | None) -> None:
    if mark is None:
        label.hide()
        label.setProperty("mark", "")
    else:
        label.setText(RIGHT if mark else WRONG)
        label.setProperty("mark", "right" if mark else "wrong")
        label.show()
    label.style().unpolish(label)
    label.style().polish(label)


def _wrapping_label(text: str, *, reading: bool = False) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # record text is never markup
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    if reading:
        label.setFont(reading_font(12.0))
    return label


class ItemEditor(QWidget):
    """The base of every editor: one quiz item, its answer, its marks."""

    changed = Signal()  # the learner changed the answer
    submitted = Signal()  # Return in a text field: check or go on

    def __init__(self, item: QuizItemView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.question: QuestionRecord = item.question
        self._locked = False

    def response(self, *, explicit: bool = False) -> Any | None:
        """The answer as given, or None when nothing is given yet. `explicit` (the learner
        pressed Check) counts an untouched default, such as the shown order, as an answer."""
        raise NotImplementedError

    def set_response(self, value: Any | None) -> None:
        """Show a stored answer (None clears)."""
        raise NotImplementedError

    def show_marks(self, marks: Mapping[str, bool] | None) -> None:
        """Show right or wrong per part (see `answers.part_marks`); None clears."""

    def set_locked(self, locked: bool) -> None:
        """Freeze the answer (feedback on screen) or let it be changed again."""
        self._locked = locked
        for widget in self.inputs():
            widget.setEnabled(not locked)

    def is_locked(self) -> bool:
        return self._locked

    def inputs(self) -> list[QWidget]:
        """The widgets that take the answer (for locking and focus)."""
        return []

    def focus_first(self) -> None:
        """Put the keyboard focus on the first input."""
        widgets = [w for w in self.inputs() if w.isEnabled()]
        if widgets:
            widgets[0].setFocus(Qt.FocusReason.TabFocusReason)

    @Slot()
    def _emit_changed(self) -> None:
        self.changed.emit()


# ----------------------------------------------------------------------------- choices


class _ClickToToggle(QObject):
    """Clicking a choice's text label clicks its button."""

    def __init__(self, button: QAbstractButton, parent: QObject) -> None:
        super().__init__(parent)
        self._button = button

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonRelease and self._button.isEnabled():
            self._button.click()
            self._button.setFocus(Qt.FocusReason.MouseFocusReason)
            return True
        return False


class ChoiceRow(QWidget):
    """A radio button or check box with its letter, the choice text wrapped beside it, and a
    mark with the choice's own feedback after a check."""

    def __init__(self, button: QAbstractButton, text: str, tag: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.button = button
        button.setText(tag or "")
        button.setAccessibleName(f"{tag}. {text}" if tag else text)
        button.setAccessibleDescription("Choose this answer (Space).")
        self.label = _wrapping_label(text, reading=True)
        self.label.setCursor(Qt.CursorShape.PointingHandCursor)
        self.label.installEventFilter(_ClickToToggle(button, self))
        self.mark = _mark_label()
        self.feedback = _wrapping_label("")
        self.feedback.setObjectName("partFeedback")
        self.feedback.hide()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 2, 0, 2)
        grid.setHorizontalSpacing(8)
        grid.addWidget(button, 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.label, 0, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.mark, 0, 2, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.feedback, 1, 1, 1, 2)
        grid.setColumnStretch(1, 1)

    def set_mark(self, mark: bool | None, feedback: str | None = None) -> None:
        _set_mark(self.mark, mark)
        self.feedback.setText(feedback or "")
        self.feedback.setVisible(bool(feedback) and mark is not None)


class ChoiceEditor(ItemEditor):
    """Single choice (radio buttons) or multiple choice (check boxes), in the shown order."""

    def __init__(self, item: QuizItemView, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        q = self.question
        self.multiple = q.kind == "multiple-choice"
        by_id = {c.id: c for c in q.choices}
        order = [i for i in item.choice_order if i in by_id] or list(by_id)
        self.group = QButtonGroup(self)
        self.group.setExclusive(not self.multiple)
        self.rows: dict[str, ChoiceRow] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        if self.multiple and "all that apply" not in q.prompt.lower():
            hint = QLabel("Select all that apply.")
            hint.setProperty("role", "muted")
            layout.addWidget(hint)
        for n, choice_id in enumerate(order):
            button: QAbstractButton = QCheckBox() if self.multiple else QRadioButton()
            row = ChoiceRow(button, by_id[choice_id].text, letter(n), self)
            self.group.addButton(button)
            button.toggled.connect(self._emit_changed)
            self.rows[choice_id] = row
            layout.addWidget(row)

    def inputs(self) -> list[QWidget]:
        return [r.button for r in self.rows.values()]

    def button(self, choice_id: str) -> QAbstractButton:
        return self.rows[choice_id].button

    def response(self, *, explicit: bool = False) -> Any | None:
        chosen = tuple(i for i, r in self.rows.items() if r.button.isChecked())
        return chosen or None

    def set_response(self, value: Any | None) -> None:
        chosen = set(value or ())
        self.group.setExclusive(False)
        for choice_id, row in self.rows.items():
            row.button.blockSignals(True)
            row.button.setChecked(choice_id in chosen)
            row.button.blockSignals(False)
        self.group.setExclusive(not self.multiple)

    def show_marks(self, marks: Mapping[str, bool] | None) -> None:
        feedback = {c.id: c.feedback for c in self.question.choices}
        for choice_id, row in self.rows.items():
            mark = None if marks is None else marks.get(choice_id)
            row.set_mark(mark, feedback.get(choice_id) if mark is False else None)


class TrueFalseEditor(ItemEditor):
    def __init__(self, item: QuizItemView, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        self.group = QButtonGroup(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.true_row = ChoiceRow(QRadioButton(), "True", None, self)
        self.false_row = ChoiceRow(QRadioButton(), "False", None, self)
        for row in (self.true_row, self.false_row):
            self.group.addButton(row.button)
            row.button.toggled.connect(self._emit_changed)
            layout.addWidget(row)

    @property
    def true_button(self) -> QAbstractButton:
        return self.true_row.button

    @property
    def false_button(self) -> QAbstractButton:
        return self.false_row.button

    def inputs(self) -> list[QWidget]:
        return [self.true_button, self.false_button]

    def response(self, *, explicit: bool = False) -> Any | None:
        if self.true_button.isChecked():
            return True
        if self.false_button.isChecked():
            return False
        return None

    def set_response(self, value: Any | None) -> None:
        self.group.setExclusive(False)
        for button, on in ((self.true_button, value is True), (self.false_button, value is False)):
            button.blockSignals(True)
            button.setChecked(on)
            button.blockSignals(False)
        self.group.setExclusive(True)

    def show_marks(self, marks: Mapping[str, bool] | None) -> None:
        mark = None if marks is None else marks.get("answer")
        given = self.response()
        self.true_row.set_mark(mark if given is True else None)
        self.false_row.set_mark(mark if given is False else None)


class ShortAnswerEditor(ItemEditor):
    def __init__(self, item: QuizItemView, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        self.edit = QLineEdit()
        self.edit.setObjectName("answer")
        self.edit.setPlaceholderText("Type your answer")
        self.edit.setAccessibleName("Your answer")
        self.edit.setAccessibleDescription("Type your answer; Return checks it or goes on.")
        self.edit.setFont(reading_font(12.0))
        self.edit.textEdited.connect(self._emit_changed)
        self.edit.returnPressed.connect(self.submitted)
        self.mark = _mark_label()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.mark)

    def inputs(self) -> list[QWidget]:
        return [self.edit]

    def response(self, *, explicit: bool = False) -> Any | None:
        text = self.edit.text().strip()
        return text or None

    def set_response(self, value: Any | None) -> None:
        self.edit.setText(value if isinstance(value, str) else "")

    def show_marks(self, marks: Mapping[str, bool] | None) -> None:
        _set_mark(self.mark, None if marks is None else marks.get("answer"))

    def set_locked(self, locked: bool) -> None:
        self._locked = locked
        self.edit.setReadOnly(locked)


# ----------------------------------------------------------------------------- text with parts


def _add_words(flow: FlowLayout, parent: QWidget, text: str, *, font_size: float = 12.0) -> bool:
    """Add `text` word by word. A first word that touches what comes before (punctuation after
    a phrase or blank) is glued to it. Returns whether the text ends touching what follows."""
    words = text.split()
    for n, word in enumerate(words):
        label = QLabel(word, parent)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setFont(reading_font(font_size))
        if n == 0 and not text[0].isspace() and flow.count():
            label.setProperty("glue", True)
        flow.addWidget(label)
    return bool(text) and not text[-1].isspace()


class ClozeEditor(ItemEditor):
    """The cloze text with a line edit per blank inline, or a drop-down for a blank with options."""

    def __init__(self, item: QuizItemView, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        q = self.question
        self.fields: list[QLineEdit | QComboBox] = []
        self.marks: list[QLabel] = []
        self.flow = FlowLayout(self, h_spacing=5, v_spacing=8)
        touching = False
        for part in cloze_parts(q.text or ""):
            if isinstance(part, str):
                touching = _add_words(self.flow, self, part)
                continue
            blank = q.blanks[part - 1] if 0 < part <= len(q.blanks) else None
            field: QLineEdit | QComboBox
            if blank is not None and blank.options:
                combo = QComboBox(self)
                combo.addItems(list(blank.options))
                combo.setPlaceholderText(f"({part}) choose…")
                combo.setCurrentIndex(-1)
                combo.currentIndexChanged.connect(self._emit_changed)
                field = combo
            else:
                edit = QLineEdit(self)
                edit.setPlaceholderText(f"({part})")
                edit.setFixedWidth(130)
                edit.textEdited.connect(self._emit_changed)
                edit.returnPressed.connect(self.submitted)
                field = edit
            field.setObjectName("blank")
            field.setFont(reading_font(12.0))
            field.setAccessibleName(f"Blank {part}")
            field.setAccessibleDescription(
                f"Choose the word for blank {part} (arrow keys)." if isinstance(field, QComboBox)
                else f"Type the word for blank {part}."
            )
            field.setProperty("glue", touching)
            touching = False
            self.flow.addWidget(field)
            mark = _mark_label()
            mark.setParent(self)
            self.flow.addWidget(mark)
            self.fields.append(field)
            self.marks.append(mark)

    def inputs(self) -> list[QWidget]:
        return list(self.fields)

    def _text(self, field: QLineEdit | QComboBox) -> str:
        if isinstance(field, QComboBox):
            return field.currentText() if field.currentIndex() >= 0 else ""
        return field.text().strip()

    def response(self, *, explicit: bool = False) -> Any | None:
        values = tuple(self._text(f) for f in self.fields)
        return values if any(values) else None

    def set_response(self, value: Any | None) -> None:
        values = list(value or ())
        for n, field in enumerate(self.fields):
            text = str(values[n]) if n < len(values) and values[n] is not None else ""
            field.blockSignals(True)
            if isinstance(field, QComboBox):
                field.setCurrentIndex(field.findText(text) if text else -1)
            else:
                field.setText(text)
            field.blockSignals(False)

    def show_marks(self, marks: Mapping[str, bool] | None) -> None:
        for n, mark in enumerate(self.marks, 1):
            _set_mark(mark, None if marks is None else marks.get(str(n)))
        self.updateGeometry()


class HotTextEditor(ItemEditor):
    """The passage with each choice phrase as a toggle button in place: click, or Tab to a
    phrase and press Space, to select it."""

    def __init__(self, item: QuizItemView, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        q = self.question
        self.phrases: dict[str, QToolButton] = {}
        self._texts = {c.id: c.text for c in q.choices}
        passage = q.passage or ""
        placed: list[tuple[int, int, str]] = []
        for choice in q.choices:
            for found in find_quote(passage, choice.text):
                if all(found.end <= s or found.start >= e for s, e, _ in placed):
                    placed.append((found.start, found.end, choice.id))
                    break
        placed.sort()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        hint = QLabel("Select phrases in the passage: click them, or Tab to one and press Space.")
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        host = QWidget(self)
        host.setAccessibleName("Passage")
        flow = FlowLayout(host, h_spacing=5, v_spacing=7)
        last = 0
        for start, end, choice_id in placed:
            touching = _add_words(flow, host, passage[last:start])
            button = self._phrase(choice_id, passage[start:end], host)
            button.setProperty("glue", touching)
            flow.addWidget(button)
            last = end
        _add_words(flow, host, passage[last:])
        layout.addWidget(host)
        leftover = [c.id for c in q.choices if c.id not in self.phrases]
        if leftover:  # a phrase the passage does not hold verbatim still gets a button
            extra = QWidget(self)
            extra_flow = FlowLayout(extra, h_spacing=6, v_spacing=6)
            for choice_id in leftover:
                extra_flow.addWidget(self._phrase(choice_id, self._texts[choice_id], extra))
            layout.addWidget(extra)
        self.marks = {choice_id: "" for choice_id in self.phrases}

    def _phrase(self, choice_id: str, text: str, parent: QWidget) -> QToolButton:
        button = QToolButton(parent)
        button.setObjectName("phrase")
        button.setText(text)
        button.setCheckable(True)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        button.setFont(reading_font(12.0))
        button.setAccessibleName(f"Phrase: {text}")
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.toggled.connect(lambda _on, cid=choice_id: self._on_toggled(cid))
        self.phrases[choice_id] = button
        return button

    def _on_toggled(self, choice_id: str) -> None:
        self._relabel(choice_id)
        self.changed.emit()

    def _relabel(self, choice_id: str, mark: bool | None = None) -> None:
        button = self.phrases[choice_id]
        text = self._texts[choice_id]
        prefix = "✓ " if button.isChecked() else ""
        suffix = "" if mark is None else ("  (right)" if mark else "  (wrong)")
        button.setText(prefix + text + suffix)
        state = "selected" if button.isChecked() else "not selected"
        button.setAccessibleDescription(state + ("" if mark is None else (", right" if mark else ", wrong")))

    def inputs(self) -> list[QWidget]:
        return list(self.phrases.values())

    def response(self, *, explicit: bool = False) -> Any | None:
        chosen = tuple(i for i in self._texts if i in self.phrases and self.phrases[i].isChecked())
        return chosen or None

    def set_response(self, value: Any | None) -> None:
        chosen = set(value or ())
        for choice_id, button in self.phrases.items():
            button.blockSignals(True)
            button.setChecked(choice_id in chosen)
            button.blockSignals(False)
            self._relabel(choice_id)

    def show_marks(self, marks: Mapping[str, bool] | None) -> None:
        for choice_id in self.phrases:
            self._relabel(choice_id, None if marks is None else marks.get(choice_id))


# ----------------------------------------------------------------------------- ordering


class OrderList(QListWidget):
    """A list put in order by drag and drop or by Alt+Up / Alt+Down on the current item."""

    moved = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ordering")
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.model().rowsMoved.connect(lambda *_: self.moved.emit())

    def move_current(self, step: int) -> bool:
        """Move the current item one place up (-1) or down (+1); False at an end."""
        row = self.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.count():
            return False
        item = self.takeItem(row)
        self.insertItem(target, item)
        self.setCurrentRow(target)
        self.moved.emit()
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        alt = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier == Qt.KeyboardModifier.AltModifier
        if alt and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            if self.isEnabled():
                self.move_current(-1 if event.key() == Qt.Key.Key_Up else 1)
            event.accept()
            return
        super().keyPressEvent(event)


class OrderingEditor(ItemEditor):
    IdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, item: QuizItemView, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        q = self.question
        self._texts = {c.id: c.text for c in q.choices}
        order = [i for i in item.choice_order if i in self._texts] or list(self._texts)
        self._touched = False
        self._marks: Mapping[str, bool] | None = None
        self.list = OrderList(self)
        self.list.setAccessibleName("Items to put in order")
        self.list.setAccessibleDescription(
            "Drag an item to its place, or select it and press Alt+Up or Alt+Down to move it."
        )
        self.list.setFont(reading_font(11.5))
        for choice_id in order:
            entry = QListWidgetItem()
            entry.setData(self.IdRole, choice_id)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsDragEnabled)
            self.list.addItem(entry)
        self.list.setCurrentRow(0)
        self.list.moved.connect(self._on_moved)
        self.up = QPushButton("Move up")
        self.down = QPushButton("Move down")
        self.up.setToolTip("Alt+Up")
        self.down.setToolTip("Alt+Down")
        describe(self.up, "Move the selected item one place up (Alt+Up).")
        describe(self.down, "Move the selected item one place down (Alt+Down).")
        self.up.clicked.connect(lambda: self.list.move_current(-1))
        self.down.clicked.connect(lambda: self.list.move_current(1))
        hint = QLabel("Drag the items into order (≡ is the handle), or select one and press Alt+Up / Alt+Down.")
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)
        buttons = QVBoxLayout()
        buttons.addWidget(self.up)
        buttons.addWidget(self.down)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(hint)
        layout.addLayout(row)
        self._relabel()

    def _on_moved(self) -> None:
        self._touched = True
        self._relabel()
        self.changed.emit()

    def order(self) -> tuple[str, ...]:
        return tuple(self.list.item(r).data(self.IdRole) for r in range(self.list.count()))

    def _relabel(self) -> None:
        for r in range(self.list.count()):
            entry = self.list.item(r)
            choice_id = entry.data(self.IdRole)
            mark = None if self._marks is None else self._marks.get(choice_id)
            suffix = "" if mark is None else ("   ✓ right place" if mark else "   ✗ wrong place")
            entry.setText(f"≡   {r + 1}.  {self._texts[choice_id]}{suffix}")
        self.list.doItemsLayout()
        rows = sum(self.list.sizeHintForRow(r) for r in range(self.list.count()))
        self.list.setFixedHeight(rows + 2 * self.list.frameWidth() + 6)

    def inputs(self) -> list[QWidget]:
        return [self.list, self.up, self.down]

    def response(self, *, explicit: bool = False) -> Any | None:
        return self.order() if (self._touched or explicit) else None

    def set_response(self, value: Any | None) -> None:
        wanted = [i for i in (value or ()) if i in self._texts]
        if not wanted:
            return
        wanted += [i for i in self.order() if i not in wanted]
        entries = {self.list.item(r).data(self.IdRole): r for r in range(self.list.count())}
        taken = {choice_id: self.list.item(entries[choice_id]) for choice_id in wanted}
        while self.list.count():
            self.list.takeItem(0)
        for choice_id in wanted:
            self.list.addItem(taken[choice_id])
        self._touched = True
        self._relabel()

    def show_marks(self, marks: Mapping[str, bool] | None) -> None:
        self._marks = marks
        self._relabel()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._relabel()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._relabel()


# ----------------------------------------------------------------------------- matching


class MatchingEditor(ItemEditor):
    """Each left item with a drop-down of the right items (each distinct text once)."""

    def __init__(self, item: QuizItemView, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        q = self.question
        by_id = {p.id: p for p in q.pairs}
        order = [i for i in item.choice_order if i in by_id] or list(by_id)
        options: list[tuple[str, str]] = []  # (pair id, right text), each text once
        for pair_id in order:
            if all(by_id[pair_id].right != text for _, text in options):
                options.append((pair_id, by_id[pair_id].right))
        self.combos: dict[str, QComboBox] = {}
        self.marks: dict[str, QLabel] = {}
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setVerticalSpacing(4)
        layout.setHorizontalSpacing(8)
        row = 0
        for n, pair in enumerate(q.pairs, 1):
            label = _wrapping_label(f"{n}. {pair.left}", reading=True)
            combo = QComboBox(self)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(24)
            combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            for pair_id, text in options:
                combo.addItem(text, pair_id)
                combo.setItemData(combo.count() - 1, text, Qt.ItemDataRole.ToolTipRole)
            combo.setPlaceholderText("Choose a match…")
            combo.setCurrentIndex(-1)
            combo.setAccessibleName(f"Match for {n}: {pair.left}")
            combo.setAccessibleDescription("Choose what this item goes with (arrow keys).")
            combo.view().setTextElideMode(Qt.TextElideMode.ElideNone)
            combo.view().setMinimumWidth(360)
            combo.currentIndexChanged.connect(self._on_combo)
            mark = _mark_label()
            layout.addWidget(label, row, 0, 1, 2)
            layout.addWidget(combo, row + 1, 0)
            layout.addWidget(mark, row + 1, 1)
            spacer = QWidget(self)
            spacer.setFixedHeight(6)
            layout.addWidget(spacer, row + 2, 0)
            row += 3
            self.combos[pair.id] = combo
            self.marks[pair.id] = mark
        layout.setColumnStretch(0, 1)

    @Slot(int)
    def _on_combo(self, _index: int) -> None:
        for combo in self.combos.values():
            combo.setToolTip(combo.currentText())
        self.changed.emit()

    def inputs(self) -> list[QWidget]:
        return list(self.combos.values())

    def choose(self, left_id: str, right_pair_id: str) -> None:
        """Pick, for the left item of pair `left_id`, the right text of pair `right_pair_id`."""
        combo = self.combos[left_id]
        wanted = next(p.right for p in self.question.pairs if p.id == right_pair_id)
        combo.setCurrentIndex(combo.findText(wanted))

    def response(self, *, explicit: bool = False) -> Any | None:
        pairs = tuple(
            (left, combo.currentData()) for left, combo in self.combos.items() if combo.currentIndex() >= 0
        )
        return pairs or None

    def set_response(self, value: Any | None) -> None:
        chosen = {p[0]: p[1] for p in (value or ()) if isinstance(p, (list, tuple)) and len(p) == 2}
        rights = {p.id: p.right for p in self.question.pairs}
        for left, combo in self.combos.items():
            combo.blockSignals(True)
            right = chosen.get(left)
            combo.setCurrentIndex(combo.findText(rights[right]) if right in rights else -1)
            combo.setToolTip(combo.currentText())
            combo.blockSignals(False)

    def show_marks(self, marks: Mapping[str, bool] | None) -> None:
        for left, mark in self.marks.items():
            _set_mark(mark, None if marks is None else marks.get(left))


_EDITORS: dict[str, type[ItemEditor]] = {
    "single-choice": ChoiceEditor,
    "multiple-choice": ChoiceEditor,
    "true-false": TrueFalseEditor,
    "short-answer": ShortAnswerEditor,
    "cloze": ClozeEditor,
    "hot-text": HotTextEditor,
    "ordering": OrderingEditor,
    "matching": MatchingEditor,
}


def editor_for(item: QuizItemView, parent: QWidget | None = None) -> ItemEditor:
    """The editor for an item's kind."""
    cls = _EDITORS.get(item.question.kind)
    if cls is None:
        raise ValueError(f"no editor for questions of kind {item.question.kind!r}")
    return cls(item, parent)

