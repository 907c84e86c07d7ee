"""Quiz assembly: Moodle's rule (filters, unseen first, least used, stratified, seeded) in SQL."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import delete, literal_column, select, update
from sqlalchemy.orm import Session

from corpus.errors import NotFound
from quizzes import assembly
from quizzes.assembly import (
    QuizSpec,
    assemble,
    choice_order_for,
    draw,
    get_quiz,
    preview,
    save_quiz,
    swap,
)
from quizzes.attempts import add_learner, answer, start_attempt
from quizzes.bank import add_generated, save_question
from quizzes.items import SKILLS, Choice, Pair, QuestionRecord
from quizzes.models import Question, QuestionArticle

A1 = "russia-nk-ink-deal"
A2 = "nk-releases-deal-details"
KINDS_USED = ("single-choice", "true-false", "multiple-choice", "ordering", "short-answer", "matching")


def make_question(skill: str, n: int, *, status: str = "approved") -> QuestionRecord:
    """Question n of a skill: kinds, difficulties and articles vary with n."""
    kind = KINDS_USED[n % len(KINDS_USED)]
    articles = ((A1,), (A2,), (A1, A2))[n % 3]
    fields: dict[str, Any] = {}
    if kind in ("single-choice", "multiple-choice", "ordering"):
        fields["choices"] = tuple(
            Choice(id=c, text=f"Choice {c}", correct=(c == "a" and kind != "ordering")) for c in "abcd"
        )
    elif kind == "true-false":
        fields["answer"] = n % 2 == 0
    elif kind == "short-answer":
        fields["accepted"] = ("Aurus",)
    else:
        fields["pairs"] = (Pair(id="p1", left="L1", right="R1"), Pair(id="p2", left="L2", right="R2"))
    return QuestionRecord(
        id=f"{skill}-{n:02d}", kind=kind, skill=skill, difficulty=1 + n % 3, prompt=f"Question {n} on {skill}?",
        explanation="Because.", articles=articles, annotation_id="a2-c01" if articles == (A2,) else "a1-c09",
        status=status, **fields,
    )


@pytest.fixture
def bank(store: Any) -> Any:
    """A store whose bank has 6 approved questions of each skill, 1 of inference, and drafts."""
    with store.sessions.begin() as s:
        s.execute(delete(Question))  # start from an empty bank (the store ships with one)
        for skill in SKILLS:
            for n in range(1 if skill == "inference" else 6):
                save_question(s, make_question(skill, n))
        for n in range(6, 9):
            save_question(s, make_question("evidence", n, status="draft"))
    return store


def candidates(s: Session) -> list[dict[str, Any]]:
    # The tie-break after the shuffle key is the row key the SQL uses: SQLite's rowid, else the id.
    row_key = literal_column("question.rowid") if s.get_bind().dialect.name == "sqlite" else Question.id
    rows = s.execute(
        select(row_key, Question.id, Question.skill, Question.kind, Question.difficulty,
               Question.status, Question.times_used, Question.pick_key)
    ).all()
    articles: dict[str, set[str]] = {}
    for qid, article in s.execute(select(QuestionArticle.question_id, QuestionArticle.article_id)):
        articles.setdefault(qid, set()).add(article)
    return [
        {"rowid": r, "id": i, "skill": sk, "kind": k, "difficulty": d, "status": st, "times_used": t,
         "pick_key": pk, "articles": articles.get(i, set())}
        for r, i, sk, k, d, st, t, pk in rows
    ]


def reference_draw(s: Session, spec: QuizSpec, *, seen: set[str], exclude: set[str] = frozenset()) -> set[str]:  # type: ignore[assignment]
    """Moodle's rule, written plainly in Python over every row, with the same shuffle key."""
    params = assembly._params(spec)
    a, b = params["seed_a"], params["seed_b"]

    def key(q: dict[str, Any]) -> tuple[Any, ...]:
        x = q["pick_key"]
        k = ((x + a) * ((x * assembly._MULTIPLIER) % assembly._P2 + b)) % assembly._P1
        return (q["id"] in seen, q["times_used"], k, q["rowid"])

    pool = [
        q for q in candidates(s)
        if q["status"] == spec.status
        and (not spec.kinds or q["kind"] in spec.kinds)
        and spec.difficulty_min <= q["difficulty"] <= spec.difficulty_max
        and (not spec.articles or q["articles"] <= set(spec.articles))
        and (not spec.skills or q["skill"] in spec.skills)
        and q["id"] not in exclude
    ]
    pool.sort(key=key)
    quotas = assembly._quotas(spec, spec.skills or SKILLS)
    picked: list[str] = []
    for skill, quota in quotas.items():
        picked += [q["id"] for q in pool if q["skill"] == skill][:quota]
    rest = [q["id"] for q in pool if q["id"] not in picked]
    return set(picked + rest[: spec.count - len(picked)])


