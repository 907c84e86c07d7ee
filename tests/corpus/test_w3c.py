"""W3C Web Annotation export and import: lossless round trip, shape, validator, third-party input."""

from __future__ import annotations

import importlib.util
import json
import sys
from dataclasses import replace
from importlib.metadata import version
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus.records import (
    AnnotationRecord,
    ArticleRecord,
    CitationRecord,
    SourceRecord,
    TextPosition,
    TextQuote,
)
from corpus.vocabulary import CATEGORIES
from corpus.w3c import (
    ANNO_CONTEXT,
    W3CError,
    from_w3c_collection,
    to_w3c_annotation,
    to_w3c_collection,
    w3c_pages,
)

# ---------------------------------------------------------------------------------------------
# A realistic fixture: the two seed reports (verbatim excerpts: curly quotes, a dash, trailing
# spaces), a no-break space, a teacher's handout with no url and an emoji in its body, sources of
# every shape, drafts, moved and orphaned anchors, citations with and without evidence, and every
# category.
# ---------------------------------------------------------------------------------------------

BODY_1 = (
    "According to North Korean official media, Russia and North Korea have agreed to immediately "
    "provide military support to each other in case of a conflict, as stated in a new agreement "
    "made during a meeting in Pyongyang.\n\n"
    "Russia and North Korea are strengthening their relationship, which was established during "
    "the conflict in Ukraine. Putin paid a state visit to Pyongyang on June 18th and 19th.  \n\n"
    "Kim Jong Un invited Putin to North Korea Following Kim’s visit last September to Russia. \n\n"
    "In response to the conflict in Ukraine, which has resulted in a slew of UN sanctions against "
    "Moscow, Kim referred to Putin as the best ally of Koreans and said that his nation fully "
    "supports and stands in solidarity with the Russian government.\n\n"
    "In response, Putin expressed Moscow’s gratitude to Kim, whose nation has been subject to UN "
    "sanctions since 2006 due to his illicit arms programs."
)
BODY_2 = (
    "( – North Korean state media revealed on June\u00a019 that the deal between the dictatorships "
    "of Russia and North Korea would cover immediate military assistance in times of war.\n\n"
    "Some journalists said that Kim claimed after the meeting that the new partnership with "
    "Russia can be considered a historic alliance between two nations that the West wants to "
    "“oppress.”"
)
BODY_3 = (
    "🇰🇵 + 🇷🇺 = a treaty. Read both reports, then ask: who says “immediately”, and who says "
    "“in times of war”?"
)


def anchor(body: str, quote: str, occurrence: int = 1) -> tuple[TextQuote, TextPosition]:
    """Selectors for the n-th occurrence of quote, as the importer computes them."""
    start = -1
    for _ in range(occurrence):
        start = body.index(quote, start + 1)
    end = start + len(quote)
    return (
        TextQuote(quote, body[max(0, start - 32) : start], body[end : end + 32]),
        TextPosition(start, end),
    )


def annotation(
    article_id: str, body: str, annotation_id: str, quote: str, category: str, **fields: Any
) -> AnnotationRecord:
    text_quote, position = anchor(body, quote, fields.pop("occurrence", 1))
    return AnnotationRecord(
        id=annotation_id,
        article_id=article_id,
        category=category,
        quote=text_quote,
        position=position,
        **fields,
    )


