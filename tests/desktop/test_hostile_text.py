"""Article text, notes and questions containing HTML or script are shown as text everywhere:
the reader, the annotation panel, the quiz player's answer editors and the printed PDF."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtWidgets import QLabel

from corpus.anchoring import make_selectors
from corpus.records import AnnotationRecord, ArticleRecord, CitationRecord, SourceRecord
from desktop.operations.quizzes import PrintableQuiz
from desktop.quiz.editors import editor_for
from desktop.quiz.print import write_pdf
from desktop.views.annotation_panel import AnnotationPanel
from desktop.views.reader import ReaderView
from quizzes.assembly import QuizItemView, QuizView
from quizzes.items import Choice, QuestionRecord

HOSTILE = '<script>alert("x")</script><b>bold</b><img src=x onerror=alert(1)>'
BODY = f"A paragraph before.\n\nThe minister said {HOSTILE} and left.\n\nA paragraph after."


def article() -> ArticleRecord:
    start = BODY.index("<script>")
    quote, position = make_selectors(BODY, start, start + len(HOSTILE))
    ann = AnnotationRecord(
        id="hostile", article_id="h", category="claim", quote=quote, position=position,
        note=f"Note with {HOSTILE} in it and a [link](javascript:alert(1)).", verdict="unverified",
        claim_reviewed=f"Claim {HOSTILE}", citations=(CitationRecord(source_id="s", relation="context", locator=HOSTILE),),
    )
    return ArticleRecord(id="h", title=f"Title {HOSTILE}", body=BODY, outlet="example.org", annotations=(ann,))


SOURCE = SourceRecord(id="s", title=f"Source {HOSTILE}", publisher="Pub", kind="news", published="2024-06-20",
                      url="https://example.org/x")


def test_reader_and_panel_show_markup_as_text(qtbot) -> None:  # type: ignore[no-untyped-def]
    reader = ReaderView()
    qtbot.addWidget(reader)
    reader.set_article(article())
    shown = reader.browser.toPlainText()
    assert HOSTILE in shown
    assert "Title " + HOSTILE in shown
    panel = AnnotationPanel()
    qtbot.addWidget(panel)
    panel.set_annotations(article().annotations, sources={"s": SOURCE}, statuses={}, findings={})
    panel.select_annotation("hostile")
    detail = panel.detail_text()
    assert HOSTILE in detail  # the note, the claim and the source title, as text
    assert 'href="javascript' not in panel.detail_view.toHtml()  # only http(s) links become links


def _question() -> QuestionRecord:
    return QuestionRecord(
        id="q-hostile", kind="single-choice", skill="detail", difficulty=1, prompt=f"Which? {HOSTILE}",
        explanation=f"Because {HOSTILE}", articles=("h",), passage="The minister said",
        choices=(Choice(id="a", text=f"Choice {HOSTILE}", correct=True), Choice(id="b", text="Other")),
    )


def test_player_editor_shows_markup_as_text(qtbot) -> None:  # type: ignore[no-untyped-def]
    item = QuizItemView(position=1, question=_question(), choice_order=("a", "b"))
    editor = editor_for(item)
    qtbot.addWidget(editor)
    texts = [w.text() for w in editor.findChildren(QLabel)] + [b.text() for b in editor.findChildren(type(editor.button("a")))]
    assert any(HOSTILE in t for t in texts)


def test_pdf_prints_markup_as_text(tmp_path: Path) -> None:
    q = _question()
    quiz = QuizView(id=1, title=f"Quiz {HOSTILE}", mode="practice", seed=1,
                    items=(QuizItemView(position=1, question=q, choice_order=("a", "b")),))
    out = tmp_path / "q.pdf"
    write_pdf(PrintableQuiz(quiz=quiz, articles=(article(),)), out, answer_key=True)
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    flat = " ".join(text.split())
    assert '<script>alert("x")</script>' in flat.replace("“", '"').replace("”", '"')
    assert "Choice <script>" in flat
