"""Shared by the reliability tests: the real `trainer` in a subprocess, and what every failure must look like."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def lexical(trainer_home: Path) -> Path:
    """Lexical scoring (no NLI model load): these tests are about input and files, not the model."""
    (trainer_home / "config.yaml").write_text("use_judge: false\n", encoding="utf-8")
    return trainer_home
