"""Messages as tiny dataclasses: workers report to the UI thread with them, and screens ask the app for the next."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.message import Message

from trainer.core.key_messages import KeyMessageCheck
from trainer.core.models import AnswerScore, Pause
from trainer.core.probe import ProbeAnswer
from trainer.ui.history import History
from trainer.ui.options import PracticeOptions


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


#: the listener's reason when the countdown ended the recording
TIME_LIMIT = "time limit"


@dataclass
class AnswerHeard(Message):
    """The spoken answer ended and its final transcript is ready."""

    transcript: str
    audio_s: float
    speech_s: float
    reason: str
    error: str | None = None
    pauses: tuple[Pause, ...] = ()

    @property
    def used_s(self) -> float:
        """The answer's time: pace is measured over the speech itself; a recording cut by the clock used it all."""
        return self.audio_s if self.reason == TIME_LIMIT else (self.speech_s or self.audio_s)


@dataclass
class SavesChanged(Message):
    """Writes are waiting to be saved (a full disk, another program's lock), or no longer are."""

    waiting: int
    reason: str | None


@dataclass
class HistoryRead(Message):
    """The worker read the history (or could not: `error`)."""

    history: History | None
    error: str | None = None


@dataclass
class KeyMessageHistoryRead(Message):
    """The worker judged each session's answers against the key messages."""

    text: Text


@dataclass
class ProbeHeard(Message):
    """The spoken reply to a follow-up question has been transcribed."""

    text: str
    error: str | None = None


@dataclass
class ProbeScored(Message):
    """The reply to a follow-up question has been judged."""

    follow_up: ProbeAnswer


@dataclass
class KeyMessagesChecked(Message):
    """The worker judged the session's answers against the key messages."""

    checks: list[KeyMessageCheck]


# --- navigation: screens ask the app to open what comes next --------------------------------------------------


@dataclass
class StartPractice(Message):
    """Start a practice session with these options (the app says why, if it cannot)."""

    options: PracticeOptions
    #: keep Home's form (count, time limit, banks, typed) for the next run, once the session starts
    remember_form: bool = False


@dataclass
class StartDrill(Message):
    """Start a drill of the due weak answers; `early`: the ones due soonest, when none is due yet."""

    options: PracticeOptions
    early: bool = False


@dataclass
class OpenReview(Message):
    """Open history and progress."""


@dataclass
class NoticeOnce(Message):
    """A notice to show once per run (posted by workers, which must not touch the UI themselves)."""

    key: str
    text: str
