"""Benchmark: the reader (DESIGN.md performance budget, issue 4 §9).

1. Open an article with 1,000 annotations in a ReaderView, offscreen, until it is painted;
   against the floor of setting the same text with no highlights in the same ReaderView (and,
   for context, a bare QTextBrowser.setPlainText of the body). Goal: at most 3× the floor and
   under 100 ms. The article is synthetic and deterministic for a seed: about 7,000 words in 60
   paragraphs of the shipped treaty report's sentences, annotations of 2–14 words on word
   boundaries, every category, one in five overlapping another.
2. Cold start to the first article painted: `closeread`'s start-up path (QApplication, the
   store file checked, the start view read, the main window, the reader painted; the store
   itself opens after the first paint, desktop/first_paint.py) in a fresh interpreter, against a bare PySide6 window with a text view
   showing the same article in a fresh interpreter. Wall time from spawning the process to the
   child's first paint of the text, medians of interleaved runs. Goal: at most 1.5×.

Run from the repository root: ``python -m benchmarks.reader`` (``--runs N``, ``--starts N``).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ANNOTATIONS = 1_000
PARAGRAPHS = 60
OPEN_GOAL_RATIO = 3.0
OPEN_GOAL_MS = 100.0
START_GOAL_RATIO = 1.5


def synthetic_article(seed: int = 7):  # type: ignore[no-untyped-def]
    """A long article of real sentences with `ANNOTATIONS` annotations (deterministic)."""
    from corpus.library import library_folder
    from corpus.records import AnnotationRecord, ArticleRecord, TextPosition, TextQuote
    from corpus.vocabulary import CATEGORIES, VERDICTS

    source = (Path(str(library_folder())) / "russia-nk-ink-deal.yaml").read_text(encoding="utf-8")
    body_text = source.split("body: |-\n", 1)[1].split("\nannotations:", 1)[0]
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", " ".join(body_text.split())) if s.strip()]
    rng = random.Random(seed)
    paragraphs = [" ".join(rng.choice(sentences) for _ in range(rng.randint(5, 9))) for _ in range(PARAGRAPHS)]
    body = "\n\n".join(paragraphs)
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", body)]
    annotations = []
    step = len(words) // ANNOTATIONS
    for i in range(ANNOTATIONS):
        first = i * step + rng.randint(0, max(0, step // 3))
        length = rng.randint(2, 14)
        if i % 5 == 4:  # overlap the previous one
            first = max(0, first - rng.randint(2, 6))
        last = min(len(words) - 1, first + length - 1)
        start, end = words[first][0], words[last][1]
        category = CATEGORIES[i % len(CATEGORIES)]
        annotations.append(
            AnnotationRecord(
                id=f"bench-{i:04d}", article_id="bench", category=category,
                quote=TextQuote(body[start:end], "", ""), position=TextPosition(start, end),
                note=f"Note {i}: why these words matter.",
                verdict=VERDICTS[i % len(VERDICTS)] if category == "claim" else None,
            )
        )
    return ArticleRecord(id="bench", title="A long report with a thousand annotations", body=body,
                         outlet="benchmark.example", annotations=tuple(annotations))


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def bench_open(runs: int) -> dict[str, float]:
    """Median ms to show the annotated article, the same text without highlights, and a bare
    QTextBrowser; each until painted."""
    from dataclasses import replace

    from PySide6.QtWidgets import QApplication, QTextBrowser

    from desktop.views.reader import ReaderView

    app = QApplication.instance() or QApplication([])
    article = synthetic_article()
    plain = replace(article, annotations=())
    reader = ReaderView()
    reader.resize(1000, 800)
    reader.show()
    bare = QTextBrowser()
    bare.resize(1000, 800)
    bare.show()
    app.processEvents()

    def show(record) -> float:  # type: ignore[no-untyped-def]
        reader.set_article(None)
        app.processEvents()
        t0 = time.perf_counter()
        reader.set_article(record)
        reader.browser.viewport().repaint()
        elapsed = time.perf_counter() - t0
        app.processEvents()
        return elapsed

    def show_bare() -> float:
        bare.clear()
        app.processEvents()
        t0 = time.perf_counter()
        bare.setPlainText(article.title + "\n\n" + article.body)
        bare.viewport().repaint()
        elapsed = time.perf_counter() - t0
        app.processEvents()
        return elapsed

    for _ in range(3):  # warm up fonts, caches, the allocator
        show(article), show(plain), show_bare()
    annotated, floor, bare_floor = [], [], []
    for _ in range(runs):  # interleaved, so drift hits all three alike
        annotated.append(show(article))
        floor.append(show(plain))
        bare_floor.append(show_bare())
    reader.set_article(article)
    highlighted = len(reader.visible_annotations())
    reader.close()
    bare.close()
    return {
        "annotated_ms": _median_ms(annotated),
        "floor_ms": _median_ms(floor),
        "bare_ms": _median_ms(bare_floor),
        "highlighted": highlighted,
        "words": len(article.body.split()),
    }


_APP_CHILD = """
import sys, time
from PySide6.QtCore import QEvent, QObject
from desktop.app import make_application, build_main_window
app = make_application()
window = build_main_window(sys.argv[1])
class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and window.article_view is not None:
            sys.stdout.write("painted\\n"); sys.stdout.flush()
            app.quit()
        return False
