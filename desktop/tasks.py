"""The one database worker: every store operation runs here, serialized, off the GUI thread.

Results come back to the GUI thread through a queued signal (Anki's TaskManager, STYLE.md rule 4).
Tests may construct `TaskManager(synchronous=True)` to run ops inline, deterministically.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot


class TaskManager(QObject):
    """Runs callables on a single background thread and calls back on the GUI thread."""

    _done = Signal(object)  # a zero-argument closure to run on the GUI thread

    def __init__(self, *, synchronous: bool = False, parent: QObject | None = None):
        super().__init__(parent)
        self.synchronous = synchronous
        self._executor = None if synchronous else ThreadPoolExecutor(max_workers=1, thread_name_prefix="closeread-db")
        self._done.connect(self._run_closure)  # queued: emitted from the worker thread
        self.pending = 0
        self.closed = False

    def run(self, task: Callable[[], Any], on_done: Callable[[Future[Any]], None]) -> None:
        """Run `task` on the worker; `on_done(future)` runs on the GUI thread afterwards.
        After `shutdown` (the app is quitting) nothing new is started."""
        if self.closed:
            return
        self.pending += 1
        if self._executor is None:
            future: Future[Any] = Future()
            try:
                future.set_result(task())
            except BaseException as exc:  # noqa: BLE001 - delivered to on_done
                future.set_exception(exc)
            self._finish(future, on_done)
            return
        fut = self._executor.submit(task)
        fut.add_done_callback(lambda f: self._done.emit(lambda: self._finish(f, on_done)))

    def _finish(self, future: Future[Any], on_done: Callable[[Future[Any]], None]) -> None:
        self.pending -= 1
        on_done(future)

    @Slot(object)
    def _run_closure(self, closure: Callable[[], None]) -> None:
        if self.closed:
            return  # results arriving while the app quits: the widgets may be gone
        closure()

    def shutdown(self) -> None:
        """Finish the work under way (every write completes) and accept no more."""
        self.closed = True
        if self._executor is not None:
            self._executor.shutdown(wait=True)
