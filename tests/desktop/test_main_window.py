"""The real main window, on a real store: library, reader, panel, search, compare, class mode,
student/teacher visibility and the keyboard. Ops run on the real worker in the first test and
inline (TaskManager(synchronous=True)) elsewhere, so each step is deterministic."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPalette, QTextCursor
from PySide6.QtWidgets import QApplication, QWidget

from corpus.models import Annotation
from corpus.search import MARK_END, MARK_START
from desktop.app import build_main_window
from desktop.main_window import MainWindow
from desktop.models.article_list import ArticleListModel
from desktop.models.library import LibraryModel

TREATY = "russia-nk-ink-deal"
DETAILS = "nk-releases-deal-details"


def _dispose(window: MainWindow) -> None:
    window.close()
    if window.class_mode is not None:
        window.class_mode.close()
        window.class_mode.deleteLater()
    window.ctx.tasks.shutdown()
    window.ctx.store.close()
    app = QApplication.instance()
    if isinstance(app, QApplication):
        app.setPalette(QPalette())  # the window themes the whole application


@pytest.fixture
def open_window(qtbot, db_path: Path) -> Iterator[Callable[..., MainWindow]]:  # type: ignore[no-untyped-def]
    """Build windows on the test's store copy (inline ops), shown and with the library loaded."""
    made: list[MainWindow] = []

    def make(*, synchronous: bool = True, article: str | None = TREATY) -> MainWindow:
        window = build_main_window(str(db_path), synchronous=synchronous)
        qtbot.addWidget(window)
        made.append(window)
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: window.library_model.rowCount() == 2, timeout=10_000)
        if article is not None:
            window.select_article(article)
            qtbot.waitUntil(lambda: window.article_view is not None
                            and window.article_view.article.id == article, timeout=10_000)
        return window

    yield make
    for window in made:
        _dispose(window)


