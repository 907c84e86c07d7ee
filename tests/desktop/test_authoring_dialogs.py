"""The authoring dialogs on a real store: the annotation editor's live check, the source
library (edit, merge, delete refused with the reason), the article editor's re-anchoring
preview and the orphan queue, question review feeding quiz assembly, and undo for each."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from corpus.articles import get_article, load_sources
from corpus.authoring import get_annotation, list_sources_with_usage
from corpus.errors import NotFound
from desktop.dialogs.annotation_editor import AnnotationEditor
from desktop.dialogs.article_editor import EditArticleTextDialog, NewArticleDialog
from desktop.dialogs.common import select_body_range, verbatim_text
from desktop.dialogs.orphan_queue import OrphanQueueDialog
from desktop.dialogs.question_editor import KIND_LABELS, QuestionEditor, question_html
from desktop.dialogs.question_review import QuestionReviewDialog
from desktop.dialogs.source_library import SourceLibraryDialog
from desktop.events import AppEvents
from desktop.operations import OpContext
from desktop.tasks import TaskManager
from desktop.undo import UndoStack

ARTICLE = "russia-nk-ink-deal"
PHRASE = "which was established during the conflict in Ukraine"


@pytest.fixture
def ctx(store):  # type: ignore[no-untyped-def]
    errors: list[str] = []
    tasks = TaskManager(synchronous=True)
    context = OpContext(store=store, tasks=tasks, events=AppEvents(), on_error=errors.append)
    context.errors = errors  # type: ignore[attr-defined]
    yield context
    tasks.shutdown()


@pytest.fixture
def undo(ctx):  # type: ignore[no-untyped-def]
    return UndoStack(ctx)


def _article(ctx):  # type: ignore[no-untyped-def]
    with ctx.store.sessions() as s:
        return get_article(s, ARTICLE), load_sources(s)


# ---------------------------------------------------------------------------- annotation editor


def test_the_check_badge_follows_the_form_as_it_is_filled(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    article, sources = _article(ctx)
    start = article.body.index(PHRASE)
    editor = AnnotationEditor(article=article, sources=sources, claim_keys=["relationship-origin"],
                              start=start, end=start + len(PHRASE))
    qtbot.addWidget(editor)
    editor.show()
    assert editor.annotation().quote.exact == PHRASE
    assert editor.check_status() == "errors"  # a claim with no verdict, no claim as reviewed
    assert {f.code for f in editor.findings()} == {"claim-without-verdict", "claim-without-claim-reviewed"}
    assert editor.verdict.isVisible() and editor.claim_reviewed.isVisible()

    editor.verdict.setCurrentIndex(editor.verdict.findData("misleading"))
    qtbot.keyClicks(editor.claim_reviewed, "The relationship began with the war in Ukraine.")
    assert {f.code for f in editor.findings()} == {"verdict-without-fitting-citation"}

    # A new source, made inline, with an excerpt to check the evidence against.
    form = editor.open_source_form()
    qtbot.addWidget(form)
    assert not form.save_button.isEnabled()
    qtbot.keyClicks(form.title, "Soviet Union and North Korea, 1945-1991")
    qtbot.keyClicks(form.publisher, "Example Encyclopaedia")
    qtbot.keyClicks(form.published, "2021-03")
    qtbot.keyClicks(form.url, "https://example.org/ussr-dprk")
    form.kind.setCurrentIndex(form.kind.findData("reference"))
    form.excerpt.setPlainText("Moscow backed the new state from its founding in 1948.")
    assert form.save_button.isEnabled()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert editor.citations.table.rowCount() == 1
    _source, relation, evidence, _locator = editor.citations.row_widgets(0)
    assert relation.currentData() == "refutes"  # what fits "misleading"
    assert editor.check_status() == "checked", [f.message for f in editor.findings()]
    assert "Source-checked" in editor.badge.text()

    qtbot.keyClicks(evidence, "from its founding in 1949")  # not what the excerpt says
    assert {f.code for f in editor.findings()} == {"evidence-not-in-excerpt"}
    evidence.setText("from its founding in 1948")
    assert editor.check_status() == "checked"
    assert [s.title for s in editor.new_sources()] == ["Soviet Union and North Korea, 1945-1991"]
    assert editor.annotation().citations[0].source_id == editor.new_sources()[0].id

    # The note previews as Markdown; a non-claim hides verdict and claim as reviewed.
    editor.note.setPlainText("Ties go back to **1948**.")
    assert "<b>1948</b>" in editor.note_preview.toHtml() or "font-weight:700" in editor.note_preview.toHtml()
    editor.category.setCurrentIndex(editor.category.findData("context"))
    assert not editor.verdict.isVisible() and editor.annotation().verdict is None
    # The claim key suggests existing keys.
    editor.claim_key.setEditText("relation")
    completer = editor.claim_key.completer()
    completer.setCompletionPrefix("relation")
    assert completer.currentCompletion() == "relationship-origin"


def test_a_source_is_found_in_the_library_by_any_part_of_its_name(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    article, sources = _article(ctx)
    start = article.body.index(PHRASE)
    editor = AnnotationEditor(article=article, sources=sources, start=start, end=start + len(PHRASE))
    qtbot.addWidget(editor)
    completer = editor.citations.completer
    completer.setCompletionPrefix("ushakov")
    assert completer.completionCount() >= 1
    label = completer.currentCompletion()
    completer.activated[str].emit(label)
    assert editor.citations.citations()[0].source_id == "tass-ushakov-2024-06-17"
    # Return with a unique match also cites it.
    editor.citations.search.setText("nhk world")
    qtbot.keyClick(editor.citations.search, Qt.Key.Key_Return)
    assert [c.source_id for c in editor.citations.citations()][-1] == "nhk-world-2024-06-20"
    editor.citations.table.selectRow(0)
    editor.citations.remove_button.click()
    assert [c.source_id for c in editor.citations.citations()] == ["nhk-world-2024-06-20"]


# ---------------------------------------------------------------------------- source library


def test_the_source_library_refuses_to_delete_a_cited_source_and_says_why(qtbot, ctx, undo) -> None:  # type: ignore[no-untyped-def]
    dialog = SourceLibraryDialog(ctx=ctx, undo=undo)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.is_loaded()
    with ctx.store.sessions() as s:
        usage = {u.source.id: u for u in list_sources_with_usage(s)}
    cited = next(u for u in usage.values() if u.annotations >= 2)
    assert dialog.model.rowCount() == len(usage)
    row = dialog.model.row_of(cited.source.id)
    assert dialog.model.index(row, 5).data() == f"{cited.annotations} annotations"
    assert dialog.select(cited.source.id)
    assert "cannot be deleted while cited" in dialog.delete_button.toolTip()
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert dialog.banner.isVisible()
    assert f"{cited.annotations} annotations cite it" in dialog.banner.text()
    with ctx.store.sessions() as s:
        assert cited.source.id in {x.id for x in load_sources(s)}
    assert undo.count() == 0  # a refused action is not in the history
    # Filtering by text.
    dialog.search.setText("TASS")
    assert 0 < dialog.proxy.rowCount() < dialog.model.rowCount()


def test_edit_merge_and_delete_sources_with_undo(qtbot, ctx, undo) -> None:  # type: ignore[no-untyped-def]
    dialog = SourceLibraryDialog(ctx=ctx, undo=undo)
    qtbot.addWidget(dialog)
    # Add a duplicate of the TASS source (same address, but the non-AMP page).
    form = dialog.new_source()
    qtbot.addWidget(form)
    form.title.setText("Ushakov on the treaty")
    form.publisher.setText("TASS")
    form.published.setText("2024-06-17")
    form.url.setText("https://tass.com/politics/1804627")
    form.kind.setCurrentIndex(form.kind.findData("state-media"))
    form.save_button.click()
    assert undo.undoText() == "Add source"
    new_id = form.source().id
    row = dialog.model.row_of(new_id)
    assert row >= 0 and dialog.model.usage(row).duplicates == ("tass-ushakov-2024-06-17",)
    assert dialog.model.index(row, 0).data().startswith("≈ ")

    # Edit it.
    dialog.select(new_id)
    form = dialog.edit_selected()
    assert form is not None
    qtbot.addWidget(form)
    form.title.setText("Ushakov on the treaty (duplicate)")
    form.save_button.click()
    assert undo.undoText() == "Edit source"
    assert dialog.model.usage(dialog.model.row_of(new_id)).source.title.endswith("(duplicate)")

    # Merge the original into the new one (keeping the new) then undo: citations come back.
    with ctx.store.sessions() as s:
        cited_before = {u.source.id: u.citations for u in list_sources_with_usage(s)}
    dialog.select("tass-ushakov-2024-06-17")
    dialog.select(new_id, add=True)
    merge = dialog.merge_selected()
    assert merge is not None
    qtbot.addWidget(merge)
    pick = next(i for i in (0, 1) if merge.pair()[i].source.id == new_id)
    merge.group.button(pick).setChecked(True)
    assert merge.keep_remove() == (new_id, "tass-ushakov-2024-06-17")
    merge.accept()
    assert undo.undoText() == "Merge sources"
    with ctx.store.sessions() as s:
        after = {u.source.id: u.citations for u in list_sources_with_usage(s)}
    assert "tass-ushakov-2024-06-17" not in after
    assert after[new_id] == cited_before["tass-ushakov-2024-06-17"]
    undo.undo()
    with ctx.store.sessions() as s:
        assert {u.source.id: u.citations for u in list_sources_with_usage(s)} == cited_before
    undo.redo()
    undo.undo()

    # Delete the (uncited) new one; undo brings it back; undo again removes the edit.
    dialog.select(new_id)
    dialog.delete_button.click()
    assert undo.undoText() == "Delete source"
    assert dialog.model.row_of(new_id) < 0
    undo.undo()
    assert dialog.model.row_of(new_id) >= 0
    undo.undo()  # the edit
    undo.undo()  # the add
    assert dialog.model.row_of(new_id) < 0
    assert ctx.errors == []  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------- articles


def test_editing_the_text_previews_reanchoring_and_orphans_exactly_the_removed_annotations(qtbot, ctx, undo) -> None:  # type: ignore[no-untyped-def]
    article, _ = _article(ctx)
    body = article.body
    paragraphs = body.split("\n\n")
    car = next(p for p in paragraphs if "Aurus" in p)
    cut_start = body.index(car)
    cut_end = cut_start + len(car) + 2
    removed = {a.id for a in article.annotations if cut_start <= a.position.start and a.position.end <= cut_end}
    assert removed
    new_body = body[:cut_start] + body[cut_end:]

    dialog = EditArticleTextDialog(ctx=ctx, undo=undo, article=article)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.save_button.isEnabled()  # nothing changed yet
    with qtbot.waitSignal(dialog.preview_shown, timeout=5000):
        dialog.set_text(new_body)
    assert dialog.preview_is_current() and dialog.save_button.isEnabled()
    outcomes = dialog.outcomes()
    assert len(outcomes) == len(article.annotations)
    assert {o.annotation_id for o in outcomes if o.status == "orphaned"} == removed
    moved = [o for o in outcomes if o.status == "moved"]
    assert moved and all(o.new is not None and o.new.start == o.old.start - (cut_end - cut_start) for o in moved)
    # The table says so in words, orphans first, with old → new places and scores.
    model = dialog.model
    assert model.index(0, 1).data().endswith("Orphaned")
    first_moved = next(r for r in range(model.rowCount()) if model.index(r, 1).data().endswith("Moved"))
    assert "→" in model.index(first_moved, 2).data() and float(model.index(first_moved, 3).data()) > 0.75
    assert "orphaned" in dialog.summary.text()

    # Typing again makes the preview stale: Save waits for the new preview.
    dialog.editor.appendPlainText("")
    assert not dialog.save_button.isEnabled()
    with qtbot.waitSignal(dialog.preview_shown, timeout=5000):
        dialog.set_text(new_body)
    dialog.save_button.click()
    assert dialog.result_change is not None and undo.undoText() == "Edit article text"
    with ctx.store.sessions() as s:
        stored = get_article(s, ARTICLE)
    assert stored.body == new_body
    assert {a.id for a in stored.annotations if a.anchor_state == "orphaned"} == removed

    # The orphan queue holds exactly those, each with its old quote and context.
    queue = OrphanQueueDialog(ctx=ctx, undo=undo)
    qtbot.addWidget(queue)
    queue.show()
    assert set(queue.orphan_ids()) == removed
    item = queue.current_item()
    assert item is not None
    assert item.annotation.quote.exact in queue.old_quote.text().replace("&quot;", '"') or item.annotation.quote.exact[:20] in queue.old_quote.text()
    assert queue.reader.article() is not None and queue.reader.article().body == new_body

    # Re-attach the first one by selecting new words in the reader.
    target = "Kim Jong Un"
    at = new_body.index(target)
    select_body_range(queue.reader, at, at + len(target))
    assert queue.reader.selected_body_range() == (at, at + len(target))
    assert queue.attach_button.isEnabled()
    first = item.annotation.id
    queue.attach_button.click()
    assert undo.undoText() == "Re-attach annotation"
    assert first not in queue.orphan_ids() and len(queue.orphan_ids()) == len(removed) - 1
    with ctx.store.sessions() as s:
        attached = get_annotation(s, first)
    assert attached.quote.exact == target and attached.anchor_state == "anchored"

    # Delete another from the queue; undo restores it as it was.
    if queue.orphan_ids():
        second = queue.orphan_ids()[0]
        queue.select_orphan(second)
        queue.delete_button.click()
        assert second not in queue.orphan_ids()
        undo.undo()
        assert second in queue.orphan_ids()

    # Undo the re-attach and the text edit: body and every selector as before.
    undo.undo()
    undo.undo()
    with ctx.store.sessions() as s:
        back = get_article(s, ARTICLE)
    assert back.body == body
    assert [(a.id, a.quote, a.position, a.anchor_state) for a in back.annotations] == [
        (a.id, a.quote, a.position, a.anchor_state) for a in article.annotations
    ]
    assert queue.orphan_ids() == []
    assert ctx.errors == []  # type: ignore[attr-defined]


def test_a_new_article_from_a_markdown_file_and_undo(qtbot, ctx, undo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "board.md"
    path.write_text("# Board adopts plan\n\nThe board voted **5–2** <i>on Monday</i>.\r\n\r\nMore text.\n", encoding="utf-8")
    dialog = NewArticleDialog(ctx=ctx, undo=undo)
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled()
    dialog.load_file(path)
    assert dialog.title.text() == "Board adopts plan"
    assert verbatim_text(dialog.body) == "The board voted **5–2** <i>on Monday</i>.\n\nMore text."
    dialog.outlet.setText("The Local")
    dialog.published.setText("2024-09-02")
    dialog.url.setText("https://example.org/board")
    dialog.save_button.click()
    assert dialog.result_article is not None and undo.undoText() == "Add article"
    article_id = dialog.result_article.id
    assert article_id == "board-adopts-plan"
    with ctx.store.sessions() as s:
        stored = get_article(s, article_id)
    assert stored.outlet == "The Local" and stored.published == "2024-09-02" and "<i>" in stored.body
    undo.undo()
    with ctx.store.sessions() as s, pytest.raises(NotFound):
        get_article(s, article_id)
    undo.redo()
    with ctx.store.sessions() as s:
        assert get_article(s, article_id) == stored
    # A bad date is refused in the dialog's banner, and nothing is added.
    again = NewArticleDialog(ctx=ctx, undo=undo)
    qtbot.addWidget(again)
    again.title.setText("Another")
    again.body.setPlainText("Text.")
    again.published.setText("Monday")
    again.save_button.click()
    assert not again.banner.isHidden() and "not a date" in again.banner.text()
    assert again.result_article is None


# ---------------------------------------------------------------------------- questions


def _generate(ctx) -> int:  # type: ignore[no-untyped-def]
    from quizzes.review import generate_drafts

    with ctx.store.sessions.begin() as s:
        return generate_drafts(s, seed=1)


def test_approving_a_generated_question_makes_it_available_to_quiz_assembly(qtbot, ctx, undo) -> None:  # type: ignore[no-untyped-def]
    from quizzes.assembly import QuizSpec, draw

    assert _generate(ctx) > 0
    dialog = QuestionReviewDialog(ctx=ctx, undo=undo)
    qtbot.addWidget(dialog)
    dialog.show()
    drafts = dialog.draft_ids()
    assert drafts
    # Pick a generated question tied to an annotation, to see its provenance.
    chosen = next(i for i in dialog.items() if i.question.annotation_id and i.article is not None)
    q = chosen.question
    dialog.select_question(q.id)
    assert dialog.current_item().question.id == q.id
    assert q.prompt[:30] in dialog.student_view.toPlainText()
    assert "ANSWER KEY" not in dialog.student_view.toPlainText()  # the student view has no key
    assert "ANSWER KEY" in dialog.key_view.toPlainText()
    assert q.provenance.generator in dialog.provenance.text()
    assert dialog.reader.visible_annotations() == [q.annotation_id]  # the annotation, highlighted

    spec = QuizSpec(articles=q.articles, count=200, seed=3)
    with ctx.store.sessions() as s:
        assert q.id not in draw(s, spec)
    qtbot.mouseClick(dialog.approve_button, Qt.MouseButton.LeftButton)
    assert undo.undoText() == "Approve question"
    assert q.id not in dialog.draft_ids() and len(dialog.draft_ids()) == len(drafts) - 1
    with ctx.store.sessions() as s:
        assert q.id in draw(s, spec)
    undo.undo()
    with ctx.store.sessions() as s:
        assert q.id not in draw(s, spec)
    assert q.id in dialog.draft_ids()
    undo.redo()

    # Reject another: retired, never drawn.
    other = dialog.draft_ids()[0]
    dialog.select_question(other)
    dialog.reject_button.click()
    assert undo.undoText() == "Reject question"
    with ctx.store.sessions() as s:
        assert other not in draw(s, QuizSpec(count=500, seed=1, status="approved"))
    assert ctx.errors == []  # type: ignore[attr-defined]


def test_editing_a_draft_makes_a_new_version_and_undo_restores_the_content(qtbot, ctx, undo) -> None:  # type: ignore[no-untyped-def]
    from quizzes.bank import get_question

    _generate(ctx)
    dialog = QuestionReviewDialog(ctx=ctx, undo=undo)
    qtbot.addWidget(dialog)
    first = dialog.current_item()
    assert first is not None
    editor = dialog.edit_current()
    assert editor is not None
    qtbot.addWidget(editor)
    assert editor.question() == first.question  # the form holds the record exactly
    editor.prompt.setPlainText("A clearer prompt?")
    editor.update_preview()
    assert "A clearer prompt?" in editor.preview.toPlainText()
    assert editor.save_button.isEnabled(), editor.problems.text()
    editor.save_button.click()
    assert undo.undoText() == "Edit question"
    with ctx.store.sessions() as s:
        now = get_question(s, first.question.id)
    assert now.prompt == "A clearer prompt?" and now.version == first.question.version + 1
    undo.undo()
    with ctx.store.sessions() as s:
        back = get_question(s, first.question.id)
    assert back.prompt == first.question.prompt and back.status == "draft"


FILL = {
    "single-choice": lambda e: (e.choices.add_row(["Yes", True, ""], row_id="a"), e.choices.add_row(["No", False, "Not so."], row_id="b")),
    "multiple-choice": lambda e: (e.choices.add_row(["One", True, ""], row_id="a"), e.choices.add_row(["Two", True, ""], row_id="b"), e.choices.add_row(["Three", False, ""], row_id="c")),
    "true-false": lambda e: e.false_button.setChecked(True),
    "short-answer": lambda e: e.accepted_answers.setPlainText("Pyongyang\nPyongyang, North Korea"),
    "cloze": lambda e: (e.cloze_text.setPlainText("Putin visited {1} in {2}."), e.blanks.add_row(["Pyongyang", ""]), e.blanks.add_row(["June | June 2024", "May | June | July"])),
    "hot-text": lambda e: (e.passage.setPlainText("Putin paid a state visit to Pyongyang"), e.choices.add_row(["state visit", True, ""], row_id="a"), e.choices.add_row(["Pyongyang", False, ""], row_id="b")),
    "ordering": lambda e: (e.choices.add_row(["1961 treaty", False, ""], row_id="a"), e.choices.add_row(["2000 treaty", False, ""], row_id="b"), e.choices.add_row(["2024 treaty", False, ""], row_id="c")),
    "matching": lambda e: (e.pairs.add_row(["Claim A", "Accurate"], row_id="p1"), e.pairs.add_row(["Claim B", "Inaccurate"], row_id="p2")),
}


@pytest.mark.parametrize("kind", list(KIND_LABELS))
def test_the_question_editor_authors_every_kind_with_a_live_preview(qtbot, ctx, undo, kind: str) -> None:  # type: ignore[no-untyped-def]
    from quizzes.bank import get_question

    with ctx.store.sessions() as s:
        article = get_article(s, ARTICLE)
    dialog = QuestionReviewDialog(ctx=ctx, undo=undo)
    qtbot.addWidget(dialog)
    editor = QuestionEditor(articles={ARTICLE: article}, article_id=ARTICLE)
    qtbot.addWidget(editor)
    editor.kind.setCurrentIndex(editor.kind.findData(kind))
    editor.prompt.setPlainText(f"A {kind} question?")
    editor.explanation.setPlainText("Because the article says so.")
    claim = next(a for a in article.annotations if a.category == "claim")
    editor.annotation.setCurrentIndex(editor.annotation.findData(claim.id))
    FILL[kind](editor)
    editor.update_preview()
    assert editor.save_button.isEnabled(), editor.problems_list()
    assert f"A {kind} question?" in editor.preview.toPlainText()
    q = editor.question()
    assert q.kind == kind and q.articles == (ARTICLE,) and q.annotation_id == claim.id and q.status == "draft"
    student = question_html(q)
    assert "ANSWER KEY" not in student and "ANSWER KEY" in question_html(q, key=True)
    # Saved through the review dialog's path: added as a draft, undo deletes it.
    dialog.save_new_question(editor)
    assert undo.undoText() == "Add question"
    assert q.id in dialog.draft_ids()
    with ctx.store.sessions() as s:
        assert get_question(s, q.id).kind == kind
    undo.undo()
    with ctx.store.sessions() as s, pytest.raises(NotFound):
        get_question(s, q.id)


def test_an_incomplete_question_cannot_be_saved(qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = QuestionEditor(articles={})
    qtbot.addWidget(editor)
    editor.update_preview()
    assert not editor.save_button.isEnabled()
    assert any("prompt" in p for p in editor.problems_list())