SOURCES = (
    SourceRecord(
        id="kcna-treaty-text",
        title="DPRK-Russia Treaty on Comprehensive Strategic Partnership",
        publisher="KCNA (via KCNA Watch)",
        kind="mirror",
        published="2024-06-20",
        url="https://kcnawatch.org/newstream/1718870859-459880358/"
        "dprk-russia-treaty-on-comprehensive-strategic-partnership",
        excerpt="If one of the parties is put in a state of war by an armed invasion … the other "
        "party shall provide military and other assistance with all means in its possession "
        "without delay",
        notes="KCNA is North Korea’s state agency; this is a mirror of its dispatch.",
    ),
    SourceRecord(
        id="koreaherald-2024-06-20",
        title="N. Korea, Russia agree to offer military assistance ‘without delay’ if either is "
        "attacked: KCNA",
        publisher="Yonhap via The Korea Herald",
        kind="wire",
        published="2024-06-20",
        url="https://m.koreaherald.com/view.php?ud=20240620050298",
    ),
    SourceRecord(
        id="tass-ushakov-2024-06-17",
        title="Ushakov on the documents the new treaty replaces",
        publisher="TASS",
        kind="state-media",
        published="2024-06-17",
        url="https://tass.com/politics/1804627/amp",
    ),
    SourceRecord(
        id="tag24-afp-2024-06-19",
        title="Russia and North Korea sign major new deal as Putin and Kim exchange gushing praise",
        publisher="TAG24 (AFP)",
        kind="news",
        published="2024-06-19",
        author="AFP",
        url="https://www.tag24.com/world/russia/"
        "russia-and-north-korea-sign-major-new-deal-as-putin-and-kim-exchange-gushing-praise-3221890",
        excerpt="The two countries have been allies since North Korea’s founding after World War "
        "II and have drawn even closer since Russia’s 2022 invasion of Ukraine.",
    ),
    SourceRecord(
        id="un-sc-8853",
        title="Security Council condemns nuclear test by DPRK, unanimously adopting resolution "
        "1718 (2006)",
        publisher="United Nations",
        kind="official",
        published="2006-10-14",
        url="https://press.un.org/en/2006/sc8853.doc.htm",
    ),
    SourceRecord(
        id="treaty-1961",
        title="Treaty of Friendship, Co-operation and Mutual Assistance (USSR–DPRK)",
        publisher="United Nations Treaty Series",
        kind="primary",
        published="1961",
        locator="UNTS No. 6045",
    ),
    SourceRecord(
        id="kfausa-signing-report",
        title="KCNA report on the signing ceremony",
        publisher="KFA USA",
        kind="advocacy",
        published="undated",
        url="https://kfausa.org/elementor-22387/",
        notes="A pro-DPRK group; the page itself carries no date.",
    ),
)

A1, A2, A3 = "russia-nk-ink-deal", "nk-releases-details", "handout-two-reports"

