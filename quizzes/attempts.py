"""Learners taking quizzes: attempts, responses, finishing, the review queue, learners, CSV.

Every response is written when it is given: the app runs each `answer` call as its own
transaction, so a crash loses nothing and `resume` picks the attempt up where it stopped.

Modes. `practice`: each answer is graded at once and the view carries feedback (the
explanation, the annotation or passage to jump to); retries add tries (try 1, 2, …) and the
item's final answer is its last try. `assessment`: an answer replaces the previous answer to
that item until the attempt is finished, and views hide the grade (`fraction` and `feedback`
are None) until then.

Functions take a Session and never commit: the caller owns the transaction (STYLE.md rule 2).
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from corpus.articles import now
from corpus.errors import CloseReadError, NotFound
from quizzes import scheduling
from quizzes.assembly import QuizView, get_quiz
from quizzes.bank import increment_times_used, load_current, load_versions
from quizzes.grading import grade
from quizzes.items import Grade, QuestionRecord
from quizzes.models import Attempt, Learner, Question, QuizItem, Response, ReviewState

__all__ = [
    "AttemptResult",
    "AttemptView",
    "Feedback",
    "ItemOutcome",
    "LearnerView",
    "ResponseView",
    "SkillScore",
    "add_learner",
    "answer",
    "attempt_result",
    "delete_learner",
    "due_reviews",
    "finish",
    "get_attempt",
    "list_learners",
    "merge_learners",
    "rename_learner",
    "results_csv",
    "resume",
    "set_learner_class",
    "set_position",
    "start_attempt",
]


class AttemptFinished(CloseReadError):
    """An answer or a move given to an attempt that is already finished."""


# ---------------------------------------------------------------------------- views


@dataclass(frozen=True, slots=True)
class Feedback:
    """What a learner sees after answering: how it went, why, and where to read about it."""

    correct: bool
    fraction: float
    detail: tuple[str, ...]
    explanation: str
    annotation_id: str | None
    passage: str | None
    articles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ResponseView:
    attempt_id: int
    position: int
    try_number: int
    question_id: str
    version: int
    answer: Any  # as stored: JSON values (sequences come back as lists)
    fraction: float | None  # None while an assessment is unfinished
    feedback: Feedback | None  # None while an assessment is unfinished


@dataclass(frozen=True, slots=True)
class AttemptView:
    id: int
    quiz_id: int
    learner_id: int
    mode: str
    started: datetime
    finished: datetime | None
    current_position: int
    score: float | None
    quiz: QuizView
    responses: tuple[ResponseView, ...]  # every try, by position then try number

    def latest(self, position: int) -> ResponseView | None:
        """The answer that counts for an item so far (its last try), or None."""
        found = [r for r in self.responses if r.position == position]
        return found[-1] if found else None


@dataclass(frozen=True, slots=True)
class ItemOutcome:
    position: int
    question: QuestionRecord  # the version the item showed
    answer: Any | None  # the final answer (None when not answered)
    fraction: float  # of the final answer; 0 when not answered
    correct: bool
    tries: int
    explanation: str
    detail: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SkillScore:
    skill: str
    score: float  # mean final fraction of the skill's items
    count: int


@dataclass(frozen=True, slots=True)
class AttemptResult:
    attempt_id: int
    quiz_id: int
    learner_id: int
    mode: str
    score: float  # mean final fraction over every item (unanswered items count 0)
    finished: datetime
    items: tuple[ItemOutcome, ...]
    by_skill: tuple[SkillScore, ...]  # in order of first appearance in the quiz

    def skill(self, name: str) -> SkillScore | None:
        return next((s for s in self.by_skill if s.skill == name), None)


@dataclass(frozen=True, slots=True)
class LearnerView:
    id: int
    name: str
    class_name: str | None
    created: datetime


# ---------------------------------------------------------------------------- helpers


def _jsonable(value: Any) -> Any:
    """A response as JSON values: tuples become lists (recursively)."""
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


def _feedback(question: QuestionRecord, g: Grade) -> Feedback:
    return Feedback(
        correct=g.correct, fraction=g.fraction, detail=g.detail, explanation=question.explanation,
        annotation_id=question.annotation_id, passage=question.passage, articles=question.articles,
    )


def _attempt(session: Session, attempt_id: int) -> Attempt:
    attempt = session.get(Attempt, attempt_id)
    if attempt is None:
        raise NotFound(f"no attempt {attempt_id}")
    return attempt


def _response_views(attempt: Attempt, quiz: QuizView, rows: Sequence[Response]) -> tuple[ResponseView, ...]:
    hidden = attempt.mode == "assessment" and attempt.finished is None
    by_key = {(i.question.id, i.question.version): i.question for i in quiz.items}
    views = []
    for r in rows:
        feedback = None
        if not hidden:
            question = by_key[(r.question_id, r.version)]
            feedback = _feedback(question, grade(question, r.answer))
        views.append(
            ResponseView(
                attempt_id=r.attempt_id, position=r.position, try_number=r.try_number,
                question_id=r.question_id, version=r.version, answer=r.answer,
                fraction=None if hidden else r.fraction, feedback=feedback,
            )
        )
    return tuple(views)


def _responses(session: Session, attempt_id: int) -> list[Response]:
    return list(
        session.scalars(
            select(Response).where(Response.attempt_id == attempt_id).order_by(Response.position, Response.try_number)
        )
    )


def _view(session: Session, attempt: Attempt, quiz: QuizView | None = None) -> AttemptView:
    quiz = quiz or get_quiz(session, attempt.quiz_id)
    return AttemptView(
        id=attempt.id, quiz_id=attempt.quiz_id, learner_id=attempt.learner_id, mode=attempt.mode,
        started=attempt.started, finished=attempt.finished, current_position=attempt.current_position,
        score=attempt.score, quiz=quiz, responses=_response_views(attempt, quiz, _responses(session, attempt.id)),
    )


# ---------------------------------------------------------------------------- attempts


def start_attempt(session: Session, *, quiz_id: int, learner_id: int) -> AttemptView:
    """Start a new attempt at a saved quiz, at its first item. (An unfinished earlier attempt
    stays as it is: `resume` gives it back.)"""
    quiz = get_quiz(session, quiz_id)
    if session.get(Learner, learner_id) is None:
        raise NotFound(f"no learner {learner_id}")
    attempt = Attempt(
        quiz_id=quiz_id, learner_id=learner_id, mode=quiz.mode, started=now(), current_position=1
    )
    session.add(attempt)
    # A question is "used" each time a learner is shown it in an attempt (Moodle's usage count).
    increment_times_used(session, [item.question.id for item in quiz.items])
    session.flush()
    return _view(session, attempt, quiz)


def get_attempt(session: Session, attempt_id: int) -> AttemptView:
    """An attempt with every response so far."""
    return _view(session, _attempt(session, attempt_id))


def resume(session: Session, *, quiz_id: int, learner_id: int) -> AttemptView | None:
    """The learner's latest unfinished attempt at the quiz, with its responses and position."""
    attempt = session.scalars(
        select(Attempt)
        .where(Attempt.quiz_id == quiz_id, Attempt.learner_id == learner_id, Attempt.finished.is_(None))
        .order_by(Attempt.started.desc(), Attempt.id.desc())
        .limit(1)
    ).first()
    return _view(session, attempt) if attempt is not None else None


