"""Drawing quizzes from the bank (Moodle's random-question rule, research/quiz-anchors.md §1.2).

The rule: filter by articles, skills, kinds, difficulty and status; spread the quiz across the
requested skills (a quota per skill, round robin, then fill from any); within each, prefer the
questions this learner has never answered, then the least used, then a pseudo-random order
fixed by the seed. No question appears twice. Choices are shuffled per item, reproducibly.

All of it runs in SQL; the bank never comes into Python:

* per skill, `SELECT … ORDER BY seen, times_used, shuffle_key LIMIT quota`, in two steps so the
  seen test runs on a handful of rows only (`_top_stmt`), every skill in one UNION ALL;
* first over never-used questions with a low shuffle key only (an eighth of them), which is
  exact whenever it finds the quota, with the full statement as the fallback;
* a draw from a few articles instead ranks its (few) candidates in one window-function
  statement (`_ranked_stmt`); both shapes give the same questions (tests/quizzes/test_assembly.py
  checks both against a plain Python statement of the rule).

The cost is one pass over the index entries of the matching questions (about 25 ms for a
100,000-question bank on a small VM, benchmarks/quiz_assembly.py).

The shuffle key is integer arithmetic over each question's stored random `pick_key` (SQLite has
no hash function), scrambled by the seed: the same order on SQLite and PostgreSQL.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Integer,
    Select,
    bindparam,
    case,
    cast,
    exists,
    func,
    literal,
    literal_column,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from corpus.articles import now
from corpus.errors import NotFound
from quizzes.bank import load_current, load_versions
from quizzes.items import DIFFICULTIES, KINDS, QUESTION_STATUSES, SKILLS, QuestionRecord
from quizzes.models import Attempt, Question, QuestionArticle, Quiz, QuizItem, Response

__all__ = [
    "MODES",
    "QuizItemView",
    "QuizSpec",
    "QuizView",
    "assemble",
    "choice_order_for",
    "draw",
    "get_quiz",
    "preview",
    "save_quiz",
    "swap",
]

MODES: tuple[str, ...] = ("practice", "assessment")
MAX_COUNT = 500

_P1 = 2_147_483_647  # 2^31 − 1
_P2 = 2_147_483_629  # the largest prime below it
_MULTIPLIER = 1_103_515_245


@dataclass(frozen=True, slots=True)
class QuizSpec:
    """What a quiz should hold. Empty `articles`, `skills` or `kinds` mean "any"; with no
    `skills` the quiz is still spread across every skill that has questions."""

    articles: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    count: int = 10
    difficulty_min: int = 1
    difficulty_max: int = 3
    status: str = "approved"
    mode: str = "practice"
    seed: int = 0
    learner_id: int | None = None
    title: str = "Quiz"

    def problems(self) -> list[str]:
        """What is wrong with this spec (empty when it is usable)."""
        out = []
        if not 1 <= self.count <= MAX_COUNT:
            out.append(f"a quiz holds 1 to {MAX_COUNT} questions, not {self.count}")
        if self.mode not in MODES:
            out.append(f"unknown mode '{self.mode}'; expected one of: {', '.join(MODES)}")
        if self.status not in QUESTION_STATUSES:
            out.append(f"unknown status '{self.status}'")
        out += [f"unknown skill '{s}'" for s in self.skills if s not in SKILLS]
        out += [f"unknown kind '{k}'" for k in self.kinds if k not in KINDS]
        if self.difficulty_min not in DIFFICULTIES or self.difficulty_max not in DIFFICULTIES:
            out.append("difficulty runs from 1 to 3")
        elif self.difficulty_min > self.difficulty_max:
            out.append("the lowest difficulty is above the highest")
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "articles": list(self.articles), "skills": list(self.skills), "kinds": list(self.kinds),
            "count": self.count, "difficulty_min": self.difficulty_min, "difficulty_max": self.difficulty_max,
            "status": self.status, "mode": self.mode, "seed": self.seed, "learner_id": self.learner_id,
            "title": self.title,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> QuizSpec:
        return cls(
            articles=tuple(d.get("articles") or ()), skills=tuple(d.get("skills") or ()),
            kinds=tuple(d.get("kinds") or ()), count=d.get("count", 10),
            difficulty_min=d.get("difficulty_min", 1), difficulty_max=d.get("difficulty_max", 3),
            status=d.get("status", "approved"), mode=d.get("mode", "practice"), seed=d.get("seed", 0),
            learner_id=d.get("learner_id"), title=d.get("title", "Quiz"),
        )


@dataclass(frozen=True, slots=True)
class QuizItemView:
    position: int  # 1-based
    question: QuestionRecord  # the version the item shows
    choice_order: tuple[str, ...]  # choice (or pair) ids in the order shown; () for other kinds


@dataclass(frozen=True, slots=True)
class QuizView:
    id: int | None  # None for a preview that is not saved
    title: str
    mode: str
    seed: int
    items: tuple[QuizItemView, ...] = field(default=())
    spec: QuizSpec | None = None

    @property
    def question_ids(self) -> tuple[str, ...]:
        return tuple(item.question.id for item in self.items)


# ---------------------------------------------------------------------------- the SQL draw
#
# Every statement is built from named bind parameters and cached by its shape (which filters
# are on, how many skills, whether there is a learner), so a draw only binds values: building
# the SQL construct costs more than SQLite needs to run it.

# Above this many (question, article) rows for the spec's articles, an article-filtered draw
# runs skill by skill like an unfiltered one instead of ranking every candidate at once.
WINDOW_CANDIDATES = 20_000


def _check_spec(spec: QuizSpec) -> None:
    problems = spec.problems()
    if problems:
        raise ValueError("; ".join(problems))


@dataclass(frozen=True, slots=True)
class _Shape:
    """What decides the text of a draw statement (the values are bound at execution)."""

    sqlite: bool
    kinds: bool
    difficulty: bool
    articles: bool
    learner: bool


def _shape(session: Session, spec: QuizSpec) -> _Shape:
    return _Shape(
        sqlite=session.get_bind().dialect.name == "sqlite",
        kinds=bool(spec.kinds),
        difficulty=(spec.difficulty_min, spec.difficulty_max) != (min(DIFFICULTIES), max(DIFFICULTIES)),
        articles=bool(spec.articles),
        learner=spec.learner_id is not None,
    )


def _params(spec: QuizSpec) -> dict[str, Any]:
    """The values every draw statement binds."""
    s = spec.seed & 0x7FFF_FFFF
    return {
        "status": spec.status,
        "kinds": list(spec.kinds),
        "difficulty_min": spec.difficulty_min,
        "difficulty_max": spec.difficulty_max,
        "articles": list(spec.articles),
        "learner": spec.learner_id,
        "seed_a": (s * 2_654_435_761 + 12_345) % _P1,
        "seed_b": (s * 40_503 + 977) % _P2,
        "seed_text": f":{s}",
        "theta": _P1 // 8,
    }


def _row_key(shape: _Shape, table: str = "question") -> ColumnElement[Any]:
    """An integer (SQLite's rowid) or the id naming a question row; every index carries it."""
    return literal_column(f"{table}.rowid") if shape.sqlite else literal_column(f"{table}.id")


def _seen_ids() -> Select[tuple[str]]:
    """The questions the learner has answered. Non-correlated: the database builds the set once
    per statement and probes it per row (a correlated NOT EXISTS costs more lookups per row)."""
    return (
        select(Response.question_id)
        .join(Attempt, Attempt.id == Response.attempt_id)
        .where(Attempt.learner_id == bindparam("learner"))
    )


def _filters(shape: _Shape, *, status_index: bool = True) -> list[ColumnElement[bool]]:
    """The spec's filters on the question table."""
    status: Any = Question.status
    if not status_index:
        # `status || ''` keeps SQLite from driving the query from ix_question_pick where another
        # condition is far more selective (SQLite has no statistics unless ANALYZE ran).
        status = Question.status.concat("")
    where: list[ColumnElement[bool]] = [status == bindparam("status")]
    if shape.kinds:
        where.append(Question.kind.in_(bindparam("kinds", expanding=True)))
    if shape.difficulty:
        where.append(Question.difficulty.between(bindparam("difficulty_min"), bindparam("difficulty_max")))
    if shape.articles:
        # Every article the question is about must be in the quiz: a comparison question
        # needs both articles read.
        about = select(QuestionArticle.question_id).where(
            QuestionArticle.article_id.in_(bindparam("articles", expanding=True))
        )
        other = exists().where(
            QuestionArticle.question_id == Question.id,
            QuestionArticle.article_id.not_in(bindparam("articles", expanding=True)),
        )
        where += [Question.id.in_(about), ~other]
    return where


def _shuffle_key(shape: _Shape) -> ColumnElement[Any]:
    """A pseudo-random integer per question, fixed by the seed, computed in SQL."""
    # Scrambled from the stored random `pick_key` (migration 0004): the same order on every
    # database, and unchanged by VACUUM (which may renumber SQLite's implicit rowids).
    # BIGINT: the product below reaches 2^62, past PostgreSQL's 32-bit integer.
    base: Any = cast(Question.pick_key, BigInteger)
    # (x + a) · (x·M mod P2 + b) mod P1: a product of two independently scrambled copies of the
    # row number. An affine map alone leaves a lattice (its top picks are evenly spaced rows,
    # and every seed ranks rows in nearly the same cycle); the product removes it, in six
    # operations per row. Every intermediate stays below 2^63 (PostgreSQL raises on bigint
    # overflow) while base < 2^31.
    m, p1, p2 = (literal_column(str(n), Integer) for n in (_MULTIPLIER, _P1, _P2))  # constants inline
    return ((base + bindparam("seed_a")) * ((base * m) % p2 + bindparam("seed_b"))) % p1


@lru_cache(maxsize=256)
def _seen_count_stmt(shape: _Shape) -> Select[tuple[str, int]]:
    """Per skill, how many candidates the learner has answered (one small query over their own
    responses; it sizes each skill's window in `_top_stmt`)."""
    return (
        select(Question.skill, func.count())
        .where(Question.id.in_(_seen_ids()), *_filters(shape, status_index=False))
        .group_by(Question.skill)
    )


def _top_stmt(shape: _Shape, *, name: str, skills: str, seen: Any = None, fast: bool = False) -> Select[Any]:
    """The first `{name}_limit` questions of the skill `{name}_skill` (skills="one"), of the
    skills `{name}_skills` ("many") or of any skill ("all") by (unseen first, least used,
    shuffle key), none of `{name}_excluded`. Rows are (id, seen: 0 or 1).

    Two steps in one statement: the inner SELECT ranks the rows by (times_used, shuffle key)
    from ix_question_pick alone (status, skill, kind, difficulty and times_used are in it, and
    SQLite's rowid is in every index), keeping `{name}_window` rows: the limit + the candidates
    the learner has seen + the excluded ids. The first `limit` unseen, not excluded questions
    are among those, so the outer SELECT tests only that handful for seen and excluded.

    `fast` keeps only never-used rows whose shuffle key is below `theta` (an eighth of its
    range) before ranking, so the database sorts an eighth of the rows. That is exact when it
    yields `limit` unseen questions: times_used is never below 0, so unseen never-used rows with
    a low key come before every other row in the full order. The caller checks that and falls
    back to the full statement.
    """
    key = _shuffle_key(shape)
    where = _filters(shape)
    if skills == "one":
        where.append(Question.skill == bindparam(f"{name}_skill"))
    elif skills == "many":
        where.append(Question.skill.in_(bindparam(f"{name}_skills", expanding=True)))
    if fast:
        where += [Question.times_used == 0, key < bindparam("theta", type_=Integer)]
    inner = (
        select(_row_key(shape).label("r"), Question.times_used.label("tu"), key.label("k"))
        .where(*where)
        .order_by(*([] if fast else [Question.times_used]), key)  # key ties: see the outer ORDER BY
        .limit(bindparam(f"{name}_window", type_=Integer))
        .subquery(f"{name}_w")
    )
    picked = Question.__table__.alias(name)
    seen_flag: ColumnElement[Any] = literal(0, Integer)
    if shape.learner:
        # One CTE shared by every skill of a UNION: the database builds the set once.
        seen = seen if seen is not None else _seen_ids().cte("seen")
        seen_flag = case((picked.c.id.in_(select(seen.c.question_id)), 1), else_=0)
    return (
        select(picked.c.id, seen_flag.label("seen"))
        .join_from(inner, picked, _row_key(shape, name) == inner.c.r)
        .where(picked.c.id.not_in(bindparam(f"{name}_excluded", expanding=True)))
        .order_by(seen_flag, inner.c.tu, inner.c.k, inner.c.r)
        .limit(bindparam(f"{name}_limit", type_=Integer))
    )


@lru_cache(maxsize=256)
def _per_skill_stmt(shape: _Shape, strata: int, fast: bool) -> Select[Any]:
    """`strata` skills' quotas by `_top_stmt`, in one UNION ALL (one round trip); rows are
    (stratum, id, seen)."""
    seen = _seen_ids().cte("seen") if shape.learner else None
    parts = [
        _top_stmt(shape, name=f"s{i}", skills="one", seen=seen, fast=fast).subquery(f"q{i}") for i in range(strata)
    ]
    selects = [select(literal(i, Integer).label("stratum"), part.c.id, part.c.seen) for i, part in enumerate(parts)]
    if len(selects) == 1:
        return selects[0]
    return union_all(*selects)  # type: ignore[return-value]


@lru_cache(maxsize=256)
def _fill_stmt(shape: _Shape, skills: str) -> Select[Any]:
    return _top_stmt(shape, name="fill", skills=skills)


@lru_cache(maxsize=256)
def _ranked_stmt(shape: _Shape, quotas: int, skills: bool) -> Select[tuple[str]]:
    """The whole draw in one statement, for a small candidate set (a few articles): every
    candidate is ranked within its skill by (unseen first, least used, shuffle key); the
    quota of each skill (`quota_skill_i` gets `quota_i`) comes first, then the best of the
    rest fill the quiz up to `count`."""
    seen: ColumnElement[Any] = literal(0)
    if shape.learner:
        seen = case((Question.id.in_(_seen_ids()), 1), else_=0)
    where = _filters(shape, status_index=False)
    if skills:
        where.append(Question.skill.in_(bindparam("skills", expanding=True)))
    where.append(Question.id.not_in(bindparam("excluded", expanding=True)))
    c = (
        select(
            _row_key(shape).label("r"), Question.id.label("id"), Question.skill.label("skill"),
            Question.times_used.label("tu"), _shuffle_key(shape).label("k"), seen.label("seen"),
        )
        .where(*where)
        .subquery("c")
    ).c
    rank = func.row_number().over(partition_by=c.skill, order_by=(c.seen, c.tu, c.k, c.r))
    r = select(c.id, c.skill, c.seen, c.tu, c.k, c.r, rank.label("rn")).subquery("ranked").c
    quota: ColumnElement[Any] = literal(0)
    if quotas:
        quota = case(
            *((r.skill == bindparam(f"quota_skill_{i}"), bindparam(f"quota_{i}", type_=Integer)) for i in range(quotas)),
            else_=0,
        )
    return (
        select(r.id)
        .order_by(case((r.rn <= quota, 0), else_=1), r.seen, r.tu, r.k, r.r)
        .limit(bindparam("count", type_=Integer))
    )


def _quotas(spec: QuizSpec, skills: Sequence[str]) -> dict[str, int]:
    """Round robin: each skill gets count // n, and a seeded choice of skills one more."""
    base, extra = divmod(spec.count, len(skills))
    lucky = list(skills)
    random.Random(spec.seed).shuffle(lucky)
    return {skill: base + (1 if skill in lucky[:extra] else 0) for skill in skills}


def _select(
    session: Session,
    spec: QuizSpec,
    *,
    quotas: dict[str, int],
    count: int,
    skills: Sequence[str] | None,
    excluded: Sequence[str],
    strategy: str | None = None,
) -> list[str]:
    """Pick `count` question ids: each skill's quota first, then fill (see the module doc)."""
    shape = _shape(session, spec)
    params = _params(spec)
    quotas = {skill: n for skill, n in quotas.items() if n > 0}
    if strategy is None:
        strategy = "per-skill"
        if spec.articles:
            rows = session.scalar(
                select(func.count()).select_from(QuestionArticle).where(QuestionArticle.article_id.in_(spec.articles))
            )
            if (rows or 0) <= WINDOW_CANDIDATES:
                strategy = "ranked"
    if strategy == "ranked":
        params |= {"skills": list(skills or ()), "excluded": list(excluded), "count": count}
        for i, (skill, n) in enumerate(quotas.items()):
            params |= {f"quota_skill_{i}": skill, f"quota_{i}": n}
        return list(session.scalars(_ranked_stmt(shape, len(quotas), bool(skills)), params))
    if strategy != "per-skill":
        raise ValueError(f"unknown strategy {strategy!r}")

    seen: dict[str, int] = {}
    if shape.learner:
        seen = {skill: n for skill, n in session.execute(_seen_count_stmt(shape), params)}
    picked: list[str] = []
    if quotas:
        strata = list(quotas.items())
        for i, (skill, n) in enumerate(strata):
            params |= {
                f"s{i}_skill": skill, f"s{i}_limit": n, f"s{i}_excluded": list(excluded),
                f"s{i}_window": n + seen.get(skill, 0) + len(excluded),
            }
        # First the fast statement for every skill; the skills for which it found fewer unseen
        # questions than the quota (few never-used ones) are drawn again by the full statement.
        by_stratum: dict[int, list[str]] = {i: [] for i in range(len(strata))}
        unseen: dict[int, int] = {i: 0 for i in range(len(strata))}
        for stratum, question_id, was_seen in session.execute(_per_skill_stmt(shape, len(strata), True), params):
            by_stratum[stratum].append(question_id)
            unseen[stratum] += not was_seen
        again = [i for i, (_, n) in enumerate(strata) if unseen[i] < n]
        if again:
            for j, i in enumerate(again):
                skill, n = strata[i]
                params |= {
                    f"s{j}_skill": skill, f"s{j}_limit": n, f"s{j}_excluded": list(excluded),
                    f"s{j}_window": n + seen.get(skill, 0) + len(excluded),
                }
                by_stratum[i] = []
            for j, question_id, _ in session.execute(_per_skill_stmt(shape, len(again), False), params):
                by_stratum[again[j]].append(question_id)
        picked = [question_id for i in range(len(strata)) for question_id in by_stratum[i]]
    if len(picked) < count:
        # Some skill had too few questions: fill from any requested skill by the same rule.
        left = count - len(picked)
        taken = [*excluded, *picked]
        params |= {
            "fill_skills": list(skills or ()), "fill_limit": left, "fill_excluded": taken,
            "fill_window": left + len(taken) + sum(n for k, n in seen.items() if not skills or k in skills),
        }
        picked += [row[0] for row in session.execute(_fill_stmt(shape, "many" if skills else "all"), params)]
    return picked


def draw(session: Session, spec: QuizSpec, *, exclude: Iterable[str] = (), strategy: str | None = None) -> list[str]:
    """The question ids the rule picks for `spec`, none of `exclude` (order not meaningful).

    `strategy` ("per-skill" or "ranked") forces how the SQL is shaped; by default a draw from a
    few articles ranks every candidate in one statement and any other runs one statement per
    skill. Both give the same questions.
    """
    _check_spec(spec)
    skills = spec.skills or SKILLS
    return _select(
        session, spec, quotas=_quotas(spec, skills), count=spec.count, skills=spec.skills or None,
        excluded=list(dict.fromkeys(exclude)), strategy=strategy,
    )


# ---------------------------------------------------------------------------- views


def choice_order_for(question: QuestionRecord, *, seed: int, position: int) -> tuple[str, ...]:
    """The order an item shows its choices in: shuffled with Random(seed + position).

    Hot-text phrases stay in the order they are listed (the player shows them in the passage);
    an ordering question is never shown already in the right order when it has two or more items.
    """
    if question.kind == "matching":
        ids = [p.id for p in question.pairs]
    elif question.kind in {"single-choice", "multiple-choice", "ordering", "hot-text"}:
        ids = [c.id for c in question.choices]
    else:
        return ()
    if question.kind == "hot-text":
        return tuple(ids)
    shuffled = list(ids)
    random.Random(seed + position).shuffle(shuffled)
    if question.kind == "ordering" and len(ids) > 1 and shuffled == ids:
        shuffled = shuffled[1:] + shuffled[:1]
    return tuple(shuffled)


def _arrange(spec: QuizSpec, picked: Sequence[str]) -> list[str]:
    """The order of the items: the picks (sorted, so the order depends on the set alone)
    shuffled with the seed, which interleaves the skills."""
    ordered = sorted(picked)
    random.Random(spec.seed).shuffle(ordered)
    return ordered


def _view(spec: QuizSpec, quiz_id: int | None, records: Sequence[QuestionRecord]) -> QuizView:
    items = tuple(
        QuizItemView(position=i, question=q, choice_order=choice_order_for(q, seed=spec.seed, position=i))
        for i, q in enumerate(records, start=1)
    )
    return QuizView(id=quiz_id, title=spec.title, mode=spec.mode, seed=spec.seed, items=items, spec=spec)


def preview(session: Session, spec: QuizSpec) -> QuizView:
    """The quiz `spec` would give, without writing anything (its id is None)."""
    ordered = _arrange(spec, draw(session, spec))
    current = load_current(session, ordered)
    return _view(spec, None, [current[i] for i in ordered])


def save_quiz(session: Session, spec: QuizSpec, *, question_ids: Sequence[str] | None = None) -> QuizView:
    """Write a quiz: the questions drawn for `spec`, or exactly `question_ids` in that order
    (a previewed quiz after swaps). Items keep the current version of each question. Use counts
    go up when the quiz is taken (`attempts.start_attempt`), as Moodle counts question usages, so
    saving the same spec twice draws the same quiz."""
    _check_spec(spec)
    if question_ids is None:
        ordered = _arrange(spec, draw(session, spec))
    else:
        ordered = list(question_ids)
        if len(set(ordered)) != len(ordered):
            raise ValueError("a quiz cannot show the same question twice")
    current = load_current(session, ordered)
    missing = [i for i in ordered if i not in current]
    if missing:
        raise NotFound(f"no question '{missing[0]}'")
    records = [current[i] for i in ordered]
    quiz = Quiz(title=spec.title, mode=spec.mode, seed=spec.seed, spec=spec.to_json(), created=now())
    session.add(quiz)
    session.flush()
    view = _view(spec, quiz.id, records)
    session.add_all(
        QuizItem(
            quiz_id=quiz.id, position=item.position, question_id=item.question.id,
            version=item.question.version, choice_order=list(item.choice_order),
        )
        for item in view.items
    )
    session.flush()
    return view


def assemble(session: Session, spec: QuizSpec) -> QuizView:
    """Draw a quiz for `spec` and save it (see `save_quiz`); `preview` draws without saving."""
    return save_quiz(session, spec)


def swap(
    session: Session, spec: QuizSpec, *, current_ids: Sequence[str], replace_id: str
) -> QuestionRecord | None:
    """Another question for a previewed quiz, drawn by the same rule: of the replaced
    question's skill when it can be, else of any requested skill; never one of `current_ids`
    or `replace_id`. None when the bank has nothing left."""
    _check_spec(spec)
    excluded = list(dict.fromkeys([*current_ids, replace_id]))
    skill = session.scalar(select(Question.skill).where(Question.id == replace_id))
    found: list[str] = []
    if skill is not None and (not spec.skills or skill in spec.skills):
        found = _select(session, spec, quotas={skill: 1}, count=1, skills=[skill], excluded=excluded)
    if not found:
        found = _select(session, spec, quotas={}, count=1, skills=spec.skills or None, excluded=excluded)
    if not found:
        return None
    return load_current(session, found)[found[0]]


def get_quiz(session: Session, quiz_id: int) -> QuizView:
    """A saved quiz with the question versions its items show (three queries)."""
    quiz = session.get(Quiz, quiz_id)
    if quiz is None:
        raise NotFound(f"no quiz {quiz_id}")
    rows = session.execute(
        select(QuizItem.position, QuizItem.question_id, QuizItem.version, QuizItem.choice_order)
        .where(QuizItem.quiz_id == quiz_id)
        .order_by(QuizItem.position)
    ).all()
    records = load_versions(session, [(q, v) for _, q, v, _ in rows])
    items = tuple(
        QuizItemView(position=p, question=records[(q, v)], choice_order=tuple(order or ()))
        for p, q, v, order in rows
    )
    return QuizView(
        id=quiz.id, title=quiz.title, mode=quiz.mode, seed=quiz.seed, items=items,
        spec=QuizSpec.from_json(quiz.spec),
    )