def answer_questions(store: Any, learner: int, question_ids: list[str]) -> None:
    """The learner answers these questions (in one assessment attempt)."""
    with store.sessions.begin() as s:
        quiz = save_quiz(s, QuizSpec(mode="assessment", title="seen"), question_ids=question_ids)
        attempt = start_attempt(s, quiz_id=quiz.id, learner_id=learner)
        for item in quiz.items:
            answer(s, attempt_id=attempt.id, position=item.position, response=("a",))


# ---------------------------------------------------------------------------- the rule


def test_the_sql_draw_is_moodles_rule(bank: Any) -> None:
    with bank.sessions.begin() as s:
        learner = add_learner(s, name="Ann").id
        s.execute(update(Question).where(Question.id.in_(["evidence-00", "evidence-01", "sourcing-03"])).values(times_used=2))
        s.execute(update(Question).where(Question.id.in_(["evidence-02", "framing-04"])).values(times_used=1))
    seen = ["evidence-03", "evidence-04", "framing-00", "sequence-01", "detail-05"]
    answer_questions(bank, learner, seen)
    specs = [
        QuizSpec(count=12),
        QuizSpec(count=25, learner_id=learner),
        QuizSpec(count=5, skills=("evidence", "framing"), learner_id=learner),
        QuizSpec(count=7, skills=("inference", "evidence"), learner_id=learner),
        QuizSpec(count=6, articles=(A1,), learner_id=learner),
        QuizSpec(count=9, articles=(A1, A2), kinds=("single-choice", "ordering"), difficulty_min=2),
        QuizSpec(count=3, status="draft"),
    ]
    with bank.sessions.begin() as s:
        for spec in specs:
            for seed in range(8):
                spec = replace(spec, seed=seed * 7 + 1)
                expected = reference_draw(s, spec, seen=set(seen) if spec.learner_id else set())
                for strategy in ("per-skill", "ranked"):
                    got = draw(s, spec, strategy=strategy)
                    assert len(got) == len(set(got)), (spec, strategy, got)
                    assert set(got) == expected, (spec, strategy)
                exclude = sorted(expected)[:2]
                assert set(draw(s, spec, exclude=exclude)) == reference_draw(
                    s, spec, seen=set(seen) if spec.learner_id else set(), exclude=set(exclude)
                )


def test_same_spec_and_seed_give_the_same_quiz(bank: Any) -> None:
    spec = QuizSpec(count=10, seed=42, title="Week 1")
    with bank.sessions.begin() as s:
        first = preview(s, spec)
        assert preview(s, spec) == first
        assert first.id is None and len(first.items) == 10
        others = {preview(s, replace(spec, seed=seed)).question_ids for seed in range(5)}
        assert len(others) > 1  # other seeds draw other quizzes
        saved = assemble(s, spec)
        assert saved.id is not None
        assert saved.items == first.items  # the saved quiz is the previewed one
        assert get_quiz(s, saved.id) == saved


