"""Domain settings kept in the store's `setting` table: the student/teacher mode, the teacher
PIN's scrypt hash, ….

UI state such as window geometry lives in QSettings (desktop/ui_settings.py); these belong with
the data (they travel with the database file and are shared on a server store).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from quizzes.models import Setting

__all__ = ["MODES", "MODE_KEY", "get_mode", "get_setting", "set_mode", "set_setting"]

MODE_KEY = "mode"
MODES: tuple[str, ...] = ("student", "teacher")


def get_setting(session: Session, key: str, default: str | None = None) -> str | None:
    """The value stored under `key`, or `default` when there is none."""
    row = session.get(Setting, key)
    return row.value if row is not None else default


def set_setting(session: Session, key: str, value: str) -> None:
    """Store `value` under `key` (replacing any value). Never commits."""
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
    session.flush()


def get_mode(session: Session) -> str:
    """The view mode, "student" (the default, and for anything unknown) or "teacher"."""
    value = get_setting(session, MODE_KEY, "student")
    return value if value in MODES else "student"


def set_mode(session: Session, mode: str) -> None:
    """Store the view mode ("student" or "teacher")."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    set_setting(session, MODE_KEY, mode)
