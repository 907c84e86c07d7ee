"""The quiz player, driven like a learner: every kind answered by mouse and keys, in both
modes; closing mid-quiz and opening again resumes with every answer."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt

from corpus.store import Store
from desktop.operations.quizzes import open_attempt
from desktop.quiz.access import missing_names
from desktop.quiz.editors import OrderingEditor
from desktop.quiz.player import QuizPlayer, jsonable
from desktop.quiz.results import ResultsView
from desktop.tasks import TaskManager
from quizzes import attempts
from quizzes.attempts import AttemptResult
from quizzes.items import KINDS
from tests.desktop.quiz_helpers import (
    EACH_KIND,
    answer,
    each_kind_quiz,
    import_shipped_bank,
    make_ctx,
)


@pytest.fixture
def bank_store(store: Store) -> Store:
    import_shipped_bank(store)
    return store


def _player(qtbot: Any, ctx: Any, **kw: Any) -> QuizPlayer:
    player = QuizPlayer(ctx, confirm=lambda *_: True, **kw)
    qtbot.addWidget(player)
    player.resize(1200, 760)
    player.show()
    return player


def _click(qtbot: Any, button: Any) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_practice_mode_gives_feedback_at_once_for_every_kind(qtbot, bank_store: Store) -> None:  # type: ignore[no-untyped-def]
    errors: list[str] = []
    ctx = make_ctx(bank_store, TaskManager(synchronous=True), errors)
    quiz, learner_id = each_kind_quiz(bank_store, mode="practice")
    player = _player(qtbot, ctx)
    shown: list[tuple[str, str]] = []
    player.show_in_article.connect(lambda a, n: shown.append((a, n)))
    player.open_quiz(quiz.id, learner_id)
    assert player.progress_text() == "Question 1 of 8"
    assert player.check_button.isVisible()
    seen = set()
    for position in range(1, 9):
        editor = player.editor()
        seen.add(editor.question.kind)
        assert player.progress_text() == f"Question {position} of 8"
        # The passage beside the question is this question's article, its evidence marked.
        assert player.reader.article() is not None
        assert editor.question.articles[0] == player.reader.article().id
        assert player.marked_text()
        if position == 1:
            # Wrong first: feedback at once, per part, with Try again and the jump to the article.
            answer(qtbot, editor, right=False)
            _click(qtbot, player.check_button)
            assert player.feedback.isVisible()
            assert player.feedback.title.text() == "✗ Not quite"
            assert player.feedback.explanation.text() == editor.question.explanation
            assert editor.is_locked()
            assert any(row.mark.text() == "✗ wrong" for row in editor.rows.values())  # type: ignore[attr-defined]
            _click(qtbot, player.feedback.show_button)
            assert shown == [("russia-nk-ink-deal", "a1-c01")]
            _click(qtbot, player.feedback.retry_button)
            assert not player.feedback.isVisible() and not editor.is_locked()
            editor.set_response(None)
        answer(qtbot, editor)
        _click(qtbot, player.check_button)
        assert player.feedback.isVisible(), editor.question.kind
        assert player.feedback.title.text() == "✓ Correct", (editor.question.kind, player.feedback.title.text())
        assert missing_names(player) == []  # every control named and described, feedback too
        if position < 8:
            _click(qtbot, player.next_button)
    assert seen == set(KINDS)
    results: list[AttemptResult] = []
    player.finished.connect(results.append)
    _click(qtbot, player.submit_button)
    assert len(results) == 1
    result = results[0]
    assert result.score == 1.0
    assert result.items[0].tries == 2  # the wrong try and the right one
    assert errors == []


def test_assessment_mode_shows_nothing_until_submit(qtbot, bank_store: Store) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(bank_store, TaskManager(synchronous=True))
    quiz, learner_id = each_kind_quiz(bank_store, mode="assessment")
    player = _player(qtbot, ctx)
    player.open_quiz(quiz.id, learner_id)
    assert not player.check_button.isVisible()
    assert "Assessment" in player.mode_label.text()
    for position in range(1, 9):
        editor = player.editor()
        answer(qtbot, editor, right=position % 2 == 1)  # odd items right, even items wrong
        assert not player.feedback.isVisible()
        if position < 8:
            _click(qtbot, player.next_button)
            assert not player.feedback.isVisible()
            # Saved the moment it was given, its grade hidden until the attempt is finished.
            with bank_store.sessions() as session:
                stored = attempts.get_attempt(session, player.attempt_id()).latest(position)
            assert stored is not None and stored.answer == jsonable(editor.response())
            assert stored.fraction is None and stored.feedback is None
    # Back and forth keeps answers; nothing is marked.
    _click(qtbot, player.previous_button)
    assert player.position() == 7 and player.editor().response() is not None
    assert not any(w.isVisible() for w in player.editor().findChildren(type(player.status)) if w.objectName() == "mark")
    _click(qtbot, player.next_button)

    results: list[AttemptResult] = []
    player.finished.connect(results.append)
    _click(qtbot, player.submit_button)
    assert len(results) == 1
    result = results[0]
    assert [o.correct for o in result.items] == [True, False] * 4
    assert result.score == pytest.approx(sum(o.fraction for o in result.items) / 8)

    view = ResultsView()
    qtbot.addWidget(view)
    view.set_result(result, title=quiz.title, choice_orders={i.position: i.choice_order for i in quiz.items})
    text = view.review_text()
    assert "✓ Correct" in text and "Right answer:" in text
    for item in quiz.items:
        assert item.question.explanation[:40] in " ".join(text.split())
    assert view.skills.values() and all(0 <= v <= 1 for _, v, _ in view.skills.values())


def test_ordering_by_keys_and_buttons_and_drag_mode(qtbot, bank_store: Store) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(bank_store, TaskManager(synchronous=True))
    quiz, learner_id = each_kind_quiz(bank_store, mode="practice")
    player = _player(qtbot, ctx)
    player.open_quiz(quiz.id, learner_id)
    player.go_to(EACH_KIND.index("a1-history-ordering") + 1)
    editor = player.editor()
    assert isinstance(editor, OrderingEditor)
    assert editor.list.dragDropMode() == editor.list.DragDropMode.InternalMove
    assert editor.response() is None  # untouched: not an answer yet
    before = editor.order()
    editor.list.setCurrentRow(1)
    qtbot.keyClick(editor.list, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert editor.order() == (before[0], before[2], before[1], *before[3:])
    assert editor.list.currentRow() == 2
    _click(qtbot, editor.up)
    assert editor.order() == before
    assert editor.response() == before  # touched: the order is an answer now


def test_close_mid_quiz_and_reopen_resumes_with_every_answer(qtbot, store_url: str) -> None:  # type: ignore[no-untyped-def]
    """With the real worker thread: answers go to the store one op each; a new store object and
    a new player (the app restarted) come back to the same question with every answer."""
    store = Store.open(store_url)
    import_shipped_bank(store)
    quiz, learner_id = each_kind_quiz(store, mode="assessment")
    tasks = TaskManager()
    player = _player(qtbot, make_ctx(store, tasks))
    player.open_quiz(quiz.id, learner_id)
    qtbot.waitUntil(lambda: player.attempt_id() is not None, timeout=10_000)
    given = {}
    for position in range(1, 6):
        editor = player.editor()
        answer(qtbot, editor, right=position != 3)
        given[position] = jsonable(editor.response())
        _click(qtbot, player.next_button)
    assert player.position() == 6
    qtbot.waitUntil(lambda: tasks.pending == 0, timeout=10_000)
    attempt_id = player.attempt_id()
    player.close()
    tasks.shutdown()
    store.close()

    store = Store.open(store_url)
    tasks = TaskManager()
    try:
        player = _player(qtbot, make_ctx(store, tasks))
        player.open_quiz(quiz.id, learner_id)
        qtbot.waitUntil(lambda: player.attempt_id() is not None, timeout=10_000)
        assert player.attempt_id() == attempt_id
        assert player.position() == 6
        assert player.progress_text() == "Question 6 of 8"
        assert "you were on question 6" in player.status.text()
        for position, value in given.items():
            assert jsonable(player.editor(position).response(explicit=True)) == value
            assert player.saved_answer(position) == value
        assert player.editor(6).response() is None
    finally:
        qtbot.waitUntil(lambda: tasks.pending == 0, timeout=10_000)
        tasks.shutdown()
        store.close()


def test_practice_resume_brings_checked_answers_back_checked(qtbot, bank_store: Store) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(bank_store, TaskManager(synchronous=True))
    quiz, learner_id = each_kind_quiz(bank_store, mode="practice")
    player = _player(qtbot, ctx)
    player.open_quiz(quiz.id, learner_id)
    answer(qtbot, player.editor(), right=False)
    _click(qtbot, player.check_button)
    player.deleteLater()

    starts: list[Any] = []
    open_attempt(ctx, quiz_id=quiz.id, learner_id=learner_id).success(starts.append).run()
    assert starts[0].resumed and starts[0].attempt.current_position == 1
    again = _player(qtbot, ctx)
    again.start(starts[0])
    assert again.feedback.isVisible() and again.feedback.title.text() == "✗ Not quite"
    assert again.editor().is_locked()


def test_the_timer_counts_down_and_shows_words(qtbot, bank_store: Store) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(bank_store, TaskManager(synchronous=True))
    quiz, learner_id = each_kind_quiz(bank_store, mode="assessment")
    player = _player(qtbot, ctx, time_limit=600)
    player.open_quiz(quiz.id, learner_id)
    assert player.timer_label.isVisible()
    assert player.timer_text() in {"Time left 10:00", "Time left 09:59"}
    _click(qtbot, player.timer_button)
    assert not player.timer_label.isVisible()


def test_hot_text_phrases_are_buttons_in_the_passage(qtbot, bank_store: Store) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(bank_store, TaskManager(synchronous=True))
    quiz, learner_id = each_kind_quiz(bank_store, mode="practice")
    player = _player(qtbot, ctx)
    player.open_quiz(quiz.id, learner_id)
    player.go_to(EACH_KIND.index("a1-loaded-sanctions-paragraph") + 1)
    editor = player.editor()
    phrase = editor.phrases["a"]  # type: ignore[attr-defined]
    assert phrase.text() == "illicit" and phrase.accessibleName() == "Phrase: illicit"
    # Tab reaches every phrase; Space toggles.
    assert phrase.focusPolicy() & Qt.FocusPolicy.TabFocus
    phrase.setFocus()
    qtbot.keyClick(phrase, Qt.Key.Key_Space)
    assert phrase.isChecked() and phrase.text() == "✓ illicit"
    qtbot.mouseClick(phrase, Qt.MouseButton.LeftButton, pos=QPoint(4, 4))
    assert not phrase.isChecked()


def test_choices_and_true_false_work_by_keyboard(qtbot, bank_store: Store) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(bank_store, TaskManager(synchronous=True))
    quiz, learner_id = each_kind_quiz(bank_store, mode="practice")
    player = _player(qtbot, ctx)
    player.open_quiz(quiz.id, learner_id)
    for position in (1, 2, 3):  # single choice, multiple choice, true-false
        player.go_to(position)
        editor = player.editor()
        button = editor.inputs()[0]
        button.setFocus()
        qtbot.keyClick(button, Qt.Key.Key_Space)
        assert editor.response() is not None, editor.question.kind
    # Return in a short answer checks it (practice).
    player.go_to(EACH_KIND.index("a1-aurus-gift") + 1)
    editor = player.editor()
    qtbot.keyClicks(editor.edit, "aurus")
    qtbot.keyClick(editor.edit, Qt.Key.Key_Return)
    assert player.feedback.isVisible() and player.feedback.title.text() == "✓ Correct"
