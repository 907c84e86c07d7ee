"""Bad input never reaches the user as a traceback: fuzzed corpus files give a success or
located problems, and a failed import leaves the store exactly as it was."""

from __future__ import annotations

import hashlib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus.corpusfiles import read_corpus
from corpus.library import library_folder
from desktop.cli import main

LIBRARY = Path(str(library_folder()))
ARTICLE = (LIBRARY / "nk-releases-deal-details.yaml").read_text(encoding="utf-8")
SOURCES = (LIBRARY / "sources.yaml").read_text(encoding="utf-8")

yaml_ish = st.text(
    alphabet=st.sampled_from(list(":-[]{}|>&*!%@`'\"#,?\n  \t\u00a0abcXYZ019\u201c\u2019é😀<>")),
    max_size=400,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=yaml_ish)
def test_arbitrary_text_gives_problems_or_articles_never_an_exception(tmp_path_factory, text: str) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    (folder / "x.yaml").write_text(text, encoding="utf-8")
    parsed = read_corpus([folder])
    for problem in parsed.problems:
        assert problem.startswith((str(folder), "no corpus files")), problem


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=0, max_value=len(ARTICLE)), junk=yaml_ish)
def test_damaged_real_files_are_reported_with_locations(tmp_path_factory, cut: int, junk: str) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("damaged")
    (folder / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    path = folder / "a.yaml"
    path.write_text(ARTICLE[:cut] + junk + ARTICLE[cut:], encoding="utf-8")
    parsed = read_corpus([folder])
    for problem in parsed.problems:
        file, line, column, *_ = problem.split(":", 3)
        assert Path(file).parent == folder and int(line) >= 1 and int(column) >= 1, problem


def test_a_failed_cli_import_leaves_the_store_file_unchanged(tmp_path: Path, db_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    (folder / "a.yaml").write_text(ARTICLE.replace("category: claim", "category: rumour", 1), encoding="utf-8")
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    assert main(["--db", str(db_path), "import", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "unknown category 'rumour'" in err and "Traceback" not in err
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before


def test_odd_files_are_handled(tmp_path: Path) -> None:
    (tmp_path / "empty.yaml").write_bytes(b"")
    (tmp_path / "binary.yaml").write_bytes(bytes(range(256)))
    (tmp_path / "deep.yaml").write_text("a:\n" + "".join("  " * i + "- \n" for i in range(1, 300)), encoding="utf-8")
    (tmp_path / "anchors.yaml").write_text("a: &a [*a]\n", encoding="utf-8")
    (tmp_path / "bomb.yaml").write_text(
        "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n",
        encoding="utf-8",
    )
    parsed = read_corpus([tmp_path])
    text = "\n".join(parsed.problems)
    for name in ("empty.yaml", "binary.yaml", "deep.yaml", "anchors.yaml", "bomb.yaml"):
        assert name in text, (name, text)


def test_a_50_megabyte_file_is_refused_quickly(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("w", encoding="utf-8") as f:
        f.write("id: big\ntitle: Big\nbody: |-\n")
        line = "  " + "word " * 20 + "\n"
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            f.write(line)
    parsed = read_corpus([big])
    assert len(parsed.problems) == 1 and "MB" in parsed.problems[0]
