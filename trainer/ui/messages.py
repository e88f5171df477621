"""Messages that workers post back to the UI thread, as tiny dataclasses."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from trainer.core.models import AnswerScore, Pause


@dataclass
class AnswerScored(Message):
    """The verdict on an answer is ready."""

    answer: str
    score: AnswerScore
    transcript: str | None = None


@dataclass
class EngineStatus(Message):
    """A background engine (the entailment judge, the recogniser, the voice) changed state."""

    engine: str
    status: str
    detail: str = ""


@dataclass
class QuestionSpoken(Message):
    """The voice finished (or could not) read the question aloud."""

    spoken: bool
    reason: str = ""


@dataclass
class AudioLevel(Message):
    """The microphone's input level, 0 to 1."""

    level: float


@dataclass
class PhraseHeard(Message):
    """A phrase was transcribed while the user keeps talking."""

    phrase: str
    transcript: str


@dataclass
class AnswerHeard(Message):
    """The spoken answer ended and its final transcript is ready."""

    transcript: str
    audio_s: float
    speech_s: float
    reason: str
    error: str | None = None
    pauses: tuple[Pause, ...] = ()


@dataclass
class SavesChanged(Message):
    """Writes are waiting to be saved (a full disk, another program's lock), or no longer are."""

    waiting: int
    reason: str | None
