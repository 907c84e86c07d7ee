"""schema.org ClaimReview export: shape, verdict labels, sources, which annotations qualify."""

from __future__ import annotations

import json

from corpus.claimreview import to_claimreview
from corpus.records import (
    AnnotationRecord,
    ArticleRecord,
    CitationRecord,
    SourceRecord,
    TextPosition,
    TextQuote,
)
from corpus.vocabulary import VERDICT_LABELS

BODY = (
    "Russia and North Korea are strengthening their relationship, which was established during "
    "the conflict in Ukraine. Kim referred to Putin as the best ally of Koreans."
)


def claim(
    annotation_id: str, quote: str, *, article_id: str = "ink-deal", **fields: object
) -> AnnotationRecord:
    start = BODY.index(quote)
    return AnnotationRecord(
        id=annotation_id,
        article_id=article_id,
        category=str(fields.pop("category", "claim")),
        quote=TextQuote(quote, BODY[max(0, start - 32) : start], BODY[start + len(quote) :][:32]),
        position=TextPosition(start, start + len(quote)),
        **fields,  # type: ignore[arg-type]
    )


SOURCES = [
    SourceRecord(
        id="tass-ushakov",
        title="Ushakov on the documents the new treaty replaces",
        publisher="TASS",
        kind="state-media",
        published="2024-06-17",
        url="https://tass.com/politics/1804627/amp",
    ),
    SourceRecord(
        id="tag24-afp",
        title="Russia and North Korea sign major new deal",
        publisher="TAG24 (AFP)",
        kind="news",
        published="2024-06-19",
        author="AFP",
        url="https://www.tag24.com/world/russia/x-3221890",
    ),
    SourceRecord(
        id="treaty-1961",
        title="Treaty of Friendship, Co-operation and Mutual Assistance",
        publisher="United Nations Treaty Series",
        kind="primary",
        published="undated",
        locator="UNTS No. 6045",
    ),
]
ARTICLE = ArticleRecord(
    id="ink-deal",
    title="Russia and North Korea Ink Deal Pledging Military Assistance",
    body=BODY,
    outlet="freedomtriumph.com",
    published="2024-06-20",
    url="https://freedomtriumph.com/russia-and-north-korea-ink-deal/",
    annotations=(
        claim(
            "c-origin",
            "which was established during the conflict in Ukraine",
            verdict="inaccurate",
            claim_reviewed="The Russia–North Korea relationship began with the war in Ukraine.",
            claim_key="relationship-origin",
            note="The ties go back to 1948.",
            created="2024-06-21T09:00:00Z",
            modified="2024-06-22T10:00:00Z",
            citations=(
                CitationRecord("tass-ushakov", "refutes", locator="list of treaties"),
                CitationRecord("tag24-afp", "refutes", evidence="allies since"),
                CitationRecord("tass-ushakov", "context"),
                CitationRecord("treaty-1961", "refutes"),
                CitationRecord("missing-source", "refutes"),
            ),
        ),
        claim(
            "c-ally",
            "the best ally of Koreans",
            verdict="misleading",
            claim_reviewed="Kim called Putin the best ally of Koreans.",
            status="draft",
        ),
        claim("c-no-verdict", "Kim referred to Putin", claim_reviewed="x"),
        claim("l-loaded", "strengthening", category="loaded-language", verdict="opinion"),
    ),
)
HANDOUT = ArticleRecord(
    id="handout",
    title="A handout",
    body=BODY,
    annotations=(
        claim(
            "h-1",
            "Kim referred to Putin",
            article_id="handout",
            verdict="unverified",
            claim_reviewed="Kim spoke about Putin.",
        ),
    ),
)


def test_one_claimreview_per_published_claim_with_a_verdict() -> None:
    reviews = to_claimreview([ARTICLE, HANDOUT], SOURCES)
    assert [r["url"] for r in reviews] == [
        "https://freedomtriumph.com/russia-and-north-korea-ink-deal/#annotation-c-origin",
        "urn:closeread:annotation:h-1",
    ]
    with_drafts = to_claimreview([ARTICLE], SOURCES, include_drafts=True)
    assert [r["claimReviewed"] for r in with_drafts] == [
        "The Russia–North Korea relationship began with the war in Ukraine.",
        "Kim called Putin the best ally of Koreans.",
    ]


def test_claimreview_shape() -> None:
    [review, _] = to_claimreview([ARTICLE, HANDOUT], SOURCES, publisher_name="Room 12 News Lab")
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": VERDICT_LABELS["inaccurate"],
        "ratingExplanation": "The ties go back to 1948.",
    }
    assert review["reviewRating"]["alternateName"] == "Inaccurate"
    assert review["author"] == {"@type": "Organization", "name": "Room 12 News Lab"}
    assert review["datePublished"] == "2024-06-22T10:00:00Z"
    assert review["itemReviewed"] == {
        "@type": "Claim",
        "@id": "urn:closeread:claim:relationship-origin",
        "appearance": {
            "@type": "NewsArticle",
            "headline": ARTICLE.title,
            "url": ARTICLE.url,
            "publisher": {"@type": "Organization", "name": "freedomtriumph.com"},
            "datePublished": "2024-06-20",
            "inLanguage": "en",
        },
        "author": {"@type": "Organization", "name": "freedomtriumph.com"},
        "datePublished": "2024-06-20",
    }
    # Each known source once, in citation order; the unknown one is left out.
    assert review["citation"] == [
        {
            "@type": "CreativeWork",
            "name": SOURCES[0].title,
            "url": SOURCES[0].url,
            "publisher": {"@type": "Organization", "name": "TASS"},
            "datePublished": "2024-06-17",
        },
        {
            "@type": "CreativeWork",
            "name": SOURCES[1].title,
            "url": SOURCES[1].url,
            "publisher": {"@type": "Organization", "name": "TAG24 (AFP)"},
            "author": {"@type": "Person", "name": "AFP"},
            "datePublished": "2024-06-19",
        },
        {
            "@type": "CreativeWork",
            "name": SOURCES[2].title,
            "publisher": {"@type": "Organization", "name": "United Nations Treaty Series"},
            "identifier": "UNTS No. 6045",
        },
    ]
    json.dumps(review)  # JSON-ready


def test_claim_from_an_article_without_metadata() -> None:
    [_, review] = to_claimreview([ARTICLE, HANDOUT], SOURCES)
    assert review["itemReviewed"] == {
        "@type": "Claim",
        "appearance": {"@type": "NewsArticle", "headline": "A handout", "inLanguage": "en"},
    }
    assert "datePublished" not in review and "citation" not in review
    assert "ratingExplanation" not in review["reviewRating"]
    assert review["reviewRating"]["alternateName"] == "Unverified"


def test_every_verdict_exports_its_label() -> None:
    for verdict, label in VERDICT_LABELS.items():
        annotation = claim("c", "strengthening", verdict=verdict, claim_reviewed="c")
        article = ArticleRecord(id="a", title="t", body=BODY, annotations=(annotation,))
        [review] = to_claimreview([article], [])
        assert review["reviewRating"]["alternateName"] == label
