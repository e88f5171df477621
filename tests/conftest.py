"""Shared test setup: every test gets its own TRAINER_HOME, so none ever touches the real user data dir."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.speech.stt import Transcriber


@pytest.fixture(autouse=True)
def trainer_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """TRAINER_HOME set to the test's tmp_path (autouse: no test ever writes to the real user dir)."""
    monkeypatch.setenv("TRAINER_HOME", str(tmp_path))
    return tmp_path


@pytest.fixture(scope="session")
def whisper() -> Transcriber:
    """The real faster-whisper tiny.en from the bundled package, loaded once for the whole test run."""
    from trainer.config import Settings
    from trainer.speech.stt import load_transcriber

    return load_transcriber(Settings())
