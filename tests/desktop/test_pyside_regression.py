"""Guard against the PySide6 6.12.0 + Python 3.11 crash (STYLE.md "Known trap").

PySide6-Essentials 6.12.0 on CPython 3.11 drops a reference to None on each call of a void
wrapped setter (`QTextCursor.setPosition`, `QTextCharFormat.setBackground`, ...) and the
interpreter aborts with "Fatal Python error: none_dealloc" after a few thousand calls
(research/annotation-anchors.md §A7.4). Highlighting makes exactly these calls, so this test
makes 20,000 of them. It runs them in a child interpreter: an abort there is a failed test here,
not a dead test run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

CALLS = 20_000

SCRIPT = textwrap.dedent(
    f"""
    import sys
    from PySide6.QtGui import QColor, QGuiApplication, QTextCharFormat, QTextCursor, QTextDocument

    app = QGuiApplication([])
    document = QTextDocument()
    document.setPlainText("Russia and North Korea ink a deal. " * 200)
    length = document.characterCount() - 1
    cursor = QTextCursor(document)
    colours = [QColor("#B8D6E5"), QColor("#F3D0B3"), QColor("#B8E2D3")]
    none_before = sys.getrefcount(None)
    cursor.beginEditBlock()
    for i in range({CALLS}):
        start = (i * 7) % (length - 12)
        cursor.setPosition(start)
        cursor.setPosition(start + 10, QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        fmt.setBackground(colours[i % 3])
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
        cursor.mergeCharFormat(fmt)
    cursor.endEditBlock()
    none_after = sys.getrefcount(None)
    print("calls", {CALLS}, "none-refcount-delta", none_after - none_before)
    """
)


def test_twenty_thousand_highlight_calls_do_not_crash() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )
    assert result.returncode == 0, (
        f"highlighting {CALLS} times killed the interpreter (exit {result.returncode}); "
        f"is this PySide6 6.12.0 on Python 3.11?\n{result.stderr[-2000:]}"
    )
    assert f"calls {CALLS}" in result.stdout
    # A binding that leaks a reference to None per call shows it long before the abort
    # (None is immortal from Python 3.12 on, so there the delta is always about 0).
    delta = int(result.stdout.split("none-refcount-delta")[1])
    assert delta > -1000, f"None lost {-delta} references in {CALLS} highlight calls"
