"""W3C Web Annotation (JSON-LD) export and import of the corpus, lossless both ways.

`to_w3c_collection` writes an `AnnotationCollection` whose `first` page is embedded and whose
further pages are linked by IRI (`next`, `prev`, `last`, as the model requires) and embedded under
the extension term `closeread:pages`, so one document holds the whole corpus. `w3c_pages` splits
such a document into standalone `AnnotationPage` documents. Each annotation is plain W3C:

- `motivation`: `assessing` for claims, `commenting` otherwise;
- `body`: a TextualBody `commenting` (the note, text/markdown, the article's language), a
  TextualBody `classifying` (the category), for a verdict a TextualBody `assessing` (the verdict),
  a TextualBody `describing` (the claim as reviewed), a TextualBody `tagging` (the claim_key),
  and one SpecificResource `linking` per citation, whose `source` is the source's url (or
  `urn:closeread:source:<id>`) and whose TextQuoteSelector is the evidence quote;
- `target`: the article url (or `urn:closeread:article:<id>`) with a TextQuoteSelector and a
  TextPositionSelector (code points);
- `creator`, `created`, `modified`.

What W3C has no term for rides in extension terms under the `closeread:` prefix, declared in a
second context object after the official one (`"@context": [ANNO_CONTEXT, EXTENSION_CONTEXT]`),
so the document stays valid JSON-LD: the annotation's `closeread:status`, `closeread:anchorState`
and `closeread:articleId`; each citation's `closeread:sourceId`, `closeread:relation` and
`closeread:locator`; and on the collection the full article records (`closeread:articles`, with
their bodies) and source records (`closeread:sources`). W3C wants `created` and `modified` as
xsd:dateTime in UTC: a timestamp with another offset is written converted to UTC, and verbatim
in `closeread:created` / `closeread:modified`; one that is no dateTime at all (a bare date)
only there.

`from_w3c_collection` reads such a document back to exactly the same records. It also reads
plain third-party annotations (e.g. Hypothesis: a TextQuoteSelector and a TextualBody) against
articles and sources you pass in, anchoring them by quote; they come in as drafts for a teacher to
review. Whatever it cannot map is reported, all at once, as a `W3CError` whose problems each carry
a JSON path such as `first.items[3].target.selector`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, Final
from urllib.parse import quote as url_quote
from urllib.parse import unquote, urlsplit

from corpus.anchoring import find_quote, make_selectors, normalize_for_match
from corpus.records import (
    AnnotationRecord,
    ArticleRecord,
    CitationRecord,
    SourceRecord,
    TextPosition,
    TextQuote,
)
from corpus.vocabulary import (
    ANCHOR_STATES,
    CATEGORIES,
    CATEGORY_LABELS,
    RELATIONS,
    SOURCE_KINDS,
    STATUSES,
    VERDICT_LABELS,
    VERDICTS,
)

__all__ = [
    "ANNO_CONTEXT",
    "CLOSEREAD_NAMESPACE",
    "CONTEXT",
    "EXTENSION_CONTEXT",
    "FORMAT_VERSION",
    "W3CError",
    "W3CProblem",
    "from_w3c_collection",
    "to_w3c_annotation",
    "to_w3c_collection",
    "w3c_pages",
]

ANNO_CONTEXT: Final = "http://www.w3.org/ns/anno.jsonld"
CLOSEREAD_NAMESPACE: Final = "urn:closeread:vocab#"
# The extension context: the `closeread:` prefix, and list containers for the extension terms
# whose order is meaningful (JSON-LD arrays are otherwise unordered sets).
EXTENSION_CONTEXT: Final[dict[str, Any]] = {
    "closeread": CLOSEREAD_NAMESPACE,
    "closeread:articles": {"@container": "@list"},
    "closeread:sources": {"@container": "@list"},
    "closeread:pages": {"@container": "@list"},
}
CONTEXT: Final[list[Any]] = [ANNO_CONTEXT, EXTENSION_CONTEXT]
FORMAT_VERSION: Final = 1

ANNOTATION_URN: Final = "urn:closeread:annotation:"
ARTICLE_URN: Final = "urn:closeread:article:"
SOURCE_URN: Final = "urn:closeread:source:"

_NS = "closeread:"

# W3C requires xsd:dateTime with a timezone (the validator's `date-time` format).
_DATE_TIME: Final = re.compile(
    r"^\d{4}-[01]\d-[0-3]\dT[0-2]\d:[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$"
)


# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class W3CProblem:
    """One thing the importer could not map, at a JSON path into the document."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class W3CError(ValueError):
    """A W3C document that cannot be imported; `problems` lists every reason, with its path."""

    def __init__(self, problems: Sequence[W3CProblem]) -> None:
        self.problems: tuple[W3CProblem, ...] = tuple(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the W3C annotation document"
        super().__init__(head + ":\n" + "\n".join(f"  {p}" for p in self.problems))


# --------------------------------------------------------------------------------------------
# Export
# --------------------------------------------------------------------------------------------


def _urn(prefix: str, record_id: str) -> str:
    """A URN for a record id; characters not safe in an IRI are percent-encoded (reversibly)."""
    return prefix + url_quote(record_id, safe="-._~!$&'()*+,;=:@")


def _put(target: dict[str, Any], key: str, value: Any) -> None:
    """Set key unless the value is None (None is written by leaving the key out)."""
    if value is not None:
        target[key] = value


def _put_time(target: dict[str, Any], key: str, value: str | None) -> None:
    """Write a timestamp as W3C wants it (xsd:dateTime in UTC, "Z"), losing nothing.

    A UTC timestamp goes in as it is. One with another offset goes in converted to UTC, and
    verbatim in the extension term too; anything else (a bare date, no timezone) only in the
    extension term. The importer prefers the extension term, so the record round-trips.
    """
    if value is None:
        return
    if _DATE_TIME.match(value):
        if value.endswith("Z"):
            target[key] = value
            return
        try:
            moment = datetime.fromisoformat(value).astimezone(UTC)
        except ValueError:
            pass
        else:
            target[key] = moment.isoformat().replace("+00:00", "Z")
    target[_NS + key] = value


def _article_iri(article: ArticleRecord) -> str:
    return article.url if article.url else _urn(ARTICLE_URN, article.id)


def _textual(purpose: str, value: str) -> dict[str, Any]:
    return {"type": "TextualBody", "purpose": purpose, "value": value, "format": "text/plain"}


def to_w3c_annotation(
    annotation: AnnotationRecord,
    article: ArticleRecord,
    sources: Mapping[str, SourceRecord],
    *,
    with_context: bool = True,
) -> dict[str, Any]:
    """One annotation as a W3C Annotation (see the module docstring for the mapping).

    `article` is the article it is stored in (its url or URN is the target); `sources` gives the
    urls of the cited sources. With `with_context` the object carries its own `@context` and
    stands alone; inside a page it inherits the collection's.
    """
    result: dict[str, Any] = {}
    if with_context:
        result["@context"] = CONTEXT
    result["id"] = _urn(ANNOTATION_URN, annotation.id)
    result["type"] = "Annotation"
    result["motivation"] = "assessing" if annotation.category == "claim" else "commenting"
    _put_time(result, "created", annotation.created)
    _put_time(result, "modified", annotation.modified)
    if annotation.author is not None:
        result["creator"] = {"name": annotation.author}

    bodies: list[dict[str, Any]] = []
    if annotation.note:
        note: dict[str, Any] = {
            "type": "TextualBody",
            "purpose": "commenting",
            "value": annotation.note,
            "format": "text/markdown",
        }
        if article.language:
            note["language"] = article.language
        bodies.append(note)
    bodies.append(_textual("classifying", annotation.category))
    if annotation.verdict is not None:
        bodies.append(_textual("assessing", annotation.verdict))
    if annotation.claim_reviewed is not None:
        claim = _textual("describing", annotation.claim_reviewed)
        if article.language:
            claim["language"] = article.language
        bodies.append(claim)
    if annotation.claim_key is not None:
        bodies.append(_textual("tagging", annotation.claim_key))
    for citation in annotation.citations:
        source = sources.get(citation.source_id)
        link: dict[str, Any] = {
            "type": "SpecificResource",
            "purpose": "linking",
            "source": source.url
            if source is not None and source.url
            else _urn(SOURCE_URN, citation.source_id),
            _NS + "sourceId": citation.source_id,
            _NS + "relation": citation.relation,
        }
        _put(link, _NS + "locator", citation.locator)
        if citation.evidence is not None:
            link["selector"] = {"type": "TextQuoteSelector", "exact": citation.evidence}
        bodies.append(link)
    result["body"] = bodies

    quote_selector = {
        "type": "TextQuoteSelector",
        "exact": annotation.quote.exact,
        "prefix": annotation.quote.prefix,
        "suffix": annotation.quote.suffix,
    }
    result["target"] = {
        "type": "SpecificResource",
        "source": _article_iri(article),
        "selector": [
            quote_selector,
            {
                "type": "TextPositionSelector",
                "start": annotation.position.start,
                "end": annotation.position.end,
            },
        ],
    }
    result[_NS + "articleId"] = annotation.article_id
    result[_NS + "status"] = annotation.status
    result[_NS + "anchorState"] = annotation.anchor_state
    return result


def _article_node(article: ArticleRecord) -> dict[str, Any]:
    node: dict[str, Any] = {"id": _urn(ARTICLE_URN, article.id), "type": _NS + "Article"}
    node[_NS + "title"] = article.title
    _put(node, _NS + "outlet", article.outlet)
    _put(node, _NS + "byline", article.byline)
    _put(node, _NS + "published", article.published)
    _put(node, _NS + "url", article.url)
    node[_NS + "language"] = article.language
    node[_NS + "revision"] = article.revision
    node[_NS + "body"] = article.body
    return node


def _source_node(source: SourceRecord) -> dict[str, Any]:
    node: dict[str, Any] = {"id": _urn(SOURCE_URN, source.id), "type": _NS + "Source"}
    node[_NS + "title"] = source.title
    node[_NS + "publisher"] = source.publisher
    node[_NS + "kind"] = source.kind
    _put(node, _NS + "published", source.published)
    _put(node, _NS + "author", source.author)
    _put(node, _NS + "url", source.url)
    _put(node, _NS + "locator", source.locator)
    _put(node, _NS + "excerpt", source.excerpt)
    _put(node, _NS + "notes", source.notes)
    return node


def _page_id(collection_id: str, index: int) -> str:
    if collection_id.startswith("urn:"):
        return f"{collection_id}:page:{index}"
    separator = "&" if "?" in collection_id else "?"
    return f"{collection_id}{separator}page={index}"


def to_w3c_collection(
    articles: Sequence[ArticleRecord],
    sources: Sequence[SourceRecord],
    *,
    page_size: int = 100,
    collection_id: str = "urn:closeread:collection",
    label: str = "Closeread annotations",
) -> dict[str, Any]:
    """The corpus as one W3C AnnotationCollection document (JSON-ready dict).

    Annotations are paged `page_size` to a page, in article order. The first page is embedded
    in `first`; the others are linked by IRI from `next`/`prev`/`last` and embedded in order
    under `closeread:pages`. The full article and source records ride along in
    `closeread:articles` and `closeread:sources`, so `from_w3c_collection` gives back exactly
    `articles` and `sources`.
    """
    if page_size < 1:
        raise ValueError(f"page_size must be at least 1, not {page_size}")
    by_id = {source.id: source for source in sources}
    items = [
        to_w3c_annotation(annotation, article, by_id, with_context=False)
        for article in articles
        for annotation in article.annotations
    ]
    chunks = [items[i : i + page_size] for i in range(0, len(items), page_size)] or [[]]
    last = len(chunks) - 1
    pages: list[dict[str, Any]] = []
    for index, chunk in enumerate(chunks):
        page: dict[str, Any] = {
            "id": _page_id(collection_id, index),
            "type": "AnnotationPage",
            # An embedded description, as in the Recommendation's example 39 (the wpt page
            # assertions read label and total through it).
            "partOf": {"id": collection_id, "label": label, "total": len(items)},
            "startIndex": index * page_size,
        }
        if index > 0:
            page["prev"] = _page_id(collection_id, index - 1)
        if index < last:
            page["next"] = _page_id(collection_id, index + 1)
        page["items"] = chunk
        pages.append(page)

    document: dict[str, Any] = {
        "@context": CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
        "first": pages[0],
        "last": pages[-1]["id"],
        _NS + "formatVersion": FORMAT_VERSION,
        _NS + "articles": [_article_node(article) for article in articles],
        _NS + "sources": [_source_node(source) for source in sources],
    }
    if len(pages) > 1:
        document[_NS + "pages"] = pages[1:]
    return document


def w3c_pages(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Split a `to_w3c_collection` document into standalone AnnotationPage documents.

    Each page gets the collection's `@context`, so it can be published (or validated) on its
    own; `next`, `prev` and `partOf` already link them.
    """
    context = document.get("@context", CONTEXT)
    pages = [document["first"], *document.get(_NS + "pages", [])]
    return [{"@context": context, **page} for page in pages if isinstance(page, dict)]


# --------------------------------------------------------------------------------------------
# Import
# --------------------------------------------------------------------------------------------

_CATEGORY_BY_WORD: Final[dict[str, str]] = {
    **{c.casefold(): c for c in CATEGORIES},
    **{label.casefold(): c for c, label in CATEGORY_LABELS.items()},
}
_VERDICT_BY_WORD: Final[dict[str, str]] = {
    **{v.casefold(): v for v in VERDICTS},
    **{label.casefold(): v for v, label in VERDICT_LABELS.items()},
}
_NOTE_PURPOSES: Final = frozenset({None, "commenting", "questioning", "replying"})
_NOTE_FORMATS: Final = frozenset({None, "text/plain", "text/markdown"})


def _url_key(url: str) -> str:
    """A url compared loosely: scheme and host case-insensitive, no fragment, no final slash."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{path}{query}"


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _types(node: Mapping[str, Any]) -> list[Any]:
    return _as_list(node.get("type", node.get("@type", [])))


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return f"the text {value[:40]!r}"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if value is None:
        return "null"
    return "a list" if isinstance(value, list) else "an object"


class _Reader:
    """Collects problems with their paths while the document is read."""

    def __init__(self) -> None:
        self.problems: list[W3CProblem] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(W3CProblem(path, message))

    def text(
        self, node: Mapping[str, Any], key: str, path: str, *, required: bool = False
    ) -> str | None:
        """A string field; None when absent (a problem if required or of the wrong type)."""
        if key not in node or node[key] is None:
            if required:
                self.problem(path, f"missing {key!r}")
            return None
        value = node[key]
        if not isinstance(value, str):
            self.problem(f"{path}.{key}", f"expected text, found {_describe(value)}")
            return None
        return value

    def integer(self, node: Mapping[str, Any], key: str, path: str) -> int | None:
        value = node.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            what = "missing" if value is None else f"found {_describe(value)}"
            self.problem(f"{path}.{key}", f"expected a whole number ≥ 0, {what}")
            return None
        return value

    def vocabulary(
        self, value: str | None, allowed: Sequence[str], what: str, path: str
    ) -> str | None:
        if value is not None and value not in allowed:
            self.problem(path, f"unknown {what} {value!r}; expected one of {', '.join(allowed)}")
            return None
        return value


def _id_from_urn(iri: str, prefix: str) -> str | None:
    return unquote(iri[len(prefix) :]) if iri.startswith(prefix) else None


def _read_articles(doc: Mapping[str, Any], reader: _Reader) -> list[ArticleRecord]:
    nodes = doc.get(_NS + "articles", [])
    if not isinstance(nodes, list):
        reader.problem(_NS + "articles", "expected a list of articles")
        return []
    articles = []
    for index, node in enumerate(nodes):
        path = f"{_NS}articles[{index}]"
        if not isinstance(node, dict):
            reader.problem(path, f"expected an article object, found {_describe(node)}")
            continue
        iri = reader.text(node, "id", path, required=True)
        article_id = _id_from_urn(iri, ARTICLE_URN) if iri else None
        if iri and article_id is None:
            reader.problem(f"{path}.id", f"expected an id starting {ARTICLE_URN!r}")
        title = reader.text(node, _NS + "title", path, required=True)
        body = reader.text(node, _NS + "body", path, required=True)
        language = reader.text(node, _NS + "language", path)
        revision = node.get(_NS + "revision", 1)
        if isinstance(revision, bool) or not isinstance(revision, int):
            reader.problem(
                f"{path}.{_NS}revision", f"expected a number, found {_describe(revision)}"
            )
            revision = 1
        if article_id is None or title is None or body is None:
            continue
        articles.append(
            ArticleRecord(
                id=article_id,
                title=title,
                body=body,
                outlet=reader.text(node, _NS + "outlet", path),
                byline=reader.text(node, _NS + "byline", path),
                published=reader.text(node, _NS + "published", path),
                url=reader.text(node, _NS + "url", path),
                language="en" if language is None else language,
                revision=revision,
            )
        )
    return articles


def _read_sources(doc: Mapping[str, Any], reader: _Reader) -> list[SourceRecord]:
    nodes = doc.get(_NS + "sources", [])
    if not isinstance(nodes, list):
        reader.problem(_NS + "sources", "expected a list of sources")
        return []
    sources = []
    for index, node in enumerate(nodes):
        path = f"{_NS}sources[{index}]"
        if not isinstance(node, dict):
            reader.problem(path, f"expected a source object, found {_describe(node)}")
            continue
        iri = reader.text(node, "id", path, required=True)
        source_id = _id_from_urn(iri, SOURCE_URN) if iri else None
        if iri and source_id is None:
            reader.problem(f"{path}.id", f"expected an id starting {SOURCE_URN!r}")
        title = reader.text(node, _NS + "title", path, required=True)
        publisher = reader.text(node, _NS + "publisher", path, required=True)
        kind = reader.vocabulary(
            reader.text(node, _NS + "kind", path, required=True),
            SOURCE_KINDS,
            "source kind",
            f"{path}.{_NS}kind",
        )
        if source_id is None or title is None or publisher is None or kind is None:
            continue
        sources.append(
            SourceRecord(
                id=source_id,
                title=title,
                publisher=publisher,
                kind=kind,
                published=reader.text(node, _NS + "published", path),
                author=reader.text(node, _NS + "author", path),
                url=reader.text(node, _NS + "url", path),
                locator=reader.text(node, _NS + "locator", path),
                excerpt=reader.text(node, _NS + "excerpt", path),
                notes=reader.text(node, _NS + "notes", path),
            )
        )
    return sources


def _iter_items(doc: Any, reader: _Reader) -> Iterator[tuple[str, Any]]:
    """Yield (path, annotation) for every annotation the document embeds."""
    if isinstance(doc, list):
        for index, item in enumerate(doc):
            yield f"[{index}]", item
        return
    if not isinstance(doc, dict):
        reader.problem("$", f"expected a JSON object or list, found {_describe(doc)}")
        return
    types = _types(doc)
    if "AnnotationCollection" in types:
        found = 0
        pages: list[tuple[str, Any]] = [("first", doc.get("first"))]
        extra = doc.get(_NS + "pages", [])
        if isinstance(extra, list):
            pages.extend((f"{_NS}pages[{i}]", page) for i, page in enumerate(extra))
        else:
            reader.problem(_NS + "pages", "expected a list of pages")
        for path, page in pages:
            if page is None:
                continue
            if not isinstance(page, dict):
                reader.problem(
                    path,
                    "the page is given only by its IRI; embed it (Closeread "
                    "does not fetch anything from the network)",
                )
                continue
            for item_path, item in _page_items(page, path, reader):
                found += 1
                yield item_path, item
        total = doc.get("total")
        if isinstance(total, int) and not isinstance(total, bool) and total > found:
            reader.problem(
                "total",
                f"the collection says it holds {total} annotations but only {found} are "
                "embedded; pages given only by IRI are not fetched",
            )
    elif "AnnotationPage" in types:
        yield from _page_items(doc, "", reader)
    elif "Annotation" in types:
        yield "$", doc
    else:
        reader.problem(
            "type",
            "expected an Annotation, an AnnotationPage or an AnnotationCollection, "
            f"found {_describe(doc.get('type'))}",
        )


def _page_items(page: Mapping[str, Any], path: str, reader: _Reader) -> Iterator[tuple[str, Any]]:
    """Items of a page and of any pages embedded (non-standardly) in its `next`."""
    while True:
        prefix = f"{path}." if path else ""
        items = page.get("items", [])
        if not isinstance(items, list):
            reader.problem(f"{prefix}items", "expected a list of annotations")
            items = []
        for index, item in enumerate(items):
            yield f"{prefix}items[{index}]", item
        following = page.get("next")
        if not isinstance(following, dict):
            return
        page, path = following, f"{prefix}next"


def _selectors(value: Any) -> Iterator[Any]:
    """Every selector, following `refinedBy` chains."""
    for selector in _as_list(value):
        yield selector
        if isinstance(selector, dict) and "refinedBy" in selector:
            yield from _selectors(selector["refinedBy"])


def _fold(text: str) -> str:
    return normalize_for_match(text)[0]


def _locate(
    body: str, exact: str, prefix: str | None, suffix: str | None, hint: int | None
) -> tuple[TextPosition | None, bool]:
    """Find a quote from another tool in the body: (position or None, ambiguous).

    Occurrences are found by `corpus.anchoring.find_quote` (ignoring whitespace, quote and dash
    styles). Several are told apart by whether the prefix and suffix match, then by the distance
    to `hint` (the start the other tool recorded); a tie with no hint is ambiguous, and the
    caller reports it rather than guess.
    """
    found = find_quote(body, exact)
    if len(found) <= 1:
        return (found[0] if found else None), False
    fold_prefix = _fold(prefix or "").lstrip()
    fold_suffix = _fold(suffix or "").rstrip()

    def context_score(at: TextPosition) -> int:
        score = 0
        window = body[max(0, at.start - 2 * len(prefix or "")) : at.start]
        if fold_prefix and _fold(window).endswith(fold_prefix):
            score += 1
        window = body[at.end : at.end + 2 * len(suffix or "")]
        if fold_suffix and _fold(window).startswith(fold_suffix):
            score += 1
        return score

    scores = {at: context_score(at) for at in found}
    ranked = sorted(
        found, key=lambda at: (-scores[at], abs(at.start - hint) if hint is not None else 0)
    )
    best, runner_up = ranked[0], ranked[1]
    if hint is None and scores[best] == scores[runner_up]:
        return None, True
    return best, False


@dataclass(slots=True)
class _Known:
    """Articles and sources an imported annotation may refer to."""

    articles: dict[str, ArticleRecord]
    article_ids_by_url: dict[str, list[str]]
    sources: dict[str, SourceRecord]
    source_ids_by_url: dict[str, str]


def _read_annotation(
    item: Any,
    path: str,
    known: _Known,
    reader: _Reader,
    default_category: str | None,
) -> tuple[str, AnnotationRecord] | None:
    """One item as (article id it is stored under, record), or None after reporting why not."""
    if isinstance(item, str):
        reader.problem(path, "the annotation is given only by its IRI; embed it")
        return None
    if not isinstance(item, dict):
        reader.problem(path, f"expected an annotation object, found {_describe(item)}")
        return None
    if "Annotation" not in _types(item):
        reader.problem(f"{path}.type", "expected type 'Annotation'")
        return None
    before = len(reader.problems)

    # --- id ---------------------------------------------------------------------------------
    iri = reader.text(item, "id", path, required=True)
    annotation_id: str | None = None
    if iri is not None:
        annotation_id = _id_from_urn(iri, ANNOTATION_URN)
        if annotation_id is None:
            # Another tool's id: a stable slug derived from it, so re-importing gives the same id.
            annotation_id = "w3c-" + hashlib.sha1(iri.encode("utf-8")).hexdigest()[:16]

    # --- target and article -----------------------------------------------------------------
    target = item.get("target")
    target_path = f"{path}.target"
    if isinstance(target, list):
        if len(target) != 1:
            reader.problem(
                target_path,
                f"{len(target)} targets; Closeread annotates exactly one passage of one article",
            )
            return None
        target, target_path = target[0], f"{target_path}[0]"
    if target is None:
        reader.problem(path, "missing 'target'")
        return None
    if isinstance(target, str):
        reader.problem(
            target_path,
            "the target is a whole resource with no selector; Closeread needs the quoted "
            "passage (a TextQuoteSelector)",
        )
        return None
    if not isinstance(target, dict):
        reader.problem(target_path, f"expected an object, found {_describe(target)}")
        return None
    source_iri = reader.text(target, "source", target_path, required=True)
    declared_article = reader.text(item, _NS + "articleId", path)
    article: ArticleRecord | None = None
    if source_iri is not None:
        article_id = _id_from_urn(source_iri, ARTICLE_URN)
        if article_id is not None:
            article = known.articles.get(article_id)
            if article is None:
                reader.problem(
                    f"{target_path}.source",
                    f"no article has the id {article_id!r}; include it in the document or "
                    "pass it in `articles`",
                )
        else:
            ids = known.article_ids_by_url.get(_url_key(source_iri), [])
            if declared_article in ids:
                article = known.articles[declared_article]
            elif len(ids) == 1:
                article = known.articles[ids[0]]
            elif ids:
                reader.problem(
                    f"{target_path}.source",
                    f"several articles have the url {source_iri}: {', '.join(ids)}; add "
                    f"'{_NS}articleId' to say which",
                )
            else:
                reader.problem(
                    f"{target_path}.source",
                    f"no known article has the url {source_iri}; include the article in the "
                    "document or pass it in `articles`, so the quote can be anchored in its text",
                )

    # --- selectors --------------------------------------------------------------------------
    selector_path = f"{target_path}.selector"
    quote_selector: dict[str, Any] | None = None
    position_selector: dict[str, Any] | None = None
    for selector in _selectors(target.get("selector", [])):
        if not isinstance(selector, dict):
            continue
        kinds = _types(selector)
        if "TextQuoteSelector" in kinds and quote_selector is None:
            quote_selector = selector
        elif "TextPositionSelector" in kinds and position_selector is None:
            position_selector = selector
    if quote_selector is None and position_selector is None:
        reader.problem(
            selector_path,
            "no TextQuoteSelector or TextPositionSelector; Closeread anchors an annotation by "
            "the quoted text and its position (a CSS, XPath or Range selector alone is not "
            "enough)",
        )
    exact = prefix = suffix = None
    start = end = None
    if quote_selector is not None:
        exact = reader.text(quote_selector, "exact", selector_path, required=True)
        prefix = reader.text(quote_selector, "prefix", selector_path)
        suffix = reader.text(quote_selector, "suffix", selector_path)
    if position_selector is not None:
        start = reader.integer(position_selector, "start", selector_path)
        end = reader.integer(position_selector, "end", selector_path)
        if start is not None and end is not None and start > end:
            reader.problem(selector_path, f"TextPositionSelector start {start} is after end {end}")
            start = end = None

    # --- bodies -----------------------------------------------------------------------------
    notes: list[str] = []
    category: str | None = None
    verdict: str | None = None
    claim_reviewed: str | None = None
    claim_key: str | None = None
    citations: list[CitationRecord] = []
    if "body" in item and "bodyValue" in item:
        reader.problem(path, "both 'body' and 'bodyValue'; the model allows only one")
    body_value = reader.text(item, "bodyValue", path)
    if body_value is not None:
        notes.append(body_value)
    raw_bodies = item.get("body", [])
    body_list = raw_bodies if isinstance(raw_bodies, list) else [raw_bodies]
    for index, body in enumerate(body_list):
        body_path = f"{path}.body[{index}]" if isinstance(raw_bodies, list) else f"{path}.body"
        if isinstance(body, str):
            reader.problem(
                body_path,
                f"an external body ({body}) cannot be fetched; Closeread imports textual "
                "bodies and links",
            )
            continue
        if not isinstance(body, dict):
            reader.problem(body_path, f"expected a body object, found {_describe(body)}")
            continue
        kinds = _types(body)
        purpose = body.get("purpose")
        if isinstance(purpose, list):
            purpose = purpose[0] if len(purpose) == 1 else purpose
        if purpose is not None and not isinstance(purpose, str):
            reader.problem(f"{body_path}.purpose", "expected one purpose")
            continue
        if purpose == "linking" or "SpecificResource" in kinds:
            if purpose != "linking":
                reader.problem(
                    body_path,
                    f"a SpecificResource body with purpose {purpose!r}; Closeread maps only "
                    "'linking' resources (citations)",
                )
                continue
            citation = _read_citation(body, body_path, known, reader)
            if citation is not None:
                citations.append(citation)
            continue
        if "TextualBody" not in kinds and not ("value" in body and not kinds):
            reader.problem(
                body_path,
                f"a body of type {_describe(body.get('type'))} cannot be mapped; Closeread "
                "imports TextualBody notes and linking SpecificResources",
            )
            continue
        value = reader.text(body, "value", body_path, required=True)
        if value is None:
            continue
        body_format = body.get("format")
        if body_format not in _NOTE_FORMATS:
            reader.problem(
                f"{body_path}.format",
                f"format {body_format!r} is not imported; Closeread notes are plain text "
                "with a small Markdown subset (text/plain or text/markdown)",
            )
            continue
        if purpose in _NOTE_PURPOSES:
            notes.append(value)
        elif purpose == "classifying":
            if category is not None:
                reader.problem(
                    body_path, "a second classifying body; an annotation has one category"
                )
                continue
            category = _CATEGORY_BY_WORD.get(value.casefold())
            if category is None:
                reader.problem(
                    f"{body_path}.value",
                    f"unknown category {value!r}; expected one of {', '.join(CATEGORIES)}",
                )
        elif purpose == "assessing":
            if verdict is not None:
                reader.problem(body_path, "a second assessing body; an annotation has one verdict")
                continue
            verdict = _VERDICT_BY_WORD.get(value.casefold())
            if verdict is None:
                reader.problem(
                    f"{body_path}.value",
                    f"unknown verdict {value!r}; expected one of {', '.join(VERDICTS)}",
                )
        elif purpose == "describing":
            if claim_reviewed is not None:
                reader.problem(body_path, "a second describing body; a claim is reviewed once")
                continue
            claim_reviewed = value
        elif purpose == "tagging":
            if claim_key is not None:
                reader.problem(
                    body_path,
                    "a second tag; Closeread keeps one tag per annotation, its claim key",
                )
                continue
            claim_key = value
        else:
            reader.problem(
                f"{body_path}.purpose",
                f"a textual body with purpose {purpose!r} cannot be mapped; Closeread maps "
                "commenting, classifying, assessing, describing, tagging and linking",
            )

    if category is None:
        motivation = item.get("motivation")
        motivations = _as_list(motivation) if motivation is not None else []
        if "questioning" in motivations:
            category = "question"
        elif "assessing" in motivations and verdict is not None:
            category = "claim"
        elif default_category is not None:
            category = default_category
        else:
            reader.problem(
                path,
                "no classifying body gives the category; add one, or import with a "
                "default_category",
            )

    # --- lifecycle and Closeread extension terms --------------------------------------------
    status = reader.vocabulary(
        reader.text(item, _NS + "status", path), STATUSES, "status", f"{path}.{_NS}status"
    )
    anchor_state = reader.vocabulary(
        reader.text(item, _NS + "anchorState", path),
        ANCHOR_STATES,
        "anchor state",
        f"{path}.{_NS}anchorState",
    )
    created = reader.text(item, _NS + "created", path)
    if created is None:
        created = reader.text(item, "created", path)
    modified = reader.text(item, _NS + "modified", path)
    if modified is None:
        modified = reader.text(item, "modified", path)
    author = _read_creator(item.get("creator"), f"{path}.creator", reader)

    if len(reader.problems) > before or article is None or annotation_id is None:
        return None
    assert category is not None  # a problem was reported otherwise

    # --- anchoring --------------------------------------------------------------------------
    text = article.body
    if exact is None:
        # Only a position: the quote is what the body holds there.
        assert start is not None and end is not None
        if end > len(text):
            reader.problem(
                selector_path,
                f"TextPositionSelector [{start}, {end}) lies beyond the article text "
                f"({len(text)} characters)",
            )
            return None
        exact = text[start:end]
    if (
        start is not None
        and end is not None
        and (anchor_state is not None or text[start:end] == exact)
    ):
        position = TextPosition(start, end)
        computed_state = "anchored"
    else:
        found, ambiguous = _locate(text, exact, prefix, suffix, start)
        if ambiguous:
            reader.problem(
                selector_path,
                f"the quote {exact[:40]!r} occurs several times in article '{article.id}' and "
                "neither prefix, suffix nor a TextPositionSelector tells which",
            )
            return None
        if found is None:
            position = TextPosition(start or 0, end if end is not None else start or 0)
            computed_state = "orphaned"
        else:
            position = found
            exact = text[found.start : found.end]
            # A given position that had to be corrected is "moved", for a teacher to confirm;
            # a quote anchored for the first time is "anchored".
            computed_state = "moved" if start is not None else "anchored"
    if prefix is None or suffix is None:
        # Context the other tool did not record: taken from the body, as the importer does.
        context = (
            make_selectors(text, position.start, position.end)[0]
            if position.end <= len(text)
            else TextQuote(exact, "", "")
        )
        prefix = context.prefix if prefix is None else prefix
        suffix = context.suffix if suffix is None else suffix

    record = AnnotationRecord(
        id=annotation_id,
        article_id=declared_article if declared_article is not None else article.id,
        category=category,
        quote=TextQuote(exact, prefix, suffix),
        position=position,
        note="\n\n".join(notes),
        verdict=verdict,
        claim_reviewed=claim_reviewed,
        claim_key=claim_key,
        # Another tool's annotation waits as a draft until a teacher has reviewed it.
        status=status if status is not None else "draft",
        author=author,
        anchor_state=anchor_state if anchor_state is not None else computed_state,
        created=created,
        modified=modified,
        citations=tuple(citations),
    )
    return article.id, record


def _read_creator(creator: Any, path: str, reader: _Reader) -> str | None:
    if creator is None:
        return None
    names: list[str] = []
    for agent in _as_list(creator):
        if isinstance(agent, str):
            names.append(agent)  # an IRI such as acct:name@hypothes.is
        elif isinstance(agent, dict):
            name = agent.get("name", agent.get("nickname", agent.get("id")))
            if isinstance(name, list) and name:
                name = name[0]
            if isinstance(name, str):
                names.append(name)
            else:
                reader.problem(path, "the creator has no name, nickname or id")
        else:
            reader.problem(path, f"expected an agent, found {_describe(agent)}")
    return ", ".join(names) if names else None


def _read_citation(
    body: Mapping[str, Any], path: str, known: _Known, reader: _Reader
) -> CitationRecord | None:
    source_id = reader.text(body, _NS + "sourceId", path)
    iri = body.get("source", body.get("id"))
    if source_id is None:
        if not isinstance(iri, str):
            reader.problem(path, "a linking body without a 'source' IRI")
            return None
        source_id = _id_from_urn(iri, SOURCE_URN)
        if source_id is None:
            source_id = known.source_ids_by_url.get(_url_key(iri))
        if source_id is None:
            reader.problem(
                f"{path}.source",
                f"links to {iri}, which is not a known source; add the source to the "
                "document or pass it in `sources` (with its title, publisher and date)",
            )
            return None
    relation = reader.vocabulary(
        reader.text(body, _NS + "relation", path), RELATIONS, "relation", f"{path}.{_NS}relation"
    )
    if relation is None and _NS + "relation" in body:
        return None
    evidence = None
    for selector in _selectors(body.get("selector", [])):
        if isinstance(selector, dict) and "TextQuoteSelector" in _types(selector):
            evidence = reader.text(selector, "exact", f"{path}.selector", required=True)
            break
    return CitationRecord(
        source_id=source_id,
        # A plain link from another tool says only that the source is related: context.
        relation=relation if relation is not None else "context",
        evidence=evidence,
        locator=reader.text(body, _NS + "locator", path),
    )


def from_w3c_collection(
    doc: Any,
    *,
    articles: Sequence[ArticleRecord] = (),
    sources: Sequence[SourceRecord] = (),
    default_category: str | None = "context",
) -> tuple[list[ArticleRecord], list[SourceRecord]]:
    """Read W3C Web Annotation JSON-LD back into article and source records.

    `doc` is the parsed JSON: an AnnotationCollection (its embedded pages are read, including
    `closeread:pages`), an AnnotationPage, a list of Annotations or one Annotation.

    For a `to_w3c_collection` document the result equals the records exported. Annotations from
    other tools are anchored by quote in `articles` (matched by url or
    `urn:closeread:article:<id>`), their links resolved against `sources` (by url), and they come
    in as drafts; one without a classifying body gets `default_category`.

    Returns the articles the document embeds, in order, then any of `articles` that it
    annotates; each article's `annotations` are exactly the document's annotations on it. The
    sources are the ones the document embeds, then any of `sources` that it cites.

    Raises W3CError listing every problem, each with a JSON path, if anything cannot be mapped;
    then nothing is returned.
    """
    reader = _Reader()
    if default_category is not None and default_category not in CATEGORIES:
        raise ValueError(f"default_category must be one of {', '.join(CATEGORIES)}")
    embedded_articles: list[ArticleRecord] = []
    embedded_sources: list[SourceRecord] = []
    if isinstance(doc, dict):
        version = doc.get(_NS + "formatVersion", FORMAT_VERSION)
        if version != FORMAT_VERSION:
            reader.problem(
                _NS + "formatVersion",
                f"written by a newer Closeread (format {version!r}); this one reads "
                f"format {FORMAT_VERSION}",
            )
            raise W3CError(reader.problems)
        embedded_articles = _read_articles(doc, reader)
        embedded_sources = _read_sources(doc, reader)

    known_articles: dict[str, ArticleRecord] = {a.id: a for a in articles}
    known_articles.update((a.id, a) for a in embedded_articles)
    by_url: dict[str, list[str]] = {}
    for article in known_articles.values():
        if article.url:
            by_url.setdefault(_url_key(article.url), []).append(article.id)
    known_sources: dict[str, SourceRecord] = {s.id: s for s in sources}
    known_sources.update((s.id, s) for s in embedded_sources)
    source_by_url: dict[str, str] = {}
    for source in known_sources.values():
        if source.url:
            source_by_url.setdefault(_url_key(source.url), source.id)
    known = _Known(known_articles, by_url, known_sources, source_by_url)

    annotations: dict[str, list[AnnotationRecord]] = {}
    for path, item in _iter_items(doc, reader):
        read = _read_annotation(item, path, known, reader, default_category)
        if read is not None:
            container, record = read
            annotations.setdefault(container, []).append(record)
    if reader.problems:
        raise W3CError(reader.problems)

    result_articles: list[ArticleRecord] = []
    embedded_ids = set()
    for article in embedded_articles:
        embedded_ids.add(article.id)
        result_articles.append(_with_annotations(article, annotations.get(article.id, [])))
    for article_id, records in annotations.items():
        if article_id not in embedded_ids:
            result_articles.append(_with_annotations(known_articles[article_id], records))

    cited = {c.source_id for records in annotations.values() for r in records for c in r.citations}
    result_sources = list(embedded_sources)
    embedded_source_ids = {s.id for s in embedded_sources}
    result_sources.extend(s for s in sources if s.id in cited and s.id not in embedded_source_ids)
    return result_articles, result_sources


def _with_annotations(article: ArticleRecord, records: list[AnnotationRecord]) -> ArticleRecord:
    return replace(article, annotations=tuple(records))
