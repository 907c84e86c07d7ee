"""Migrations: upgrade from empty, models agree with migrations, too-new refused, backups."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from corpus.errors import TooNewDatabase
from corpus.store import Store
from corpus.store.base import Base
from corpus.store.engine import make_engine
from corpus.store.migrate import ensure_schema, head_revision


def test_upgrade_from_empty_creates_every_table(empty_url: str) -> None:
    store = Store.open(empty_url)
    try:
        assert store.migration.before is None
        assert store.migration.after == head_revision()
        tables = set(inspect(store.engine).get_table_names())
        assert {"article", "source", "annotation", "citation", "alembic_version"} <= tables
    finally:
        store.close()


def test_models_agree_with_migrations(empty_url: str) -> None:
    import quizzes.models  # noqa: F401  (the quiz tables share the metadata)

    engine = make_engine(empty_url)
    ensure_schema(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True, "include_object": _not_fts}), Base.metadata)
    engine.dispose()
    assert diff == []


def _not_fts(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    # Same rule as the migrations' env.py: the FTS5 index is not an ORM table.
    return not (type_ == "table" and name and name.startswith("search_index"))


def test_sqlite_is_configured(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.sqlite")
    try:
        with store.engine.connect() as conn:
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() > 0
    finally:
        store.close()


def test_database_newer_than_the_app_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    Store.open(path).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = 'ffff_from_the_future'")
    con.commit()
    con.close()
    with pytest.raises(TooNewDatabase, match="newer version of Closeread"):
        Store.open(path)


def test_reopening_an_up_to_date_store_changes_nothing_and_makes_no_backup(tmp_path: Path) -> None:
    path = tmp_path / "same.sqlite"
    Store.open(path).close()
    store = Store.open(path)
    store.close()
    assert not store.migration.upgraded
    assert store.migration.backup is None


def test_upgrading_from_the_first_revision_keeps_data_and_backs_up(empty_url: str) -> None:
    from alembic import command

    from corpus.store.engine import sqlite_path
    from corpus.store.migrate import alembic_config

    path = empty_url
    engine = make_engine(path)
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO article (id, title, language, body, body_hash, revision, created, modified) "
            "VALUES ('kept', 'Kept', 'en', 'Body text.', 'h', 1, '2024-06-20 00:00:00', '2024-06-20 00:00:00')"
        ))
    engine.dispose()
    store = Store.open(path)
    try:
        assert store.migration.before == "0001" and store.migration.upgraded
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT title FROM article WHERE id='kept'")).scalar() == "Kept"
        if sqlite_path(store.engine.url.render_as_string(hide_password=False)) is not None:
            assert store.migration.backup is not None and store.migration.backup.exists()
            backup = sqlite3.connect(store.migration.backup)
            assert backup.execute("SELECT title FROM article").fetchall() == [("Kept",)]
            backup.close()
    finally:
        store.close()


def test_schema_head_constant_is_alembics_head() -> None:
    """Ordinary starts compare the stored revision with `SCHEMA_HEAD` instead of loading Alembic;
    a new migration must move the constant too."""
    from corpus.store import SCHEMA_HEAD

    assert SCHEMA_HEAD == head_revision()


def test_an_ordinary_open_does_not_import_alembic(tmp_path: Path) -> None:
    """At head, opening the store reads `alembic_version` with one plain query (no Alembic)."""
    import subprocess
    import sys

    db = tmp_path / "head.sqlite"
    Store.open(db).close()
    code = (
        "import sys\n"
        "from corpus.store import Store\n"
        f"store = Store.open({str(db)!r})\n"
        "print(store.migration.before, store.migration.upgraded, 'alembic' in sys.modules)\n"
        "store.close()\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    from corpus.store import SCHEMA_HEAD

    assert result.stdout.split() == [SCHEMA_HEAD, "False", "False"]


def test_upgrading_from_0003_gives_existing_questions_their_draw_keys(empty_url: str) -> None:
    from alembic import command

    from corpus.store.migrate import alembic_config
    from quizzes.models import pick_key_for

    engine = make_engine(empty_url)
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0003")
    with engine.begin() as conn:
        for qid in ("q-one", "q-two"):
            conn.execute(text(
                "INSERT INTO question (id, kind, skill, difficulty, status, current_version, origin, times_used, created, modified) "
                "VALUES (:id, 'true-false', 'detail', 1, 'approved', 1, 'authored', 0, '2024-06-20 00:00:00', '2024-06-20 00:00:00')"
            ), {"id": qid})
    engine.dispose()
    store = Store.open(empty_url)
    try:
        with store.engine.connect() as conn:
            keys = dict(conn.execute(text("SELECT id, pick_key FROM question")).tuples().all())
        assert keys == {"q-one": pick_key_for("q-one"), "q-two": pick_key_for("q-two")}
    finally:
        store.close()
