"""Opening the store the way every entry point does: migrate, and on first run import the
shipped library. Shared by the command line and the app."""

from __future__ import annotations

from corpus.importing import import_paths
from corpus.library import library_folder
from corpus.store import Store


def open_store(db: str) -> Store:
    """Open (creating and migrating as needed) the store; a new store gets the shipped library
    and the authored question bank, in one transaction."""
    store = Store.open(db)
    if store.migration.before is None:
        from quizzes.bank import import_bank, shipped_bank_folder

        with store.sessions.begin() as session:
            import_paths(session, [str(library_folder())])
            import_bank(session, [shipped_bank_folder()])
    return store
