"""Screenshots of the quiz screens for `closeread screenshot` (imported by desktop.screenshots):
the builder, the player on a hot-text and an ordering item, practice feedback, results, the
teacher dashboard and a printed page.

The screenshot store is fresh (the shipped library only), so the first quiz screen adds the
shipped question bank, two quizzes and a class of eight who took the assessment (answers drawn
with a fixed seed), in one StoreOp.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.screenshots import WINDOW_SIZE, save_shot, screen, settle, shot_path

if TYPE_CHECKING:
    from desktop.main_window import MainWindow
    from desktop.quiz.home import QuizHome

EACH_KIND = (
    "a1-main-idea-deal", "a1-kim-best-ally", "a1-relationship-origin", "a1-aurus-gift",
    "a1-article4-cloze", "a1-loaded-sanctions-paragraph", "a1-history-ordering", "a1-claim-verdict-matching",
)
CLASS = ("Amira", "Ben", "Chloe", "Dario", "Eun-ji", "Farah", "Gabriel", "Hana")


@dataclass
class _Demo:
    practice_quiz: int
    assessment_quiz: int
    learner: int  # the student on screen
    attempt: int  # their finished practice attempt


_DEMO: dict[int, _Demo] = {}  # by id(store): made once per screenshot run


def right_response(q: Any) -> Any:
    """The key of a question as a response."""
    if q.kind in {"single-choice", "multiple-choice", "hot-text"}:
        ids = tuple(c.id for c in q.choices if c.correct)
        return ids[:1] if q.kind == "single-choice" else ids
    if q.kind == "true-false":
        return bool(q.answer)
    if q.kind == "short-answer":
        return q.accepted[0]
    if q.kind == "cloze":
        return tuple(b.accepted[0] for b in q.blanks)
    if q.kind == "ordering":
        return tuple(c.id for c in q.choices)
    return tuple((p.id, p.id) for p in q.pairs)


def wrong_response(q: Any, rng: random.Random) -> Any:
    """A plausible wrong response (a distractor drawn with `rng`)."""
    if q.kind in {"single-choice", "multiple-choice", "hot-text"}:
        wrong = [c.id for c in q.choices if not c.correct]
        right = [c.id for c in q.choices if c.correct]
        if q.kind == "single-choice":
            return (rng.choice(wrong),)
        return tuple(right[:1] + [rng.choice(wrong)])
    if q.kind == "true-false":
        return not q.answer
    if q.kind == "short-answer":
        return rng.choice(["Lada", "Gaz", "a Russian company"])
    if q.kind == "cloze":
        return tuple(next((o for o in b.options if o not in b.accepted), "?") for b in q.blanks)
    if q.kind == "ordering":
        ids = [c.id for c in q.choices]
        ids[0], ids[1] = ids[1], ids[0]
        return tuple(ids)
    ids = [p.id for p in q.pairs]
    return tuple(zip(ids, ids[1:] + ids[:1], strict=True))


def _demo(window: MainWindow) -> _Demo:
    ctx = window.ctx
    found = _DEMO.get(id(ctx.store))
    if found is not None:
        return found
    from sqlalchemy.orm import Session

    from desktop.events import Changes
    from desktop.operations import StoreOp
    from quizzes import attempts
    from quizzes.assembly import QuizSpec, save_quiz
    from quizzes.bank import import_bank, shipped_bank_folder

    def body(session: Session) -> _Demo:
        import_bank(session, [shipped_bank_folder()])
        practice = save_quiz(
            session, QuizSpec(count=8, mode="practice", seed=3, title="Treaty reports: every kind of question"),
            question_ids=list(EACH_KIND),
        )
        assessment = save_quiz(
            session,
            QuizSpec(articles=("russia-nk-ink-deal",), count=8, mode="assessment", seed=11,
                     title="Article 1 check-up"),
        )
        rng = random.Random(2024)
        ability = [0.92, 0.85, 0.75, 0.68, 0.6, 0.5, 0.4, 0.3]
        learner_ids = []
        for name, p in zip(CLASS, ability, strict=True):
            learner = attempts.add_learner(session, name=name, class_name="8C")
            learner_ids.append(learner.id)
            attempt = attempts.start_attempt(session, quiz_id=assessment.id, learner_id=learner.id)
            for item in assessment.items:
                q = item.question
                good = rng.random() < p * (1.15 - 0.15 * q.difficulty)
                response = right_response(q) if good else wrong_response(q, rng)
                attempts.answer(session, attempt_id=attempt.id, position=item.position, response=response)
            attempts.finish(session, attempt_id=attempt.id)
        me = learner_ids[2]
        attempt = attempts.start_attempt(session, quiz_id=practice.id, learner_id=me)
        for item in practice.items:
            q = item.question
            good = item.position not in (2, 5)
            response = right_response(q) if good else wrong_response(q, rng)
            attempts.answer(session, attempt_id=attempt.id, position=item.position, response=response)
        attempts.finish(session, attempt_id=attempt.id)
        assert practice.id is not None and assessment.id is not None
        return _Demo(practice_quiz=practice.id, assessment_quiz=assessment.id, learner=me, attempt=attempt.id)

    out: list[_Demo] = []
    StoreOp(ctx, body, Changes(questions=True, attempts=True)).success(out.append).run()
    settle()
    _DEMO[id(ctx.store)] = out[0]
    return out[0]


def _home(window: MainWindow, *, teacher: bool = False) -> QuizHome:
    from desktop.quiz.home import QuizHome
    from quizzes.attempts import LearnerView

    demo = _demo(window)
    home = QuizHome(window.ctx, theme=window.theme, is_teacher=lambda: teacher, confirm=lambda *_: True)
    home.resize(*WINDOW_SIZE)
    home.show()
    from datetime import datetime

    home.set_learner(LearnerView(id=demo.learner, name=CLASS[2], class_name="8C", created=datetime(2024, 9, 1)))
    settle(20)
    return home


def _close(home: QuizHome) -> None:
    home.close()
    home.deleteLater()
    settle()


def _player_on(window: MainWindow, position: int) -> tuple[QuizHome, Any]:
    demo = _demo(window)
    home = _home(window)
    home.select_quiz(demo.practice_quiz)
    home.start_selected()  # the first screen starts the attempt, the others resume it
    player = home.player
    player.go_to(position)
    player.set_timer_visible(True)
    settle(player.reader.FLASH_MS + 150)
    return home, player


@screen("quiz-home")
def _quiz_home(window: MainWindow, out_dir: Path) -> list[Path]:
    """The student's quiz area: who is reading, what is due for review, their quizzes."""
    from datetime import date, timedelta

    home = _home(window)
    home.review.set_today(lambda: date.today() + timedelta(days=1))  # tomorrow's queue
    home.review.refresh()
    home.quiz_list.setFocus()
    settle(20)
    try:
        return [save_shot(home, out_dir, "quiz-home", window)]
    finally:
        _close(home)


