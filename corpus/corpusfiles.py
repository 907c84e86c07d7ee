"""The YAML corpus format: validation with pydantic, precise locations, conversion to records,
and writing records back in the same format (docs/corpus-format.md).

`read_corpus(paths)` validates every file before anything is written and reports every problem
as `file:line:column: message`; it never raises for bad input.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from corpus.anchoring import (
    AnchoringError,
    AnchorOutcome,
    find_quote,
    make_selectors,
    reanchor,
    resolve_quote,
)
from corpus.records import (
    AnnotationRecord,
    ArticleRecord,
    CitationRecord,
    SourceRecord,
    TextPosition,
    TextQuote,
)
from corpus.vocabulary import UNDATED
from corpus.yamlio import Located, dump_yaml, iter_yaml_files, load_located

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,118}[a-z0-9]$|^[a-z0-9]$")
PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

Category = Literal["claim", "attribution", "loaded-language", "context", "framing", "vocabulary", "question"]
Verdict = Literal["accurate", "partly-accurate", "misleading", "inaccurate", "unverified", "opinion"]
Relation = Literal["supports", "refutes", "context"]
Kind = Literal["primary", "official", "news", "wire", "reference", "advocacy", "state-media", "mirror"]
Status = Literal["draft", "published"]
AnchorState = Literal["anchored", "moved", "orphaned"]

DateLike = str | dt.date | int | None
Stamp = str | dt.datetime | dt.date | None


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class CitationModel(_Strict):
    source: str
    relation: Relation
    locator: str | None = None
    evidence: str | None = None


class AnchorModel(_Strict):
    """Where a moved or orphaned annotation was; only written for annotations not plainly anchored."""

    state: AnchorState
    start: int | None = None
    end: int | None = None
    prefix: str | None = None
    suffix: str | None = None


class AnnotationModel(_Strict):
    id: str
    quote: str
    occurrence: int | None = None
    category: Category
    note: str = ""
    verdict: Verdict | None = None
    claim_reviewed: str | None = None
    claim_key: str | None = None
    status: Status = "published"
    author: str | None = None
    anchor: AnchorModel | None = None
    created: Stamp = None
    modified: Stamp = None
    # Validated one by one (CitationModel), so one bad citation hides no other problem.
    citations: list[dict[str, Any]] = []


class ArticleModel(_Strict):
    id: str
    title: str
    outlet: str | None = None
    byline: str | None = None
    published: DateLike = None
    url: str | None = None
    language: str = "en"
    revision: int = 1
    body: str
    # Validated one by one (AnnotationModel), so one bad annotation hides no other problem.
    annotations: list[dict[str, Any]] = []


class SourceModel(_Strict):
    id: str
    title: str
    publisher: str
    author: str | None = None
    published: DateLike
    url: str | None = None
    locator: str | None = None
    kind: Kind
    excerpt: str | None = None
    notes: str | None = None


class SourcesFileModel(_Strict):
    sources: list[SourceModel]

    @field_validator("sources")
    @classmethod
    def _not_empty(cls, v: list[SourceModel]) -> list[SourceModel]:
        return v


# ---------------------------------------------------------------------------- reading


@dataclass
class ParsedCorpus:
    """What a set of corpus files holds, and every problem found in them."""

    articles: list[ArticleRecord] = field(default_factory=list)
    sources: list[SourceRecord] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    # Where each article / annotation / source was defined, "file:line", for linter output.
    locations: dict[tuple[str, str], str] = field(default_factory=dict)
    # Annotations whose quote is no longer in an edited body, re-anchored from stored selectors.
    reanchored: list[AnchorOutcome] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


_TYPE_WORDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "list_type": "a list",
    "dict_type": "a mapping of fields",
    "model_type": "a mapping of fields",
    "bool_type": "true or false",
}


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text '{value[:40]}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, dt.date):
        return f"the date {value}"
    return type(value).__name__


_BRANCH_LABELS = {"str", "int", "bool", "date", "datetime", "none", "list", "dict"}


def _is_branch_label(part: str | int) -> bool:
    """Pydantic names union branches in error locations ("str", "is-instance[date]"); drop them."""
    return isinstance(part, str) and (
        part in _BRANCH_LABELS or part.startswith(("is-instance", "literal[", "function-", "union["))
    )


def _pydantic_problems(doc: Located, exc: ValidationError, root: tuple[str | int, ...] = ()) -> list[str]:
    problems = []
    seen: set[tuple[Any, ...]] = set()
    for err in exc.errors(include_url=False):
        loc = err["loc"]
        # Unions (e.g. `str | None`) report each branch; keep the first per location.
        path = (*root, *(p for p in loc if not _is_branch_label(p)))
        key = tuple(path)
        if key in seen:
            continue
        seen.add(key)
        field_name = next((p for p in reversed(path) if isinstance(p, str)), "value")
        etype = err["type"]
        if etype == "missing":
            msg = f"missing field '{field_name}'"
            where = doc.where(path[:-1])
        elif etype == "extra_forbidden":
            msg = f"unknown field '{field_name}'"
            where = doc.where(path)
        elif etype == "literal_error":
            expected = err.get("ctx", {}).get("expected", "")
            msg = f"unknown {field_name.replace('_', ' ')} '{err['input']}'; expected one of: {expected.replace(chr(39), '')}"
            where = doc.where(path)
        elif etype in _TYPE_WORDS or etype.endswith("_type") or etype.startswith("is_instance"):
            want = _TYPE_WORDS.get(etype, "a different type")
            if field_name in {"published"}:
                want = "a date (YYYY-MM-DD)"
            if field_name in {"created", "modified"}:
                want = "a timestamp (YYYY-MM-DDTHH:MM:SS)"
            msg = f"wrong type for '{field_name}': expected {want}, got {_describe(err.get('input'))}"
            where = doc.where(path)
        else:
            msg = f"'{field_name}': {err['msg']}"
            where = doc.where(path)
        problems.append(f"{where}: {msg}")
    return problems


def _date_text(value: DateLike, *, allow_undated: bool) -> tuple[str | None, str | None]:
    """Normalise a date field. Returns (text, problem)."""
    if value is None:
        return None, None
    if isinstance(value, dt.datetime):
        return value.date().isoformat(), None
    if isinstance(value, dt.date):
        return value.isoformat(), None
    text = str(value).strip()
    if allow_undated and text == UNDATED:
        return UNDATED, None
    if PARTIAL_DATE.match(text):
        parts = [int(p) for p in text.split("-")]
        try:
            dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
        except ValueError:
            return None, f"bad date '{text}': no such day"
        return text, None
    extra = " or 'undated'" if allow_undated else ""
    return None, f"bad date '{text}': write YYYY-MM-DD (or YYYY-MM, YYYY){extra}"


def url_problem(url: str | None) -> str | None:
    """Why a url is malformed, or None when it is an absolute http(s) url."""
    if url is None:
        return None
    if not url or any(c.isspace() for c in url):
        return f"malformed url '{url}': it contains spaces"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:
        return f"malformed url '{url}': it cannot be read as an address"
    if parts.scheme not in {"http", "https"} or not parts.netloc or "." not in parts.netloc.split(":")[0]:
        return f"malformed url '{url}': expected an absolute http:// or https:// address"
    return None


def _stamp(value: Stamp) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None).isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day).isoformat(timespec="seconds")
    return value


# article id → {annotation id: (quote, position, length of the stored body)}
StoredLookup = Callable[[str], Mapping[str, tuple[TextQuote, TextPosition, int]]]


def read_corpus(
    paths: Iterable[Path | str],
    *,
    stored: StoredLookup | None = None,
    known_sources: Iterable[str] = (),
) -> ParsedCorpus:
    """Validate and convert corpus files (folders are expanded). Never raises for bad input.

    `stored(article_id)` gives the selectors the store holds for that article's annotations.
    When an edited body no longer contains an existing annotation's quote, the annotation is
    re-anchored from those selectors (moved, or orphaned to wait for a teacher) instead of
    failing, and the outcome is listed in `reanchored`.
    """
    result = ParsedCorpus()
    files = iter_yaml_files(Path(p) for p in paths)
    if not files:
        result.problems.append("no corpus files: give a folder or .yaml files")
        return result
    article_docs: list[tuple[Located, ArticleModel]] = []
    source_marks: dict[str, str] = {}
    for path in files:
        doc, problems = load_located(path)
        result.problems.extend(problems)
        if doc is None:
            continue
        if not isinstance(doc.value, dict):
            result.problems.append(f"{doc.where(())}: expected a mapping of fields at the top of the file")
            continue
        if "sources" in doc.value and "body" not in doc.value:
            try:
                model = SourcesFileModel.model_validate(doc.value)
            except ValidationError as exc:
                result.problems.extend(_pydantic_problems(doc, exc))
                # Validate entry by entry so one bad source does not hide the good ones.
                model = _salvage_sources(doc)
            for i, src in enumerate(model.sources):
                _add_source(result, doc, i, src, source_marks)
            continue
        try:
            article = ArticleModel.model_validate(doc.value)
        except ValidationError as exc:
            result.problems.extend(_pydantic_problems(doc, exc))
            continue
        article_docs.append((doc, article))

    source_ids = {s.id for s in result.sources} | set(known_sources)
    seen_articles: dict[str, str] = {}
    seen_annotations: dict[str, str] = {}
    for doc, article in article_docs:
        record = _convert_article(result, doc, article, source_ids, seen_articles, seen_annotations, stored)
        if record is not None:
            result.articles.append(record)
    return result


def _salvage_sources(doc: Located) -> SourcesFileModel:
    good = []
    items = doc.value.get("sources")
    if isinstance(items, list):
        for item in items:
            try:
                good.append(SourceModel.model_validate(item))
            except ValidationError:
                continue
    return SourcesFileModel.model_construct(sources=good)


def _add_source(result: ParsedCorpus, doc: Located, i: int, src: SourceModel, seen: dict[str, str]) -> None:
    path = ("sources", i)
    ok = True
    if not SLUG.match(src.id):
        result.problems.append(f"{doc.where((*path, 'id'))}: bad id '{src.id}': use lowercase letters, digits and hyphens")
        ok = False
    if src.id in seen:
        result.problems.append(f"{doc.where((*path, 'id'))}: duplicate source id '{src.id}' (first defined at {seen[src.id]})")
        return
    seen[src.id] = doc.where((*path, "id"))
    published, problem = _date_text(src.published, allow_undated=True)
    if problem:
        result.problems.append(f"{doc.where((*path, 'published'))}: {problem}")
        ok = False
    if problem := url_problem(src.url):
        result.problems.append(f"{doc.where((*path, 'url'))}: {problem}")
        ok = False
    if not src.url and not src.locator:
        result.problems.append(f"{doc.where(path)}: source '{src.id}' needs a url or a locator")
    for name in ("title", "publisher"):
        if not getattr(src, name).strip():
            result.problems.append(f"{doc.where((*path, name))}: '{name}' is empty")
    result.locations[("source", src.id)] = doc.where((*path, "id")).rsplit(":", 1)[0]
    if ok:
        result.sources.append(
            SourceRecord(
                id=src.id, title=src.title, publisher=src.publisher, kind=src.kind,
                published=published, author=src.author, url=src.url, locator=src.locator,
                excerpt=src.excerpt, notes=src.notes,
            )
        )


def _convert_article(
    result: ParsedCorpus,
    doc: Located,
    article: ArticleModel,
    source_ids: set[str],
    seen_articles: dict[str, str],
    seen_annotations: dict[str, str],
    stored: StoredLookup | None,
) -> ArticleRecord | None:
    problems = result.problems
    before = len(problems)
    if not SLUG.match(article.id):
        problems.append(f"{doc.where(('id',))}: bad id '{article.id}': use lowercase letters, digits and hyphens")
    if article.id in seen_articles:
        problems.append(f"{doc.where(('id',))}: duplicate article id '{article.id}' (first defined at {seen_articles[article.id]})")
    seen_articles.setdefault(article.id, doc.where(("id",)))
    published, problem = _date_text(article.published, allow_undated=False)
    if problem:
        problems.append(f"{doc.where(('published',))}: {problem}")
    if problem := url_problem(article.url):
        problems.append(f"{doc.where(('url',))}: {problem}")
    if not article.body.strip():
        problems.append(f"{doc.where(('body',))}: the body is empty")
    if not article.title.strip():
        problems.append(f"{doc.where(('title',))}: the title is empty")
    result.locations[("article", article.id)] = doc.where(("id",)).rsplit(":", 1)[0]
    annotations = []
    for i, raw in enumerate(article.annotations):
        try:
            ann = AnnotationModel.model_validate(raw)
        except ValidationError as exc:
            problems.extend(_pydantic_problems(doc, exc, root=("annotations", i)))
            # Still check the rest of this annotation (its quote, its sources), so every problem
            # is reported in one run; the annotation itself is not kept.
            salvaged = _salvage_annotation(raw, exc)
            if salvaged is not None:
                _convert_annotation(result, doc, article, i, salvaged, source_ids, seen_annotations, stored)
            continue
        record = _convert_annotation(result, doc, article, i, ann, source_ids, seen_annotations, stored)
        if record is not None:
            annotations.append(record)
    if len(problems) > before:
        return None
    annotations.sort(key=lambda a: (a.position.start, a.position.end, a.id))
    return ArticleRecord(
        id=article.id, title=article.title, body=article.body, outlet=article.outlet,
        byline=article.byline, published=published, url=article.url, language=article.language,
        revision=article.revision, annotations=tuple(annotations),
    )


_NO_QUOTE = "\u0000"  # placeholder for a quote that was itself invalid
_PLACEHOLDERS: dict[str, Any] = {"id": "invalid", "quote": _NO_QUOTE, "category": "question"}


def _salvage_annotation(raw: Any, exc: ValidationError) -> AnnotationModel | None:
    """The annotation without its invalid fields (placeholders for required ones), or None."""
    if not isinstance(raw, dict):
        return None
    first = [(str(e["loc"][0]), e["type"]) for e in exc.errors() if e["loc"]]
    bad = {name for name, kind in first if name in AnnotationModel.model_fields or kind == "extra_forbidden"}
    cleaned = {k: v for k, v in raw.items() if k not in bad}
    for key, value in _PLACEHOLDERS.items():
        cleaned.setdefault(key, value)
    try:
        return AnnotationModel.model_validate(cleaned)
    except ValidationError:
        return None


def _convert_annotation(
    result: ParsedCorpus,
    doc: Located,
    article: ArticleModel,
    i: int,
    ann: AnnotationModel,
    source_ids: set[str],
    seen: dict[str, str],
    stored: StoredLookup | None,
) -> AnnotationRecord | None:
    problems = result.problems
    before = len(problems)
    path = ("annotations", i)
    if not SLUG.match(ann.id):
        problems.append(f"{doc.where((*path, 'id'))}: bad id '{ann.id}': use lowercase letters, digits and hyphens")
    if ann.id in seen:
        problems.append(f"{doc.where((*path, 'id'))}: duplicate annotation id '{ann.id}' (first defined at {seen[ann.id]})")
    seen.setdefault(ann.id, doc.where((*path, "id")))
    result.locations[("annotation", ann.id)] = doc.where(path).rsplit(":", 1)[0]
    citations = []
    for j, raw in enumerate(ann.citations):
        try:
            cit = CitationModel.model_validate(raw)
        except ValidationError as exc:
            problems.extend(_pydantic_problems(doc, exc, root=(*path, "citations", j)))
            continue
        if cit.source not in source_ids:
            problems.append(
                f"{doc.where((*path, 'citations', j, 'source'))}: citation to unknown source '{cit.source}' "
                "(add it to sources.yaml)"
            )
        citations.append(CitationRecord(source_id=cit.source, relation=cit.relation, evidence=cit.evidence, locator=cit.locator))
    if ann.quote == _NO_QUOTE:
        return None
    if not ann.quote.strip():
        problems.append(f"{doc.where((*path, 'quote'))}: the quote is empty")
        return None
    state = ann.anchor.state if ann.anchor else "anchored"
    quote: TextQuote | None = None
    position: TextPosition | None = None
    if state == "orphaned":
        anchor = ann.anchor
        assert anchor is not None
        start = anchor.start if anchor.start is not None else 0
        end = anchor.end if anchor.end is not None else start + len(ann.quote)
        quote = TextQuote(exact=ann.quote, prefix=anchor.prefix or "", suffix=anchor.suffix or "")
        position = TextPosition(start, end)
    else:
        try:
            position = resolve_quote(article.body, ann.quote, ann.occurrence)
        except AnchoringError as exc:
            previous = stored(article.id).get(ann.id) if stored is not None else None
            if previous is None:
                problems.append(f"{doc.where((*path, 'quote'))}: {exc}")
            else:
                outcome = reanchor(article.body, previous[0], previous[1], annotation_id=ann.id, old_length=previous[2])
                result.reanchored.append(outcome)
                if outcome.status == "orphaned" or outcome.quote is None or outcome.new is None:
                    state, quote, position = "orphaned", previous[0], previous[1]
                else:
                    state, quote, position = "moved", outcome.quote, outcome.new
        else:
            quote, position = make_selectors(article.body, position.start, position.end)
    if len(problems) > before or quote is None or position is None:
        return None
    return AnnotationRecord(
        id=ann.id, article_id=article.id, category=ann.category, quote=quote, position=position,
        note=ann.note, verdict=ann.verdict, claim_reviewed=ann.claim_reviewed, claim_key=ann.claim_key,
        status=ann.status, author=ann.author, anchor_state=state, created=_stamp(ann.created),
        modified=_stamp(ann.modified), citations=tuple(citations),
    )


# ---------------------------------------------------------------------------- writing


def _drop_empty(d: dict[str, Any], keep: Sequence[str] = ()) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k in keep or (v is not None and v != [] and v != "")}


def article_to_yaml(article: ArticleRecord) -> str:
    """One article file, in the documented format."""
    annotations = []
    for ann in article.annotations:
        entry: dict[str, Any] = {"id": ann.id, "quote": ann.quote.exact}
        if ann.anchor_state == "orphaned":
            entry["anchor"] = {
                "state": "orphaned", "start": ann.position.start, "end": ann.position.end,
                "prefix": ann.quote.prefix, "suffix": ann.quote.suffix,
            }
        else:
            hits = find_quote(article.body, ann.quote.exact)
            if len(hits) > 1:
                entry["occurrence"] = 1 + next(
                    (k for k, h in enumerate(hits) if h.start == ann.position.start), 0
                )
            if ann.anchor_state == "moved":
                entry["anchor"] = {"state": "moved"}
        entry.update(
            category=ann.category, verdict=ann.verdict, claim_reviewed=ann.claim_reviewed,
            claim_key=ann.claim_key, status=ann.status, author=ann.author, note=ann.note,
            created=ann.created, modified=ann.modified,
        )
        entry["citations"] = [
            _drop_empty({"source": c.source_id, "relation": c.relation, "locator": c.locator, "evidence": c.evidence})
            for c in ann.citations
        ]
        annotations.append(_drop_empty(entry, keep=("id", "quote", "category")))
    data = {
        "id": article.id, "title": article.title, "outlet": article.outlet, "byline": article.byline,
        "published": article.published, "url": article.url, "language": article.language,
        "revision": article.revision, "body": article.body, "annotations": annotations,
    }
    return dump_yaml(data)


def sources_to_yaml(sources: Sequence[SourceRecord]) -> str:
    """The sources.yaml file."""
    items = [
        _drop_empty(
            {
                "id": s.id, "title": s.title, "publisher": s.publisher, "author": s.author,
                "published": s.published, "url": s.url, "locator": s.locator, "kind": s.kind,
                "excerpt": s.excerpt, "notes": s.notes,
            },
            keep=("id", "title", "publisher", "published", "kind"),
        )
        for s in sorted(sources, key=lambda s: s.id)
    ]
    return dump_yaml({"sources": items})


def write_corpus(folder: Path, articles: Sequence[ArticleRecord], sources: Sequence[SourceRecord]) -> list[Path]:
    """Write sources.yaml and one file per article into `folder`; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    target = folder / "sources.yaml"
    target.write_text(sources_to_yaml(sources), encoding="utf-8")
    written.append(target)
    for article in articles:
        target = folder / f"{article.id}.yaml"
        target.write_text(article_to_yaml(article), encoding="utf-8")
        written.append(target)
    return written
