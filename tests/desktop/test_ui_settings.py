"""Window geometry, splitter sizes, theme and zoom survive a restart (UiSettings, an INI file in
the config dir that conftest points at a temp folder)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from desktop.app import build_main_window
from desktop.main_window import MainWindow
from desktop.theme import DARK, LIGHT
from desktop.ui_settings import UiSettings, default_path


def _open(qtbot, db_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    window = build_main_window(str(db_path), synchronous=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _close(window: MainWindow) -> None:
    window.close()  # saves the layout
    window.ctx.tasks.shutdown()
    window.ctx.store.close()
    QApplication.setPalette(QPalette())


def test_the_settings_file_lives_in_the_config_dir(tmp_path: Path) -> None:
    path = default_path()
    assert path.name == "ui.ini" and "Closeread" in path.parts
    assert not str(path).startswith(str(Path.home() / ".config")) or "home" in str(path)
    settings = UiSettings(tmp_path / "ui.ini")
    assert settings.theme() == "light" and settings.geometry() is None
    settings.set_theme("dark")
    settings.set_zoom_index(5)
    settings.sync()
    again = UiSettings(tmp_path / "ui.ini")
    assert again.theme() == "dark" and again.zoom_index(3) == 5
    with pytest.raises(ValueError):
        settings.set_theme("sepia")


def test_theme_switch_applies_everywhere_and_persists(qtbot, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = _open(qtbot, db_path)
    assert window.theme is LIGHT
    window.actions_by_name["toggle_theme"].trigger()
    assert window.theme is DARK
    assert window.reader.theme() is DARK
    assert window.actions_by_name["theme_dark"].isChecked()
    page = window.reader.browser.palette().color(QPalette.ColorRole.Base).name().upper()
    assert page == DARK.page
    assert QApplication.palette().color(QPalette.ColorRole.Base).name().upper() == DARK.page
    _close(window)
    assert default_path().exists()

    window = _open(qtbot, db_path)
    assert window.theme is DARK and window.reader.theme() is DARK
    window.actions_by_name["theme_light"].trigger()
    _close(window)
    assert UiSettings().theme() == "light"


def test_geometry_splitters_and_zoom_persist(qtbot, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = _open(qtbot, db_path)
    # Offscreen the screen is 800×800 and restoreGeometry keeps a window on its screen, so the
    # test uses the narrowest width the window allows and a height well below the default 900.
    size = (window.minimumSizeHint().width(), 640)
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().toTuple() == size)
    window.splitter.setSizes([200, 300, 260])
    sizes = window.splitter.sizes()
    window.actions_by_name["zoom_in"].trigger()
    window.actions_by_name["zoom_in"].trigger()
    zoom = window.reader.zoom_factor()
    assert zoom > 1.0 and window.zoom_label.text() == f"{round(zoom * 100)} %"
    _close(window)

    window = _open(qtbot, db_path)
    assert window.size().toTuple() == size
    assert window.splitter.sizes() == sizes
    assert window.reader.zoom_factor() == zoom
    _close(window)