@screen("quiz-builder")
def _builder(window: MainWindow, out_dir: Path) -> list[Path]:
    """The builder with a preview drawn from Article 1 for three media-literacy skills."""
    home = _home(window, teacher=True)
    builder = home.show_builder()
    builder.set_checked("articles", ("russia-nk-ink-deal",))
    builder.set_checked("skills", ("evidence", "language", "corroboration", "sourcing"))
    builder.count.setValue(8)
    builder.preview()
    builder.list.setCurrentIndex(builder.model.index(2))
    builder.list.setFocus()
    settle(20)
    try:
        return [save_shot(home, out_dir, "quiz-builder", window)]
    finally:
        _close(home)


@screen("player-hot-text")
def _player_hot_text(window: MainWindow, out_dir: Path) -> list[Path]:
    """A hot-text item: the phrases are toggles in the passage, two selected."""
    home, player = _player_on(window, EACH_KIND.index("a1-loaded-sanctions-paragraph") + 1)
    editor = player.editor()
    for choice_id in ("a", "c"):
        editor.phrases[choice_id].setChecked(True)
    editor.phrases["b"].setFocus()
    settle(20)
    try:
        return [save_shot(home, out_dir, "player-hot-text", window)]
    finally:
        _close(home)


@screen("player-ordering")
def _player_ordering(window: MainWindow, out_dir: Path) -> list[Path]:
    """An ordering item being put in order with the keyboard."""
    home, player = _player_on(window, EACH_KIND.index("a1-history-ordering") + 1)
    editor = player.editor()
    editor.list.setCurrentRow(1)
    editor.list.move_current(-1)
    editor.list.setFocus()
    settle(20)
    try:
        return [save_shot(home, out_dir, "player-ordering", window)]
    finally:
        _close(home)


@screen("practice-feedback")
def _practice_feedback(window: MainWindow, out_dir: Path) -> list[Path]:
    """Practice mode after Check on a wrong answer: per-part marks, explanation, the jump."""
    home, player = _player_on(window, EACH_KIND.index("a1-kim-best-ally") + 1)
    editor = player.editor()
    q = editor.question
    editor.set_response((next(c.id for c in q.choices if c.correct), next(c.id for c in q.choices if not c.correct)))
    player.check()
    settle(player.reader.FLASH_MS + 150)
    try:
        return [save_shot(home, out_dir, "practice-feedback", window)]
    finally:
        _close(home)


@screen("results")
def _results(window: MainWindow, out_dir: Path) -> list[Path]:
    """Results of a finished practice quiz: score, skills, the answers reviewed."""
    demo = _demo(window)
    home = _home(window)
    home.show_results(demo.attempt)
    home.results.heading.setText("Treaty reports: every kind of question · Chloe")
    home.results.items.setFocus()
    settle(20)
    try:
        return [save_shot(home, out_dir, "results", window)]
    finally:
        _close(home)


@screen("dashboard")
def _dashboard(window: MainWindow, out_dir: Path) -> list[Path]:
    """The teacher dashboard: item analysis of the class's assessment, then a learner's chart."""
    demo = _demo(window)
    home = _home(window, teacher=True)
    dashboard = home.show_dashboard()
    dashboard.show_quiz(demo.assessment_quiz)
    dashboard.items_view.setFocus()
    settle(20)
    try:
        paths = [save_shot(home, out_dir, "dashboard", window)]
        dashboard.tabs.setCurrentIndex(3)
        dashboard.show_learner(demo.learner)
        dashboard.learner_list.setFocus()
        settle(20)
        paths.append(save_shot(home, out_dir, "dashboard-learner", window))
        return paths
    finally:
        _close(home)


@screen("pdf-page")
def _pdf_page(window: MainWindow, out_dir: Path) -> list[Path]:
    """The printed practice quiz: its first page (the passage, where the items start) and its
    second (items with space to answer)."""
    from desktop.operations.quizzes import fetch_printable
    from desktop.quiz.print import render_page
    from desktop.screenshots import OPTIONS, _compact

    demo = _demo(window)
    found: list[Any] = []
    fetch_printable(window.ctx, quiz_id=demo.practice_quiz).success(found.append).run()
    settle()
    paths = []
    for page, name in ((0, "pdf-page"), (1, "pdf-page-2")):
        image = render_page(found[0], page=page, scale=1.0)
        if OPTIONS["compact"]:
            image = _compact(image)
        path = shot_path(out_dir, name, window)
        if not image.save(str(path), "PNG", 0):
            raise OSError(f"could not write {path}")
        paths.append(path)
    return paths
