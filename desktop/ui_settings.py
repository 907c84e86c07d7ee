"""Window layout and look, remembered across restarts: geometry, splitters, theme, zoom.

QSettings only for UI state (STYLE.md rule 10). The file is an INI file in the user config dir
that platformdirs names (`~/.config/Closeread/ui.ini` on Linux), never the platform's registry
or plist, so it is easy to find, reset and redirect (tests point XDG_CONFIG_HOME at a temp dir).
Domain settings such as the student/teacher mode live in the store (quizzes.settings).
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_config_path
from PySide6.QtCore import QByteArray, QSettings

from desktop.paths import APP_NAME

__all__ = ["UiSettings", "default_path"]

THEMES = ("light", "dark")


def default_path() -> Path:
    """The settings file: `ui.ini` in the user config folder."""
    return user_config_path(APP_NAME, appauthor=False) / "ui.ini"


class UiSettings:
    """Typed access to the UI state file. Construct one per window; `sync()` writes it out."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._settings = QSettings(str(self.path), QSettings.Format.IniFormat)

    # ------------------------------------------------------------------ window

    def geometry(self) -> QByteArray | None:
        """The main window's saved geometry (QWidget.saveGeometry), if any."""
        return self._bytes("window/geometry")

    def set_geometry(self, value: QByteArray) -> None:
        self._settings.setValue("window/geometry", value)

    def window_state(self) -> QByteArray | None:
        """The main window's toolbars and docks (QMainWindow.saveState), if saved."""
        return self._bytes("window/state")

    def set_window_state(self, value: QByteArray) -> None:
        self._settings.setValue("window/state", value)

    def splitter_state(self, name: str) -> QByteArray | None:
        """A splitter's saved sizes (QSplitter.saveState) under `name`, if any."""
        return self._bytes(f"splitters/{name}")

    def set_splitter_state(self, name: str, value: QByteArray) -> None:
        self._settings.setValue(f"splitters/{name}", value)

    # ------------------------------------------------------------------ look

    def theme(self) -> str:
        """ "light" (the default) or "dark"."""
        value = self._settings.value("view/theme", "light")
        return value if value in THEMES else "light"

    def set_theme(self, name: str) -> None:
        if name not in THEMES:
            raise ValueError(f"theme must be light or dark, not {name!r}")
        self._settings.setValue("view/theme", name)

    def zoom_index(self, default: int) -> int:
        """The reader's zoom step (an index into ReaderView.ZOOM_STEPS)."""
        value = self._settings.value("view/zoom_index", default)
        try:
            return int(value)
        except (TypeError, ValueError):
            return default

    def set_zoom_index(self, index: int) -> None:
        self._settings.setValue("view/zoom_index", int(index))

    def last_article(self) -> str | None:
        """The article open when the window last closed (opened again at start)."""
        value = self._settings.value("reader/last_article")
        return value if isinstance(value, str) and value else None

    def set_last_article(self, article_id: str) -> None:
        self._settings.setValue("reader/last_article", article_id)

    # ------------------------------------------------------------------ file

    def sync(self) -> None:
        """Write pending changes to the file now."""
        self._settings.sync()

    def clear(self) -> None:
        """Forget everything (back to the defaults)."""
        self._settings.clear()
        self._settings.sync()

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._settings.value(key)
        if isinstance(value, QByteArray) and not value.isEmpty():
            return value
        if isinstance(value, bytes) and value:
            return QByteArray(value)
        return None
