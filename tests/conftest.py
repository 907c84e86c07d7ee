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


@pytest.fixture
def store(db_path: Path) -> Iterator[object]:
    from corpus.store import Store

    s = Store.open(str(db_path))
    yield s
    s.close()


def seed_text(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")
