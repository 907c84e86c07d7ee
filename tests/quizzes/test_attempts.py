"""Attempts: every answer is committed, resume, practice retries, assessment secrecy, finishing,
the review queue, learners (merge, delete every row) and the results CSV."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from corpus.errors import CloseReadError, NotFound
from quizzes.assembly import QuizSpec, QuizView, save_quiz
from quizzes.attempts import (
    add_learner,
    answer,
    attempt_result,
    delete_learner,
    due_reviews,
    finish,
    get_attempt,
    list_learners,
    merge_learners,
    rename_learner,
    results_csv,
    resume,
    set_learner_class,
    set_position,
    start_attempt,
)
from quizzes.bank import import_bank, save_question, shipped_bank_folder
from quizzes.models import (
    Attempt,
    Learner,
    Question,
    QuestionVersion,
    Quiz,
    QuizItem,
    Response,
    ReviewState,
)
from quizzes.stats_store import learner_mastery, quiz_statistics

TODAY = date(2025, 3, 10)
# Four questions of the shipped bank, one per kind we answer here.
SINGLE = "a1-main-idea-deal"  # single-choice, main-idea; "a" is right
TRUE_FALSE = "a1-relationship-origin"  # true-false, corroboration; the answer is false
MULTIPLE = "a1-kim-best-ally"  # multiple-choice, evidence; a and b are right
HOT_TEXT = "a1-worldwide-isolation"  # hot-text, language; a is right


@pytest.fixture
def quiz_store(store: Any) -> Any:
    with store.sessions.begin() as s:
        import_bank(s, [shipped_bank_folder()])
    return store


def make_quiz(store: Any, mode: str) -> QuizView:
    with store.sessions.begin() as s:
        return save_quiz(
            s, QuizSpec(mode=mode, title=f"A {mode} quiz", seed=5), question_ids=[SINGLE, TRUE_FALSE, MULTIPLE, HOT_TEXT]
        )


def make_learner(store: Any, name: str = "Ann", class_name: str | None = "7B") -> int:
    with store.sessions.begin() as s:
        return add_learner(s, name=name, class_name=class_name).id


def test_every_answer_is_committed_and_an_attempt_resumes(quiz_store: Any) -> None:
    quiz = make_quiz(quiz_store, "practice")
    learner = make_learner(quiz_store)
    with quiz_store.sessions.begin() as s:
        attempt = start_attempt(s, quiz_id=quiz.id, learner_id=learner)
        assert attempt.current_position == 1 and attempt.responses == ()
    # One call, one transaction: after each, a fresh session sees the response.
    for position, response in ((1, ("a",)), (2, True)):
        with quiz_store.sessions.begin() as s:
            answer(s, attempt_id=attempt.id, position=position, response=response)
        with quiz_store.sessions() as other:
            stored = other.scalars(select(Response).where(Response.attempt_id == attempt.id, Response.position == position)).one()
            assert stored.answer == (list(response) if isinstance(response, tuple) else response)
            assert stored.question_id == quiz.items[position - 1].question.id and stored.version == 1
    with quiz_store.sessions.begin() as s:
        set_position(s, attempt_id=attempt.id, position=3)
        with pytest.raises(ValueError):
            set_position(s, attempt_id=attempt.id, position=9)
    # A crash here loses nothing: a new session resumes where the learner was.
    with quiz_store.sessions.begin() as s:
        resumed = resume(s, quiz_id=quiz.id, learner_id=learner)
        assert resumed is not None and resumed.id == attempt.id
        assert resumed.current_position == 3
        assert [(r.position, r.answer) for r in resumed.responses] == [(1, ["a"]), (2, True)]
        assert resumed.latest(1).fraction == 1.0 and resumed.latest(2).fraction == 0.0
        assert resumed.quiz == quiz
        assert resume(s, quiz_id=quiz.id, learner_id=make_learner_in(s)) is None


def make_learner_in(s: Any) -> int:
    return add_learner(s, name="Someone else").id


def test_practice_gives_feedback_and_allows_retries(quiz_store: Any) -> None:
    quiz = make_quiz(quiz_store, "practice")
    learner = make_learner(quiz_store)
    with quiz_store.sessions.begin() as s:
        attempt = start_attempt(s, quiz_id=quiz.id, learner_id=learner)
        wrong = answer(s, attempt_id=attempt.id, position=1, response=("b",))
        assert (wrong.try_number, wrong.fraction) == (1, 0.0)
        assert wrong.feedback is not None and not wrong.feedback.correct
        assert wrong.feedback.explanation == quiz.items[0].question.explanation
        assert wrong.feedback.annotation_id == "a1-c01"
        assert any("troops" in d for d in wrong.feedback.detail)  # the chosen choice's feedback
        right = answer(s, attempt_id=attempt.id, position=1, response=("a",))
        assert (right.try_number, right.fraction, right.feedback.correct) == (2, 1.0, True)  # type: ignore[union-attr]
        result = finish(s, attempt_id=attempt.id, today=TODAY)
        item = result.items[0]
        assert (item.tries, item.fraction, item.answer) == (2, 1.0, ["a"])  # the last try counts
        assert s.scalar(select(func.count()).select_from(Response).where(Response.attempt_id == attempt.id)) == 2


def test_assessment_hides_grades_until_finished(quiz_store: Any) -> None:
    quiz = make_quiz(quiz_store, "assessment")
    learner = make_learner(quiz_store)
    with quiz_store.sessions.begin() as s:
        attempt = start_attempt(s, quiz_id=quiz.id, learner_id=learner)
        assert attempt.mode == "assessment"
        first = answer(s, attempt_id=attempt.id, position=1, response=("b",))
        assert first.fraction is None and first.feedback is None
        changed = answer(s, attempt_id=attempt.id, position=1, response=("a",))  # replaces, no new try
        assert changed.try_number == 1 and changed.feedback is None
        answer(s, attempt_id=attempt.id, position=3, response=["a", "c"])
    with quiz_store.sessions.begin() as s:
        view = get_attempt(s, attempt.id)
        assert [(r.position, r.try_number, r.answer) for r in view.responses] == [(1, 1, ["a"]), (3, 1, ["a", "c"])]
        assert all(r.fraction is None and r.feedback is None for r in view.responses)
        with pytest.raises(CloseReadError):
            attempt_result(s, attempt_id=attempt.id)  # would show grades
        result = finish(s, attempt_id=attempt.id, today=TODAY)
        assert result.items[0].fraction == 1.0
        with pytest.raises(CloseReadError):
            answer(s, attempt_id=attempt.id, position=2, response=False)
    with quiz_store.sessions.begin() as s:
        after = get_attempt(s, attempt.id)
        assert after.finished is not None
        assert after.latest(1).fraction == 1.0 and after.latest(1).feedback.correct  # type: ignore[union-attr]
        assert after.latest(3).fraction == 0.0  # one right, one wrong of two: 1/2 − 1/2


def test_finish_scores_the_attempt_and_each_skill(quiz_store: Any) -> None:
    quiz = make_quiz(quiz_store, "assessment")
    learner = make_learner(quiz_store)
    with quiz_store.sessions.begin() as s:
        attempt = start_attempt(s, quiz_id=quiz.id, learner_id=learner)
        answer(s, attempt_id=attempt.id, position=1, response=("a",))  # right
        answer(s, attempt_id=attempt.id, position=2, response=True)  # wrong
        answer(s, attempt_id=attempt.id, position=3, response=("a",))  # half: 1 of 2 correct, no wrong
        # position 4 is left unanswered: it counts 0
        result = finish(s, attempt_id=attempt.id, today=TODAY)
    assert result.score == pytest.approx((1 + 0 + 0.5 + 0) / 4)
    assert {k.skill: (k.score, k.count) for k in result.by_skill} == {
        "main-idea": (1.0, 1), "corroboration": (0.0, 1), "evidence": (0.5, 1), "language": (0.0, 1),
    }
    assert result.skill("evidence").score == 0.5  # type: ignore[union-attr]
    assert [i.correct for i in result.items] == [True, False, False, False]
    assert result.items[3].answer is None and result.items[3].tries == 0
    assert result.items[1].explanation.startswith("Moscow has backed North Korea")
    with quiz_store.sessions.begin() as s:
        assert s.get(Attempt, attempt.id).score == pytest.approx(0.375)
        again = finish(s, attempt_id=attempt.id, today=TODAY + timedelta(days=3))  # no second review
        assert again.score == result.score
        assert s.scalar(select(func.count()).select_from(ReviewState)) == 3


def test_missed_questions_come_back_tomorrow(quiz_store: Any) -> None:
    quiz = make_quiz(quiz_store, "practice")
    learner = make_learner(quiz_store)
    with quiz_store.sessions.begin() as s:
        # An earlier history: the true-false question was known twice (interval 6 days).
        s.add(ReviewState(learner_id=learner, question_id=TRUE_FALSE, ease=2.5, interval_days=6, repetitions=2,
                          lapses=0, due=TODAY))
        s.add(ReviewState(learner_id=learner, question_id=SINGLE, ease=2.5, interval_days=6, repetitions=2,
                          lapses=0, due=TODAY))
    with quiz_store.sessions.begin() as s:
        attempt = start_attempt(s, quiz_id=quiz.id, learner_id=learner)
        answer(s, attempt_id=attempt.id, position=1, response=("a",))  # known again
        answer(s, attempt_id=attempt.id, position=2, response=True)  # missed
        answer(s, attempt_id=attempt.id, position=2, response=False)  # corrected on a retry: still missed
        finish(s, attempt_id=attempt.id, today=TODAY)
    with quiz_store.sessions.begin() as s:
        states = {r.question_id: r for r in s.scalars(select(ReviewState).where(ReviewState.learner_id == learner))}
        assert states[TRUE_FALSE].due == TODAY + timedelta(days=1)
        assert (states[TRUE_FALSE].repetitions, states[TRUE_FALSE].lapses) == (0, 1)
        assert states[SINGLE].due == TODAY + timedelta(days=15)  # 6 × 2.5
        assert [q.id for q in due_reviews(s, learner_id=learner, day=TODAY)] == []
        assert [q.id for q in due_reviews(s, learner_id=learner, day=TODAY + timedelta(days=1))] == [TRUE_FALSE]
        assert {q.id for q in due_reviews(s, learner_id=learner, day=TODAY + timedelta(days=30))} == {TRUE_FALSE, SINGLE}
        question = s.get(Question, TRUE_FALSE)
        question.status = "retired"
    with quiz_store.sessions.begin() as s:
        assert due_reviews(s, learner_id=learner, day=TODAY + timedelta(days=30))[0].id == SINGLE  # retired ones rest


def test_answers_are_graded_against_the_version_the_quiz_showed(quiz_store: Any) -> None:
    quiz = make_quiz(quiz_store, "practice")
    learner = make_learner(quiz_store)
    with quiz_store.sessions.begin() as s:
        old = quiz.items[1].question
        save_question(s, replace(old, answer=True))  # a new version with the other answer
        assert s.get(Question, TRUE_FALSE).current_version == 2
        attempt = start_attempt(s, quiz_id=quiz.id, learner_id=learner)
        graded = answer(s, attempt_id=attempt.id, position=2, response=False)
        assert graded.fraction == 1.0 and graded.version == 1


def count_rows(s: Any) -> dict[str, int]:
    return {
        m.__tablename__: s.scalar(select(func.count()).select_from(m)) or 0
        for m in (Learner, Attempt, Response, ReviewState, Quiz, QuizItem, Question, QuestionVersion)
    }


def take(store: Any, quiz: QuizView, learner: int, responses: dict[int, Any], *, done: bool = True) -> int:
    with store.sessions.begin() as s:
        attempt = start_attempt(s, quiz_id=quiz.id, learner_id=learner)
        for position, response in responses.items():
            answer(s, attempt_id=attempt.id, position=position, response=response)
        if done:
            finish(s, attempt_id=attempt.id, today=TODAY)
        return attempt.id


def test_delete_learner_removes_every_row_of_theirs(quiz_store: Any) -> None:
    quiz = make_quiz(quiz_store, "practice")
    ann, ben = make_learner(quiz_store, "Ann"), make_learner(quiz_store, "Ben")
    with quiz_store.sessions.begin() as s:
        before = count_rows(s)
    take(quiz_store, quiz, ann, {1: ("a",), 2: True})
    take(quiz_store, quiz, ann, {1: ("b",)}, done=False)
    take(quiz_store, quiz, ben, {1: ("a",), 3: ("a", "b")})
    with quiz_store.sessions.begin() as s:
        with_both = count_rows(s)
        assert with_both["response"] == 5 and with_both["attempt"] == 3 and with_both["review_state"] == 4
    with quiz_store.sessions.begin() as s:
        delete_learner(s, learner_id=ann)
    with quiz_store.sessions.begin() as s:
        after = count_rows(s)
        assert after == {**with_both, "learner": before["learner"] - 1, "attempt": 1, "response": 2, "review_state": 2}
        assert s.get(Learner, ann) is None
        assert s.scalar(select(func.count()).select_from(Attempt).where(Attempt.learner_id == ann)) == 0
        assert s.scalar(select(func.count()).select_from(ReviewState).where(ReviewState.learner_id == ann)) == 0
        with pytest.raises(NotFound):
            delete_learner(s, learner_id=ann)


def test_learners_are_added_renamed_listed_and_merged(quiz_store: Any) -> None:
    quiz = make_quiz(quiz_store, "practice")
    with quiz_store.sessions.begin() as s:
        zoe = add_learner(s, name="  Zoe   Smith ", class_name="7A").id
        zoe_again = add_learner(s, name="Zoe S", class_name="7A").id
        other = add_learner(s, name="Abe", class_name="7B").id
        with pytest.raises(ValueError):
            add_learner(s, name="   ")
        assert rename_learner(s, learner_id=zoe_again, name="Zoe Smith (tablet)").name == "Zoe Smith (tablet)"
        assert set_learner_class(s, learner_id=other, class_name=None).class_name is None
        assert [(v.name, v.class_name) for v in list_learners(s, class_name="7A")] == [
            ("Zoe Smith", "7A"), ("Zoe Smith (tablet)", "7A"),
        ]
        assert len(list_learners(s)) == 3
    take(quiz_store, quiz, zoe, {1: ("a",)})
    take(quiz_store, quiz, zoe_again, {1: ("b",), 2: False})
    with quiz_store.sessions.begin() as s:
        merged = merge_learners(s, keep=zoe, remove=zoe_again)
        assert merged.id == zoe
        assert s.get(Learner, zoe_again) is None
        assert s.scalar(select(func.count()).select_from(Attempt).where(Attempt.learner_id == zoe)) == 2
        states = {r.question_id: r for r in s.scalars(select(ReviewState).where(ReviewState.learner_id == zoe))}
        assert set(states) == {SINGLE, TRUE_FALSE}
        # Both had the single-choice question: the state due sooner stays (both tomorrow here).
        assert states[SINGLE].due == TODAY + timedelta(days=1)
        assert s.scalar(select(func.count()).select_from(ReviewState).where(ReviewState.learner_id == zoe_again)) == 0
        with pytest.raises(ValueError):
            merge_learners(s, keep=zoe, remove=zoe)


def test_results_csv_has_a_row_per_attempt_and_item(quiz_store: Any) -> None:
    quiz = make_quiz(quiz_store, "assessment")
    ann = make_learner(quiz_store, "Ann", "7B")
    evil = make_learner(quiz_store, "=HYPERLINK(\"x\")", None)
    take(quiz_store, quiz, ann, {1: ("a",), 4: ("a",)})
    take(quiz_store, quiz, evil, {2: False}, done=False)
    with quiz_store.sessions.begin() as s:
        rows = list(csv.DictReader(io.StringIO(results_csv(s, quiz_id=quiz.id))))
    assert len(rows) == 2 * 4
    assert list(rows[0]) == ["learner", "class", "attempt_id", "started", "finished", "position", "question_id",
                             "version", "skill", "kind", "answer", "fraction"]
    anns = [r for r in rows if r["learner"] == "Ann"]
    assert [r["position"] for r in anns] == ["1", "2", "3", "4"]
    assert (anns[0]["question_id"], anns[0]["skill"], anns[0]["kind"]) == (SINGLE, "main-idea", "single-choice")
    assert json.loads(anns[0]["answer"]) == ["a"] and float(anns[0]["fraction"]) == 1.0
    assert anns[1]["answer"] == "" and anns[1]["fraction"] == ""
    assert anns[0]["class"] == "7B" and anns[0]["finished"]
    evils = [r for r in rows if r["learner"].startswith("'=")]
    assert len(evils) == 4 and evils[0]["finished"] == ""  # a formula never reaches a spreadsheet
    assert json.loads(evils[1]["answer"]) is False


def test_statistics_and_mastery_from_the_store(quiz_store: Any) -> None:
    quiz = make_quiz(quiz_store, "assessment")
    learners = [make_learner(quiz_store, f"L{i}") for i in range(6)]
    patterns = [
        {1: ("a",), 2: False, 3: ("a", "b"), 4: ("a",)},
        {1: ("a",), 2: False, 3: ("a",), 4: ("a",)},
        {1: ("a",), 2: True, 3: ("a", "b"), 4: ("b",)},
        {1: ("b",), 2: False, 3: ("c",), 4: ("a",)},
        {1: ("c",), 2: True, 3: ("a",), 4: ("b",)},
        {1: ("a",), 2: True, 3: ("c",), 4: ("b",)},
    ]
    for learner, pattern in zip(learners, patterns):
        take(quiz_store, quiz, learner, pattern)
    take(quiz_store, quiz, learners[0], {1: ("b",)})  # a second attempt: left out by default
    with quiz_store.sessions.begin() as s:
        stats = quiz_statistics(s, quiz_id=quiz.id)
        assert stats.attempts == 6 and stats.test.n == 6
        assert [i.question_id for i in stats.test.item_stats] == [SINGLE, TRUE_FALSE, MULTIPLE, HOT_TEXT]
        assert stats.test.item_stats[0].facility == pytest.approx(100 * 4 / 6)
        keys = {(d.question_id, d.response_key): d.count for d in stats.distractors}
        assert keys[(SINGLE, "a")] == 4 and keys[(MULTIPLE, "a+b")] == 2 and keys[(TRUE_FALSE, "false")] == 3
        assert quiz_statistics(s, quiz_id=quiz.id, first_attempts_only=False).attempts == 7
        mastery = learner_mastery(s, learner_id=learners[0])
        assert mastery["main-idea"] == (0.0, 1)  # the latest answer to the question counts
        assert mastery["corroboration"] == (1.0, 1)
        assert mastery["evidence"] == (1.0, 1)
