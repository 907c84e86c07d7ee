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


class DamagedDatabase(StoreUnavailable):
    """SQLite's quick_check failed at start-up."""

    def __init__(self, db_file: object, problems: list[str], good_backup: object | None):
        self.db_file = db_file
        self.problems = problems
        self.good_backup = good_backup
        advice = (
            f"The newest good backup is {getattr(good_backup, 'path', good_backup)}; "
            "`closeread restore` puts it back (the damaged file is kept aside)."
            if good_backup is not None
            else "No good backup was found next to it."
        )
        super().__init__(f"the database {db_file} is damaged ({problems[0]}). {advice}")
