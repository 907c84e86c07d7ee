"""The source checker: what makes an annotation "source-checked" (DESIGN.md), as findings.

`check_corpus` runs every rule over a `CorpusSnapshot` in one pass with dictionaries (no query,
no re-scan per annotation) and returns a `CheckReport`: the findings, a status per annotation
(the badge the app shows) and a summary per article (the report the app shows). `closeread
check` prints the findings and exits non-zero when `report.ok` is false.

`check_annotation` runs the rules that need only one annotation, its article body and the
sources; `check_corpus` uses it for every annotation, and the desktop re-runs it on every edit
for the live badge. Rules that compare annotations (duplicates, `claim_key` conflicts, unused
sources) need the whole corpus and run only in `check_corpus`.

An annotation is source-checked when the checker finds no error on it or on a source it cites.

Finding codes
-------------
The codes are stable: tools, tests and saved reports may rely on them. `FINDING_CODES` holds the
same table as data (severity and meaning per code).

=================================  ========  ==========================================================
code                               severity  meaning
=================================  ========  ==========================================================
anchor-orphaned                    error     the anchor was lost (anchor_state "orphaned")
anchor-mismatch                    error     body[start:end] is not the quote's exact text
anchor-moved                       warning   re-anchored to a new place, waiting for a teacher's review
claim-without-verdict              error     a claim has no verdict
claim-without-claim-reviewed       error     a claim does not state the claim as reviewed
verdict-on-non-claim               warning   a verdict on an annotation that is not a claim
verdict-without-fitting-citation   error     a verdict other than unverified/opinion has no citation whose
                                             relation fits it (vocabulary.FITTING_RELATIONS)
citation-unknown-source            error     a citation names a source id that does not exist
source-missing-title               error     a source has no title
source-missing-publisher           error     a source has no publisher
source-missing-date                error     a source has no published date (not even "undated")
source-missing-url-or-locator      error     a source has neither a url nor a locator
source-malformed-date              error     published is not YYYY-MM-DD, YYYY-MM, YYYY or "undated"
source-undated                     warning   published is "undated": the page itself carries no date
source-malformed-url               error     the url is not absolute http(s) with a host and no spaces
evidence-not-in-excerpt            error     an evidence quote is not in the source's stored excerpt
                                             (compared after normalising whitespace, quotes, dashes)
claim-weak-sources-only            warning   a claim cites only state-media or mirror sources
inaccurate-single-source           warning   an "inaccurate" verdict rests on a single source
claim-key-conflict                 warning   one claim_key carries different verdicts in two articles
                                             (reported on each annotation involved)
source-unused                      warning   no annotation cites the source (source-level)
annotation-duplicate               warning   same article, category and [start, end) as another
                                             annotation (reported on each annotation involved)
annotation-article-mismatch        error     annotation.article_id is not the article it is stored in
duplicate-id                       error     two articles, two sources or two annotations share an id
unknown-category                   error     category not in vocabulary.CATEGORIES
unknown-verdict                    error     verdict not in vocabulary.VERDICTS
unknown-relation                   error     citation relation not in vocabulary.RELATIONS
unknown-source-kind                error     source kind not in vocabulary.SOURCE_KINDS
unknown-status                     error     status not in vocabulary.STATUSES
unknown-anchor-state               error     anchor_state not in vocabulary.ANCHOR_STATES
=================================  ========  ==========================================================

Source-record findings (`source-*`, `unknown-source-kind`) are reported once per source, with
no annotation id; every annotation citing that source still takes their severity into its status.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Final, Literal
from urllib.parse import urlsplit

from corpus.records import AnnotationRecord, ArticleRecord, CorpusSnapshot, SourceRecord
from corpus.vocabulary import (
    ANCHOR_STATES,
    CATEGORIES,
    FITTING_RELATIONS,
    RELATIONS,
    SOURCE_KINDS,
    STATUSES,
    UNDATED,
    VERDICTS,
    VERDICTS_WITHOUT_EVIDENCE,
    WEAK_SOURCE_KINDS,
)

__all__ = [
    "FINDING_CODES",
    "AnnotationStatus",
    "ArticleSummary",
    "CheckReport",
    "Finding",
    "FindingCode",
    "Severity",
    "annotation_status",
    "check_annotation",
    "check_corpus",
    "check_source",
    "normalise_for_matching",
]

Severity = Literal["error", "warning"]
AnnotationStatus = Literal["checked", "warnings", "errors", "orphaned"]

ANNOTATION_STATUSES: Final[tuple[AnnotationStatus, ...]] = (
    "checked",
    "warnings",
    "errors",
    "orphaned",
)


@dataclass(frozen=True, slots=True)
class FindingCode:
    """One row of the finding-code table: a stable code, its severity and what it means."""

    code: str
    severity: Severity
    meaning: str


def _codes(*rows: tuple[str, Severity, str]) -> dict[str, FindingCode]:
    return {code: FindingCode(code, severity, meaning) for code, severity, meaning in rows}


FINDING_CODES: Final[dict[str, FindingCode]] = _codes(
    ("anchor-orphaned", "error", "the anchor was lost (anchor_state 'orphaned')"),
    ("anchor-mismatch", "error", "body[start:end] is not the quote's exact text"),
    ("anchor-moved", "warning", "re-anchored to a new place, waiting for a teacher's review"),
    ("claim-without-verdict", "error", "a claim has no verdict"),
    ("claim-without-claim-reviewed", "error", "a claim does not state the claim as reviewed"),
    ("verdict-on-non-claim", "warning", "a verdict on an annotation that is not a claim"),
    (
        "verdict-without-fitting-citation",
        "error",
        "a verdict other than unverified/opinion has no citation whose relation fits it",
    ),
    ("citation-unknown-source", "error", "a citation names a source id that does not exist"),
    ("source-missing-title", "error", "a source has no title"),
    ("source-missing-publisher", "error", "a source has no publisher"),
    ("source-missing-date", "error", "a source has no published date (not even 'undated')"),
    ("source-missing-url-or-locator", "error", "a source has neither a url nor a locator"),
    (
        "source-malformed-date",
        "error",
        "published is not YYYY-MM-DD, YYYY-MM, YYYY or 'undated'",
    ),
    ("source-undated", "warning", "published is 'undated': the page itself carries no date"),
    (
        "source-malformed-url",
        "error",
        "the url is not an absolute http(s) url with a host and no spaces",
    ),
    (
        "evidence-not-in-excerpt",
        "error",
        "an evidence quote is not in the source's stored excerpt (normalised comparison)",
    ),
    ("claim-weak-sources-only", "warning", "a claim cites only state-media or mirror sources"),
    ("inaccurate-single-source", "warning", "an 'inaccurate' verdict rests on a single source"),
    (
        "claim-key-conflict",
        "warning",
        "one claim_key carries different verdicts in two articles",
    ),
    ("source-unused", "warning", "no annotation cites the source"),
    (
        "annotation-duplicate",
        "warning",
        "same article, category and [start, end) as another annotation",
    ),
    (
        "annotation-article-mismatch",
        "error",
        "annotation.article_id is not the article it is stored in",
    ),
    ("duplicate-id", "error", "two articles, two sources or two annotations share an id"),
    ("unknown-category", "error", "category not in vocabulary.CATEGORIES"),
    ("unknown-verdict", "error", "verdict not in vocabulary.VERDICTS"),
    ("unknown-relation", "error", "citation relation not in vocabulary.RELATIONS"),
    ("unknown-source-kind", "error", "source kind not in vocabulary.SOURCE_KINDS"),
    ("unknown-status", "error", "status not in vocabulary.STATUSES"),
    ("unknown-anchor-state", "error", "anchor_state not in vocabulary.ANCHOR_STATES"),
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem the checker found, in plain words, with what to do about it."""

    code: str
    severity: Severity
    article_id: str | None
    annotation_id: str | None
    source_id: str | None
    message: str
    hint: str


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """Counts for one article's report (the app's per-article check panel).

    `errors` and `warnings` count the findings that affect the article: those on its annotations
    plus the source-record findings of the sources its annotations cite (each source once).
    `status_counts` always has the four statuses as keys.
    """

    article_id: str
    annotations: int
    published: int
    by_category: dict[str, int]
    by_verdict: dict[str, int]
    errors: int
    warnings: int
    orphaned: int
    moved: int
    status_counts: dict[str, int]


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What `check_corpus` returns: findings, a status per annotation, a summary per article."""

    findings: tuple[Finding, ...]
    statuses: dict[str, AnnotationStatus]
    summaries: dict[str, ArticleSummary]
    # source ids cited by each article, so `for_article` can include source-record findings.
    cited_sources: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The findings of severity error."""
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """The findings of severity warning."""
        return tuple(f for f in self.findings if f.severity == "warning")

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed): `closeread check` exits 0."""
        return not any(f.severity == "error" for f in self.findings)

    def for_annotation(self, annotation_id: str) -> tuple[Finding, ...]:
        """The findings attached to one annotation (not those of the sources it cites)."""
        return tuple(f for f in self.findings if f.annotation_id == annotation_id)

    def for_article(self, article_id: str) -> tuple[Finding, ...]:
        """The findings that affect one article, as counted in its `ArticleSummary`."""
        cited = self.cited_sources.get(article_id, frozenset())
        return tuple(
            f
            for f in self.findings
            if f.article_id == article_id
            or (f.article_id is None and f.code != "source-unused" and f.source_id in cited)
        )


# --------------------------------------------------------------------------------------------
# Text normalisation for evidence matching
# --------------------------------------------------------------------------------------------

_QUOTES_AND_DASHES: Final = str.maketrans(
    {
        "\u2018": "'",  # ‘
        "\u2019": "'",  # ’
        "\u201a": "'",  # ‚
        "\u201b": "'",  # ‛
        "\u2032": "'",  # ′
        "\u00b4": "'",  # ´
        "`": "'",
        "\u201c": '"',  # “
        "\u201d": '"',  # ”
        "\u201e": '"',  # „
        "\u201f": '"',  # ‟
        "\u2033": '"',  # ″
        "\u00ab": '"',  # «
        "\u00bb": '"',  # »
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",  # figure dash
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2015": "-",  # horizontal bar
        "\u2212": "-",  # minus sign
        "\u00ad": None,  # soft hyphen: invisible, drop it
        "\u200b": None,  # zero-width space
        "\u2060": None,  # word joiner
        "\ufeff": None,  # zero-width no-break space
    }
)
_WHITESPACE: Final = re.compile(r"\s+")  # str patterns are Unicode-aware: NBSP, thin space, ...


def normalise_for_matching(text: str) -> str:
    """Fold quote styles, dash styles and runs of whitespace, so evidence matches its source.

    Curly and straight quotes become straight, every dash becomes "-", any run of whitespace
    (including no-break and thin spaces and line breaks) becomes one space, and the ends are
    stripped. Letter case is kept: "US" and "us" are different words.
    """
    return _WHITESPACE.sub(" ", text.translate(_QUOTES_AND_DASHES)).strip()


# --------------------------------------------------------------------------------------------
# Per-source rules
# --------------------------------------------------------------------------------------------

_DATE: Final = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _is_valid_date(value: str) -> bool:
    match = _DATE.match(value)
    if match is None:
        return False
    year, month, day = match.groups()
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return False
    return True


def _url_problem(url: str) -> str | None:
    """Why a url is malformed, in plain words, or None when it is fine."""
    if any(ch.isspace() for ch in url):
        return "it contains a space or line break"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as error:
        return f"it cannot be parsed ({error})"
    if parts.scheme.lower() not in ("http", "https"):
        if not parts.scheme:
            return "it is not absolute (it has no http:// or https://)"
        return f"its scheme is {parts.scheme!r}, not http or https"
    if not parts.hostname:
        return "it has no host name"
    return None


def _short(text: str, limit: int = 60) -> str:
    """Shorten a quotation for a message."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _one_of(values: Iterable[str]) -> str:
    return ", ".join(values)