ARTICLE_1 = ArticleRecord(
    id=A1,
    title="Russia and North Korea Ink Deal Pledging Military Assistance",
    body=BODY_1,
    outlet="freedomtriumph.com",
    url="https://freedomtriumph.com/russia-and-north-korea-ink-deal-pledging-military-assistance/",
    annotations=(
        annotation(
            A1,
            BODY_1,
            "a1-c01",
            "have agreed to immediately provide military support to each other in case of a "
            "conflict",
            "claim",
            verdict="partly-accurate",
            claim_reviewed="The treaty obliges each side to give immediate military support in "
            "case of a conflict.",
            claim_key="mutual-assistance-trigger",
            note="Article 4 is triggered by an *armed invasion* that puts a party “in a state of "
            "war”, which is narrower than “a conflict”.",
            author="Closeread editors",
            created="2024-06-21T09:00:00Z",
            modified="2024-06-22T10:30:00+09:00",
            citations=(
                CitationRecord(
                    "kcna-treaty-text",
                    "supports",
                    evidence="shall provide military and other assistance with all means in its "
                    "possession without delay",
                    locator="Article 4",
                ),
                CitationRecord("koreaherald-2024-06-20", "supports"),
                CitationRecord("kcna-treaty-text", "refutes", locator="Article 4 (trigger)"),
            ),
        ),
        annotation(
            A1,
            BODY_1,
            "a1-c02",
            "which was established during the conflict in Ukraine",
            "claim",
            verdict="inaccurate",
            claim_reviewed="The Russia–North Korea relationship was established during the war "
            "in Ukraine.",
            claim_key="relationship-origin",
            note="The ties go back to 1948; the war deepened them.",
            created="2024-06-21",
            citations=(
                CitationRecord(
                    "tass-ushakov-2024-06-17", "refutes", locator="Ushakov’s list of treaties"
                ),
                CitationRecord(
                    "tag24-afp-2024-06-19",
                    "refutes",
                    evidence="have been allies since North Korea's founding after World War II",
                ),
                CitationRecord("treaty-1961", "refutes", evidence=""),
            ),
        ),
        annotation(
            A1,
            BODY_1,
            "a1-c03",
            "which has resulted in a slew of UN sanctions against Moscow",
            "claim",
            verdict="unverified",
            claim_reviewed="The war in Ukraine led to UN sanctions on Russia.",
            status="draft",
            anchor_state="moved",
        ),
        annotation(
            A1,
            BODY_1,
            "a1-at01",
            "According to North Korean official media",
            "attribution",
            note="Who is “official media”? KCNA, North Korea’s state agency.",
        ),
        annotation(A1, BODY_1, "a1-l01", "illicit", "loaded-language", note=""),
        annotation(
            A1,
            BODY_1,
            "a1-cx01",
            "subject to UN sanctions since 2006",
            "context",
            note="Resolution 1718 followed the 9 October 2006 nuclear test.",
            citations=(CitationRecord("un-sc-8853", "context", locator="para. 1"),),
        ),
        annotation(
            A1,
            BODY_1,
            "a1-f01",
            "the best ally of Koreans",
            "framing",
            note="Kim said “dearest friend of the Korean people”.",
            citations=(CitationRecord("kfausa-signing-report", "context"),),
            status="draft",
        ),
        annotation(
            A1,
            BODY_1,
            "a1-v01",
            "Pyongyang",
            "vocabulary",
            occurrence=2,
            note="The capital of North Korea.",
        ),
    ),
)
# An orphaned annotation keeps its last selectors, which no longer match the body.
_ORPHAN = AnnotationRecord(
    id="a2-o01",
    article_id=A2,
    category="claim",
    quote=TextQuote("signed a secret annex", "the two leaders ", " on the same day"),
    position=TextPosition(400, 421),
    note="The article no longer says this.",
    verdict="unverified",
    claim_reviewed="The leaders signed a secret annex.",
    anchor_state="orphaned",
    author="Ms Rivera",
    created="2024-06-23T08:00:00.250Z",
    modified="2024-06-24 08:00",
)
ARTICLE_2 = ArticleRecord(
    id=A2,
    title="North Korea Releases Details of Deal With Russia",
    body=BODY_2,
    outlet="watchdogreport.org",
    byline=None,
    published="2024-06-20",
    url="https://watchdogreport.org/north-korea-releases-details-of-deal-with-russia/",
    revision=3,
    annotations=(
        annotation(
            A2,
            BODY_2,
            "a2-c01",
            "would cover immediate military assistance in times of war",
            "claim",
            verdict="accurate",
            claim_reviewed="The treaty provides military assistance without delay in a state "
            "of war.",
            claim_key="mutual-assistance-trigger",
            note="Matches Article 4. 👍",
            citations=(CitationRecord("kcna-treaty-text", "supports", locator="Article 4"),),
        ),
        annotation(A2, BODY_2, "a2-l01", "dictatorships", "loaded-language"),
        annotation(
            A2, BODY_2, "a2-at01", "June\u00a019", "attribution", note="Dated, but by whom?"
        ),
        _ORPHAN,
    ),
)
ARTICLE_3 = ArticleRecord(
    id=A3,
    title="Two reports, one treaty — a handout",
    body=BODY_3,
    language="en-GB",
    annotations=(
        annotation(
            A3,
            BODY_3,
            "a3-q01",
            "who says “immediately”",
            "question",
            note="Compare the two reports. ✍️",
            status="draft",
        ),
    ),
)
ARTICLES = (ARTICLE_1, ARTICLE_2, ARTICLE_3)


