"""Teacher mode: the PIN is set on first use and stored only as a salted scrypt hash (the test
reads the store itself); the mode survives a restart; a wrong PIN keeps student mode."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.events import AppEvents
from desktop.operations import OpContext
from desktop.pin import PIN_KEY, hash_pin, pin_problem, verify_pin
from desktop.tasks import TaskManager
from desktop.teacher_mode import TeacherMode

PIN = "27182818"


@pytest.fixture
def ctx(store):  # type: ignore[no-untyped-def]
    errors: list[str] = []
    tasks = TaskManager()  # the real background worker
    context = OpContext(store=store, tasks=tasks, events=AppEvents(), on_error=errors.append)
    yield context
    tasks.shutdown()
    assert errors == []


def _all_text_in_store(db_path: Path) -> list[str]:
    con = sqlite3.connect(db_path)
    try:
        values = []
        tables = [r[0] for r in con.execute("select name from sqlite_master where type='table'")]
        for table in tables:
            for row in con.execute(f'select * from "{table}"'):  # our own table names
                values.extend(str(v) for v in row if v is not None)
        return values
    finally:
        con.close()


def test_hashing_is_salted_scrypt_and_verifies_in_constant_time() -> None:
    one, two = hash_pin(PIN), hash_pin(PIN)
    assert one != two  # a fresh 16-byte salt each time
    scheme, n, r, p, salt, digest = one.split("$")
    assert (scheme, n, r, p) == ("scrypt", str(2**14), "8", "1")
    import base64

    assert len(base64.b64decode(salt)) == 16 and len(base64.b64decode(digest)) == 32
    assert verify_pin(PIN, one) and verify_pin(PIN, two)
    assert not verify_pin("27182819", one)
    assert not verify_pin(PIN, None) and not verify_pin(PIN, "scrypt$x") and not verify_pin(PIN, "md5$1$2$3$4$5")
    assert pin_problem("12a4") and pin_problem("123") and pin_problem("1" * 13) and pin_problem("１２３４")
    assert pin_problem("0042") is None


def test_the_pin_is_set_on_first_use_and_never_stored_in_clear(qtbot, ctx, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    mode = TeacherMode(ctx)
    with qtbot.waitSignal(mode.mode_changed, timeout=10_000) as loaded:
        mode.load()
    assert loaded.args == ["student"] and mode.has_pin() is False

    dialog = mode.request_teacher(None)
    assert dialog is not None and dialog.setting and dialog.confirm.isVisible()
    # Two different PINs are refused in the dialog itself.
    dialog.pin.setText(PIN)
    dialog.confirm.setText("31415926")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "differ" in dialog.error.text() and not mode.is_teacher()
    dialog.pin.setText(PIN)
    dialog.confirm.setText(PIN)
    with qtbot.waitSignal(mode.mode_changed, timeout=10_000) as changed:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert changed.args == ["teacher"] and mode.is_teacher()
    qtbot.waitUntil(lambda: mode.dialog is None)

    # Read the store itself, every table: the PIN is nowhere, its hash verifies.
    con = sqlite3.connect(db_path)
    settings = dict(con.execute("select key, value from setting"))
    con.close()
    assert settings["mode"] == "teacher"
    stored = settings[PIN_KEY]
    assert PIN not in stored and stored.startswith("scrypt$16384$8$1$")
    assert verify_pin(PIN, stored)
    assert not any(PIN in value for value in _all_text_in_store(db_path))
    for suffix in ("", "-wal"):
        raw = Path(str(db_path) + suffix)
        if raw.exists():
            assert PIN.encode() not in raw.read_bytes()


def test_the_mode_survives_a_restart_and_a_wrong_pin_keeps_student_mode(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    first = TeacherMode(ctx)
    first.load()
    qtbot.waitUntil(lambda: first.has_pin() is not None, timeout=10_000)
    dialog = first.request_teacher(None)
    assert dialog is not None
    dialog.pin.setText("4242")
    dialog.confirm.setText("4242")
    with qtbot.waitSignal(first.mode_changed, timeout=10_000):
        dialog.ok_button.click()

    # "Restart": a new TeacherMode over the same store reads teacher mode back.
    second = TeacherMode(ctx)
    with qtbot.waitSignal(second.mode_changed, timeout=10_000) as loaded:
        second.load()
    assert loaded.args == ["teacher"] and second.has_pin() is True

    with qtbot.waitSignal(second.mode_changed, timeout=10_000) as left:
        second.leave()
    assert left.args == ["student"]
    third = TeacherMode(ctx)
    with qtbot.waitSignal(third.mode_changed, timeout=10_000) as loaded:
        third.load()
    assert loaded.args == ["student"]

    # Entering again asks for the PIN (no "set" step); a wrong one keeps student mode.
    dialog = third.request_teacher(None)
    assert dialog is not None and not dialog.setting and not dialog.confirm.isVisible()
    dialog.pin.setText("0000")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: "not right" in dialog.error.text(), timeout=10_000)
    assert not third.is_teacher() and dialog.isVisible() and dialog.pin.text() == ""
    dialog.pin.setText("4242")
    with qtbot.waitSignal(third.mode_changed, timeout=10_000) as entered:
        dialog.ok_button.click()
    assert entered.args == ["teacher"]


def test_a_pin_cannot_be_replaced_once_set(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    from desktop.operations.teacher import set_teacher_pin

    errors: list[str] = []
    results: list[object] = []
    set_teacher_pin(ctx, pin="1111").success(results.append).run()
    qtbot.waitUntil(lambda: bool(results), timeout=10_000)
    set_teacher_pin(ctx, pin="2222").success(results.append).failure(lambda e: errors.append(str(e))).run()
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert "already set" in errors[0]
    with ctx.store.sessions() as s:
        from quizzes.settings import get_setting

        assert verify_pin("1111", get_setting(s, PIN_KEY))
