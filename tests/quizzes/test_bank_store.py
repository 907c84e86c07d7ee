"""The bank in the store: idempotent all-or-nothing import, versions, statuses, generated dedupe."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from corpus.errors import CorpusError, NotFound
from quizzes.bank import (
    add_generated,
    add_question,
    content_fingerprint,
    get_question,
    import_bank,
    list_questions,
    load_versions,
    save_question,
    set_status,
    shipped_bank_folder,
)
from quizzes.bankfiles import read_bank
from quizzes.items import Choice, Provenance, QuestionRecord
from quizzes.models import Question, QuestionArticle, QuestionVersion

A1 = "russia-nk-ink-deal"
A2 = "nk-releases-deal-details"


def counts(session: Session) -> dict[str, int]:
    return {
        model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
        for model in (Question, QuestionVersion, QuestionArticle)
    }


def snapshot(session: Session) -> list[tuple[Any, ...]]:
    rows = session.execute(select(Question).order_by(Question.id)).scalars()
    return [(q.id, q.current_version, q.status, q.modified, q.times_used) for q in rows]


@pytest.fixture
def bank_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped bank."""
    target = tmp_path / "bank"
    target.mkdir()
    for entry in shipped_bank_folder().iterdir():
        if entry.name.endswith(".yaml"):
            (target / entry.name).write_text(entry.read_text(encoding="utf-8"), encoding="utf-8")
    return target


def question(qid: str = "q-new", **changes: Any) -> QuestionRecord:
    base = QuestionRecord(
        id=qid, kind="single-choice", skill="evidence", difficulty=2, prompt="What is true?",
        explanation="Because the sources say so.", articles=(A1,), annotation_id="a1-c09",
        choices=(Choice(id="a", text="This", correct=True), Choice(id="b", text="That")),
    )
    return replace(base, **changes)



@pytest.fixture(autouse=True)
def _empty_bank(request: pytest.FixtureRequest) -> None:
    """These tests start from an empty bank; a new store ships with the authored one."""
    if "store" not in request.fixturenames:
        return
    store = request.getfixturevalue("store")
    with store.sessions.begin() as s:
        assert s.scalar(select(func.count()).select_from(Question)) >= 40  # the shipped bank is there
        s.execute(delete(Question))

def test_the_shipped_bank_imports_and_reimporting_changes_nothing(store: Any) -> None:
    with store.sessions.begin() as s:
        report = import_bank(s, [shipped_bank_folder()])
        shipped = read_bank([shipped_bank_folder()]).questions
        assert sorted(report.added) == sorted(q.id for q in shipped)
        assert report.changed
    with store.sessions.begin() as s:
        before, rows = counts(s), snapshot(s)
    with store.sessions.begin() as s:
        again = import_bank(s, [shipped_bank_folder()])
        assert (again.added, again.new_versions, again.status_changed) == ((), (), ())
        assert len(again.unchanged) == len(shipped)
        assert not again.changed
    with store.sessions.begin() as s:
        assert counts(s) == before
        assert snapshot(s) == rows
        for q in shipped:
            assert get_question(s, q.id) == q


def test_a_changed_question_gets_a_new_version_and_keeps_the_old(store: Any, bank_copy: Path) -> None:
    with store.sessions.begin() as s:
        import_bank(s, [bank_copy])
    path = bank_copy / "ink-deal.yaml"
    text = path.read_text(encoding="utf-8")
    old_prompt = 'prompt: "What is Article 1 mainly about?"'
    assert old_prompt in text
    path.write_text(text.replace(old_prompt, 'prompt: "What is the main point of Article 1?"'), encoding="utf-8")
    with store.sessions.begin() as s:
        report = import_bank(s, [bank_copy])
        assert report.new_versions == ("a1-main-idea-deal",)
        assert report.added == () and report.status_changed == ()
    with store.sessions.begin() as s:
        current = get_question(s, "a1-main-idea-deal")
        first = get_question(s, "a1-main-idea-deal", version=1)
        assert (current.version, current.prompt) == (2, "What is the main point of Article 1?")
        assert (first.version, first.prompt) == (1, "What is Article 1 mainly about?")
        assert s.scalar(select(func.count()).select_from(QuestionVersion).where(QuestionVersion.question_id == "a1-main-idea-deal")) == 2
        assert load_versions(s, [("a1-main-idea-deal", 1), ("a1-main-idea-deal", 2)]) == {
            ("a1-main-idea-deal", 1): first, ("a1-main-idea-deal", 2): current,
        }
    # Importing the same files again is a no-op: no third version.
    with store.sessions.begin() as s:
        assert not import_bank(s, [bank_copy]).changed


def test_a_status_change_alone_keeps_the_version(store: Any, bank_copy: Path) -> None:
    with store.sessions.begin() as s:
        import_bank(s, [bank_copy])
    path = bank_copy / "ink-deal.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("id: a1-main-idea-deal")
    end = start + text[start:].index("status: approved") + len("status: approved")
    path.write_text(text[:start] + text[start:end].replace("status: approved", "status: retired") + text[end:], encoding="utf-8")
    with store.sessions.begin() as s:
        report = import_bank(s, [bank_copy])
        assert report.status_changed == ("a1-main-idea-deal",)
        assert report.new_versions == ()
        q = get_question(s, "a1-main-idea-deal")
        assert (q.status, q.version) == ("retired", 1)


