"""`closeread quiz print QUIZ_ID --out FILE.pdf [--answer-key] [--paper a4|letter]`.

The `quiz` command group may belong to another module (desktop/cli_quizzes.py adds `quiz new`
and more). This module adds its `print` action to that group when the group is registered
before it (`_load_extensions` imports this module last), and registers a `quiz` group holding
only `print` otherwise. `add_print_parser(subparsers)` is the hook for a group built elsewhere.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from corpus.errors import CloseReadError
from desktop.cli import SUBCOMMANDS, UsageError, _store, subcommand

__all__ = ["add_print_parser", "cmd_quiz_print"]


def cmd_quiz_print(args: argparse.Namespace) -> int:
    """Write a saved quiz (or its answer key) to a PDF laid out for paper."""
    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        raise UsageError(f"--out {out}: the file name should end in .pdf")
    if not out.parent.exists():
        raise CloseReadError(f"{out.parent}: no such folder")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # printing never shows a window
    from PySide6.QtGui import QGuiApplication

    from desktop.operations.quizzes import load_printable
    from desktop.quiz.print import write_pdf

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    store = _store(args)
    try:
        with store.sessions() as session:
            printable = load_printable(session, args.quiz_id)
    finally:
        store.close()
    pages = write_pdf(printable, out, answer_key=args.answer_key, paper=args.paper)
    what = "answer key" if args.answer_key else "quiz"
    sys.stdout.write(f"Wrote the {what} “{printable.quiz.title}” to {out} ({pages} page{'s' if pages != 1 else ''}).\n")
    return 0


def _configure_print(p: argparse.ArgumentParser) -> None:
    p.add_argument("quiz_id", type=int, metavar="QUIZ_ID", help="the saved quiz's number")
    p.add_argument("--out", required=True, metavar="FILE.pdf", help="the PDF to write")
    p.add_argument("--answer-key", action="store_true", help="print the answer key (with explanations)")
    p.add_argument("--paper", choices=["a4", "letter"], default="a4", help="paper size (default a4)")


def add_print_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add `print` to a `quiz` command group's subparsers."""
    help_text = "print a quiz, or its answer key, to a PDF for paper"
    p = subparsers.add_parser("print", help=help_text, description=help_text[:1].upper() + help_text[1:] + ".")
    _configure_print(p)
    p.set_defaults(handler=cmd_quiz_print)  # overrides the group's handler for this action
    return p


def _group_subparsers(p: argparse.ArgumentParser) -> Any:
    found = next((a for a in p._actions if isinstance(a, argparse._SubParsersAction)), None)
    if found is None:
        found = p.add_subparsers(dest="quiz_command", metavar="ACTION", parser_class=type(p))
    return found


def _with_print(configure: Callable[[argparse.ArgumentParser], None]) -> Callable[[argparse.ArgumentParser], None]:
    def both(p: argparse.ArgumentParser) -> None:
        configure(p)
        add_print_parser(_group_subparsers(p))

    return both


def _configure_group(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="quiz_command", metavar="ACTION", parser_class=type(p))
    sub.required = True
    add_print_parser(sub)


def _group_handler(args: argparse.Namespace) -> int:  # pragma: no cover - argparse requires an action
    raise UsageError("closeread quiz: choose an action (see `closeread quiz --help`)")


def _install() -> None:
    for i, (name, help_text, configure, handler) in enumerate(SUBCOMMANDS):
        if name == "quiz":
            if getattr(configure, "__name__", "") != "both":
                SUBCOMMANDS[i] = (name, help_text, _with_print(configure), handler)
            return
    subcommand("quiz", "quizzes: print a quiz or its answer key to PDF", _configure_group)(_group_handler)


_install()
