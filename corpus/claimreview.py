"""schema.org ClaimReview export: one fact-check object per claim with a verdict.

ClaimReview (research/annotation-anchors.md §A3) is claim-level, not span-level: it says which
claim was reviewed, the verdict (`reviewRating.alternateName`, from `vocabulary.VERDICT_LABELS`),
where the claim appeared (`itemReviewed.appearance`, the article) and, in `citation`, the sources
the verdict rests on. It is an interchange shape for other fact-checking tools, not a distribution
channel (Google retired ClaimReview rich results in 2025).

Only published annotations are exported unless `include_drafts` is set: a ClaimReview publishes
a verdict, and students never see a draft either.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from corpus.records import AnnotationRecord, ArticleRecord, SourceRecord
from corpus.vocabulary import UNDATED, VERDICT_LABELS

__all__ = ["SCHEMA_CONTEXT", "claimreview_url", "to_claimreview"]

SCHEMA_CONTEXT = "https://schema.org"


def claimreview_url(article: ArticleRecord, annotation: AnnotationRecord) -> str:
    """Where the review lives: the article url plus `#annotation-<id>`, or a URN without a url."""
    if article.url:
        return f"{article.url.split('#', 1)[0]}#annotation-{annotation.id}"
    return f"urn:closeread:annotation:{annotation.id}"


def _organization(name: str) -> dict[str, Any]:
    return {"@type": "Organization", "name": name}


def _citation(source: SourceRecord) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork", "name": source.title}
    if source.url:
        work["url"] = source.url
    if source.publisher:
        work["publisher"] = _organization(source.publisher)
    if source.author:
        work["author"] = {"@type": "Person", "name": source.author}
    if source.published and source.published != UNDATED:
        work["datePublished"] = source.published
    if source.locator:
        work["identifier"] = source.locator
    return work


def _claim_review(
    article: ArticleRecord,
    annotation: AnnotationRecord,
    verdict_label: str,
    sources: dict[str, SourceRecord],
    publisher_name: str,
) -> dict[str, Any]:
    appearance: dict[str, Any] = {"@type": "NewsArticle", "headline": article.title}
    if article.url:
        appearance["url"] = article.url
    if article.outlet:
        appearance["publisher"] = _organization(article.outlet)
    if article.published:
        appearance["datePublished"] = article.published
    if article.language:
        appearance["inLanguage"] = article.language

    claim: dict[str, Any] = {"@type": "Claim"}
    if annotation.claim_key:
        # A stable identifier, so the same claim in several articles is recognisably one claim.
        claim["@id"] = f"urn:closeread:claim:{annotation.claim_key}"
    claim["appearance"] = appearance
    if article.outlet:
        claim["author"] = _organization(article.outlet)
    if article.published:
        claim["datePublished"] = article.published

    rating: dict[str, Any] = {"@type": "Rating", "alternateName": verdict_label}
    if annotation.note:
        rating["ratingExplanation"] = annotation.note

    review: dict[str, Any] = {
        "@context": SCHEMA_CONTEXT,
        "@type": "ClaimReview",
        "url": claimreview_url(article, annotation),
        "claimReviewed": annotation.claim_reviewed or annotation.quote.exact,
        "reviewRating": rating,
        "itemReviewed": claim,
        "author": _organization(publisher_name),
    }
    reviewed_on = annotation.modified or annotation.created
    if reviewed_on:
        review["datePublished"] = reviewed_on
    cited: list[dict[str, Any]] = []
    seen: set[str] = set()
    for citation in annotation.citations:
        source = sources.get(citation.source_id)
        if source is not None and source.id not in seen:
            seen.add(source.id)
            cited.append(_citation(source))
    if cited:
        review["citation"] = cited
    return review


def to_claimreview(
    articles: Sequence[ArticleRecord],
    sources: Sequence[SourceRecord],
    *,
    publisher_name: str = "Closeread",
    include_drafts: bool = False,
) -> list[dict[str, Any]]:
    """One schema.org ClaimReview JSON-LD object per claim annotation with a verdict.

    In article and annotation order. `publisher_name` is the reviewing organisation (the
    ClaimReview `author`). Drafts are left out unless `include_drafts`; so are claims whose
    verdict is not in the vocabulary (the checker reports those), and citations of unknown
    sources. `claimReviewed` falls back to the quoted text when the claim as reviewed is missing.
    """
    by_id = {source.id: source for source in sources}
    reviews: list[dict[str, Any]] = []
    for article in articles:
        for annotation in article.annotations:
            if annotation.category != "claim" or annotation.verdict is None:
                continue
            if annotation.status != "published" and not include_drafts:
                continue
            label = VERDICT_LABELS.get(annotation.verdict)
            if label is None:
                continue
            reviews.append(_claim_review(article, annotation, label, by_id, publisher_name))
    return reviews
