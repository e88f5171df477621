"""Real speech engines for the speech tests: one whisper model per session, espeak-ng answers made on the fly."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from speech_support import RecordingOutput

from trainer.speech.espeak_voice import Pyttsx3Voice


@pytest.fixture(scope="session")
def voice() -> Iterator[Pyttsx3Voice]:
    """The real pyttsx3 + espeak-ng voice, used to make answer WAVs."""
    voice = Pyttsx3Voice(output=RecordingOutput(speed=1000))
    yield voice
    voice.close()


@pytest.fixture(scope="session")
def say_to_wav(voice: Pyttsx3Voice, tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """Render text to a WAV in a session temp dir (each text once)."""
    folder = tmp_path_factory.mktemp("espeak")
    made: dict[str, Path] = {}

    def render(text: str) -> Path:
        if text not in made:
            path = folder / f"answer-{len(made)}.wav"
            voice.save_to_wav(text, path)
            made[text] = path
        return made[text]

    return render
