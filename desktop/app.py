"""The composition root: QApplication, the store, the worker, the events, the main window.

Nothing here imports SQLAlchemy at module level: on an ordinary start the window paints the
last article before the store opens (see `build_main_window` and desktop/first_paint.py).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox

from corpus.errors import CloseReadError, DamagedDatabase
from corpus.store.backups import quick_check, restore
from desktop.backup_schedule import BackupSchedule
from desktop.events import AppEvents
from desktop.operations import OpContext
from desktop.tasks import TaskManager

ORGANIZATION = "Closeread"
APPLICATION = "Closeread"


def make_application(argv: Sequence[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    app = QApplication(list(argv or sys.argv[:1]))
    app.setApplicationDisplayName("Closeread")
    return app


def build_main_window(db: str, *, synchronous: bool = False):  # type: ignore[no-untyped-def]
    """Open the store (migrating, importing the shipped library on first run) and build the window.

    On an ordinary start (a SQLite file at the current schema, the real worker thread) the window
    is built and filled from a read-only stdlib `sqlite3` read of that file (desktop.first_paint)
    and the store opens on the worker after the window's first paint; then the teacher and quiz
    actions are installed and the window refreshes from the store (`window.start_up`). With
    `synchronous=True` (tests), a URL, a new store or any doubt, the store opens first as before.
    Raises DamagedDatabase (from the integrity check) before any window exists either way.
    """
    from desktop.first_paint import PendingStore, plain_sqlite_file, read_start
    from desktop.main_window import MainWindow
    from desktop.session import open_store
    from desktop.ui_settings import UiSettings

    ui_settings = UiSettings()
    db_file = None if synchronous else plain_sqlite_file(db)
    start = None
    if db_file is not None:
        problems = quick_check(db_file)  # as Store.open does, before anything reads the file
        if problems:
            from corpus.store.backups import newest_good_backup

            raise DamagedDatabase(db_file, problems, newest_good_backup(db_file))
        start = read_start(db_file, article_id=ui_settings.last_article())
    store: Any = PendingStore(lambda: open_store(db)) if start is not None else open_store(db)
    tasks = TaskManager(synchronous=synchronous)
    events = AppEvents()
    window: MainWindow | None = None

    def on_error(message: str) -> None:
        if window is not None:
            window.show_error(message)

    ctx = OpContext(store=store, tasks=tasks, events=events, on_error=on_error)
    window = MainWindow(ctx, ui_settings=ui_settings, start=start)
    if start is None:
        from corpus.store.engine import sqlite_path

        db_file = sqlite_path(store.engine.url.render_as_string(hide_password=False))
    window.backups = BackupSchedule(db_file, tasks, parent=window) if db_file is not None else None
    window.start_up = StartUp(window, ctx, store if start is not None else None)
    return window


class StartUp(QObject):
    """What start-up does after the window's first paint (or at once, when the store is open).

    With a `PendingStore`: the store opens on the worker, then (GUI thread) the teacher and quiz
    actions are installed and the window refreshes from the store. Until then teacher mode
    cannot be switched on (its PIN guard is one of the teacher actions). `when_ready(fn)` runs
    `fn` once all that is done (at once if it is); `on_failure(message)` is called instead if
    the store cannot be opened (by default the window shows the message).
    """

    ready = Signal()

    def __init__(self, window: Any, ctx: OpContext, pending: Any | None) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = ctx
        self.is_ready = False
        self._started = False
        self._installed = pending is None
        self._callbacks: list[Callable[[], object]] = []
        self.on_failure: Callable[[str], object] = window.show_error
        if pending is None:
            self._install()
            self.is_ready = True
            return
        self._pending = pending
        self._teacher_action = window.actions_by_name["teacher_mode"]
        self._teacher_action.setEnabled(False)  # no PIN guard yet
        # After the reader's first paint; a window never shown goes on once the loop runs.
        window.reader.browser.viewport().installEventFilter(self)
        QTimer.singleShot(0, self._go_on_if_hidden)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._started:
            QTimer.singleShot(0, self.continue_start)
        return False

    @Slot()
    def _go_on_if_hidden(self) -> None:
        if not self.window.isVisible():
            self.continue_start()

    @Slot()
    def continue_start(self) -> None:
        """Open the store on the worker (once); the rest follows when it is open."""
        if self._started:
            return
        self._started = True
        self.window.reader.browser.viewport().removeEventFilter(self)
        self.ctx.tasks.run(self._pending.open, self._opened)

    def _opened(self, future: Future[Any]) -> None:
        exc = future.exception()
        if exc is not None:
            from desktop.operations import user_message

            self.on_failure(user_message(exc))
            return
        self.finish_now()
        self.window.refresh_start()
        self.is_ready = True
        self.ready.emit()
        callbacks, self._callbacks = self._callbacks, []
        for fn in callbacks:
            fn()

    def finish_now(self) -> bool:
        """Install the teacher and quiz actions now, if they are not yet, opening the store in
        this thread unless the worker has (or waiting for it to). For code that needs them
        before start-up has finished on its own (`MainWindow.teacher_actions` asked early).
        False if the store cannot be opened."""
        if self._installed:
            return True
        try:
            self._pending.open()  # the models are imported before the actions import anything
        except Exception:  # noqa: BLE001 - reported through on_failure by the worker's opening
            return False
        self._installed = True
        self._teacher_action.setEnabled(True)
        self._install()
        return True

    def _install(self) -> None:
        from desktop.quiz_actions import install_quiz_actions
        from desktop.teacher_actions import install_teacher_actions

        install_teacher_actions(self.window, self.ctx)  # teacher mode (PIN) and authoring
        install_quiz_actions(self.window, self.ctx)  # learners, quizzes, review queue, dashboard, print

    def when_ready(self, fn: Callable[[], object]) -> None:
        """Run `fn` once the store is open and the actions are installed (now, if they are)."""
        if self.is_ready:
            fn()
        else:
            self._callbacks.append(fn)


def _offer_restore(exc: DamagedDatabase) -> bool:
    """Say in plain words that the database is damaged and offer the newest good backup.
    Returns True when a backup was put back (the caller tries again)."""
    box = QMessageBox(QMessageBox.Icon.Critical, "Closeread's database is damaged", "")
    if exc.good_backup is None:
        box.setText(f"{exc}\n\nCloseread's data file cannot be read safely, and no good backup was found.")
        box.setStandardButtons(QMessageBox.StandardButton.Close)
        box.exec()
        return False
    taken = exc.good_backup.taken.strftime("%d %B %Y at %H:%M")
    box.setText(
        "Closeread's data file is damaged, so it was not opened.\n\n"
        f"The newest good backup is from {taken}. Restoring it puts back everything saved up to then; "
        "the damaged file is kept aside, not deleted."
    )
    box.setDetailedText(str(exc))
    restore_button = box.addButton("Restore the backup", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is not restore_button:
        return False
    restore(Path(str(exc.db_file)), exc.good_backup.path)
    return True


def run_app(*, db: str) -> int:
    """Start the desktop app on `db`; returns the exit code."""
    app = make_application()
    try:
        try:
            window = build_main_window(db)
        except DamagedDatabase as exc:
            if not _offer_restore(exc):
                return 1
            window = build_main_window(db)
    except CloseReadError as exc:
        QMessageBox.critical(None, "Closeread cannot open its database", str(exc))
        return 1
    window.show()

    def cannot_open(message: str) -> None:  # the store failed to open after the first paint
        QMessageBox.critical(window, "Closeread cannot open its database", message)
        app.exit(1)

    window.start_up.on_failure = cannot_open
    # Who is reading (or continue as guest): once the store is open and the quiz actions are in.
    window.start_up.when_ready(lambda: window.quiz_actions.ask_at_start())
    code = app.exec()
    window.ctx.tasks.shutdown()
    if window.backups is not None:
        window.backups.final()
    window.ctx.store.close()
    return int(code)
