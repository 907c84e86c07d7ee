"""`closeread screenshot --out DIR [--theme light|dark]`: the main screens rendered to PNG, offscreen.

The window runs on a fresh store in a temp folder (the shipped library, never the user's data) with
its UI settings in that folder too, at 1400×900, with ops run inline so every picture is
deterministic. Each screen is a function `(window, out_dir) -> list[Path]` in `SCREENS`; other
parts of the app add theirs with the `@screen("name")` decorator, from a module the command
imports first: any `desktop/*_screens.py` module is imported automatically.

    from desktop.screenshots import save_shot, screen

    @screen("annotation-editor")
    def _editor(window, out_dir):
        ...
        return [save_shot(widget, out_dir, "annotation-editor", window)]

Files are named after the screen, with "-dark" added in the dark theme.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli import UsageError, subcommand

if TYPE_CHECKING:  # Qt is imported only when the command runs (after QT_QPA_PLATFORM is set)
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QWidget

    from desktop.main_window import MainWindow

__all__ = ["SCREENS", "WINDOW_SIZE", "render_screens", "save_shot", "screen", "settle"]

Screen = Callable[["MainWindow", Path], Iterable[Path] | None]
SCREENS: dict[str, Screen] = {}
WINDOW_SIZE = (1400, 900)
READER_ARTICLE = "russia-nk-ink-deal"
READER_CLAIM = "a1-c01"  # the treaty's mutual-assistance promise: accurate, three supporting sources
PANEL_CLAIM = "a1-c09"  # "a slew of UN sanctions against Moscow": inaccurate, refuted by sources
COMPARE_CLAIM = "a1-c01"  # linked to a2-c01 / a2-c09 by claim_key treaty-mutual-assistance


def screen(name: str) -> Callable[[Screen], Screen]:
    """Register a screen function under `name` (its files should be named after it)."""

    def register(fn: Screen) -> Screen:
        SCREENS[name] = fn
        return fn

    return register


def shot_path(out_dir: Path, name: str, window: MainWindow) -> Path:
    """`out_dir/name.png`, or `name-dark.png` in the dark theme."""
    suffix = "-dark" if window.theme.name == "dark" else ""
    return out_dir / f"{name}{suffix}.png"


def settle(ms: int = 0) -> None:
    """Let Qt lay out and paint (and timers such as the selection flash run out)."""
    from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop

    deadline = QDeadlineTimer(ms)
    while True:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        if deadline.hasExpired():
            break
    QCoreApplication.processEvents()


# 256-colour PNGs by default: a third of the size, and UI pictures look the same.
OPTIONS = {"compact": True}


def _compact(image: QImage) -> QImage:
    """The image with its 256 most frequent colours (others mapped to the nearest, no dither)."""
    from collections import Counter

    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    rgb = image.convertToFormat(QImage.Format.Format_RGB32)
    counts = Counter(memoryview(rgb.constBits()).cast("I"))
    if len(counts) <= 256:
        table = list(counts)
    else:
        table = [colour for colour, _ in counts.most_common(256)]
    flags = Qt.ImageConversionFlag.ThresholdDither | Qt.ImageConversionFlag.AvoidDither
    return rgb.convertToFormat(QImage.Format.Format_Indexed8, table, flags)


def save_shot(widget: QWidget, out_dir: Path, name: str, window: MainWindow) -> Path:
    """Grab `widget` as it is painted and write it as a compressed PNG; returns the path."""
    settle()
    path = shot_path(out_dir, name, window)
    image = widget.grab().toImage()
    if OPTIONS["compact"]:
        image = _compact(image)
    if not image.save(str(path), "PNG", 0):  # quality 0 = strongest PNG compression
        raise OSError(f"could not write {path}")
    return path


# ---------------------------------------------------------------------------- the screens


def _reset(window: MainWindow) -> None:
    if window.mode != "student":  # what students see, whatever a screen before left behind
        window.set_mode("student")
    window.close_class_mode()
    window.show_reader_page()
    if window.sidebar.query():
        window.sidebar.set_query("")
    window.sidebar.clear_filters()
    window.reader.zoom_reset()


def _open(window: MainWindow, article_id: str, annotation_id: str | None) -> None:
    window.sidebar.select_article(article_id)
    window.open_article(article_id, select=annotation_id)
    window.focus_reader()
    settle(window.reader.FLASH_MS + 150)  # the flash ends; the selection mark stays


@screen("reader")
def _reader(window: MainWindow, out_dir: Path) -> list[Path]:
    """Library and reader with a claim selected, its note in the panel."""
    _reset(window)
    _open(window, READER_ARTICLE, READER_CLAIM)
    return [save_shot(window, out_dir, "reader", window)]


@screen("panel")
def _panel(window: MainWindow, out_dir: Path) -> list[Path]:
    """The annotation panel showing a claim with its verdict, note, citations and check."""
    _reset(window)
    _open(window, READER_ARTICLE, PANEL_CLAIM)
    splitter = window.panel_splitter
    sizes = splitter.sizes() if splitter is not None else []
    if splitter is not None:  # a short list, so the note and every citation show
        splitter.setSizes([190, sum(sizes) - 190])
    window.panel.list_view.scrollTo(window.panel.list_view.currentIndex())
    try:
        return [save_shot(window.panel, out_dir, "panel", window)]
    finally:
        if splitter is not None:
            splitter.setSizes(sizes)


@screen("compare")
def _compare(window: MainWindow, out_dir: Path) -> list[Path]:
    """The two shipped reports side by side, a shared claim selected in both."""
    _reset(window)
    window.show_compare()
    settle()
    window.compare_page.view.select_annotation(COMPARE_CLAIM)
    settle(window.reader.FLASH_MS + 150)
    return [save_shot(window, out_dir, "compare", window)]


@screen("class-mode")
def _class_mode(window: MainWindow, out_dir: Path) -> list[Path]:
    """Class mode with three annotations revealed."""
    _reset(window)
    _open(window, READER_ARTICLE, None)
    window.open_class_mode()
    view = window.class_mode
    assert view is not None
    # Offscreen, "full screen" is the platform's small virtual screen: show it at window size.
    view.showNormal()
    view.resize(*WINDOW_SIZE)
    settle()
    for _ in range(3):
        view.reveal_next()
    settle(window.reader.FLASH_MS + 150)
    path = save_shot(view, out_dir, "class-mode", window)
    window.close_class_mode()
    return [path]


@screen("search")
def _search(window: MainWindow, out_dir: Path) -> list[Path]:
    """Search results for "sanctions", the first annotation hit opened."""
    _reset(window)
    window.focus_search()
    window.sidebar.set_query("sanctions")
    settle()
    model = window.sidebar.results_model
    row = next((r for r, h in enumerate(model.hits()) if h.kind == "annotation"), 0)
    if model.rowCount():
        index = model.index(row, 0)
        window.sidebar.results.setCurrentIndex(index)
        window.open_hit(model.hits()[row])
        window.sidebar.results.setFocus()
    settle(window.reader.FLASH_MS + 150)
    return [save_shot(window, out_dir, "search", window)]


# ---------------------------------------------------------------------------- running


def load_screen_modules() -> None:
    """Import every `desktop/*_screens.py`, so the screens they define are registered."""
    import desktop

    for info in pkgutil.iter_modules(desktop.__path__):
        if info.name.endswith("_screens"):
            importlib.import_module(f"desktop.{info.name}")


def _ensure_platform() -> None:
    # Offscreen unless the caller chose a platform: no window flashes up, and the pictures do
    # not depend on the desktop's scaling.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _quiet_offscreen_messages() -> None:
    """Drop the offscreen platform's note on every top-level window (it cannot do size hints)."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        if "propagateSizeHints" in message:
            return
        sys.stderr.write(message + "\n")

    qInstallMessageHandler(handler)


