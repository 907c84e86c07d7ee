"""A quiz on paper: the passage(s), numbered items with space to answer, and an answer key.

The quiz becomes one QTextDocument (built as HTML from *escaped* record text, so HTML in an
article or a question prints as text), laid out for A4 or Letter with 18 mm margins and a
footer line per page, and drawn page by page to a PDF with QPdfWriter. The same page drawing
renders a page to an image (`render_page`), which is what the screenshot shows.

Answer space by kind: circles for single choice and true/false, boxes for multiple choice and
hot-text phrases, ruled lines for short answers and blanks, a box per step for ordering, a line
per left item for matching. With `answer_key` every item is followed by its key and the
explanation, and the title says "Answer key".
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

from corpus.anchoring import find_quote
from corpus.records import ArticleRecord
from desktop.operations.quizzes import PrintableQuiz
from desktop.quiz.answers import cloze_parts, describe_key, kind_label, letter
from desktop.theme import reading_font, ui_font
from desktop.views.labels import format_date
from quizzes.assembly import QuizItemView
from quizzes.items import Choice, QuestionRecord

__all__ = ["PAPERS", "PrintedQuiz", "quiz_html", "render_page", "write_pdf"]

PAPERS = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
MARGIN_MM = 18.0
LAYOUT_DPI = 96.0  # the document is laid out in these pixels, then scaled to the device
FOOTER = 22.0  # layout pixels kept free at the bottom of each page for the footer line
_PROMPT = re.compile("^\\d+\\.\u00a0\u00a0")  # an item's first line: "12.  Prompt…"
_LINE = "_" * 64
_SHORT_LINE = "_" * 14

_CSS = """
h1 { font-size: 17pt; margin: 0 0 2px 0; }
h2 { font-size: 13pt; margin: 14px 0 4px 0; }
p { margin: 0 0 6px 0; line-height: 130%; }
p.meta { color: #555555; font-size: 9pt; }
p.fields { margin: 6px 0 10px 0; }
p.body { margin: 0 0 7px 0; }
p.prompt { margin: 12px 0 4px 0; font-weight: 600; }
p.opt { margin: 0 0 3px 34px; text-indent: -16px; }
p.line { margin: 6px 0 0 18px; color: #777777; }
p.cloze { margin: 0 0 3px 18px; }
p.key { margin: 4px 0 0 18px; color: #1E5B2E; }
p.why { margin: 0 0 4px 18px; color: #333333; font-style: italic; }
p.hint { margin: 0 0 4px 18px; color: #555555; font-size: 9pt; }
p.quote { margin: 2px 18px 6px 18px; font-style: italic; }
"""


def _e(text: str | None) -> str:
    return html.escape(text or "", quote=True)


def _article_html(article: ArticleRecord, number: int, total: int) -> str:
    heading = f"Article {number}: " if total > 1 else ""
    meta = [p for p in (article.outlet, f"By {article.byline}" if article.byline else None,
                        format_date(article.published)) if p]
    parts = [f"<h2>{_e(heading + article.title)}</h2>", f'<p class="meta">{_e(" · ".join(meta))}</p>']
    for paragraph in article.body.split("\n\n"):
        text = " ".join(paragraph.split())
        if text:
            parts.append(f'<p class="body">{_e(text)}</p>')
    return "".join(parts)


def _options(item: QuizItemView, mark: str) -> list[str]:
    q = item.question
    by_id = {c.id: c for c in q.choices}
    order = [i for i in item.choice_order if i in by_id] or list(by_id)
    return [f'<p class="opt">{mark}&nbsp;&nbsp;{letter(n)}.&nbsp;{_e(by_id[i].text)}</p>' for n, i in enumerate(order)]


def _answer_space(item: QuizItemView) -> list[str]:
    q = item.question
    kind = q.kind
    if kind == "single-choice":
        return _options(item, "○")
    if kind == "multiple-choice":
        return ['<p class="hint">Tick every answer that applies.</p>', *_options(item, "☐")]
    if kind == "true-false":
        return ['<p class="opt">○&nbsp;&nbsp;True&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;○&nbsp;&nbsp;False</p>']
    if kind == "short-answer":
        return [f'<p class="line">{_LINE}</p>', f'<p class="line">{_LINE}</p>']
    if kind == "cloze":
        text = []
        for part in cloze_parts(q.text or ""):
            text.append(_e(part) if isinstance(part, str) else f"{_SHORT_LINE}&nbsp;({part})")
        out = [f'<p class="cloze">{"".join(text)}</p>']
        for n, blank in enumerate(q.blanks, 1):
            if blank.options:
                out.append(f'<p class="hint">({n}) choose from: {_e(" / ".join(blank.options))}</p>')
        return out
    if kind == "hot-text":
        out = [f'<p class="quote">“{_e(q.passage)}”</p>', '<p class="hint">Tick the phrases you select.</p>']
        out += [f'<p class="opt">☐&nbsp;&nbsp;{_e(c.text)}</p>' for c in _in_passage_order(q)]
        return out
    if kind == "ordering":
        by_id = {c.id: c for c in q.choices}
        order = [i for i in item.choice_order if i in by_id] or list(by_id)
        out = [f'<p class="hint">Number the steps from 1 (first) to {len(order)}.</p>']
        out += [f'<p class="opt">[&nbsp;&nbsp;&nbsp;&nbsp;]&nbsp;&nbsp;{_e(by_id[i].text)}</p>' for i in order]
        return out
    if kind == "matching":
        by_id = {p.id: p for p in q.pairs}
        order = [i for i in item.choice_order if i in by_id] or list(by_id)
        rights: list[str] = []
        for i in order:
            if by_id[i].right not in rights:
                rights.append(by_id[i].right)
        out = ['<p class="hint">Write the letter of the match on each line.</p>']
        out += [f'<p class="opt">{n}.&nbsp;{_e(p.left)}&nbsp;&nbsp;{_SHORT_LINE}</p>' for n, p in enumerate(q.pairs, 1)]
        out += [f'<p class="opt">{letter(n)}.&nbsp;{_e(text)}</p>' for n, text in enumerate(rights)]
        return out
    return [f'<p class="line">{_LINE}</p>']


def _in_passage_order(q: QuestionRecord) -> list[Choice]:
    """Hot-text phrases in the order they occur in the passage (the bank lists the right ones
    first, which would give the answer away)."""
    passage = q.passage or ""

    def where(choice: Choice) -> int:
        found = find_quote(passage, choice.text)
        return found[0].start if found else len(passage)

    return sorted(q.choices, key=where)


def _matching_key(item: QuizItemView) -> str:
    q = item.question
    by_id = {p.id: p for p in q.pairs}
    order = [i for i in item.choice_order if i in by_id] or list(by_id)
    rights: list[str] = []
    for i in order:
        if by_id[i].right not in rights:
            rights.append(by_id[i].right)
    return ", ".join(f"{n}–{letter(rights.index(p.right))}" for n, p in enumerate(q.pairs, 1))


def quiz_html(printable: PrintableQuiz, *, answer_key: bool = False) -> str:
    """The printed quiz as HTML (every record string escaped)."""
    quiz = printable.quiz
    n = len(quiz.items)
    title = quiz.title + (" — Answer key" if answer_key else "")
    parts = [f"<h1>{_e(title)}</h1>"]
    if answer_key:
        parts.append(f'<p class="meta">{n} questions · for the teacher</p>')
    else:
        parts.append(
            '<p class="fields">Name:&nbsp;________________________&nbsp;&nbsp;&nbsp;'
            "Class:&nbsp;__________&nbsp;&nbsp;&nbsp;Date:&nbsp;______________</p>"
        )
        what = "article" if len(printable.articles) == 1 else "articles"
        parts.append(f'<p class="meta">Read the {what}, then answer the {n} questions.</p>')
    for i, article in enumerate(printable.articles, 1):
        parts.append(_article_html(article, i, len(printable.articles)))
    parts.append("<h2>Questions</h2>")
    numbered = {a.id: i for i, a in enumerate(printable.articles, 1)}
    for item in quiz.items:
        q = item.question
        about = ""
        if len(printable.articles) > 1 and q.articles:
            about = " (" + ", ".join(f"Article {numbered[a]}" for a in q.articles if a in numbered) + ")"
        parts.append(
            f'<p class="prompt">{item.position}.&nbsp;&nbsp;{_e(q.prompt)}'
            f'<span style="font-weight:400; color:#666666; font-size:9pt">&nbsp;&nbsp;'
            f'[{_e(kind_label(q.kind) + about).replace(" ", "&nbsp;")}]</span></p>'
        )
        parts += _answer_space(item)
        if answer_key:
            key = describe_key(q, item.choice_order)
            if q.kind == "matching":
                key = _matching_key(item) + " — " + key
            parts.append(f'<p class="key"><b>Answer:</b> {_e(key)}</p>')
            parts.append(f'<p class="why">{_e(q.explanation)}</p>')
    return "".join(parts)


class PrintedQuiz:
    """A quiz laid out on pages of `paper` ("a4" or "letter")."""

    def __init__(self, printable: PrintableQuiz, *, answer_key: bool = False, paper: str = "a4") -> None:
        if paper.lower() not in PAPERS:
            raise ValueError(f"paper must be one of {', '.join(PAPERS)}, not {paper!r}")
        self.printable = printable
        self.answer_key = answer_key
        self.page_layout = QPageLayout(
            QPageSize(PAPERS[paper.lower()]),
            QPageLayout.Orientation.Portrait,
            QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
            QPageLayout.Unit.Millimeter,
        )
        rect = self.page_layout.paintRect(QPageLayout.Unit.Point)  # 72 per inch
        scale = LAYOUT_DPI / 72.0
        self.width = rect.width() * scale
        self.height = rect.height() * scale
        self.document = QTextDocument()
        self.document.setDocumentMargin(0)
        self.document.setDefaultFont(reading_font(10.5))
        self.document.setDefaultStyleSheet(_CSS)
        self.document.setHtml(quiz_html(printable, answer_key=answer_key))
        self.document.setPageSize(QSizeF(self.width, self.height - FOOTER))
        self._keep_items_together()

    def _keep_items_together(self) -> None:
        """Start an item on a new page rather than leave its prompt apart from its answer space
        (items shorter than half a page; longer ones may break)."""
        body = self.height - FOOTER
        layout = self.document.documentLayout()
        # Lay the whole document out first: moving blocks in a partly laid-out document leaves
        # the blocks after them unlaid (zero height) in Qt 6.
        self.document.pageCount()
        starts = []
        block = self.document.begin()
        while block.isValid():
            if _PROMPT.match(block.text()):
                starts.append(block)
            block = block.next()
        if starts and starts[0].previous().text() == "Questions":
            starts[0] = starts[0].previous()  # the heading goes with the first item
        for n, first in enumerate(starts):
            last = starts[n + 1].previous() if n + 1 < len(starts) else self.document.lastBlock()
            top = layout.blockBoundingRect(first).top()  # asked afresh: an earlier break moved it
            bottom = layout.blockBoundingRect(last).bottom()
            if int(top // body) != int((bottom - 1) // body) and bottom - top < body / 2:
                fmt = first.blockFormat()
                fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                QTextCursor(first).setBlockFormat(fmt)

    def page_count(self) -> int:
        return self.document.pageCount()

    def draw_page(self, painter: QPainter, page: int) -> None:
        """Draw page `page` (0-based) with the painter at the paint rect's origin, in layout pixels."""
        body = self.height - FOOTER
        # A line belongs to one page (the layout moves lines across page breaks); half a pixel
        # in from each edge absorbs the layout's rounding at the boundary.
        page_rect = QRectF(0, page * body + 0.5, self.width, body - 1.0)
        painter.save()
        painter.translate(0, -page * body)
        painter.setPen(QColor("#000000"))
        # Line by line, each line on the one page that holds it: drawing whole blocks clipped to
        # the page (what QTextDocument.print does) would leave a straddling block's text in
        # the PDF twice, once hidden by the clip.
        layout = self.document.documentLayout()
        block = self.document.begin()
        while block.isValid():
            rect = layout.blockBoundingRect(block)
            if rect.intersects(page_rect):
                block.layout().draw(painter, QPointF(0, 0), [], page_rect)  # lines know their place
            block = block.next()
        painter.restore()
        painter.save()
        footer_font = ui_font(8.0)
        painter.setFont(footer_font)
        painter.setPen(QColor("#666666"))
        title = self.printable.quiz.title + (" — answer key" if self.answer_key else "")
        box = QRectF(0, self.height - FOOTER + 6, self.width, FOOTER - 6)
        painter.drawText(box, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom), title)
        painter.drawText(
            box, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
            f"Page {page + 1} of {self.page_count()}",
        )
        painter.restore()


def write_pdf(printable: PrintableQuiz, path: Path | str, *, answer_key: bool = False, paper: str = "a4") -> int:
    """Write the quiz (or its answer key) to a PDF at `path`; returns the number of pages.
    Needs a QGuiApplication."""
    printed = PrintedQuiz(printable, answer_key=answer_key, paper=paper)
    writer = QPdfWriter(str(path))
    writer.setPageLayout(printed.page_layout)
    writer.setResolution(300)
    writer.setTitle(printable.quiz.title + (" — answer key" if answer_key else ""))
    writer.setCreator("Closeread")
    painter = QPainter()
    if not painter.begin(writer):
        from corpus.errors import CloseReadError

        raise CloseReadError(f"cannot write a PDF to {path}")
    try:
        scale = writer.resolution() / LAYOUT_DPI
        for page in range(printed.page_count()):
            if page:
                writer.newPage()
            painter.save()
            painter.scale(scale, scale)
            printed.draw_page(painter, page)
            painter.restore()
    finally:
        painter.end()
    return printed.page_count()


def render_page(
    printable: PrintableQuiz, *, page: int = 0, answer_key: bool = False, paper: str = "a4", scale: float = 1.0
) -> QImage:
    """One page as an image (white paper, margins included), e.g. for a screenshot."""
    printed = PrintedQuiz(printable, answer_key=answer_key, paper=paper)
    full = printed.page_layout.fullRect(QPageLayout.Unit.Point)
    paint = printed.page_layout.paintRect(QPageLayout.Unit.Point)
    px = LAYOUT_DPI / 72.0 * scale
    image = QImage(int(full.width() * px), int(full.height() * px), QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(1.0)
    image.fill(QColor("#FFFFFF"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.scale(scale, scale)
    painter.translate(QPointF(paint.x() * LAYOUT_DPI / 72.0, paint.y() * LAYOUT_DPI / 72.0))
    printed.draw_page(painter, min(max(page, 0), printed.page_count() - 1))
    painter.end()
    return image

