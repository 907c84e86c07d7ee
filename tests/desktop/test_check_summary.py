"""The check badge and header line in words, and search snippets made safe (no Qt widgets)."""

from __future__ import annotations

from dataclasses import replace

from corpus.checking import check_corpus
from corpus.records import CorpusSnapshot
from corpus.search import MARK_END, MARK_START
from desktop.check_summary import ArticleCheck, article_check, findings_by_annotation, summary_line
from desktop.models.search_results import snippet_html, snippet_text
from tests.desktop.sample_articles import DETAILS_ARTICLE, SOURCES, TREATY_ARTICLE


def test_badge_words() -> None:
    assert ArticleCheck("checked", 0, 0).label == "✓ source-checked"
    assert ArticleCheck("errors", 2, 0).label == "✗ 2 errors"
    assert ArticleCheck("warnings", 0, 1).label == "⚠ 1 warning"
    assert ArticleCheck("errors", 1, 3).label == "✗ 1 error · 3 warnings"
    assert ArticleCheck("errors", 1, 3).spoken == "1 error, 3 warnings"


def test_summary_line_counts_what_is_shown() -> None:
    line = summary_line(TREATY_ARTICLE)
    n = len(TREATY_ARTICLE.annotations)
    assert line.startswith(f"{n} annotations")
    inaccurate = sum(1 for a in TREATY_ARTICLE.annotations if a.verdict == "inaccurate")
    if inaccurate:
        assert f"{inaccurate} inaccurate" in line
    orphaned = sum(1 for a in TREATY_ARTICLE.annotations if a.anchor_state == "orphaned")
    assert (f"{orphaned} orphaned" in line) if orphaned else line.endswith("all anchored")
    first = TREATY_ARTICLE.annotations[0]
    drafted = replace(TREATY_ARTICLE, annotations=(replace(first, status="draft", anchor_state="anchored"),))
    assert summary_line(drafted) == "1 annotation" + (
        f" · 1 {first.verdict}" if first.verdict in ("inaccurate", "misleading", "unverified") else ""
    ) + " · 1 draft · all anchored"
    assert summary_line(replace(TREATY_ARTICLE, annotations=())) == "No annotations yet"


def test_article_check_ignores_hidden_annotations() -> None:
    report = check_corpus(CorpusSnapshot(articles=(TREATY_ARTICLE, DETAILS_ARTICLE), sources=tuple(SOURCES.values())))
    full = article_check(report, TREATY_ARTICLE.id)
    noisy = {f.annotation_id for f in report.for_article(TREATY_ARTICLE.id) if f.annotation_id}
    hidden = article_check(report, TREATY_ARTICLE.id, hidden=noisy)
    assert hidden.errors + hidden.warnings <= full.errors + full.warnings
    findings = findings_by_annotation(report, TREATY_ARTICLE.annotations)
    assert set(findings) == noisy & {a.id for a in TREATY_ARTICLE.annotations}


def test_snippets_escape_data_and_bold_only_the_marks() -> None:
    snippet = f"a <script>x</script> & **{MARK_START}Aurus{MARK_END}** car"
    assert snippet_html(snippet) == "a &lt;script&gt;x&lt;/script&gt; &amp; <b>Aurus</b> car"
    assert snippet_text(snippet) == "a <script>x</script> & Aurus car"
