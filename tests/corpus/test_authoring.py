"""Teacher authoring in the core: every write validated like the importer, every write
invertible, and everything a teacher authors round-trips through the YAML export/import."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.articles import get_article, load_articles, load_sources
from corpus.authoring import (
    add_annotation,
    add_article,
    add_source,
    add_sources,
    article_from_text,
    count_orphans,
    delete_annotation,
    delete_source,
    existing_claim_keys,
    get_annotation,
    get_source,
    list_orphans,
    list_sources_with_usage,
    merge_sources,
    new_source_id,
    read_article_file,
    remove_article,
    restore_annotation,
    restore_article,
    restore_source,
    slugify,
    source_problems,
    unmerge_sources,
    update_annotation,
    update_source,
)
from corpus.checking import annotation_status, check_annotation
from corpus.corpusfiles import SLUG, write_corpus
from corpus.editing import reattach, replace_body
from corpus.errors import CloseReadError, CorpusError, NotFound
from corpus.importing import import_paths
from corpus.records import CitationRecord, SourceRecord
from corpus.store import Store

ARTICLE = "russia-nk-ink-deal"
PHRASE = "which was established during the conflict in Ukraine"


def _span(store: Store, phrase: str = PHRASE, article_id: str = ARTICLE) -> tuple[int, int]:
    with store.sessions() as s:
        body = get_article(s, article_id).body
    start = body.index(phrase)
    return start, start + len(phrase)


def _new_source(s, **over):  # type: ignore[no-untyped-def]
    fields = {
        "title": "Russia-North Korea relations since 1948",
        "publisher": "Encyclopaedia Example",
        "kind": "reference",
        "published": "2023-05",
        "url": "https://example.org/rus-nk-relations",
    }
    fields.update(over)
    return add_source(s, **fields)


# ---------------------------------------------------------------------------- annotations


def test_adding_a_claim_with_a_new_source_makes_a_source_checked_annotation(store) -> None:  # type: ignore[no-untyped-def]
    start, end = _span(store)
    with store.sessions.begin() as s:
        source = _new_source(s)
        ann = add_annotation(
            s, article_id=ARTICLE, start=start, end=end, category="claim",
            note="The ties go back to **1948**.", verdict="inaccurate",
            claim_reviewed="The relationship was established during the war in Ukraine.",
            claim_key="relationship-origin", status="published", author="Ms Example",
            citations=[CitationRecord(source.id, "refutes", evidence=" relations since 1948 ", locator="")],
        )
    assert ann.quote.exact == PHRASE
    assert ann.position.start == start and ann.position.end == end
    assert len(ann.quote.prefix) == 32 and len(ann.quote.suffix) == 32
    assert ann.id.startswith("russia-nk-in-claim-") and SLUG.match(ann.id)
    assert ann.citations == (CitationRecord(source.id, "refutes", evidence="relations since 1948", locator=None),)
    assert ann.created and ann.modified
    with store.sessions() as s:
        article = get_article(s, ARTICLE)
        sources = {x.id: x for x in load_sources(s)}
    assert ann in article.annotations
    # Only the warning that a single source backs an "inaccurate" verdict.
    findings = check_annotation(ann, article.body, sources)
    assert [f.code for f in findings] == ["inaccurate-single-source"]


def test_a_checked_claim_with_two_sources_has_the_checked_badge(store) -> None:  # type: ignore[no-untyped-def]
    start, end = _span(store)
    with store.sessions.begin() as s:
        a = _new_source(s)
        b = _new_source(s, title="Soviet Union and North Korea", publisher="Another Reference",
                        url="https://example.com/ussr-dprk")
        ann = add_annotation(
            s, article_id=ARTICLE, start=start, end=end, category="claim", verdict="inaccurate",
            claim_reviewed="The relationship began with the war in Ukraine.",
            citations=[CitationRecord(a.id, "refutes"), CitationRecord(b.id, "refutes")],
        )
        sources = {x.id: x for x in load_sources(s)}
        body = get_article(s, ARTICLE).body
    assert annotation_status(ann, check_annotation(ann, body, sources)) == "checked"


def test_add_annotation_refuses_bad_input_and_writes_nothing(store) -> None:  # type: ignore[no-untyped-def]
    start, end = _span(store)
    with store.sessions.begin() as s:
        before = len(get_article(s, ARTICLE).annotations)
    cases = [
        {"start": start, "end": start, "category": "claim"},  # nothing selected
        {"start": start, "end": end, "category": "gossip"},
        {"start": start, "end": end, "category": "claim", "verdict": "kinda"},
        {"start": start, "end": end, "category": "claim", "status": "hidden"},
        {"start": start, "end": end, "category": "claim", "citations": [CitationRecord("no-such-source", "refutes")]},
        {"start": start, "end": end, "category": "claim", "citations": [CitationRecord("tass-ushakov-2024-06-17", "agrees")]},
        {"start": 0, "end": 10**6, "category": "claim"},
    ]
    for case in cases:
        with pytest.raises(CloseReadError), store.sessions.begin() as s:
            add_annotation(s, article_id=ARTICLE, **case)
    with pytest.raises(NotFound), store.sessions.begin() as s:
        add_annotation(s, article_id="no-such-article", start=0, end=3, category="claim")
    with store.sessions() as s:
        assert len(get_article(s, ARTICLE).annotations) == before


def test_update_then_restore_gives_back_the_exact_record(store) -> None:  # type: ignore[no-untyped-def]
    with store.sessions() as s:
        original = get_article(s, ARTICLE).annotations[0]
    from dataclasses import replace

    with store.sessions.begin() as s:
        edited = update_annotation(
            s, record=replace(original, note="A new note", status="draft", claim_key="new-key", citations=())
        )
    assert edited.note == "A new note" and edited.citations == () and edited.status == "draft"
    assert edited.created == original.created
    with store.sessions.begin() as s:
        restored = restore_annotation(s, record=original)
    assert restored == original


def test_update_cannot_move_an_annotation_to_text_that_is_not_its_quote(store) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    with store.sessions() as s:
        original = get_article(s, ARTICLE).annotations[0]
    moved = replace(original, position=replace(original.position, start=original.position.start + 1))
    with pytest.raises(CloseReadError, match="quote"), store.sessions.begin() as s:
        update_annotation(s, record=moved)
    with pytest.raises(CloseReadError, match="another article"), store.sessions.begin() as s:
        update_annotation(s, record=replace(original, article_id="nk-releases-deal-details"))


def test_delete_returns_a_snapshot_that_restores_id_citations_and_timestamps(store) -> None:  # type: ignore[no-untyped-def]
    with store.sessions() as s:
        cited = next(a for a in get_article(s, ARTICLE).annotations if len(a.citations) >= 2)
    with store.sessions.begin() as s:
        snapshot = delete_annotation(s, annotation_id=cited.id)
    assert snapshot == cited
    with store.sessions() as s:
        assert all(a.id != cited.id for a in get_article(s, ARTICLE).annotations)
        with pytest.raises(NotFound):
            get_annotation(s, cited.id)
    with store.sessions.begin() as s:
        restore_annotation(s, record=snapshot)
    with store.sessions() as s:
        assert get_annotation(s, cited.id) == cited


def test_existing_claim_keys_are_listed_for_suggestions(store) -> None:  # type: ignore[no-untyped-def]
    with store.sessions() as s:
        keys = existing_claim_keys(s)
        expected = sorted({a.claim_key for art in load_articles(s) for a in art.annotations if a.claim_key})
    assert keys == expected and keys


# ---------------------------------------------------------------------------- sources


def test_source_ids_are_readable_slugs_and_unique(store) -> None:  # type: ignore[no-untyped-def]
    assert slugify("Kremlin aide Ushakov — “new” treaty") == "kremlin-aide-ushakov-new-treaty"
    sid = new_source_id(title="Kremlin aide Ushakov on the treaty", publisher="TASS", published="2024-06-17")
    assert sid == "tass-kremlin-aide-ushakov-on-2024-06-17"
    assert new_source_id(title="x", publisher="y", published=None, taken={"y-x"}) == "y-x-2"
    with store.sessions.begin() as s:
        one = _new_source(s)
        two = _new_source(s)
    assert one.id != two.id and two.id == one.id + "-2"


def test_a_source_that_would_not_import_is_refused_with_every_reason(store) -> None:  # type: ignore[no-untyped-def]
    bad = SourceRecord(id="Bad Id", title=" ", publisher="", kind="blog", published="June 2024", url="example.org")
    problems = source_problems(bad)
    assert len(problems) == 6, problems
    with pytest.raises(CloseReadError) as err, store.sessions.begin() as s:
        add_source(s, title="T", publisher="P", kind="news", published="2024-13-40")
    assert "date" in str(err.value) and "url, or a locator" in str(err.value)
    # An undated source with a locator is fine (the checker only warns).
    with store.sessions.begin() as s:
        ok = add_source(s, title="Treaty text", publisher="UN", kind="primary", published="undated", locator="UNTS No. 6045")
    assert ok.url is None and ok.locator == "UNTS No. 6045"


def test_deleting_a_cited_source_is_refused_with_how_many_cite_it(store) -> None:  # type: ignore[no-untyped-def]
    with store.sessions() as s:
        usage = {u.source.id: u for u in list_sources_with_usage(s)}
    cited = next(u for u in usage.values() if u.annotations >= 2)
    with pytest.raises(CloseReadError) as err, store.sessions.begin() as s:
        delete_source(s, source_id=cited.source.id)
    assert f"{cited.annotations} annotations cite it" in str(err.value)
    assert "merge" in str(err.value)
    with store.sessions.begin() as s:
        fresh = _new_source(s)
    with store.sessions.begin() as s:
        snapshot = delete_source(s, source_id=fresh.id)
    assert snapshot == fresh
    with store.sessions.begin() as s:
        assert restore_source(s, record=snapshot) == fresh


def test_update_source_and_restore(store) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    with store.sessions() as s:
        old = get_source(s, "tass-ushakov-2024-06-17")
    with store.sessions.begin() as s:
        new = update_source(s, record=replace(old, title="  A better title  ", notes=""))
    assert new.title == "A better title" and new.notes is None
    with pytest.raises(CloseReadError), store.sessions.begin() as s:
        update_source(s, record=replace(old, url=None, locator=None))
    with store.sessions.begin() as s:
        assert restore_source(s, record=old) == old


def test_merging_duplicates_repoints_citations_and_unmerge_takes_it_back(store) -> None:  # type: ignore[no-untyped-def]
    keep = "tass-ushakov-2024-06-17"
    with store.sessions.begin() as s:
        before = load_articles(s)
        dup = add_source(s, title="Ushakov on the treaty (copy)", publisher="TASS", kind="state-media",
                         published="2024-06-17", url="https://tass.com/politics/1804627")
        target = next(a for a in get_article(s, ARTICLE).annotations if a.citations)
        update_annotation(s, record=_with_citations(target, [CitationRecord(dup.id, "context", locator="para 2")]))
        dup_usage = next(u for u in list_sources_with_usage(s) if u.source.id == dup.id)
    assert dup_usage.citations == 1 and keep in dup_usage.duplicates  # same address (amp or not)
    with store.sessions.begin() as s:
        merge = merge_sources(s, keep=keep, remove=dup.id)
    assert merge.removed == dup and merge.repointed == ((target.id, len(target.citations)),)
    with store.sessions() as s:
        after = get_annotation(s, target.id)
        assert after.citations[-1] == CitationRecord(keep, "context", locator="para 2")
        assert dup.id not in {x.id for x in load_sources(s)}
    with store.sessions.begin() as s:
        unmerge_sources(s, merge=merge)
    with store.sessions() as s:
        assert get_annotation(s, target.id).citations[-1].source_id == dup.id
    with pytest.raises(CloseReadError), store.sessions.begin() as s:
        merge_sources(s, keep=keep, remove=keep)
    assert before  # (unchanged elsewhere)


def _with_citations(record, extra):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    return replace(record, citations=record.citations + tuple(extra))


def test_source_usage_counts_and_completeness(store) -> None:  # type: ignore[no-untyped-def]
    with store.sessions.begin() as s:
        add_source(s, title="No date", publisher="P", kind="news", url="https://example.org/a")
        rows = {u.source.id: u for u in list_sources_with_usage(s)}
        articles = load_articles(s)
    for sid, row in rows.items():
        expected = sum(1 for art in articles for a in art.annotations for c in a.citations if c.source_id == sid)
        assert row.citations == expected
    nodate = next(u for u in rows.values() if u.source.title == "No date")
    assert nodate.completeness == "incomplete" and nodate.citations == 0
    assert any("no publication date" in p for p in nodate.problems)
    assert rows["tass-ushakov-2024-06-17"].completeness == "complete"


def test_add_sources_keeps_proposed_ids_when_free(store) -> None:  # type: ignore[no-untyped-def]
    proposed = SourceRecord(id="tass-ushakov-2024-06-17", title="T", publisher="P", kind="news", url="https://example.org/x")
    fresh = SourceRecord(id="my-new-source", title="T2", publisher="P", kind="news", url="https://example.org/y")
    with store.sessions.begin() as s:
        out = add_sources(s, [proposed, fresh])
    assert out["my-new-source"].id == "my-new-source"
    assert out["tass-ushakov-2024-06-17"].id != "tass-ushakov-2024-06-17"


# ---------------------------------------------------------------------------- articles


def test_text_and_markdown_files_give_title_and_verbatim_body(tmp_path: Path) -> None:
    txt = tmp_path / "a.txt"
    txt.write_bytes("\ufeffA headline\r\n\r\nFirst para with <b>tags</b>\u00a0and “quotes”.\r\n\r\nSecond.  \r\n".encode())
    draft = read_article_file(txt)
    assert draft.title == "A headline"
    assert draft.body == "First para with <b>tags</b>\u00a0and “quotes”.\n\nSecond.  "
    md = tmp_path / "b.md"
    md.write_text("<!-- note -->\n# The *real* title #\n\nSome **bold** text.\n\n- a list\n", encoding="utf-8")
    draft = read_article_file(md)
    assert draft.title == "The *real* title"
    assert draft.body == "<!-- note -->\n\nSome **bold** text.\n\n- a list"
    assert article_from_text("\n\n   \n").title == ""
    with pytest.raises(CloseReadError):
        read_article_file(tmp_path / "c.pdf")


def test_add_article_makes_a_unique_slug_and_keeps_html_as_text(store) -> None:  # type: ignore[no-untyped-def]
    with store.sessions.begin() as s:
        one = add_article(s, title="A School Board Votes", body="Line one <script>x</script>\r\n\r\nLine two", outlet="Local Paper", published="2024-06-20", url="https://example.org/vote")
        two = add_article(s, title="A School Board Votes", body="Other text")
    assert one.id == "a-school-board-votes" and two.id == "a-school-board-votes-2"
    assert one.body == "Line one <script>x</script>\n\nLine two"
    assert one.revision == 1 and one.annotations == ()
    for bad in ({"title": "", "body": "x"}, {"title": "T", "body": "  "}, {"title": "T", "body": "x", "published": "20 June"},
                {"title": "T", "body": "x", "url": "not a url"}):
        with pytest.raises(CloseReadError), store.sessions.begin() as s:
            add_article(s, **bad)  # type: ignore[arg-type]
    with pytest.raises(CloseReadError, match="already"), store.sessions.begin() as s:
        add_article(s, title="X", body="y", article_id=ARTICLE)
    with store.sessions.begin() as s:
        snapshot = remove_article(s, article_id=one.id)
    with store.sessions.begin() as s:
        assert restore_article(s, record=snapshot) == snapshot


def test_a_yaml_article_file_comes_with_its_annotations(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "new.yaml"
    path.write_text(
        "id: a-new-one\ntitle: A new one\nbody: |-\n  The deal was signed on 19 June in Pyongyang.\n"
        "annotations:\n  - id: a-new-one-date\n    quote: signed on 19 June\n    category: claim\n"
        "    verdict: accurate\n    claim_reviewed: It was signed on 19 June.\n"
        "    citations:\n      - source: kcna-treaty-text\n        relation: supports\n",
        encoding="utf-8",
    )
    with store.sessions() as s:
        known = [x.id for x in load_sources(s)]
    draft = read_article_file(path, known_sources=known)
    assert draft.article_id == "a-new-one" and len(draft.annotations) == 1
    with pytest.raises(CorpusError):
        read_article_file(path, known_sources=[])
    with store.sessions.begin() as s:
        article = add_article(s, title=draft.title, body=draft.body + " Edited.", article_id=draft.article_id,
                              annotations=draft.annotations)
    assert article.annotations[0].quote.exact == "signed on 19 June"
    assert article.annotations[0].anchor_state == "anchored"


def test_orphans_are_listed_and_counted(store) -> None:  # type: ignore[no-untyped-def]
    with store.sessions() as s:
        before = get_article(s, ARTICLE)
        assert count_orphans(s) == 0
    car = next(p for p in before.body.split("\n\n") if "Aurus" in p)
    with store.sessions.begin() as s:
        outcomes = replace_body(s, article_id=ARTICLE, new_body=before.body.replace(car + "\n\n", ""))
    gone = {o.annotation_id for o in outcomes if o.status == "orphaned"}
    with store.sessions() as s:
        items = list_orphans(s)
        assert count_orphans(s) == len(gone) > 0
    assert {i.annotation.id for i in items} == gone
    assert all(i.article_title == before.title for i in items)
    # Undo of the body edit puts back the body and every selector exactly.
    with store.sessions.begin() as s:
        restored = restore_article(s, record=before)
    assert restored.body == before.body
    assert [(a.id, a.quote, a.position, a.anchor_state) for a in restored.annotations] == [
        (a.id, a.quote, a.position, a.anchor_state) for a in before.annotations
    ]


# ---------------------------------------------------------------------------- round trip


def test_teacher_authored_content_round_trips_through_yaml(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """New article (HTML and CRLF in it), new sources (one undated, offline), annotations of
    several kinds incl. drafts and markdown notes, an edit that orphans one and moves others,
    a merge: export → import into an empty store gives the same records; re-import changes nothing."""
    with store.sessions.begin() as s:
        article = add_article(
            s, title="Board adopts “media literacy” plan", outlet="The Local", published="2024-09",
            url="https://example.org/plan", byline="A. Reporter",
            body="The board voted 5–2 on Monday.\r\n\r\nCritics called it <i>“indoctrination”</i>.\r\n\r\n"
                 "The plan costs $40,000, officials said.",
        )
        undated = add_source(s, title="Board minutes", publisher="School Board", kind="primary",
                             published="undated", locator="Minutes book, p. 12",
                             excerpt="Motion carried 5–2.", notes="Paper copy at the office.")
        dup = add_source(s, title="Board vote report", publisher="The Local", kind="news",
                         published="2024-09-02", url="https://example.org/vote-report", author="B. Writer")
        body = article.body
        vote = body.index("voted 5–2")
        add_annotation(
            s, article_id=article.id, start=vote, end=vote + len("voted 5–2"), category="claim",
            verdict="accurate", claim_reviewed="The board voted 5–2.", claim_key="board-vote",
            status="published", author="Teacher", note="Matches the **minutes**.\n\n- item one\n- item two",
            citations=[CitationRecord(undated.id, "supports", evidence="Motion carried 5-2", locator="p. 12"),
                       CitationRecord(dup.id, "supports")],
        )
        loaded = body.index("indoctrination")
        add_annotation(s, article_id=article.id, start=loaded, end=loaded + len("indoctrination"),
                       category="loaded-language", note="A loaded word.", status="draft")
        cost = body.index("The plan costs")
        doomed = add_annotation(s, article_id=article.id, start=cost, end=cost + len("The plan costs $40,000"),
                                category="question", note="Is that a lot?")
        same = add_source(s, title="Board vote report", publisher="The Local", kind="news",
                          published="2024-09-02", url="https://example.org/vote-report/")
        merge_sources(s, keep=same.id, remove=dup.id)
    with store.sessions.begin() as s:
        replace_body(s, article_id=article.id, new_body="Editor's note added.\n\n" + body.replace(
            "The plan costs $40,000, officials said.", "Officials gave no figure."))
        assert get_annotation(s, doomed.id).anchor_state == "orphaned"
    with store.sessions() as s:
        articles = load_articles(s)
        sources = load_sources(s)
    out = tmp_path / "export"
    write_corpus(out, articles, sources)
    fresh = Store.open(str(tmp_path / "fresh.sqlite"))
    try:
        with fresh.sessions.begin() as s:
            import_paths(s, [out])
        with fresh.sessions() as s:
            assert load_sources(s) == sources
            assert load_articles(s) == articles
        with fresh.sessions.begin() as s:
            again = import_paths(s, [out])
        assert not again.report.changed, again.report.summary()
    finally:
        fresh.close()
    # The orphan can be re-attached afterwards, and that too round-trips.
    with store.sessions.begin() as s:
        new_body = get_article(s, article.id).body
        at = new_body.index("gave no figure")
        reattach(s, annotation_id=doomed.id, start=at, end=at + len("gave no figure"))
        assert count_orphans(s) == 0
