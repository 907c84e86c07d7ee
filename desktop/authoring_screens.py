"""Screens for `closeread screenshot`: the teacher's authoring windows, on the shipped library.

annotation-editor       the editor on a shipped claim (verdict, note with preview, citations, badge)
source-library          the library with a cited source selected and its delete refused
article-editor-preview  a paragraph deleted from an article: what re-anchoring would do
question-review         a generated draft with its provenance highlighted in the article

Everything shown comes from the shipped corpus; nothing is invented and nothing is saved but
the generated drafts (the screenshot store is a throwaway copy).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.screenshots import save_shot, screen, settle

if TYPE_CHECKING:
    from desktop.main_window import MainWindow
    from desktop.teacher_actions import TeacherActions

ARTICLE = "russia-nk-ink-deal"
# "which was established during the conflict in Ukraine": inaccurate, three sources
EDITED_CLAIM = "a1-c02"
CITED_SOURCE = "tass-ushakov-2024-06-17"


@contextmanager
def _teacher(window: MainWindow) -> Iterator[TeacherActions]:
    """Teacher mode (no PIN for a screenshot) with the authoring actions installed; the mode
    the window had is restored afterwards, so later screens are not affected."""
    from desktop.teacher_actions import install_teacher_actions

    actions = getattr(window, "teacher_actions", None)
    if actions is None:
        actions = install_teacher_actions(window, window.ctx)
    before = window.mode
    window.close_class_mode()
    window.show_reader_page()
    window.set_mode("teacher")
    window.open_article(ARTICLE, force=True)
    settle(50)
    try:
        yield actions
    finally:
        window.set_mode(before)
        settle()


def _shot(
    window: MainWindow, out_dir: Path, name: str, make: Callable[[TeacherActions], object]
) -> list[Path]:
    with _teacher(window) as actions:
        widget = make(actions)
        try:
            return [save_shot(widget, out_dir, name, window)]  # type: ignore[arg-type]
        finally:
            widget.close()  # type: ignore[attr-defined]


@screen("annotation-editor")
def _annotation_editor(window: MainWindow, out_dir: Path) -> list[Path]:
    def make(actions: TeacherActions) -> object:
        actions.edit_annotation(EDITED_CLAIM)
        settle()
        editor = actions.editor
        assert editor is not None, "the annotation editor did not open"
        editor.resize(900, 860)
        settle()
        return editor

    return _shot(window, out_dir, "annotation-editor", make)


@screen("source-library")
def _source_library(window: MainWindow, out_dir: Path) -> list[Path]:
    def make(actions: TeacherActions) -> object:
        dialog = actions.open_sources()
        assert dialog is not None
        dialog.resize(1180, 720)
        settle()
        dialog.select(CITED_SOURCE)
        dialog.delete_selected()  # refused: the banner says how many annotations cite it
        settle()
        return dialog

    return _shot(window, out_dir, "source-library", make)


@screen("article-editor-preview")
def _article_editor(window: MainWindow, out_dir: Path) -> list[Path]:
    from PySide6.QtGui import QTextCursor

    from desktop.dialogs.article_editor import EditArticleTextDialog

    def make(actions: TeacherActions) -> object:
        actions.edit_article_text()
        settle()
        dialog = actions.article_dialog
        assert isinstance(dialog, EditArticleTextDialog), "the article editor did not open"
        dialog.resize(1360, 780)
        body = dialog.text()
        car = next(p for p in body.split("\n\n") if "Aurus" in p)
        dialog.set_text(body.replace(car + "\n\n", ""))
        dialog.request_preview()
        settle()
        # Show where the paragraph was cut.
        at = body.index(car)
        cursor = dialog.editor.textCursor()
        cursor.setPosition(max(0, at - 1))
        cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
        dialog.editor.setTextCursor(cursor)
        dialog.editor.centerCursor()
        settle()
        return dialog

    return _shot(window, out_dir, "article-editor-preview", make)


@screen("question-review")
def _question_review(window: MainWindow, out_dir: Path) -> list[Path]:
    from quizzes.review import generate_drafts

    def make(actions: TeacherActions) -> object:
        with window.ctx.store.sessions.begin() as session:
            generate_drafts(session, seed=7)
        dialog = actions.open_review()
        assert dialog is not None
        dialog.resize(1400, 860)
        settle()
        # A verdict question on the claim the editor screenshot shows, if the generators made one.
        items = dialog.items()
        choices = [i for i in items if i.question.annotation_id and i.question.kind == "single-choice"]
        chosen = next(
            (i for i in choices if i.question.annotation_id == EDITED_CLAIM),
            choices[0] if choices else None,
        )
        if chosen is not None:
            dialog.select_question(chosen.question.id)
        settle(window.reader.FLASH_MS + 150)
        return dialog

    return _shot(window, out_dir, "question-review", make)
