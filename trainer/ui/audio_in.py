"""Where spoken answers come from: the microphone, or files that answer the questions in turn (`--audio-in`).

Chosen when the app is built (`make_app(audio=...)`), never inside a screen, so tests and scripts can
hand in their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from speech_recognition import AudioSource


class AudioIn(Protocol):
    """Opens a source of speech for an answer or a reply, with a label for the recording panel."""

    def answer(self, number: int) -> tuple[AudioSource, str]:
        """The source for the answer to the session's question at `number` (0 for the first)."""
        ...

    def reply(self) -> tuple[AudioSource, str]:
        """The source for the reply to a follow-up question."""
        ...


class Microphone:
    """Every answer and reply from the microphone (opened only when recording starts)."""

    def answer(self, number: int) -> tuple[AudioSource, str]:
        return self.reply()

    def reply(self) -> tuple[AudioSource, str]:
        from trainer.speech.capture import MicrophoneSource

        return MicrophoneSource(), "microphone"


class AnswerFiles(Microphone):
    """Each answer replayed in real time from its file, in turn (the last file again past the end); replies
    to follow-up questions still come from the microphone."""

    def __init__(self, files: Sequence[Path]) -> None:
        self.files = tuple(files)

    def answer(self, number: int) -> tuple[AudioSource, str]:
        from trainer.speech.capture import LiveFileSource

        path = self.files[min(number, len(self.files) - 1)]
        return LiveFileSource(path), f"from {path.name}"
