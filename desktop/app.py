"""The composition root: QApplication, the store, the worker, the events, the main window."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from corpus.errors import CloseReadError, DamagedDatabase
from corpus.store.backups import restore
from corpus.store.engine import sqlite_path
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
    """Open the store (migrating, importing the shipped library on first run) and build the window."""
    from desktop.main_window import MainWindow
    from desktop.session import open_store

    store = open_store(db)
    tasks = TaskManager(synchronous=synchronous)
    events = AppEvents()
    window: MainWindow | None = None

    def on_error(message: str) -> None:
        if window is not None:
            window.show_error(message)

    ctx = OpContext(store=store, tasks=tasks, events=events, on_error=on_error)
    window = MainWindow(ctx)
    from desktop.teacher_actions import install_teacher_actions

    install_teacher_actions(window, ctx)  # teacher mode (PIN) and authoring
    from desktop.quiz_actions import install_quiz_actions

    install_quiz_actions(window, ctx)  # learners, quizzes, review queue, dashboard, print (issue 7)
    db_file = sqlite_path(store.engine.url.render_as_string(hide_password=False))
    window.backups = BackupSchedule(db_file, tasks, parent=window) if db_file is not None else None
    return window


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
    window.quiz_actions.ask_at_start()  # who is reading (or continue as guest)
    code = app.exec()
    window.ctx.tasks.shutdown()
    if window.backups is not None:
        window.backups.final()
    window.ctx.store.close()
    return int(code)
