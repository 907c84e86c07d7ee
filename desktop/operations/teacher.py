"""Ops for teacher mode: the PIN (set on first use, then verified) and the stored mode.

Each body runs on the DB worker thread (scrypt included, so the GUI never stalls on it) and
returns plain values. The PIN is hashed before anything is written (desktop.pin).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from corpus.errors import CloseReadError
from desktop.events import Changes
from desktop.operations import OpContext, QueryOp, StoreOp
from desktop.pin import PIN_KEY, hash_pin, pin_problem, verify_pin
from quizzes.settings import get_mode, get_setting, set_mode, set_setting

__all__ = [
    "TeacherState",
    "enter_teacher_mode",
    "fetch_teacher_state",
    "leave_teacher_mode",
    "set_teacher_pin",
]


@dataclass(frozen=True, slots=True)
class TeacherState:
    """The stored mode ("student" or "teacher") and whether a PIN has been set."""

    mode: str
    has_pin: bool


def _state(session: Session) -> TeacherState:
    return TeacherState(mode=get_mode(session), has_pin=get_setting(session, PIN_KEY) is not None)


def fetch_teacher_state(ctx: OpContext) -> QueryOp[TeacherState]:
    """Read the mode and whether a PIN exists (worker thread)."""
    return QueryOp(ctx, _state)


def set_teacher_pin(ctx: OpContext, *, pin: str) -> StoreOp[TeacherState]:
    """First use: store the PIN's scrypt hash and switch to teacher mode (worker thread).
    Refused when a PIN is already set, so nobody in student mode can replace it."""

    def body(session: Session) -> TeacherState:
        if problem := pin_problem(pin):
            raise CloseReadError(problem)
        if get_setting(session, PIN_KEY) is not None:
            raise CloseReadError("a teacher PIN is already set; enter it to switch to teacher mode")
        set_setting(session, PIN_KEY, hash_pin(pin))
        set_mode(session, "teacher")
        return _state(session)

    return StoreOp(ctx, body, Changes(settings=True))


def enter_teacher_mode(ctx: OpContext, *, pin: str) -> StoreOp[bool]:
    """Verify `pin` against the stored hash and, when it matches, switch to teacher mode.
    Returns whether it matched (worker thread)."""

    def body(session: Session) -> bool:
        if not verify_pin(pin, get_setting(session, PIN_KEY)):
            return False
        set_mode(session, "teacher")
        return True

    return StoreOp(ctx, body, Changes(settings=True))


def leave_teacher_mode(ctx: OpContext) -> StoreOp[str]:
    """Back to student mode, stored so it survives a restart (worker thread)."""

    def body(session: Session) -> str:
        set_mode(session, "student")
        return "student"

    return StoreOp(ctx, body, Changes(settings=True))