def check_source(source: SourceRecord) -> list[Finding]:
    """Check one source record: required fields, date, url and kind.

    The findings are source-level (no article or annotation id).
    """
    findings: list[Finding] = []
    sid = source.id

    def add(code: str, message: str, hint: str) -> None:
        findings.append(Finding(code, FINDING_CODES[code].severity, None, None, sid, message, hint))

    if not (source.title or "").strip():
        add(
            "source-missing-title",
            f"The source '{sid}' has no title.",
            "Copy the page's own headline or document title into `title`.",
        )
    if not (source.publisher or "").strip():
        add(
            "source-missing-publisher",
            f"The source '{sid}' does not say who published it.",
            "Add the outlet, agency or body that published it as `publisher` "
            "(e.g. 'TASS', 'UN Security Council').",
        )
    published = (source.published or "").strip()
    if not published:
        add(
            "source-missing-date",
            f"The source '{sid}' has no publication date.",
            "Add the date the page shows as `published` (YYYY-MM-DD, YYYY-MM or YYYY); "
            f"if the page carries no date at all, write `{UNDATED}` rather than inventing one.",
        )
    elif published == UNDATED:
        add(
            "source-undated",
            f"The source '{sid}' carries no date (published: {UNDATED}).",
            "That is fine when the page really shows none; if a dated copy of the same "
            "text exists, cite that instead.",
        )
    elif not _is_valid_date(published):
        add(
            "source-malformed-date",
            f"The source '{sid}' has the date {source.published!r}, which is not a date "
            "in the form YYYY-MM-DD, YYYY-MM or YYYY.",
            f"Write it as e.g. 2024-06-20, 2024-06 or 2024, or `{UNDATED}` if the page has none.",
        )
    url = source.url
    if not (url or "").strip() and not (source.locator or "").strip():
        add(
            "source-missing-url-or-locator",
            f"The source '{sid}' has neither a url nor a locator, so nobody can find it again.",
            "Add the url of the page, or for an offline source a `locator` (e.g. 'UNTS No. 6045').",
        )
    if url is not None and url.strip():
        problem = _url_problem(url)
        if problem is not None:
            add(
                "source-malformed-url",
                f"The url of source '{sid}' is malformed: {problem}.",
                "Use the full address as the browser shows it, starting with https:// "
                "(encode spaces as %20).",
            )
    if source.kind not in _SOURCE_KINDS:
        add(
            "unknown-source-kind",
            f"The source '{sid}' has the kind {source.kind!r}, which Closeread does not know.",
            f"Use one of: {_one_of(SOURCE_KINDS)}.",
        )
    return findings


