"""The main window: the library on the left, the article in the centre, its annotations right.

Everything the window shows comes from ops (desktop.operations.corpus) run on the DB worker; the
window only wires the views together and keeps UI state (geometry, splitters, theme, zoom) in
UiSettings. The compare view is a second page of the central stack; class mode is a full-screen
window of its own.

Extension points for other parts of the app: `menus` ("file", "edit", "view", "go", "help") and
`add_menu(key, title)` (inserted before Help); `toolbar`; `actions_by_name`; `pages` (a
QStackedWidget: add a page, `pages.setCurrentWidget(...)`, `show_reader_page()` to come back);
`mode_guard` (asked before the user switches mode from the menu), `set_mode(mode)` and the
`mode_changed` signal; `article_shown(article_id)`, `article_view` (what the reader shows),
`open_article(id, select=annotation_id)` and `reload()`.

Keyboard: Ctrl+F search, Ctrl+1 library, Ctrl+2 reader, Ctrl+3 annotations, F8 / Shift+F8 next
and previous annotation (] and [ inside the reader), Ctrl+= / Ctrl+- / Ctrl+0 zoom, F11 or F5
class mode (the same keys or Esc leave it), Ctrl+Shift+C compare, Ctrl+Shift+Y copy the selected
annotation's citations, Ctrl+Shift+L light/dark.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QListView,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from corpus.errors import CorpusError, NotFound
from corpus.search import SearchHit
from corpus.vocabulary import CATEGORIES
from desktop.events import Changes
from desktop.library_sidebar import LibrarySidebar
from desktop.models.library import LibraryModel
from desktop.operations import OpContext, user_message
from desktop.operations.corpus import (
    ArticleView,
    LibraryView,
    SearchResults,
    StartView,
    export_corpus,
    fetch_article,
    fetch_article_pair,
    fetch_library_view,
    fetch_mode,
    fetch_start,
    import_corpus,
    save_mode,
    search_corpus,
)
from desktop.theme import THEMES, Theme, build_palette, style_sheet
from desktop.ui_settings import UiSettings
from desktop.views.annotation_panel import AnnotationPanel
from desktop.views.labels import category_counts
from desktop.views.legend import LegendBar
from desktop.views.reader import ReaderView

if TYPE_CHECKING:  # loaded on first use, not before the first paint
    from corpus.importing import ImportResult  # pydantic and YAML
    from desktop.compare_page import ComparePage
    from desktop.views.class_mode import ClassModeView

__all__ = ["MainWindow", "window_style_sheet"]

STUDENT = "student"
TEACHER = "teacher"
# The two reports that ship with Closeread: the compare view opens on them.
SHIPPED_PAIR = ("russia-nk-ink-deal", "nk-releases-deal-details")


def window_style_sheet(theme: Theme) -> str:
    """What the window adds to the views' style sheet: its own chrome and visible focus."""
    t = theme
    return f"""
QMainWindow, QStatusBar, QToolBar, QMenuBar {{ background: {t.window}; color: {t.window_text}; }}
QToolBar {{ border: none; border-bottom: 1px solid {t.border}; spacing: 6px; padding: 5px 10px; }}
QToolBar::separator {{ background: {t.border}; width: 1px; margin: 4px 6px; }}
QToolBar QToolButton, QToolBar QToolButton:!checked {{ color: {t.text}; background: {t.button};
    border: 1px solid {t.border}; border-radius: 6px; padding: 4px 10px; }}
QToolBar QToolButton:hover {{ border-color: {t.muted}; }}
QToolBar QToolButton:pressed {{ background: {t.alternate}; }}
QToolBar QToolButton:focus {{ border: 2px solid {t.accent}; padding: 3px 9px; }}
QStatusBar {{ border-top: 1px solid {t.border}; }}
QStatusBar QLabel {{ padding: 0 8px; }}
QStatusBar::item {{ border: none; }}
QMenuBar::item {{ padding: 4px 10px; background: transparent; }}
QMenuBar::item:selected {{ background: {t.selection}; color: {t.selection_text}; border-radius: 4px; }}
QMenu {{ background: {t.page}; color: {t.text}; border: 1px solid {t.border}; padding: 4px; }}
QMenu::item {{ padding: 5px 28px 5px 22px; border-radius: 4px; }}
QMenu::item:selected {{ background: {t.selection}; color: {t.selection_text}; }}
QMenu::item:disabled {{ color: {t.muted}; }}
QMenu::separator {{ height: 1px; background: {t.border}; margin: 4px 8px; }}
QLineEdit {{ background: {t.page}; color: {t.text}; border: 1px solid {t.border}; border-radius: 6px;
    padding: 5px 8px; selection-background-color: {t.selection}; selection-color: {t.selection_text}; }}
QLineEdit:focus {{ border: 2px solid {t.accent}; padding: 4px 7px; }}
QCheckBox {{ color: {t.window_text}; spacing: 6px; padding: 2px 4px; border: 2px solid transparent;
    border-radius: 4px; }}
QCheckBox:focus {{ border: 2px solid {t.accent}; }}
QCheckBox::indicator {{ width: 14px; height: 14px; border: 1px solid {t.muted}; border-radius: 3px;
    background: {t.page}; }}
QCheckBox::indicator:checked {{ background: {t.accent}; border-color: {t.accent}; }}
QLabel#modeIndicator[mode="teacher"] {{ color: {t.accent}; font-weight: 600; }}
"""


