"""The quiz command line: bank generate/export/import, quiz new/show, stats, results."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from desktop.cli import main

BOTH = "nk-releases-deal-details,russia-nk-ink-deal"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_quiz_new_twice_prints_the_same_quiz(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(db_path)
    code1, out1, _ = run(capsys, "--db", db, "quiz", "new", "--articles", BOTH, "--count", "10", "--seed", "7")
    code2, out2, _ = run(capsys, "--db", db, "quiz", "new", "--articles", BOTH, "--count", "10", "--seed", "7")
    assert code1 == code2 == 0
    # Identical but for the saved quiz's number on the first line.
    assert out1.splitlines()[1:] == out2.splitlines()[1:]
    assert out1.count("\n1. [") == 1 and "\n10. [" in out1
    _code3, out3, _ = run(capsys, "--db", db, "quiz", "new", "--articles", BOTH, "--count", "10", "--seed", "8")
    assert out3.splitlines()[1:] != out1.splitlines()[1:]
    code, shown, _ = run(capsys, "--db", db, "quiz", "show", "1", "--answer-key")
    assert code == 0 and "Why: " in shown


def test_bank_generate_twice_adds_nothing_the_second_time(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", str(db_path), "bank", "generate")
    assert code == 0 and " 0 new" not in out
    code, out, _ = run(capsys, "--db", str(db_path), "bank", "generate")
    assert code == 0 and ": 0 new draft(s) added" in out
    code, out, _ = run(capsys, "--db", str(db_path), "bank", "list", "--status", "draft")
    assert "gen-verdict-" in out


def test_bank_exports_and_gift_moodle_reimport(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(db_path)
    for fmt, name in (("gift", "bank.gift"), ("moodle-xml", "bank.xml"), ("qti", "bank.zip"), ("yaml", "bank.yaml")):
        code, out, err = run(capsys, "--db", db, "bank", "export", "--format", fmt, "--out", str(tmp_path / name))
        assert code == 0, err
    with zipfile.ZipFile(tmp_path / "bank.zip") as z:
        assert "imsmanifest.xml" in z.namelist()
    # Re-importing our own export changes nothing: every question is already there.
    code, out, _ = run(capsys, "--db", db, "bank", "import", str(tmp_path / "bank.gift"), str(tmp_path / "bank.xml"))
    assert code == 0 and "Imported 0 new question(s)" in out
    # A teacher's own GIFT file comes in as drafts.
    mine = tmp_path / "mine.gift"
    mine.write_text("::capital:: Which city hosted the June 2024 summit? {=Pyongyang ~Moscow ~Hanoi}\n", encoding="utf-8")
    code, _, err = run(capsys, "--db", db, "bank", "import", str(mine))
    assert code == 1 and "--article" in err
    code, out, _ = run(capsys, "--db", db, "bank", "import", str(mine), "--article", "russia-nk-ink-deal")
    assert code == 0 and "Imported 1 new question(s)" in out
    bad = tmp_path / "bad.gift"
    bad.write_text("::x:: broken {=a ~b\n", encoding="utf-8")
    code, _, err = run(capsys, "--db", db, "bank", "import", str(bad))
    assert code == 1 and "bad.gift" in err and "Traceback" not in err


def test_stats_and_results_for_a_taken_quiz(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from corpus.store import Store
    from quizzes.assembly import get_quiz
    from quizzes.attempts import add_learner, answer, finish, start_attempt

    db = str(db_path)
    assert run(capsys, "--db", db, "quiz", "new", "--articles", BOTH, "--count", "5", "--seed", "3", "--kinds", "single-choice")[0] == 0
    store = Store.open(db)
    for n in range(4):
        with store.sessions.begin() as s:
            learner = add_learner(s, name=f"Learner {n}")
            attempt = start_attempt(s, quiz_id=1, learner_id=learner.id)
            quiz = get_quiz(s, 1)
            for item in quiz.items:
                right = next(c.id for c in item.question.choices if c.correct)
                wrong = next(c.id for c in item.question.choices if not c.correct)
                answer(s, attempt_id=attempt.id, position=item.position, response=(right,) if item.position <= n + 1 else (wrong,))
            finish(s, attempt_id=attempt.id)
    store.close()
    code, out, _ = run(capsys, "--db", db, "stats", "1")
    assert code == 0 and "4 finished attempt(s)" in out and "facility" in out
    code, out, _ = run(capsys, "--db", db, "results", "1", "--out", str(tmp_path / "r.csv"))
    assert code == 0 and "Wrote 20 row(s)" in out
