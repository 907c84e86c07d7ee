"""The authoring screens are in `closeread screenshot` and render on a fresh store."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage, QPalette
from PySide6.QtWidgets import QApplication

AUTHORING = ("annotation-editor", "source-library", "article-editor-preview", "question-review")


def test_the_authoring_screens_are_registered_and_render(tmp_path: Path) -> None:
    from desktop.screenshots import SCREENS, load_screen_modules, render_screens

    load_screen_modules()
    assert set(AUTHORING) <= set(SCREENS)
    try:
        written = render_screens(tmp_path, only=AUTHORING)
    finally:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setPalette(QPalette())  # the window themes the whole application
    assert [p.name for p in written] == [f"{name}.png" for name in AUTHORING]
    for path in written:
        image = QImage(str(path))
        assert not image.isNull() and image.width() >= 800 and image.height() >= 600
        assert path.stat().st_size < 300_000
