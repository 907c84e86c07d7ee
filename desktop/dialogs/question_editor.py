"""Questions as students see them, and an editor for a question of every kind with a live preview.

`question_html` is a simple read-only rendering of a question (prompt, passage, choices in the
order a quiz would shuffle them, blanks, pairs) — the real quiz player renders interactively;
this one is for review. With `key=True` it adds the answer key and the explanation.

`QuestionEditor` edits every field of a `QuestionRecord`: the common ones (kind, skill,
difficulty, articles, annotation, passage, prompt, explanation) and the kind's own (choices with
correct flags and feedback, true/false, accepted answers, cloze text with blanks, matching
pairs). It checks as you type with the bank's own rules (`quizzes.bankfiles.question_problems`),
previews live, and never touches the store.
"""

from __future__ import annotations

import html
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from corpus.records import ArticleRecord
from desktop.dialogs.common import verbatim_text
from desktop.theme import LIGHT, Theme, apply_theme
from desktop.views.labels import category_label
from quizzes.assembly import choice_order_for
from quizzes.bankfiles import CLOZE_MARKER, question_problems
from quizzes.items import SKILLS, Blank, Choice, Pair, Provenance, QuestionRecord

__all__ = ["KIND_LABELS", "QuestionEditor", "answer_key_html", "question_html"]

KIND_LABELS = {
    "single-choice": "Single choice",
    "multiple-choice": "Multiple choice",
    "true-false": "True or false",
    "short-answer": "Short answer",
    "cloze": "Fill in the blanks (cloze)",
    "hot-text": "Select the phrase (hot text)",
    "ordering": "Put in order (timeline)",
    "matching": "Matching",
}
SKILL_LABELS = {s: s.replace("-", " ").capitalize() for s in SKILLS}
DIFFICULTY_WORDS = {1: "easy", 2: "medium", 3: "hard"}
_CHOICE_KINDS = ("single-choice", "multiple-choice", "hot-text", "ordering")


