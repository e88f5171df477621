"""Helpers shared by the reliability tests: run trainer in a process or in-process, check one-line errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner, Result

from trainer.cli import main

REPO = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def env_for(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a trainer subprocess: its own TRAINER_HOME, this checkout importable."""
    env = {k: v for k, v in os.environ.items() if k not in ("TRAINER_DEBUG", "PYTEST_CURRENT_TEST")}
    env.update(TRAINER_HOME=str(home), PYTHONPATH=str(REPO), **extra)
    return env


def run_trainer(
    home: Path, *args: str, stdin: str | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """`python -m trainer ARGS` as a real process."""
    return subprocess.run(
        [PYTHON, "-m", "trainer", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env_for(home),
        cwd=REPO,
    )


def invoke(*args: str, input: str | bytes | None = None) -> Result:
    """The CLI in this process (fast): exceptions are not caught for us, so a traceback fails the test."""
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def assert_one_line_error(code: int, stderr: str, *fragments: str) -> None:
    """Exit 1 and exactly one line on stderr, `trainer: ...`, naming what is wrong; never a traceback."""
    lines = stderr.strip().splitlines()
    assert code == 1, f"exit {code}, stderr {stderr!r}"
    assert len(lines) == 1, f"expected one line on stderr, got {lines!r}"
    assert lines[0].startswith("trainer: ")
    assert "Traceback" not in stderr and "unexpected error" not in stderr
    for fragment in fragments:
        assert fragment in lines[0], f"{fragment!r} not in {lines[0]!r}"
