"""Fuzzed bank files and exchange files: a success or clear problems, never a traceback, and a
failed import leaves the store unchanged."""

from __future__ import annotations

import hashlib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.cli import main
from quizzes.bank import shipped_bank_folder
from quizzes.bankfiles import read_bank
from quizzes.exchange import ExchangeError, import_gift, import_moodle_xml

BANK = (Path(str(shipped_bank_folder())) / "compare.yaml").read_text(encoding="utf-8")
noise = st.text(alphabet=st.sampled_from(list(":-[]{}|>&*!%@`'\"#,?~=\\\n  \tabcXYZ019<>/é😀")), max_size=300)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=0, max_value=len(BANK)), junk=noise)
def test_damaged_bank_files_give_located_problems(tmp_path_factory, cut: int, junk: str) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("bank")
    (folder / "b.yaml").write_text(BANK[:cut] + junk + BANK[cut:], encoding="utf-8")
    parsed = read_bank([folder])
    for problem in parsed.problems:
        file, line, column, *_ = problem.split(":", 3)
        assert Path(file).name == "b.yaml" and int(line) >= 1 and int(column) >= 1, problem


@settings(max_examples=150, deadline=None)
@given(text=noise)
def test_gift_and_moodle_xml_importers_never_raise_anything_else(text: str) -> None:
    for importer in (import_gift, import_moodle_xml):
        try:
            importer(text)
        except ExchangeError as exc:
            assert str(exc)


def test_hostile_xml_is_refused(tmp_path: Path, db_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE q [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
        "<quiz><question type=\"shortanswer\"><name><text>&b;</text></name></question></quiz>",
        encoding="utf-8",
    )
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    assert main(["--db", str(db_path), "bank", "import", str(bomb), "--article", "russia-nk-ink-deal"]) == 1
    err = capsys.readouterr().err
    assert "bomb.xml" in err and "Traceback" not in err
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before


def test_a_failed_bank_import_leaves_the_store_unchanged(tmp_path: Path, db_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "b.yaml").write_text(BANK.replace("kind: single-choice", "kind: essay", 1), encoding="utf-8")
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    assert main(["--db", str(db_path), "bank", "import", str(tmp_path)]) == 1
    assert "unknown kind 'essay'" in capsys.readouterr().err
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before