watcher = Painted()
window.reader.browser.viewport().installEventFilter(watcher)
window.article_shown.connect(lambda _id: window.reader.browser.viewport().update())
window.show()
app.exec()
window.ctx.tasks.shutdown()
"""

_BARE_CHILD = """
import sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow, QTextBrowser
app = QApplication(sys.argv[:1])
window = QMainWindow()
text = QTextBrowser()
text.setPlainText(open(sys.argv[1], encoding="utf-8").read())
window.setCentralWidget(text)
window.resize(1400, 900)
class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            sys.stdout.write("painted\\n"); sys.stdout.flush()
            app.quit()
        return False
watcher = Painted()
text.viewport().installEventFilter(watcher)
window.show()
app.exec()
"""


def _time_child(code: str, arg: str, env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, arg], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=env)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - t0
    proc.wait(timeout=60)
    if line.strip() != "painted":
        raise RuntimeError(f"the child did not paint (exit {proc.returncode})")
    return elapsed


def bench_start(runs: int) -> dict[str, float]:
    """Median seconds from spawn to first paint: the app on an existing store vs a bare window."""
    from corpus.articles import get_article
    from desktop.session import open_store

    with tempfile.TemporaryDirectory(prefix="closeread-bench-") as tmp:
        root = Path(tmp)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(root / "config"),
               "XDG_DATA_HOME": str(root / "data"), "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
               # A second start of the day finds the app's bytecode cached, as the warm-up run
               # leaves it here; without this, PYTHONDONTWRITEBYTECODE in the caller's environment
               # made every timed run compile the app's own modules from source again.
               "PYTHONPYCACHEPREFIX": str(root / "pycache")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        db = root / "closeread.sqlite"
        store = open_store(str(db))  # created and migrated once: later starts are ordinary starts
        with store.sessions() as session:
            first = get_article(session, "nk-releases-deal-details")  # first by title: opened at start
        store.close()
        text_file = root / "article.txt"
        text_file.write_text(first.title + "\n\n" + first.body, encoding="utf-8")
        _time_child(_APP_CHILD, str(db), env)  # warm the OS file cache for both
        _time_child(_BARE_CHILD, str(text_file), env)
        app_times, bare_times = [], []
        for _ in range(runs):
            app_times.append(_time_child(_APP_CHILD, str(db), env))
            bare_times.append(_time_child(_BARE_CHILD, str(text_file), env))
        shutil.rmtree(root / "config", ignore_errors=True)
    return {"app_s": statistics.median(app_times), "bare_s": statistics.median(bare_times)}


def machine() -> str:
    """nproc and the CPU model, for the record."""
    model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs, {model}, Python {platform.python_version()}, {platform.system()}"


def budget_rows(quick: bool = False) -> list:  # type: ignore[type-arg]
    """The two DESIGN.md rows for `python -m benchmarks`: opening a 1,000-annotation article
    against the same text with no highlights, and the cold start against a bare window."""
    from benchmarks.budget import Row

    opened = bench_open(5 if quick else 15)
    measured, floor = opened["annotated_ms"] / 1000, opened["floor_ms"] / 1000
    started = bench_start(3 if quick else 7)
    return [
        Row(f"open an article with {ANNOTATIONS:,} annotations", measured, floor,
            f"≤ {OPEN_GOAL_RATIO:.0f}× and < {OPEN_GOAL_MS:.0f} ms",
            measured / floor <= OPEN_GOAL_RATIO and measured * 1000 < OPEN_GOAL_MS,
            note=f"floor: the same ReaderView with no highlights; a bare QTextBrowser.setPlainText "
                 f"takes {opened['bare_ms']:.1f} ms"),
        Row("cold start to the first article painted", started["app_s"], started["bare_s"],
            f"≤ {START_GOAL_RATIO}×", started["app_s"] / started["bare_s"] <= START_GOAL_RATIO,
            note="floor: a bare PySide6 window with a text view, in a fresh interpreter; see docs/performance.md"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed opens of each kind (default 15)")
    parser.add_argument("--starts", type=int, default=7, help="cold starts of each kind (default 7)")
    args = parser.parse_args(argv)
    import PySide6

    print(f"machine: {machine()}, PySide6 {PySide6.__version__}")
    opened = bench_open(args.runs)
    ratio = opened["annotated_ms"] / opened["floor_ms"]
    ok_open = ratio <= OPEN_GOAL_RATIO and opened["annotated_ms"] < OPEN_GOAL_MS
    print(f"open an article with {ANNOTATIONS} annotations ({opened['highlighted']} highlighted, "
          f"{opened['words']} words), until painted, median of {args.runs}:")
    print(f"  annotated            {opened['annotated_ms']:7.1f} ms")
    print(f"  floor: no highlights {opened['floor_ms']:7.1f} ms   ratio {ratio:.2f}x "
          f"(goal <= {OPEN_GOAL_RATIO:.0f}x and < {OPEN_GOAL_MS:.0f} ms): {'met' if ok_open else 'MISSED'}")
    print(f"  bare QTextBrowser    {opened['bare_ms']:7.1f} ms   ratio {opened['annotated_ms'] / opened['bare_ms']:.2f}x (context)")
    started = bench_start(args.starts)
    start_ratio = started["app_s"] / started["bare_s"]
    ok_start = start_ratio <= START_GOAL_RATIO
    print(f"cold start to the first article painted, median of {args.starts}:")
    print(f"  closeread            {started['app_s'] * 1000:7.0f} ms")
    print(f"  bare PySide6 window  {started['bare_s'] * 1000:7.0f} ms   ratio {start_ratio:.2f}x "
          f"(goal <= {START_GOAL_RATIO}x): {'met' if ok_start else 'MISSED'}")
    return 0 if ok_open and ok_start else 1


if __name__ == "__main__":
    sys.exit(main())