def test_fixture_covers_what_the_round_trip_must_carry() -> None:
    annotations = [a for article in ARTICLES for a in article.annotations]
    assert {a.category for a in annotations} == set(CATEGORIES)
    assert {a.status for a in annotations} == {"draft", "published"}
    assert {a.anchor_state for a in annotations} == {"anchored", "moved", "orphaned"}
    citations = [c for a in annotations for c in a.citations]
    assert any(c.evidence for c in citations) and any(c.evidence is None for c in citations)
    assert "\u00a0" in BODY_2 and "“" in BODY_1 + BODY_2 and "🇷🇺" in BODY_3
    for article in ARTICLES:
        for a in article.annotations:
            if a.anchor_state != "orphaned":
                assert article.body[a.position.start : a.position.end] == a.quote.exact


# ---------------------------------------------------------------------------------------------
# Round trip
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("page_size", [100, 3, 1])
def test_round_trip_is_lossless(page_size: int) -> None:
    document = to_w3c_collection(ARTICLES, SOURCES, page_size=page_size)
    articles, sources = from_w3c_collection(document)
    assert (tuple(articles), tuple(sources)) == (ARTICLES, SOURCES)


def test_round_trip_survives_json_text() -> None:
    text = json.dumps(to_w3c_collection(ARTICLES, SOURCES, page_size=4), ensure_ascii=False)
    articles, sources = from_w3c_collection(json.loads(text))
    assert (tuple(articles), tuple(sources)) == (ARTICLES, SOURCES)


def test_empty_corpus_round_trips() -> None:
    document = to_w3c_collection([], [])
    assert document["total"] == 0 and document["first"]["items"] == []
    assert from_w3c_collection(document) == ([], [])


_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(
    note=_text,
    title=_text,
    author=st.none() | _text,
    evidence=st.none() | _text,
    locator=st.none() | _text,
    record_id=st.text(min_size=1, max_size=20).filter(lambda s: "\x00" not in s),
)
def test_round_trip_of_arbitrary_text(
    note: str,
    title: str,
    author: str | None,
    evidence: str | None,
    locator: str | None,
    record_id: str,
) -> None:
    source = replace(SOURCES[0], id=record_id, title=title, url=None, locator=locator or "x")
    first = replace(
        ARTICLE_1.annotations[0],
        id=record_id,
        note=note,
        author=author,
        citations=(CitationRecord(record_id, "supports", evidence=evidence, locator=locator),),
    )
    article = replace(ARTICLE_1, id=record_id, title=title, annotations=(first,))
    article = replace(article, annotations=(replace(first, article_id=record_id),))
    document = json.loads(json.dumps(to_w3c_collection([article], [source])))
    assert from_w3c_collection(document) == ([article], [source])


# ---------------------------------------------------------------------------------------------
# Shape
# ---------------------------------------------------------------------------------------------


def _items(document: dict[str, Any]) -> list[dict[str, Any]]:
    pages = [document["first"], *document.get("closeread:pages", [])]
    return [item for page in pages for item in page["items"]]


def test_collection_shape_and_contexts() -> None:
    document = to_w3c_collection(ARTICLES, SOURCES, page_size=5, collection_id="urn:test:c")
    context = document["@context"]
    assert context[0] == ANNO_CONTEXT == "http://www.w3.org/ns/anno.jsonld"
    assert isinstance(context[1], dict) and context[1]["closeread"].startswith("urn:")
    assert document["type"] == "AnnotationCollection"
    assert document["total"] == sum(len(a.annotations) for a in ARTICLES) == 13
    pages = w3c_pages(document)
    assert [len(p["items"]) for p in pages] == [5, 5, 3]
    assert all(p["@context"] == context and p["type"] == "AnnotationPage" for p in pages)
    assert pages[0]["next"] == pages[1]["id"] and pages[1]["prev"] == pages[0]["id"]
    assert document["last"] == pages[-1]["id"] and "next" not in pages[-1]
    assert [p["startIndex"] for p in pages] == [0, 5, 10]
    assert all(
        p["partOf"] == {"id": "urn:test:c", "label": document["label"], "total": 13} for p in pages
    )
    assert all("@context" not in item for item in _items(document))
    # Every term is either the official context's or a closeread: extension term.
    assert len(document["closeread:articles"]) == 3 and len(document["closeread:sources"]) == 7


