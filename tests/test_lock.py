"""The lock guards every install: one uv version everywhere, and CI fails in one line on a stale uv.lock."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAKEFILE = (ROOT / "Makefile").read_text()
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
UV = ROOT / ".venv" / "bin" / "uv"


def make_variable(name: str) -> str:
    match = re.search(rf"^{name}\s*:?=\s*(.*?)\s*$", MAKEFILE, re.M)
    assert match, f"no {name} in the Makefile"
    return match[1]


def make_target(name: str) -> tuple[list[str], str]:
    """The target's prerequisites (order-only ones left out) and its recipe."""
    match = re.search(rf"^{name}:([^|\n]*).*\n((?:\t.*\n)*)", MAKEFILE, re.M)
    assert match, f"no {name} target in the Makefile"
    return match[1].split(), match[2]


def test_one_uv_version_in_the_makefile_pyproject_and_lock() -> None:
    makefile = make_variable("UV_VERSION")
    pins = [r.split("==", 1)[1] for r in PYPROJECT["project"]["optional-dependencies"]["dev"] if r.startswith("uv==")]
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    locked = [p["version"] for p in lock["package"] if p["name"] == "uv"]
    assert pins == [makefile], "pyproject.toml's dev extra pins another uv than the Makefile's UV_VERSION"
    assert locked == [makefile], "uv.lock holds another uv than the Makefile's UV_VERSION: run `make lock`"


def test_the_installed_uv_is_the_pinned_one() -> None:
    assert version("uv") == make_variable("UV_VERSION")


def test_ci_runs_make_test_which_checks_the_lock_first() -> None:
    commands = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert "make test" in commands, ".ci/run must run `make test`, nothing weaker"
    prerequisites, _ = make_target("test")
    assert prerequisites[0] == "check-lock", "`make test` checks the lock before anything else"
    _, recipe = make_target("check-lock")
    assert "uv lock --locked" in recipe


def check_lock(folder: Path) -> subprocess.CompletedProcess[str]:
    """`make check-lock` on the copy in `folder`, with this checkout's uv and no network."""
    env = {**os.environ, "UV_OFFLINE": "1", "UV_NO_PROGRESS": "1"}
    env.pop("MAKEFLAGS", None)  # `make test` runs pytest: its flags are not for this make
    return subprocess.run(
        ["make", "-s", "--no-print-directory", "check-lock", f"VENV={ROOT / '.venv'}"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.skipif(not UV.exists() or not shutil.which("make"), reason="needs `make install` (the pinned uv)")
def test_a_dependency_changed_without_relocking_fails_the_lock_check_in_one_line(tmp_path: Path) -> None:
    for name in ("Makefile", "pyproject.toml", "uv.lock"):
        shutil.copy(ROOT / name, tmp_path / name)
    assert check_lock(tmp_path).returncode == 0, "the committed uv.lock is stale: run `make lock`"

    pinned = next(r for r in PYPROJECT["project"]["dependencies"] if re.fullmatch(r"[\w.-]+==[\w.]+", r))
    pyproject = (tmp_path / "pyproject.toml").read_text()
    (tmp_path / "pyproject.toml").write_text(pyproject.replace(f'"{pinned}"', f'"{pinned}.post1"', 1))
    done = check_lock(tmp_path)
    assert done.returncode != 0
    assert done.stdout.count("\n") == 1, done.stdout
    assert done.stdout.startswith("uv.lock does not match pyproject.toml: run 'make lock'")
