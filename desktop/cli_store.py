"""`closeread backup`, `closeread restore`, `closeread doctor`: keeping the store safe."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from corpus.errors import CloseReadError
from corpus.store.backups import (
    describe,
    list_backups,
    make_backup,
    newest_good_backup,
    quick_check,
    restore,
)
from corpus.store.engine import normalise_url, sqlite_path
from desktop.cli import UsageError, subcommand
from desktop.paths import resolve_db


def _db_file(args: argparse.Namespace) -> Path:
    db = resolve_db(args.db)
    path = sqlite_path(normalise_url(db))
    if path is None:
        raise UsageError(
            "closeread: backups are for SQLite files; a PostgreSQL server is backed up with its own tools (pg_dump)"
        )
    return path


def _conf_backup(p: argparse.ArgumentParser) -> None:
    p.add_argument("--list", action="store_true", help="list the backups instead of making one")


@subcommand("backup", "back up the database now (or --list the backups)", _conf_backup)
def cmd_backup(args: argparse.Namespace) -> int:
    db_file = _db_file(args)
    if not args.list:
        if not db_file.exists():
            raise CloseReadError(f"no database at {db_file}")
        backup = make_backup(db_file, reason="manual")
        sys.stdout.write(f"Backed up to {backup.path}\n")
        return 0
    backups = list_backups(db_file)
    if not backups:
        sys.stdout.write(f"No backups yet for {db_file}\n")
    for line in describe(backups):
        sys.stdout.write(line + "\n")
    return 0


def _conf_restore(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", nargs="?", metavar="FILE", help="the backup to restore (default: the newest good one)")


@subcommand("restore", "put a backup back in place of the database", _conf_restore)
def cmd_restore(args: argparse.Namespace) -> int:
    db_file = _db_file(args)
    if args.file:
        source = Path(args.file)
        if not source.exists():
            raise UsageError(f"closeread restore: no such file: {source}")
    else:
        good = newest_good_backup(db_file)
        if good is None:
            raise CloseReadError(f"no good backup found for {db_file}")
        source = good.path
    kept = restore(db_file, source)
    sys.stdout.write(f"Restored {db_file} from {source}\n")
    if kept:
        sys.stdout.write(f"The previous file is kept at {kept}\n")
    return 0


@subcommand("doctor", "run the full integrity check and the source checker, and report", lambda p: None)
def cmd_doctor(args: argparse.Namespace) -> int:
    db = resolve_db(args.db)
    db_file = sqlite_path(normalise_url(db))
    healthy = True
    if db_file is not None:
        if not db_file.exists():
            raise CloseReadError(f"no database at {db_file}")
        problems = quick_check(db_file, full=True)
        if problems:
            healthy = False
            sys.stdout.write(f"Integrity check: FAILED ({len(problems)} problem(s))\n")
            for p in problems[:20]:
                sys.stdout.write(f"  {p}\n")
            good = newest_good_backup(db_file)
            sys.stdout.write(
                f"  Newest good backup: {good.path}. Run `closeread restore` to put it back.\n" if good
                else "  No good backup found.\n"
            )
            return 1
        sys.stdout.write(f"Integrity check: ok ({db_file}, {db_file.stat().st_size / 1024:.0f} KB)\n")
        sys.stdout.write(f"Backups: {len(list_backups(db_file))} in {db_file.parent / 'backups'}\n")
    from corpus.articles import load_snapshot
    from corpus.checking import check_corpus
    from desktop.session import open_store

    store = open_store(db)
    sys.stdout.write(f"Schema: {store.migration.after} (up to date)\n")
    with store.sessions() as session:
        report = check_corpus(load_snapshot(session))
    store.close()
    sys.stdout.write(f"Source check: {len(report.errors)} error(s), {len(report.warnings)} warning(s) "
                     f"over {sum(s.annotations for s in report.summaries.values())} annotations "
                     "(details: `closeread check`)\n")
    return 0 if healthy else 1