def answer(session: Session, *, attempt_id: int, position: int, response: Any) -> ResponseView:
    """Record and grade a response to the item at `position` (1-based) against the question
    version the item shows. Practice adds a try; assessment replaces the item's answer and
    hides the grade until `finish`. Run each call in its own transaction."""
    attempt = _attempt(session, attempt_id)
    if attempt.finished is not None:
        raise AttemptFinished(f"attempt {attempt_id} is finished; start a new attempt to answer again")
    item = session.get(QuizItem, (attempt.quiz_id, position))
    if item is None:
        raise NotFound(f"quiz {attempt.quiz_id} has no item {position}")
    question = load_versions(session, [(item.question_id, item.version)])[(item.question_id, item.version)]
    g = grade(question, response)
    stored = _jsonable(response)
    last = session.scalars(
        select(Response)
        .where(Response.attempt_id == attempt_id, Response.position == position)
        .order_by(Response.try_number.desc())
        .limit(1)
    ).first()
    if attempt.mode == "assessment" and last is not None:
        last.answer = stored
        last.fraction = g.fraction
        last.version = item.version
        last.created = now()
        row = last
    else:
        row = Response(
            attempt_id=attempt_id, position=position, try_number=(last.try_number + 1) if last else 1,
            question_id=item.question_id, version=item.version, answer=stored, fraction=g.fraction,
            created=now(),
        )
        session.add(row)
    attempt.current_position = position
    session.flush()
    hidden = attempt.mode == "assessment"
    return ResponseView(
        attempt_id=attempt_id, position=position, try_number=row.try_number, question_id=item.question_id,
        version=item.version, answer=stored, fraction=None if hidden else g.fraction,
        feedback=None if hidden else _feedback(question, g),
    )


