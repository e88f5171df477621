"""Messages that workers post back to the UI thread, as tiny dataclasses."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from trainer.core.models import AnswerScore


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
