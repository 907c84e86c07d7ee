"""Teacher authoring, wired into the main window: `install_teacher_actions(window, ctx, undo)`.

What it adds
------------
- A **Mode** menu: "Student mode" and "Teacher mode…" (asks for the PIN, set on first use; see
  desktop.teacher_mode). The window's own teacher-mode toggle goes through the same PIN check
  (`window.mode_guard`).
- In teacher mode only: Undo / Redo (their text names what they would undo), **Annotate
  selection** (Ctrl+Shift+A; also in the reader's context menu and on the toolbar), Edit and
  Delete annotation (from the panel's and the highlight's context menus), Sources…, New
  article…, Edit article text…, Orphans (n)…, Review questions…

In student mode none of these actions is visible or enabled (and the window shows published
annotations only). Every authoring action runs as an op on the worker and lands in the undo
stack (desktop.undo). The dialogs get their data from ops, never from the GUI thread.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QPoint, Qt, Slot
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from corpus.records import AnnotationRecord
from desktop.dialogs.annotation_editor import AnnotationEditor
from desktop.dialogs.article_editor import EditArticleTextDialog, NewArticleDialog
from desktop.dialogs.orphan_queue import OrphanQueueDialog
from desktop.dialogs.question_review import QuestionReviewDialog
from desktop.dialogs.source_library import SourceLibraryDialog
from desktop.events import Changes
from desktop.operations import OpContext
from desktop.operations.authoring import (
    AnnotationAdded,
    EditorContext,
    create_annotation,
    edit_annotation,
    fetch_article_for_editing,
    fetch_editor_context,
    fetch_orphan_count,
    remove_annotation,
)
from desktop.teacher_mode import TEACHER, TeacherMode
from desktop.undo import (
    AddAnnotationCommand,
    DeleteAnnotationCommand,
    EditAnnotationCommand,
    UndoStack,
)
from desktop.views.labels import category_label

__all__ = ["TeacherActions", "install_teacher_actions"]


def install_teacher_actions(window: Any, ctx: OpContext, undo_stack: UndoStack | None = None) -> TeacherActions:
    """Add teacher mode and the authoring actions to a MainWindow; returns what was installed
    (also kept as `window.teacher_actions`)."""
    actions = TeacherActions(window, ctx, undo_stack or UndoStack(ctx, window))
    window.teacher_actions = actions
    return actions


class TeacherActions(QObject):
    """The teacher-mode actions of one main window, and the dialogs they open."""

    def __init__(self, window: Any, ctx: OpContext, undo: UndoStack) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = ctx
        self.undo = undo
        self.mode = TeacherMode(ctx, self)
        self.editor: AnnotationEditor | None = None
        self.library_dialog: SourceLibraryDialog | None = None
        self.orphan_dialog: OrphanQueueDialog | None = None
        self.review_dialog: QuestionReviewDialog | None = None
        self.article_dialog: NewArticleDialog | EditArticleTextDialog | None = None
        self.orphan_count = 0
        self.context_menu: QMenu | None = None
        self._build_actions()
        self._build_menus()
        self._hook_context_menus()

        window.mode_guard = self._guard
        window.mode_changed.connect(self._on_window_mode)
        self.mode.mode_changed.connect(self._on_teacher_mode)
        ctx.events.store_changed.connect(self._on_store_changed)
        window.reader.browser.selectionChanged.connect(self._update_enabled)
        window.reader.current_annotation_changed.connect(self._update_enabled)
        window.panel.annotation_selected.connect(self._update_enabled)
        self.mode.load()
        self._apply(window.mode == TEACHER)

    # ------------------------------------------------------------------ actions

    def _make(self, text: str, slot: Any, *, shortcut: str | QKeySequence | None = None, tip: str = "") -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(action)  # shortcuts work with the menu closed
        return action

    def _build_actions(self) -> None:
        self.undo_action = self.undo.undo_action(self.window)
        self.redo_action = self.undo.redo_action(self.window)
        self.window.addAction(self.undo_action)
        self.window.addAction(self.redo_action)
        self.annotate_action = self._make(
            "&Annotate selection…", self.annotate_selection, shortcut="Ctrl+Shift+A",
            tip="Annotate the words selected in the article (Ctrl+Shift+A)",
        )
        self.edit_annotation_action = self._make(
            "&Edit annotation…", self.edit_current_annotation, shortcut="Ctrl+Shift+E",
            tip="Edit the selected annotation",
        )
        self.delete_annotation_action = self._make(
            "&Delete annotation", self.delete_current_annotation, tip="Delete the selected annotation (undoable)"
        )
        self.sources_action = self._make("&Sources…", self.open_sources, tip="The source library: edit, merge, delete")
        self.new_article_action = self._make("&New article…", self.new_article, shortcut="Ctrl+Shift+N",
                                             tip="Add an article: paste it or open a .txt, .md or .yaml file")
        self.edit_text_action = self._make("Edit article &text…", self.edit_article_text,
                                           tip="Correct the article's text, with a preview of what re-anchoring does")
        self.orphans_action = self._make("&Orphans…", self.open_orphans,
                                         tip="Annotations whose text was edited away, waiting to be re-attached")
        self.review_action = self._make("&Review questions…", self.open_review,
                                        tip="Approve, edit or reject generated draft questions")
        self.authoring_actions: list[QAction] = [
            self.undo_action, self.redo_action, self.annotate_action, self.edit_annotation_action,
            self.delete_annotation_action, self.sources_action, self.new_article_action,
            self.edit_text_action, self.orphans_action, self.review_action,
        ]
        # The Mode menu's two choices (always there).
        self.student_mode_action = QAction("&Student mode", self.window)
        self.student_mode_action.setCheckable(True)
        self.student_mode_action.setStatusTip("Only published annotations, no editing, no answer keys")
        self.teacher_mode_action = QAction("&Teacher mode…", self.window)
        self.teacher_mode_action.setCheckable(True)
        self.teacher_mode_action.setStatusTip("Authoring and drafts (asks for the teacher PIN)")
        group = QActionGroup(self)
        group.addAction(self.student_mode_action)
        group.addAction(self.teacher_mode_action)
        self.student_mode_action.triggered.connect(lambda _c=False: self.request_mode("student"))
        self.teacher_mode_action.triggered.connect(lambda _c=False: self.request_mode(TEACHER))

    def _build_menus(self) -> None:
        window = self.window
        menu = window.add_menu("mode", "&Mode")
        menu.addAction(self.student_mode_action)
        menu.addAction(self.teacher_mode_action)
        self.mode_menu = menu
        edit = window.menus["edit"]
        first = edit.actions()[0] if edit.actions() else None
        # Undo / Redo first in the Edit menu, as everywhere.
        edit.insertAction(first, self.undo_action)
        edit.insertAction(first, self.redo_action)
        self._edit_separator = edit.insertSeparator(first) if first is not None else edit.addSeparator()
        edit.addSeparator()
        self._tail_separator = edit.actions()[-1]
        for action in (self.annotate_action, self.edit_annotation_action, self.delete_annotation_action):
            edit.addAction(action)
        self._mid_separator = edit.addSeparator()
        for action in (self.sources_action, self.new_article_action, self.edit_text_action,
                       self.orphans_action, self.review_action):
            edit.addAction(action)
        self.separators = [self._edit_separator, self._tail_separator, self._mid_separator]
        toolbar = getattr(window, "toolbar", None)
        if toolbar is not None:
            self._toolbar_separator = toolbar.addSeparator()
            self.separators.append(self._toolbar_separator)
            toolbar.addAction(self.annotate_action)
            button = toolbar.widgetForAction(self.annotate_action)
            if button is not None:
                button.setText("✎  Annotate")
                button.setAccessibleName("Annotate selection")
                button.setToolTip("Annotate the words selected in the article (Ctrl+Shift+A)")

    def _hook_context_menus(self) -> None:
        browser = self.window.reader.browser
        browser.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        browser.customContextMenuRequested.connect(self._reader_menu)
        panel_list = self.window.panel.list_view
        panel_list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        panel_list.customContextMenuRequested.connect(self._panel_menu)

    # ------------------------------------------------------------------ mode

    def is_teacher(self) -> bool:
        return bool(self.window.mode == TEACHER)

    def request_mode(self, mode: str) -> None:
        """Switch mode through the window (teacher mode asks for the PIN first)."""
        self.window.request_mode(mode)
        self._sync_checks()  # until the PIN is right, the menu still says "Student mode"

    def _sync_checks(self) -> None:
        teacher = self.is_teacher()
        self.student_mode_action.setChecked(not teacher)
        self.teacher_mode_action.setChecked(teacher)

    def _guard(self, mode: str) -> bool:
        """The window asks before switching mode: leaving teacher mode is free, entering asks
        for the PIN (the switch then happens when the PIN is right)."""
        if mode != TEACHER or self.mode.is_teacher():
            return True
        self.mode.request_teacher(self.window)
        return False

    @Slot(str)
    def _on_teacher_mode(self, mode: str) -> None:
        if mode != self.window.mode:
            self.window.set_mode(mode)
        self._apply(mode == TEACHER)

    @Slot(str)
    def _on_window_mode(self, mode: str) -> None:
        self.mode.sync(mode)
        self._apply(mode == TEACHER)

    def _apply(self, teacher: bool) -> None:
        """Show and enable the authoring actions in teacher mode only."""
        for action in self.authoring_actions:
            action.setVisible(teacher)
        for separator in self.separators:
            separator.setVisible(teacher)
        self._sync_checks()
        if not teacher:
            for dialog in (self.editor, self.library_dialog, self.orphan_dialog, self.review_dialog, self.article_dialog):
                if dialog is not None:
                    dialog.close()
        self._update_enabled()
        if teacher:
            self._refresh_orphan_count()

    @Slot()
    def _update_enabled(self, *_args: object) -> None:
        teacher = self.is_teacher()
        has_article = self.window.article_view is not None
        selection = self.window.reader.selected_body_range() is not None
        current = self._current_annotation_id() is not None
        self.annotate_action.setEnabled(teacher and has_article and selection)
        self.edit_annotation_action.setEnabled(teacher and current)
        self.delete_annotation_action.setEnabled(teacher and current)
        self.edit_text_action.setEnabled(teacher and has_article)
        for action in (self.sources_action, self.new_article_action, self.orphans_action, self.review_action):
            action.setEnabled(teacher)
        if not teacher:
            self.undo_action.setEnabled(False)
            self.redo_action.setEnabled(False)
        else:
            self.undo_action.setEnabled(self.undo.canUndo())
            self.redo_action.setEnabled(self.undo.canRedo())

    @Slot(object, object)
    def _on_store_changed(self, changes: Changes, _initiator: object) -> None:
        if self.is_teacher() and (changes.annotations or changes.articles):
            self._refresh_orphan_count()

    def _refresh_orphan_count(self) -> None:
        fetch_orphan_count(self.ctx).success(self._show_orphan_count).run()

    def _show_orphan_count(self, n: int) -> None:
        self.orphan_count = n
        self.orphans_action.setText(f"&Orphans ({n})…")

    # ------------------------------------------------------------------ context menus

    def build_reader_menu(self, pos: QPoint) -> QMenu:
        """The reader's context menu at a viewport point: the standard one (copy, select all)
        and, in teacher mode, Annotate selection plus Edit / Delete for the highlights there."""
        browser = self.window.reader.browser
        menu = browser.createStandardContextMenu(pos)
        if self.is_teacher():
            ids = self.window.reader.annotation_ids_at(pos)
            menu.addSeparator()
            menu.addAction(self.annotate_action)
            for annotation_id in ids[:3]:
                record = self._record(annotation_id)
                label = category_label(record.category).lower() if record else "the"
                menu.addAction(f"Edit {label} annotation…", lambda i=annotation_id: self.edit_annotation(i))
                menu.addAction(f"Delete {label} annotation", lambda i=annotation_id: self.delete_annotation(i))
        self.context_menu = menu
        return menu

    def build_panel_menu(self, pos: QPoint) -> QMenu | None:
        """The annotation list's context menu (teacher mode): Edit and Delete for the item there."""
        if not self.is_teacher():
            return None
        view = self.window.panel.list_view
        index = view.indexAt(pos)
        if not index.isValid():
            return None
        view.setCurrentIndex(index)
        menu = QMenu(view)
        menu.addAction(self.edit_annotation_action)
        menu.addAction(self.delete_annotation_action)
        self.context_menu = menu
        return menu

    @Slot(QPoint)
    def _reader_menu(self, pos: QPoint) -> None:
        menu = self.build_reader_menu(pos)
        menu.popup(self.window.reader.browser.viewport().mapToGlobal(pos))

    @Slot(QPoint)
    def _panel_menu(self, pos: QPoint) -> None:
        menu = self.build_panel_menu(pos)
        if menu is not None:
            menu.popup(self.window.panel.list_view.viewport().mapToGlobal(pos))

    # ------------------------------------------------------------------ annotations

    def _record(self, annotation_id: str) -> AnnotationRecord | None:
        view = self.window.article_view
        if view is None:
            return None
        return next((a for a in view.article.annotations if a.id == annotation_id), None)

    def _current_annotation_id(self) -> str | None:
        panel_current = self.window.panel.current_annotation()
        return panel_current or self.window.reader.current_annotation()

    @Slot()
    def annotate_selection(self) -> AnnotationEditor | None:
        """Open the annotation editor on the reader's selection (teacher mode)."""
        view = self.window.article_view
        span = self.window.reader.selected_body_range()
        if not self.is_teacher() or view is None:
            return None
        if span is None:
            self.window.statusBar().showMessage("Select some words in the article first, then Annotate.", 6000)
            return None
        article = view.article
        start, end = span
        # Trim the selection's surrounding whitespace: a quote starts and ends on a word.
        while start < end and article.body[start].isspace():
            start += 1
        while end > start and article.body[end - 1].isspace():
            end -= 1
        if start >= end:
            return None
        fetch_editor_context(self.ctx).success(
            lambda context: self._open_editor(context, article_id=article.id, start=start, end=end)
        ).run()
        return self.editor

    def edit_current_annotation(self) -> None:
        annotation_id = self._current_annotation_id()
        if annotation_id:
            self.edit_annotation(annotation_id)

    def delete_current_annotation(self) -> None:
        annotation_id = self._current_annotation_id()
        if annotation_id:
            self.delete_annotation(annotation_id)

    def edit_annotation(self, annotation_id: str) -> None:
        """Open the annotation editor on an existing annotation."""
        if not self.is_teacher() or self.window.article_view is None:
            return
        record = self._record(annotation_id)
        if record is None:
            return
        fetch_editor_context(self.ctx).success(
            lambda context: self._open_editor(context, record=record)
        ).run()

    def _open_editor(
        self,
        context: EditorContext,
        *,
        record: AnnotationRecord | None = None,
        article_id: str | None = None,
        start: int | None = None,
        end: int | None = None,
    ) -> None:
        view = self.window.article_view
        if view is None or (record is None and view.article.id != article_id):
            return
        editor = AnnotationEditor(
            self.window, article=view.article, sources=context.sources, claim_keys=context.claim_keys,
            start=start, end=end, record=record, theme=self.window.theme,
        )
        editor.accepted.connect(lambda: self._save_editor(editor))
        editor.finished.connect(lambda _r: setattr(self, "editor", None))
        self.editor = editor
        editor.open()

    def _save_editor(self, editor: AnnotationEditor) -> None:
        record = editor.annotation()
        if editor.is_new():
            self.undo.perform(
                create_annotation(
                    self.ctx, article_id=record.article_id, start=record.position.start, end=record.position.end,
                    category=record.category, note=record.note, verdict=record.verdict,
                    claim_reviewed=record.claim_reviewed, claim_key=record.claim_key, status=record.status,
                    author=record.author, citations=record.citations, new_sources=editor.new_sources(),
                ),
                AddAnnotationCommand,
                on_done=self._select_added,
            )
        else:
            self.undo.perform(
                edit_annotation(self.ctx, record=record, new_sources=editor.new_sources()),
                EditAnnotationCommand,
                on_done=lambda edited: self._select(edited.after.article_id, edited.after.id),
            )

    def _select_added(self, added: AnnotationAdded) -> None:
        self._select(added.annotation.article_id, added.annotation.id)
        self.window.statusBar().showMessage(
            f"Added a {category_label(added.annotation.category).lower()} annotation. Undo: Ctrl+Z.", 6000
        )

    def _select(self, article_id: str, annotation_id: str) -> None:
        self.window.open_article(article_id, select=annotation_id, force=True)

    def delete_annotation(self, annotation_id: str, *, confirm: bool = True) -> None:
        """Delete an annotation (undoable; asks first)."""
        if not self.is_teacher():
            return
        record = self._record(annotation_id)
        if confirm and record is not None:
            quote = " ".join(record.quote.exact.split())
            answer = QMessageBox.question(
                self.window, "Delete annotation",
                f"Delete the {category_label(record.category).lower()} annotation on “{quote[:80]}”?\n\n"
                "Undo (Ctrl+Z) brings it back with its citations.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.undo.perform(remove_annotation(self.ctx, annotation_id=annotation_id), DeleteAnnotationCommand)

    # ------------------------------------------------------------------ windows

    def _show(self, dialog: QWidget) -> None:
        dialog.show()
        if QGuiApplication.platformName() != "offscreen":  # offscreen warns it cannot raise
            dialog.raise_()
            dialog.activateWindow()

    @Slot()
    def open_sources(self) -> SourceLibraryDialog | None:
        if not self.is_teacher():
            return None
        if self.library_dialog is None:
            self.library_dialog = SourceLibraryDialog(self.window, ctx=self.ctx, undo=self.undo, theme=self.window.theme)
        else:
            self.library_dialog.refresh()
        self._show(self.library_dialog)
        return self.library_dialog

    @Slot()
    def open_orphans(self) -> OrphanQueueDialog | None:
        if not self.is_teacher():
            return None
        if self.orphan_dialog is None:
            self.orphan_dialog = OrphanQueueDialog(self.window, ctx=self.ctx, undo=self.undo, theme=self.window.theme)
        else:
            self.orphan_dialog.refresh()
        self._show(self.orphan_dialog)
        return self.orphan_dialog

    @Slot()
    def open_review(self) -> QuestionReviewDialog | None:
        if not self.is_teacher():
            return None
        if self.review_dialog is None:
            self.review_dialog = QuestionReviewDialog(self.window, ctx=self.ctx, undo=self.undo, theme=self.window.theme)
        else:
            self.review_dialog.refresh()
        self._show(self.review_dialog)
        return self.review_dialog

    @Slot()
    def new_article(self) -> NewArticleDialog | None:
        if not self.is_teacher():
            return None
        dialog = NewArticleDialog(self.window, ctx=self.ctx, undo=self.undo, theme=self.window.theme)
        dialog.accepted.connect(
            lambda: dialog.result_article is not None and self.window.open_article(dialog.result_article.id, force=True)
        )
        self.article_dialog = dialog
        dialog.finished.connect(lambda _r: setattr(self, "article_dialog", None))
        dialog.open()
        return dialog

    @Slot()
    def edit_article_text(self) -> None:
        """Open the text editor on the article on show (read with drafts and orphans, worker)."""
        view = self.window.article_view
        if not self.is_teacher() or view is None:
            return
        fetch_article_for_editing(self.ctx, article_id=view.article.id).success(self._open_text_editor).run()

    def _open_text_editor(self, article: Any) -> None:
        dialog = EditArticleTextDialog(self.window, ctx=self.ctx, undo=self.undo, article=article, theme=self.window.theme)
        dialog.saved.connect(self._text_saved)
        self.article_dialog = dialog
        dialog.finished.connect(lambda _r: setattr(self, "article_dialog", None))
        dialog.open()

    def _text_saved(self, change: Any) -> None:
        orphaned = sum(1 for o in change.outcomes if o.status == "orphaned")
        moved = sum(1 for o in change.outcomes if o.status == "moved")
        words = f"Text saved: {moved} annotation(s) moved"
        if orphaned:
            words += f", {orphaned} orphaned — they wait in Edit › Orphans."
        self.window.statusBar().showMessage(words, 10_000)
