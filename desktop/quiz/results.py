"""Results of a finished attempt: the score, a bar per skill, and every answer reviewed.

Each item shows whether it was right (a symbol and a word), the answer given, the right answer,
the explanation, and a "Show me in the article" link (`show_in_article(article_id,
annotation_id)`). Record text is escaped: nothing from the bank is markup.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, QUrl, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from desktop.quiz.access import describe
from desktop.quiz.answers import describe_answer, describe_key, kind_label, percent, skill_label
from desktop.quiz.chart import SkillBars
from desktop.quiz.editors import quiz_style_sheet
from desktop.theme import LIGHT, Theme, apply_theme, style_sheet
from quizzes.attempts import AttemptResult, ItemOutcome

__all__ = ["ResultsView", "outcome_word", "results_html"]


def outcome_word(outcome: ItemOutcome) -> str:
    """✓ Correct, ◐ Partly right (n %), ✗ Wrong or — Not answered."""
    if outcome.tries == 0:
        return "— Not answered"
    if outcome.correct:
        return "✓ Correct"
    if outcome.fraction > 0:
        return f"◐ Partly right ({percent(outcome.fraction)})"
    return "✗ Wrong"


def results_html(
    result: AttemptResult, *, choice_orders: Mapping[int, Sequence[str]] | None = None, theme: Theme = LIGHT
) -> str:
    """The per-item review as rich text (every record string escaped)."""
    esc = html.escape
    orders = choice_orders or {}
    right, wrong = ("#1E6B34", "#A3262A") if not theme.is_dark else ("#7FD49A", "#FF9A9A")
    parts = []
    for o in result.items:
        q = o.question
        colour = right if o.correct else (theme.muted if o.tries == 0 else wrong)
        order = orders.get(o.position, ())
        tries = f" · {o.tries} tries" if o.tries > 1 else ""
        link = ""
        if q.articles:
            link = f' &nbsp;<a href="show:{o.position}" style="color:{theme.link}">Show me in the article</a>'
        key = ""
        if not o.correct:
            key = f'<p style="margin:3px 0 0 22px"><b>Right answer:</b> {esc(describe_key(q, order))}</p>'
        top = "0" if o.position == result.items[0].position else "18px"
        parts.append(
            f'<p style="margin:{top} 0 0 0"><span style="font-weight:700">{o.position}.</span>&nbsp; '
            f'<span style="color:{colour}; font-weight:700">{esc(outcome_word(o))}</span>'
            f'<span style="color:{theme.muted}"> &nbsp;·&nbsp; {esc(skill_label(q.skill))} · '
            f"{esc(kind_label(q.kind))}{tries}</span></p>"
            f'<p style="margin:4px 0 0 22px; font-weight:600; font-size:11pt">{esc(q.prompt)}</p>'
            f'<p style="margin:5px 0 0 22px"><b>Your answer:</b> {esc(describe_answer(q, o.answer, order))}</p>'
            f"{key}"
            f'<p style="margin:3px 0 0 22px; color:{theme.text}"><b>Why:</b> {esc(o.explanation)}{link}</p>'
        )
    return "".join(parts)


class ResultsView(QWidget):
    """Score, per-skill bars and the answers reviewed."""

    show_in_article = Signal(str, str)
    done = Signal()

    def __init__(self, parent: QWidget | None = None, *, theme: Theme = LIGHT) -> None:
        super().__init__(parent)
        self._theme = theme
        self._result: AttemptResult | None = None
        self.heading = QLabel()
        self.heading.setProperty("role", "heading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.score = QLabel()
        self.score.setObjectName("bigScore")
        self.score.setAccessibleName("Score")
        self.summary = QLabel()
        self.summary.setProperty("role", "muted")
        self.skills_title = QLabel("BY SKILL")
        self.skills_title.setProperty("role", "section")
        self.skills = SkillBars(theme=theme)
        self.skills.setAccessibleName("Score per skill")
        self.items_title = QLabel("YOUR ANSWERS")
        self.items_title.setProperty("role", "section")
        self.items = QTextBrowser()
        self.items.setOpenLinks(False)
        self.items.document().setDocumentMargin(14)
        self.items.setAccessibleName("Your answers, reviewed")
        self.items.setAccessibleDescription("Each question with your answer, the right one and why.")
        self.items.anchorClicked.connect(self._on_anchor)
        self.done_button = QPushButton("&Done")
        describe(self.done_button, "Back to the quiz list.")
        self.done_button.clicked.connect(self.done)

        top = QHBoxLayout()
        score_box = QVBoxLayout()
        score_box.addWidget(self.heading)
        score_box.addWidget(self.score)
        score_box.addWidget(self.summary)
        top.addLayout(score_box)
        top.addStretch(1)
        top.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addSpacing(6)
        layout.addWidget(self.skills_title)
        layout.addWidget(self.skills)
        layout.addSpacing(6)
        layout.addWidget(self.items_title)
        layout.addWidget(self.items, 1)
        self.setAccessibleName("Results")
        self.set_theme(theme)
        self._orders: Mapping[int, Sequence[str]] = {}

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        apply_theme(self, theme)
        self.setStyleSheet(style_sheet(theme) + quiz_style_sheet(theme))
        self.skills.set_theme(theme)
        if self._result is not None:
            self.items.setHtml(results_html(self._result, choice_orders=self._orders, theme=theme))

    def set_result(
        self,
        result: AttemptResult,
        *,
        title: str = "",
        learner: str = "",
        choice_orders: Mapping[int, Sequence[str]] | None = None,
    ) -> None:
        """Show a finished attempt. `choice_orders` (position → ids) gives the letters shown."""
        self._result = result
        self._orders = dict(choice_orders or {})
        count = len(result.items)
        earned = sum(o.fraction for o in result.items)
        right = sum(1 for o in result.items if o.correct)
        self.heading.setText(" · ".join(p for p in (title or "Results", learner) if p))
        self.score.setText(f"{percent(result.score)}")
        self.summary.setText(
            f"{earned:g} of {count} points · {right} of {count} fully right · "
            f"{'practice' if result.mode == 'practice' else 'assessment'}, finished "
            f"{result.finished.strftime('%d %B %Y, %H:%M')}"
        )
        self.skills.set_values([(skill_label(s.skill), s.score, s.count) for s in result.by_skill])
        self.items.setHtml(results_html(result, choice_orders=self._orders, theme=self._theme))

    def result(self) -> AttemptResult | None:
        return self._result

    def review_text(self) -> str:
        """The answers review as plain text (for tests and screen readers)."""
        return self.items.toPlainText()

    @Slot(QUrl)
    def _on_anchor(self, url: QUrl) -> None:
        text = url.toString()
        if not text.startswith("show:") or self._result is None:
            return
        position = int(text.split(":", 1)[1])
        outcome = next((o for o in self._result.items if o.position == position), None)
        if outcome is not None and outcome.question.articles:
            self.show_in_article.emit(outcome.question.articles[0], outcome.question.annotation_id or "")