def test_no_repeats_even_when_the_bank_runs_short(bank: Any) -> None:
    with bank.sessions.begin() as s:
        view = preview(s, QuizSpec(count=500, seed=3))
        ids = view.question_ids
        assert len(ids) == len(set(ids)) == 6 * 9 + 1  # every approved question, once
        assert [item.position for item in view.items] == list(range(1, len(ids) + 1))


def test_unseen_questions_come_first(bank: Any) -> None:
    with bank.sessions.begin() as s:
        learner = add_learner(s, name="Ben").id
    seen = [f"framing-{n:02d}" for n in range(4)]
    answer_questions(bank, learner, seen)
    with bank.sessions.begin() as s:
        # Isolate the rule from use counts: the quiz that showed them counted a use.
        s.execute(update(Question).values(times_used=0))
    with bank.sessions.begin() as s:
        for seed in range(10):
            spec = QuizSpec(count=2, skills=("framing",), seed=seed, learner_id=learner)
            assert set(draw(s, spec)) == {"framing-04", "framing-05"}
            # Without a learner the seen questions are as likely as any.
        picks = set()
        for seed in range(10):
            picks |= set(draw(s, QuizSpec(count=2, skills=("framing",), seed=seed)))
        assert picks & set(seen)
        # Past the unseen ones, seen questions fill in.
        four = draw(s, QuizSpec(count=4, skills=("framing",), seed=1, learner_id=learner))
        assert {"framing-04", "framing-05"} <= set(four) and len(four) == 4


def test_least_used_questions_come_first(bank: Any) -> None:
    with bank.sessions.begin() as s:
        s.execute(update(Question).where(Question.skill == "detail").values(times_used=3))
        s.execute(update(Question).where(Question.id.in_(["detail-01", "detail-04"])).values(times_used=0))
        s.execute(update(Question).where(Question.id == "detail-02").values(times_used=1))
    with bank.sessions.begin() as s:
        for seed in range(10):
            spec = QuizSpec(count=3, skills=("detail",), seed=seed)
            assert set(draw(s, spec)) == {"detail-01", "detail-04", "detail-02"}
        # Saving a quiz uses nothing yet: the same spec draws the same quiz again.
        first = assemble(s, QuizSpec(count=2, skills=("detail",), seed=5))
        assert set(first.question_ids) == {"detail-01", "detail-04"}
        assert assemble(s, QuizSpec(count=2, skills=("detail",), seed=5)).question_ids == first.question_ids
        # Taking it counts a use of each question (Moodle's usage count), so the next draw moves on.
        learner = add_learner(s, name="Uses")
        start_attempt(s, quiz_id=first.id, learner_id=learner.id)
        uses = dict(s.execute(select(Question.id, Question.times_used).where(Question.skill == "detail")).tuples().all())
        assert uses["detail-01"] == uses["detail-04"] == uses["detail-02"] == 1
        assert set(draw(s, QuizSpec(count=3, skills=("detail",), seed=5))) == {"detail-01", "detail-04", "detail-02"}


def test_quizzes_are_spread_across_skills(bank: Any) -> None:
    with bank.sessions.begin() as s:
        for seed in range(5):
            view = preview(s, QuizSpec(count=9, skills=("evidence", "sourcing", "framing"), seed=seed))
            per_skill = [sum(1 for i in view.items if i.question.skill == k) for k in ("evidence", "sourcing", "framing")]
            assert per_skill == [3, 3, 3]
            # 10 over every skill: one each.
            view = preview(s, QuizSpec(count=10, seed=seed))
            assert sorted(i.question.skill for i in view.items) == sorted(SKILLS)
            # Inference has one question: the other skill fills its quota.
            view = preview(s, QuizSpec(count=6, skills=("inference", "language"), seed=seed))
            skills = [i.question.skill for i in view.items]
            assert skills.count("inference") == 1 and skills.count("language") == 5
            # The items interleave the skills (shuffled by the seed), not skill after skill.
        orders = {tuple(i.question.skill for i in preview(s, QuizSpec(count=9, skills=("evidence", "sourcing", "framing"), seed=seed)).items) for seed in range(5)}
        assert len(orders) > 1


