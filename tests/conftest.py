"""Shared test setup: every test gets its own TRAINER_HOME, so none ever touches the real user data dir."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from trainer.speech.recognisers import Recogniser

#: Longest parameter value shown in a test id as it is; longer ones are shortened (a 1 MB YAML string once
#: became the id of a failing test and pytest printed it twice).
MAX_ID_CHARS = 32


def pytest_make_parametrize_id(config: pytest.Config, val: Any, argname: str) -> str | None:
    """A short readable id for a long parameter: its start, made printable, and its length."""
    if isinstance(val, bytes):
        val = val.decode("latin-1")
    if not isinstance(val, str) or len(val) <= MAX_ID_CHARS:
        return None  # pytest's own id
    head = re.sub(r"[^\w\[\]{}:,. -]", "?", val[:20])
    return f"{head}...({len(val)} chars)"


#: No test id may be longer than this (the ids above keep data out of them).
MAX_NODEID_CHARS = 240


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    too_long = [item.nodeid[:80] for item in items if len(item.nodeid) > MAX_NODEID_CHARS]
    if too_long:
        raise pytest.UsageError(f"test ids over {MAX_NODEID_CHARS} characters (give them ids=): {too_long[:3]}")


@pytest.fixture(autouse=True)
def trainer_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """TRAINER_HOME set to the test's tmp_path (autouse: no test ever writes to the real user dir)."""
    monkeypatch.setenv("TRAINER_HOME", str(tmp_path))
    return tmp_path


@pytest.fixture(scope="session")
def whisper() -> Recogniser:
    """The real faster-whisper tiny.en from the bundled package, loaded once for the whole test run."""
    from trainer.config import Settings
    from trainer.speech.recognisers import load_recogniser

    return load_recogniser(Settings(recogniser="fast"))