def test_a_bank_with_problems_writes_nothing(store: Any, bank_copy: Path) -> None:
    (bank_copy / "zz-bad.yaml").write_text(
        "questions:\n"
        "  - id: bad-one\n"
        "    kind: true-false\n"
        "    skill: detail\n"
        "    difficulty: 1\n"
        "    articles: [no-such-article]\n"
        "    annotation: a1-c01\n"
        "    status: approved\n"
        "    prompt: Is it?\n"
        "    explanation: It is.\n",
        encoding="utf-8",
    )
    with store.sessions.begin() as s:
        before = counts(s)
    with pytest.raises(CorpusError) as caught, store.sessions.begin() as s:
        import_bank(s, [bank_copy])
    problems = caught.value.problems
    assert any(p.endswith("zz-bad.yaml:6:16: unknown article 'no-such-article'") for p in problems), problems
    assert any("zz-bad.yaml:2:5: a true-false question needs 'answer" in p for p in problems), problems
    with store.sessions.begin() as s:
        assert counts(s) == before


def test_add_save_and_status(store: Any) -> None:
    with store.sessions.begin() as s:
        stored = add_question(s, question())
        assert stored.version == 1
        with pytest.raises(CorpusError, match="the id is taken"):
            add_question(s, question())
        with pytest.raises(CorpusError, match="exactly one correct choice"):
            add_question(s, question("q-bad", choices=(Choice(id="a", text="x"), Choice(id="b", text="y"))))
        with pytest.raises(CorpusError, match="unknown annotation 'nope'"):
            add_question(s, question("q-bad", annotation_id="nope"))

    with store.sessions.begin() as s:
        same = save_question(s, question())
        assert same.version == 1
        changed = save_question(s, question(prompt="What is really true?", articles=(A1, A2)))
        assert changed.version == 2
        assert get_question(s, "q-new", version=1).prompt == "What is true?"
        assert sorted(s.scalars(select(QuestionArticle.article_id).where(QuestionArticle.question_id == "q-new"))) == sorted([A1, A2])
        approved_again = save_question(s, question(prompt="What is really true?", articles=(A1, A2), status="draft"))
        assert (approved_again.version, get_question(s, "q-new").status) == (2, "draft")

    with store.sessions.begin() as s:
        assert set_status(s, "q-new", "approved").status == "approved"
        assert get_question(s, "q-new", version=1).status == "approved"  # status belongs to the question
        with pytest.raises(NotFound):
            set_status(s, "no-such-question", "approved")
        with pytest.raises(ValueError):
            set_status(s, "q-new", "published")
        with pytest.raises(NotFound):
            get_question(s, "q-new", version=9)


def generated(n: int, fingerprint: str | None, **changes: Any) -> QuestionRecord:
    return question(
        f"gen-{n}", status="draft",
        provenance=Provenance(origin="generated", generator="verdict", generator_version=1, annotation_id="a1-c09",
                              fingerprint=fingerprint),
        **changes,
    )


def test_generated_questions_are_deduplicated_by_fingerprint(store: Any) -> None:
    with store.sessions.begin() as s:
        batch = [generated(1, "f1"), generated(2, "f2"), generated(3, "f1")]  # the third repeats f1
        assert add_generated(s, batch) == 2
    with store.sessions.begin() as s:
        assert add_generated(s, [generated(1, "f1"), generated(2, "f2")]) == 0
        assert add_generated(s, [generated(4, "f4")]) == 1
        # Without a fingerprint, the content decides.
        unprinted = generated(5, None, prompt="Is this a fresh question?")
        assert add_generated(s, [unprinted]) == 1
        assert add_generated(s, [replace(unprinted, id="gen-6")]) == 0
        assert get_question(s, "gen-5").provenance.fingerprint == content_fingerprint(unprinted)
    with store.sessions.begin() as s:
        rows = list_questions(s, origin="generated")
        assert [r.id for r in rows] == ["gen-1", "gen-2", "gen-4", "gen-5"]
        assert {r.status for r in rows} == {"draft"}
        assert rows[0].generator == "verdict"
        with pytest.raises(CorpusError):
            add_generated(s, [generated(7, "f7", annotation_id="nope")])


def test_list_questions_filters(store: Any) -> None:
    with store.sessions.begin() as s:
        import_bank(s, [shipped_bank_folder()])
        add_question(s, question(status="draft"))
    with store.sessions.begin() as s:
        every = list_questions(s)
        assert [r.id for r in every] == sorted(r.id for r in every)
        drafts = list_questions(s, status="draft")
        assert [r.id for r in drafts] == ["q-new"]
        about_a2 = list_questions(s, article_id=A2)
        assert about_a2 and all(A2 in r.articles for r in about_a2)
        comparison = next(r for r in every if r.id.startswith("cmp-"))
        assert comparison.articles == (A1, A2)
        assert all(r.origin == "authored" for r in list_questions(s, origin="authored"))
        assert next(r for r in every if r.id == "q-new").prompt == "What is true?"


def test_shipped_bank_folder_holds_the_yaml_files() -> None:
    names = sorted(entry.name for entry in shipped_bank_folder().iterdir() if entry.name.endswith(".yaml"))
    assert names and all(name.endswith(".yaml") for name in names)


def test_import_accepts_a_plain_path_and_a_single_file(store: Any, tmp_path: Path, bank_copy: Path) -> None:
    single = tmp_path / "one.yaml"
    shutil.copy(bank_copy / "compare.yaml", single)
    with store.sessions.begin() as s:
        report = import_bank(s, [str(single)])
        assert report.added and all(q.startswith("cmp-") for q in report.added)
