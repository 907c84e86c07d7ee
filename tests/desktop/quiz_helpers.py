"""Shared set-up for the quiz GUI tests: the shipped bank in the test store, a quiz with one
item of each kind, and answering an item the way a learner does (mouse and keys)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit

from corpus.store import Store
from desktop.events import AppEvents
from desktop.operations import OpContext
from desktop.quiz.editors import (
    ChoiceEditor,
    ClozeEditor,
    HotTextEditor,
    ItemEditor,
    MatchingEditor,
    OrderingEditor,
    ShortAnswerEditor,
    TrueFalseEditor,
)
from quizzes import attempts
from quizzes.assembly import QuizSpec, QuizView, save_quiz
from quizzes.bank import import_bank, list_questions, shipped_bank_folder
from quizzes.items import KINDS

# One question of each kind from the shipped bank, all on Article 1 (so the reader shows it).
EACH_KIND = (
    "a1-main-idea-deal",  # single-choice
    "a1-kim-best-ally",  # multiple-choice
    "a1-relationship-origin",  # true-false
    "a1-aurus-gift",  # short-answer
    "a1-article4-cloze",  # cloze (drop-down blanks)
    "a1-loaded-sanctions-paragraph",  # hot-text
    "a1-history-ordering",  # ordering
    "a1-claim-verdict-matching",  # matching
)


def import_shipped_bank(store: Store) -> None:
    with store.sessions.begin() as session:
        import_bank(session, [shipped_bank_folder()])


def make_ctx(store: Store, tasks: Any, errors: list[str] | None = None) -> OpContext:
    sink = errors if errors is not None else []
    return OpContext(store=store, tasks=tasks, events=AppEvents(), on_error=sink.append)


def each_kind_quiz(store: Store, *, mode: str, learner: str = "Ana") -> tuple[QuizView, int]:
    """A saved quiz with one item of each kind (in EACH_KIND order) and a learner's id."""
    with store.sessions.begin() as session:
        kinds = {r.id: r.kind for r in list_questions(session)}
        assert {kinds[i] for i in EACH_KIND} == set(KINDS)
        view = save_quiz(session, QuizSpec(count=len(EACH_KIND), mode=mode, seed=7, title="Every kind"),
                         question_ids=list(EACH_KIND))
        learner_id = attempts.add_learner(session, name=learner, class_name="7B").id
    return view, learner_id


def pick(qtbot: Any, combo: QComboBox, text: str) -> None:
    """Choose `text` in a drop-down by keyboard: focus it and press Down until it shows (the
    offscreen platform cannot open popups, and keys are how a keyboard user does it)."""
    wanted = combo.findText(text)
    assert wanted >= 0, text
    combo.setFocus()
    if combo.currentIndex() > wanted:
        combo.setCurrentIndex(-1)
    for _ in range(combo.count() + 1):
        if combo.currentIndex() == wanted:
            break
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == text


def click_choice(qtbot: Any, editor: ChoiceEditor, choice_id: str) -> None:
    qtbot.mouseClick(editor.button(choice_id), Qt.MouseButton.LeftButton, pos=QPoint(6, 8))


def answer(qtbot: Any, editor: ItemEditor, *, right: bool = True) -> None:
    """Answer the item on show as a learner would: rightly, or (right=False) wrongly."""
    q = editor.question
    if isinstance(editor, ChoiceEditor):
        wanted = [c.id for c in q.choices if c.correct == right]
        for choice_id in wanted if q.kind == "multiple-choice" else wanted[:1]:
            click_choice(qtbot, editor, choice_id)
    elif isinstance(editor, TrueFalseEditor):
        button = editor.true_button if (q.answer == right) else editor.false_button
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(6, 8))
    elif isinstance(editor, ShortAnswerEditor):
        editor.edit.clear()
        qtbot.keyClicks(editor.edit, q.accepted[0] if right else "Lada")
    elif isinstance(editor, ClozeEditor):
        for blank, field in zip(q.blanks, editor.fields, strict=True):
            text = blank.accepted[0] if right else next(o for o in blank.options if o not in blank.accepted)
            if isinstance(field, QComboBox):
                pick(qtbot, field, text)
            else:
                assert isinstance(field, QLineEdit)
                field.clear()
                qtbot.keyClicks(field, text)
    elif isinstance(editor, HotTextEditor):
        wanted = [c.id for c in q.choices if c.correct == right]
        first, *rest = wanted
        # One phrase by keyboard (focus it, Space toggles), the rest by mouse.
        editor.phrases[first].setFocus()
        qtbot.keyClick(editor.phrases[first], Qt.Key.Key_Space)
        for choice_id in rest:
            qtbot.mouseClick(editor.phrases[choice_id], Qt.MouseButton.LeftButton)
    elif isinstance(editor, OrderingEditor):
        target = [c.id for c in q.choices]
        if not right:
            target = list(reversed(target))
        put_in_order(qtbot, editor, target)
    elif isinstance(editor, MatchingEditor):
        rights = [p.right for p in q.pairs]
        for n, pair in enumerate(q.pairs):
            text = pair.right if right else rights[(n + 1) % len(rights)]
            pick(qtbot, editor.combos[pair.id], text)
    else:  # pragma: no cover
        raise TypeError(f"no way to answer {type(editor).__name__}")


def put_in_order(qtbot: Any, editor: OrderingEditor, target: list[str]) -> None:
    """Move items with Alt+Up until the list reads `target` (a selection sort by keyboard)."""
    lst = editor.list
    for place, choice_id in enumerate(target):
        row = editor.order().index(choice_id)
        lst.setCurrentRow(row)
        lst.setFocus()
        for _ in range(row - place):
            qtbot.keyClick(lst, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert list(editor.order()) == target
