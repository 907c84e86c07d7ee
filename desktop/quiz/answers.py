"""Words for quiz items: kind and skill labels, an answer and a key in words, per-part marks.

No Qt here. Answers arrive as stored (JSON values: sequences as lists) or as the player gives
them (tuples); both work. Choice letters follow the order the item showed its choices in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from quizzes.grading import normalise_answer
from quizzes.items import QuestionRecord

__all__ = [
    "KIND_LABELS",
    "SKILL_LABELS",
    "cloze_parts",
    "describe_answer",
    "describe_key",
    "kind_label",
    "letter",
    "part_marks",
    "percent",
    "skill_label",
]

KIND_LABELS = {
    "single-choice": "Single choice",
    "multiple-choice": "Multiple choice",
    "true-false": "True or false",
    "short-answer": "Short answer",
    "cloze": "Fill in the blanks",
    "hot-text": "Select in the text",
    "ordering": "Put in order",
    "matching": "Matching",
}

SKILL_LABELS = {
    "main-idea": "Main idea",
    "detail": "Detail",
    "inference": "Inference",
    "vocabulary": "Vocabulary",
    "sequence": "Sequence",
    "sourcing": "Sourcing",
    "evidence": "Evidence",
    "corroboration": "Corroboration",
    "language": "Language",
    "framing": "Framing",
}

_MARKER = re.compile(r"\{(\d+)\}")


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind.replace("-", " ").capitalize())


def skill_label(skill: str) -> str:
    return SKILL_LABELS.get(skill, skill.replace("-", " ").capitalize())


def percent(fraction: float | None) -> str:
    """A fraction as a whole percentage ("75 %"), or an em dash for none."""
    return "—" if fraction is None else f"{round(fraction * 100)} %"


def letter(index: int) -> str:
    """A, B, … Z, then AA, AB, … for 0-based `index`."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


def cloze_parts(text: str) -> list[str | int]:
    """Cloze text split into text runs and blank numbers (1-based): "a {1} b" → ["a ", 1, " b"]."""
    parts: list[str | int] = []
    last = 0
    for m in _MARKER.finditer(text):
        if m.start() > last:
            parts.append(text[last : m.start()])
        parts.append(int(m.group(1)))
        last = m.end()
    if last < len(text):
        parts.append(text[last:])
    return parts


def _order(question: QuestionRecord, choice_order: Sequence[str]) -> list[str]:
    ids = [c.id for c in question.choices] if question.kind != "matching" else [p.id for p in question.pairs]
    shown = [i for i in choice_order if i in ids]
    return shown + [i for i in ids if i not in shown]


def _choice_words(question: QuestionRecord, choice_order: Sequence[str], ids: Sequence[Any]) -> str:
    order = _order(question, choice_order)
    texts = {c.id: c.text for c in question.choices}
    words = []
    for i in ids:
        if i in texts:
            prefix = "" if question.kind == "hot-text" else f"{letter(order.index(i))}. "
            words.append(f"{prefix}{texts[i]}" if question.kind != "hot-text" else f"“{texts[i]}”")
    return " · ".join(words)


def _seq(value: Any) -> list[Any] | None:
    return list(value) if isinstance(value, (list, tuple)) else None


def describe_answer(question: QuestionRecord, answer: Any, choice_order: Sequence[str] = ()) -> str:
    """What was answered, in words ("not answered" for None)."""
    if answer is None:
        return "not answered"
    kind = question.kind
    seq = _seq(answer)
    if kind in {"single-choice", "multiple-choice", "hot-text"} and seq is not None:
        return _choice_words(question, choice_order, seq) or "nothing selected"
    if kind == "true-false" and isinstance(answer, bool):
        return "True" if answer else "False"
    if kind == "short-answer" and isinstance(answer, str):
        return answer.strip() or "not answered"
    if kind == "cloze" and seq is not None:
        return " · ".join(f"({n}) {str(v).strip() or '—'}" for n, v in enumerate(seq, 1))
    if kind == "ordering" and seq is not None:
        texts = {c.id: c.text for c in question.choices}
        return " → ".join(texts.get(i, str(i)) for i in seq)
    if kind == "matching" and seq is not None:
        lefts = {p.id: p.left for p in question.pairs}
        rights = {p.id: p.right for p in question.pairs}
        return "; ".join(
            f"{lefts.get(p[0], p[0])} → {rights.get(p[1], p[1])}" for p in seq if _seq(p) and len(p) == 2
        )
    return str(answer)


def describe_key(question: QuestionRecord, choice_order: Sequence[str] = ()) -> str:
    """The right answer, in words."""
    kind = question.kind
    if kind in {"single-choice", "multiple-choice", "hot-text"}:
        order = _order(question, choice_order)
        right = [i for i in order if next(c for c in question.choices if c.id == i).correct]
        return _choice_words(question, choice_order, right)
    if kind == "true-false":
        return "True" if question.answer else "False"
    if kind == "short-answer":
        return " or ".join(f"“{a}”" for a in question.accepted)
    if kind == "cloze":
        return " · ".join(
            f"({n}) {' / '.join(b.accepted)}" for n, b in enumerate(question.blanks, 1)
        )
    if kind == "ordering":
        return " → ".join(c.text for c in question.choices)
    if kind == "matching":
        return "; ".join(f"{p.left} → {p.right}" for p in question.pairs)
    return ""


def part_marks(question: QuestionRecord, answer: Any) -> dict[str, bool]:
    """Right or wrong for each part the learner gave, keyed by part: a chosen choice's id, a
    blank's number ("1", …), an ordering item's id (in its right place or not), a matching
    left id, or "answer" for true-false and short answers. Parts not given are absent."""
    if answer is None:
        return {}
    kind = question.kind
    seq = _seq(answer)
    if kind in {"single-choice", "multiple-choice", "hot-text"} and seq is not None:
        correct = {c.id: c.correct for c in question.choices}
        return {str(i): correct[i] for i in seq if i in correct}
    if kind == "true-false" and isinstance(answer, bool):
        return {"answer": answer == question.answer}
    if kind == "short-answer" and isinstance(answer, str):
        given = normalise_answer(answer)
        return {"answer": given in {normalise_answer(a) for a in question.accepted}} if given else {}
    if kind == "cloze" and seq is not None:
        marks = {}
        for n, (blank, given) in enumerate(zip(question.blanks, seq, strict=False), 1):
            if isinstance(given, str) and given.strip():
                marks[str(n)] = normalise_answer(given) in {normalise_answer(a) for a in blank.accepted}
        return marks
    if kind == "ordering" and seq is not None:
        right = [c.id for c in question.choices]
        return {str(i): n < len(right) and right[n] == i for n, i in enumerate(seq)}
    if kind == "matching" and seq is not None:
        rights = {p.id: p.right for p in question.pairs}
        marks = {}
        for p in seq:
            pair = _seq(p)
            if pair and len(pair) == 2 and pair[0] in rights and pair[1] in rights:
                marks[str(pair[0])] = rights[pair[1]] == rights[pair[0]]
        return marks
    return {}
