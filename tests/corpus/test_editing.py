"""Editing an article's body re-anchors in the same transaction; import of an edited file too."""

from __future__ import annotations

from pathlib import Path

from corpus.articles import get_article, load_articles, load_sources
from corpus.corpusfiles import write_corpus
from corpus.editing import preview_body_change, reattach, replace_body
from corpus.importing import import_paths

ARTICLE = "russia-nk-ink-deal"


def test_replacing_a_body_reports_and_stores_every_outcome(store) -> None:  # type: ignore[no-untyped-def]
    with store.sessions() as s:
        before = get_article(s, ARTICLE)
    body = before.body
    aurus = next(a for a in before.annotations if "Aurus" in a.quote.exact)
    # Insert a paragraph at the top and delete the paragraph about the car.
    car_para = next(p for p in body.split("\n\n") if "Aurus" in p)
    new_body = "Editor's note: this article was corrected.\n\n" + body.replace(car_para + "\n\n", "")
    with store.sessions() as s:
        preview = preview_body_change(s, article_id=ARTICLE, new_body=new_body)
    with store.sessions.begin() as s:
        outcomes = replace_body(s, article_id=ARTICLE, new_body=new_body)
    assert [o.status for o in outcomes] == [o.status for o in preview]
    by_id = {o.annotation_id: o for o in outcomes}
    assert by_id[aurus.id].status == "orphaned"
    with store.sessions() as s:
        after = get_article(s, ARTICLE)
    shift = len("Editor's note: this article was corrected.\n\n")
    for ann in after.annotations:
        if ann.anchor_state == "orphaned":
            assert ann.id == aurus.id or by_id[ann.id].status == "orphaned"
            assert ann.note and ann.quote.exact  # kept for the teacher
        else:
            assert after.body[ann.position.start : ann.position.end] == ann.quote.exact
            old = next(a for a in before.annotations if a.id == ann.id)
            if old.position.start < body.index(car_para):
                assert ann.position.start == old.position.start + shift
    # The teacher re-attaches the orphan to new text.
    start = after.body.index("Orthodox church")
    with store.sessions.begin() as s:
        reattach(s, annotation_id=aurus.id, start=start, end=start + len("Orthodox church"))
    with store.sessions() as s:
        fixed = next(a for a in get_article(s, ARTICLE).annotations if a.id == aurus.id)
    assert fixed.anchor_state == "anchored" and fixed.quote.exact == "Orthodox church"


def test_importing_an_edited_file_reanchors_instead_of_failing(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with store.sessions() as s:
        articles = load_articles(s, [ARTICLE])
        sources = load_sources(s)
    write_corpus(tmp_path, articles, sources)
    path = tmp_path / f"{ARTICLE}.yaml"
    text = path.read_text(encoding="utf-8")
    # Fix a typo inside a quoted phrase in the body only ("reevaluation" → "re-evaluation").
    assert text.count("reevaluation") >= 2
    body_start = text.index("body: ")
    body_end = text.index("\nannotations:")
    path.write_text(text[:body_start] + text[body_start:body_end].replace("reevaluation", "re-evaluation") + text[body_end:], encoding="utf-8")
    with store.sessions.begin() as s:
        result = import_paths(s, [tmp_path])
    assert result.reanchored, "the quote with the typo must be re-anchored"
    assert all(o.status in {"moved", "orphaned"} for o in result.reanchored)
    assert any(o.status == "moved" for o in result.reanchored)
    with store.sessions() as s:
        after = get_article(s, ARTICLE)
    moved = [a for a in after.annotations if a.anchor_state == "moved"]
    assert moved and all("re-evaluation" in a.quote.exact for a in moved)
