"""Teacher authoring in the real main window, on the real background worker (issue 6's
acceptance): select a phrase and create a claim annotation with a new source and an evidence
quote → highlighted, listed, source-checked; undo removes it and redo restores it; editing the
text shows the preview and the orphan queue then holds exactly the annotations whose text was
removed; student mode shows no editing action and no draft."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from corpus.articles import get_article, load_sources
from corpus.authoring import add_annotation
from desktop.app import build_main_window
from desktop.dialogs.article_editor import EditArticleTextDialog
from desktop.dialogs.common import select_body_range
from desktop.main_window import MainWindow
from desktop.teacher_actions import TeacherActions

TREATY = "russia-nk-ink-deal"
PHRASE = "strengthening their relationship"
PIN = "8642"
WAIT = 15_000


def _dispose(window: MainWindow) -> None:
    window.close()
    window.ctx.tasks.shutdown()
    window.ctx.store.close()
    app = QApplication.instance()
    if isinstance(app, QApplication):
        app.setPalette(QPalette())


@pytest.fixture
def teacher_window(qtbot, db_path: Path) -> Iterator[Callable[[], MainWindow]]:  # type: ignore[no-untyped-def]
    made: list[MainWindow] = []

    def make() -> MainWindow:
        window = build_main_window(str(db_path))  # the real worker thread
        qtbot.addWidget(window)
        made.append(window)
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: window.library_model.rowCount() >= 2, timeout=WAIT)
        window.select_article(TREATY)
        qtbot.waitUntil(lambda: window.article_view is not None and window.article_view.article.id == TREATY,
                        timeout=WAIT)
        return window

    yield make
    for window in made:
        _dispose(window)


def _actions(window: MainWindow) -> TeacherActions:
    actions = getattr(window, "teacher_actions", None)
    assert isinstance(actions, TeacherActions), "build_main_window installs the teacher actions"
    return actions


def _enter_teacher_mode(qtbot, window: MainWindow) -> TeacherActions:  # type: ignore[no-untyped-def]
    actions = _actions(window)
    qtbot.waitUntil(lambda: actions.mode.has_pin() is not None, timeout=WAIT)
    actions.teacher_mode_action.trigger()
    qtbot.waitUntil(lambda: actions.mode.dialog is not None, timeout=WAIT)
    dialog = actions.mode.dialog
    assert dialog is not None
    dialog.pin.setText(PIN)
    if dialog.setting:
        dialog.confirm.setText(PIN)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.mode == "teacher", timeout=WAIT)
    qtbot.waitUntil(lambda: window.article_view is not None and not window.article_view.published_only, timeout=WAIT)
    return actions


def _assert_student_mode_has_no_editing(qtbot, window: MainWindow, actions: TeacherActions) -> None:  # type: ignore[no-untyped-def]
    for action in actions.authoring_actions:
        assert not action.isVisible() and not action.isEnabled(), action.text()
    visible_in_edit_menu = [a.text() for a in window.menus["edit"].actions() if a.isVisible() and not a.isSeparator()]
    assert not any(word in " ".join(visible_in_edit_menu) for word in ("Undo", "Redo", "Annotate", "Sources", "Orphans", "Review"))
    button = window.toolbar.widgetForAction(actions.annotate_action)
    # The toolbar lays its buttons out on the next pass of the event loop.
    qtbot.waitUntil(lambda: button is None or not button.isVisible(), timeout=WAIT)
    assert actions.annotate_selection() is None and actions.open_sources() is None and actions.open_review() is None


def test_a_claim_with_a_new_source_is_highlighted_listed_checked_and_undoable(qtbot, teacher_window) -> None:  # type: ignore[no-untyped-def]
    window = teacher_window()
    actions = _actions(window)
    _assert_student_mode_has_no_editing(qtbot, window, actions)
    actions = _enter_teacher_mode(qtbot, window)
    assert actions.annotate_action.isVisible() and actions.sources_action.isEnabled()

    # Select the phrase in the reader; Annotate is enabled for a selection.
    body = window.article_view.article.body
    start = body.index(PHRASE)
    select_body_range(window.reader, start, start + len(PHRASE))
    assert window.reader.selected_body_range() == (start, start + len(PHRASE))
    assert actions.annotate_action.isEnabled()
    assert actions.annotate_action.shortcut().toString() == "Ctrl+Shift+A"
    # (Offscreen the window may not be the active one, so the shortcut's action is triggered.)
    actions.annotate_action.trigger()
    qtbot.waitUntil(lambda: actions.editor is not None, timeout=WAIT)
    editor = actions.editor
    assert editor is not None and editor.is_new() and editor.annotation().quote.exact == PHRASE

    # Fill it in: a claim, its verdict, and a NEW source created inline with an evidence quote.
    editor.category.setCurrentIndex(editor.category.findData("claim"))
    editor.verdict.setCurrentIndex(editor.verdict.findData("misleading"))
    qtbot.keyClicks(editor.claim_reviewed, "Russia and North Korea only now began to build ties.")
    editor.note.setPlainText("The ties are **decades** old.")
    editor.status.setCurrentIndex(editor.status.findData("published"))
    form = editor.open_source_form()
    qtbot.keyClicks(form.title, "A history of Soviet and Russian ties with Pyongyang")
    qtbot.keyClicks(form.publisher, "Example University Press")
    qtbot.keyClicks(form.published, "2019")
    qtbot.keyClicks(form.url, "https://example.edu/ties")
    form.kind.setCurrentIndex(form.kind.findData("reference"))
    form.excerpt.setPlainText("Moscow and Pyongyang have been allies since 1948.")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    _source_combo, relation, evidence, locator = editor.citations.row_widgets(0)
    assert relation.currentData() == "refutes"
    qtbot.keyClicks(evidence, "allies since 1948")
    qtbot.keyClicks(locator, "chapter 2")
    assert editor.check_status() == "checked", [f.message for f in editor.findings()]
    new_source_id = editor.new_sources()[0].id
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    # Highlighted, listed, and source-checked by the window's own checker.
    def added() -> str | None:
        view = window.article_view
        found = [a for a in view.article.annotations if a.quote.exact == PHRASE and a.category == "claim"] if view else []
        return found[0].id if found else None

    qtbot.waitUntil(lambda: added() is not None, timeout=WAIT)
    new_id = added()
    assert new_id is not None
    qtbot.waitUntil(lambda: new_id in window.reader.visible_annotations(), timeout=WAIT)
    assert window.panel.model.row_of(new_id) >= 0
    assert window.article_view.statuses[new_id] == "checked"
    record = next(a for a in window.article_view.article.annotations if a.id == new_id)
    assert record.citations[0].source_id == new_source_id and record.citations[0].evidence == "allies since 1948"
    assert actions.undo_action.text() == "Undo Add claim annotation"

    # Undo removes it (and the source made with it); redo restores the same annotation.
    actions.undo_action.trigger()
    qtbot.waitUntil(lambda: added() is None, timeout=WAIT)
    assert new_id not in window.reader.visible_annotations() and window.panel.model.row_of(new_id) < 0
    with window.ctx.store.sessions() as s:
        assert new_source_id not in {x.id for x in load_sources(s)}
    assert actions.redo_action.text() == "Redo Add claim annotation"
    actions.redo_action.trigger()
    qtbot.waitUntil(lambda: added() == new_id, timeout=WAIT)
    qtbot.waitUntil(lambda: new_id in window.reader.visible_annotations(), timeout=WAIT)
    assert window.article_view.statuses[new_id] == "checked"
    again = next(a for a in window.article_view.article.annotations if a.id == new_id)
    assert again == record  # same id, citations and timestamps

    # Edit and delete from the panel: both undoable.
    window.panel.select_annotation(new_id)
    assert actions.edit_annotation_action.isEnabled()
    actions.delete_annotation(new_id, confirm=False)
    qtbot.waitUntil(lambda: added() is None, timeout=WAIT)
    assert actions.undo_action.text() == "Undo Delete claim annotation"
    actions.undo_action.trigger()
    qtbot.waitUntil(lambda: added() == new_id, timeout=WAIT)

    # Back to student mode: no editing action anywhere.
    actions.student_mode_action.trigger()
    qtbot.waitUntil(lambda: window.mode == "student", timeout=WAIT)
    _assert_student_mode_has_no_editing(qtbot, window, actions)


def test_editing_the_text_previews_then_fills_the_orphan_queue(qtbot, teacher_window) -> None:  # type: ignore[no-untyped-def]
    window = teacher_window()
    actions = _enter_teacher_mode(qtbot, window)
    article = window.article_view.article
    body = article.body
    car = next(p for p in body.split("\n\n") if "Aurus" in p)
    cut_start = body.index(car)
    cut_end = cut_start + len(car) + 2
    removed = {a.id for a in article.annotations if cut_start <= a.position.start and a.position.end <= cut_end}
    assert removed

    actions.edit_text_action.trigger()
    qtbot.waitUntil(lambda: isinstance(actions.article_dialog, EditArticleTextDialog), timeout=WAIT)
    dialog = actions.article_dialog
    assert isinstance(dialog, EditArticleTextDialog)
    dialog.set_text(body[:cut_start] + body[cut_end:])
    qtbot.waitUntil(dialog.preview_is_current, timeout=WAIT)
    assert {o.annotation_id for o in dialog.outcomes() if o.status == "orphaned"} == removed
    assert dialog.model.rowCount() == len(article.annotations)
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=WAIT)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: actions.orphan_count == len(removed), timeout=WAIT)
    assert actions.orphans_action.text() == f"&Orphans ({len(removed)})…"
    assert actions.undo_action.text() == "Undo Edit article text"

    queue = actions.open_orphans()
    assert queue is not None
    qtbot.waitUntil(lambda: set(queue.orphan_ids()) == removed, timeout=WAIT)
    # Undo the edit: the queue empties, the text and every anchor are back.
    actions.undo_action.trigger()
    qtbot.waitUntil(lambda: queue.orphan_ids() == [], timeout=WAIT)
    with window.ctx.store.sessions() as s:
        assert get_article(s, TREATY).body == body


def test_student_mode_shows_no_draft_and_no_editing_action(qtbot, teacher_window, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    from corpus.store import Store

    store = Store.open(str(db_path))
    with store.sessions.begin() as s:
        body = get_article(s, TREATY).body
        start = body.index(PHRASE)
        draft = add_annotation(s, article_id=TREATY, start=start, end=start + len(PHRASE), category="framing",
                               note="A draft note", status="draft")
    store.close()
    window = teacher_window()
    actions = _actions(window)
    assert window.mode == "student"
    assert draft.id not in {a.id for a in window.article_view.article.annotations}
    assert draft.id not in window.reader.visible_annotations() and window.panel.model.row_of(draft.id) < 0
    _assert_student_mode_has_no_editing(qtbot, window, actions)
    # Annotate (Ctrl+Shift+A) does nothing in student mode, even with a selection.
    select_body_range(window.reader, start, start + len(PHRASE))
    actions.annotate_action.trigger()
    assert actions.editor is None and not actions.annotate_action.isEnabled()

    _enter_teacher_mode(qtbot, window)
    qtbot.waitUntil(lambda: draft.id in {a.id for a in window.article_view.article.annotations}, timeout=WAIT)
    actions.student_mode_action.trigger()
    qtbot.waitUntil(lambda: window.mode == "student" and window.article_view.published_only, timeout=WAIT)
    assert draft.id not in {a.id for a in window.article_view.article.annotations}
    _assert_student_mode_has_no_editing(qtbot, window, actions)

    # Teacher mode asks for the PIN again, and a wrong one changes nothing.
    actions.teacher_mode_action.trigger()
    qtbot.waitUntil(lambda: actions.mode.dialog is not None, timeout=WAIT)
    dialog = actions.mode.dialog
    assert dialog is not None and not dialog.setting
    dialog.pin.setText("1111")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: "not right" in dialog.error.text(), timeout=WAIT)
    assert window.mode == "student" and not actions.teacher_mode_action.isChecked()
    dialog.reject()


def test_the_highlight_and_panel_context_menus_offer_edit_and_delete(qtbot, teacher_window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QTextCursor

    window = teacher_window()
    actions = _actions(window)
    browser = window.reader.browser
    annotation_id, start, _end = window.reader.highlight_ranges()[0]
    cursor = QTextCursor(browser.document())
    cursor.setPosition(start + 1)
    point = browser.cursorRect(cursor).center()

    # Student mode: only the standard menu (copy, select all).
    menu = actions.build_reader_menu(point)
    texts = [a.text() for a in menu.actions()]
    assert texts and not any("annotation" in t.lower() or "Annotate" in t for t in texts)
    assert actions.build_panel_menu(window.panel.list_view.visualRect(window.panel.list_view.model().index(0, 0)).center()) is None

    _enter_teacher_mode(qtbot, window)
    annotation_id, start, _end = window.reader.highlight_ranges()[0]
    cursor.setPosition(start + 1)
    point = browser.cursorRect(cursor).center()
    menu = actions.build_reader_menu(point)
    texts = [a.text() for a in menu.actions()]
    record = next(a for a in window.article_view.article.annotations if a.id == annotation_id)
    label = {"claim": "claim", "attribution": "attribution"}.get(record.category, "")
    assert "&Annotate selection…" in texts
    assert any(t.startswith("Edit ") and label in t for t in texts)
    assert any(t.startswith("Delete ") for t in texts)
    edit = next(a for a in menu.actions() if a.text().startswith("Edit "))
    edit.trigger()
    qtbot.waitUntil(lambda: actions.editor is not None, timeout=WAIT)
    assert not actions.editor.is_new() and actions.editor.annotation().id == annotation_id
    actions.editor.reject()

    # The panel's menu: Edit and Delete for the item under the mouse.
    view = window.panel.list_view
    index = view.model().index(0, 0)
    panel_menu = actions.build_panel_menu(view.visualRect(index).center())
    assert panel_menu is not None
    assert [a.text() for a in panel_menu.actions()] == ["&Edit annotation…", "&Delete annotation"]
    assert all(a.isEnabled() for a in panel_menu.actions())