# --------------------------------------------------------------------------------------------
# Per-annotation rules
# --------------------------------------------------------------------------------------------

_CATEGORIES: Final = frozenset(CATEGORIES)
_VERDICTS: Final = frozenset(VERDICTS)
_RELATIONS: Final = frozenset(RELATIONS)
_SOURCE_KINDS: Final = frozenset(SOURCE_KINDS)
_STATUSES: Final = frozenset(STATUSES)
_ANCHOR_STATES: Final = frozenset(ANCHOR_STATES)

_RELATION_WORDS: Final[dict[str, str]] = {
    "supports": "supports it",
    "refutes": "refutes it",
    "context": "gives context",
}


def _check_one(
    annotation: AnnotationRecord,
    body: str,
    sources: Mapping[str, SourceRecord],
    excerpts: dict[str, str],
    suggestions: dict[str, str],
) -> list[Finding] | None:
    """The per-annotation rules; None when there is nothing to report (the common case).

    `excerpts` caches the normalised excerpt per source id across calls, and `suggestions` the
    "did you mean" text per unknown source id (a renamed source can break thousands of
    citations, and a fuzzy search over every source id for each would be slow).
    """
    found: list[Finding] | None = None
    aid = annotation.id
    article_id = annotation.article_id

    def add(code: str, message: str, hint: str, source_id: str | None = None) -> None:
        nonlocal found
        finding = Finding(
            code, FINDING_CODES[code].severity, article_id, aid, source_id, message, hint
        )
        if found is None:
            found = [finding]
        else:
            found.append(finding)

    # --- vocabulary -------------------------------------------------------------------------
    category = annotation.category
    if category not in _CATEGORIES:
        add(
            "unknown-category",
            f"The category {category!r} is not one Closeread knows.",
            f"Use one of: {_one_of(CATEGORIES)}.",
        )
    verdict = annotation.verdict
    if verdict is not None and verdict not in _VERDICTS:
        add(
            "unknown-verdict",
            f"The verdict {verdict!r} is not one Closeread knows.",
            f"Use one of: {_one_of(VERDICTS)}.",
        )
    if annotation.status not in _STATUSES:
        add(
            "unknown-status",
            f"The status {annotation.status!r} is not one Closeread knows.",
            f"Use one of: {_one_of(STATUSES)}.",
        )
    anchor_state = annotation.anchor_state
    if anchor_state not in _ANCHOR_STATES:
        add(
            "unknown-anchor-state",
            f"The anchor state {anchor_state!r} is not one Closeread knows.",
            f"It must be one of: {_one_of(ANCHOR_STATES)}; re-anchor the annotation to reset it.",
        )

    # --- anchor -----------------------------------------------------------------------------
    quote = annotation.quote
    if anchor_state == "orphaned":
        add(
            "anchor-orphaned",
            f"The annotation lost its place: the quote “{_short(quote.exact)}” "
            "is no longer found in the article.",
            "Open the article, select the passage this note is about and re-attach the "
            "annotation to it, or delete the annotation if the passage is gone.",
        )
    else:
        start, end = annotation.position.start, annotation.position.end
        if not 0 <= start <= end <= len(body):
            add(
                "anchor-mismatch",
                f"The stored position [{start}, {end}) lies outside the article text "
                f"({len(body)} characters), so it cannot hold the quote “{_short(quote.exact)}”.",
                "Re-anchor the annotation from its quote (the quote is authoritative).",
            )
        elif body[start:end] != quote.exact:
            add(
                "anchor-mismatch",
                f"The stored position [{start}, {end}) holds “{_short(body[start:end])}”, "
                f"not the quote “{_short(quote.exact)}”.",
                "Re-anchor the annotation from its quote (the quote is authoritative), or "
                "correct the quote if the article text was corrected.",
            )
        if anchor_state == "moved":
            add(
                "anchor-moved",
                "The article text changed and this annotation was re-attached to a new "
                "place; nobody has confirmed the new place yet.",
                "Check that the highlighted passage still says what the note is about, then "
                "confirm it (or re-attach it by hand).",
            )

    # --- claim and verdict ------------------------------------------------------------------
    is_claim = category == "claim"
    if is_claim:
        if not verdict:
            add(
                "claim-without-verdict",
                "This claim has no verdict.",
                f"Give it one of: {_one_of(VERDICTS)}; use 'unverified' when the sources "
                "do not settle it.",
            )
        if not (annotation.claim_reviewed or "").strip():
            add(
                "claim-without-claim-reviewed",
                "This claim does not say which claim was reviewed.",
                "Write the claim as it was checked, in one plain sentence, in "
                "`claim_reviewed` (it is what the verdict judges).",
            )
    elif verdict is not None:
        add(
            "verdict-on-non-claim",
            f"This {category} annotation carries the verdict {verdict!r}; only claims "
            "take verdicts.",
            "Change the category to 'claim' (and add the claim as reviewed), or remove "
            "the verdict.",
        )

    # --- citations --------------------------------------------------------------------------
    known_sources: list[SourceRecord] = []
    relations: set[str] = set()
    for citation in annotation.citations:
        sid = citation.source_id
        relation = citation.relation
        if relation not in _RELATIONS:
            add(
                "unknown-relation",
                f"The citation of '{sid}' has the relation {relation!r}, which Closeread "
                "does not know.",
                f"Use one of: {_one_of(RELATIONS)}.",
                sid,
            )
        source = sources.get(sid)
        if source is None:
            did_you_mean = suggestions.get(sid)
            if did_you_mean is None:
                close = difflib.get_close_matches(sid, list(sources), n=1)
                did_you_mean = suggestions[sid] = f" (did you mean '{close[0]}'?)" if close else ""
            add(
                "citation-unknown-source",
                f"The annotation cites the source '{sid}', which is not in the sources list.",
                f"Add '{sid}' to sources.yaml or correct the id{did_you_mean}.",
                sid,
            )
            continue
        known_sources.append(source)
        relations.add(relation)
        evidence = citation.evidence
        if evidence and source.excerpt:
            excerpt = excerpts.get(sid)
            if excerpt is None:
                excerpt = excerpts[sid] = normalise_for_matching(source.excerpt)
            if normalise_for_matching(evidence) not in excerpt:
                add(
                    "evidence-not-in-excerpt",
                    f"The evidence “{_short(evidence)}” is not in the stored excerpt of "
                    f"source '{sid}' (even ignoring differences of spaces, quotes and dashes).",
                    "Copy the quotation exactly from the source, or update the source's "
                    "`excerpt` if it holds the wrong passage.",
                    sid,
                )

    if is_claim and verdict in _VERDICTS:
        if verdict not in VERDICTS_WITHOUT_EVIDENCE:
            fitting = FITTING_RELATIONS[verdict]
            if relations.isdisjoint(fitting):
                needed = " or ".join(_RELATION_WORDS.get(r, r) for r in sorted(fitting))
                add(
                    "verdict-without-fitting-citation",
                    f"The verdict {verdict!r} needs at least one cited source that {needed}, "
                    "and there is none.",
                    "Cite a source with relation "
                    + " or ".join(sorted(fitting))
                    + ", or change the verdict to 'unverified' until you have one.",
                )
        distinct = {s.id: s for s in known_sources}
        if distinct and all(s.kind in WEAK_SOURCE_KINDS for s in distinct.values()):
            add(
                "claim-weak-sources-only",
                "This claim rests only on state media or mirror sites ("
                + ", ".join(distinct)
                + ").",
                "Add an independent source, such as a wire service, a news outlet or the "
                "official original, that says the same.",
            )
        if verdict == "inaccurate" and len(distinct) == 1:
            add(
                "inaccurate-single-source",
                f"The verdict 'inaccurate' rests on one source ('{next(iter(distinct))}').",
                "Before calling a claim inaccurate, add a second, independent source.",
            )
    return found


