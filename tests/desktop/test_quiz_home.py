"""The quiz area as a student uses it: their quizzes, a quiz taken to its results, and the
review queue ("N due today") practised the next day."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt

from corpus.store import Store
from desktop.quiz.access import missing_names
from desktop.quiz.home import QuizHome
from desktop.tasks import TaskManager
from quizzes import attempts
from quizzes.assembly import QuizSpec, save_quiz
from tests.desktop.quiz_helpers import (
    EACH_KIND,
    answer,
    each_kind_quiz,
    import_shipped_bank,
    make_ctx,
)


def test_take_a_quiz_see_results_then_practise_what_is_due(qtbot, store: Store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import_shipped_bank(store)
    _quiz, ana = each_kind_quiz(store, mode="practice")
    with store.sessions.begin() as session:
        ben = attempts.add_learner(session, name="Ben").id
        save_quiz(session, QuizSpec(count=2, title="Only for Ben", learner_id=ben), question_ids=list(EACH_KIND[:2]))
        learner = next(v for v in attempts.list_learners(session) if v.id == ana)
    day = {"today": date.today()}
    errors: list[str] = []
    printed: list[Path] = []
    home = QuizHome(
        make_ctx(store, TaskManager(synchronous=True), errors), confirm=lambda *_: True,
        is_teacher=lambda: False, today=lambda: day["today"],
        choose_pdf=lambda *_: printed.append(tmp_path / "q.pdf") or (tmp_path / "q.pdf", False),
    )
    qtbot.addWidget(home)
    home.resize(1200, 800)
    home.show()
    assert not home.teacher_row.isVisible()
    home.set_learner(learner)
    assert home.who.text() == "Reading as Ana · 7B"
    assert [r.title for r in home.quiz_model.rows()] == ["Every kind"]  # not Ben's
    assert home.review.label.text() == "Nothing due for review today"

    qtbot.mouseClick(home.start_button, Qt.MouseButton.LeftButton)
    assert home.pages.currentIndex() == home.PLAYER
    player = home.player
    answer(qtbot, player.editor(), right=False)
    qtbot.mouseClick(player.check_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(player.next_button, Qt.MouseButton.LeftButton)
    answer(qtbot, player.editor())
    qtbot.mouseClick(home.player_back, Qt.MouseButton.LeftButton)
    # Left mid-quiz: the answer on show was saved; the list offers to resume at question 2.
    assert home.pages.currentIndex() == home.HOME
    assert home.start_button.text() == "&Resume at question 2"
    qtbot.mouseClick(home.start_button, Qt.MouseButton.LeftButton)
    assert player.position() == 2 and player.editor().response() is not None
    qtbot.mouseClick(player.submit_button, Qt.MouseButton.LeftButton)  # 6 unanswered: confirmed
    assert home.pages.currentIndex() == home.RESULTS
    assert home.results.score.text() == "12 %"  # 1 of 8 right
    assert "— Not answered" in home.results.review_text()

    qtbot.mouseClick(home.results.done_button, Qt.MouseButton.LeftButton)
    assert "done, 12 %" in home.quiz_model.text(home.quiz_model.rows()[0])

    # The next day both answered questions are due: the count shows, practice opens them.
    day["today"] = date.today() + timedelta(days=1)
    home.review.refresh()
    assert home.review.label.text() == "2 questions due today"
    qtbot.mouseClick(home.review.button, Qt.MouseButton.LeftButton)
    assert home.pages.currentIndex() == home.PLAYER
    assert player.count() == 2 and player.mode() == "practice"
    assert {player.editor(p).question.id for p in (1, 2)} == set(EACH_KIND[:2])
    for position in (1, 2):
        player.go_to(position)
        answer(qtbot, player.editor())
        qtbot.mouseClick(player.check_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(player.submit_button, Qt.MouseButton.LeftButton)
    assert home.results.score.text() == "100 %"
    home.review.refresh()
    assert home.review.label.text() == "Nothing due for review today"
    # Review sessions stay out of the quiz list.
    home.show_home()
    assert [r.title for r in home.quiz_model.rows()] == ["Every kind"]
    assert errors == []


def test_teacher_tools_show_in_teacher_mode_and_print(qtbot, store: Store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import_shipped_bank(store)
    each_kind_quiz(store, mode="assessment")
    out = tmp_path / "quiz.pdf"
    home = QuizHome(
        make_ctx(store, TaskManager(synchronous=True)), is_teacher=lambda: True, choose_pdf=lambda *_: (out, True)
    )
    qtbot.addWidget(home)
    home.show()
    home.refresh()
    assert home.teacher_row.isVisible()
    assert missing_names(home) == []
    qtbot.mouseClick(home.print_button, Qt.MouseButton.LeftButton)
    assert out.exists() and "Printed the answer key" in home.status.text()
    builder = home.show_builder()
    assert home.pages.currentIndex() == home.BUILDER and builder.isVisible()
    assert missing_names(home) == []
    dashboard = home.show_dashboard()
    assert home.pages.currentIndex() == home.DASHBOARD and dashboard.quiz_id() is not None
    for tab in range(dashboard.tabs.count()):
        dashboard.tabs.setCurrentIndex(tab)
        assert missing_names(home) == [], tab
    home.set_teacher(False)
    assert home.pages.currentIndex() == home.HOME and not home.teacher_row.isVisible()
