"""Automatic backups while the app runs, as Anki does them: every few minutes the database
worker (never the GUI thread) backs the SQLite file up if its content changed since the last
backup, and thins old backups to daily, weekly and monthly ones; one more on quit."""

from __future__ import annotations

from concurrent.futures import Future
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Slot

from corpus.store.backups import Backup, backup_if_changed
from desktop.tasks import TaskManager

CHECK_EVERY_MS = 5 * 60 * 1000
MIN_INTERVAL = timedelta(minutes=30)


class BackupSchedule(QObject):
    """Runs `backup_if_changed` on the worker thread on a timer (SQLite stores only)."""

    def __init__(self, db_file: Path, tasks: TaskManager, *, parent: QObject | None = None,
                 every_ms: int = CHECK_EVERY_MS, min_interval: timedelta = MIN_INTERVAL):
        super().__init__(parent)
        self.db_file = db_file
        self.tasks = tasks
        self.min_interval = min_interval
        self.last: Backup | None = None
        self.last_error: str | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(every_ms)
        self.timer.timeout.connect(self.run_now)
        self.timer.start()

    @Slot()
    def run_now(self) -> None:
        """Queue a backup check on the database worker (returns at once)."""
        interval = self.min_interval
        self.tasks.run(lambda: backup_if_changed(self.db_file, min_interval=interval), self._done)

    def _done(self, future: Future[Backup | None]) -> None:
        exc = future.exception()
        if exc is not None:
            # A failed backup must not interrupt a lesson; it is retried at the next tick.
            self.last_error = f"{type(exc).__name__}: {exc}"
            return
        made = future.result()
        if made is not None:
            self.last = made

    def final(self) -> None:
        """On quit (after the worker has drained): back up now if anything changed."""
        self.timer.stop()
        try:
            backup_if_changed(self.db_file, min_interval=timedelta(0))
        except Exception as exc:  # noqa: BLE001 - never block quitting on a backup
            self.last_error = f"{type(exc).__name__}: {exc}"
