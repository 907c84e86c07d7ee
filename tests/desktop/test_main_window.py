"""The real main window, on a real store, with the real background worker."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from desktop.app import build_main_window
from desktop.models.article_list import ArticleListModel


def test_the_window_lists_both_articles_and_shows_the_selected_one(qtbot, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = build_main_window(str(db_path))
    qtbot.addWidget(window)
    window.show()
    model = window.library_model
    qtbot.waitUntil(lambda: model.rowCount() == 2, timeout=10_000)
    titles = {model.index(r).data() for r in range(2)}
    assert titles == {
        "Russia and North Korea Ink Deal Pledging Military Assistance",
        "North Korea Releases Details of Deal With Russia",
    }
    row = model.row_of("russia-nk-ink-deal")
    window.library.setCurrentIndex(model.index(row))
    qtbot.waitUntil(lambda: "Aurus" in window.reader_text(), timeout=10_000)
    assert model.index(row).data(ArticleListModel.IdRole) == "russia-nk-ink-deal"
    window.close()
    window.ctx.tasks.shutdown()
    window.ctx.store.close()


def test_make_run_entry_point_starts_offscreen_on_a_fresh_store(tmp_path: Path) -> None:
    """What `make run` does (the `closeread` entry with no command), quit by a timer."""
    script = (
        "import sys\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from desktop.app import make_application, build_main_window\n"
        "app = make_application()\n"
        f"w = build_main_window({str(tmp_path / 'fresh.sqlite')!r})\n"
        "w.show()\n"
        "def done():\n"
        "    print(w.library_model.rowCount()); app.quit()\n"
        "QTimer.singleShot(1500, done)\n"
        "app.exec()\n"
        "w.ctx.tasks.shutdown()\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                            env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "2"
