"""Full-text search over article titles and bodies and annotation quotes and notes.

SQLite: the FTS5 index kept by triggers (migration 0003), ranked by bm25, with a highlighted
snippet. Other back ends: a plain case-insensitive match, with a snippet cut around the hit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where they query: the hit record and markers stay light to import
    from sqlalchemy.orm import Session

# Snippet markers: private-use characters the desktop turns into emphasis (never HTML in data).
MARK_START = "\ue000"
MARK_END = "\ue001"


@dataclass(frozen=True, slots=True)
class SearchHit:
    kind: str  # "article" | "annotation"
    ref_id: str  # article id or annotation id
    article_id: str
    article_title: str
    snippet: str  # plain text with MARK_START / MARK_END around the matched words


def _fts_query(query: str) -> str:
    words = re.findall(r"\w+", query, flags=re.UNICODE)
    # Every word must match; the last may be a prefix (search as you type).
    return " ".join(f'"{w}"' + ("*" if i == len(words) - 1 else "") for i, w in enumerate(words))


def search(session: Session, query: str, *, limit: int = 50) -> list[SearchHit]:
    """Articles and annotations matching every word of `query`, best first."""
    from sqlalchemy import text

    if not re.search(r"\w", query):
        return []
    if session.get_bind().dialect.name == "sqlite":
        rows = session.execute(
            text(
                "SELECT s.kind, s.ref_id, s.article_id, a.title, "
                "snippet(search_index, 4, :start, :end, '…', 12) "
                "FROM search_index s JOIN article a ON a.id = s.article_id "
                "WHERE search_index MATCH :q ORDER BY bm25(search_index, 0, 0, 0, 4.0, 1.0) LIMIT :limit"
            ),
            {"q": _fts_query(query), "start": MARK_START, "end": MARK_END, "limit": limit},
        )
        return [SearchHit(kind=k, ref_id=r, article_id=a, article_title=t, snippet=s) for k, r, a, t, s in rows]
    return _search_plain(session, query, limit)


def _search_plain(session: Session, query: str, limit: int) -> list[SearchHit]:
    from sqlalchemy import or_, select

    from corpus.models import Annotation, Article

    words = re.findall(r"\w+", query)
    hits: list[SearchHit] = []
    art_cond = [or_(Article.title.ilike(f"%{w}%"), Article.body.ilike(f"%{w}%")) for w in words]
    for a_id, title, body in session.execute(select(Article.id, Article.title, Article.body).where(*art_cond).limit(limit)):
        hits.append(SearchHit("article", a_id, a_id, title, _snippet(title + " " + body, words)))
    ann_cond = [or_(Annotation.exact.ilike(f"%{w}%"), Annotation.note.ilike(f"%{w}%")) for w in words]
    stmt = select(Annotation.id, Annotation.article_id, Article.title, Annotation.note).join(Article).where(*ann_cond).limit(limit)
    for ann_id, a_id, title, note in session.execute(stmt):
        hits.append(SearchHit("annotation", ann_id, a_id, title, _snippet(note, words)))
    return hits[:limit]


def _snippet(content: str, words: list[str], width: int = 80) -> str:
    lower = content.lower()
    pos = min((lower.find(w.lower()) for w in words if w.lower() in lower), default=0)
    start = max(0, pos - width // 2)
    piece = content[start : start + width]
    for w in words:
        piece = re.sub(f"({re.escape(w)})", f"{MARK_START}\\1{MARK_END}", piece, flags=re.IGNORECASE)
    return ("…" if start else "") + piece + ("…" if start + width < len(content) else "")