def check_annotation(
    annotation: AnnotationRecord,
    body: str,
    sources: Mapping[str, SourceRecord],
    *,
    include_source_findings: bool = True,
) -> list[Finding]:
    """Check one annotation against its article body and the sources: the live badge.

    Runs the per-annotation rules: vocabulary, anchor, claim and verdict, citations and
    evidence. With `include_source_findings` (the default) the source-record findings of every
    source it cites are added too, attached to this annotation, so `annotation_status` of the
    result is the badge. Rules that compare annotations with each other (duplicates,
    `claim_key` conflicts, unused sources) need `check_corpus`.
    """
    findings = _check_one(annotation, body, sources, {}, {}) or []
    if include_source_findings:
        seen: set[str] = set()
        for citation in annotation.citations:
            source = sources.get(citation.source_id)
            if source is None or source.id in seen:
                continue
            seen.add(source.id)
            findings.extend(
                replace(f, article_id=annotation.article_id, annotation_id=annotation.id)
                for f in check_source(source)
            )
    return findings


def annotation_status(
    annotation: AnnotationRecord, findings: Iterable[Finding]
) -> AnnotationStatus:
    """The badge for one annotation from its findings: orphaned, errors, warnings or checked."""
    if annotation.anchor_state == "orphaned":
        return "orphaned"
    worst: AnnotationStatus = "checked"
    for finding in findings:
        if finding.severity == "error":
            return "errors"
        worst = "warnings"
    return worst