def set_position(session: Session, *, attempt_id: int, position: int) -> None:
    """Remember which item the learner is on (so `resume` comes back to it)."""
    attempt = _attempt(session, attempt_id)
    if attempt.finished is not None:
        raise AttemptFinished(f"attempt {attempt_id} is finished")
    count = session.scalar(select(func.count()).select_from(QuizItem).where(QuizItem.quiz_id == attempt.quiz_id))
    if not 1 <= position <= (count or 0):
        raise ValueError(f"quiz {attempt.quiz_id} has items 1 to {count}, not {position}")
    attempt.current_position = position
    session.flush()


def _outcomes(quiz: QuizView, rows: Sequence[Response]) -> tuple[list[ItemOutcome], dict[int, float]]:
    """Each item's final outcome, and each answered item's first-try fraction."""
    by_position: dict[int, list[Response]] = defaultdict(list)
    for r in rows:
        by_position[r.position].append(r)
    outcomes = []
    first: dict[int, float] = {}
    for item in quiz.items:
        tries = sorted(by_position.get(item.position, []), key=lambda r: r.try_number)
        if tries:
            final = tries[-1]
            g = grade(item.question, final.answer)
            first[item.position] = tries[0].fraction
            outcomes.append(
                ItemOutcome(
                    position=item.position, question=item.question, answer=final.answer,
                    fraction=final.fraction, correct=final.fraction >= 1.0, tries=len(tries),
                    explanation=item.question.explanation, detail=g.detail,
                )
            )
        else:
            outcomes.append(
                ItemOutcome(
                    position=item.position, question=item.question, answer=None, fraction=0.0,
                    correct=False, tries=0, explanation=item.question.explanation, detail=("not answered",),
                )
            )
    return outcomes, first


def _result(attempt: Attempt, quiz: QuizView, outcomes: Sequence[ItemOutcome]) -> AttemptResult:
    by_skill: dict[str, list[float]] = {}
    for o in outcomes:
        by_skill.setdefault(o.question.skill, []).append(o.fraction)
    assert attempt.finished is not None
    return AttemptResult(
        attempt_id=attempt.id, quiz_id=attempt.quiz_id, learner_id=attempt.learner_id, mode=attempt.mode,
        score=attempt.score if attempt.score is not None else 0.0, finished=attempt.finished,
        items=tuple(outcomes),
        by_skill=tuple(SkillScore(skill=s, score=sum(f) / len(f), count=len(f)) for s, f in by_skill.items()),
    )


def finish(session: Session, *, attempt_id: int, today: date | None = None) -> AttemptResult:
    """Finish an attempt: score it (mean of each item's final fraction, unanswered items 0),
    and move every answered question along the learner's review schedule (SM-2, graded by the
    first try, so a question missed and then corrected in practice still comes back tomorrow).
    Finishing a finished attempt just gives its result again."""
    attempt = _attempt(session, attempt_id)
    if attempt.finished is not None:
        return attempt_result(session, attempt_id=attempt_id)
    quiz = get_quiz(session, attempt.quiz_id)
    outcomes, first = _outcomes(quiz, _responses(session, attempt_id))
    attempt.score = sum(o.fraction for o in outcomes) / len(outcomes) if outcomes else 0.0
    attempt.finished = now()
    _schedule(
        session, learner_id=attempt.learner_id, today=today or date.today(),
        fractions={item.question.id: first[item.position] for item in quiz.items if item.position in first},
    )
    session.flush()
    return _result(attempt, quiz, outcomes)


