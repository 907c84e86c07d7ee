"""Statistics from the store: gathers attempts in bulk and hands them to `quizzes.statistics`.

`quiz_statistics` reads a quiz's finished attempts with three queries whatever their number
(attempts, final responses, items) and runs Moodle's item analysis and the distractor table on
them; `learner_mastery` reads one learner's first tries in one query.

Functions take a Session and never commit (STYLE.md rule 2).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Text, cast, select
from sqlalchemy.orm import Session

from quizzes import statistics
from quizzes.assembly import get_quiz
from quizzes.grading import normalise_answer
from quizzes.models import Attempt, Question, Response
from quizzes.statistics import AttemptScores, DistractorRow, ItemResult, SkillResponse, TestStats

__all__ = ["QuizStatistics", "learner_mastery", "quiz_statistics", "response_key"]

_MISSING: Any = object()


@dataclass(frozen=True, slots=True)
class QuizStatistics:
    quiz_id: int
    attempts: int  # finished attempts analysed
    test: TestStats  # Moodle's test and item statistics (items in quiz order)
    distractors: tuple[DistractorRow, ...]


def response_key(kind: str, answer: Any) -> str | None:
    """A short text naming what was answered, for the distractor table: choice ids joined by
    "+" (sorted), an ordering as "a>b>c", pairs as "l1=r2, l2=r1", texts normalised."""
    if answer is None:
        return None
    if kind in {"single-choice", "multiple-choice", "hot-text"} and isinstance(answer, list):
        return "+".join(sorted(str(a) for a in answer))
    if kind == "ordering" and isinstance(answer, list):
        return ">".join(str(a) for a in answer)
    if kind == "true-false" and isinstance(answer, bool):
        return "true" if answer else "false"
    if kind == "short-answer" and isinstance(answer, str):
        return normalise_answer(answer)
    if kind == "cloze" and isinstance(answer, list):
        return " | ".join(normalise_answer(a) for a in answer)
    if kind == "matching" and isinstance(answer, list):
        pairs = sorted(f"{p[0]}={p[1]}" for p in answer if isinstance(p, list) and len(p) == 2)
        return ", ".join(pairs)
    return str(answer)


def quiz_statistics(session: Session, *, quiz_id: int, first_attempts_only: bool = True) -> QuizStatistics:
    """Item analysis of a quiz's finished attempts (each learner's first only, by default, as
    Moodle does). An unanswered item counts as fraction 0."""
    quiz = get_quiz(session, quiz_id)
    attempts = session.execute(
        select(Attempt.id, Attempt.learner_id, Attempt.finished)
        .where(Attempt.quiz_id == quiz_id)
        .order_by(Attempt.started, Attempt.id)
    ).all()
    number: dict[int, int] = {}
    counter: dict[int, int] = defaultdict(int)
    for attempt_id, learner_id, _ in attempts:
        counter[learner_id] += 1
        number[attempt_id] = counter[learner_id]
    final: dict[tuple[int, int], tuple[str, float]] = {}
    # The answers come back as JSON text: most are repeats ('["a"]'), so each distinct text of
    # each item is decoded and keyed once instead of once per response.
    stmt = (
        select(Response.attempt_id, Response.position, cast(Response.answer, Text), Response.fraction)
        .join(Attempt, Attempt.id == Response.attempt_id)
        .where(Attempt.quiz_id == quiz_id, Attempt.finished.is_not(None))
        .order_by(Response.attempt_id, Response.position, Response.try_number)
    )
    for attempt_id, position, answer, fraction in session.execute(stmt):
        final[(attempt_id, position)] = (answer, fraction)  # the last try wins
    keys: dict[tuple[str, str], str | None] = {}

    def key_of(kind: str, text: str) -> str | None:
        found = keys.get((kind, text), _MISSING)
        if found is _MISSING:
            found = keys[(kind, text)] = response_key(kind, json.loads(text) if text is not None else None)
        return found  # type: ignore[return-value]

    rows = []
    for attempt_id, learner_id, finished in attempts:
        if finished is None:
            continue
        items = []
        for item in quiz.items:
            got = final.get((attempt_id, item.position))
            items.append(
                ItemResult(
                    question_id=item.question.id,
                    fraction=got[1] if got else 0.0,
                    response_key=key_of(item.question.kind, got[0]) if got else None,
                )
            )
        rows.append(
            AttemptScores(
                attempt_id=str(attempt_id), learner_id=str(learner_id), items=tuple(items),
                number=number[attempt_id],
            )
        )
    if first_attempts_only:
        rows = statistics.first_attempts_only(rows)
    return QuizStatistics(
        quiz_id=quiz_id,
        attempts=len(rows),
        test=statistics.item_analysis(rows),
        distractors=tuple(statistics.distractors(rows)),
    )


def learner_mastery(session: Session, *, learner_id: int) -> dict[str, tuple[float, int]]:
    """A learner's mastery per skill: skill → (mean fraction, number of questions), over the
    latest first try at each question (a practice retry does not count as knowing it)."""
    stmt = (
        select(Response.question_id, Question.skill, Response.fraction, Response.created)
        .join(Attempt, Attempt.id == Response.attempt_id)
        .join(Question, Question.id == Response.question_id)
        .where(Attempt.learner_id == learner_id, Response.try_number == 1)
        .order_by(Response.created, Response.id)
    )
    responses = [
        SkillResponse(question_id=q, skill=skill, fraction=fraction, answered_at=created)
        for q, skill, fraction, created in session.execute(stmt)
    ]
    return {skill: (m.score, m.count) for skill, m in statistics.mastery(responses).items()}
