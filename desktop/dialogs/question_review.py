"""Question review: the queue of draft questions (generated, or authored and not yet approved).

Each is shown as the student will see it, with the answer key below for the teacher and its
provenance: which generator (and version) made it from which annotation, with that annotation
highlighted in the article. Approve (status "approved": quiz assembly may draw it), Edit (the
question editor, with a live preview) or Reject (status "retired"). Every action is undoable.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from corpus.records import ArticleRecord
from desktop.dialogs.common import Banner, TwoLineDelegate
from desktop.dialogs.question_editor import (
    KIND_LABELS,
    SKILL_LABELS,
    QuestionEditor,
    answer_key_html,
    question_html,
)
from desktop.events import Changes
from desktop.operations import OpContext
from desktop.operations.authoring import (
    ReviewItem,
    ReviewQueue,
    change_question_status,
    create_question,
    edit_question,
    fetch_review_queue,
    generate_draft_questions,
)
from desktop.theme import LIGHT, Theme, apply_theme
from desktop.undo import AddQuestionCommand, EditQuestionCommand, QuestionStatusCommand, UndoStack
from desktop.views.labels import category_label
from desktop.views.reader import ReaderView
from quizzes.items import QuestionRecord

__all__ = ["QuestionReviewDialog"]


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class QuestionReviewDialog(QDialog):
    """The review queue window (non-modal). Refreshes itself when questions change."""

    loaded = Signal(int)  # how many drafts are listed

    def __init__(self, parent: QWidget | None = None, *, ctx: OpContext, undo: UndoStack, theme: Theme = LIGHT) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._undo = undo
        self._theme = theme
        self._items: list[ReviewItem] = []
        self._articles: dict[str, ArticleRecord] = {}
        self._shown_article: str | None = None
        self.editor: QuestionEditor | None = None
        self.setWindowTitle("Review questions")

        self.count_label = QLabel(self)
        self.count_label.setProperty("role", "heading")
        self.list = QListWidget(self)
        self.list.setAccessibleName("Draft questions")
        self.list.setItemDelegate(TwoLineDelegate(theme, self.list))
        self.list.setUniformItemSizes(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.list.currentRowChanged.connect(self._on_current)
        self.empty = QLabel(
            "No drafts to review. “Generate drafts” turns the published annotations into "
            "draft questions; “New question…” writes one yourself.",
            self,
        )
        self.empty.setWordWrap(True)
        self.empty.setProperty("role", "muted")
        self.empty.hide()
        self.generate_button = QPushButton("Generate drafts", self)
        self.generate_button.setToolTip("Make draft questions from the published annotations (duplicates are skipped)")
        self.generate_button.clicked.connect(self.generate)
        self.new_button = QPushButton("New question…", self)
        self.new_button.clicked.connect(self.new_question)

        self.student_view = QTextBrowser(self)
        self.student_view.setAccessibleName("The question as the student sees it")
        self.student_view.document().setDocumentMargin(14)
        self.key_view = QTextBrowser(self)
        self.key_view.setAccessibleName("Answer key and explanation")
        self.key_view.document().setDocumentMargin(10)
        self.provenance = QLabel(self)
        self.provenance.setWordWrap(True)
        self.provenance.setTextFormat(Qt.TextFormat.RichText)
        self.provenance.setAccessibleName("Provenance")
        self.reader = ReaderView(self, theme=theme, base_point_size=10.5, chars_per_line=72)

        self.banner = Banner(theme, self)
        self.approve_button = QPushButton("✓ Approve", self)
        self.approve_button.setToolTip("Make it available to quizzes (Ctrl+Return)")
        self.approve_button.clicked.connect(self.approve_current)
        self.edit_button = QPushButton("Edit…", self)
        self.edit_button.clicked.connect(self.edit_current)
        self.reject_button = QPushButton("✗ Reject", self)
        self.reject_button.setToolTip("Retire it: it never appears in a quiz (Ctrl+Backspace)")
        self.reject_button.clicked.connect(self.reject_current)
        self.close_button = QPushButton("Close", self)
        self.close_button.clicked.connect(self.close)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.approve_current)
        QShortcut(QKeySequence("Ctrl+Backspace"), self, self.reject_current)

        left = QWidget(self)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.count_label)
        ll.addWidget(self.list, 1)
        ll.addWidget(self.empty)
        lb = QHBoxLayout()
        lb.addWidget(self.generate_button)
        lb.addWidget(self.new_button)
        ll.addLayout(lb)

        middle = QWidget(self)
        ml = QVBoxLayout(middle)
        ml.setContentsMargins(0, 0, 0, 0)
        c1 = QLabel("As the student sees it", middle)
        c1.setProperty("role", "section")
        ml.addWidget(c1)
        ml.addWidget(self.student_view, 1)
        c2 = QLabel("Answer key and explanation (teachers only)", middle)
        c2.setProperty("role", "section")
        ml.addWidget(c2)
        ml.addWidget(self.key_view, 1)

        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        c3 = QLabel("Where it comes from", right)
        c3.setProperty("role", "section")
        rl.addWidget(c3)
        rl.addWidget(self.provenance)
        rl.addWidget(self.reader, 1)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        for w in (left, middle, right):
            split.addWidget(w)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 4)
        split.setStretchFactor(2, 4)
        split.setChildrenCollapsible(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.reject_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.banner)
        layout.addLayout(buttons)
        self.resize(1360, 800)
        apply_theme(self, theme)

        ctx.events.store_changed.connect(self._on_store_changed)
        self._show_item(None)
        self.refresh()

    # ------------------------------------------------------------------ data

    def refresh(self) -> None:
        """Reload the queue (worker thread)."""
        fetch_review_queue(self._ctx).success(self._show_queue).run()

    def _show_queue(self, queue: ReviewQueue) -> None:
        current = self.current_item()
        keep = current.question.id if current else None
        old_row = self.list.currentRow()
        self._items = list(queue.items)
        self._articles = dict(queue.articles)
        self.list.blockSignals(True)
        self.list.clear()
        for item in self._items:
            q = item.question
            origin = f"generated · {q.provenance.generator}" if q.provenance.origin == "generated" else "authored"
            entry = QListWidgetItem(q.prompt)
            entry.setData(
                TwoLineDelegate.MetaRole,
                f"{KIND_LABELS.get(q.kind, q.kind)} · {SKILL_LABELS.get(q.skill, q.skill)} · {origin}",
            )
            entry.setToolTip(q.prompt)
            entry.setData(Qt.ItemDataRole.UserRole, q.id)
            self.list.addItem(entry)
        self.list.blockSignals(False)
        n = len(self._items)
        self.count_label.setText(f"{n} draft{'s' if n != 1 else ''} to review")
        self.empty.setVisible(n == 0)
        self.list.setVisible(n > 0)
        if n:
            ids = [i.question.id for i in self._items]
            row = ids.index(keep) if keep in ids else min(max(old_row, 0), n - 1)
            self.list.setCurrentRow(row)
            self._on_current(row)
        else:
            self._show_item(None)
        self.loaded.emit(n)

    def items(self) -> list[ReviewItem]:
        """The queue: each draft with its article."""
        return list(self._items)

    def draft_ids(self) -> list[str]:
        """Ids of the questions in the queue, in order."""
        return [i.question.id for i in self._items]

    @Slot(object, object)
    def _on_store_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.questions or changes.annotations or changes.articles:
            self.refresh()

    # ------------------------------------------------------------------ current

    def current_item(self) -> ReviewItem | None:
        row = self.list.currentRow()
        return self._items[row] if 0 <= row < len(self._items) else None

    def select_question(self, question_id: str) -> bool:
        """Make a draft current."""
        ids = self.draft_ids()
        if question_id in ids:
            self.list.setCurrentRow(ids.index(question_id))
            return True
        return False

    @Slot(int)
    def _on_current(self, row: int) -> None:
        self._show_item(self._items[row] if 0 <= row < len(self._items) else None)

    def _show_item(self, item: ReviewItem | None) -> None:
        t = self._theme
        for b in (self.approve_button, self.edit_button, self.reject_button):
            b.setEnabled(item is not None)
        if item is None:
            self.student_view.setHtml(f"<p style='color:{t.muted}'>Nothing selected.</p>")
            self.key_view.clear()
            self.provenance.setText("")
            self.reader.set_article(None)
            self._shown_article = None
            return
        q = item.question
        self.student_view.setHtml(question_html(q, t))
        self.key_view.setHtml(answer_key_html(q, t))
        self.provenance.setText(self._provenance_html(item))
        article = item.article
        if article is not None:
            if self._shown_article != article.id:
                self.reader.set_article(article)
                self._shown_article = article.id
            if q.annotation_id and any(a.id == q.annotation_id for a in article.annotations):
                self.reader.set_annotation_filter({q.annotation_id})
                self.reader.select_annotation(q.annotation_id)
            else:
                self.reader.set_annotation_filter(set())
        else:
            self.reader.set_article(None)
            self._shown_article = None

    def _provenance_html(self, item: ReviewItem) -> str:
        q = item.question
        t = self._theme
        p = q.provenance
        esc = html.escape
        if p.origin == "generated":
            who = f"Generated by the <b>{esc(p.generator or '?')}</b> generator (version {p.generator_version or '?'})"
        else:
            who = "Written by a teacher"
        annotation = None
        if item.article is not None and q.annotation_id:
            annotation = next((a for a in item.article.annotations if a.id == q.annotation_id), None)
        if annotation is not None:
            verdict = f", {esc(t.verdict(annotation.verdict).text)}" if annotation.verdict else ""
            src = (
                f" from the annotation <b>{esc(category_label(annotation.category))}{verdict}</b> on "
                f"“{esc(_short(annotation.quote.exact, 80))}” (highlighted below)"
            )
        elif q.annotation_id:
            src = f" from annotation {esc(q.annotation_id)}"
        elif q.passage:
            src = " from a passage of the article"
        else:
            src = ""
        title = f" in <i>{esc(item.article.title)}</i>" if item.article is not None else ""
        meta = f"<br><span style='color:{t.muted}'>{esc(q.id)} · version {q.version} · difficulty {q.difficulty}</span>"
        return f"{who}{src}{title}.{meta}"

    # ------------------------------------------------------------------ actions

    def _set_status(self, status: str, done: str) -> None:
        item = self.current_item()
        if item is None:
            return
        self.banner.clear_message()
        self._undo.perform(
            change_question_status(self._ctx, question_id=item.question.id, status=status),
            QuestionStatusCommand,
            on_done=lambda _c: self.banner.show_message(done, severity="info"),
            on_error=self.banner.show_message,
        )

    @Slot()
    def approve_current(self) -> None:
        """Approve the current draft: quizzes may draw it from now on (undoable)."""
        self._set_status("approved", "Approved: quizzes can now include it. Undo takes it back.")

    @Slot()
    def reject_current(self) -> None:
        """Reject the current draft (status retired; undoable)."""
        self._set_status("retired", "Rejected: it will not appear in quizzes. Undo takes it back.")

    @Slot()
    def edit_current(self) -> QuestionEditor | None:
        """Open the question editor on the current draft."""
        item = self.current_item()
        if item is None:
            return None
        editor = QuestionEditor(self, articles=self._articles, record=item.question, theme=self._theme)
        editor.accepted.connect(lambda: self.save_edited_question(editor))
        return self._open_editor(editor)

    @Slot()
    def new_question(self) -> QuestionEditor:
        """Open the question editor on a new question (it joins the queue as a draft)."""
        item = self.current_item()
        article_id = item.article.id if item is not None and item.article is not None else None
        editor = QuestionEditor(self, articles=self._articles, article_id=article_id, theme=self._theme)
        editor.accepted.connect(lambda: self.save_new_question(editor))
        return self._open_editor(editor)

    def _open_editor(self, editor: QuestionEditor) -> QuestionEditor:
        self.editor = editor
        editor.finished.connect(lambda _r: setattr(self, "editor", None))
        editor.open()
        return editor

    def save_edited_question(self, editor: QuestionEditor) -> None:
        """Save the edited question in `editor` as a new version (undoable)."""
        self._undo.perform(
            edit_question(self._ctx, record=editor.question()),
            EditQuestionCommand,
            on_done=lambda e: self.banner.show_message(f"Saved as version {e.after.version}.", severity="info"),
            on_error=self.banner.show_message,
        )

    def save_new_question(self, editor: QuestionEditor) -> None:
        """Add the question in `editor` as a draft (undoable)."""
        question = editor.question()

        def added(q: QuestionRecord) -> None:
            self.banner.show_message("Added to the queue as a draft.", severity="info")
            self.select_question(q.id)

        self._undo.perform(
            create_question(self._ctx, record=question),
            AddQuestionCommand,
            on_done=added,
            on_error=self.banner.show_message,
        )

    @Slot()
    def generate(self) -> None:
        """Run the generators over the corpus (worker thread); new drafts join the queue."""
        self.generate_button.setEnabled(False)

        def done(n: int) -> None:
            self.generate_button.setEnabled(True)
            self.banner.show_message(
                f"{n} new draft question{'s' if n != 1 else ''}." if n else "No new drafts: every question the generators can make is already in the bank.",
                severity="info",
            )

        def failed(exc: BaseException) -> None:
            from desktop.operations import user_message

            self.generate_button.setEnabled(True)
            self.banner.show_message(user_message(exc))

        generate_draft_questions(self._ctx).success(done).failure(failed).run()