# --------------------------------------------------------------------------------------------
# The whole corpus
# --------------------------------------------------------------------------------------------

_RANK: Final[dict[str, int]] = {"checked": 0, "warnings": 1, "errors": 2, "orphaned": 3}


def _finding(
    code: str,
    message: str,
    hint: str,
    *,
    article_id: str | None = None,
    annotation_id: str | None = None,
    source_id: str | None = None,
) -> Finding:
    return Finding(
        code, FINDING_CODES[code].severity, article_id, annotation_id, source_id, message, hint
    )


def check_corpus(snapshot: CorpusSnapshot, *, article_id: str | None = None) -> CheckReport:
    """Check a whole corpus snapshot (or one article of it) and report every finding.

    One pass over the sources and one over the annotations, with dictionaries for the cross
    rules; it never re-scans the corpus per annotation. With `article_id`, only that article's
    annotations are checked and reported, with the findings of the sources they cite;
    `claim_key` conflicts are still looked up across the whole corpus, and unused sources are
    not reported. Raises ValueError if `article_id` names no article.

    Findings come in a stable order: source-record findings in source order, then article-level
    findings (duplicate article ids), then each article's annotations in order with their
    findings, then source-unused warnings.
    """
    articles: Sequence[ArticleRecord] = snapshot.articles
    if article_id is not None:
        articles = [a for a in snapshot.articles if a.id == article_id]
        if not articles:
            raise ValueError(f"there is no article with the id {article_id!r}")

    # --- sources ----------------------------------------------------------------------------
    sources: dict[str, SourceRecord] = {}
    # source id -> its findings, in the order the sources first appear
    source_findings: dict[str, list[Finding]] = {}
    for source in snapshot.sources:
        if source.id in sources:
            source_findings.setdefault(source.id, []).append(
                _finding(
                    "duplicate-id",
                    f"Two sources share the id '{source.id}'; citations reach only the first.",
                    "Give each source its own id and update the citations of the second.",
                    source_id=source.id,
                )
            )
            continue
        sources[source.id] = source
        problems = check_source(source)
        if problems:
            source_findings[source.id] = problems
    source_severity: dict[str, AnnotationStatus] = {
        sid: "errors" if any(f.severity == "error" for f in found) else "warnings"
        for sid, found in source_findings.items()
    }

    # --- claim keys across the whole corpus (needed even for one article) ---------------------
    key_verdicts: dict[str, dict[str, set[str]]] = {}  # claim_key -> verdict -> article ids
    for article in snapshot.articles:
        for annotation in article.annotations:
            key = annotation.claim_key
            if key and annotation.verdict:
                key_verdicts.setdefault(key, {}).setdefault(annotation.verdict, set()).add(
                    article.id
                )
    conflicting_keys = {
        key
        for key, by_verdict in key_verdicts.items()
        if len(by_verdict) > 1 and len(set().union(*by_verdict.values())) > 1
    }

    # --- annotations ------------------------------------------------------------------------
    per_annotation: dict[int, list[Finding]] = {}  # index in `ordered` -> findings
    ordered: list[tuple[ArticleRecord, AnnotationRecord]] = []
    spans: dict[tuple[str, str, int, int], list[int]] = {}
    seen_annotation_ids: set[str] = set()
    seen_article_ids: set[str] = set()
    article_findings: dict[str, list[Finding]] = {}  # article-level (annotation_id None)
    cited: set[str] = set()
    cited_by_article: dict[str, set[str]] = {}
    excerpts: dict[str, str] = {}
    suggestions: dict[str, str] = {}

    for article in articles:
        if article.id in seen_article_ids:
            article_findings.setdefault(article.id, []).append(
                _finding(
                    "duplicate-id",
                    f"Two articles share the id '{article.id}'.",
                    "Give each article its own id (a slug unique across the corpus).",
                    article_id=article.id,
                )
            )
        seen_article_ids.add(article.id)
        article_cited = cited_by_article.setdefault(article.id, set())
        body = article.body
        for annotation in article.annotations:
            index = len(ordered)
            ordered.append((article, annotation))
            found = _check_one(annotation, body, sources, excerpts, suggestions)
            extra: list[Finding] = []
            if annotation.id in seen_annotation_ids:
                extra.append(
                    _finding(
                        "duplicate-id",
                        f"Two annotations share the id '{annotation.id}'.",
                        "Give each annotation its own id (a slug unique across the corpus).",
                        article_id=annotation.article_id,
                        annotation_id=annotation.id,
                    )
                )
            seen_annotation_ids.add(annotation.id)
            if annotation.article_id != article.id:
                extra.append(
                    _finding(
                        "annotation-article-mismatch",
                        f"The annotation says it belongs to article '{annotation.article_id}' "
                        f"but is stored under article '{article.id}'.",
                        "Move it to the article it belongs to, or correct its article id.",
                        article_id=annotation.article_id,
                        annotation_id=annotation.id,
                    )
                )
            if annotation.claim_key in conflicting_keys and annotation.verdict:
                others = sorted(
                    f"'{verdict}' in {', '.join(sorted(ids))}"
                    for verdict, ids in key_verdicts[annotation.claim_key].items()
                    if verdict != annotation.verdict
                )
                extra.append(
                    _finding(
                        "claim-key-conflict",
                        f"The claim '{annotation.claim_key}' is rated '{annotation.verdict}' "
                        f"here but {'; '.join(others)}.",
                        "Make the verdicts agree, or give the claims different claim keys if "
                        "they are not the same claim.",
                        article_id=annotation.article_id,
                        annotation_id=annotation.id,
                    )
                )
            if annotation.anchor_state != "orphaned":
                span = (
                    article.id,
                    annotation.category,
                    annotation.position.start,
                    annotation.position.end,
                )
                spans.setdefault(span, []).append(index)
            for citation in annotation.citations:
                cited.add(citation.source_id)
                article_cited.add(citation.source_id)
            if found or extra:
                per_annotation[index] = (found or []) + extra

    # --- duplicates (same article, category, span) ------------------------------------------
    for (_, category, start, end), indexes in spans.items():
        if len(indexes) < 2:
            continue
        ids = [ordered[i][1].id for i in indexes]
        for i in indexes:
            annotation = ordered[i][1]
            twins = ", ".join(f"'{x}'" for x in ids if x != annotation.id) or f"'{annotation.id}'"
            per_annotation.setdefault(i, []).append(
                _finding(
                    "annotation-duplicate",
                    f"Another {category} annotation ({twins}) covers exactly the same text "
                    f"[{start}, {end}).",
                    "Merge the notes into one annotation and delete the other.",
                    article_id=annotation.article_id,
                    annotation_id=annotation.id,
                )
            )

    # --- statuses, summaries ----------------------------------------------------------------
    statuses: dict[str, AnnotationStatus] = {}
    builders: dict[str, _SummaryBuilder] = {}
    annotation_findings: list[Finding] = []
    for index, (article, annotation) in enumerate(ordered):
        own = per_annotation.get(index, [])
        annotation_findings.extend(own)
        status = annotation_status(annotation, own)
        if status == "checked" or status == "warnings":
            for citation in annotation.citations:
                severity = source_severity.get(citation.source_id)
                if severity is not None and _RANK[severity] > _RANK[status]:
                    status = severity
        previous = statuses.get(annotation.id)
        if previous is None or _RANK[status] > _RANK[previous]:
            statuses[annotation.id] = status
        builder = builders.get(article.id)
        if builder is None:
            builder = builders[article.id] = _SummaryBuilder(article.id)
        builder.add(annotation, status, own)
    for article in articles:
        # Articles with no annotations still get a summary.
        builders.setdefault(article.id, _SummaryBuilder(article.id))

    # Source findings first (for one article, only the sources it cites), then each article's
    # own findings, then its annotations' findings.
    relevant_sources = cited if article_id is None else cited_by_article.get(article_id, set())
    findings: list[Finding] = []
    for sid, found_for_source in source_findings.items():
        if article_id is None or sid in relevant_sources:
            findings.extend(found_for_source)
    for found_for_article in article_findings.values():
        findings.extend(found_for_article)
    findings.extend(annotation_findings)
    if article_id is None:
        for source in sources.values():
            if source.id not in cited:
                findings.append(
                    _finding(
                        "source-unused",
                        f"No annotation cites the source '{source.id}'.",
                        "Cite it where it is relevant, or remove it from sources.yaml.",
                        source_id=source.id,
                    )
                )

    cited_frozen = {aid: frozenset(ids) for aid, ids in cited_by_article.items()}
    summaries = {
        aid: builder.build(
            [
                *article_findings.get(aid, ()),
                *(f for sid in cited_frozen.get(aid, ()) for f in source_findings.get(sid, ())),
            ]
        )
        for aid, builder in builders.items()
    }
    return CheckReport(tuple(findings), statuses, summaries, cited_frozen)