def attempt_result(session: Session, *, attempt_id: int) -> AttemptResult:
    """The result of a finished attempt (raises for an unfinished one: it would show grades)."""
    attempt = _attempt(session, attempt_id)
    if attempt.finished is None:
        raise CloseReadError(f"attempt {attempt_id} is not finished")
    quiz = get_quiz(session, attempt.quiz_id)
    outcomes, _ = _outcomes(quiz, _responses(session, attempt_id))
    return _result(attempt, quiz, outcomes)


# ---------------------------------------------------------------------------- review queue


def _schedule(session: Session, *, learner_id: int, today: date, fractions: dict[str, float]) -> None:
    if not fractions:
        return
    rows = {
        r.question_id: r
        for r in session.scalars(
            select(ReviewState).where(
                ReviewState.learner_id == learner_id, ReviewState.question_id.in_(sorted(fractions))
            )
        )
    }
    for question_id, fraction in fractions.items():
        row = rows.get(question_id)
        before = (
            scheduling.ReviewState(
                ease=row.ease, interval_days=row.interval_days, repetitions=row.repetitions,
                due=row.due, lapses=row.lapses,
            )
            if row is not None
            else None
        )
        after = scheduling.review(before, float(fraction), today)
        if row is None:
            row = ReviewState(learner_id=learner_id, question_id=question_id)
            session.add(row)
        row.ease = after.ease
        row.interval_days = after.interval_days
        row.repetitions = after.repetitions
        row.lapses = after.lapses
        row.due = after.due


def due_reviews(session: Session, *, learner_id: int, day: date) -> list[QuestionRecord]:
    """The learner's questions due for review on `day` (most overdue first; retired ones
    never come back), at their current version."""
    ids = list(
        session.scalars(
            select(ReviewState.question_id)
            .join(Question, Question.id == ReviewState.question_id)
            .where(ReviewState.learner_id == learner_id, ReviewState.due <= day, Question.status != "retired")
            .order_by(ReviewState.due, ReviewState.question_id)
        )
    )
    current = load_current(session, ids)
    return [current[i] for i in ids if i in current]


# ---------------------------------------------------------------------------- learners


def _learner_view(row: Learner) -> LearnerView:
    return LearnerView(id=row.id, name=row.name, class_name=row.class_name, created=row.created)


def _learner(session: Session, learner_id: int) -> Learner:
    row = session.get(Learner, learner_id)
    if row is None:
        raise NotFound(f"no learner {learner_id}")
    return row


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValueError("a learner needs a name")
    return cleaned


def add_learner(session: Session, *, name: str, class_name: str | None = None) -> LearnerView:
    """Add a learner (names need not be unique: the id tells learners apart)."""
    row = Learner(name=_clean_name(name), class_name=(class_name or "").strip() or None, created=now())
    session.add(row)
    session.flush()
    return _learner_view(row)


def rename_learner(session: Session, *, learner_id: int, name: str) -> LearnerView:
    row = _learner(session, learner_id)
    row.name = _clean_name(name)
    session.flush()
    return _learner_view(row)


def set_learner_class(session: Session, *, learner_id: int, class_name: str | None) -> LearnerView:
    row = _learner(session, learner_id)
    row.class_name = (class_name or "").strip() or None
    session.flush()
    return _learner_view(row)


def list_learners(session: Session, *, class_name: str | None = None) -> list[LearnerView]:
    """Learners by class then name (optionally of one class)."""
    stmt = select(Learner).order_by(Learner.class_name, Learner.name, Learner.id)
    if class_name is not None:
        stmt = stmt.where(Learner.class_name == class_name)
    return [_learner_view(r) for r in session.scalars(stmt)]


