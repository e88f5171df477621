"""What a practice session is made of: chosen on Home or in the bank browser, or given as `trainer practice` flags."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from trainer.config import Settings, whole_range

#: The questions a session may have, and the seconds an answer may take (Home's form)
QUESTION_COUNT = whole_range("question_count")
TIME_LIMIT_S = whole_range("time_limit_s")


@dataclass(frozen=True)
class PracticeOptions:
    """What a practice session is made of, from the home screen or `trainer practice`."""

    banks: tuple[str, ...] = ()
    count: int = 5
    time_limit: int | None = None
    minutes: int | None = None
    typed: bool = True
    mute: bool = False
    audio_in: tuple[Path, ...] = ()
    #: exactly these questions, in this order (picked in the bank browser); `banks` and `count` are then unused
    question_ids: tuple[str, ...] = ()
    #: recorded with the session: "practice" or "drill"
    mode: str = "practice"
    #: ask a weakly answered question again at the end of the session (off for scripted --audio-in files)
    retry_weak: bool = False
    #: the session's goal, a key of core.goals.GOALS (set on Home); the summary says whether it was met
    goal: str | None = None

    @classmethod
    def from_cli(
        cls,
        settings: Settings,
        *,
        banks: Sequence[str] = (),
        count: int | None = None,
        time_limit: int | None = None,
        minutes: int | None = None,
        typed: bool = False,
        mute: bool = False,
        audio_in: Sequence[Path] = (),
        question_ids: Sequence[str] = (),
    ) -> PracticeOptions:
        """Options from command-line flags, falling back on the user's settings."""
        if question_ids:
            count = len(question_ids)
        elif audio_in:
            # one question per file: the files answer the questions in turn
            count = min(count or len(audio_in), len(audio_in))
        return cls(
            banks=tuple(banks),
            count=count or settings.question_count,
            time_limit=time_limit,
            minutes=minutes or settings.session_minutes,
            typed=typed,
            mute=mute or settings.mute,
            audio_in=tuple(audio_in),
            question_ids=tuple(question_ids),
            # files answer the questions in turn, so a question asked again would have no file of its own
            retry_weak=not audio_in,
        )
