"""Opening the store the way every entry point does: migrate, and on first run import the
shipped library. Shared by the command line and the app."""

from __future__ import annotations

from corpus.store import Store


def open_store(db: str) -> Store:
    """Open (creating and migrating as needed) the store; a new store gets the shipped library
    and the authored question bank, in one transaction."""
    store = Store.open(db)
    _load_models()
    if store.migration.before is None:
        # Only a new store imports: pydantic and YAML are not loaded on an ordinary start.
        from corpus.importing import import_paths
        from corpus.library import library_folder
        from quizzes.bank import import_bank, shipped_bank_folder

        with store.sessions.begin() as session:
            import_paths(session, [str(library_folder())])
            import_bank(session, [shipped_bank_folder()])
    return store


def _load_models() -> None:
    """Import every ORM model and configure the mappers now, in the thread that opens the store.

    Otherwise the first op on the worker would import them while the GUI thread imports
    something that imports them too, and Python's import locks may then hand one thread a
    half-initialised module (mapper errors such as "name 'Citation' is not defined").
    """
    from sqlalchemy.orm import configure_mappers

    import corpus.models  # noqa: F401
    import quizzes.models
    import quizzes.settings  # noqa: F401  (the start op's first query)

    configure_mappers()
