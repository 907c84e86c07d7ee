"""The store: one engine, one sessionmaker, migrations at start-up.

`Store.open(url)` configures the engine, runs migrations (backing up first) and gives a
`sessionmaker`. Core functions take the Session; callers own the transaction
(`with store.sessions.begin() as session: ...`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from corpus.errors import DamagedDatabase, StoreUnavailable
from corpus.store.backups import newest_good_backup, quick_check

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from corpus.store.migrate import MigrationReport

__all__ = ["SCHEMA_HEAD", "Store"]

# The schema revision this Closeread writes: the head of corpus/store/migrations (a test checks
# it against Alembic's own head, so a new migration moves it too). Importing the
# package stays light: SQLAlchemy and Alembic load when a store is opened, not before, so the
# app can read its start-up view with the standard library's sqlite3 (desktop/first_paint.py).
SCHEMA_HEAD = "0004"


class Store:
    """An open, migrated database."""

    def __init__(self, engine: Engine, report: MigrationReport):
        from sqlalchemy.orm import sessionmaker

        self.engine = engine
        self.migration = report
        self.sessions: sessionmaker[Session] = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, path_or_url: str | Path) -> Store:
        """Open the store at a path or URL: check a SQLite file, make the engine, migrate."""
        from sqlalchemy.exc import ArgumentError, DBAPIError

        from corpus.store.engine import make_engine, normalise_url, sqlite_path
        from corpus.store.migrate import ensure_schema

        url = normalise_url(path_or_url)
        db_file = sqlite_path(url)
        if db_file is not None and db_file.exists() and db_file.stat().st_size > 0:
            problems = quick_check(db_file)
            if problems:
                raise DamagedDatabase(db_file, problems, newest_good_backup(db_file))
        try:
            engine = make_engine(url)
        except (ArgumentError, OSError) as exc:
            raise StoreUnavailable(f"cannot use the database '{path_or_url}': {exc}") from exc
        try:
            report = ensure_schema(engine)
        except DBAPIError as exc:
            engine.dispose()
            where = sqlite_path(url) or engine.url.render_as_string(hide_password=True)
            reason = str(exc.orig) if exc.orig is not None else str(exc)
            hint = ""
            if "not a database" in reason or "malformed" in reason:
                hint = " The file is damaged or is not a Closeread database; open another with --db."
            raise StoreUnavailable(f"cannot open the database {where}: {reason}.{hint}") from exc
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, report)

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()
