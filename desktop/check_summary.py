"""The checker's report in the words the window shows: the library's check badge per article and
the reader's one-line summary ("24 annotations · 5 inaccurate · 3 unverified · all anchored").

Pure functions over records and `corpus.checking` values (no Qt), computed on the worker thread
by the ops in `desktop.operations.corpus`. Only the annotations a person may see count: in student
mode drafts are left out of both, so nothing about them shows through.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from corpus.checking import CheckReport
from corpus.records import AnnotationRecord, ArticleRecord

__all__ = ["ArticleCheck", "article_check", "findings_by_annotation", "summary_line"]

# Verdicts the summary line counts: the ones a reader should notice first (the line stays short
# enough for one line of the header; the legend and the panel have the rest).
_NOTABLE_VERDICTS = (
    ("inaccurate", "inaccurate"),
    ("misleading", "misleading"),
    ("unverified", "unverified"),
)


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


@dataclass(frozen=True, slots=True)
class ArticleCheck:
    """The check badge of one article: its worst status and the counts behind it."""

    status: str  # "checked" | "warnings" | "errors" (theme.status() keys)
    errors: int
    warnings: int

    @property
    def label(self) -> str:
        """ "✓ source-checked", "✗ 2 errors", "⚠ 1 warning" or "✗ 2 errors · 1 warning"."""
        if self.errors and self.warnings:
            return f"✗ {_plural(self.errors, 'error')} · {_plural(self.warnings, 'warning')}"
        if self.errors:
            return f"✗ {_plural(self.errors, 'error')}"
        if self.warnings:
            return f"⚠ {_plural(self.warnings, 'warning')}"
        return "✓ source-checked"

    @property
    def spoken(self) -> str:
        """The badge for a screen reader (no symbols)."""
        return self.label.lstrip("✓✗⚠ ").replace(" · ", ", ")


def article_check(
    report: CheckReport, article_id: str, *, hidden: Collection[str] = ()
) -> ArticleCheck:
    """The badge of one article from a whole-corpus report, ignoring findings on `hidden` ids
    (drafts in student mode). Source-record findings of the sources it cites still count."""
    errors = warnings = 0
    for finding in report.for_article(article_id):
        if finding.annotation_id is not None and finding.annotation_id in hidden:
            continue
        if finding.severity == "error":
            errors += 1
        else:
            warnings += 1
    status = "errors" if errors else ("warnings" if warnings else "checked")
    return ArticleCheck(status=status, errors=errors, warnings=warnings)


def findings_by_annotation(
    report: CheckReport, annotations: Sequence[AnnotationRecord]
) -> dict[str, tuple[tuple[str, str], ...]]:
    """annotation id → ((severity, "message hint"), ...) for the annotation panel."""
    out: dict[str, tuple[tuple[str, str], ...]] = {}
    for annotation in annotations:
        found = report.for_annotation(annotation.id)
        if found:
            out[annotation.id] = tuple(
                (f.severity, f"{f.message} {f.hint}".strip()) for f in found
            )
    return out


def summary_line(article: ArticleRecord, statuses: Mapping[str, str] | None = None) -> str:
    """One line for the reader's header, counting the annotations shown.

    "24 annotations · 5 inaccurate · 3 unverified · all anchored"; drafts are counted when shown
    (teacher mode), anchoring problems are named, and so are annotations with check errors.
    """
    annotations = article.annotations
    if not annotations:
        return "No annotations yet"
    parts = [_plural(len(annotations), "annotation")]
    for verdict, word in _NOTABLE_VERDICTS:
        n = sum(1 for a in annotations if a.verdict == verdict)
        if n:
            parts.append(f"{n} {word}")
    drafts = sum(1 for a in annotations if a.status == "draft")
    if drafts:
        parts.append(_plural(drafts, "draft"))
    moved = sum(1 for a in annotations if a.anchor_state == "moved")
    orphaned = sum(1 for a in annotations if a.anchor_state == "orphaned")
    if not moved and not orphaned:
        parts.append("all anchored")
    else:
        if moved:
            parts.append(f"{moved} moved")
        if orphaned:
            parts.append(f"{orphaned} orphaned")
    if statuses:
        errors = sum(1 for a in annotations if statuses.get(a.id) == "errors")
        if errors:
            parts.append(f"{errors} failing the source check")
    return " · ".join(parts)
