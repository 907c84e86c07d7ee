"""Full-text search: the FTS5 index follows every write, and hits carry a marked snippet."""

from __future__ import annotations

from corpus.editing import replace_body
from corpus.search import MARK_END, MARK_START, search


def test_aurus_finds_the_first_article_with_a_snippet(store) -> None:  # type: ignore[no-untyped-def]
    with store.sessions() as s:
        hits = search(s, "Aurus")
    assert hits
    article_hits = [h for h in hits if h.kind == "article"]
    assert article_hits[0].article_id == "russia-nk-ink-deal"
    assert f"{MARK_START}Aurus{MARK_END}" in article_hits[0].snippet


def test_notes_are_searched_and_prefixes_match(store) -> None:  # type: ignore[no-untyped-def]
    with store.sessions() as s:
        hits = search(s, "Security Coun")
    assert any(h.kind == "annotation" for h in hits)
    with store.sessions() as s:
        assert search(s, "  ") == [] and search(s, '"*') == []


def test_the_index_follows_edits(store) -> None:  # type: ignore[no-untyped-def]
    with store.sessions.begin() as s:
        from corpus.articles import get_article

        body = get_article(s, "nk-releases-deal-details").body
        replace_body(s, article_id="nk-releases-deal-details", new_body=body + "\n\nA zeppelin appeared.")
    with store.sessions() as s:
        assert [h.article_id for h in search(s, "zeppelin")] == ["nk-releases-deal-details"]
