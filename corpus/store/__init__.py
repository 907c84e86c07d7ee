"""The store: one engine, one sessionmaker, migrations at start-up.

`Store.open(url)` configures the engine, runs migrations (backing up first) and gives a
`sessionmaker`. Core functions take the Session; callers own the transaction
(`with store.sessions.begin() as session: ...`).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from corpus.store.engine import make_engine, normalise_url
from corpus.store.migrate import MigrationReport, ensure_schema


class Store:
    """An open, migrated database."""

    def __init__(self, engine: Engine, report: MigrationReport):
        self.engine = engine
        self.migration = report
        self.sessions: sessionmaker[Session] = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, path_or_url: str | Path) -> Store:
        engine = make_engine(normalise_url(path_or_url))
        try:
            report = ensure_schema(engine)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, report)

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()
