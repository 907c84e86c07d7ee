"""The source checker: one test per finding code, a clean corpus, statuses and summaries."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from corpus.checking import (
    FINDING_CODES,
    Finding,
    annotation_status,
    check_annotation,
    check_corpus,
    check_source,
    normalise_for_matching,
)
from corpus.records import (
    AnnotationRecord,
    ArticleRecord,
    CitationRecord,
    CorpusSnapshot,
    SourceRecord,
    TextPosition,
    TextQuote,
)
from corpus.vocabulary import CATEGORIES

BODY_A = (
    "According to North Korean official media, Russia and North Korea have agreed to immediately "
    "provide military support to each other in case of a conflict.\n\n"
    "Russia and North Korea are strengthening their relationship, which was established during "
    "the conflict in Ukraine. Putin paid a state visit to Pyongyang on June\u00a018th and 19th.\n\n"
    "Kim referred to Putin as the best ally of Koreans, the “dictatorships” said."
)
BODY_B = (
    "North Korean state media revealed on June 19 that the deal would cover immediate military "
    "assistance in times of war. Ties that date back to 1948 grew closer."
)

SOURCES = (
    SourceRecord(
        id="kcna-treaty",
        title="DPRK-Russia Treaty on Comprehensive Strategic Partnership",
        publisher="KCNA (via KCNA Watch)",
        kind="mirror",
        published="2024-06-20",
        url="https://kcnawatch.org/newstream/1718870859-459880358/treaty",
        excerpt="the other party shall provide military and other assistance with all means "
        "in its possession\u00a0without delay",
    ),
    SourceRecord(
        id="koreaherald",
        title="N. Korea, Russia agree to offer military assistance ‘without delay’",
        publisher="Yonhap via The Korea Herald",
        kind="wire",
        published="2024-06-20",
        url="https://m.koreaherald.com/view.php?ud=20240620050298",
    ),
    SourceRecord(
        id="tass-ushakov",
        title="Ushakov on the treaties the new one replaces",
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
        published="2024-06",
        url="https://www.tag24.com/world/russia/deal-3221890",
        excerpt="The two countries have been allies since North Korea's founding after World "
        "War II — and have drawn “even closer” since 2022.",
    ),
    SourceRecord(
        id="treaty-1961",
        title="Treaty of Friendship, Co-operation and Mutual Assistance",
        publisher="United Nations Treaty Series",
        kind="primary",
        published="1961",
        locator="UNTS No. 6045",
    ),
    SourceRecord(
        id="kremlin-visit",
        title="Friendly state visit to the DPRK",
        publisher="Kremlin",
        kind="official",
        published="2024-06-17",
        url="http://en.kremlin.ru/events/president/news/74300",
    ),
)


def ann(
    article_id: str,
    annotation_id: str,
    quote: str,
    category: str,
    *,
    body: str | None = None,
    **fields: object,
) -> AnnotationRecord:
    """An annotation anchored on the first occurrence of quote."""
    text = body if body is not None else (BODY_A if article_id == "a" else BODY_B)
    start = text.index(quote)
    end = start + len(quote)
    return AnnotationRecord(
        id=annotation_id,
        article_id=article_id,
        category=category,
        quote=TextQuote(quote, text[max(0, start - 32) : start], text[end : end + 32]),
        position=TextPosition(start, end),
        **fields,  # type: ignore[arg-type]
    )


CLEAN_A = (
    ann(
        "a",
        "a-c1",
        "have agreed to immediately provide military support",
        "claim",
        verdict="partly-accurate",
        claim_reviewed="The treaty obliges immediate military support in any conflict.",
        claim_key="assistance-trigger",
        citations=(
            CitationRecord(
                "kcna-treaty",
                "supports",
                # Straight quotes, a plain space and a line break where the excerpt has a NBSP.
                evidence="shall provide military and other assistance with all means in its "
                "possession\nwithout delay",
                locator="Article 4",
            ),
            CitationRecord("koreaherald", "supports"),
        ),
    ),
    ann(
        "a",
        "a-c2",
        "which was established during the conflict in Ukraine",
        "claim",
        verdict="inaccurate",
        claim_reviewed="The relationship was established during the war in Ukraine.",
        claim_key="relationship-origin",
        citations=(
            CitationRecord("tass-ushakov", "refutes", locator="list of treaties"),
            CitationRecord(
                "tag24-afp",
                "refutes",
                evidence="allies since North Korea’s founding after World War II - and have drawn "
                '"even closer"',
            ),
            CitationRecord("treaty-1961", "refutes"),
        ),
    ),
    ann(
        "a",
        "a-c3",
        "Putin paid a state visit to Pyongyang",
        "claim",
        verdict="unverified",
        claim_reviewed="Putin visited Pyongyang.",
    ),
    ann("a", "a-at1", "According to North Korean official media", "attribution", note="Who?"),
    ann("a", "a-l1", "“dictatorships”", "loaded-language"),
    ann("a", "a-f1", "the best ally of Koreans", "framing", status="draft"),
    ann("a", "a-v1", "Pyongyang", "vocabulary"),
    ann("a", "a-q1", "strengthening their relationship", "question"),
)
CLEAN_B = (
    ann(
        "b",
        "b-c1",
        "would cover immediate military assistance in times of war",
        "claim",
        verdict="accurate",
        claim_reviewed="The treaty provides military assistance in a state of war.",
        claim_key="assistance-trigger-war",
        citations=(
            CitationRecord("kcna-treaty", "supports"),
            CitationRecord("koreaherald", "supports"),
        ),
    ),
    ann(
        "b",
        "b-cx1",
        "Ties that date back to 1948",
        "context",
        citations=(CitationRecord("kremlin-visit", "context"),),
    ),
    ann(
        "b",
        "b-c2",
        "Ties that date back to 1948 grew closer",
        "claim",
        verdict="opinion",
        claim_reviewed="Ties grew closer.",
        claim_key="relationship-origin-2",
    ),
)
CLEAN = CorpusSnapshot(
    articles=(
        ArticleRecord(id="a", title="Ink deal", body=BODY_A, annotations=CLEAN_A),
        ArticleRecord(id="b", title="Details", body=BODY_B, annotations=CLEAN_B),
    ),
    sources=SOURCES,
)


def with_annotations(
    *annotations: AnnotationRecord, sources: tuple[SourceRecord, ...] = SOURCES
) -> CorpusSnapshot:
    """A snapshot of article "a" holding only these annotations (and citing all sources once)."""
    cite_all = ann(
        "a",
        "cite-all",
        "Russia and North Korea are strengthening",
        "context",
        citations=tuple(CitationRecord(s.id, "context") for s in sources),
    )
    return CorpusSnapshot(
        articles=(
            ArticleRecord(id="a", title="t", body=BODY_A, annotations=(*annotations, cite_all)),
        ),
        sources=sources,
    )


def only(snapshot: CorpusSnapshot, code: str) -> list[Finding]:
    """The findings of one code; each must match the code table and speak plain words."""
    report = check_corpus(snapshot)
    found = [f for f in report.findings if f.code == code]
    assert found, f"{code} not reported; got {[f.code for f in report.findings]}"
    for finding in found:
        assert finding.severity == FINDING_CODES[code].severity
        assert finding.message.strip() and finding.hint.strip()
    return found


def base_claim(**fields: object) -> AnnotationRecord:
    """A clean claim (accurate, a fitting citation of a wire source) to break one way."""
    defaults: dict[str, object] = {
        "verdict": "accurate",
        "claim_reviewed": "They agreed to provide military support.",
        "citations": (CitationRecord("koreaherald", "supports"),),
    }
    defaults.update(fields)
    quote = "have agreed to immediately provide military support"
    return ann("a", "x", quote, "claim", **defaults)  # type: ignore[arg-type]


def replace_source(source_id: str, **fields: object) -> tuple[SourceRecord, ...]:
    return tuple(replace(s, **fields) if s.id == source_id else s for s in SOURCES)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# The clean corpus
# ---------------------------------------------------------------------------------------------


def test_clean_corpus_has_no_findings() -> None:
    report = check_corpus(CLEAN)
    assert report.findings == ()
    assert report.ok and report.errors == () and report.warnings == ()
    assert set(report.statuses.values()) == {"checked"}
    assert len(report.statuses) == len(CLEAN_A) + len(CLEAN_B)
    assert {a.category for a in (*CLEAN_A, *CLEAN_B)} == set(CATEGORIES)


def test_summary_counts() -> None:
    summary = check_corpus(CLEAN).summaries["a"]
    assert summary.article_id == "a"
    assert summary.annotations == 8 and summary.published == 7
    assert summary.by_category == {
        "claim": 3,
        "attribution": 1,
        "loaded-language": 1,
        "framing": 1,
        "vocabulary": 1,
        "question": 1,
    }
    assert summary.by_verdict == {"partly-accurate": 1, "inaccurate": 1, "unverified": 1}
    assert (summary.errors, summary.warnings, summary.orphaned, summary.moved) == (0, 0, 0, 0)
    assert summary.status_counts == {"checked": 8, "warnings": 0, "errors": 0, "orphaned": 0}


# ---------------------------------------------------------------------------------------------
# One test per finding code
# ---------------------------------------------------------------------------------------------


def test_anchor_orphaned() -> None:
    orphan = replace(base_claim(), position=TextPosition(0, 0), anchor_state="orphaned")
    [finding] = only(with_annotations(orphan), "anchor-orphaned")
    assert finding.annotation_id == "x" and finding.article_id == "a"
    assert [f.code for f in check_corpus(with_annotations(orphan)).findings] == ["anchor-orphaned"]


def test_anchor_mismatch() -> None:
    shifted = replace(base_claim(), position=TextPosition(1, 52))
    [finding] = only(with_annotations(shifted), "anchor-mismatch")
    assert "not the quote" in finding.message
    outside = replace(base_claim(), position=TextPosition(10, 100_000))
    [finding] = only(with_annotations(outside), "anchor-mismatch")
    assert "outside the article text" in finding.message


def test_anchor_moved() -> None:
    [finding] = only(with_annotations(base_claim(anchor_state="moved")), "anchor-moved")
    assert finding.annotation_id == "x"


def test_claim_without_verdict() -> None:
    only(with_annotations(base_claim(verdict=None, citations=())), "claim-without-verdict")


def test_claim_without_claim_reviewed() -> None:
    only(with_annotations(base_claim(claim_reviewed="  ")), "claim-without-claim-reviewed")


def test_verdict_on_non_claim() -> None:
    framing = ann("a", "f", "the best ally of Koreans", "framing", verdict="misleading")
    [finding] = only(with_annotations(framing), "verdict-on-non-claim")
    assert "'misleading'" in finding.message


def test_verdict_without_fitting_citation() -> None:
    wrong_relation = base_claim(citations=(CitationRecord("koreaherald", "refutes"),))
    [finding] = only(with_annotations(wrong_relation), "verdict-without-fitting-citation")
    assert "supports it" in finding.message
    # unverified and opinion need no evidence
    report = check_corpus(with_annotations(base_claim(verdict="unverified", citations=())))
    assert "verdict-without-fitting-citation" not in {f.code for f in report.findings}


def test_citation_unknown_source() -> None:
    typo = base_claim(
        citations=(
            CitationRecord("koreaherald", "supports"),
            CitationRecord("korea-herald", "context"),
        )
    )
    [finding] = only(with_annotations(typo), "citation-unknown-source")
    assert finding.source_id == "korea-herald" and "did you mean 'koreaherald'" in finding.hint


def test_source_missing_title() -> None:
    [finding] = only(
        with_annotations(sources=replace_source("koreaherald", title="")), "source-missing-title"
    )
    assert finding.source_id == "koreaherald" and finding.annotation_id is None


def test_source_missing_publisher() -> None:
    only(
        with_annotations(sources=replace_source("koreaherald", publisher=" ")),
        "source-missing-publisher",
    )


def test_source_missing_date() -> None:
    only(
        with_annotations(sources=replace_source("koreaherald", published=None)),
        "source-missing-date",
    )


def test_source_missing_url_or_locator() -> None:
    only(
        with_annotations(sources=replace_source("treaty-1961", locator=None)),
        "source-missing-url-or-locator",
    )


def test_source_malformed_date() -> None:
    for bad in ("20 June 2024", "2024-02-30", "2024-13", "24"):
        only(
            with_annotations(sources=replace_source("koreaherald", published=bad)),
            "source-malformed-date",
        )


def test_source_undated() -> None:
    [finding] = only(
        with_annotations(sources=replace_source("koreaherald", published="undated")),
        "source-undated",
    )
    assert "carries no date" in finding.message


def test_source_malformed_url() -> None:
    for bad in (
        "www.koreaherald.com/view.php",
        "ftp://koreaherald.com/x",
        "https:///view.php",
        "https://m.koreaherald.com/view php",
        "https://m.koreaherald.com:99999/",
    ):
        [finding] = only(
            with_annotations(sources=replace_source("koreaherald", url=bad)), "source-malformed-url"
        )
        assert finding.source_id == "koreaherald"


def test_evidence_not_in_excerpt() -> None:
    misquoted = base_claim(
        citations=(
            CitationRecord("koreaherald", "supports"),
            CitationRecord(
                "kcna-treaty", "supports", evidence="shall immediately provide assistance"
            ),
        )
    )
    [finding] = only(with_annotations(misquoted), "evidence-not-in-excerpt")
    assert finding.source_id == "kcna-treaty"


def test_claim_weak_sources_only() -> None:
    weak = base_claim(
        citations=(
            CitationRecord("kcna-treaty", "supports"),
            CitationRecord("tass-ushakov", "supports"),
        )
    )
    [finding] = only(with_annotations(weak), "claim-weak-sources-only")
    assert "kcna-treaty" in finding.message and "tass-ushakov" in finding.message


def test_inaccurate_single_source() -> None:
    single = base_claim(verdict="inaccurate", citations=(CitationRecord("tag24-afp", "refutes"),))
    only(with_annotations(single), "inaccurate-single-source")
    cited_twice = base_claim(
        verdict="inaccurate",
        citations=(CitationRecord("tag24-afp", "refutes"), CitationRecord("tag24-afp", "context")),
    )
    only(with_annotations(cited_twice), "inaccurate-single-source")


def test_claim_key_conflict() -> None:
    a = replace(CLEAN_A[0], claim_key="shared")
    b = replace(CLEAN_B[0], claim_key="shared")
    snapshot = CorpusSnapshot(
        articles=(
            replace(CLEAN.articles[0], annotations=(a, *CLEAN_A[1:])),
            replace(CLEAN.articles[1], annotations=(b, *CLEAN_B[1:])),
        ),
        sources=SOURCES,
    )
    found = only(snapshot, "claim-key-conflict")
    assert {f.annotation_id for f in found} == {"a-c1", "b-c1"}
    assert "'accurate' in b" in found[0].message
    # Different verdicts for one key within one article are not this warning.
    same_article = with_annotations(
        base_claim(claim_key="k"),
        replace(base_claim(claim_key="k", verdict="unverified"), id="y", category="claim"),
    )
    assert "claim-key-conflict" not in {f.code for f in check_corpus(same_article).findings}


def test_source_unused() -> None:
    snapshot = replace(CLEAN, sources=(*SOURCES, replace(SOURCES[1], id="never-cited")))
    [finding] = only(snapshot, "source-unused")
    assert finding.source_id == "never-cited" and finding.annotation_id is None


def test_annotation_duplicate() -> None:
    first = ann("a", "d1", "Pyongyang", "vocabulary")
    second = ann("a", "d2", "Pyongyang", "vocabulary", note="again")
    other_category = ann("a", "d3", "Pyongyang", "loaded-language")
    found = only(with_annotations(first, second, other_category), "annotation-duplicate")
    assert [f.annotation_id for f in found] == ["d1", "d2"]
    assert "'d2'" in found[0].message


def test_annotation_article_mismatch() -> None:
    stray = replace(base_claim(), article_id="b")
    [finding] = only(with_annotations(stray), "annotation-article-mismatch")
    assert finding.annotation_id == "x"


def test_duplicate_id() -> None:
    twice = with_annotations(base_claim(), replace(base_claim(), position=TextPosition(0, 0)))
    found = only(twice, "duplicate-id")
    assert found[0].annotation_id == "x"
    sources_twice = replace(CLEAN, sources=(*SOURCES, SOURCES[0]))
    [finding] = only(sources_twice, "duplicate-id")
    assert finding.source_id == "kcna-treaty"
    articles_twice = replace(
        CLEAN, articles=(*CLEAN.articles, replace(CLEAN.articles[1], annotations=()))
    )
    [finding] = only(articles_twice, "duplicate-id")
    assert finding.article_id == "b" and finding.annotation_id is None


def test_unknown_category() -> None:
    only(with_annotations(ann("a", "u", "Pyongyang", "comment")), "unknown-category")


def test_unknown_verdict() -> None:
    only(with_annotations(base_claim(verdict="pants-on-fire")), "unknown-verdict")


def test_unknown_relation() -> None:
    bad = base_claim(
        citations=(
            CitationRecord("koreaherald", "supports"),
            CitationRecord("tag24-afp", "confirms"),
        )
    )
    [finding] = only(with_annotations(bad), "unknown-relation")
    assert finding.source_id == "tag24-afp"


def test_unknown_source_kind() -> None:
    only(
        with_annotations(sources=replace_source("koreaherald", kind="blog")), "unknown-source-kind"
    )


def test_unknown_status() -> None:
    only(with_annotations(base_claim(status="hidden")), "unknown-status")


def test_unknown_anchor_state() -> None:
    only(with_annotations(base_claim(anchor_state="lost")), "unknown-anchor-state")


def test_every_finding_code_has_its_own_test() -> None:
    source = Path(__file__).read_text(encoding="utf-8")
    for code in FINDING_CODES:
        assert f"def test_{code.replace('-', '_')}()" in source, code


def test_the_module_docstring_documents_every_code() -> None:
    import corpus.checking

    doc = corpus.checking.__doc__ or ""
    for code, row in FINDING_CODES.items():
        assert any(line.split()[:2] == [code, row.severity] for line in doc.splitlines()), code


# ---------------------------------------------------------------------------------------------
# Statuses, one article, the live badge
# ---------------------------------------------------------------------------------------------


def test_statuses_take_the_worst_of_the_annotation_and_its_sources() -> None:
    snapshot = CorpusSnapshot(
        articles=(
            replace(
                CLEAN.articles[0],
                annotations=(
                    CLEAN_A[0],  # cites kcna-treaty, made undated below: warnings
                    replace(CLEAN_A[2], anchor_state="orphaned"),
                    replace(CLEAN_A[3], category="nope"),
                    *CLEAN_A[4:],
                ),
            ),
            CLEAN.articles[1],
        ),
        sources=replace_source("kcna-treaty", published="undated"),
    )
    report = check_corpus(snapshot)
    assert report.statuses["a-c1"] == "warnings"
    assert report.statuses["b-c1"] == "warnings"
    assert report.statuses["a-c3"] == "orphaned"
    assert report.statuses["a-at1"] == "errors"
    assert report.statuses["a-l1"] == "checked"
    assert not report.ok
    summary = report.summaries["a"]
    assert summary.status_counts == {"checked": 4, "warnings": 1, "errors": 1, "orphaned": 1}
    # unknown-category and anchor-orphaned on annotations, source-undated through a-c1,
    # source-unused (tass-ushakov, tag24-afp and treaty-1961 were cited only by a-c2) is corpus-level.
    assert (summary.errors, summary.warnings, summary.orphaned) == (2, 1, 1)
    assert {f.code for f in report.for_article("a")} == {
        "unknown-category",
        "anchor-orphaned",
        "source-undated",
    }
    assert [f.code for f in report.for_annotation("a-at1")] == ["unknown-category"]


def test_check_one_article() -> None:
    snapshot = replace(
        CLEAN,
        sources=(
            *replace_source("kremlin-visit", url="kremlin.ru"),
            replace(SOURCES[1], id="unused"),
        ),
    )
    report = check_corpus(snapshot, article_id="a")
    assert set(report.statuses) == {a.id for a in CLEAN_A}
    assert set(report.summaries) == {"a"}
    assert report.findings == ()  # kremlin-visit is cited only by b; unused sources not reported
    report_b = check_corpus(snapshot, article_id="b")
    assert [f.code for f in report_b.findings] == ["source-malformed-url"]
    assert report_b.statuses["b-cx1"] == "errors"
    with pytest.raises(ValueError, match="no article"):
        check_corpus(snapshot, article_id="nope")


def test_claim_key_conflict_is_seen_when_checking_one_article() -> None:
    b = replace(CLEAN_B[0], claim_key="assistance-trigger")
    snapshot = replace(
        CLEAN, articles=(CLEAN.articles[0], replace(CLEAN.articles[1], annotations=(b,)))
    )
    report = check_corpus(snapshot, article_id="a")
    assert [(f.code, f.annotation_id) for f in report.findings] == [("claim-key-conflict", "a-c1")]


def test_check_annotation_is_the_live_badge() -> None:
    sources = {s.id: s for s in replace_source("koreaherald", published="undated")}
    findings = check_annotation(base_claim(), BODY_A, sources)
    assert [(f.code, f.annotation_id, f.source_id) for f in findings] == [
        ("source-undated", "x", "koreaherald")
    ]
    assert annotation_status(base_claim(), findings) == "warnings"
    assert check_annotation(base_claim(), BODY_A, sources, include_source_findings=False) == []
    broken = base_claim(verdict=None)
    assert annotation_status(broken, check_annotation(broken, BODY_A, sources)) == "errors"
    assert annotation_status(base_claim(), []) == "checked"
    orphan = base_claim(anchor_state="orphaned")
    assert annotation_status(orphan, check_annotation(orphan, BODY_A, sources)) == "orphaned"


def test_check_source_alone() -> None:
    assert check_source(SOURCES[0]) == []
    codes = [f.code for f in check_source(SourceRecord(id="s", title="", publisher="", kind="x"))]
    assert codes == [
        "source-missing-title",
        "source-missing-publisher",
        "source-missing-date",
        "source-missing-url-or-locator",
        "unknown-source-kind",
    ]


def test_normalise_for_matching() -> None:
    assert normalise_for_matching("  “Without\u00a0delay” —\n  now ") == '"Without delay" - now'
    assert normalise_for_matching("Kim’s") == normalise_for_matching("Kim's")
    assert normalise_for_matching("US") != normalise_for_matching("us")
