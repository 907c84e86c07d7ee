"""The one place the database engine is made and SQLite is configured (STYLE.md rule 6)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

BUSY_TIMEOUT_MS = 10_000


def normalise_url(path_or_url: str | Path) -> str:
    """Turn a file path or a SQLAlchemy URL into a URL string ("x.sqlite" → "sqlite:///x.sqlite")."""
    text = str(path_or_url)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path | None:
    """The database file of a SQLite URL, or None for other back ends and in-memory stores."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def make_engine(path_or_url: str | Path, *, echo: bool = False) -> Engine:
    """Create the engine. For SQLite: foreign keys on, WAL, synchronous NORMAL, busy timeout."""
    url = normalise_url(path_or_url)
    if is_sqlite(url):
        db_file = sqlite_path(url)
        if db_file is not None:
            db_file.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, echo=echo, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}
        )

        @event.listens_for(engine, "connect")
        def _configure_sqlite(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            if db_file is not None:
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        # pysqlite's own BEGIN handling defers locks until the first write, so two writers can
        # both read and then fail to upgrade ("database is locked" without waiting). Emit
        # BEGIN IMMEDIATE ourselves: a writer waits its turn for the busy timeout instead.
        @event.listens_for(engine, "connect")
        def _no_pysqlite_begin(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            dbapi_connection.isolation_level = None

        @event.listens_for(engine, "begin")
        def _begin_immediate(conn):  # type: ignore[no-untyped-def]
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True)
