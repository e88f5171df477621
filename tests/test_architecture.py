"""The shape of the house (ARCHITECTURE.md): no import cycle, small modules, screens that do not know the app.

import-linter checks the layers (test_import_layers.py); these are the rules it cannot say.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "trainer"
#: A module longer than this does more than one job: split it
MAX_LINES = 400


@cache
def _graph(*, with_type_checking: bool) -> grimp.ImportGraph:
    # type-checking imports are annotations only: they make no cycle at run time, but a screen must not
    # name the app even there
    return grimp.build_graph("trainer", exclude_type_checking_imports=not with_type_checking, cache_dir=None)


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Every strongly connected group of modules (Tarjan), biggest first: each one is an import cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(start: str) -> None:
        # iterative, so a deep chain of imports cannot overflow Python's stack
        work = [(start, iter(sorted(graph.find_modules_directly_imported_by(start))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            module, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                elif child in on_stack:
                    low[module] = min(low[module], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[module])
            if low[module] == index[module]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == module:
                        break
                if len(group) > 1:
                    found.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return sorted(found, key=len, reverse=True)


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = grimp.ImportGraph()
    for name in ("a", "a.x", "a.y", "a.z"):
        graph.add_module(name)
    graph.add_import(importer="a.x", imported="a.y")
    graph.add_import(importer="a.y", imported="a.x")
    graph.add_import(importer="a.z", imported="a.x")
    assert _cycles(graph) == [["a.x", "a.y"]]


def test_trainer_has_no_import_cycle() -> None:
    cycles = _cycles(_graph(with_type_checking=False))
    assert cycles == [], "import cycles: " + "; ".join(" <-> ".join(c) for c in cycles)


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_is_over_the_line_limit(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines (at most {MAX_LINES}): split it"


def test_no_screen_or_widget_imports_the_app() -> None:
    graph = _graph(with_type_checking=True)
    importers = graph.find_modules_that_directly_import("trainer.ui.app")
    below = sorted(m for m in importers if m.startswith(("trainer.ui.screens", "trainer.ui.widgets")))
    assert below == [], f"these import trainer.ui.app (ask the host, or post a message): {below}"


def test_the_cli_is_a_package() -> None:
    assert (PACKAGE / "cli" / "__init__.py").is_file()
    assert not list(PACKAGE.glob("cli_*.py")), "CLI modules belong in trainer/cli/"


def _contract_names() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    names: set[str] = set()
    for contract in config["tool"]["importlinter"]["contracts"]:
        for key in ("layers", "source_modules", "modules", "containers"):
            for entry in contract.get(key, []):
                names.update(part.strip().strip("()") for part in entry.split("|"))
    return names


def test_every_top_level_module_is_in_a_contract() -> None:
    top_level = {
        f"trainer.{p.stem if p.is_file() else p.name}"
        for p in PACKAGE.iterdir()
        if (p.suffix == ".py" and p.stem not in {"__init__", "__main__"}) or (p / "__init__.py").is_file()
    }
    missing = sorted(top_level - _contract_names())
    assert missing == [], f"name these in an import-linter contract in pyproject.toml: {missing}"
