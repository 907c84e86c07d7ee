"""Backups only when changed, thinning, integrity at start-up, restore; and the CLI for them."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from corpus.errors import DamagedDatabase
from corpus.store import Store
from corpus.store.backups import (
    Backup,
    ThinningPolicy,
    backup_if_changed,
    list_backups,
    newest_good_backup,
    quick_check,
    thin,
)
from desktop.cli import main


def damage(path: Path) -> None:
    """Overwrite pages in the middle of the file, as a failing disk might."""
    data = bytearray(path.read_bytes())
    for offset in range(4096 * 2, min(len(data), 4096 * 6), 7):
        data[offset] = 0xFF
    path.write_bytes(bytes(data))


def test_backup_only_when_changed_and_not_too_often(db_path: Path) -> None:
    t0 = datetime(2026, 1, 1, 9, 0)
    first = backup_if_changed(db_path, now=t0)
    assert first is not None and first.path.exists()
    # Unchanged: nothing new, even much later.
    assert backup_if_changed(db_path, now=t0 + timedelta(hours=5)) is None
    store = Store.open(db_path)
    with store.sessions.begin() as s:
        s.execute(text("UPDATE article SET title = title || '!' WHERE id = 'russia-nk-ink-deal'"))
    store.close()
    # Changed, but too soon after the last one.
    assert backup_if_changed(db_path, now=t0 + timedelta(minutes=10)) is None
    second = backup_if_changed(db_path, now=t0 + timedelta(hours=6))
    assert second is not None
    assert [b.path for b in list_backups(db_path)] == [second.path, first.path]


def test_thinning_keeps_recent_then_daily_weekly_monthly() -> None:
    now = datetime(2026, 6, 30, 12, 0)
    backups = [Backup(Path(f"b{i}.sqlite"), now - timedelta(hours=6 * i), "auto") for i in range(800)]
    policy = ThinningPolicy(recent=3, daily=7, weekly=4, monthly=6)
    doomed = {b.path for b in thin(backups, now=now, policy=policy)}
    kept = [b for b in backups if b.path not in doomed]
    assert [b.path for b in kept[:3]] == [b.path for b in backups[:3]]
    days = {b.taken.date() for b in kept if now - b.taken < timedelta(days=7)}
    assert len(days) >= 7
    assert len(kept) < 3 + 7 + 4 + 6 + 2
    # The oldest backups beyond every horizon are gone.
    assert backups[-1].path in doomed
    # A backup taken before a migration is never thinned.
    special = Backup(Path("mig.sqlite"), now - timedelta(days=300), "before-0002")
    assert special not in thin([*backups, special], now=now, policy=policy)


def test_a_damaged_store_is_refused_with_the_newest_good_backup_named(db_path: Path) -> None:
    good = backup_if_changed(db_path, now=datetime(2026, 1, 1))
    assert good is not None
    damage(db_path)
    assert quick_check(db_path)
    with pytest.raises(DamagedDatabase) as info:
        Store.open(db_path)
    assert str(good.path) in str(info.value)
    assert newest_good_backup(db_path) == good


def test_restore_from_the_cli_brings_the_store_back(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db_path), "backup"]) == 0
    damage(db_path)
    assert main(["--db", str(db_path), "articles"]) == 1
    err = capsys.readouterr().err
    assert "is damaged" in err and "closeread restore" in err and "Traceback" not in err
    assert main(["--db", str(db_path), "doctor"]) == 1
    assert main(["--db", str(db_path), "restore"]) == 0
    out = capsys.readouterr().out
    assert "Restored" in out and "pre-restore" in out
    assert main(["--db", str(db_path), "doctor"]) == 0
    assert "Integrity check: ok" in capsys.readouterr().out
    assert main(["--db", str(db_path), "articles"]) == 0


def test_backup_list(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db_path), "backup", "--list"]) == 0
    assert "No backups yet" in capsys.readouterr().out
    main(["--db", str(db_path), "backup"])
    main(["--db", str(db_path), "backup", "--list"])
    assert "manual" in capsys.readouterr().out
