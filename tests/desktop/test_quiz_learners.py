"""Who is reading: add a profile, continue as guest; a teacher renames, merges and deletes a
learner with all their data (counted per table)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from corpus.store import Store
from desktop.quiz.access import missing_names
from desktop.quiz.learners import LearnerDialog
from desktop.tasks import TaskManager
from quizzes import attempts
from quizzes.assembly import QuizSpec, save_quiz
from quizzes.models import Attempt, Learner, Response, ReviewState
from tests.desktop.quiz_helpers import import_shipped_bank, make_ctx

ITEMS = ("a1-relationship-origin", "a1-aurus-gift")


def _take(session: Any, quiz_id: int, learner_id: int) -> None:
    attempt = attempts.start_attempt(session, quiz_id=quiz_id, learner_id=learner_id)
    attempts.answer(session, attempt_id=attempt.id, position=1, response=True)
    attempts.answer(session, attempt_id=attempt.id, position=2, response="Aurus")
    attempts.finish(session, attempt_id=attempt.id)


@pytest.fixture
def class_store(store: Store) -> tuple[Store, dict[str, int]]:
    import_shipped_bank(store)
    ids = {}
    with store.sessions.begin() as session:
        quiz = save_quiz(session, QuizSpec(count=2, mode="practice"), question_ids=list(ITEMS))
        for name in ("Ana", "Ben", "Ana B."):
            ids[name] = attempts.add_learner(session, name=name, class_name="7B").id
            _take(session, quiz.id, ids[name])
        _take(session, quiz.id, ids["Ana"])  # a second attempt
    return store, ids


def _rows_of(store: Store, learner_id: int) -> dict[str, int]:
    with store.sessions() as session:
        mine = select(Attempt.id).where(Attempt.learner_id == learner_id)
        return {
            "learner": session.scalar(select(func.count()).select_from(Learner).where(Learner.id == learner_id)),
            "attempt": session.scalar(select(func.count()).select_from(Attempt).where(Attempt.learner_id == learner_id)),
            "response": session.scalar(select(func.count()).select_from(Response).where(Response.attempt_id.in_(mine))),
            "review_state": session.scalar(
                select(func.count()).select_from(ReviewState).where(ReviewState.learner_id == learner_id)
            ),
        }


def _dialog(qtbot: Any, store: Store, **kw: Any) -> LearnerDialog:
    dialog = LearnerDialog(make_ctx(store, TaskManager(synchronous=True)), **kw)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_teacher_deletes_a_learner_with_every_row_of_theirs(qtbot, class_store) -> None:  # type: ignore[no-untyped-def]
    store, ids = class_store
    asked: list[str] = []
    dialog = _dialog(qtbot, store, teacher=True, confirm=lambda _p, _t, text: asked.append(text) or True)
    assert missing_names(dialog) == []
    assert _rows_of(store, ids["Ana"]) == {"learner": 1, "attempt": 2, "response": 4, "review_state": 2}
    ben_before = _rows_of(store, ids["Ben"])
    dialog.select(ids["Ana"])
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert "all their answers, attempts and review history" in asked[0]
    assert _rows_of(store, ids["Ana"]) == {"learner": 0, "attempt": 0, "response": 0, "review_state": 0}
    assert _rows_of(store, ids["Ben"]) == ben_before
    assert [r.name for r in dialog.model.rows()] == ["Ana B.", "Ben"]
    assert "Deleted Ana" in dialog.status.text()


def test_nothing_is_deleted_without_confirmation_or_outside_teacher_mode(qtbot, class_store) -> None:  # type: ignore[no-untyped-def]
    store, ids = class_store
    dialog = _dialog(qtbot, store, teacher=True, confirm=lambda *_: False)
    dialog.select(ids["Ben"])
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert _rows_of(store, ids["Ben"])["learner"] == 1
    student = _dialog(qtbot, store, teacher=False)
    assert not student.delete_button.isVisible() and not student.merge_button.isVisible()


def test_rename_and_merge(qtbot, class_store) -> None:  # type: ignore[no-untyped-def]
    store, ids = class_store
    texts = iter(["Ana Bell", "7C"])
    dialog = _dialog(
        qtbot, store, teacher=True, confirm=lambda *_: True,
        ask_text=lambda *_: next(texts), ask_choice=lambda _p, _t, _l, items: list(items).index("Ana Bell  ·  7C"),
    )
    dialog.select(ids["Ana"])
    qtbot.mouseClick(dialog.rename_button, Qt.MouseButton.LeftButton)
    assert dialog.current() is not None and dialog.current().name == "Ana Bell"
    dialog.select(ids["Ana B."])
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert _rows_of(store, ids["Ana B."])["learner"] == 0
    assert _rows_of(store, ids["Ana"])["attempt"] == 3


def test_add_a_profile_or_continue_as_guest(qtbot, class_store) -> None:  # type: ignore[no-untyped-def]
    store, _ = class_store
    dialog = _dialog(qtbot, store)
    chosen: list[Any] = []
    dialog.learner_chosen.connect(chosen.append)
    qtbot.keyClicks(dialog.name_edit, "Zoe")
    qtbot.keyClicks(dialog.class_edit, "7B")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    assert dialog.current() is not None and dialog.current().name == "Zoe"
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    assert chosen[-1].name == "Zoe"

    for _ in range(2):  # the guest profile is made once and reused
        guest = _dialog(qtbot, store)
        guest.learner_chosen.connect(chosen.append)
        qtbot.mouseClick(guest.guest_button, Qt.MouseButton.LeftButton)
    assert chosen[-1].name == "Guest" and chosen[-1].id == chosen[-2].id
    assert "Guest" not in [r.name for r in guest.model.rows()]


def test_learner_model_passes_the_model_tester(qtmodeltester, class_store) -> None:  # type: ignore[no-untyped-def]
    from desktop.quiz.models import LearnerListModel

    store, _ = class_store
    model = LearnerListModel()
    with store.sessions() as session:
        model.set_rows(attempts.list_learners(session))
    qtmodeltester.check(model)
