"""GUI operations over the store (STYLE.md rule 3, after Anki's CollectionOp / QueryOp).

A keyword-only factory in `desktop/operations/<domain>.py` builds an op; the caller chains
`.success(...)` / `.failure(...)` and calls `.run(initiator=...)`. The op body runs on the single
worker thread inside one `sessions.begin()` transaction and must never touch a widget; its result
(plain values) is handed to `success` on the GUI thread. A StoreOp then broadcasts its Changes.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from corpus.errors import CloseReadError
from desktop.events import AppEvents, Changes
from desktop.tasks import TaskManager

if TYPE_CHECKING:  # SQLAlchemy loads with the store, after the window's first paint
    from sqlalchemy.orm import Session

    from corpus.store import Store

T = TypeVar("T")


@dataclass
class OpContext:
    """What ops need, passed down from the composition root (no globals)."""

    store: Store
    tasks: TaskManager
    events: AppEvents
    on_error: Callable[[str], None]


def user_message(exc: BaseException) -> str:
    """A failure in words for a person; unexpected errors are named, never dumped."""
    if isinstance(exc, CloseReadError):
        return str(exc)
    return f"Something went wrong: {type(exc).__name__}: {exc}"


class _Op(Generic[T]):
    def __init__(self, ctx: OpContext, body: Callable[[Session], T]):
        self._ctx = ctx
        self._body = body
        self._success: Callable[[T], None] | None = None
        self._failure: Callable[[BaseException], None] | None = None

    def success(self, fn: Callable[[T], None]) -> _Op[T]:
        self._success = fn
        return self

    def failure(self, fn: Callable[[BaseException], None]) -> _Op[T]:
        self._failure = fn
        return self

    def _execute(self) -> T:
        with self._ctx.store.sessions.begin() as session:
            return self._body(session)

    def _deliver(self, future: Future[Any], changes: Changes | None, initiator: object) -> None:
        exc = future.exception()
        if exc is not None:
            if self._failure is not None:
                self._failure(exc)
            else:
                self._ctx.on_error(user_message(exc))
            return
        result = future.result()
        if changes is not None:
            self._ctx.events.store_changed.emit(changes, initiator)
        if self._success is not None:
            self._success(result)


class QueryOp(_Op[T]):
    """A read: runs on the worker thread, returns values to `success` on the GUI thread."""

    def run(self) -> None:
        self._ctx.tasks.run(self._execute, lambda f: self._deliver(f, None, None))


class StoreOp(_Op[T]):
    """A write: one transaction on the worker thread, then `store_changed(changes, initiator)`."""

    def __init__(self, ctx: OpContext, body: Callable[[Session], T], changes: Changes):
        super().__init__(ctx, body)
        self._changes = changes

    def run(self, *, initiator: object = None) -> None:
        self._ctx.tasks.run(self._execute, lambda f: self._deliver(f, self._changes, initiator))
