"""The YAML corpus format: precise problems, all-or-nothing import, idempotence, round trip."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from corpus.articles import load_articles, load_sources
from corpus.corpusfiles import read_corpus, write_corpus
from corpus.errors import CorpusError
from corpus.importing import import_paths
from corpus.library import library_folder
from desktop.cli import main

SOURCES = """\
sources:
  - id: good-source
    title: A report
    publisher: An outlet
    published: 2024-06-20
    url: https://example.org/report
    kind: news
"""

ARTICLE = """\
id: tiny
title: A tiny article
outlet: example.org
url: https://example.org/tiny
body: |-
  The treaty was signed on 19 June. Kim said the deal was \u201cdefensive\u201d.

  Officials said the deal was signed. Officials said it again.
annotations:
  - id: tiny-date
    quote: signed on 19 June
    category: claim
    verdict: accurate
    claim_reviewed: The treaty was signed on 19 June 2024.
    note: Right date.
    citations:
      - source: good-source
        relation: supports
        locator: first paragraph
  - id: tiny-quote
    quote: 'the deal was "defensive"'
    category: loaded-language
    note: Straight quotes in the file match the curly quotes in the body.
  - id: tiny-said
    quote: Officials said
    occurrence: 2
    category: attribution
    note: Who are the officials?
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_corpus_reads_with_selectors(tmp_path: Path) -> None:
    write(tmp_path, "sources.yaml", SOURCES)
    write(tmp_path, "tiny.yaml", ARTICLE)
    parsed = read_corpus([tmp_path])
    assert parsed.problems == []
    (article,) = parsed.articles
    by_id = {a.id: a for a in article.annotations}
    quote = by_id["tiny-quote"]
    assert article.body[quote.position.start : quote.position.end] == "the deal was \u201cdefensive\u201d"
    assert quote.quote.exact == "the deal was \u201cdefensive\u201d"
    said = by_id["tiny-said"]
    assert said.position.start == article.body.rindex("Officials said")
    assert said.quote.prefix.endswith("was signed. ")


def test_three_mistakes_give_three_located_messages_and_exit_1_with_the_store_unchanged(tmp_path: Path, db_path: Path) -> None:
    folder = tmp_path / "bad"
    write(folder, "sources.yaml", SOURCES)
    bad = ARTICLE.replace("verdict: accurate", "verdict: acurate").replace(
        "quote: signed on 19 June", "quote: signed on 20 June"
    ).replace("source: good-source", "source: no-such-source")
    path = write(folder, "tiny.yaml", bad)
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    parsed = read_corpus([folder])
    assert len(parsed.problems) == 3, parsed.problems
    lines = bad.splitlines()
    expected = {
        f"{path}:{lines.index('    verdict: acurate') + 1}:14": "unknown verdict 'acurate'",
        f"{path}:{lines.index('  - id: tiny-date') + 2}:12": "quote not found",
        f"{path}:{lines.index('      - source: no-such-source') + 1}:17": "unknown source 'no-such-source'",
    }
    for where, words in expected.items():
        assert any(p.startswith(where + ": ") and words in p for p in parsed.problems), (where, parsed.problems)

    code = main(["--db", str(db_path), "import", str(folder)])
    assert code == 1
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (("title: A tiny article\n", ""), "missing field 'title'"),
        (("outlet: example.org", "outlet: example.org\ncolour: red"), "unknown field 'colour'"),
        (("category: attribution", "category: gossip"), "unknown category 'gossip'"),
        (("quote: Officials said\n    occurrence: 2\n", "quote: Officials said\n"), "occurs 2 times"),
        (("url: https://example.org/tiny", "url: example dot org"), "malformed url"),
        (("outlet: example.org", "outlet: example.org\npublished: 2024-13-45"), "bad date"),
        (("title: A tiny article", "title: [1, 2]"), "wrong type for 'title'"),
    ],
)
def test_each_kind_of_mistake_is_reported(tmp_path: Path, change: tuple[str, str], words: str) -> None:
    write(tmp_path, "sources.yaml", SOURCES)
    text = ARTICLE.replace(*change)
    assert text != ARTICLE
    write(tmp_path, "tiny.yaml", text)
    parsed = read_corpus([tmp_path])
    assert any(words in p for p in parsed.problems), parsed.problems
    assert all(p.startswith(str(tmp_path / "tiny.yaml") + ":") for p in parsed.problems)