def test_claim_annotation_shape() -> None:
    by_id = {s.id: s for s in SOURCES}
    item = to_w3c_annotation(ARTICLE_1.annotations[0], ARTICLE_1, by_id)
    assert item["@context"][0] == ANNO_CONTEXT
    assert item["id"] == "urn:closeread:annotation:a1-c01"
    assert item["type"] == "Annotation" and item["motivation"] == "assessing"
    assert item["creator"] == {"name": "Closeread editors"}
    assert item["created"] == "2024-06-21T09:00:00Z"
    assert item["modified"] == "2024-06-22T01:30:00Z"  # UTC, as W3C requires
    assert item["closeread:modified"] == "2024-06-22T10:30:00+09:00"  # verbatim
    purposes = [body["purpose"] for body in item["body"]]
    assert purposes == [
        "commenting",
        "classifying",
        "assessing",
        "describing",
        "tagging",
        "linking",
        "linking",
        "linking",
    ]
    note, category, verdict, claim, tag, link, plain_link, _ = item["body"]
    assert note["type"] == "TextualBody" and note["format"] == "text/markdown"
    assert note["language"] == "en"
    assert category["value"] == "claim" and verdict["value"] == "partly-accurate"
    assert claim["value"].startswith("The treaty obliges") and tag["value"] == (
        "mutual-assistance-trigger"
    )
    assert link["type"] == "SpecificResource" and link["source"] == SOURCES[0].url
    assert link["closeread:relation"] == "supports" and link["closeread:locator"] == "Article 4"
    assert link["selector"]["type"] == "TextQuoteSelector"
    assert "selector" not in plain_link
    target = item["target"]
    assert target["source"] == ARTICLE_1.url
    quote_selector, position_selector = target["selector"]
    assert quote_selector["type"] == "TextQuoteSelector"
    assert quote_selector["exact"] == ARTICLE_1.annotations[0].quote.exact
    assert len(quote_selector["prefix"]) == 32 and len(quote_selector["suffix"]) == 32
    assert position_selector == {
        "type": "TextPositionSelector",
        "start": ARTICLE_1.annotations[0].position.start,
        "end": ARTICLE_1.annotations[0].position.end,
    }
    assert item["closeread:status"] == "published"


def test_note_annotation_and_urns_when_there_is_no_url() -> None:
    by_id = {s.id: s for s in SOURCES}
    item = to_w3c_annotation(ARTICLE_3.annotations[0], ARTICLE_3, by_id)
    assert item["motivation"] == "commenting"
    assert item["target"]["source"] == "urn:closeread:article:handout-two-reports"
    assert [b["purpose"] for b in item["body"]] == ["commenting", "classifying"]
    assert item["body"][0]["language"] == "en-GB"
    assert item["closeread:status"] == "draft"
    # Offsets are code points: the flag emoji before the quote count two each.
    assert item["target"]["selector"][1]["start"] == BODY_3.index("who says “immediately”")
    cited = to_w3c_annotation(ARTICLE_1.annotations[1], ARTICLE_1, by_id)
    assert cited["body"][-1]["source"] == "urn:closeread:source:treaty-1961"
    assert cited["body"][-1]["selector"] == {"type": "TextQuoteSelector", "exact": ""}


def test_timestamps_that_are_not_xsd_datetime_go_to_the_extension_term() -> None:
    item = to_w3c_annotation(_ORPHAN, ARTICLE_2, {})
    assert item["created"] == "2024-06-23T08:00:00.250Z"
    assert "modified" not in item and item["closeread:modified"] == "2024-06-24 08:00"
    assert item["closeread:anchorState"] == "orphaned"


def test_page_size_must_be_positive() -> None:
    with pytest.raises(ValueError, match="page_size"):
        to_w3c_collection(ARTICLES, SOURCES, page_size=0)


