"""Never losing a student's work: SIGKILL at random moments, two writers at once, a class of 30."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlalchemy import func, select

from corpus.store import Store
from quizzes.assembly import QuizSpec, save_quiz
from quizzes.attempts import add_learner, answer, finish, start_attempt
from quizzes.models import Response

WORKERS = Path(__file__).with_name("workers.py")
BOTH = ("nk-releases-deal-details", "russia-nk-ink-deal")


def _quiz(store, *, count: int = 10, mode: str = "practice") -> int:  # type: ignore[no-untyped-def]
    with store.sessions.begin() as s:
        return save_quiz(s, QuizSpec(articles=BOTH, count=count, kinds=("single-choice",), mode=mode, seed=11)).id  # type: ignore[return-value]


def _spawn(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, str(WORKERS), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_sigkill_at_random_moments_loses_no_reported_answer(db_path: Path) -> None:
    store = Store.open(db_path)
    quiz_id = _quiz(store)
    with store.sessions.begin() as s:
        learner = add_learner(s, name="Crash test")
        attempt = start_attempt(s, quiz_id=quiz_id, learner_id=learner.id)
    store.close()
    rng = random.Random(2024)
    reported: set[tuple[int, int]] = set()
    kills = 12
    for _ in range(kills):
        proc = _spawn("answer", str(db_path), str(attempt.id), "10")
        assert proc.stdout is not None
        first = proc.stdout.readline()  # wait until it is writing
        assert first.startswith("committed"), proc.stderr.read() if proc.stderr else ""
        time.sleep(rng.uniform(0.0, 0.4))
        os.kill(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        for line in [first, *out.splitlines()]:
            if line.startswith("committed "):
                _, position, try_number = line.split()
                reported.add((int(position), int(try_number)))
        # After each kill the file is whole and every reported answer is there.
        con = sqlite3.connect(db_path)
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        saved = set(con.execute("SELECT position, try_number FROM response WHERE attempt_id = ?", (attempt.id,)).fetchall())
        con.close()
        assert reported <= saved, sorted(reported - saved)[:5]
    assert len(reported) > kills


def test_two_processes_writing_at_once_lose_nothing(db_path: Path) -> None:
    store = Store.open(db_path)
    quiz_id = _quiz(store)
    with store.sessions.begin() as s:
        learner = add_learner(s, name="Concurrent")
        attempt = start_attempt(s, quiz_id=quiz_id, learner_id=learner.id)
    store.close()
    answers = _spawn("answer", str(db_path), str(attempt.id), "10", "150")
    notes = _spawn("annotate", str(db_path), "russia-nk-ink-deal", "150")
    a_out, a_err = answers.communicate(timeout=300)
    n_out, n_err = notes.communicate(timeout=300)
    assert answers.returncode == 0 and notes.returncode == 0, (a_err, n_err)
    assert "locked" not in a_err + n_err
    a_lines = [line for line in a_out.splitlines() if line.startswith("committed")]
    n_lines = [line.split()[1] for line in n_out.splitlines() if line.startswith("committed")]
    assert len(a_lines) == 150 and len(n_lines) == 150
    con = sqlite3.connect(db_path)
    assert con.execute("SELECT count(*) FROM response WHERE attempt_id = ?", (attempt.id,)).fetchone() == (150,)
    ids = {row[0] for row in con.execute("SELECT id FROM annotation WHERE author = 'worker'")}
    con.close()
    assert ids == set(n_lines)


def test_a_class_of_30_submitting_at_once_records_every_answer_once(store) -> None:  # type: ignore[no-untyped-def]
    """On PostgreSQL in CI's PostgreSQL pass (the shared-server set-up), on SQLite otherwise."""
    quiz_id = _quiz(store, count=8, mode="assessment")
    with store.sessions.begin() as s:
        learners = [add_learner(s, name=f"Student {n:02d}", class_name="9B").id for n in range(30)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(30)

    def student(learner_id: int) -> None:
        try:
            barrier.wait()
            with store.sessions.begin() as s:
                attempt = start_attempt(s, quiz_id=quiz_id, learner_id=learner_id)
            for position in range(1, 9):
                with store.sessions.begin() as s:
                    answer(s, attempt_id=attempt.id, position=position, response=("no-such-choice",))
            with store.sessions.begin() as s:
                finish(s, attempt_id=attempt.id)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=student, args=(lid,)) for lid in learners]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors[:3]
    with store.sessions() as s:
        per_item = s.execute(
            select(Response.attempt_id, Response.position, func.count()).group_by(Response.attempt_id, Response.position)
        ).all()
    assert len(per_item) == 30 * 8
    assert {n for *_, n in per_item} == {1}
