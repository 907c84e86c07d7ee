"""Benchmark: draw a 25-question quiz from a 100,000-question bank (DESIGN.md performance budget).

Builds a synthetic SQLite store in a temporary folder (migrated like the app's): 200 articles,
100,000 questions (every kind and skill, 90 % approved, 95 % never used), 1,000 learners who
each made 20 attempts at 25-item quizzes (500,000 responses). Everything is bulk inserted with
Core `insert()` and executemany, never one ORM object per row.

Measured over ~50 runs, each with a different seed and learner (so the "not yet seen by this
learner" rule has about 500 answered questions to avoid):

* floor: one indexed SELECT of 25 rows from `question` (status + skill, via ix_question_pick);
* draw: `quizzes.assembly.draw` (the SQL selection only: ids);
* preview: `preview` (the draw plus loading the 25 question versions);
* save: `assemble` (preview plus writing the quiz, its items and the use counts; rolled back);
* statistics: `quiz_statistics` over every attempt at one quiz (1,000 attempts × 25 items).

The goal is under 50 ms for a quiz draw. Run from the repository root:
``python -m benchmarks.quiz_assembly`` (``--questions N``, ``--learners N``, ``--runs N``,
``--keep`` to keep the database and print its path).
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, insert, select, update

from benchmarks.budget import Row
from corpus.models import Article
from corpus.store import Store
from quizzes.assembly import QuizSpec, assemble, draw, preview
from quizzes.bankfiles import question_to_payload
from quizzes.items import KINDS, SKILLS, Choice, QuestionRecord
from quizzes.models import (
    Attempt,
    Learner,
    Question,
    QuestionArticle,
    QuestionVersion,
    Quiz,
    QuizItem,
    Response,
)
from quizzes.stats_store import quiz_statistics

GOAL_MS = 50.0
ITEMS = 25
BATCH = 20_000


def _batched(session: Any, table: Any, rows: list[dict[str, Any]]) -> None:
    for i in range(0, len(rows), BATCH):
        session.execute(insert(table), rows[i : i + BATCH])


def build(
    path: Path, *, questions: int, learners: int, attempts_each: int, seed: int
) -> dict[str, Any]:
    """Fill a new store at `path`; returns what the runs need (article ids, quiz ids, …)."""
    rng = random.Random(seed)
    store = Store.open(str(path))
    stamp = datetime(2025, 1, 1)
    articles = [f"article-{i:04d}" for i in range(200)]
    with store.sessions.begin() as s:
        _batched(
            s,
            Article,
            [
                {
                    "id": a,
                    "title": a,
                    "body": f"Body of {a}.",
                    "body_hash": "0" * 64,
                    "language": "en",
                    "revision": 1,
                    "created": stamp,
                    "modified": stamp,
                }
                for a in articles
            ],
        )
        q_rows: list[dict[str, Any]] = []
        v_rows: list[dict[str, Any]] = []
        qa_rows: list[dict[str, Any]] = []
        for n in range(questions):
            qid = f"q{n:06d}"
            kind = KINDS[n % len(KINDS)] if n % 3 else "single-choice"
            skill = rng.choice(SKILLS)
            status = rng.choices(("approved", "draft", "retired"), weights=(90, 8, 2))[0]
            record = QuestionRecord(
                id=qid,
                kind="single-choice",
                skill=skill,
                difficulty=rng.randint(1, 3),
                prompt=f"Synthetic question {n} about the article: what does it say?",
                explanation="Because the article says so in its third paragraph, and two sources agree.",
                articles=(rng.choice(articles),),
                passage="the article says",
                choices=tuple(
                    Choice(id=c, text=f"Choice {c} of question {n}", correct=c == "a")
                    for c in "abcd"
                ),
                status=status,
            )
            payload = question_to_payload(record)
            payload["kind"] = kind  # the draw only reads columns; the payload's shape is realistic
            q_rows.append(
                {
                    "id": qid,
                    "kind": kind,
                    "skill": skill,
                    "difficulty": record.difficulty,
                    "status": status,
                    "current_version": 1,
                    "origin": "authored",
                    # A big bank is mostly unused: 95 % never drawn, the rest a few times (the
                    # questions of the 20 quizzes below get one use more).
                    "times_used": 0 if rng.random() < 0.95 else rng.randint(1, 3),
                    "created": stamp,
                    "modified": stamp,
                }
            )
            v_rows.append({"question_id": qid, "version": 1, "payload": payload, "created": stamp})
            qa_rows.append({"question_id": qid, "article_id": record.articles[0]})
            if n % 20 == 0:  # a comparison question about two articles
                other = rng.choice([a for a in articles if a != record.articles[0]])
                qa_rows.append({"question_id": qid, "article_id": other})
        _batched(s, Question, q_rows)
        _batched(s, QuestionVersion, v_rows)
        _batched(s, QuestionArticle, qa_rows)

        approved = [r["id"] for r in q_rows if r["status"] == "approved"]
        _batched(
            s,
            Learner,
            [
                {"name": f"Learner {i}", "class_name": f"class-{i % 40}", "created": stamp}
                for i in range(learners)
            ],
        )
        learner_ids = list(s.scalars(select(Learner.id).order_by(Learner.id)))
        _batched(
            s,
            Quiz,
            [
                {
                    "title": f"Quiz {i}",
                    "mode": "assessment",
                    "seed": i,
                    "spec": {},
                    "created": stamp,
                }
                for i in range(attempts_each)
            ],
        )
        quiz_ids = list(s.scalars(select(Quiz.id).order_by(Quiz.id)))
        quiz_items: dict[int, list[str]] = {}
        item_rows = []
        for quiz_id in quiz_ids:
            picked = rng.sample(approved, ITEMS)
            quiz_items[quiz_id] = picked
            item_rows += [
                {
                    "quiz_id": quiz_id,
                    "position": p,
                    "question_id": q,
                    "version": 1,
                    "choice_order": ["a", "b", "c", "d"],
                }
                for p, q in enumerate(picked, start=1)
            ]
        _batched(s, QuizItem, item_rows)
        used = sorted({q for picked in quiz_items.values() for q in picked})
        for i in range(0, len(used), 500):
            s.execute(
                update(Question).where(Question.id.in_(used[i : i + 500])).values(times_used=Question.times_used + 1)
            )
        attempt_rows: list[dict[str, Any]] = []
        for learner_id in learner_ids:
            ability = rng.random()
            for k, quiz_id in enumerate(quiz_ids):
                started = stamp + timedelta(days=k, minutes=learner_id % 60)
                attempt_rows.append(
                    {
                        "quiz_id": quiz_id,
                        "learner_id": learner_id,
                        "mode": "assessment",
                        "started": started,
                        "finished": started + timedelta(minutes=20),
                        "current_position": ITEMS,
                        "score": None,
                        "_ability": ability,
                    }
                )
        abilities: list[float] = [r.pop("_ability") for r in attempt_rows]
        _batched(s, Attempt, attempt_rows)
        attempts = list(
            s.execute(select(Attempt.id, Attempt.quiz_id, Attempt.started).order_by(Attempt.id))
        )
        response_rows = []
        for (attempt_id, quiz_id, started), ability in zip(attempts, abilities):
            for p, q in enumerate(quiz_items[quiz_id], start=1):
                right = rng.random() < 0.3 + 0.6 * ability
                choice = "a" if right else rng.choice("bcd")
                response_rows.append(
                    {
                        "attempt_id": attempt_id,
                        "position": p,
                        "try_number": 1,
                        "question_id": q,
                        "version": 1,
                        "answer": [choice],
                        "fraction": 1.0 if right else 0.0,
                        "created": started,
                    }
                )
        _batched(s, Response, response_rows)
    store.close()
    return {
        "articles": articles,
        "learners": learner_ids,
        "quizzes": quiz_ids,
        "responses": len(response_rows),
    }


def _describe(path: Path) -> dict[str, Any]:
    """What `build` returned, read back from a kept database."""
    store = Store.open(str(path))
    with store.sessions() as s:
        info = {
            "articles": list(s.scalars(select(Article.id).order_by(Article.id))),
            "learners": list(s.scalars(select(Learner.id).order_by(Learner.id))),
            "quizzes": list(s.scalars(select(Quiz.id).order_by(Quiz.id))),
            "responses": s.scalar(select(func.count()).select_from(Response)),
        }
    store.close()
    return info


def _time_interleaved(cases: list[tuple[str, Callable[[int], Any], int]], runs: int) -> list[tuple[str, Timings]]:
    """Wall-clock and CPU milliseconds of each case, run round-robin (run i of every case, then
    run i + 1, …) so that a burst of load on the machine hits every case alike; a case with
    `every` = k runs only in every k-th round. The CPU time tells this process working apart
    from the machine being busy."""
    for name, fn, _ in cases:  # warm the page cache and the statement caches
        for i in range(3):
            fn(10_000 + i)
    timings: dict[str, Timings] = {name: ([], []) for name, _, _ in cases}
    for i in range(runs):
        for name, fn, every in cases:
            if i % every:
                continue
            start, start_cpu = time.perf_counter(), time.process_time()
            fn(i)
            timings[name][0].append((time.perf_counter() - start) * 1000)
            timings[name][1].append((time.process_time() - start_cpu) * 1000)
    return [(name, timings[name]) for name, _, _ in cases]


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


Timings = tuple[list[float], list[float]]  # wall and CPU milliseconds per run


def measure(path: Path, info: dict[str, Any], *, runs: int, seed: int) -> list[tuple[str, Timings]]:
    """Time every case against the store at `path` (see the module docstring)."""
    store = Store.open(str(path))
    rng = random.Random(seed)
    learners = [rng.choice(info["learners"]) for _ in range(runs + 3)]
    article_sets = [tuple(rng.sample(info["articles"], 3)) for _ in range(runs + 3)]

    def spec(i: int, **kw: Any) -> QuizSpec:
        kw.setdefault("count", ITEMS)
        return QuizSpec(seed=i * 7919 + 1, learner_id=learners[i % len(learners)], **kw)

    narrow = {"skills": ("evidence", "sourcing"), "kinds": ("single-choice", "true-false", "hot-text"),
              "difficulty_min": 2}
    quiz_id = info["quizzes"][0]
    attempts = info.get("attempts_per_quiz", len(info["learners"]))
    try:
        with store.sessions() as s:

            def floor(i: int) -> None:
                skill = SKILLS[i % len(SKILLS)]
                stmt = (
                    select(Question.id, Question.kind, Question.difficulty, Question.times_used)
                    .where(Question.status == "approved", Question.skill == skill)
                    .limit(ITEMS)
                )
                assert len(s.execute(stmt).all()) == ITEMS

            def save(i: int) -> None:
                s.begin_nested()  # a savepoint, rolled back: the bank stays as built
                assemble(s, spec(i))
                s.rollback()

            cases: list[tuple[str, Callable[[int], Any], int]] = [
                ("floor: indexed SELECT of 25 rows", floor, 1),
                ("draw, whole bank, all skills", lambda i: draw(s, spec(i)), 1),
                ("draw, 2 skills × 3 kinds × difficulty 2–3", lambda i: draw(s, spec(i, **narrow)), 1),
                ("draw, 3 articles (10 questions)",
                 lambda i: draw(s, spec(i, articles=article_sets[i % len(article_sets)], count=10)), 1),
                ("preview (draw + load 25 versions)", lambda i: preview(s, spec(i)), 1),
                ("assemble + save (rolled back)", save, 1),
                (f"quiz_statistics, {attempts:,} attempts × {ITEMS} items",
                 lambda i: quiz_statistics(s, quiz_id=quiz_id), 10),
            ]
            results = _time_interleaved(cases, runs)
            s.rollback()
    finally:
        store.close()
    return results


def print_table(results: list[tuple[str, Timings]]) -> float:
    """Print the table; returns the slowest median of the draw and preview cases."""
    floor_median = statistics.median(results[0][1][0])
    width = max(len(name) for name, _ in results)
    print(f"\n{'what':<{width}}  {'median ms':>9}  {'p95 ms':>8}  {'CPU ms':>7}  {'× floor':>8}")
    for name, (wall, cpu) in results:
        median = statistics.median(wall)
        print(
            f"{name:<{width}}  {median:9.2f}  {_p95(wall):8.2f}  {statistics.median(cpu):7.2f}  "
            f"{median / floor_median:8.1f}"
        )
    return max(statistics.median(wall) for _, (wall, _) in results[1:5])


def budget_rows(quick: bool = False) -> list[Row]:
    """The DESIGN.md budget row for `python -m benchmarks` (a 10,000-question bank when quick)."""
    questions, learners = (10_000, 100) if quick else (100_000, 1_000)
    with tempfile.TemporaryDirectory(prefix="closeread-quizbench-") as folder:
        path = Path(folder) / "bench.sqlite"
        info = build(path, questions=questions, learners=learners, attempts_each=20, seed=7)
        results = measure(path, info, runs=20 if quick else 50, seed=7)
    by_name = {name: statistics.median(wall) / 1000 for name, (wall, _) in results}
    floor = by_name["floor: indexed SELECT of 25 rows"]
    preview_s = by_name["preview (draw + load 25 versions)"]
    worst = max(statistics.median(wall) for _, (wall, _) in results[1:5]) / 1000
    stats_name = next(name for name in by_name if name.startswith("quiz_statistics"))
    return [
        Row(
            f"draw a 25-question quiz from a {questions:,}-question bank", preview_s, floor, "< 50 ms",
            worst < GOAL_MS / 1000,
            note=f"slowest draw case {worst * 1000:.1f} ms (median of {20 if quick else 50} seeds and learners)",
        ),
        Row(f"{stats_name} (no goal)", by_name[stats_name], None, "—", True),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--questions", type=int, default=100_000)
    parser.add_argument("--learners", type=int, default=1_000)
    parser.add_argument("--attempts", type=int, default=20, help="attempts per learner (one per quiz)")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the database and print its path")
    parser.add_argument("--reuse", type=Path, help="time a database kept by an earlier --keep run")
    args = parser.parse_args(argv)

    folder = args.reuse.parent if args.reuse else Path(tempfile.mkdtemp(prefix="closeread-quizbench-"))
    path = args.reuse or folder / "bench.sqlite"
    try:
        if args.reuse:
            info = _describe(path)
        else:
            start = time.perf_counter()
            info = build(
                path, questions=args.questions, learners=args.learners, attempts_each=args.attempts, seed=args.seed
            )
            print(
                f"built {args.questions:,} questions, {args.learners:,} learners, "
                f"{args.learners * args.attempts:,} attempts, {info['responses']:,} responses "
                f"in {time.perf_counter() - start:.1f} s"
            )
        worst = print_table(measure(path, info, runs=args.runs, seed=args.seed))
        verdict = "meets" if worst < GOAL_MS else "MISSES"
        print(f"\nslowest draw/preview median {worst:.1f} ms: {verdict} the goal of under {GOAL_MS:.0f} ms")
        return 0 if worst < GOAL_MS else 1
    finally:
        if args.keep or args.reuse:
            print(f"kept {path}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