class _SummaryBuilder:
    """Accumulates one article's counts during the single pass."""

    __slots__ = (
        "annotations",
        "article_id",
        "by_category",
        "by_verdict",
        "errors",
        "moved",
        "orphaned",
        "published",
        "status_counts",
        "warnings",
    )

    def __init__(self, article_id: str) -> None:
        self.article_id = article_id
        self.annotations = 0
        self.published = 0
        self.by_category: dict[str, int] = {}
        self.by_verdict: dict[str, int] = {}
        self.errors = 0
        self.warnings = 0
        self.orphaned = 0
        self.moved = 0
        self.status_counts: dict[str, int] = dict.fromkeys(ANNOTATION_STATUSES, 0)

    def add(
        self, annotation: AnnotationRecord, status: AnnotationStatus, found: Iterable[Finding]
    ) -> None:
        self.annotations += 1
        if annotation.status == "published":
            self.published += 1
        self.by_category[annotation.category] = self.by_category.get(annotation.category, 0) + 1
        if annotation.verdict is not None:
            self.by_verdict[annotation.verdict] = self.by_verdict.get(annotation.verdict, 0) + 1
        if annotation.anchor_state == "orphaned":
            self.orphaned += 1
        elif annotation.anchor_state == "moved":
            self.moved += 1
        self.status_counts[status] += 1
        for finding in found:
            if finding.severity == "error":
                self.errors += 1
            else:
                self.warnings += 1

    def build(self, other_findings: Iterable[Finding]) -> ArticleSummary:
        """The summary; `other_findings` are article- and source-level findings to count."""
        errors, warnings = self.errors, self.warnings
        for finding in other_findings:
            if finding.severity == "error":
                errors += 1
            else:
                warnings += 1
        return ArticleSummary(
            article_id=self.article_id,
            annotations=self.annotations,
            published=self.published,
            by_category=self.by_category,
            by_verdict=self.by_verdict,
            errors=errors,
            warnings=warnings,
            orphaned=self.orphaned,
            moved=self.moved,
            status_counts=self.status_counts,
        )
