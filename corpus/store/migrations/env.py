"""Alembic environment. Runs inside the app (the connection is shared through
`config.attributes["connection"]`) or from the developer's command line.

The one sanctioned corpus → quizzes import (DESIGN.md): autogenerate needs the full metadata, so
this tool script imports the quiz models too. tests/test_layering.py exempts this file.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool

import corpus.models  # noqa: F401  (registers the corpus tables)
from corpus.store.base import Base

try:  # the quiz tables live in the same history
    import quizzes.models  # noqa: F401
except ModuleNotFoundError:  # pragma: no cover - only before the quiz models exist
    pass

config = context.config
target_metadata = Base.metadata


def include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    """The FTS5 index (migration 0003) and its shadow tables are not ORM tables; leave them be."""
    return not (type_ == "table" and name and name.startswith("search_index"))


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    connectable = engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with connectable.connect() as conn:
        _run(conn)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