def test_duplicate_ids_are_reported(tmp_path: Path) -> None:
    write(tmp_path, "sources.yaml", SOURCES + SOURCES.split("sources:\n", 1)[1])
    write(tmp_path, "tiny.yaml", ARTICLE)
    write(tmp_path, "tiny2.yaml", ARTICLE.replace("id: tiny\n", "id: tiny-two\n"))
    parsed = read_corpus([tmp_path])
    text = "\n".join(parsed.problems)
    assert "duplicate source id 'good-source'" in text
    assert "duplicate annotation id 'tiny-date'" in text


def test_unreadable_files_are_reported_not_raised(tmp_path: Path) -> None:
    write(tmp_path, "empty.yaml", "")
    (tmp_path / "latin1.yaml").write_bytes("title: caf\xe9\n".encode("latin-1"))
    write(tmp_path, "broken.yaml", "id: [unclosed\n")
    write(tmp_path, "deep.yaml", "a: " + "[" * 200 + "]" * 200 + "\n")
    parsed = read_corpus([tmp_path])
    text = "\n".join(parsed.problems)
    assert "empty.yaml:1:1: the file is empty" in text
    assert "latin1.yaml:1:11: not UTF-8" in text
    assert "broken.yaml:2:1: not valid YAML" in text
    assert "deep.yaml" in text


def test_reimport_changes_nothing_and_removed_annotations_are_removed(tmp_path: Path, store) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, "sources.yaml", SOURCES)
    path = write(tmp_path, "tiny.yaml", ARTICLE)
    with store.sessions.begin() as s:
        first = import_paths(s, [tmp_path]).report
    assert first.articles_added == ["tiny"] and first.annotations_added == 3
    with store.sessions.begin() as s:
        again = import_paths(s, [tmp_path]).report
    assert not again.changed, again.summary()
    trimmed = ARTICLE.split("  - id: tiny-said")[0]
    path.write_text(trimmed, encoding="utf-8")
    with store.sessions.begin() as s:
        third = import_paths(s, [tmp_path]).report
    assert third.annotations_removed == 1
    with store.sessions() as s:
        (article,) = load_articles(s, ["tiny"])
    assert {a.id for a in article.annotations} == {"tiny-date", "tiny-quote"}


def test_failed_import_writes_nothing(tmp_path: Path, store) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, "sources.yaml", SOURCES)
    write(tmp_path, "tiny.yaml", ARTICLE)
    write(tmp_path, "other.yaml", ARTICLE.replace("id: tiny\n", "id: other\n").replace("id: tiny-", "id: other-").replace("category: claim", "category: nope"))
    with pytest.raises(CorpusError), store.sessions.begin() as s:
        import_paths(s, [tmp_path])
    with store.sessions() as s:
        assert load_articles(s, ["tiny"]) == []


def test_shipped_library_round_trips(tmp_path: Path, store) -> None:  # type: ignore[no-untyped-def]
    with store.sessions() as s:
        articles = load_articles(s)
        sources = load_sources(s)
    out = tmp_path / "export"
    write_corpus(out, articles, sources)
    with store.sessions.begin() as s:
        result = import_paths(s, [out])
    assert not result.report.changed, result.report.summary()
    with store.sessions() as s:
        assert load_articles(s) == articles
        assert load_sources(s) == sources
    out2 = tmp_path / "export2"
    write_corpus(out2, articles, sources)
    for f in out.iterdir():
        assert (out2 / f.name).read_text(encoding="utf-8") == f.read_text(encoding="utf-8")


def test_shipped_library_has_no_problems() -> None:
    parsed = read_corpus([str(library_folder())])
    assert parsed.problems == []
    assert len(parsed.articles) == 2