def test_the_window_lists_both_articles_and_shows_the_selected_one(qtbot, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The real background worker: the list arrives, choosing a row shows the article."""
    window = build_main_window(str(db_path))
    qtbot.addWidget(window)
    window.show()
    model = window.library_model
    qtbot.waitUntil(lambda: model.rowCount() == 2, timeout=10_000)
    titles = {model.index(r).data() for r in range(2)}
    assert titles == {
        "Russia and North Korea Ink Deal Pledging Military Assistance",
        "North Korea Releases Details of Deal With Russia",
    }
    row = model.row_of(TREATY)
    window.library.setCurrentIndex(model.index(row))
    qtbot.waitUntil(lambda: "Aurus" in window.reader_text(), timeout=10_000)
    assert model.index(row).data(ArticleListModel.IdRole) == TREATY
    _dispose(window)


def test_library_rows_carry_outlet_count_and_check_status(open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window(article=None)
    model = window.library_model
    for article_id, outlet in ((TREATY, "freedomtriumph.com"), (DETAILS, "watchdogreport.org")):
        index = model.index(model.row_of(article_id))
        row = index.data(LibraryModel.RowRole)
        check = index.data(LibraryModel.CheckRole)
        assert row.outlet == outlet and row.annotations > 10
        assert check is not None
        # The shipped corpus is clean of errors; its claim-key disagreements are warnings.
        assert check.errors == 0 and check.status in ("checked", "warnings")
        assert check.label.startswith("✓ source-checked") or "warning" in check.label
        spoken = index.data(Qt.ItemDataRole.AccessibleTextRole)
        assert outlet in spoken and "annotations" in spoken


def test_filters_narrow_the_library(open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    sidebar = window.sidebar
    sidebar.outlet_filter.setCurrentIndex(sidebar.outlet_filter.findData("watchdogreport.org"))
    assert [r.id for r in window.library_model.rows()] == [DETAILS]
    sidebar.outlet_filter.setCurrentIndex(0)
    assert window.library_model.rowCount() == 2
    sidebar.problems_only.setChecked(True)  # both have claim-key warnings
    assert window.library_model.rowCount() == 2
    # Filtering never changes the article on show.
    assert window.current_article_id == TREATY


def test_selecting_an_article_shows_it_with_highlights_legend_and_header(open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    reader = window.reader
    assert "Aurus" in window.reader_text()
    assert window.reader_text().startswith("Russia and North Korea Ink Deal")
    assert "a1-c01" in reader.visible_annotations()
    assert len(reader.visible_annotations()) >= 30
    start, end = reader.document_range("a1-c01")
    quote = next(a for a in window.article_view.article.annotations if a.id == "a1-c01").quote.exact
    assert window.reader_text()[start:end] == quote  # the highlight lands on the quoted words
    assert "a1-c01" in reader.annotation_ids_at_position(start + 1)
    assert sum(window.legend.counts().values()) == len(window.article_view.article.annotations)
    summary = window.article_view.summary
    assert summary.startswith(f"{len(window.article_view.article.annotations)} annotations")
    assert summary.endswith("all anchored")
    assert summary in window.reader_text()
    assert window.panel.model.rowCount() == len(window.article_view.article.annotations)
    # Legend toggles reach the reader.
    window.legend.toggle_button("claim").click()
    assert "a1-c01" not in reader.visible_annotations()
    window.legend.toggle_button("claim").click()
    assert "a1-c01" in reader.visible_annotations()


def test_clicking_a_panel_item_selects_its_highlight(qtbot, open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    panel = window.panel
    view = panel.list_view
    proxy = view.model()
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 1) == "a1-c09")
    index = proxy.index(row, 0)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    assert panel.current_annotation() == "a1-c09"
    assert window.reader.current_annotation() == "a1-c09"
    assert window.reader.is_flashing()
    assert "UN Security Council" in panel.detail_text()


def test_clicking_a_highlight_selects_its_panel_item(qtbot, open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    reader = window.reader
    start, _ = reader.document_range("a1-c09")
    cursor = QTextCursor(reader.browser.document())
    cursor.setPosition(start + 25)  # inside "a slew of UN sanctions…", where only a1-c09 lies
    reader.browser.setTextCursor(cursor)
    reader.browser.ensureCursorVisible()
    reader.browser.setTextCursor(QTextCursor(reader.browser.document()))  # no selection
    point = reader.browser.cursorRect(cursor).center() + QPoint(2, 0)
    expected = reader.annotation_ids_at(point)[0]
    qtbot.mouseClick(reader.browser.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert reader.current_annotation() == expected
    assert window.panel.current_annotation() == expected


def test_next_and_previous_follow_reading_order(qtbot, open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    order = window.reader.visible_annotations()
    window.actions_by_name["next_annotation"].trigger()
    window.actions_by_name["next_annotation"].trigger()
    assert window.reader.current_annotation() == order[1]
    assert window.panel.current_annotation() == order[1]
    window.actions_by_name["previous_annotation"].trigger()
    assert window.panel.current_annotation() == order[0]


def test_search_for_aurus_finds_the_article_and_opens_the_hit(qtbot, open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window(article=DETAILS)
    window.focus_search()
    qtbot.keyClicks(window.search_box, "Aurus")
    qtbot.waitUntil(lambda: window.sidebar.is_searching(), timeout=5_000)
    hits = window.sidebar.results_model.hits()
    article_hits = [h for h in hits if h.kind == "article"]
    assert [h.article_id for h in article_hits] == [TREATY]
    assert MARK_START + "Aurus" + MARK_END in article_hits[0].snippet
    row = hits.index(article_hits[0])
    index = window.sidebar.results_model.index(row, 0)
    html = index.data(window.sidebar.results_model.SnippetHtmlRole)
    assert "<b>Aurus</b>" in html and MARK_START not in html
    view = window.sidebar.results
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    assert window.current_article_id == TREATY
    assert "Aurus" in window.reader_text()
    # An annotation hit opens its article with that annotation selected.
    annotation_hit = next(h for h in hits if h.kind == "annotation")
    window.open_hit(annotation_hit)
    assert window.reader.current_annotation() == annotation_hit.ref_id
    assert window.panel.current_annotation() == annotation_hit.ref_id
    # Escape clears the search and brings the library back.
    window.search_box.setFocus()
    qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)
    assert not window.sidebar.is_searching()


def test_search_runs_on_the_real_worker(qtbot, open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window(synchronous=False)
    window.sidebar.set_query("sanctions")
    qtbot.waitUntil(lambda: window.sidebar.results_model.rowCount() > 0, timeout=10_000)
    assert all(MARK_START in h.snippet for h in window.sidebar.results_model.hits())


def test_compare_view_links_a_shared_claim(qtbot, open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    window.actions_by_name["compare"].trigger()
    page = window.compare_page
    assert window.pages.currentWidget() is page
    assert page.pair() == (TREATY, DETAILS)
    view = page.view
    assert set(view.linked_annotations("a1-c01")) == {"a2-c01", "a2-c09"}
    with qtbot.waitSignal(view.linked_claim_selected) as blocker:
        view.left_reader.select_annotation("a1-c01")
    assert blocker.args[0] == "a1-c01"
    assert view.right_reader.current_annotation() in {"a2-c01", "a2-c09"}
    profile = view.framing_profile()
    assert profile["Claim"][0] > 0 and profile["Claim"][1] > 0
    page.swap()
    assert page.pair() == (DETAILS, TREATY)
    assert view.left_reader.article().id == DETAILS
    qtbot.keyClick(view.left_reader.browser, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.splitter


def test_class_mode_reveals_one_at_a_time_and_escape_returns(qtbot, open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    window.actions_by_name["class_mode"].trigger()
    view = window.class_mode
    assert view is not None and view.isVisible() and view.isFullScreen()
    qtbot.waitExposed(view)
    order = view.order()
    assert view.revealed_ids() == []
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Space)
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert view.revealed_ids() == order[:2]
    assert view.reader.visible_annotations() == sorted(order[:2], key=order.index)
    qtbot.keyClick(view, Qt.Key.Key_Backspace)
    assert view.revealed_ids() == order[:1]
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert not view.isVisible()
    assert window.isVisible()
    window.actions_by_name["class_mode"].trigger()
    assert view.isVisible() and view.revealed_ids() == []  # a fresh start each time
    qtbot.keyClick(view, Qt.Key.Key_F11)
    assert not view.isVisible()


def test_zoom_keys_in_the_reader_zoom_one_step(qtbot, open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    reader = window.reader
    window.focus_reader()
    steps = reader.ZOOM_STEPS
    qtbot.keyClick(reader.browser, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert reader.zoom_factor() == steps[steps.index(1.0) + 1]
    assert window.zoom_label.text() == f"{round(reader.zoom_factor() * 100)} %"
    qtbot.keyClick(reader.browser, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert reader.zoom_factor() == 1.0
    qtbot.keyClick(reader.browser, Qt.Key.Key_BracketRight)
    assert window.panel.current_annotation() == reader.visible_annotations()[0]


def test_student_mode_hides_a_draft_and_teacher_mode_shows_it(qtbot, db_path: Path, open_window) -> None:  # type: ignore[no-untyped-def]
    from corpus.store import Store
    from quizzes.settings import get_mode

    store = Store.open(str(db_path))
    with store.sessions.begin() as session:
        annotation = session.get(Annotation, "a1-c01b")
        assert annotation is not None
        annotation.status = "draft"
    store.close()

    window = open_window()
    assert window.mode == "student"
    assert "Student" in window.mode_label.text()
    assert "a1-c01b" not in window.reader.visible_annotations()
    assert window.panel.model.row_of("a1-c01b") == -1
    student_count = window.library_model.index(window.library_model.row_of(TREATY)).data(LibraryModel.RowRole).annotations

    with qtbot.waitSignal(window.mode_changed) as blocker:
        window.set_mode("teacher")
    assert blocker.args == ["teacher"]
    assert "a1-c01b" in window.reader.visible_annotations()
    assert window.panel.model.row_of("a1-c01b") >= 0
    assert "1 draft" in window.article_view.summary
    window.panel.select_annotation("a1-c01b")
    assert "students do not see it" in window.panel.detail_text()
    row = window.panel.model.row_of("a1-c01b")
    assert "draft" in window.panel.model.index(row).data(Qt.ItemDataRole.AccessibleTextRole)
    assert "Teacher" in window.mode_label.text()
    teacher_row = window.library_model.index(window.library_model.row_of(TREATY)).data(LibraryModel.RowRole)
    assert teacher_row.annotations == student_count + 1 and teacher_row.drafts == 1
    with window.ctx.store.sessions() as session:
        assert get_mode(session) == "teacher"

    window.sidebar.set_query("Comprehensive Strategic Partnership")
    assert "a1-c01b" in [h.ref_id for h in window.sidebar.results_model.hits()]

    window.set_mode("student")
    assert "a1-c01b" not in window.reader.visible_annotations()
    # The search is run again for the new mode: the draft's note no longer matches.
    assert "a1-c01b" not in [h.ref_id for h in window.sidebar.results_model.hits()]


def test_teacher_mode_from_the_menu_asks_the_guard(qtbot, open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    asked: list[str] = []
    window.mode_guard = lambda mode: asked.append(mode) is not None  # says no
    window.actions_by_name["teacher_mode"].trigger()
    assert asked == ["teacher"] and window.mode == "student"
    assert not window.actions_by_name["teacher_mode"].isChecked()
    window.mode_guard = None
    window.actions_by_name["teacher_mode"].trigger()
    assert window.mode == "teacher"


def test_an_import_elsewhere_refreshes_the_library(qtbot, tmp_path: Path, open_window) -> None:  # type: ignore[no-untyped-def]
    from corpus.library import library_folder

    window = open_window()
    text = (Path(str(library_folder())) / "russia-nk-ink-deal.yaml").read_text(encoding="utf-8")
    text = text.replace("id: russia-nk-ink-deal", "id: russia-nk-ink-deal-copy", 1)
    text = text.replace("  - id: a1-", "  - id: copy-a1-")
    (tmp_path / "copy.yaml").write_text(text, encoding="utf-8")
    window.import_paths([tmp_path / "copy.yaml"])
    qtbot.waitUntil(lambda: window.library_model.rowCount() == 3, timeout=10_000)
    assert window.current_article_id == TREATY


def test_keyboard_shortcuts_move_focus(qtbot, open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    # The window's focus child (offscreen, the window may not be the active one).
    window.actions_by_name["find"].trigger()
    assert window.focusWidget() is window.search_box
    window.actions_by_name["focus_reader"].trigger()
    assert window.focusWidget() is window.reader.browser
    window.actions_by_name["focus_panel"].trigger()
    assert window.focusWidget() is window.panel.list_view
    assert window.panel.current_annotation() is not None
    window.actions_by_name["focus_library"].trigger()
    assert window.focusWidget() is window.library
    shortcuts = {name: a.shortcut().toString() for name, a in window.actions_by_name.items()}
    assert shortcuts["find"] == "Ctrl+F"
    assert shortcuts["focus_library"] == "Ctrl+1" and shortcuts["focus_panel"] == "Ctrl+3"
    assert shortcuts["class_mode"] == "F11" and "F5" in [s.toString() for s in window.actions_by_name["class_mode"].shortcuts()]


def test_tab_walks_from_search_to_library_to_reader_to_panel(qtbot, open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    window.search_box.setFocus()
    seen: list[QWidget] = []
    widget: QWidget | None = window.search_box
    for _ in range(40):
        assert widget is not None
        widget = widget.nextInFocusChain()
        while widget is not None and not (widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisible() and widget.isEnabled()):
            widget = widget.nextInFocusChain()
        seen.append(widget)
    order = [w for w in (window.library, window.reader.browser, window.panel.list_view) if w in seen]
    assert order == [window.library, window.reader.browser, window.panel.list_view]
    assert seen.index(window.library) < seen.index(window.reader.browser) < seen.index(window.panel.list_view)


def test_every_focusable_widget_has_an_accessible_name_and_description(open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    missing = []
    for page in (window.splitter, window.compare_page):
        window.pages.setCurrentWidget(page)
        for widget in [window, *window.findChildren(QWidget)]:
            if not widget.isVisibleTo(window) or not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                continue
            if widget.metaObject().className() in ("QScrollBar", "QSplitterHandle"):
                continue
            if not widget.accessibleName() or not widget.accessibleDescription():
                missing.append(f"{widget.metaObject().className()} {widget.objectName()!r} "
                               f"name={widget.accessibleName()!r}")
    assert missing == []


def test_the_command_line_entry_point_starts_offscreen_on_a_fresh_store(tmp_path: Path) -> None:
    """What `make run` does (the `closeread` entry with no command), quit by a timer."""
    script = (
        "import sys\n"
        "from PySide6.QtCore import QTimer\n"
        "from desktop.app import make_application, build_main_window\n"
        "app = make_application()\n"
        f"w = build_main_window({str(tmp_path / 'fresh.sqlite')!r})\n"
        "w.show()\n"
        "def done():\n"
        "    print(w.library_model.rowCount(), w.article_view is not None); app.quit()\n"
        "QTimer.singleShot(2500, done)\n"
        "app.exec()\n"
        "w.ctx.tasks.shutdown()\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "2 True"
