"""Full-text search over article titles and bodies and annotation quotes and notes.

SQLite: the FTS5 index kept by triggers (migration 0003) finds and ranks the hits (bm25, the
title weighted over the text); the snippets are then cut in Python for the returned hits only —
FTS5's snippet() would be computed for every matching row before the sort, which made a query
matching most of a 10,000-article corpus take 60 ms instead of about 12.
Other back ends: a plain case-insensitive match, with the same snippets.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

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
        ranked = session.execute(
            text(
                "SELECT kind, ref_id, article_id FROM search_index WHERE search_index MATCH :q "
                "ORDER BY bm25(search_index, 0, 0, 0, 4.0, 1.0) LIMIT :limit"
            ),
            {"q": _fts_query(query), "limit": limit},
        ).all()
        return _with_snippets(session, ranked, _words(query))
    return _search_plain(session, query, limit)


def _words(query: str) -> list[str]:
    return re.findall(r"\w+", query, flags=re.UNICODE)


def _with_snippets(session: Session, ranked: Sequence[Any], words: list[str]) -> list[SearchHit]:
    """Hits in rank order, each with a snippet of its own text (two queries for all of them)."""
    from sqlalchemy import select

    from corpus.models import Annotation, Article

    article_ids = {a for _k, _r, a in ranked}
    titles: dict[str, str] = {}
    bodies: dict[str, str] = {}
    wanted_bodies = {r for k, r, _a in ranked if k == "article"}
    for a_id, title, body in session.execute(
        select(Article.id, Article.title, Article.body).where(Article.id.in_(article_ids))
    ):
        titles[a_id] = title
        if a_id in wanted_bodies:
            bodies[a_id] = body
    notes: dict[str, str] = {}
    wanted_notes = [r for k, r, _a in ranked if k == "annotation"]
    if wanted_notes:
        for ann_id, note, claim, exact in session.execute(
            select(Annotation.id, Annotation.note, Annotation.claim_reviewed, Annotation.exact).where(
                Annotation.id.in_(wanted_notes)
            )
        ):
            notes[ann_id] = _best_text((f"{note} {claim or ''}".strip(), exact), words)
    hits = []
    for kind, ref_id, article_id in ranked:
        content = bodies.get(ref_id, "") if kind == "article" else notes.get(ref_id, "")
        if kind == "article":
            content = _best_text((content, titles.get(article_id, "")), words)
        hits.append(SearchHit(kind, ref_id, article_id, titles.get(article_id, ""), _snippet(content, words)))
    return hits


def _best_text(candidates: tuple[str, ...], words: list[str]) -> str:
    """The first text that contains one of the words (the match may be in the title or quote only)."""
    for text in candidates:
        if text and any(_word_pattern(w, last=False).search(text) for w in words):
            return text
    return candidates[0]


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


def _word_pattern(word: str, *, last: bool) -> re.Pattern[str]:
    # Whole words, as the index matches them; the last word of a query also as a prefix.
    tail = r"\w*" if last else r"\b"
    return re.compile(r"\b" + re.escape(word) + tail, re.IGNORECASE)


def _snippet(content: str, words: list[str], width: int = 90) -> str:
    """About `width` characters of `content` around the first match, on word boundaries, with
    every matched word between MARK_START and MARK_END."""
    patterns = [_word_pattern(w, last=i == len(words) - 1) for i, w in enumerate(words)]
    first = min((m.start() for p in patterns if (m := p.search(content))), default=0)
    start = max(0, first - width // 3)
    if start:
        space = content.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(content), start + width)
    if end < len(content):
        space = content.rfind(" ", start, end)
        end = space if space > first else end
    piece = content[start:end]
    marked = re.sub(
        "|".join(f"(?:{p.pattern})" for p in patterns),
        lambda m: f"{MARK_START}{m.group(0)}{MARK_END}",
        piece,
        flags=re.IGNORECASE,
    )
    return ("…" if start else "") + marked + ("…" if end < len(content) else "")