def _plain(text: str) -> str:
    return text.replace("&", "").replace("…", "")


class MainWindow(QMainWindow):
    """The app's main window. `MainWindow(ctx, *, ui_settings=None, mode_guard=None)`.

    `ui_settings` defaults to the file in the user config dir; `mode_guard(mode)` is asked before
    the user switches mode from the menu (the teacher PIN hooks in there) and returns whether to go
    ahead. `set_mode` itself does not ask: it is for code that already decided. `start` is what
    to show at once (read before the store opened, desktop.first_paint); without it the window
    reads it with the `fetch_start` op. After a `start`, `refresh_start()` reads it again.
    """

    mode_changed = Signal(str)  # "student" | "teacher"
    article_shown = Signal(str)  # an article finished loading into the reader

    def __init__(
        self,
        ctx: OpContext,
        *,
        ui_settings: UiSettings | None = None,
        mode_guard: Callable[[str], bool] | None = None,
        start: StartView | None = None,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.ui_settings = ui_settings if ui_settings is not None else UiSettings()
        self.mode_guard = mode_guard
        self.mode = STUDENT
        self.theme: Theme = THEMES[self.ui_settings.theme()]
        self.current_article_id: str | None = None
        self.article_view: ArticleView | None = None
        self.library_view: LibraryView = LibraryView(rows=(), checks={})
        self.class_mode: ClassModeView | None = None
        self._pending_annotation: str | None = None
        self._syncing = False
        self.setWindowTitle("Closeread")
        self.setObjectName("mainWindow")

        # ---- library
        self.sidebar = LibrarySidebar(self, theme=self.theme)
        self.library_model: LibraryModel = self.sidebar.model
        self.library: QListView = self.sidebar.list
        self.search_box = self.sidebar.search_box
        self.sidebar.article_chosen.connect(self.open_article)
        self.sidebar.search_requested.connect(self.run_search)
        self.sidebar.hit_chosen.connect(self.open_hit)

        # ---- reader + legend
        self.legend = LegendBar(self, theme=self.theme)
        self.reader = ReaderView(self, theme=self.theme)
        self.reader.set_zoom_index(self.ui_settings.zoom_index(self.reader.ZOOM_STEPS.index(1.0)))
        centre = QWidget(self)
        centre.setObjectName("readerColumn")
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.setSpacing(0)
        centre_layout.addWidget(self.legend)
        centre_layout.addWidget(self.reader, 1)

        # ---- panel
        self.panel = AnnotationPanel(self, theme=self.theme)
        self.panel.setMinimumWidth(300)
        # The panel's list above its detail: give the detail (note, sources) the larger share.
        self.panel_splitter = self.panel.findChild(QSplitter)
        if self.panel_splitter is not None:
            self.panel_splitter.setSizes([300, 460])

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(self.panel)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([300, 680, 420])
        self.sidebar.setMinimumWidth(240)

        self._compare_page: ComparePage | None = None  # built when first shown
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.splitter)
        self.setCentralWidget(self.pages)

        # ---- wiring between the views
        self.legend.category_toggled.connect(self.reader.set_category_visible)
        self.reader.current_annotation_changed.connect(self._on_reader_current)
        self.reader.annotation_activated.connect(self._on_reader_activated)
        self.panel.annotation_selected.connect(self._on_panel_selected)
        self.reader.zoom_changed.connect(self._on_zoom_changed)

        # ---- chrome
        self.menus: dict[str, QMenu] = {}
        self.actions_by_name: dict[str, QAction] = {}
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        self._set_tab_order()

        self.ctx.events.store_changed.connect(self._on_store_changed)
        self._resize_to_screen(1400, 900)
        self._restore_layout()
        # The views were built in this theme; only the window's own chrome is left to style.
        self._apply_chrome(self.theme)
        self.actions_by_name[f"theme_{self.theme.name}"].setChecked(True)
        self.library.setFocus(Qt.FocusReason.OtherFocusReason)
        self.statusBar().showMessage("Loading the library…")
        if start is not None:
            self._on_start(start)  # shown in the first paint; the store is not open yet
            return
        # One read for the mode, the library and the article last open: the first paint waits
        # for a single round trip to the worker.
        fetch_start(self.ctx, article_id=self.ui_settings.last_article()).success(self._on_start).run()

    def __getattr__(self, name: str) -> object:
        # The composition root installs these after the first paint (desktop.app.StartUp);
        # code that asks for them sooner gets them at once: start-up finishes now.
        if name in ("teacher_actions", "quiz_actions"):
            start_up = self.__dict__.get("start_up")
            if start_up is not None and start_up.finish_now() and name in self.__dict__:
                return self.__dict__[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    # ------------------------------------------------------------------ actions and menus

    def _action(
        self,
        name: str,
        text: str,
        slot: Callable[[], object] | None,
        *,
        shortcuts: Sequence[QKeySequence | QKeySequence.StandardKey | str] = (),
        tip: str = "",
        checkable: bool = False,
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.setCheckable(checkable)
        if slot is not None:
            action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)  # shortcuts work even while the menu bar is hidden
        self.actions_by_name[name] = action
        return action

    def _build_actions(self) -> None:
        a = self._action
        Key = QKeySequence.StandardKey
        a("import", "&Import corpus…", self.choose_import, shortcuts=["Ctrl+I"],
          tip="Import a corpus folder, YAML files or W3C annotations")
        a("export", "&Export corpus…", self.choose_export, shortcuts=["Ctrl+E"],
          tip="Write the corpus as YAML, W3C Web Annotations or ClaimReview")
        a("quit", "&Quit", self.close, shortcuts=[Key.Quit, "Ctrl+Q"], tip="Close Closeread")
        a("find", "&Find…", self.focus_search, shortcuts=[Key.Find], tip="Search titles, text and notes")
        a("copy_citation", "Copy &citation", self.panel.copy_citation, shortcuts=["Ctrl+Shift+Y"],
          tip="Copy the selected annotation's sources as text")
        a("compare", "&Compare articles…", self.show_compare, shortcuts=["Ctrl+Shift+C"],
          tip="Read two articles side by side with their shared claims linked")
        a("class_mode", "C&lass mode", self.open_class_mode, shortcuts=["F11", "F5"],
          tip="Full screen for a projector: annotations revealed one at a time")
        a("next_annotation", "&Next annotation", self.next_annotation, shortcuts=["F8"],
          tip="Select the next annotation (] in the reader)")
        a("previous_annotation", "&Previous annotation", self.previous_annotation,
          shortcuts=["Shift+F8"], tip="Select the previous annotation ([ in the reader)")
        a("zoom_in", "Zoom &in", self.reader.zoom_in, shortcuts=[Key.ZoomIn, "Ctrl+="],
          tip="Larger text")
        a("zoom_out", "Zoom &out", self.reader.zoom_out, shortcuts=[Key.ZoomOut], tip="Smaller text")
        a("zoom_reset", "&Actual size", self.reader.zoom_reset, shortcuts=["Ctrl+0"],
          tip="Text at 100 %")
        light = a("theme_light", "&Light theme", lambda: self.set_theme("light"), checkable=True,
                  tip="Dark text on a light page")
        dark = a("theme_dark", "&Dark theme", lambda: self.set_theme("dark"), checkable=True,
                 tip="Light text on a dark page")
        a("toggle_theme", "Switch &theme", self.toggle_theme, shortcuts=["Ctrl+Shift+L"],
          tip="Switch between the light and the dark theme")
        group = QActionGroup(self)
        group.addAction(light)
        group.addAction(dark)
        teacher = a("teacher_mode", "&Teacher mode", None, checkable=True,
                    tip="Show draft annotations too (students see only published ones)")
        teacher.triggered.connect(self._on_teacher_action)
        a("focus_library", "&Library", self.focus_library, shortcuts=["Ctrl+1"],
          tip="Move the keyboard to the library list")
        a("focus_reader", "&Reader", self.focus_reader, shortcuts=["Ctrl+2"],
          tip="Move the keyboard to the article")
        a("focus_panel", "&Annotations", self.focus_panel, shortcuts=["Ctrl+3"],
          tip="Move the keyboard to the annotation list")
        a("about", "&About Closeread", self.show_about, tip="What Closeread is")

    def _build_menus(self) -> None:
        act = self.actions_by_name
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addActions([act["import"], act["export"]])
        file_menu.addSeparator()
        file_menu.addAction(act["quit"])
        edit_menu = self.menuBar().addMenu("&Edit")
        edit_menu.addActions([act["find"], act["copy_citation"]])
        view_menu = self.menuBar().addMenu("&View")
        view_menu.addActions([act["compare"], act["class_mode"]])
        view_menu.addSeparator()
        view_menu.addActions([act["next_annotation"], act["previous_annotation"]])
        view_menu.addSeparator()
        view_menu.addActions([act["zoom_in"], act["zoom_out"], act["zoom_reset"]])
        view_menu.addSeparator()
        view_menu.addActions([act["theme_light"], act["theme_dark"], act["toggle_theme"]])
        view_menu.addSeparator()
        view_menu.addAction(act["teacher_mode"])
        go_menu = self.menuBar().addMenu("&Go")
        go_menu.addActions([act["focus_library"], act["focus_reader"], act["focus_panel"]])
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(act["about"])
        self.menus = {"file": file_menu, "edit": edit_menu, "view": view_menu, "go": go_menu,
                      "help": help_menu}

    def add_menu(self, key: str, title: str) -> QMenu:
        """A new top-level menu, placed before Help (for other parts of the app)."""
        menu = QMenu(title, self)
        self.menuBar().insertMenu(self.menus["help"].menuAction(), menu)
        self.menus[key] = menu
        return menu

    def _build_toolbar(self) -> None:
        act = self.actions_by_name
        self.toolbar = QToolBar("Main toolbar", self)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.setAccessibleName("Main toolbar")
        self.toolbar.setAccessibleDescription("Common commands.")
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        labels = {
            "previous_annotation": "◀  Previous",
            "next_annotation": "Next  ▶",
            "zoom_out": "A−",
            "zoom_in": "A+",
            "compare": "Compare",
            "class_mode": "Class mode",
            "toggle_theme": "◐  Light / dark",
        }
        for group in (("previous_annotation", "next_annotation"), ("zoom_out", "zoom_in"),
                      ("compare", "class_mode"), ("toggle_theme",)):
            if self.toolbar.actions():
                self.toolbar.addSeparator()
            for name in group:
                action = act[name]
                self.toolbar.addAction(action)
                button = self.toolbar.widgetForAction(action)
                if button is not None:
                    button.setText(labels[name])
                    button.setAccessibleName(_plain(action.text()))
                    shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                    description = action.statusTip() + (f" ({shortcut})" if shortcut else "")
                    button.setAccessibleDescription(description)
                    button.setToolTip(description)
                    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setSizeGripEnabled(False)
        self.mode_label = QLabel(self)
        self.mode_label.setObjectName("modeIndicator")
        self.zoom_label = QLabel(self)
        self.zoom_label.setObjectName("zoomIndicator")
        bar.addPermanentWidget(self.mode_label)
        bar.addPermanentWidget(self.zoom_label)
        self._show_mode()
        self._on_zoom_changed(self.reader.zoom_factor())

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = [
            self.sidebar.search_box,
            self.sidebar.outlet_filter,
            self.sidebar.problems_only,
            self.sidebar.list,
            self.sidebar.results,
            *(self.legend.toggle_button(c) for c in CATEGORIES),
            self.reader.browser,
            self.panel.filter_combo,
            self.panel.list_view,
            self.panel.detail_view,
            self.panel.copy_button,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    # ------------------------------------------------------------------ layout memory

    def _resize_to_screen(self, width: int, height: int) -> None:
        """The first-run size: `width`×`height`, or most of a smaller screen."""
        screen = self.screen()
        if screen is not None:
            available = screen.availableGeometry()
            width = min(width, int(available.width() * 0.92))
            height = min(height, int(available.height() * 0.92))
        self.resize(width, height)

    def _restore_layout(self) -> None:
        geometry = self.ui_settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.ui_settings.window_state()
        if state is not None:
            self.restoreState(state)
        splitter = self.ui_settings.splitter_state("main")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        panel = self.ui_settings.splitter_state("panel")
        if panel is not None and self.panel_splitter is not None:
            self.panel_splitter.restoreState(panel)

    def save_layout(self) -> None:
        """Remember geometry, toolbar state and splitter sizes (done on close)."""
        self.ui_settings.set_geometry(self.saveGeometry())
        self.ui_settings.set_window_state(self.saveState())
        self.ui_settings.set_splitter_state("main", self.splitter.saveState())
        if self.panel_splitter is not None:
            self.ui_settings.set_splitter_state("panel", self.panel_splitter.saveState())
        self.ui_settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        if self.class_mode is not None:
            self.class_mode.close()
        super().closeEvent(event)

    # ------------------------------------------------------------------ mode

    def _on_start(self, start: StartView) -> None:
        self._apply_mode(start.mode, announce=False)
        if start.article is not None and self.current_article_id is None:
            self.current_article_id = start.article.article.id
        self._show_library(start.library)
        if start.article is not None and start.article.article.id == self.current_article_id:
            self._show_article(start.article)

    def refresh_start(self) -> None:
        """Read the start view again through the store (worker thread) and show only what
        differs from what is on show: after a first paint from desktop.first_paint nothing has
        changed, so no widget is touched (no flash, the reader keeps its scroll position)."""
        fetch_start(self.ctx, article_id=self.current_article_id).success(self._on_start_again).run()

    def _on_start_again(self, start: StartView) -> None:
        # The mode is left as it is: the user may have switched it since the first paint (the
        # switch is stored by an op queued after this read); a stale view is ignored below.
        if start.library != self.library_view:
            self._show_library(start.library)
        article = start.article
        if article is not None and article.article.id == self.current_article_id and article != self.article_view:
            self._show_article(article)

    def published_only(self) -> bool:
        """True in student mode: only published annotations show."""
        return self.mode != TEACHER

    def set_mode(self, mode: str) -> None:
        """Switch to "student" or "teacher", store it, and reload what is on show."""
        if mode not in (STUDENT, TEACHER):
            raise ValueError(f"mode must be student or teacher, not {mode!r}")
        if mode == self.mode:
            self._show_mode()
            return
        save_mode(self.ctx, mode=mode).run(initiator=self)
        self._apply_mode(mode, announce=True)
        self.reload()

    def _apply_mode(self, mode: str, *, announce: bool) -> None:
        changed = mode != self.mode
        self.mode = mode
        self._show_mode()
        if announce:
            self.statusBar().showMessage(
                "Teacher mode: drafts are shown and marked." if mode == TEACHER
                else "Student mode: only published annotations are shown.", 5000)
        if changed:
            self.mode_changed.emit(mode)

    def _show_mode(self) -> None:
        teacher = self.mode == TEACHER
        action = self.actions_by_name.get("teacher_mode")
        if action is not None:
            action.blockSignals(True)
            action.setChecked(teacher)
            action.blockSignals(False)
        if hasattr(self, "mode_label"):
            self.mode_label.setText("✎  Teacher mode — drafts shown" if teacher else "Student mode")
            self.mode_label.setAccessibleName(self.mode_label.text().lstrip("✎ "))
            self.mode_label.setProperty("mode", self.mode)
            self.mode_label.style().unpolish(self.mode_label)
            self.mode_label.style().polish(self.mode_label)
            self.mode_label.setToolTip(
                "Draft annotations are shown and marked as drafts." if teacher
                else "Only published annotations are shown.")

    @Slot(bool)
    def _on_teacher_action(self, checked: bool) -> None:
        self.request_mode(TEACHER if checked else STUDENT)

    def request_mode(self, mode: str) -> bool:
        """Switch mode if `mode_guard` (the PIN, later) allows it; True if switched."""
        if self.mode_guard is not None and mode != self.mode and not self.mode_guard(mode):
            self._show_mode()
            return False
        self.set_mode(mode)
        return True

    # ------------------------------------------------------------------ library

    def refresh_library(self) -> None:
        """Reload the library list and its check badges."""
        fetch_library_view(self.ctx, published_only=self.published_only()).success(
            self._show_library).run()

    def reload(self) -> None:
        """Reload the library, the article on show, the search and the comparison."""
        self.refresh_library()
        if self.current_article_id is not None:
            self.open_article(self.current_article_id, keep_annotation=True, force=True)
        if self.sidebar.query():
            self.run_search(self.sidebar.query())
        if self._compare_page is not None and self.pages.currentWidget() is self._compare_page:
            left, right = self._compare_page.pair()
            if left and right:
                self._load_pair(left, right)

    def _show_library(self, library: LibraryView) -> None:
        if library.published_only != self.published_only():
            return  # a reply from before a mode switch; the newer one is on its way
        self.library_view = library
        self.sidebar.set_library(library)
        n = len(library.rows)
        self.statusBar().showMessage(f"{n} article{'s' if n != 1 else ''} in the library", 4000)
        ids = {r.id for r in library.rows}
        if self.current_article_id is not None and self.current_article_id not in ids:
            self._forget_article()  # deleted or replaced by an import
        if self.current_article_id is None and library.rows:
            self.sidebar.select_article(library.rows[0].id)
        elif self.current_article_id is not None:
            self.sidebar.select_article(self.current_article_id, notify=False)

    def _forget_article(self) -> None:
        self.current_article_id = None
        self.article_view = None
        self.reader.set_article(None)
        self.legend.set_counts({})
        self.panel.set_annotations(())
        self.setWindowTitle("Closeread")

    def select_article(self, article_id: str) -> None:
        """Make an article current in the library (which opens it)."""
        if not self.sidebar.select_article(article_id):
            self.open_article(article_id)

    # ------------------------------------------------------------------ article

    @Slot(str)
    def open_article(self, article_id: str, *, select: str | None = None,
                     keep_annotation: bool = False, force: bool = False) -> None:
        """Load an article into the reader and panel; then select `select` if given."""
        if keep_annotation and select is None:
            select = self.reader.current_annotation()
        if select is not None:
            self._pending_annotation = select
        if article_id == self.current_article_id and self.article_view is not None and not force:
            self._select_pending()
            return
        self.current_article_id = article_id
        self.ui_settings.set_last_article(article_id)
        fetch_article(self.ctx, article_id=article_id, published_only=self.published_only()).success(
            self._show_article).failure(lambda exc: self._article_failed(article_id, exc)).run()

    def _show_article(self, view: ArticleView) -> None:
        if view.article.id != self.current_article_id or view.published_only != self.published_only():
            return  # the user has moved on; a newer reply follows
        self.article_view = view
        article = view.article
        self.reader.set_article(article, statuses=view.statuses, summary=view.summary)
        self.legend.set_counts(category_counts(article.annotations))
        self.panel.set_annotations(
            article.annotations, sources=view.sources, statuses=view.statuses, findings=view.findings
        )
        self.setWindowTitle(f"{article.title} — Closeread")
        self.statusBar().showMessage(f"{article.title}: {view.summary}", 6000)
        self._select_pending()
        self.article_shown.emit(article.id)

    def _article_failed(self, article_id: str, exc: BaseException) -> None:
        if isinstance(exc, NotFound):
            # Gone since it was chosen (an import replaced it); the library refresh moves on.
            if article_id == self.current_article_id:
                self.refresh_library()
            return
        self.show_error(user_message(exc))

    def _select_pending(self) -> None:
        pending, self._pending_annotation = self._pending_annotation, None
        if pending and self.article_view is not None and not self.reader.select_annotation(pending):
            self.panel.select_annotation(pending)  # orphaned: listed, not highlighted

    def reader_text(self) -> str:
        """The article text as shown (for tests and accessibility checks)."""
        return self.reader.browser.toPlainText()

    # ------------------------------------------------------------------ reader ↔ panel

    @Slot(str)
    def _on_reader_current(self, annotation_id: str) -> None:
        if not annotation_id or self._syncing:
            return
        self._syncing = True
        try:
            self.panel.select_annotation(annotation_id)
        finally:
            self._syncing = False

    @Slot(str)
    def _on_reader_activated(self, annotation_id: str) -> None:
        self._on_reader_current(annotation_id)

    @Slot(str)
    def _on_panel_selected(self, annotation_id: str) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            self.reader.select_annotation(annotation_id)
        finally:
            self._syncing = False

    @Slot()
    def next_annotation(self) -> None:
        """Select the next annotation in reading order."""
        reader = self._active_reader()
        if reader.next_annotation() is None:
            self.statusBar().showMessage("That was the last annotation.", 3000)

    @Slot()
    def previous_annotation(self) -> None:
        """Select the previous annotation in reading order."""
        reader = self._active_reader()
        if reader.previous_annotation() is None:
            self.statusBar().showMessage("That was the first annotation.", 3000)

    def _active_reader(self) -> ReaderView:
        if self._compare_page is not None and self.pages.currentWidget() is self._compare_page:
            view = self._compare_page.view
            return view.right_reader if view.right_reader.isAncestorOf(self.focusWidget() or self) else view.left_reader
        return self.reader

    @Slot(float)
    def _on_zoom_changed(self, factor: float) -> None:
        self.zoom_label.setText(f"{round(factor * 100)} %")
        self.zoom_label.setAccessibleName(f"Zoom {round(factor * 100)} percent")
        self.ui_settings.set_zoom_index(self.reader.ZOOM_STEPS.index(factor))

    # ------------------------------------------------------------------ search

    @Slot(str)
    def run_search(self, query: str) -> None:
        """Search the corpus; the sidebar shows the hits if the box still holds `query`."""
        if not query:
            return
        search_corpus(self.ctx, query=query, published_only=self.published_only()).success(
            self._show_results).run()

    def _show_results(self, results: SearchResults) -> None:
        self.sidebar.show_results(results)
        if results.query == self.sidebar.query():
            n = len(results.hits)
            self.statusBar().showMessage(f"{n} result{'s' if n != 1 else ''} for “{results.query}”", 4000)

    @Slot(object)
    def open_hit(self, hit: SearchHit) -> None:
        """Open a search hit: its article, and for an annotation hit that annotation."""
        self.show_reader_page()
        self.sidebar.select_article(hit.article_id, notify=False)
        self.open_article(hit.article_id, select=hit.ref_id if hit.kind == "annotation" else None)

    # ------------------------------------------------------------------ focus

    @Slot()
    def focus_search(self) -> None:
        """Put the keyboard in the search box, its text selected."""
        self.show_reader_page()
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    @Slot()
    def focus_library(self) -> None:
        self.show_reader_page()
        self.sidebar.focus_list()

    @Slot()
    def focus_reader(self) -> None:
        self.show_reader_page()
        self.reader.browser.setFocus(Qt.FocusReason.ShortcutFocusReason)

    @Slot()
    def focus_panel(self) -> None:
        self.show_reader_page()
        view = self.panel.list_view
        if not view.currentIndex().isValid() and view.model().rowCount():
            view.selectionModel().setCurrentIndex(
                view.model().index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect)
        view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # ------------------------------------------------------------------ theme

    def set_theme(self, name: str, *, persist: bool = True) -> None:
        """Switch every view to the "light" or "dark" theme (remembered)."""
        theme = THEMES[name]
        self.theme = theme
        self._apply_chrome(theme)
        self.reader.set_theme(theme)
        self.legend.set_theme(theme)
        self.panel.set_theme(theme)
        self.sidebar.set_theme(theme)
        if self._compare_page is not None:
            self._compare_page.set_theme(theme)
        if self.class_mode is not None:
            self.class_mode.set_theme(theme)
        self.actions_by_name["theme_light" if name == "light" else "theme_dark"].setChecked(True)
        if persist:
            self.ui_settings.set_theme(name)
            self.ui_settings.sync()

    def _apply_chrome(self, theme: Theme) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setPalette(build_palette(theme))  # menus, dialogs and tooltips too
        self.setPalette(build_palette(theme))
        self.setStyleSheet(style_sheet(theme) + window_style_sheet(theme))  # one style pass

    @Slot()
    def toggle_theme(self) -> None:
        """Light ↔ dark."""
        self.set_theme("dark" if self.theme.name == "light" else "light")

    # ------------------------------------------------------------------ compare

    @property
    def compare_page(self) -> ComparePage:
        """The compare page (built on first use: start-up does not pay for two more readers)."""
        if self._compare_page is None:
            from desktop.compare_page import ComparePage

            page = ComparePage(self, theme=self.theme)
            page.pair_requested.connect(self._load_pair)
            page.back_requested.connect(self.show_reader_page)
            self.pages.addWidget(page)
            self._compare_page = page
        return self._compare_page

    @Slot()
    def show_compare(self, left: str | None = None, right: str | None = None) -> None:
        """Show the compare page; by default the two shipped articles (else the current one
        and the next in the library)."""
        ids = [r.id for r in self.library_view.rows]
        if len(ids) < 2:
            self.statusBar().showMessage("Comparing needs two articles in the library.", 5000)
            return
        if left is None or right is None:
            if all(i in ids for i in SHIPPED_PAIR):
                left, right = SHIPPED_PAIR
            else:
                left = self.current_article_id if self.current_article_id in ids else ids[0]
                right = next(i for i in ids if i != left)
        self.compare_page.set_articles(self.library_view.rows, left=left, right=right)
        self.pages.setCurrentWidget(self.compare_page)
        self._load_pair(left, right)
        self.compare_page.view.left_reader.browser.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot(str, str)
    def _load_pair(self, left: str, right: str) -> None:
        fetch_article_pair(self.ctx, left_id=left, right_id=right,
                           published_only=self.published_only()).success(self._show_pair).run()

    def _show_pair(self, pair: tuple[ArticleView, ArticleView]) -> None:
        left, right = pair
        if (left.article.id, right.article.id) != self.compare_page.pair():
            return
        self.compare_page.view.set_articles(
            left.article, right.article, left_statuses=left.statuses, right_statuses=right.statuses,
            left_summary=left.summary, right_summary=right.summary)
        self.statusBar().showMessage("Comparing: selecting a shared claim selects it in the other article.", 5000)

    @Slot()
    def show_reader_page(self) -> None:
        """Back from the compare page to the library and reader."""
        if self.pages.currentWidget() is not self.splitter:
            self.pages.setCurrentWidget(self.splitter)
            self.reader.browser.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ class mode

    @Slot()
    def open_class_mode(self) -> None:
        """Show the current article full screen for the projector."""
        if self.article_view is None:
            self.statusBar().showMessage("Open an article first.", 4000)
            return
        if self.class_mode is None:
            from desktop.views.class_mode import ClassModeView

            view = ClassModeView(None, theme=self.theme)
            view.setWindowTitle("Closeread — class mode")
            view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
            view.exit_requested.connect(self.close_class_mode)
            view.installEventFilter(self)  # F11 / F5, which opened it, close it again (as Esc does)
            self.class_mode = view
        else:
            self.class_mode.set_theme(self.theme)
        self.class_mode.set_article(self.article_view.article, statuses=self.article_view.statuses)
        self.class_mode.showFullScreen()
        self.class_mode.activateWindow()
        self.class_mode.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.class_mode
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_F11, Qt.Key.Key_F5)
        ):
            self.close_class_mode()
            return True
        return super().eventFilter(watched, event)

    @Slot()
    def close_class_mode(self) -> None:
        """Leave class mode, back to the window."""
        if self.class_mode is not None:
            self.class_mode.hide()
        self.activateWindow()
        self.reader.browser.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ files

    @Slot()
    def choose_import(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import a corpus folder")
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, paths: Sequence[Path]) -> None:
        """Import corpus folders or files on the worker; the library refreshes when done."""
        self.statusBar().showMessage("Importing…")
        import_corpus(self.ctx, paths=list(paths)).success(self._imported).failure(
            self._import_failed).run(initiator=self)

    def _imported(self, result: ImportResult) -> None:
        self.statusBar().showMessage(f"Imported: {result.report.summary()}.", 8000)
        self.reload()

    def _import_failed(self, exc: BaseException) -> None:
        if isinstance(exc, CorpusError):
            box = QMessageBox(QMessageBox.Icon.Warning, "Nothing was imported",
                              f"The files have {len(exc.problems)} problem(s); nothing was imported.",
                              QMessageBox.StandardButton.Ok, self)
            box.setDetailedText("\n".join(exc.problems))
            box.open()
            self.statusBar().showMessage("Nothing was imported.", 8000)
        else:
            self.show_error(user_message(exc))

    @Slot()
    def choose_export(self) -> None:
        path, chosen = QFileDialog.getSaveFileName(
            self, "Export the corpus", "closeread-corpus",
            "Corpus folder (YAML) (*);;W3C Web Annotations (*.jsonld);;ClaimReview (*.jsonld)")
        if not path:
            return
        fmt = "w3c" if chosen.startswith("W3C") else "claimreview" if chosen.startswith("Claim") else "yaml"
        self.export_to(Path(path), fmt=fmt)

    def export_to(self, out: Path, *, fmt: str = "yaml") -> None:
        """Export the corpus on the worker."""
        export_corpus(self.ctx, fmt=fmt, out=out).success(
            lambda words: self.statusBar().showMessage(words, 8000)).run()

    # ------------------------------------------------------------------ events and messages

    @Slot(object, object)
    def _on_store_changed(self, changes: Changes, initiator: object) -> None:
        if initiator is self:
            return
        if changes.settings:
            fetch_mode(self.ctx).success(self._on_mode_changed_elsewhere).run()
        if changes.articles or changes.annotations or changes.sources:
            self.reload()

    def _on_mode_changed_elsewhere(self, mode: str) -> None:
        if mode != self.mode:
            self._apply_mode(mode, announce=True)
            self.reload()

    @Slot()
    def show_about(self) -> None:
        QMessageBox.about(
            self, "About Closeread",
            "<p><b>Closeread</b> — close reading of the news, in class.</p>"
            "<p>Source-checked annotations, a compare view for two framings of one event, "
            "class mode for the projector, and media-literacy quizzes. Offline, open source.</p>")

    def show_error(self, message: str) -> None:
        self.statusBar().showMessage(message, 10_000)
        QMessageBox.warning(self, "Closeread", message)
