"""Quizzes on paper: the PDF holds the passage and every item; the answer key holds the keys;
record text prints as text; `closeread quiz print` writes the same."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from corpus.store import Store
from desktop.cli import main
from desktop.operations.quizzes import PrintableQuiz, load_printable
from desktop.quiz.print import quiz_html, render_page, write_pdf
from tests.desktop.quiz_helpers import each_kind_quiz, import_shipped_bank


def _flat(text: str) -> str:
    """Words with single spaces; NFKC undoes the ligatures a PDF stores (ﬁ, ﬀi …)."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _text(path: Path) -> tuple[int, str]:
    reader = PdfReader(str(path))
    return len(reader.pages), _flat(" ".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def printable(qapp, store: Store) -> tuple[PrintableQuiz, int]:  # type: ignore[no-untyped-def]
    import_shipped_bank(store)
    quiz, _ = each_kind_quiz(store, mode="assessment")
    with store.sessions() as session:
        return load_printable(session, quiz.id), quiz.id  # type: ignore[arg-type]


def test_the_pdf_has_the_passage_and_every_item_and_the_key_pdf_the_keys(printable, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    quiz, _ = printable
    pages = write_pdf(quiz, tmp_path / "quiz.pdf")
    count, text = _text(tmp_path / "quiz.pdf")
    assert count == pages >= 1
    article = quiz.articles[0]
    assert _flat(article.title) in text
    assert "Putin presented Kim with a high-end vehicle manufactured by the Russian automaker Aurus" in text
    for item in quiz.quiz.items:
        assert f"{item.position}. {_flat(item.question.prompt)}" in text, item.question.id
    assert "Name:" in text and "Answer:" not in text
    assert "○ True ○ False" in text and "☐" in text and "____" in text

    write_pdf(quiz, tmp_path / "key.pdf", answer_key=True, paper="letter")
    _, key = _text(tmp_path / "key.pdf")
    assert "Answer key" in key
    assert key.count("Answer:") == len(quiz.quiz.items)
    assert "Answer: “Aurus”" in key  # short answer
    assert "Answer: (1) war · (2) delay" in key  # cloze
    assert "Answer: False" in key  # true-false
    assert "Answer: “illicit” · “demanded” · “buckle to Western pressure”" in key  # hot-text
    for item in quiz.quiz.items:
        assert _flat(item.question.explanation)[:50] in key


def test_record_text_prints_as_text_not_markup(printable) -> None:  # type: ignore[no-untyped-def]
    quiz, _ = printable
    item = quiz.quiz.items[0]
    evil = replace(item, question=replace(item.question, prompt="<b>bold?</b> <img src=x> & more"))
    article = replace(quiz.articles[0], body="<script>alert(1)</script>\n\nSecond & last.")
    tampered = PrintableQuiz(quiz=replace(quiz.quiz, items=(evil,)), articles=(article,))
    html = quiz_html(tampered)
    assert "&lt;b&gt;bold?&lt;/b&gt; &lt;img src=x&gt; &amp; more" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    image = render_page(tampered)
    assert image.width() > 700 and image.height() > 1000


def test_the_command_line_prints_a_quiz_and_its_key(printable, store_url: str, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    _, quiz_id = printable
    out = tmp_path / "paper.pdf"
    assert main(["--db", store_url, "quiz", "print", str(quiz_id), "--out", str(out)]) == 0
    assert "Wrote the quiz" in capsys.readouterr().out
    assert "Every kind" in _text(out)[1]
    key = tmp_path / "key.pdf"
    assert main(["--db", store_url, "quiz", "print", str(quiz_id), "--out", str(key), "--answer-key"]) == 0
    assert "Answer:" in _text(key)[1]
    assert main(["--db", store_url, "quiz", "print", "999", "--out", str(key)]) == 1
    assert "no quiz 999" in capsys.readouterr().err