def _esc(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _ordered(q: QuestionRecord, items: Sequence[Choice] | Sequence[Pair]) -> list:
    """Items in the order a quiz shows them (the assembly's reproducible shuffle)."""
    try:
        order = choice_order_for(q, seed=0, position=1)
    except Exception:  # noqa: BLE001 - a half-written question in the editor must still preview
        order = ()
    by_id = {i.id: i for i in items}
    shown = [by_id[i] for i in order if i in by_id]
    return shown + [i for i in items if i not in shown]


def question_html(q: QuestionRecord, theme: Theme = LIGHT, *, key: bool = False) -> str:
    """A question rendered as a student would see it (and, with `key`, the answer key)."""
    t = theme
    box = f"border:1px solid {t.border}; border-radius:6px; padding:6px 10px; background:{t.page}"
    out = [f"<p style='font-size:12pt; margin:0 0 10px 0'><b>{_esc(q.prompt) or '…'}</b></p>"]
    if q.passage and q.kind != "hot-text":
        out.append(
            f"<table width='100%' cellpadding='8' style='margin:0 0 10px 0; background:{t.alternate}'>"
            f"<tr><td><i>“{_esc(q.passage)}”</i></td></tr></table>"
        )
    if q.kind in ("single-choice", "multiple-choice"):
        mark = "○" if q.kind == "single-choice" else "☐"
        hint = "Choose one." if q.kind == "single-choice" else "Choose all that apply."
        out.append(f"<p style='color:{t.muted}; margin:0 0 4px 0'>{hint}</p>")
        for c in _ordered(q, q.choices):
            out.append(f"<p style='margin:2px 0 6px 6px'>{mark}&nbsp;&nbsp;{_esc(c.text)}</p>")
    elif q.kind == "true-false":
        out.append("<p style='margin:2px 0 6px 6px'>○&nbsp;&nbsp;True&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;○&nbsp;&nbsp;False</p>")
    elif q.kind == "short-answer":
        out.append(f"<p style='margin:6px 0'><span style='{box}'>{'&nbsp;' * 48}</span></p>")
    elif q.kind == "cloze":
        text = _esc(q.text or "")

        def blank(match: re.Match[str]) -> str:
            n = int(match.group(1))
            b = q.blanks[n - 1] if 0 < n <= len(q.blanks) else None
            if b is not None and b.options:
                return f"<span style='{box}'>&nbsp;({n}) choose ▾&nbsp;</span>"
            return f"<span style='{box}'>&nbsp;({n})&nbsp;{'&nbsp;' * 14}</span>"

        out.append(f"<p style='line-height:160%'>{CLOZE_MARKER.sub(blank, text)}</p>")
    elif q.kind == "hot-text":
        out.append(f"<p style='color:{t.muted}; margin:0 0 4px 0'>Select the phrase(s) in the passage.</p>")
        passage = _esc(q.passage or "")
        for c in sorted(q.choices, key=lambda c: -len(c.text)):
            if c.text.strip():
                passage = passage.replace(
                    _esc(c.text),
                    f"<span style='border-bottom:2px dotted {t.accent}; background:{t.alternate}'>{_esc(c.text)}</span>",
                    1,
                )
        out.append(f"<p style='line-height:150%'>{passage}</p>")
    elif q.kind == "ordering":
        out.append(f"<p style='color:{t.muted}; margin:0 0 4px 0'>Put these in order, earliest first.</p>")
        for c in _ordered(q, q.choices):
            out.append(f"<p style='margin:2px 0 6px 6px'>☰&nbsp;&nbsp;{_esc(c.text)}</p>")
    elif q.kind == "matching":
        out.append(f"<p style='color:{t.muted}; margin:0 0 4px 0'>Match each item on the left with one on the right.</p>")
        rights = _ordered(q, q.pairs)
        rows = "".join(
            f"<tr><td>{i + 1}. {_esc(p.left)}</td><td>&nbsp;&nbsp;▾&nbsp;&nbsp;</td>"
            f"<td>{chr(65 + i)}. {_esc(rights[i].right) if i < len(rights) else ''}</td></tr>"
            for i, p in enumerate(q.pairs)
        )
        out.append(f"<table cellpadding='4'>{rows}</table>")
    if key:
        out.append(f"<hr style='border:none; border-top:1px solid {t.border}'>")
        out.append(answer_key_html(q, t))
    return "".join(out)


def answer_key_html(q: QuestionRecord, t: Theme = LIGHT) -> str:
    """The answer key and the explanation (teachers only)."""
    ok = t.status("checked")
    no = t.severity("error")
    parts = [f"<p style='color:{t.muted}; margin:6px 0 4px 0'><b>ANSWER KEY</b> (teachers only)</p>"]
    if q.kind in ("single-choice", "multiple-choice", "hot-text"):
        for c in q.choices:
            mark = f"<b style='color:{ok.foreground}'>{ok.symbol}</b>" if c.correct else f"<span style='color:{no.foreground}'>{no.symbol}</span>"
            fb = f" <span style='color:{t.muted}'>— {_esc(c.feedback)}</span>" if c.feedback else ""
            parts.append(f"<p style='margin:2px 0'>{mark} {_esc(c.text)}{fb}</p>")
    elif q.kind == "true-false":
        parts.append(f"<p><b>{'True' if q.answer else 'False' if q.answer is not None else '?'}</b></p>")
    elif q.kind == "short-answer":
        parts.append("<p>Accepted: " + ", ".join(f"<b>{_esc(a)}</b>" for a in q.accepted) + "</p>")
    elif q.kind == "cloze":
        for i, b in enumerate(q.blanks, 1):
            opts = f" <span style='color:{t.muted}'>(options: {_esc(', '.join(b.options))})</span>" if b.options else ""
            parts.append(f"<p style='margin:2px 0'>({i}) <b>{_esc(' / '.join(b.accepted))}</b>{opts}</p>")
    elif q.kind == "ordering":
        parts.append("<p>" + "<br>".join(f"{i}. {_esc(c.text)}" for i, c in enumerate(q.choices, 1)) + "</p>")
    elif q.kind == "matching":
        parts.append("<p>" + "<br>".join(f"{_esc(p.left)} → <b>{_esc(p.right)}</b>" for p in q.pairs) + "</p>")
    if q.explanation:
        parts.append(f"<p style='margin:8px 0 0 0'><b>Why:</b> {_esc(q.explanation)}</p>")
    return "".join(parts)


def _next_id(taken: set[str]) -> str:
    for letter in "abcdefghijklmnopqrstuvwxyz":
        if letter not in taken:
            return letter
    n = 1
    while f"c{n}" in taken:
        n += 1
    return f"c{n}"


class _RowTable(QTableWidget):
    """A small editable table with add / remove / move buttons."""

    def __init__(self, headers: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(0, len(headers), parent)
        self.setHorizontalHeaderLabels(list(headers))
        self.verticalHeader().setVisible(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    def text(self, row: int, col: int) -> str:
        item = self.item(row, col)
        return item.text() if item is not None else ""

    def checked(self, row: int, col: int) -> bool:
        item = self.item(row, col)
        return item is not None and item.checkState() == Qt.CheckState.Checked

    def add_row(self, values: Sequence[str | bool | None], *, row_id: str | None = None) -> int:
        row = self.rowCount()
        self.insertRow(row)
        for col, value in enumerate(values):
            if isinstance(value, bool):
                item = QTableWidgetItem()
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
                item.setCheckState(Qt.CheckState.Checked if value else Qt.CheckState.Unchecked)
            else:
                item = QTableWidgetItem(value or "")
            if col == 0 and row_id is not None:
                item.setData(Qt.ItemDataRole.UserRole, row_id)
            self.setItem(row, col, item)
        return row

    def row_id(self, row: int) -> str | None:
        item = self.item(row, 0)
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def move_row(self, delta: int) -> None:
        """Move the current row up (-1) or down (+1)."""
        row = self.currentRow()
        other = row + delta
        if row < 0 or not 0 <= other < self.rowCount():
            return
        for col in range(self.columnCount()):
            a, b = self.takeItem(row, col), self.takeItem(other, col)
            self.setItem(row, col, b)
            self.setItem(other, col, a)
        self.selectRow(other)


class QuestionEditor(QDialog):
    """Author or edit a question of any kind, with a live student preview and the bank's checks.

    `articles` are the articles a question may be about (id → record, with annotations).
    After `accept()`, `question()` is the record to save.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        articles: Mapping[str, ArticleRecord],
        record: QuestionRecord | None = None,
        article_id: str | None = None,
        theme: Theme = LIGHT,
    ) -> None:
        super().__init__(parent)
        self._articles = dict(articles)
        self._theme = theme
        self._record = record
        self._building = True
        first = article_id or (next(iter(self._articles)) if self._articles else None)
        self._base = record or QuestionRecord(
            id=f"{(first or 'q')[:12].strip('-')}-q-{secrets.token_hex(3)}",
            kind="single-choice", skill="detail", difficulty=2, prompt="", explanation="",
            articles=(first,) if first else (), status="draft", provenance=Provenance(origin="authored"),
        )
        self.setWindowTitle("Edit question" if record else "New question")

        # --- common fields
        self.kind = QComboBox(self)
        for k, label in KIND_LABELS.items():
            self.kind.addItem(label, k)
        self.skill = QComboBox(self)
        for s in SKILLS:
            self.skill.addItem(SKILL_LABELS[s], s)
        self.difficulty = QSpinBox(self)
        self.difficulty.setRange(1, 3)
        self.difficulty.setSuffix("  (1 easy – 3 hard)")
        self.articles_list = QListWidget(self)
        self.articles_list.setMaximumHeight(64)
        self.articles_list.setAccessibleName("Articles")
        for a in self._articles.values():
            item = QListWidgetItem(a.title)
            item.setData(Qt.ItemDataRole.UserRole, a.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if a.id in self._base.articles else Qt.CheckState.Unchecked)
            self.articles_list.addItem(item)
        self.annotation = QComboBox(self)
        self.annotation.setAccessibleName("Annotation")
        self.passage = QPlainTextEdit(self)
        self.passage.setPlaceholderText("Optional (required for hot text): words from the article that explain the answer")
        self.passage.setMaximumHeight(60)
        self.prompt = QPlainTextEdit(self)
        self.prompt.setPlaceholderText("The question, as the student reads it")
        self.prompt.setMaximumHeight(60)
        self.explanation = QPlainTextEdit(self)
        self.explanation.setPlaceholderText("Why the answer is right: shown after answering")
        self.explanation.setMaximumHeight(60)
        for widget, name in (
            (self.kind, "Kind"), (self.skill, "Skill"), (self.difficulty, "Difficulty"),
            (self.passage, "Passage"), (self.prompt, "Prompt"), (self.explanation, "Explanation"),
        ):
            widget.setAccessibleName(name)

        form = QFormLayout()
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.kind, 2)
        kind_row.addWidget(QLabel("Skill", self))
        kind_row.addWidget(self.skill, 1)
        kind_row.addWidget(QLabel("Difficulty", self))
        kind_row.addWidget(self.difficulty)
        form.addRow("Kind", kind_row)
        form.addRow("Articles", self.articles_list)
        form.addRow("Annotation", self.annotation)
        form.addRow("Prompt", self.prompt)
        form.addRow("Passage", self.passage)
        form.addRow("Explanation", self.explanation)

        # --- the kind's own fields
        self.pages = QStackedWidget(self)
        self.choices = _RowTable(("Text", "Correct", "Feedback (when picked)"), self)
        self.choices.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.choices.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.choice_hint = QLabel(self)
        self.choice_hint.setProperty("role", "muted")
        self.choice_hint.setWordWrap(True)
        choice_page = QWidget(self)
        cl = QVBoxLayout(choice_page)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.addWidget(self.choice_hint)
        cl.addWidget(self.choices, 1)
        cl.addLayout(self._row_buttons(self.choices, lambda: self.choices.add_row(["", False, ""], row_id=self._new_choice_id())))
        self.true_button = QRadioButton("True", self)
        self.false_button = QRadioButton("False", self)
        self.tf_group = QButtonGroup(self)
        self.tf_group.addButton(self.true_button)
        self.tf_group.addButton(self.false_button)
        tf_page = QWidget(self)
        tl = QHBoxLayout(tf_page)
        tl.addWidget(QLabel("The statement is", tf_page))
        tl.addWidget(self.true_button)
        tl.addWidget(self.false_button)
        tl.addStretch(1)
        self.accepted_answers = QPlainTextEdit(self)
        self.accepted_answers.setPlaceholderText("One accepted answer per line (case, spacing and punctuation are ignored)")
        self.accepted_answers.setAccessibleName("Accepted answers")
        sa_page = QWidget(self)
        sl = QVBoxLayout(sa_page)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addWidget(self.accepted_answers)
        self.cloze_text = QPlainTextEdit(self)
        self.cloze_text.setPlaceholderText("The text with {1}, {2} … where the blanks go")
        self.cloze_text.setAccessibleName("Cloze text")
        self.cloze_text.setMaximumHeight(70)
        self.blanks = _RowTable(("Accepted answers (separate with |)", "Drop-down options (optional, separate with |)"), self)
        self.blanks.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        cloze_page = QWidget(self)
        zl = QVBoxLayout(cloze_page)
        zl.setContentsMargins(0, 0, 0, 0)
        zl.addWidget(self.cloze_text)
        zl.addWidget(self.blanks, 1)
        zl.addLayout(self._row_buttons(self.blanks, lambda: self.blanks.add_row(["", ""])))
        self.pairs = _RowTable(("Left", "Right (its match)"), self)
        self.pairs.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        pair_page = QWidget(self)
        pl = QVBoxLayout(pair_page)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.addWidget(self.pairs, 1)
        pl.addLayout(self._row_buttons(self.pairs, lambda: self.pairs.add_row(["", ""], row_id=self._new_pair_id())))
        self._page_of = {
            "single-choice": choice_page, "multiple-choice": choice_page, "hot-text": choice_page,
            "ordering": choice_page, "true-false": tf_page, "short-answer": sa_page,
            "cloze": cloze_page, "matching": pair_page,
        }
        for page in (choice_page, tf_page, sa_page, cloze_page, pair_page):
            self.pages.addWidget(page)

        # --- preview and problems
        self.preview = QTextBrowser(self)
        self.preview.setAccessibleName("Preview")
        self.preview.document().setDocumentMargin(12)
        self.problems = QLabel(self)
        self.problems.setWordWrap(True)
        self.problems.setAccessibleName("Problems")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Save question")
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)

        left = QWidget(self)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addLayout(form)
        ll.addWidget(self.pages, 1)
        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        caption = QLabel("Preview — as the student sees it, then the key", right)
        caption.setProperty("role", "heading")
        rl.addWidget(caption)
        rl.addWidget(self.preview, 1)
        rl.addWidget(self.problems)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 4)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.buttons)
        self.resize(1200, 760)
        apply_theme(self, theme)

        self._fill(self._base)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self.update_preview)
        for signal in (
            self.kind.currentIndexChanged, self.skill.currentIndexChanged, self.difficulty.valueChanged,
            self.annotation.currentIndexChanged, self.passage.textChanged, self.prompt.textChanged,
            self.explanation.textChanged, self.accepted_answers.textChanged, self.cloze_text.textChanged,
            self.choices.itemChanged, self.blanks.itemChanged, self.pairs.itemChanged,
            self.tf_group.buttonClicked, self.articles_list.itemChanged,
        ):
            signal.connect(self._schedule)
        for table in (self.choices, self.blanks, self.pairs):
            table.model().rowsInserted.connect(self._schedule)
            table.model().rowsRemoved.connect(self._schedule)
            table.model().dataChanged.connect(self._schedule)
        self.kind.currentIndexChanged.connect(self._on_kind)
        self.articles_list.itemChanged.connect(self._fill_annotations)
        self._building = False
        self._on_kind()
        self.update_preview()

    # ------------------------------------------------------------------ building

    def _row_buttons(self, table: _RowTable, add: object) -> QHBoxLayout:
        row = QHBoxLayout()
        for text, fn in (
            ("Add", add),
            ("Remove", lambda: table.removeRow(table.currentRow()) if table.currentRow() >= 0 else None),
            ("Move up", lambda: table.move_row(-1)),
            ("Move down", lambda: table.move_row(1)),
        ):
            button = QPushButton(text, self)
            button.clicked.connect(fn)  # type: ignore[arg-type]
            row.addWidget(button)
        row.addStretch(1)
        return row

    def _new_choice_id(self) -> str:
        return _next_id({self.choices.row_id(r) or "" for r in range(self.choices.rowCount())})

    def _new_pair_id(self) -> str:
        taken = {self.pairs.row_id(r) or "" for r in range(self.pairs.rowCount())}
        n = 1
        while f"p{n}" in taken:
            n += 1
        return f"p{n}"

    def _fill(self, q: QuestionRecord) -> None:
        self.kind.setCurrentIndex(max(0, self.kind.findData(q.kind)))
        self.skill.setCurrentIndex(max(0, self.skill.findData(q.skill)))
        self.difficulty.setValue(q.difficulty)
        self.prompt.setPlainText(q.prompt)
        self.explanation.setPlainText(q.explanation)
        self.passage.setPlainText(q.passage or "")
        self._fill_annotations(keep=q.annotation_id)
        for c in q.choices:
            self.choices.add_row([c.text, c.correct, c.feedback or ""], row_id=c.id)
        if q.answer is not None:
            (self.true_button if q.answer else self.false_button).setChecked(True)
        self.accepted_answers.setPlainText("\n".join(q.accepted))
        self.cloze_text.setPlainText(q.text or "")
        for b in q.blanks:
            self.blanks.add_row([" | ".join(b.accepted), " | ".join(b.options)])
        for p in q.pairs:
            self.pairs.add_row([p.left, p.right], row_id=p.id)

    def _checked_articles(self) -> tuple[str, ...]:
        out = []
        for i in range(self.articles_list.count()):
            item = self.articles_list.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(Qt.ItemDataRole.UserRole))
        # Keep the record's order (its first article is the main one).
        return tuple(sorted(out, key=lambda a: (a not in self._base.articles, self._base.articles.index(a) if a in self._base.articles else 0)))

    @Slot()
    def _fill_annotations(self, *_args: object, keep: str | None = None) -> None:
        current = keep if keep is not None else self.annotation.currentData()
        self.annotation.blockSignals(True)
        self.annotation.clear()
        self.annotation.addItem("— none: the passage explains it —", None)
        for article_id in self._checked_articles():
            article = self._articles.get(article_id)
            if article is None:
                continue
            for a in article.annotations:
                quote = " ".join(a.quote.exact.split())
                quote = quote if len(quote) <= 50 else quote[:49] + "…"
                self.annotation.addItem(f"{category_label(a.category)}: “{quote}”", a.id)
        if current is not None and self.annotation.findData(current) < 0:
            self.annotation.addItem(f"Annotation {current}", current)
        self.annotation.setCurrentIndex(max(0, self.annotation.findData(current)))
        self.annotation.blockSignals(False)
        self._schedule()

    @Slot()
    def _on_kind(self) -> None:
        kind = self.kind.currentData()
        self.pages.setCurrentWidget(self._page_of[kind])
        ordering = kind == "ordering"
        self.choices.setColumnHidden(1, ordering)
        self.choice_hint.setText(
            {
                "single-choice": "Tick exactly one correct choice. Feedback explains a wrong pick.",
                "multiple-choice": "Tick every correct choice.",
                "hot-text": "Each row is a phrase from the passage that can be selected; tick the right one(s).",
                "ordering": "List the items in the correct order; the quiz shuffles them.",
            }.get(kind, "")
        )
        self._schedule()

    # ------------------------------------------------------------------ the record

    def question(self) -> QuestionRecord:
        """The question as the form stands (fields the kind does not use are left empty)."""
        kind = self.kind.currentData()

        def bars(text: str) -> tuple[str, ...]:
            return tuple(p.strip() for p in text.split("|") if p.strip())

        choices: tuple[Choice, ...] = ()
        if kind in _CHOICE_KINDS:
            choices = tuple(
                Choice(
                    id=self.choices.row_id(r) or _next_id(set()),
                    text=self.choices.text(r, 0).strip(),
                    correct=False if kind == "ordering" else self.choices.checked(r, 1),
                    feedback=self.choices.text(r, 2).strip() or None,
                )
                for r in range(self.choices.rowCount())
            )
        answer = None
        if kind == "true-false" and self.tf_group.checkedButton() is not None:
            answer = self.true_button.isChecked()
        accepted = tuple(line.strip() for line in verbatim_text(self.accepted_answers).splitlines() if line.strip()) if kind == "short-answer" else ()
        text = (verbatim_text(self.cloze_text).strip() or None) if kind == "cloze" else None
        blanks = tuple(
            Blank(accepted=bars(self.blanks.text(r, 0)), options=bars(self.blanks.text(r, 1)))
            for r in range(self.blanks.rowCount())
        ) if kind == "cloze" else ()
        pairs = tuple(
            Pair(id=self.pairs.row_id(r) or f"p{r + 1}", left=self.pairs.text(r, 0).strip(), right=self.pairs.text(r, 1).strip())
            for r in range(self.pairs.rowCount())
        ) if kind == "matching" else ()
        passage = verbatim_text(self.passage).strip() or None
        return replace(
            self._base,
            kind=kind, skill=self.skill.currentData(), difficulty=self.difficulty.value(),
            prompt=verbatim_text(self.prompt).strip(), explanation=verbatim_text(self.explanation).strip(),
            articles=self._checked_articles(), annotation_id=self.annotation.currentData(), passage=passage,
            choices=choices, answer=answer, accepted=accepted, text=text, blanks=blanks, pairs=pairs,
        )

    def problems_list(self) -> list[str]:
        """The bank's problems with the question as it stands (empty when it can be saved)."""
        bodies = {i: a.body for i, a in self._articles.items()}
        owners = {ann.id: a.id for a in self._articles.values() for ann in a.annotations}
        found = question_problems(self.question(), known_articles=bodies, known_annotations=owners)
        return [(".".join(str(p) for p in where) + ": " if where else "") + message for where, message in found]

    @Slot()
    def _schedule(self, *_args: object) -> None:
        if not self._building:
            self._timer.start()

    @Slot()
    def update_preview(self) -> None:
        """Re-render the preview and the problems now."""
        self._timer.stop()
        q = self.question()
        self.preview.setHtml(question_html(q, self._theme, key=True))
        problems = self.problems_list()
        self.save_button.setEnabled(not problems)
        if problems:
            chip = self._theme.severity("error")
            items = "".join(f"<li>{html.escape(p)}</li>" for p in problems)
            self.problems.setText(
                f"<b style='color:{chip.foreground}'>{chip.symbol} Before it can be saved:</b>"
                f"<ul style='margin:2px 0 0 -20px'>{items}</ul>"
            )
        else:
            chip = self._theme.status("checked")
            self.problems.setText(f"<span style='color:{chip.foreground}'><b>{chip.symbol}</b> Ready to save.</span>")

    @Slot()
    def _on_save(self) -> None:
        self.update_preview()
        if self.save_button.isEnabled():
            self.accept()
