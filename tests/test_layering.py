"""The one-way layers (STYLE.md rule 1): corpus ← quizzes ← desktop; Qt only in desktop."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# The documented exception: Alembic's environment needs the full metadata.
EXEMPT = {REPO / "corpus" / "store" / "migrations" / "env.py"}

FORBIDDEN = {
    "corpus": ("PySide6", "shiboken6", "desktop", "quizzes"),
    "quizzes": ("PySide6", "shiboken6", "desktop"),
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "import_module" and node.args:
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                names.add(arg.value)
    return names


def test_core_packages_never_import_upwards() -> None:
    wrong = []
    for package, forbidden in FORBIDDEN.items():
        for path in sorted((REPO / package).rglob("*.py")):
            if path in EXEMPT:
                continue
            for name in imported_modules(path):
                if name.split(".")[0] in forbidden:
                    wrong.append(f"{path.relative_to(REPO)} imports {name}")
    assert wrong == []


def test_the_checker_catches_a_wrong_arrow(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6.QtCore import QObject\nimport desktop.app\n", encoding="utf-8")
    assert {"PySide6.QtCore", "desktop.app"} <= imported_modules(bad)
