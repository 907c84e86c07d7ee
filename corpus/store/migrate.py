"""Schema migrations at start-up: back up, refuse a database newer than the app, upgrade to head.

Alembic (~190 ms to import) is loaded only when the stored revision is not `SCHEMA_HEAD`: an
ordinary start reads `alembic_version` with one plain query and moves on.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from corpus.errors import TooNewDatabase
from corpus.store import SCHEMA_HEAD
from corpus.store.backups import make_backup
from corpus.store.engine import sqlite_path

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Engine


@dataclass(frozen=True, slots=True)
class MigrationReport:
    before: str | None  # revision before, None for a new database
    after: str
    backup: Path | None  # the backup made before upgrading, if any

    @property
    def upgraded(self) -> bool:
        return self.before != self.after


def alembic_config(engine: Engine | None = None) -> Config:
    """An Alembic Config built in code: no alembic.ini is needed at run time."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(files("corpus.store") / "migrations"))
    if engine is not None:
        cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


def head_revision() -> str:
    """The head of the migration scripts, as Alembic finds it (see also `SCHEMA_HEAD`)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def stored_revision(engine: Engine) -> str | None:
    """The revision in `alembic_version` read with one plain query, or None when there is no
    single stored revision (a new database, or anything unusual: then Alembic decides)."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    except DBAPIError:
        return None  # no table yet; Alembic's own reading below says what is there
    return rows[0][0] if len(rows) == 1 else None


def ensure_schema(engine: Engine) -> MigrationReport:
    """Bring the database to the newest schema; back up first when an existing one is upgraded.

    Raises TooNewDatabase when the database was written by a newer Closeread.
    """
    if stored_revision(engine) == SCHEMA_HEAD:  # the usual start: nothing to do, no Alembic
        return MigrationReport(before=SCHEMA_HEAD, after=SCHEMA_HEAD, backup=None)
    from alembic import command
    from alembic.script import ScriptDirectory
    from sqlalchemy import inspect

    cfg = alembic_config(engine)
    script = ScriptDirectory.from_config(cfg)
    head = script.get_current_head()
    assert head is not None
    before = current_revision(engine)
    if before is not None:
        try:
            known = script.get_revision(before)
        except Exception:  # noqa: BLE001 - alembic raises several kinds for an unknown id
            known = None
        if known is None:
            raise TooNewDatabase(
                f"This database was written by a newer version of Closeread (schema {before}); "
                f"this version knows schema {head}. Update Closeread, or open another database "
                "with --db."
            )
    elif inspect(engine).get_table_names():
        tables = set(inspect(engine).get_table_names())
        if "article" in tables:
            raise TooNewDatabase(
                "This database has Closeread tables but no schema version; it cannot be upgraded "
                "safely. Open another database with --db."
            )
    backup = None
    if before is not None and before != head:
        db_file = sqlite_path(engine.url.render_as_string(hide_password=False))
        if db_file is not None and db_file.exists():
            backup = make_backup(db_file, reason=f"before-{head}").path
    if before != head:
        with engine.begin() as connection:
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, "head")
    return MigrationReport(before=before, after=head, backup=backup)
