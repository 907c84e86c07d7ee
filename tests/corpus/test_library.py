"""The shipped library: bodies verbatim from the seeds, metadata and sources as FACTS.md gives them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from corpus.corpusfiles import read_corpus
from corpus.library import library_folder

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
SHIPPED = {
    "russia-nk-ink-deal": "000_d2d2468930bcbdb6.txt",
    "nk-releases-deal-details": "001_1ab77076623ba9d5.txt",
}


@pytest.fixture(scope="module")
def library():  # type: ignore[no-untyped-def]
    parsed = read_corpus([str(library_folder())])
    assert parsed.problems == []
    return parsed


@pytest.mark.parametrize(("article_id", "seed"), sorted(SHIPPED.items()))
def test_shipped_body_is_the_seed_file_after_its_title_line(library, article_id: str, seed: str) -> None:  # type: ignore[no-untyped-def]
    raw = (SEEDS / seed).read_bytes().decode("utf-8")
    title, rest = raw.split("\n", 1)
    article = next(a for a in library.articles if a.id == article_id)
    assert article.title == title
    # The body is the rest of the file, byte for byte, after the blank line that follows the title.
    assert rest.startswith("\n")
    assert article.body.encode("utf-8") == rest[1:].encode("utf-8")
    assert "\u00a0" in article.body or "\u2019" in article.body  # the verbatim typography survived


def test_counts_and_every_facts_claim_is_annotated(library) -> None:  # type: ignore[no-untyped-def]
    by_id = {a.id: a for a in library.articles}
    a1 = by_id["russia-nk-ink-deal"].annotations
    a2 = by_id["nk-releases-deal-details"].annotations
    assert len(a1) >= 22 and len(a2) >= 18
    ids = {a.id for a in (*a1, *a2)}
    for n in range(1, 17):
        assert f"a1-c{n:02d}" in ids
    for n in range(1, 11):
        assert f"a2-c{n:02d}" in ids
    for ann in (*a1, *a2):
        if ann.category == "claim":
            assert ann.verdict and ann.claim_reviewed and ann.note


def test_claim_keys_link_the_two_articles(library) -> None:  # type: ignore[no-untyped-def]
    keys: dict[str, set[str]] = {}
    for article in library.articles:
        for ann in article.annotations:
            if ann.claim_key:
                keys.setdefault(ann.claim_key, set()).add(article.id)
    shared = [k for k, arts in keys.items() if len(arts) == 2]
    assert len(shared) >= 2


def test_every_source_url_is_one_facts_gives() -> None:
    facts = Path(__file__).resolve().parents[1] / "fixtures" / "FACTS.md"
    text = facts.read_text(encoding="utf-8")
    parsed = read_corpus([str(library_folder())])
    for source in parsed.sources:
        if source.url:
            assert source.url in text, source.id


def test_what_facts_marks_uncertain_stays_unverified(library) -> None:  # type: ignore[no-untyped-def]
    by_id = {a.id: a for article in library.articles for a in article.annotations}
    # Kim's presence at the church, the Telegram "inner circle" claim, the unnamed experts.
    for ann_id in ("a1-c15", "a2-c08", "a2-c05", "a1-c16"):
        assert by_id[ann_id].verdict == "unverified", ann_id
        assert re.search(r"not|no |unknown|cannot|could not", by_id[ann_id].note)
