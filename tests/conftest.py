"""Suite-wide set-up: Qt runs offscreen, no test touches the real user data dir, and a migrated
template database (with the shipped library) is built once and copied per test."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_ACCESSIBILITY", "0")

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "tests" / "fixtures" / "seeds"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("CLOSEREAD_DB", raising=False)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated store holding the shipped library, built once per test session."""
    from desktop.session import open_store

    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    store = open_store(str(path))
    store.close()
    # Fold the WAL into the main file so a plain copy is complete.
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return path


@pytest.fixture
def db_path(template_db: Path, tmp_path: Path) -> Path:
    """A fresh copy of the template store for one test."""
    target = tmp_path / "store.sqlite"
    shutil.copy(template_db, target)
    return target


# When set (by .ci/run), the store, corpus and quiz tests run once more against PostgreSQL:
# a SQLAlchemy URL to a server's maintenance database, e.g.
# postgresql+psycopg://closeread@127.0.0.1:54329/postgres
PG_URL = os.environ.get("CLOSEREAD_TEST_PG")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """In the PostgreSQL pass keep only the tests that run on the `store` (or `store_url`) fixture."""
    if not PG_URL:
        return
    keep, drop = [], []
    for item in items:
        names = getattr(item, "fixturenames", ())
        (keep if {"store", "store_url", "empty_url"} & set(names) else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def _pg_admin():  # type: ignore[no-untyped-def]
    from sqlalchemy import create_engine

    return create_engine(PG_URL, isolation_level="AUTOCOMMIT")


def _pg_url(database: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(PG_URL).set(database=database).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    """A migrated PostgreSQL database holding the shipped library, used as a template."""
    from sqlalchemy import text

    from desktop.session import open_store

    name = f"closeread_template_{os.getpid()}"
    admin = _pg_admin()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    open_store(_pg_url(name)).close()
    yield name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh store with the shipped library: a SQLite file, or a PostgreSQL database in the
    PostgreSQL pass. Tests that need a file use `db_path` instead."""
    if not PG_URL:
        template = request.getfixturevalue("template_db")
        target = tmp_path / "store.sqlite"
        shutil.copy(template, target)
        yield str(target)
        return
    import uuid

    from sqlalchemy import text

    template = request.getfixturevalue("pg_template")
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = _pg_admin()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    yield _pg_url(name)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def empty_url(tmp_path: Path) -> Iterator[str]:
    """An empty database (no tables): a SQLite file path, or a new PostgreSQL database."""
    if not PG_URL:
        yield str(tmp_path / "empty.sqlite")
        return
    import uuid

    from sqlalchemy import text

    name = f"e_{uuid.uuid4().hex[:12]}"
    admin = _pg_admin()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield _pg_url(name)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def store(store_url: str) -> Iterator[object]:
    from corpus.store import Store

    s = Store.open(store_url)
    yield s
    s.close()


def seed_text(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")
