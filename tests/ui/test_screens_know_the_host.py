"""Screens and widgets reach the app only through `Host` and messages: none imports the app module (not even
for annotations), and no worker calls into the UI from its thread."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

UI = Path(__file__).resolve().parents[2] / "trainer" / "ui"
SCREENS_AND_WIDGETS = sorted([*(UI / "screens").glob("*.py"), *(UI / "widgets").glob("*.py")])


def imported_modules(path: Path) -> set[str]:
    """Every module `path` imports, wherever the import is (a function, `if TYPE_CHECKING:`)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


@pytest.mark.parametrize("path", SCREENS_AND_WIDGETS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_screen_or_widget_imports_the_app(path: Path) -> None:
    assert "trainer.ui.app" not in imported_modules(path)


@pytest.mark.parametrize("path", sorted(UI.rglob("*.py")), ids=lambda p: str(p.relative_to(UI)))
def test_workers_report_by_message_not_by_calling_into_the_ui(path: Path) -> None:
    calls = [
        node
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute) and node.attr == "call_from_thread"
    ]
    assert not calls
