"""The first paint before the store opens (desktop.first_paint): the stdlib read gives exactly
what the ORM start op gives, student mode hides drafts in it, any doubt falls back to the usual
path, the app paints the last article before SQLAlchemy is imported, and the refresh from the
store leaves the reader alone."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from desktop.first_paint import PendingStore, plain_sqlite_file, read_start

TREATY = "russia-nk-ink-deal"
DETAILS = "nk-releases-deal-details"


def _orm_start(db_path: Path, article_id: str | None):  # type: ignore[no-untyped-def]
    from corpus.articles import list_articles, load_snapshot
    from desktop.operations.corpus import start_view
    from desktop.session import open_store
    from quizzes.settings import get_mode

    store = open_store(str(db_path))
    try:
        with store.sessions.begin() as session:
            return start_view(mode=get_mode(session), rows=list_articles(session),
                              snapshot=load_snapshot(session), article_id=article_id)
    finally:
        store.close()


def _sql(db_path: Path, *statements: str) -> None:
    conn = sqlite3.connect(db_path)
    with conn:
        for statement in statements:
            conn.execute(statement)
    conn.close()


def _make_a_draft(db_path: Path) -> str:
    conn = sqlite3.connect(db_path)
    (draft,) = conn.execute(
        "SELECT id FROM annotation WHERE article_id = ? ORDER BY start LIMIT 1", (TREATY,)).fetchone()
    conn.close()
    _sql(db_path, f"UPDATE annotation SET status = 'draft' WHERE id = '{draft}'")
    return str(draft)


@pytest.mark.parametrize("mode", ["student", "teacher"])
def test_the_fast_read_equals_the_orm_start_view(db_path: Path, mode: str) -> None:
    draft = _make_a_draft(db_path)
    _sql(db_path, "DELETE FROM setting WHERE key = 'mode'",
         f"INSERT INTO setting (key, value) VALUES ('mode', '{mode}')")
    fast = read_start(db_path, article_id=TREATY)
    assert fast is not None
    assert fast == _orm_start(db_path, TREATY)
    assert fast.mode == mode and fast.article is not None and fast.article.article.id == TREATY
    shown = {a.id for a in fast.article.article.annotations}
    assert (draft in shown) == (mode == "teacher"), "student mode never shows a draft"


def test_an_unknown_mode_reads_as_student_and_a_gone_article_as_the_first(db_path: Path) -> None:
    draft = _make_a_draft(db_path)
    _sql(db_path, "DELETE FROM setting WHERE key = 'mode'",
         "INSERT INTO setting (key, value) VALUES ('mode', 'nonsense')")
    fast = read_start(db_path, article_id="deleted-long-ago")
    assert fast is not None and fast.mode == "student"
    assert fast == _orm_start(db_path, "deleted-long-ago")
    assert fast.article is not None and fast.article.article.id == DETAILS  # first by title
    assert all(a.id != draft for a in fast.article.article.annotations)


def test_any_doubt_means_the_usual_path(db_path: Path, tmp_path: Path) -> None:
    assert plain_sqlite_file(f"sqlite:///{db_path}") is None  # URLs open the store
    assert plain_sqlite_file(str(tmp_path / "new.sqlite")) is None  # a new store is created
    assert plain_sqlite_file(str(db_path)) == db_path.resolve()
    _sql(db_path, "UPDATE alembic_version SET version_num = '0001'")  # a migration is due
    assert read_start(db_path, article_id=None) is None
    _sql(db_path, "UPDATE alembic_version SET version_num = '9999'")  # a newer Closeread wrote it
    assert read_start(db_path, article_id=None) is None
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database at all" * 100)
    assert read_start(garbage, article_id=None) is None


def test_the_fast_read_never_writes(db_path: Path) -> None:
    before = db_path.read_bytes()
    assert read_start(db_path, article_id=None) is not None
    assert db_path.read_bytes() == before


def test_a_pending_store_opens_once_and_remembers_a_failure() -> None:
    opened: list[int] = []

    class FakeStore:
        url = "fake"

        def close(self) -> None:
            opened.append(-1)

    def opener() -> FakeStore:
        opened.append(1)
        return FakeStore()

    pending = PendingStore(opener)  # type: ignore[arg-type]
    pending.close()  # never opened: nothing to close, nothing opened
    assert opened == [] and not pending.is_open
    assert pending.url == "fake" and pending.open() is pending.open()
    assert opened == [1]
    pending.close()
    assert opened == [1, -1]

    def failing() -> FakeStore:
        raise RuntimeError("no disk")

    broken = PendingStore(failing)  # type: ignore[arg-type]
    for _ in range(2):
        with pytest.raises(RuntimeError, match="no disk"):
            broken.open()


def test_the_app_paints_the_last_article_before_sqlalchemy_is_imported(db_path: Path, tmp_path: Path) -> None:
    """The benchmark's start path (build_main_window, the real worker), checked at the first
    paint of the reader: the article last open, highlighted, with no SQLAlchemy, Alembic,
    pydantic or YAML imported yet; then the store opens and the start-up finishes."""
    from desktop.ui_settings import UiSettings

    settings = UiSettings()  # the test's own config dir (XDG_CONFIG_HOME), as the child's
    settings.set_last_article(TREATY)
    settings.sync()
    script = (
        "import sys\n"
        "from PySide6.QtCore import QEvent, QObject, QTimer\n"
        "from desktop.app import make_application, build_main_window\n"
        "app = make_application()\n"
        f"window = build_main_window({str(db_path)!r})\n"
        "seen = []\n"
        "class Painted(QObject):\n"
        "    def eventFilter(self, obj, event):\n"
        "        if event.type() == QEvent.Type.Paint and not seen:\n"
        "            heavy = sorted(m for m in ('sqlalchemy', 'alembic', 'pydantic', 'yaml') if m in sys.modules)\n"
        "            view = window.article_view\n"
        "            seen.append(1)\n"
        "            print('painted', view.article.id, len(window.reader.visible_annotations()) > 0, heavy or 'none')\n"
        "        return False\n"
        "watcher = Painted()\n"
        "window.reader.browser.viewport().installEventFilter(watcher)\n"
        "window.show()\n"
        "def done():\n"
        "    print('ready', window.start_up.is_ready, hasattr(window, 'teacher_actions'),\n"
        "          window.ctx.store.is_open, window.library_model.rowCount())\n"
        "    app.quit()\n"
        "window.start_up.when_ready(lambda: QTimer.singleShot(0, done))\n"
        "QTimer.singleShot(30_000, app.quit)\n"
        "app.exec()\n"
        "window.ctx.tasks.shutdown()\n"
        "window.ctx.store.close()\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                            check=False, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.split("\n")
    assert f"painted {TREATY} True none" in lines, result.stdout + result.stderr
    assert "ready True True True 2" in lines, result.stdout + result.stderr


def test_the_refresh_from_the_store_leaves_the_reader_alone(qtbot, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop.app import build_main_window

    window = build_main_window(str(db_path))  # the real worker: the fast path
    qtbot.addWidget(window)
    assert window.article_view is not None, "the article is there before the event loop runs"
    assert not window.start_up.is_ready
    teacher = window.actions_by_name["teacher_mode"]
    assert not teacher.isEnabled(), "no teacher mode before its PIN guard is installed"
    document = window.reader.browser.document()
    model_reset: list[int] = []
    window.library_model.modelReset.connect(lambda: model_reset.append(1))
    window.show()
    qtbot.waitExposed(window)
    bar = window.reader.browser.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    scrolled = bar.value()
    qtbot.waitUntil(lambda: window.start_up.is_ready and window.ctx.tasks.pending == 0, timeout=20_000)
    assert window.reader.browser.document() is document, "the article was not laid out again"
    assert bar.value() == scrolled, "no second scroll jump"
    assert model_reset == [], "the library was not reset"
    assert teacher.isEnabled() and window.mode_guard is not None
    assert window.ctx.store.is_open
    window.close()
    window.ctx.tasks.shutdown()
    window.ctx.store.close()
    app = QApplication.instance()
    if isinstance(app, QApplication):
        app.setPalette(QPalette())


def test_asking_for_the_teacher_actions_early_finishes_start_up(qtbot, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop.app import build_main_window
    from desktop.teacher_actions import TeacherActions

    window = build_main_window(str(db_path))
    qtbot.addWidget(window)
    assert not window.start_up.is_ready
    assert isinstance(window.teacher_actions, TeacherActions)  # installed on demand
    assert window.actions_by_name["teacher_mode"].isEnabled()
    assert window.ctx.store.is_open
    qtbot.waitUntil(lambda: window.start_up.is_ready and window.ctx.tasks.pending == 0, timeout=20_000)
    assert window.teacher_actions is window.teacher_actions
    window.close()
    window.ctx.tasks.shutdown()
    window.ctx.store.close()
