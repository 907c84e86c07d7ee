"""The window's first paint, before the store is open.

Opening the store means importing SQLAlchemy, the models and (for a migration) Alembic: about
half a second that the reader would otherwise spend looking at nothing. So on an ordinary start
the app reads what the window shows first (the mode, the library and the article open when the
window last closed) straight from the SQLite file with the standard library's `sqlite3`,
read-only, in one read transaction, and builds the same `StartView` that the `fetch_start` op
builds through the ORM (both go through `desktop.operations.corpus.start_view`, so the checker,
the badges and student mode's "published only" are the same code). The store then opens on the
worker and the window refreshes from it; with nothing changed in between, that refresh finds
the same view and leaves the widgets alone.

Any doubt means no fast read (`read_start` returns None) and the ordinary path: not a plain
SQLite file, a schema other than `SCHEMA_HEAD` (a migration is due, or the file is newer than
this Closeread), a read error, a value that does not parse. This module never writes.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from corpus.articles import ArticleRow
from corpus.records import (
    AnnotationRecord,
    ArticleRecord,
    CitationRecord,
    CorpusSnapshot,
    SourceRecord,
    TextPosition,
    TextQuote,
)
from corpus.store import SCHEMA_HEAD

if TYPE_CHECKING:
    from corpus.store import Store
    from desktop.operations.corpus import StartView

__all__ = ["PendingStore", "plain_sqlite_file", "read_start"]

MODES = ("student", "teacher")  # as quizzes.settings: anything else reads as student


def plain_sqlite_file(db: str) -> Path | None:
    """The file behind `db` when it is a plain path to an existing, non-empty file (what
    `resolve_db` gives for the usual store), else None: URLs and new stores take the usual path."""
    if "://" in db:
        return None
    path = Path(db).expanduser().resolve()  # as corpus.store.engine.normalise_url
    try:
        return path if path.is_file() and path.stat().st_size > 0 else None
    except OSError:
        return None


def read_start(db_file: Path, *, article_id: str | None) -> StartView | None:
    """What the window shows first, read from `db_file` with sqlite3 (read-only), or None when
    in any doubt (the caller then opens the store and reads through the ORM)."""
    try:
        conn = sqlite3.connect(f"{db_file.as_uri()}?mode=ro", uri=True, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        conn.execute("BEGIN")  # one snapshot for every query below
        versions = conn.execute("SELECT version_num FROM alembic_version").fetchall()
        if versions != [(SCHEMA_HEAD,)]:
            return None  # a migration is due, or a newer Closeread wrote this file
        found = conn.execute("SELECT value FROM setting WHERE key = 'mode'").fetchone()
        mode = found[0] if found is not None and found[0] in MODES else "student"
        rows = _library_rows(conn)
        snapshot = CorpusSnapshot(articles=tuple(_articles(conn)), sources=tuple(_sources(conn)))
    except (sqlite3.Error, ValueError, TypeError):
        return None
    finally:
        conn.close()
    from desktop.operations.corpus import start_view

    return start_view(mode=mode, rows=rows, snapshot=snapshot, article_id=article_id)


# ---------------------------------------------------------------------------- the reads
# Each mirrors a function of corpus.articles (list_articles, load_articles, load_sources): the
# same columns, the same order, the same records. tests/desktop/test_first_paint.py compares them.


def _library_rows(conn: sqlite3.Connection) -> list[ArticleRow]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for article_id, status, state, n in conn.execute(
        "SELECT article_id, status, anchor_state, count(*) FROM annotation "
        "GROUP BY article_id, status, anchor_state"
    ):
        c = counts[article_id]
        c[0] += n
        if status == "draft":
            c[1] += n
        if state == "orphaned":
            c[2] += n
    return [
        ArticleRow(id=i, title=t, outlet=o, published=p, annotations=counts[i][0], drafts=counts[i][1],
                   orphaned=counts[i][2])
        for i, t, o, p in conn.execute("SELECT id, title, outlet, published FROM article ORDER BY title")
    ]


def _iso(value: str | None) -> str | None:
    """A stored timestamp as the ORM path gives it (ISO 8601, to the second)."""
    return datetime.fromisoformat(value).isoformat(timespec="seconds") if value else None


def _articles(conn: sqlite3.Connection) -> list[ArticleRecord]:
    citations: dict[str, list[CitationRecord]] = defaultdict(list)
    for annotation_id, source_id, relation, evidence, locator in conn.execute(
        "SELECT annotation_id, source_id, relation, evidence, locator FROM citation "
        "ORDER BY annotation_id, position"
    ):
        citations[annotation_id].append(
            CitationRecord(source_id=source_id, relation=relation, evidence=evidence, locator=locator))
    annotations: dict[str, list[AnnotationRecord]] = defaultdict(list)
    for (ann_id, article_id, category, exact, prefix, suffix, start, end, note, verdict, claim_reviewed,
         claim_key, status, author, anchor_state, created, modified) in conn.execute(
        'SELECT id, article_id, category, exact, prefix, suffix, start, "end", note, verdict, '
        "claim_reviewed, claim_key, status, author, anchor_state, created, modified FROM annotation "
        'ORDER BY article_id, start, "end", id'
    ):
        annotations[article_id].append(AnnotationRecord(
            id=ann_id, article_id=article_id, category=category, quote=TextQuote(exact, prefix, suffix),
            position=TextPosition(start, end), note=note, verdict=verdict, claim_reviewed=claim_reviewed,
            claim_key=claim_key, status=status, author=author, anchor_state=anchor_state,
            created=_iso(created), modified=_iso(modified), citations=tuple(citations.get(ann_id, ())),
        ))
    return [
        ArticleRecord(
            id=i, title=title, body=body, outlet=outlet, byline=byline, published=published, url=url,
            language=language, revision=revision, annotations=tuple(annotations.get(i, ())),
        )
        for i, title, body, outlet, byline, published, url, language, revision in conn.execute(
            "SELECT id, title, body, outlet, byline, published, url, language, revision FROM article "
            "ORDER BY title"
        )
    ]


def _sources(conn: sqlite3.Connection) -> list[SourceRecord]:
    return [
        SourceRecord(id=i, title=title, publisher=publisher, kind=kind, published=published, author=author,
                     url=url, locator=locator, excerpt=excerpt, notes=notes)
        for i, title, publisher, kind, published, author, url, locator, excerpt, notes in conn.execute(
            "SELECT id, title, publisher, kind, published, author, url, locator, excerpt, notes "
            "FROM source ORDER BY id"
        )
    ]


# ---------------------------------------------------------------------------- the store, later


class PendingStore:
    """Stands in for the `Store` in the ops' context until it is open.

    `open()` opens it once (thread-safe; the composition root calls it as the first task on the
    worker after the first paint). Any other attribute (`sessions`, `engine`, `migration`,
    `url`) is the open store's, opening it first in the calling thread if nobody has yet: ops
    queued behind the opening simply find it open. A failed opening is remembered and raised
    again to every later caller.
    """

    def __init__(self, opener: Callable[[], Store]) -> None:
        self._opener = opener
        self._lock = threading.Lock()
        self._store: Store | None = None
        self._error: BaseException | None = None

    @property
    def is_open(self) -> bool:
        return self._store is not None

    def open(self) -> Store:
        """The open store (opening it now if needed)."""
        with self._lock:
            if self._store is None:
                if self._error is not None:
                    raise self._error
                try:
                    self._store = self._opener()
                except BaseException as exc:
                    self._error = exc
                    raise
            return self._store

    def close(self) -> None:
        """Close the store if it was opened (never opens it just to close it)."""
        with self._lock:
            if self._store is not None:
                self._store.close()

    def __getattr__(self, name: str) -> object:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.open(), name)
