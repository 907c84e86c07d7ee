"""Backups and integrity of a SQLite store, as Anki does them.

- `backup_if_changed` copies the database with SQLite's online backup API only when its content
  differs from the newest backup, then thins old backups (`thin`) to daily, weekly and monthly.
- `quick_check` / `integrity_check` run SQLite's own checks; `newest_good_backup` finds the most
  recent backup that passes, and `restore` puts it back (keeping the damaged file aside).

Nothing here touches Qt; the app calls these on its database worker, off the GUI thread.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from corpus.errors import CloseReadError

NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6}-\d{6})(?:-(?P<reason>[a-z0-9-]+))?\.sqlite$")


@dataclass(frozen=True, slots=True)
class Backup:
    path: Path
    taken: datetime
    reason: str

    @property
    def size(self) -> int:
        return self.path.stat().st_size


@dataclass(frozen=True, slots=True)
class ThinningPolicy:
    """How many backups survive: the newest `recent`, one a day for `daily` days, one a week for
    `weekly` weeks, one a month for `monthly` months (Anki's defaults are close to these)."""

    recent: int = 5
    daily: int = 7
    weekly: int = 8
    monthly: int = 12


def backup_folder(db_file: Path) -> Path:
    return db_file.parent / "backups"


def list_backups(db_file: Path) -> list[Backup]:
    """This database's backups, newest first."""
    folder = backup_folder(db_file)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        m = NAME.match(path.name)
        if not m or m["stem"] != db_file.stem:
            continue
        taken = datetime.strptime(m["stamp"], "%Y%m%d-%H%M%S-%f")
        found.append(Backup(path=path, taken=taken, reason=m["reason"] or "auto"))
    return sorted(found, key=lambda b: b.taken, reverse=True)


def _copy_with_backup_api(source: Path, target: Path) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def content_digest(db_file: Path) -> str:
    """A digest of the database's logical content (schema and every row), independent of page
    layout, so an unchanged store is recognised even after a checkpoint or vacuum."""
    con = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True, timeout=30)
    try:
        h = hashlib.sha256()
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        for (sql,) in con.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name"):
            h.update(sql.encode())
        for table in tables:
            if table.startswith("sqlite_"):
                continue
            quoted = '"' + table.replace('"', '""') + '"'
            for row in con.execute(f"SELECT * FROM {quoted} ORDER BY rowid" if _has_rowid(con, table) else f"SELECT * FROM {quoted}"):
                h.update(repr(row).encode("utf-8", "surrogatepass"))
        return h.hexdigest()
    finally:
        con.close()


def _has_rowid(con: sqlite3.Connection, table: str) -> bool:
    try:
        con.execute(f'SELECT rowid FROM "{table}" LIMIT 0')
        return True
    except sqlite3.OperationalError:
        return False


def make_backup(db_file: Path, *, reason: str = "manual", now: datetime | None = None) -> Backup:
    """Copy the database now (online backup API: safe while the app is running)."""
    if not db_file.exists():
        raise CloseReadError(f"no database at {db_file}")
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    folder = backup_folder(db_file)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{db_file.stem}-{stamp}-{reason}.sqlite"
    partial = target.with_suffix(".partial")
    _copy_with_backup_api(db_file, partial)
    os.replace(partial, target)
    return Backup(path=target, taken=datetime.strptime(stamp, "%Y%m%d-%H%M%S-%f"), reason=reason)


def backup_if_changed(
    db_file: Path,
    *,
    min_interval: timedelta = timedelta(minutes=30),
    now: datetime | None = None,
    policy: ThinningPolicy = ThinningPolicy(),
) -> Backup | None:
    """Back up when the content changed since the newest backup and it is older than
    `min_interval`; then thin old backups. Returns the new backup, or None."""
    now = now or datetime.now()
    existing = list_backups(db_file)
    if existing and now - existing[0].taken < min_interval:
        return None
    if existing and content_digest(existing[0].path) == content_digest(db_file):
        return None
    backup = make_backup(db_file, reason="auto", now=now)
    for old in thin(list_backups(db_file), now=now, policy=policy):
        old.path.unlink(missing_ok=True)
    return backup


def thin(backups: Sequence[Backup], *, now: datetime, policy: ThinningPolicy = ThinningPolicy()) -> list[Backup]:
    """The backups to delete so that what remains follows `policy` (pure; newest-first input)."""
    ordered = sorted(backups, key=lambda b: b.taken, reverse=True)
    keep: set[Path] = {b.path for b in ordered[: policy.recent]}
    # Backups made before a migration or a restore are kept: they are the way back.
    keep |= {b.path for b in ordered if b.reason.startswith(("before-", "pre-restore"))}
    buckets = (
        (policy.daily, lambda b: b.taken.date()),
        (policy.weekly, lambda b: b.taken.isocalendar()[:2]),
        (policy.monthly, lambda b: (b.taken.year, b.taken.month)),
    )
    horizon = {
        0: now - timedelta(days=policy.daily),
        1: now - timedelta(weeks=policy.weekly),
        2: now - timedelta(days=31 * policy.monthly),
    }
    for i, (_count, key) in enumerate(buckets):
        seen: set[object] = set()
        for b in ordered:  # newest first: the newest of each bucket survives
            if b.taken < horizon[i]:
                continue
            k = key(b)
            if k not in seen:
                seen.add(k)
                keep.add(b.path)
    return [b for b in ordered if b.path not in keep]


def quick_check(db_file: Path, *, full: bool = False) -> list[str]:
    """SQLite's quick_check (or the full integrity_check); an empty list means healthy."""
    try:
        con = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True, timeout=30)
    except sqlite3.Error as exc:
        return [str(exc)]
    try:
        pragma = "integrity_check" if full else "quick_check"
        rows = [r[0] for r in con.execute(f"PRAGMA {pragma}")]
        if full:
            rows += [f"foreign key: {r}" for r in con.execute("PRAGMA foreign_key_check")]
        return [] if rows == ["ok"] else [r for r in rows if r != "ok"]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        con.close()


def newest_good_backup(db_file: Path) -> Backup | None:
    for backup in list_backups(db_file):
        if not quick_check(backup.path):
            return backup
    return None


def restore(db_file: Path, backup: Path) -> Path | None:
    """Replace the database with `backup` (checked first). The current file, if any, is kept
    beside the backups as `…-pre-restore.sqlite` (copied byte for byte: it may be damaged).
    Returns where the old file was kept."""
    problems = quick_check(backup)
    if problems:
        raise CloseReadError(f"the backup {backup} is damaged too: {problems[0]}")
    kept = None
    if db_file.exists():
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        kept = backup_folder(db_file) / f"{db_file.stem}-{stamp}-pre-restore.sqlite"
        kept.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(db_file, kept)
    for suffix in ("-wal", "-shm"):
        Path(str(db_file) + suffix).unlink(missing_ok=True)
    partial = db_file.with_suffix(".restoring")
    shutil.copy2(backup, partial)
    os.replace(partial, db_file)
    return kept


def describe(backups: Iterable[Backup]) -> list[str]:
    return [f"{b.taken:%Y-%m-%d %H:%M:%S}  {b.reason:<22} {b.size / 1024:8.0f} KB  {b.path}" for b in backups]