def test_filters_are_honoured(bank: Any) -> None:
    with bank.sessions.begin() as s:
        only_a1 = preview(s, QuizSpec(count=100, articles=(A1,), seed=1))
        assert only_a1.items and all(i.question.articles == (A1,) for i in only_a1.items)
        both = preview(s, QuizSpec(count=100, articles=(A1, A2), seed=1))
        assert {i.question.articles for i in both.items} == {(A1,), (A2,), (A1, A2)}
        kinds = preview(s, QuizSpec(count=100, kinds=("true-false", "matching"), seed=1))
        assert kinds.items and {i.question.kind for i in kinds.items} == {"true-false", "matching"}
        hard = preview(s, QuizSpec(count=100, difficulty_min=2, difficulty_max=2, seed=1))
        assert hard.items and {i.question.difficulty for i in hard.items} == {2}
        approved = preview(s, QuizSpec(count=100, seed=1))
        assert all(i.question.status == "approved" for i in approved.items)
        drafts = preview(s, QuizSpec(count=100, status="draft", seed=1))
        assert sorted(drafts.question_ids) == ["evidence-06", "evidence-07", "evidence-08"]
        nothing = preview(s, QuizSpec(count=5, skills=("inference",), kinds=("matching",)))
        assert nothing.items == ()


def test_choices_are_shuffled_reproducibly(bank: Any) -> None:
    spec = QuizSpec(count=30, seed=9)
    with bank.sessions.begin() as s:
        view = preview(s, spec)
        assert preview(s, spec) == view
        shuffled = 0
        for item in view.items:
            q = item.question
            assert item.choice_order == choice_order_for(q, seed=spec.seed, position=item.position)
            if q.kind in ("single-choice", "multiple-choice", "ordering"):
                assert sorted(item.choice_order) == sorted(c.id for c in q.choices)
                shuffled += item.choice_order != tuple(c.id for c in q.choices)
            elif q.kind == "matching":
                assert sorted(item.choice_order) == sorted(p.id for p in q.pairs)
            else:
                assert item.choice_order == ()
            if q.kind == "ordering":
                assert item.choice_order != tuple(c.id for c in q.choices)  # never shown solved
        assert shuffled > 0
        saved = assemble(s, spec)
        assert [i.choice_order for i in get_quiz(s, saved.id).items] == [i.choice_order for i in view.items]
    hot = QuestionRecord(id="h", kind="hot-text", skill="language", difficulty=1, prompt="p", explanation="e",
                         passage="a b c", choices=(Choice(id="x", text="a"), Choice(id="y", text="c", correct=True)))
    assert choice_order_for(hot, seed=1, position=1) == ("x", "y")  # phrases stay in passage order


def test_save_a_previewed_quiz_after_a_swap(bank: Any) -> None:
    spec = QuizSpec(count=4, skills=("sourcing", "language"), seed=4)
    with bank.sessions.begin() as s:
        view = preview(s, spec)
        out = view.items[0].question
        new = swap(s, spec, current_ids=view.question_ids, replace_id=out.id)
        assert new is not None and new.id not in view.question_ids and new.skill == out.skill
        ids = [new.id if q == out.id else q for q in view.question_ids]
        saved = save_quiz(s, spec, question_ids=ids)
        assert saved.question_ids == tuple(ids)
        uses = dict(s.execute(select(Question.id, Question.times_used).where(Question.id.in_(ids))).tuples().all())
        assert set(uses.values()) == {0}  # counted when taken, not when saved
        with pytest.raises(ValueError):
            save_quiz(s, spec, question_ids=[ids[0], ids[0]])
        with pytest.raises(NotFound):
            save_quiz(s, spec, question_ids=["no-such-question"])
        # Inference has one question: swapping it falls back to another requested skill, then none.
        only = QuizSpec(count=1, skills=("inference",), seed=1)
        assert swap(s, only, current_ids=["inference-00"], replace_id="inference-00") is None
        mixed = QuizSpec(count=2, skills=("inference", "vocabulary"), seed=1)
        other = swap(s, mixed, current_ids=["inference-00", "vocabulary-00"], replace_id="inference-00")
        assert other is not None and other.skill == "vocabulary" and other.id != "vocabulary-00"