# ---------------------------------------------------------------------------------------------
# The shared W3C validator (wpt assertions)
# ---------------------------------------------------------------------------------------------

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
VALIDATOR = SHARED / "validators" / "w3c-annotation" / "validate.py"


def _load_validator() -> ModuleType:
    if not VALIDATOR.exists():
        pytest.skip(f"the shared W3C validator is not at {VALIDATOR}")
    pytest.importorskip("jsonschema", reason="the validator needs jsonschema 4.18 or later")
    if tuple(int(x) for x in version("jsonschema").split(".")[:2]) < (4, 18):
        pytest.skip("the validator needs jsonschema 4.18 or later")
    spec = importlib.util.spec_from_file_location("w3c_annotation_validate", VALIDATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _must_failures(validator: ModuleType, data: Any) -> list[str]:
    failures = []
    for kind, obj in validator.objects_to_check(data):
        for assertion_type, assertion_file, message in validator.check(obj, kind):
            if assertion_type == "must":
                failures.append(f"{kind} {obj.get('id')}: {assertion_file}: {message}")
    return failures


def test_shared_validator_passes_the_collection_every_page_and_every_annotation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    validator = _load_validator()
    document = to_w3c_collection(ARTICLES, SOURCES, page_size=5)
    by_id = {s.id: s for s in SOURCES}
    standalone = [
        to_w3c_annotation(a, article, by_id) for article in ARTICLES for a in article.annotations
    ]
    files = {"collection.jsonld": document, "annotations.jsonld": standalone}
    files.update({f"page{i}.jsonld": page for i, page in enumerate(w3c_pages(document))})
    for name, data in files.items():
        assert _must_failures(validator, data) == [], name
        path = tmp_path / name
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        assert validator.main([str(path), "--no-warnings"]) == 0, capsys.readouterr().out
    out = capsys.readouterr().out
    assert "5 annotations, 0 failed MUST assertions" in out  # the collection's embedded page
    assert "13 annotations, 0 failed MUST assertions" in out  # the standalone list
    assert "3 annotations, 0 failed MUST assertions" in out  # the last page


def test_shared_validator_catches_a_broken_export() -> None:
    """The validator really looks at our output: a missing target is a MUST failure."""
    validator = _load_validator()
    item = to_w3c_annotation(ARTICLE_1.annotations[0], ARTICLE_1, {})
    del item["target"]
    assert _must_failures(validator, item)


# ---------------------------------------------------------------------------------------------
# Third-party annotations and errors
# ---------------------------------------------------------------------------------------------

BARE_ARTICLE_1 = replace(ARTICLE_1, annotations=())


def _hypothesis_like(**target: Any) -> dict[str, Any]:
    return {
        "@context": ANNO_CONTEXT,
        "id": "https://hypothes.is/a/Xy7_ab12CD",
        "type": "Annotation",
        "created": "2024-07-01T12:00:00.000000+00:00",
        "creator": "acct:teacher@hypothes.is",
        "body": [{"type": "TextualBody", "value": "Which conflict?", "format": "text/markdown"}],
        "target": [{"source": ARTICLE_1.url, **target}],
    }


def test_hypothesis_like_annotation_is_anchored_by_quote_as_a_draft() -> None:
    item = _hypothesis_like(
        selector=[{"type": "TextQuoteSelector", "exact": "in case of a conflict"}]
    )
    articles, sources = from_w3c_collection(item, articles=[BARE_ARTICLE_1])
    assert sources == []
    [article] = articles
    [record] = article.annotations
    start = BODY_1.index("in case of a conflict")
    assert record.position == TextPosition(start, start + len("in case of a conflict"))
    assert record.quote == TextQuote(
        "in case of a conflict", BODY_1[start - 32 : start], BODY_1[record.position.end :][:32]
    )
    assert record.note == "Which conflict?"
    assert record.category == "context" and record.status == "draft"
    assert record.anchor_state == "anchored" and record.article_id == A1
    assert record.author == "acct:teacher@hypothes.is"
    assert record.created == "2024-07-01T12:00:00.000000+00:00"
    assert record.id.startswith("w3c-")
    # Re-importing gives the same id.
    again, _ = from_w3c_collection(item, articles=[BARE_ARTICLE_1])
    assert again[0].annotations[0].id == record.id


def test_third_party_quote_matches_across_space_and_quote_styles() -> None:
    bare = replace(ARTICLE_2, annotations=())
    item = _hypothesis_like(
        source=str(ARTICLE_2.url).rstrip("/"),  # the url matches without its final slash
        selector={"type": "TextQuoteSelector", "exact": "on June 19 that", "prefix": "revealed "},
    )
    item["target"] = item["target"][0]
    [article], _ = from_w3c_collection([item], articles=[bare])
    [record] = article.annotations
    assert record.quote.exact == "on June\u00a019 that"  # the body's own text
    assert BODY_2[record.position.start : record.position.end] == record.quote.exact
    assert record.quote.prefix == "revealed "


def test_third_party_position_that_no_longer_fits_is_moved_not_silently() -> None:
    item = _hypothesis_like(
        selector=[
            {"type": "TextQuoteSelector", "exact": "illicit arms programs"},
            {"type": "TextPositionSelector", "start": 3, "end": 24},
        ]
    )
    [article], _ = from_w3c_collection(item, articles=[BARE_ARTICLE_1])
    record = article.annotations[0]
    assert record.anchor_state == "moved"
    assert BODY_1[record.position.start : record.position.end] == "illicit arms programs"


def test_third_party_quote_not_in_the_text_is_orphaned() -> None:
    item = _hypothesis_like(selector=[{"type": "TextQuoteSelector", "exact": "not in the text"}])
    [article], _ = from_w3c_collection(item, articles=[BARE_ARTICLE_1])
    assert article.annotations[0].anchor_state == "orphaned"


def test_third_party_link_to_a_known_source_is_a_context_citation() -> None:
    item = _hypothesis_like(selector={"type": "TextQuoteSelector", "exact": "Pyongyang."})
    item["body"].append(
        {"type": "SpecificResource", "purpose": "linking", "source": SOURCES[4].url}
    )
    item["body"].append(
        {"type": "TextualBody", "purpose": "classifying", "value": "Missing context"}
    )
    articles, sources = from_w3c_collection(item, articles=[BARE_ARTICLE_1], sources=SOURCES)
    record = articles[0].annotations[0]
    assert record.citations == (CitationRecord("un-sc-8853", "context"),)
    assert record.category == "context"
    assert sources == [SOURCES[4]]


def test_problems_are_reported_with_json_paths_all_at_once() -> None:
    good = _hypothesis_like(selector={"type": "TextQuoteSelector", "exact": "Pyongyang."})
    no_selector = _hypothesis_like(selector={"type": "CssSelector", "value": "p:nth-child(2)"})
    unknown_article = _hypothesis_like(
        selector={"type": "TextQuoteSelector", "exact": "x"}, source="https://example.org/other"
    )
    html = _hypothesis_like(selector={"type": "TextQuoteSelector", "exact": "Pyongyang."})
    html["body"] = {"type": "TextualBody", "value": "<b>hi</b>", "format": "text/html"}
    bad_verdict = _hypothesis_like(selector={"type": "TextQuoteSelector", "exact": "Pyongyang."})
    bad_verdict["body"].append({"type": "TextualBody", "purpose": "assessing", "value": "Pants"})
    unknown_link = _hypothesis_like(selector={"type": "TextQuoteSelector", "exact": "Pyongyang."})
    unknown_link["body"].append(
        {"type": "SpecificResource", "purpose": "linking", "source": "https://example.org/x"}
    )
    page = {
        "@context": ANNO_CONTEXT,
        "id": "https://example.org/page1",
        "type": "AnnotationPage",
        "items": [good, no_selector, unknown_article, html, bad_verdict, unknown_link, "urn:x"],
    }
    with pytest.raises(W3CError) as caught:
        from_w3c_collection(page, articles=[BARE_ARTICLE_1])
    paths = [problem.path for problem in caught.value.problems]
    assert paths == [
        "items[1].target[0].selector",
        "items[2].target[0].source",
        "items[3].body.format",
        "items[4].body[1].value",
        "items[5].body[1].source",
        "items[6]",
    ]
    message = str(caught.value)
    assert message.startswith("6 problems in the W3C annotation document:")
    assert "items[1].target[0].selector: no TextQuoteSelector or TextPositionSelector" in message
    assert "no known article has the url https://example.org/other" in message


@pytest.mark.parametrize(
    ("document", "path"),
    [
        ("not json-ld", "$"),
        ({"type": "Something"}, "type"),
        ({"type": "Annotation", "id": "urn:x:1"}, "$"),
        ({"type": "AnnotationCollection", "total": 3, "first": "https://e.org/p1"}, "first"),
        ({"type": "Annotation", "id": "urn:x", "target": {"source": 1}}, "$.target.source"),
    ],
)
def test_malformed_documents_give_w3c_errors(document: Any, path: str) -> None:
    with pytest.raises(W3CError) as caught:
        from_w3c_collection(document)
    assert caught.value.problems[0].path == path


def test_newer_format_version_is_refused() -> None:
    document = to_w3c_collection(ARTICLES, SOURCES)
    document["closeread:formatVersion"] = 2
    with pytest.raises(W3CError, match="newer Closeread"):
        from_w3c_collection(document)


_json = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 500) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "type",
                    "id",
                    "items",
                    "first",
                    "body",
                    "target",
                    "selector",
                    "source",
                    "exact",
                    "start",
                    "end",
                    "value",
                    "purpose",
                    "closeread:articles",
                    "closeread:sources",
                    "closeread:status",
                    "total",
                    "next",
                    "refinedBy",
                    "bodyValue",
                    "creator",
                ]
            ),
            children,
            max_size=6,
        )
    ),
    max_leaves=25,
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(document=_json)
def test_arbitrary_json_never_raises_anything_but_w3c_error(document: Any) -> None:
    try:
        from_w3c_collection(document, articles=[BARE_ARTICLE_1], sources=SOURCES)
    except W3CError as error:
        assert error.problems


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_damaged_exports_never_raise_anything_but_w3c_error(data: st.DataObject) -> None:
    document = json.loads(json.dumps(to_w3c_collection(ARTICLES, SOURCES, page_size=4)))
    for _ in range(data.draw(st.integers(1, 3))):
        node: Any = document
        # Walk down to a random object and replace or delete one of its keys.
        while True:
            if isinstance(node, dict) and node:
                key = data.draw(st.sampled_from(sorted(node)))
            elif isinstance(node, list) and node:
                key = data.draw(st.integers(0, len(node) - 1))
            else:
                break
            child = node[key]
            if not isinstance(child, dict | list) or data.draw(st.booleans()):
                replacement = data.draw(_json)
                if isinstance(node, dict) and data.draw(st.booleans()):
                    del node[key]
                else:
                    node[key] = replacement
                break
            node = child
    try:
        from_w3c_collection(document)
    except W3CError as error:
        assert error.problems


def test_third_party_quote_occurring_twice_needs_context() -> None:
    ambiguous = _hypothesis_like(selector={"type": "TextQuoteSelector", "exact": "Pyongyang"})
    with pytest.raises(W3CError, match="occurs several times") as caught:
        from_w3c_collection(ambiguous, articles=[BARE_ARTICLE_1])
    assert caught.value.problems[0].path == "$.target[0].selector"
    second = BODY_1.index("Pyongyang", BODY_1.index("Pyongyang") + 1)
    with_prefix = _hypothesis_like(
        selector={"type": "TextQuoteSelector", "exact": "Pyongyang", "prefix": "state visit to "}
    )
    [article], _ = from_w3c_collection(with_prefix, articles=[BARE_ARTICLE_1])
    assert article.annotations[0].position.start == second
