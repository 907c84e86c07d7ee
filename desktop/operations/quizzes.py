"""Ops over quizzes: learners, building, taking, results, the review queue, the dashboard, print.

Each factory builds an op whose body runs on the single DB worker thread inside one
`sessions.begin()` transaction (one transaction per user action) and returns plain frozen values
for the GUI thread; none touches a widget (STYLE.md rule 3). Reads are QueryOps; writes are
StoreOps that broadcast what they changed: learners, attempts and answers as `attempts`, saved
quizzes as `questions` (a quiz is bank-side data and bumps its questions' use counts).

Answers are written one op per answer (`save_answer`), so closing the app mid-quiz loses nothing;
`open_attempt` gives back the learner's unfinished attempt with every answer and its position.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from corpus.anchoring import find_quote
from corpus.articles import list_articles, load_articles
from corpus.errors import CloseReadError, NotFound
from corpus.records import AnnotationRecord, ArticleRecord
from desktop.events import Changes
from desktop.operations import OpContext, QueryOp, StoreOp
from quizzes import assembly, attempts, stats_store
from quizzes.assembly import QuizSpec, QuizView
from quizzes.attempts import AttemptResult, AttemptView, LearnerView, ResponseView
from quizzes.items import KINDS, SKILLS, QuestionRecord
from quizzes.models import Attempt, Learner, Question, Quiz, QuizItem, Response
from quizzes.settings import get_mode
from quizzes.stats_store import QuizStatistics

__all__ = [
    "GUEST_NAME",
    "REVIEW_LIMIT",
    "AttemptRow",
    "BuilderChoices",
    "ItemPassage",
    "LearnerReport",
    "PlayerStart",
    "PrintableQuiz",
    "QuizReport",
    "QuizRow",
    "create_learner",
    "delete_learner",
    "export_results",
    "fetch_builder_choices",
    "fetch_due_count",
    "fetch_learner_report",
    "fetch_learners",
    "fetch_printable",
    "fetch_quiz_report",
    "fetch_quizzes",
    "fetch_result",
    "fetch_teacher_mode",
    "finish_attempt",
    "guest_learner",
    "item_passages",
    "load_printable",
    "merge_learners",
    "open_attempt",
    "preview_quiz",
    "rename_learner",
    "save_answer",
    "save_position",
    "save_quiz",
    "start_review",
    "swap_question",
]

GUEST_NAME = "Guest"
REVIEW_LIMIT = 20  # questions in one review session
_REVIEW = "review"  # `purpose` in a review quiz's stored spec

_LEARNERS = Changes(attempts=True)
_ATTEMPTS = Changes(attempts=True)
_QUIZZES = Changes(questions=True)


# ---------------------------------------------------------------------------- values


@dataclass(frozen=True, slots=True)
class ItemPassage:
    """Where an item's evidence is: the article to show beside it, the annotation to select
    (when the reader shows it) and the body range (code points) to mark otherwise."""

    article_id: str
    annotation_id: str | None
    start: int | None
    end: int | None


@dataclass(frozen=True, slots=True)
class PlayerStart:
    """What the player needs to show an attempt: the attempt with every answer so far, the
    articles its questions are about (holding only the items' own annotations, bare) and each
    item's passage."""

    attempt: AttemptView
    learner: LearnerView
    articles: Mapping[str, ArticleRecord]
    passages: Mapping[int, ItemPassage]  # by item position
    resumed: bool


@dataclass(frozen=True, slots=True)
class QuizRow:
    """One saved quiz in a list, with the asking learner's progress on it when there is one."""

    id: int
    title: str
    mode: str
    items: int
    created: datetime
    assigned_to: int | None  # a learner id, or None for everyone
    finished_attempts: int
    in_progress_at: int | None = None  # the learner's unfinished attempt is on this item
    last_score: float | None = None  # the learner's latest finished score


@dataclass(frozen=True, slots=True)
class BuilderChoices:
    """What the quiz builder offers: articles, and how many approved questions each skill and
    kind has."""

    articles: tuple[tuple[str, str], ...]  # (id, title)
    skills: Mapping[str, int]
    kinds: Mapping[str, int]
    learners: tuple[LearnerView, ...]


@dataclass(frozen=True, slots=True)
class AttemptRow:
    attempt_id: int
    quiz_id: int
    quiz_title: str
    learner_id: int
    learner_name: str
    class_name: str | None
    started: datetime
    finished: datetime | None
    score: float | None
    answered: int
    items: int


@dataclass(frozen=True, slots=True)
class QuizReport:
    """The teacher's view of one quiz: item analysis, distractors, every attempt."""

    quiz: QuizView
    statistics: QuizStatistics
    attempts: tuple[AttemptRow, ...]


@dataclass(frozen=True, slots=True)
class LearnerReport:
    """One learner's attempts and mastery per skill (skill, score 0–1, questions)."""

    learner: LearnerView
    mastery: tuple[tuple[str, float, int], ...]
    attempts: tuple[AttemptRow, ...]


@dataclass(frozen=True, slots=True)
class PrintableQuiz:
    """A quiz with the articles it is about, for paper."""

    quiz: QuizView
    articles: tuple[ArticleRecord, ...]


# ---------------------------------------------------------------------------- helpers


def _learner_view(session: Session, learner_id: int) -> LearnerView:
    row = session.get(Learner, learner_id)
    if row is None:
        raise NotFound(f"no learner {learner_id}")
    return LearnerView(id=row.id, name=row.name, class_name=row.class_name, created=row.created)


def item_passages(quiz: QuizView, articles: Mapping[str, ArticleRecord]) -> dict[int, ItemPassage]:
    """Each item's evidence: its annotation when the article has it, else its `passage` found in
    the body (folding whitespace, quotes and dashes), else just the article."""
    out: dict[int, ItemPassage] = {}
    for item in quiz.items:
        q = item.question
        article = next((articles[a] for a in q.articles if a in articles), None)
        if article is None:
            continue
        annotation = next((a for a in article.annotations if a.id == q.annotation_id), None)
        start = end = None
        if annotation is not None and annotation.anchor_state != "orphaned":
            start, end = annotation.position.start, annotation.position.end
        elif q.passage:
            found = find_quote(article.body, q.passage)
            if found:
                start, end = found[0].start, found[0].end
        out[item.position] = ItemPassage(
            article_id=article.id,
            annotation_id=annotation.id if annotation is not None else None,
            start=start,
            end=end,
        )
    return out


def _bare(annotation: AnnotationRecord) -> AnnotationRecord:
    """An annotation as the player shows it: where it is and its category, nothing that would
    give an answer away (no note, verdict or citations)."""
    return replace(annotation, note="", verdict=None, claim_reviewed=None, claim_key=None, citations=())


def _player_start(session: Session, view: AttemptView, *, resumed: bool) -> PlayerStart:
    ids = sorted({a for item in view.quiz.items for a in item.question.articles})
    full = {a.id: a for a in load_articles(session, ids)}
    passages = item_passages(view.quiz, full)
    # The reader beside a question marks that question's evidence and nothing else.
    targets = {p.annotation_id for p in passages.values() if p.annotation_id}
    shown = {
        article_id: replace(article, annotations=tuple(_bare(a) for a in article.annotations if a.id in targets))
        for article_id, article in full.items()
    }
    return PlayerStart(
        attempt=view,
        learner=_learner_view(session, view.learner_id),
        articles=MappingProxyType(shown),
        passages=MappingProxyType(passages),
        resumed=resumed,
    )


def _attempt_rows(session: Session, *, quiz_id: int | None = None, learner_id: int | None = None) -> list[AttemptRow]:
    """Attempts with their quiz, learner, and how many items were answered (one query)."""
    total = select(func.count()).select_from(QuizItem).where(QuizItem.quiz_id == Attempt.quiz_id).scalar_subquery()
    answered = (
        select(func.count(func.distinct(Response.position))).where(Response.attempt_id == Attempt.id).scalar_subquery()
    )
    stmt = (
        select(Attempt, Quiz.title, Learner.name, Learner.class_name, answered, total)
        .join(Quiz, Quiz.id == Attempt.quiz_id)
        .join(Learner, Learner.id == Attempt.learner_id)
        .order_by(Learner.class_name, Learner.name, Attempt.started, Attempt.id)
    )
    if quiz_id is not None:
        stmt = stmt.where(Attempt.quiz_id == quiz_id)
    if learner_id is not None:  # one learner's: newest first
        stmt = stmt.where(Attempt.learner_id == learner_id).order_by(None).order_by(
            Attempt.started.desc(), Attempt.id.desc()
        )
    return [
        AttemptRow(
            attempt_id=a.id, quiz_id=a.quiz_id, quiz_title=title, learner_id=a.learner_id, learner_name=name,
            class_name=class_name, started=a.started, finished=a.finished, score=a.score,
            answered=int(done or 0), items=int(total or 0),
        )
        for a, title, name, class_name, done, total in session.execute(stmt)
    ]


# ---------------------------------------------------------------------------- learners


def fetch_learners(ctx: OpContext) -> QueryOp[list[LearnerView]]:
    """Every learner, by class then name (worker thread)."""
    return QueryOp(ctx, lambda session: attempts.list_learners(session))


def guest_learner(ctx: OpContext) -> StoreOp[LearnerView]:
    """The shared guest learner, "Guest", created the first time (worker thread)."""

    def body(session: Session) -> LearnerView:
        row = session.scalars(
            select(Learner).where(Learner.name == GUEST_NAME, Learner.class_name.is_(None)).order_by(Learner.id).limit(1)
        ).first()
        if row is not None:
            return _learner_view(session, row.id)
        return attempts.add_learner(session, name=GUEST_NAME)

    return StoreOp(ctx, body, _LEARNERS)


def create_learner(ctx: OpContext, *, name: str, class_name: str | None = None) -> StoreOp[LearnerView]:
    """Add a learner (worker thread)."""
    return StoreOp(ctx, lambda session: attempts.add_learner(session, name=name, class_name=class_name), _LEARNERS)


def rename_learner(
    ctx: OpContext, *, learner_id: int, name: str, class_name: str | None = None
) -> StoreOp[LearnerView]:
    """Rename a learner and set their class, in one transaction (worker thread)."""

    def body(session: Session) -> LearnerView:
        attempts.rename_learner(session, learner_id=learner_id, name=name)
        return attempts.set_learner_class(session, learner_id=learner_id, class_name=class_name)

    return StoreOp(ctx, body, _LEARNERS)


def merge_learners(ctx: OpContext, *, keep: int, remove: int) -> StoreOp[LearnerView]:
    """Fold learner `remove` into `keep`: attempts and review states move over (worker thread)."""
    return StoreOp(ctx, lambda session: attempts.merge_learners(session, keep=keep, remove=remove), _LEARNERS)


def delete_learner(ctx: OpContext, *, learner_id: int) -> StoreOp[int]:
    """Delete a learner with every row of theirs: responses, attempts, review states (worker
    thread). Returns the id."""

    def body(session: Session) -> int:
        attempts.delete_learner(session, learner_id=learner_id)
        return learner_id

    return StoreOp(ctx, body, _LEARNERS)


def fetch_teacher_mode(ctx: OpContext) -> QueryOp[bool]:
    """Whether the app is in teacher mode (the `mode` setting; worker thread)."""
    return QueryOp(ctx, lambda session: get_mode(session) == "teacher")


# ---------------------------------------------------------------------------- building


def fetch_builder_choices(ctx: OpContext) -> QueryOp[BuilderChoices]:
    """Articles, approved questions per skill and per kind, and learners (worker thread)."""

    def body(session: Session) -> BuilderChoices:
        approved = Question.status == "approved"
        skills = dict(session.execute(select(Question.skill, func.count()).where(approved).group_by(Question.skill)).all())
        kinds = dict(session.execute(select(Question.kind, func.count()).where(approved).group_by(Question.kind)).all())
        return BuilderChoices(
            articles=tuple((r.id, r.title) for r in list_articles(session)),
            skills=MappingProxyType({s: int(skills.get(s, 0)) for s in SKILLS}),
            kinds=MappingProxyType({k: int(kinds.get(k, 0)) for k in KINDS}),
            learners=tuple(attempts.list_learners(session)),
        )

    return QueryOp(ctx, body)


def preview_quiz(ctx: OpContext, *, spec: QuizSpec) -> QueryOp[QuizView]:
    """The questions `spec` draws, without saving anything (worker thread)."""
    return QueryOp(ctx, lambda session: assembly.preview(session, spec))


def swap_question(
    ctx: OpContext, *, spec: QuizSpec, current_ids: Sequence[str], replace_id: str
) -> QueryOp[QuestionRecord | None]:
    """Another question drawn the same way, none of the preview's (worker thread)."""
    return QueryOp(
        ctx, lambda session: assembly.swap(session, spec, current_ids=list(current_ids), replace_id=replace_id)
    )


def save_quiz(ctx: OpContext, *, spec: QuizSpec, question_ids: Sequence[str]) -> StoreOp[QuizView]:
    """Save a previewed quiz with exactly these questions in this order (worker thread)."""
    return StoreOp(ctx, lambda session: assembly.save_quiz(session, spec, question_ids=list(question_ids)), _QUIZZES)


def fetch_quizzes(ctx: OpContext, *, learner_id: int | None = None, include_reviews: bool = False) -> QueryOp[list[QuizRow]]:
    """Saved quizzes, newest first (worker thread). With `learner_id`: only the quizzes for
    everyone or assigned to that learner, with their progress on each."""

    def body(session: Session) -> list[QuizRow]:
        items = dict(session.execute(select(QuizItem.quiz_id, func.count()).group_by(QuizItem.quiz_id)).all())
        finished = dict(
            session.execute(
                select(Attempt.quiz_id, func.count()).where(Attempt.finished.is_not(None)).group_by(Attempt.quiz_id)
            ).all()
        )
        mine: dict[int, list[Attempt]] = {}
        if learner_id is not None:
            for a in session.scalars(
                select(Attempt).where(Attempt.learner_id == learner_id).order_by(Attempt.started, Attempt.id)
            ):
                mine.setdefault(a.quiz_id, []).append(a)
        rows = []
        for quiz in session.scalars(select(Quiz).order_by(Quiz.created.desc(), Quiz.id.desc())):
            spec = quiz.spec or {}
            assigned = spec.get("learner_id")
            if spec.get("purpose") == _REVIEW and not include_reviews:
                continue
            if learner_id is not None and assigned is not None and assigned != learner_id:
                continue
            theirs = mine.get(quiz.id, [])
            open_ = [a for a in theirs if a.finished is None]
            done = [a for a in theirs if a.finished is not None]
            rows.append(
                QuizRow(
                    id=quiz.id, title=quiz.title, mode=quiz.mode, items=int(items.get(quiz.id, 0)),
                    created=quiz.created, assigned_to=assigned, finished_attempts=int(finished.get(quiz.id, 0)),
                    in_progress_at=open_[-1].current_position if open_ else None,
                    last_score=done[-1].score if done else None,
                )
            )
        return rows

    return QueryOp(ctx, body)


# ---------------------------------------------------------------------------- taking


def open_attempt(ctx: OpContext, *, quiz_id: int, learner_id: int, restart: bool = False) -> StoreOp[PlayerStart]:
    """The learner's unfinished attempt at the quiz, with every answer and the item they were
    on; or a new attempt when there is none (or `restart`). Worker thread."""

    def body(session: Session) -> PlayerStart:
        view = None if restart else attempts.resume(session, quiz_id=quiz_id, learner_id=learner_id)
        resumed = view is not None
        if view is None:
            view = attempts.start_attempt(session, quiz_id=quiz_id, learner_id=learner_id)
        return _player_start(session, view, resumed=resumed)

    return StoreOp(ctx, body, _ATTEMPTS)


def save_answer(
    ctx: OpContext, *, attempt_id: int, position: int, response: Any, move_to: int | None = None
) -> StoreOp[ResponseView]:
    """Record one answer (graded; in assessment the grade stays hidden) and, with `move_to`,
    the item the learner goes on to: one transaction (worker thread)."""

    def body(session: Session) -> ResponseView:
        view = attempts.answer(session, attempt_id=attempt_id, position=position, response=response)
        if move_to is not None and move_to != position:
            attempts.set_position(session, attempt_id=attempt_id, position=move_to)
        return view

    return StoreOp(ctx, body, _ATTEMPTS)


def save_position(ctx: OpContext, *, attempt_id: int, position: int) -> StoreOp[int]:
    """Remember the item the learner is on, so a resume comes back to it (worker thread)."""

    def body(session: Session) -> int:
        attempts.set_position(session, attempt_id=attempt_id, position=position)
        return position

    return StoreOp(ctx, body, _ATTEMPTS)


def finish_attempt(ctx: OpContext, *, attempt_id: int, today: date | None = None) -> StoreOp[AttemptResult]:
    """Finish (submit) an attempt: score it and schedule its questions for review (worker thread)."""
    return StoreOp(ctx, lambda session: attempts.finish(session, attempt_id=attempt_id, today=today), _ATTEMPTS)


def fetch_result(ctx: OpContext, *, attempt_id: int) -> QueryOp[AttemptResult]:
    """The result of a finished attempt (worker thread)."""
    return QueryOp(ctx, lambda session: attempts.attempt_result(session, attempt_id=attempt_id))


# ---------------------------------------------------------------------------- review queue


def fetch_due_count(ctx: OpContext, *, learner_id: int, day: date | None = None) -> QueryOp[int]:
    """How many of the learner's questions are due for review on `day` (today; worker thread)."""
    return QueryOp(
        ctx, lambda session: len(attempts.due_reviews(session, learner_id=learner_id, day=day or date.today()))
    )


def start_review(ctx: OpContext, *, learner_id: int, day: date | None = None) -> StoreOp[PlayerStart | None]:
    """Practise the learner's due questions: their unfinished review session if there is one,
    else a new practice quiz of up to REVIEW_LIMIT due questions (most overdue first), only for
    them. None when nothing is due. Finishing it moves each question along its schedule.
    Worker thread."""

    def body(session: Session) -> PlayerStart | None:
        for attempt in session.scalars(
            select(Attempt)
            .where(Attempt.learner_id == learner_id, Attempt.finished.is_(None))
            .order_by(Attempt.started.desc(), Attempt.id.desc())
        ):
            quiz = session.get(Quiz, attempt.quiz_id)
            if quiz is not None and (quiz.spec or {}).get("purpose") == _REVIEW:
                return _player_start(session, attempts.get_attempt(session, attempt.id), resumed=True)
        due = attempts.due_reviews(session, learner_id=learner_id, day=day or date.today())[:REVIEW_LIMIT]
        if not due:
            return None
        learner = _learner_view(session, learner_id)
        spec = QuizSpec(
            count=len(due), mode="practice", learner_id=learner_id, status="approved",
            seed=int((day or date.today()).strftime("%Y%m%d")),
            title=f"Review for {learner.name}: {len(due)} question{'s' if len(due) != 1 else ''}",
        )
        view = assembly.save_quiz(session, spec, question_ids=[q.id for q in due])
        row = session.get(Quiz, view.id)
        assert row is not None
        row.spec = {**spec.to_json(), "purpose": _REVIEW}
        session.flush()
        started = attempts.start_attempt(session, quiz_id=row.id, learner_id=learner_id)
        return _player_start(session, started, resumed=False)

    return StoreOp(ctx, body, _ATTEMPTS)


# ---------------------------------------------------------------------------- dashboard


def fetch_quiz_report(ctx: OpContext, *, quiz_id: int) -> QueryOp[QuizReport]:
    """Item analysis and distractor table of a quiz's first finished attempts, and every
    attempt at it (worker thread)."""

    def body(session: Session) -> QuizReport:
        return QuizReport(
            quiz=assembly.get_quiz(session, quiz_id),
            statistics=stats_store.quiz_statistics(session, quiz_id=quiz_id),
            attempts=tuple(_attempt_rows(session, quiz_id=quiz_id)),
        )

    return QueryOp(ctx, body)


def fetch_learner_report(ctx: OpContext, *, learner_id: int) -> QueryOp[LearnerReport]:
    """A learner's attempts and mastery per skill (worker thread)."""

    def body(session: Session) -> LearnerReport:
        mastery = stats_store.learner_mastery(session, learner_id=learner_id)
        ordered = [s for s in SKILLS if s in mastery] + sorted(s for s in mastery if s not in SKILLS)
        return LearnerReport(
            learner=_learner_view(session, learner_id),
            mastery=tuple((s, mastery[s][0], mastery[s][1]) for s in ordered),
            attempts=tuple(_attempt_rows(session, learner_id=learner_id)),
        )

    return QueryOp(ctx, body)


def export_results(ctx: OpContext, *, quiz_id: int, out: Path) -> QueryOp[str]:
    """Write the quiz's results as CSV (one row per attempt × item) to `out`; returns what was
    done, in words (worker thread: it reads the store, then writes the file)."""

    def body(session: Session) -> str:
        text = attempts.results_csv(session, quiz_id=quiz_id)
        try:
            out.write_text(text, encoding="utf-8", newline="")
        except OSError as exc:
            raise CloseReadError(f"cannot write {out}: {exc.strerror or exc}") from exc
        rows = max(0, text.count("\n") - 1)
        return f"Wrote {rows} result row{'s' if rows != 1 else ''} to {out}"

    return QueryOp(ctx, body)


# ---------------------------------------------------------------------------- print


def load_printable(session: Session, quiz_id: int) -> PrintableQuiz:
    """A saved quiz and the articles it is about (in order of first use), for paper."""
    quiz = assembly.get_quiz(session, quiz_id)
    ids = list(dict.fromkeys(a for item in quiz.items for a in item.question.articles))
    by_id = {a.id: a for a in load_articles(session, ids, published_only=True)}
    return PrintableQuiz(quiz=quiz, articles=tuple(by_id[i] for i in ids if i in by_id))


def fetch_printable(ctx: OpContext, *, quiz_id: int) -> QueryOp[PrintableQuiz]:
    """A quiz with its articles, to print (worker thread; the PDF is drawn on the GUI thread)."""
    return QueryOp(ctx, lambda session: load_printable(session, quiz_id))