def test_bad_specs_are_refused(bank: Any) -> None:
    with bank.sessions.begin() as s:
        for spec in (
            QuizSpec(count=0), QuizSpec(mode="exam"), QuizSpec(skills=("spelling",)), QuizSpec(kinds=("essay",)),
            QuizSpec(difficulty_min=3, difficulty_max=1), QuizSpec(status="published"),
        ):
            with pytest.raises(ValueError):
                preview(s, spec)


def test_spec_round_trips_through_json() -> None:
    spec = QuizSpec(articles=(A1,), skills=("evidence",), kinds=("true-false",), count=3, difficulty_min=2,
                    mode="assessment", seed=11, learner_id=4, title="T")
    assert QuizSpec.from_json(spec.to_json()) == spec


def test_the_fast_path_agrees_with_the_rule_on_a_large_bank(store: Any) -> None:
    """With many never-used questions the draw ranks only those with a low shuffle key; the
    result must still be exactly Moodle's rule (and the fallback must not run)."""
    from sqlalchemy import event

    with store.sessions.begin() as s:
        batch = [replace(make_question(skill, n), id=f"big-{skill}-{n:03d}") for skill in ("evidence", "sourcing") for n in range(240)]
        add_generated(s, [replace(q, provenance=replace(q.provenance, origin="generated", generator="test")) for q in batch])
        learner = add_learner(s, name="Cleo").id
        s.execute(update(Question).where(Question.id.in_([f"big-evidence-{n:03d}" for n in range(0, 240, 7)])).values(times_used=1))
        # Fixed keys (as rowids were), so which draws take the fast path does not depend on chance.
        for n, q in enumerate(batch, start=1):
            s.execute(update(Question).where(Question.id == q.id).values(pick_key=n))
    seen = [f"big-sourcing-{n:03d}" for n in range(0, 240, 5)]
    answer_questions(store, learner, seen)
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        with store.sessions.begin() as s:
            fallbacks = 0
            for spec, fast in (
                (QuizSpec(count=8, skills=("evidence", "sourcing")), True),
                (QuizSpec(count=6, skills=("evidence", "sourcing"), learner_id=learner), True),
                (QuizSpec(count=4, skills=("sourcing",), learner_id=learner, kinds=("single-choice", "ordering")), True),
                # 40 candidates: about 5 never-used ones with a low key, fewer than 8: it falls back.
                (QuizSpec(count=8, skills=("evidence",), kinds=("matching",), learner_id=learner), False),
            ):
                for seed in range(6):
                    spec = replace(spec, seed=seed * 13 + 2)
                    statements.clear()
                    got = draw(s, spec, strategy="per-skill")
                    draws = sum("AS stratum" in sql for sql in statements)
                    if fast:
                        assert draws == 1, statements
                    fallbacks += draws - 1
                    assert set(got) == reference_draw(s, spec, seen=set(seen) if spec.learner_id else set())
            assert fallbacks > 0
    finally:
        event.remove(store.engine, "before_cursor_execute", count)


def test_the_same_bank_and_seed_draw_the_same_quiz_in_any_store(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The draw order comes from keys derived from question ids, not from the store."""
    from desktop.session import open_store

    drawn = []
    for name in ("one.sqlite", "two.sqlite"):
        store = open_store(str(tmp_path / name))
        with store.sessions() as s:
            drawn.append(preview(s, QuizSpec(count=10, seed=7)).question_ids)
        store.close()
    assert drawn[0] == drawn[1]
