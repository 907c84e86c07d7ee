"""The app backs up on the worker thread when something changed, and once more on quit."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from corpus.store.backups import list_backups
from desktop.app import build_main_window


def test_the_window_backs_up_on_the_worker_only_when_changed(qtbot, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = build_main_window(str(db_path))
    qtbot.addWidget(window)
    schedule = window.backups
    assert schedule is not None and schedule.timer.isActive()
    schedule.min_interval = timedelta(0)
    schedule.run_now()
    qtbot.waitUntil(lambda: schedule.last is not None, timeout=10_000)
    first = schedule.last
    schedule.run_now()  # nothing changed: no second backup
    qtbot.waitUntil(lambda: window.ctx.tasks.pending == 0, timeout=10_000)
    assert [b.path for b in list_backups(db_path)] == [first.path]
    with window.ctx.store.sessions.begin() as s:
        from quizzes.settings import set_setting

        set_setting(s, "backup-test", "changed")
    window.ctx.tasks.shutdown()
    schedule.final()
    assert len(list_backups(db_path)) == 2
    window.ctx.store.close()


def test_a_damaged_store_offers_the_newest_good_backup_and_restores_it(qtbot, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    import pytest
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from corpus.errors import DamagedDatabase
    from corpus.store import Store
    from corpus.store.backups import make_backup
    from desktop.app import _offer_restore

    make_backup(db_path, reason="manual")
    data = bytearray(db_path.read_bytes())
    for offset in range(4096 * 2, min(len(data), 4096 * 6), 7):
        data[offset] = 0xFF
    db_path.write_bytes(bytes(data))
    with pytest.raises(DamagedDatabase) as info:
        Store.open(db_path)
    seen: list[str] = []

    def click_restore() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        button = next(b for b in box.buttons() if b.text() == "Restore the backup")
        button.click()

    QTimer.singleShot(50, click_restore)
    assert _offer_restore(info.value) is True
    assert "newest good backup" in seen[0] and "kept aside" in seen[0]
    Store.open(db_path).close()  # healthy again
