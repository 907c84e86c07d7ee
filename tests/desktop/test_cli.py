"""The `closeread` command: listing, showing, importing, exporting, checking; clean errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import main

ARTICLE_IDS = ("nk-releases-deal-details", "russia-nk-ink-deal")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_articles_on_a_fresh_store_lists_both_seed_articles(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", str(tmp_path / "fresh.sqlite"), "articles")
    assert code == 0
    for article_id in ARTICLE_IDS:
        assert article_id in out
    assert "Russia and North Korea Ink Deal Pledging Military Assistance" in out
    assert "North Korea Releases Details of Deal With Russia" in out


def test_the_environment_variable_chooses_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "from-env.sqlite"
    monkeypatch.setenv("CLOSEREAD_DB", str(target))
    assert run(capsys, "articles")[0] == 0
    assert target.exists()


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_show_prints_the_article_with_its_annotations(db_path: Path, capsys: pytest.CaptureFixture[str], article_id: str) -> None:
    code, out, _ = run(capsys, "--db", str(db_path), "show", article_id)
    assert code == 0
    assert "Annotations (" in out
    assert "Claim — " in out and "supports:" in out


def test_show_unknown_id_is_one_clear_line(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--db", str(db_path), "show", "nope")
    assert code == 1
    assert err.strip() == "closeread: no article with id 'nope' (see `closeread articles`)"
    assert "Traceback" not in out + err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "no-such-command")
    assert code == 2 and "invalid choice" in err
    code, out, _ = run(capsys, "show", "--help")
    assert code == 0 and "usage:" in out


def test_a_broken_database_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "broken.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    code, out, err = run(capsys, "--db", str(bad), "articles")
    assert code == 1
    assert "Traceback" not in out + err
    assert str(bad) in err


def test_export_yaml_then_import_changes_nothing(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_dir = tmp_path / "out"
    assert run(capsys, "--db", str(db_path), "export", "--out", str(out_dir))[0] == 0
    assert sorted(p.name for p in out_dir.iterdir()) == sorted([*(f"{a}.yaml" for a in ARTICLE_IDS), "sources.yaml"])
    code, out, _ = run(capsys, "--db", str(db_path), "import", str(out_dir))
    assert code == 0 and "nothing changed" in out


def test_check_the_shipped_store_has_no_errors(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", str(db_path), "check")
    assert code == 0, out
    assert " 0 error(s)" in out
    code, out, _ = run(capsys, "--db", str(db_path), "check", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["ok"] is True and data["errors"] == 0


def test_check_files_reports_file_and_line_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from corpus.library import library_folder

    folder = tmp_path / "lib"
    folder.mkdir()
    for f in Path(str(library_folder())).glob("*.yaml"):
        (folder / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    path = folder / "russia-nk-ink-deal.yaml"
    text = path.read_text(encoding="utf-8")
    # Take the verdict off the first claim: a claim without a verdict is an error.
    head, tail = text.split("  - id: a1-c02\n", 1)
    tail = tail.replace("    verdict: inaccurate\n", "", 1)
    path.write_text(head + "  - id: a1-c02\n" + tail, encoding="utf-8")
    code, out, _ = run(capsys, "check", str(folder))
    assert code == 1
    line_no = (head + "  - id: a1-c02\n").count("\n")
    assert f"{path}:{line_no}: claim-without-verdict error:" in out
    assert run(capsys, "check", str(tmp_path / "missing"))[0] == 2


def test_w3c_and_claimreview_exports_use_the_official_contexts(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    w3c = tmp_path / "a.jsonld"
    cr = tmp_path / "c.jsonld"
    assert run(capsys, "--db", str(db_path), "export", "--format", "w3c", "--out", str(w3c))[0] == 0
    assert run(capsys, "--db", str(db_path), "export", "--format", "claimreview", "--out", str(cr))[0] == 0
    doc = json.loads(w3c.read_text(encoding="utf-8"))
    assert doc["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    reviews = json.loads(cr.read_text(encoding="utf-8"))
    assert reviews and all(r["@context"] == "https://schema.org" for r in reviews)
    # W3C export → import into the same store is lossless: nothing changes.
    code, out, _ = run(capsys, "--db", str(db_path), "import", str(w3c))
    assert code == 0 and "nothing changed" in out, out


def test_the_installed_command_runs(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "--db", str(tmp_path / "s.sqlite"), "articles"],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "russia-nk-ink-deal" in result.stdout
