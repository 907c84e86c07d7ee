"""Errors the core raises with a message meant for a person (the CLI and the app show it as is)."""

from __future__ import annotations


class CloseReadError(Exception):
    """Base of every error whose message is fit to show a user."""


class TooNewDatabase(CloseReadError):
    """The database was written by a newer Closeread."""


class NotFound(CloseReadError):
    """An id that is not in the store."""


class CorpusError(CloseReadError):
    """A corpus file or folder with problems; `problems` lists each as `file:line:column: message`."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


class StoreUnavailable(CloseReadError):
    """The database cannot be opened (damaged, unreachable, not a database)."""