def render_screens(
    out_dir: Path, *, theme: str = "light", only: Iterable[str] | None = None, compact: bool = True
) -> list[Path]:
    """Render the registered screens (or `only` those) into `out_dir`; returns the files written.

    `compact` writes 256-colour PNGs (small enough to commit); False keeps every colour.
    """
    _ensure_platform()
    OPTIONS["compact"] = compact
    from desktop.app import make_application
    from desktop.events import AppEvents
    from desktop.main_window import MainWindow
    from desktop.operations import OpContext
    from desktop.session import open_store
    from desktop.tasks import TaskManager
    from desktop.ui_settings import UiSettings

    load_screen_modules()
    names = list(only) if only else list(SCREENS)
    unknown = [n for n in names if n not in SCREENS]
    if unknown:
        raise UsageError(f"unknown screen(s): {', '.join(unknown)} (known: {', '.join(SCREENS)})")
    out_dir.mkdir(parents=True, exist_ok=True)
    make_application()
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="closeread-screens-") as tmp:
        store = open_store(str(Path(tmp) / "screens.sqlite"))  # fresh: the shipped library only
        tasks = TaskManager(synchronous=True)
        errors: list[str] = []
        ctx = OpContext(store=store, tasks=tasks, events=AppEvents(), on_error=errors.append)
        window = MainWindow(ctx, ui_settings=UiSettings(Path(tmp) / "ui.ini"))
        try:
            window.set_theme(theme, persist=False)
            window.resize(*WINDOW_SIZE)
            window.show()
            settle(50)
            for name in names:
                result = SCREENS[name](window, out_dir)
                written.extend(result or ())
                if errors:
                    raise RuntimeError(f"screen {name}: {errors[0]}")
        finally:
            window.close()
            if window.class_mode is not None:
                window.class_mode.deleteLater()
            window.deleteLater()
            settle()
            tasks.shutdown()
            store.close()
    return written


def _configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", required=True, metavar="DIR", help="folder for the PNG files (created if missing)")
    p.add_argument("--theme", choices=["light", "dark"], default="light",
                   help="light (default) or dark; dark files are named *-dark.png")
    p.add_argument("--screen", action="append", metavar="NAME",
                   help="only this screen (repeatable); default: all")
    p.add_argument("--full-colour", action="store_true",
                   help="keep every colour (default: 256-colour PNGs, a third of the size)")


@subcommand("screenshot", "render the main screens to PNG files, offscreen, on a fresh store", _configure)
def cmd_screenshot(args: argparse.Namespace) -> int:
    _ensure_platform()
    _quiet_offscreen_messages()
    written = render_screens(Path(args.out), theme=args.theme, only=args.screen, compact=not args.full_colour)
    for path in written:
        sys.stdout.write(f"{path}\n")
    return 0