def merge_learners(session: Session, *, keep: int, remove: int) -> LearnerView:
    """Fold learner `remove` into `keep` (the same child entered twice): attempts move over;
    where both have a review state for a question, the one due sooner stays."""
    if keep == remove:
        raise ValueError("cannot merge a learner with itself")
    kept = _learner(session, keep)
    _learner(session, remove)
    bulk = {"synchronize_session": False}
    session.execute(update(Attempt).where(Attempt.learner_id == remove).values(learner_id=keep), execution_options=bulk)
    theirs = {r.question_id: r for r in session.scalars(select(ReviewState).where(ReviewState.learner_id == remove))}
    ours = {
        r.question_id: r
        for r in session.scalars(
            select(ReviewState).where(ReviewState.learner_id == keep, ReviewState.question_id.in_(sorted(theirs)))
        )
    }
    for question_id, other in theirs.items():
        mine = ours.get(question_id)
        if mine is not None and other.due < mine.due:
            mine.ease, mine.interval_days, mine.repetitions = other.ease, other.interval_days, other.repetitions
            mine.lapses, mine.due = other.lapses, other.due
    session.flush()
    session.execute(
        delete(ReviewState).where(ReviewState.learner_id == remove, ReviewState.question_id.in_(sorted(ours))),
        execution_options=bulk,
    )
    session.execute(
        update(ReviewState).where(ReviewState.learner_id == remove).values(learner_id=keep), execution_options=bulk
    )
    session.execute(delete(Learner).where(Learner.id == remove), execution_options=bulk)
    session.expire_all()
    return _learner_view(session.get(Learner, keep) or kept)


def delete_learner(session: Session, *, learner_id: int) -> None:
    """Delete a learner and every row of theirs: responses, attempts, review states."""
    _learner(session, learner_id)
    bulk = {"synchronize_session": False}
    attempts = select(Attempt.id).where(Attempt.learner_id == learner_id)
    session.execute(delete(Response).where(Response.attempt_id.in_(attempts)), execution_options=bulk)
    session.execute(delete(Attempt).where(Attempt.learner_id == learner_id), execution_options=bulk)
    session.execute(delete(ReviewState).where(ReviewState.learner_id == learner_id), execution_options=bulk)
    session.execute(delete(Learner).where(Learner.id == learner_id), execution_options=bulk)
    session.expire_all()


# ---------------------------------------------------------------------------- CSV


CSV_COLUMNS = (
    "learner", "class", "attempt_id", "started", "finished", "position", "question_id", "version",
    "skill", "kind", "answer", "fraction",
)


def _cell(text: str | None) -> str:
    """Text for a spreadsheet: a leading =, +, - or @ would be read as a formula."""
    if not text:
        return ""
    return "'" + text if text[0] in "=+-@\t\r" else text


def results_csv(session: Session, *, quiz_id: int) -> str:
    """The quiz's results, one row per attempt × item (the item's final answer; blank answer
    and fraction when not answered). Four queries whatever the number of attempts."""
    quiz = get_quiz(session, quiz_id)
    attempts = session.execute(
        select(Attempt, Learner.name, Learner.class_name)
        .join(Learner, Learner.id == Attempt.learner_id)
        .where(Attempt.quiz_id == quiz_id)
        .order_by(Learner.class_name, Learner.name, Attempt.started, Attempt.id)
    ).all()
    final: dict[tuple[int, int], Response] = {}
    for r in session.scalars(
        select(Response)
        .join(Attempt, Attempt.id == Response.attempt_id)
        .where(Attempt.quiz_id == quiz_id)
        .order_by(Response.attempt_id, Response.position, Response.try_number)
    ):
        final[(r.attempt_id, r.position)] = r
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for attempt, name, class_name in attempts:
        for item in quiz.items:
            got = final.get((attempt.id, item.position))
            writer.writerow(
                [
                    _cell(name), _cell(class_name), attempt.id, attempt.started.isoformat(timespec="seconds"),
                    attempt.finished.isoformat(timespec="seconds") if attempt.finished else "",
                    item.position, item.question.id, item.question.version, item.question.skill,
                    item.question.kind,
                    json.dumps(got.answer, ensure_ascii=False) if got is not None else "",
                    repr(got.fraction) if got is not None else "",
                ]
            )
    return out.getvalue()
