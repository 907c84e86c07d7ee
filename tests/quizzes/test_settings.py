"""Domain settings in the store: the view mode (student by default), set and read back."""

from __future__ import annotations

import pytest

from quizzes.settings import get_mode, get_setting, set_mode, set_setting


def test_mode_defaults_to_student_and_round_trips(store) -> None:  # type: ignore[no-untyped-def]
    with store.sessions.begin() as session:
        assert get_mode(session) == "student"
        assert get_setting(session, "mode") is None
        set_mode(session, "teacher")
    with store.sessions() as session:
        assert get_mode(session) == "teacher"
    with store.sessions.begin() as session:
        set_mode(session, "student")
        set_setting(session, "other", "x")
        set_setting(session, "other", "y")
    with store.sessions() as session:
        assert get_mode(session) == "student"
        assert get_setting(session, "other") == "y"


def test_bad_modes_are_refused_and_bad_stored_values_read_as_student(store) -> None:  # type: ignore[no-untyped-def]
    with store.sessions.begin() as session:
        with pytest.raises(ValueError):
            set_mode(session, "admin")
        set_setting(session, "mode", "admin")
        assert get_mode(session) == "student"
