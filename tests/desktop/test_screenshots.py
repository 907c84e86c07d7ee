"""`closeread screenshot`: every main screen rendered offscreen to a PNG, on a fresh store."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

EXPECTED = ("reader", "panel", "compare", "class-mode", "search")


def test_screenshot_command_writes_every_screen(tmp_path: Path) -> None:
    out = tmp_path / "shots"
    env = {**os.environ}
    env.pop("QT_QPA_PLATFORM", None)  # the command chooses offscreen itself
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "--db", str(tmp_path / "never-opened.sqlite"), "screenshot",
         "--out", str(out), *(arg for name in EXPECTED for arg in ("--screen", name))],
        capture_output=True, text=True, timeout=300, env=env, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "propagateSizeHints" not in result.stderr
    for name in EXPECTED:
        path = out / f"{name}.png"
        assert path.exists(), result.stdout
        image = QImage(str(path))
        assert not image.isNull()
        assert image.width() >= 300 and image.height() >= 500
        assert path.stat().st_size < 300_000
    assert QImage(str(out / "reader.png")).size().toTuple() == (1400, 900)
    # The fresh temp store is used, never the one named by --db or the user's.
    assert not (tmp_path / "never-opened.sqlite").exists()


def test_screens_are_a_registry_others_can_extend(tmp_path: Path) -> None:
    from desktop.screenshots import SCREENS, screen

    assert set(EXPECTED) <= set(SCREENS)

    @screen("test-extra")
    def _extra(window, out_dir):  # type: ignore[no-untyped-def]
        return []

    try:
        assert SCREENS["test-extra"] is _extra
    finally:
        del SCREENS["test-extra"]
