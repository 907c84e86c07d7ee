"""Undo and redo for every authoring action: a QUndoStack over invertible core operations.

How it works
------------
An authoring action runs as a StoreOp first (desktop/operations/authoring.py). Only when it
succeeded is a command pushed, built from the op's result — the snapshot or before/after
records its inverse needs — so a failed action never lands in the history. The command's first
`redo()` (which QUndoStack.push calls) does nothing, since the op already ran; later `undo()` and
`redo()` calls run the inverse or the action again as new ops on the same serialized worker
thread, so they apply in the order they were asked for even when they are still in flight.
Each op broadcasts its Changes like any other write, so the views refresh.

If an undo or redo fails (say, another window deleted what it refers to), the error is shown and
the history is cleared: it no longer describes the store, and replaying it could do harm.

`UndoStack.undo_action()` / `redo_action()` are QActions whose text names what they would undo
("Undo Add claim annotation"), with the standard shortcuts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack

from corpus.authoring import SourceMerge
from corpus.records import ArticleRecord, SourceRecord
from corpus.vocabulary import CATEGORY_LABELS
from desktop.operations import OpContext, StoreOp, user_message
from desktop.operations.authoring import (
    AnnotationAdded,
    AnnotationEdited,
    AnnotationRemoved,
    BodyChanged,
    QuestionEdited,
    QuestionStatusChanged,
    Reattached,
    SourceEdited,
    change_article_body,
    change_question_status,
    create_question,
    edit_question,
    merge_duplicate_sources,
    put_annotation,
    put_article,
    put_question,
    put_source,
    recreate_annotation,
    remove_annotation,
    uncreate_annotation,
    uncreate_article,
    uncreate_question,
    uncreate_source,
    unmerge,
    unremove_annotation,
)
from quizzes.items import QuestionRecord

__all__ = [
    "AddAnnotationCommand",
    "AddArticleCommand",
    "AddQuestionCommand",
    "AddSourceCommand",
    "DeleteAnnotationCommand",
    "DeleteSourceCommand",
    "EditAnnotationCommand",
    "EditArticleBodyCommand",
    "EditQuestionCommand",
    "EditSourceCommand",
    "MergeSourcesCommand",
    "OpCommand",
    "QuestionStatusCommand",
    "ReattachCommand",
    "UndoStack",
    "category_words",
]

T = TypeVar("T")


def category_words(category: str) -> str:
    """ "claim" → "claim", "loaded-language" → "loaded language" (for command texts)."""
    return CATEGORY_LABELS.get(category, category).lower()


class OpCommand(QUndoCommand):
    """A command whose undo and redo each run a StoreOp. The action itself already ran."""

    def __init__(
        self,
        stack: UndoStack,
        text: str,
        *,
        undo_op: Callable[[], StoreOp[Any]],
        redo_op: Callable[[], StoreOp[Any]],
    ) -> None:
        super().__init__(text)
        self._stack = stack
        self._undo_op = undo_op
        self._redo_op = redo_op
        self._done = True  # push() calls redo(): the op has already run

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._stack.run_step(self._redo_op(), self.text())

    def undo(self) -> None:
        self._stack.run_step(self._undo_op(), self.text())


class AddAnnotationCommand(OpCommand):
    def __init__(self, stack: UndoStack, added: AnnotationAdded) -> None:
        ctx = stack.ctx
        super().__init__(
            stack,
            f"Add {category_words(added.annotation.category)} annotation",
            undo_op=lambda: uncreate_annotation(ctx, added=added),
            redo_op=lambda: recreate_annotation(ctx, added=added),
        )
        self.added = added


class EditAnnotationCommand(OpCommand):
    def __init__(self, stack: UndoStack, edited: AnnotationEdited) -> None:
        ctx = stack.ctx
        super().__init__(
            stack,
            f"Edit {category_words(edited.after.category)} annotation",
            undo_op=lambda: put_annotation(ctx, record=edited.before, remove=edited.sources),
            redo_op=lambda: put_annotation(ctx, record=edited.after, add=edited.sources),
        )
        self.edited = edited


class DeleteAnnotationCommand(OpCommand):
    def __init__(self, stack: UndoStack, removed: AnnotationRemoved) -> None:
        ctx = stack.ctx
        super().__init__(
            stack,
            f"Delete {category_words(removed.annotation.category)} annotation",
            undo_op=lambda: unremove_annotation(ctx, removed=removed),
            redo_op=lambda: remove_annotation(ctx, annotation_id=removed.annotation.id),
        )
        self.removed = removed


class ReattachCommand(OpCommand):
    def __init__(self, stack: UndoStack, done: Reattached) -> None:
        ctx = stack.ctx
        super().__init__(
            stack,
            "Re-attach annotation",
            undo_op=lambda: put_annotation(ctx, record=done.before),
            redo_op=lambda: put_annotation(ctx, record=done.after),
        )


class AddSourceCommand(OpCommand):
    def __init__(self, stack: UndoStack, source: SourceRecord) -> None:
        ctx = stack.ctx
        super().__init__(
            stack,
            "Add source",
            undo_op=lambda: uncreate_source(ctx, source_id=source.id),
            redo_op=lambda: put_source(ctx, record=source),
        )


class EditSourceCommand(OpCommand):
    def __init__(self, stack: UndoStack, edited: SourceEdited) -> None:
        ctx = stack.ctx
        super().__init__(
            stack,
            "Edit source",
            undo_op=lambda: put_source(ctx, record=edited.before),
            redo_op=lambda: put_source(ctx, record=edited.after),
        )


class DeleteSourceCommand(OpCommand):
    def __init__(self, stack: UndoStack, source: SourceRecord) -> None:
        ctx = stack.ctx
        super().__init__(
            stack,
            "Delete source",
            undo_op=lambda: put_source(ctx, record=source),
            redo_op=lambda: uncreate_source(ctx, source_id=source.id),
        )


class MergeSourcesCommand(OpCommand):
    def __init__(self, stack: UndoStack, merge: SourceMerge) -> None:
        ctx = stack.ctx
        super().__init__(
            stack,
            "Merge sources",
            undo_op=lambda: unmerge(ctx, merge=merge),
            redo_op=lambda: merge_duplicate_sources(ctx, keep=merge.kept.id, remove=merge.removed.id),
        )


class AddArticleCommand(OpCommand):
    def __init__(self, stack: UndoStack, article: ArticleRecord) -> None:
        ctx = stack.ctx
        super().__init__(
            stack,
            "Add article",
            undo_op=lambda: uncreate_article(ctx, article_id=article.id),
            redo_op=lambda: put_article(ctx, record=article),
        )


class EditArticleBodyCommand(OpCommand):
    def __init__(self, stack: UndoStack, changed: BodyChanged) -> None:
        ctx = stack.ctx
        super().__init__(
            stack,
            "Edit article text",
            undo_op=lambda: put_article(ctx, record=changed.before),
            redo_op=lambda: change_article_body(ctx, article_id=changed.before.id, new_body=changed.new_body),
        )


_STATUS_VERBS = {"approved": "Approve question", "retired": "Reject question", "draft": "Return question to drafts"}


class QuestionStatusCommand(OpCommand):
    def __init__(self, stack: UndoStack, changed: QuestionStatusChanged) -> None:
        ctx = stack.ctx
        super().__init__(
            stack,
            _STATUS_VERBS.get(changed.after, "Change question status"),
            undo_op=lambda: change_question_status(ctx, question_id=changed.question_id, status=changed.before),
            redo_op=lambda: change_question_status(ctx, question_id=changed.question_id, status=changed.after),
        )


class EditQuestionCommand(OpCommand):
    def __init__(self, stack: UndoStack, edited: QuestionEdited) -> None:
        ctx = stack.ctx
        super().__init__(
            stack,
            "Edit question",
            undo_op=lambda: put_question(ctx, record=edited.before),
            redo_op=lambda: edit_question(ctx, record=edited.after),
        )


class AddQuestionCommand(OpCommand):
    def __init__(self, stack: UndoStack, question: QuestionRecord) -> None:
        ctx = stack.ctx
        super().__init__(
            stack,
            "Add question",
            undo_op=lambda: uncreate_question(ctx, question_id=question.id),
            redo_op=lambda: create_question(ctx, record=question),
        )


class UndoStack(QUndoStack):
    """The authoring history of one window. `perform(op, make_command)` runs an action and,
    when it succeeds, records it; `undo()` / `redo()` replay inverses on the worker."""

    def __init__(self, ctx: OpContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setUndoLimit(200)
        self.last_error: str | None = None

    def perform(
        self,
        op: StoreOp[T],
        make_command: Callable[[UndoStack, T], QUndoCommand],
        *,
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        initiator: object = None,
    ) -> None:
        """Run `op`; on success push `make_command(self, result)` and call `on_done(result)`.
        On failure call `on_error(message)` (default: the app's error display)."""

        def succeeded(result: T) -> None:
            self.push(make_command(self, result))
            if on_done is not None:
                on_done(result)

        def failed(exc: BaseException) -> None:
            message = user_message(exc)
            self.last_error = message
            (on_error or self.ctx.on_error)(message)

        op.success(succeeded).failure(failed).run(initiator=initiator)

    def run_step(self, op: StoreOp[Any], text: str) -> None:
        """Run one undo or redo step; a failure clears the history (see the module docstring)."""

        def failed(exc: BaseException) -> None:
            message = f"Could not undo or redo “{text}”: {user_message(exc)}"
            self.last_error = message
            # Not inside undo()/redo() of the command that is running: clear on the next turn.
            QTimer.singleShot(0, self.clear)
            self.ctx.on_error(message)

        op.failure(failed).run(initiator=None)

    def undo_action(self, parent: QObject) -> QAction:
        """An Undo action (Ctrl+Z) whose text names what it would undo."""
        action = self.createUndoAction(parent, "Undo")
        action.setShortcut(QKeySequence.StandardKey.Undo)
        return action

    def redo_action(self, parent: QObject) -> QAction:
        """A Redo action (Ctrl+Shift+Z / Ctrl+Y) whose text names what it would redo."""
        action = self.createRedoAction(parent, "Redo")
        action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Redo))
        return action
