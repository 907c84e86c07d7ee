"""The composition root: QApplication, the store, the worker, the events, the main window."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from corpus.errors import CloseReadError
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
    return window


def run_app(*, db: str) -> int:
    """Start the desktop app on `db`; returns the exit code."""
    app = make_application()
    try:
        window = build_main_window(db)
    except CloseReadError as exc:
        QMessageBox.critical(None, "Closeread cannot open its database", str(exc))
        return 1
    window.show()
    window.quiz_actions.ask_at_start()  # who is reading (or continue as guest)
    code = app.exec()
    window.ctx.tasks.shutdown()
    window.ctx.store.close()
    return int(code)
