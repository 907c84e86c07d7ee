"""Where Closeread keeps its data (platformdirs), and how --db / CLOSEREAD_DB override it."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "Closeread"
ENV_DB = "CLOSEREAD_DB"


def data_dir() -> Path:
    """The user data folder (e.g. ~/.local/share/Closeread on Linux)."""
    return user_data_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    return data_dir() / "closeread.sqlite"


def resolve_db(option: str | None) -> str:
    """The database to open: --db, else $CLOSEREAD_DB, else the file in the user data dir."""
    if option:
        return option
    env = os.environ.get(ENV_DB)
    if env:
        return env
    return str(default_db_path())
