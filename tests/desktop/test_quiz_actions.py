"""The quiz area in the real main window: the Quizzes menu, who is reading at start, the review
count in the status bar, and "Show me in the article" opening the reader on the annotation."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from desktop.app import build_main_window


def test_quizzes_in_the_main_window(qtbot, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = build_main_window(str(db_path), synchronous=True)
    qtbot.addWidget(window)
    window.show()
    actions = window.quiz_actions
    try:
        assert window.menus["quizzes"].title() == "&Quizzes"
        assert not any(a.isVisible() for a in actions.teacher_actions)  # student mode

        dialog = actions.ask_at_start()
        assert dialog.parent() is window and dialog.isVisible()
        qtbot.mouseClick(dialog.guest_button, Qt.MouseButton.LeftButton)
        home = actions.home()
        assert home.learner is not None and home.learner.name == "Guest"
        assert actions.review_button.text() == "Guest: Nothing due for review today"
        assert actions.quiz_window is not None and not actions.quiz_window.isVisible()

        actions.open_action.trigger()
        assert actions.quiz_window.isVisible()
        assert not home.teacher_row.isVisible()

        home.show_in_article.emit("russia-nk-ink-deal", "a1-c09")
        qtbot.waitUntil(lambda: window.reader.current_annotation() == "a1-c09", timeout=5000)
        assert window.current_article_id == "russia-nk-ink-deal"

        window.close()  # closes the quiz window with it
        assert not actions.quiz_window.isVisible()
    finally:
        window.ctx.tasks.shutdown()
        window.ctx.store.close()
