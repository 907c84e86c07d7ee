"""The quiz builder: choose, preview, swap one question, save and assign."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from corpus.store import Store
from desktop.quiz.builder import QuizBuilder
from desktop.tasks import TaskManager
from quizzes.assembly import get_quiz
from tests.desktop.quiz_helpers import import_shipped_bank, make_ctx


def test_preview_swap_and_save_and_assign(qtbot, store: Store) -> None:  # type: ignore[no-untyped-def]
    import_shipped_bank(store)
    from quizzes import attempts

    with store.sessions.begin() as session:
        ana = attempts.add_learner(session, name="Ana", class_name="7B")
    errors: list[str] = []
    builder = QuizBuilder(make_ctx(store, TaskManager(synchronous=True), errors))
    qtbot.addWidget(builder)
    builder.show()
    assert builder.articles.count() == 2 and builder.skills.count() >= 5 and builder.kinds.count() == 8
    builder.set_checked("articles", ("russia-nk-ink-deal",))
    builder.set_checked("skills", ("evidence", "language", "corroboration"))
    builder.count.setValue(6)
    builder.mode.setCurrentIndex(builder.mode.findData("assessment"))
    builder.assign.setCurrentIndex(builder.assign.findData(ana.id))
    assert not builder.save_button.isEnabled()
    qtbot.mouseClick(builder.preview_button, Qt.MouseButton.LeftButton)
    items = builder.previewed()
    assert len(items) == 6
    assert {i.question.skill for i in items} <= {"evidence", "language", "corroboration"}
    assert all(i.question.articles == ("russia-nk-ink-deal",) for i in items)

    # The same settings and seed draw the same quiz.
    qtbot.mouseClick(builder.preview_button, Qt.MouseButton.LeftButton)
    assert [i.question.id for i in builder.previewed()] == [i.question.id for i in items]

    builder.list.setCurrentIndex(builder.model.index(2))
    replaced = items[2].question.id
    qtbot.mouseClick(builder.swap_button, Qt.MouseButton.LeftButton)
    after = builder.previewed()
    assert after[2].question.id != replaced
    assert after[2].question.id not in {i.question.id for i in items}
    assert after[2].position == 3

    builder.title_edit.setText("Sanctions and sources")  # the title does not make the preview stale
    saved: list[Any] = []
    builder.quiz_saved.connect(saved.append)
    qtbot.mouseClick(builder.save_button, Qt.MouseButton.LeftButton)
    assert len(saved) == 1 and "assigned to Ana (7B)" in builder.status.text()
    with store.sessions() as session:
        quiz = get_quiz(session, saved[0].id)
    assert [i.question.id for i in quiz.items] == [i.question.id for i in after]
    assert quiz.title == "Sanctions and sources" and quiz.mode == "assessment"
    assert quiz.spec is not None and quiz.spec.learner_id == ana.id

    # Changing what is drawn makes the preview stale.
    builder.count.setValue(4)
    assert builder.previewed() == [] and not builder.save_button.isEnabled()
    assert errors == []


def test_preview_list_model_passes_the_model_tester(qtmodeltester, store: Store) -> None:  # type: ignore[no-untyped-def]
    from desktop.quiz.models import PreviewListModel
    from quizzes.assembly import QuizSpec, preview

    import_shipped_bank(store)
    with store.sessions() as session:
        view = preview(session, QuizSpec(count=5))
    model = PreviewListModel()
    model.set_rows(view.items)
    qtmodeltester.check(model)
