"""A practice session as a state machine: question -> answering -> scoring -> scored -> next, with no UI in it."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from trainer.core.errors import TrainerError
from trainer.core.models import DEFAULT_TIME_LIMIT_S, AnswerScore, Attempt, Bank, Question

Clock = Callable[[], datetime]

#: How often a weakly answered question comes back within one session: once, later, is the spaced retry;
#: more would turn the session into drilling one question, which the schedule does on later days instead.
MAX_RETURNS = 1


class Phase(Enum):
    """Where the session is."""

    QUESTION = "question"  # the question is shown (and spoken); the answer has not started
    ANSWERING = "answering"  # the countdown runs
    SCORING = "scoring"  # the answer is in; its verdict is being worked out
    SCORED = "scored"  # the verdict is shown
    FINISHED = "finished"


class SessionError(TrainerError):
    """An action that the session's phase does not allow (a bug in the caller, not the user's doing)."""


@dataclass(frozen=True)
class AnswerTiming:
    """How long an answer took against its limit."""

    duration_s: float
    time_limit_s: float
    timed_out: bool


def pick_questions(banks: Sequence[Bank], count: int, rng: random.Random | None = None) -> list[Question]:
    """Up to `count` questions from the banks, shuffled, no question twice."""
    pool: dict[str, Question] = {}
    for bank in banks:
        for question in bank.questions:
            pool.setdefault(question.id, question)
    questions = list(pool.values())
    (rng or random.Random()).shuffle(questions)
    return questions[: max(0, count)]


class PracticeSession:
    """The questions of one session and the answers given, driven by the UI and an injectable clock."""

    def __init__(
        self,
        questions: Sequence[Question],
        *,
        clock: Clock,
        default_time_limit: int = DEFAULT_TIME_LIMIT_S,
        time_limit: int | None = None,
        session_minutes: float | None = None,
        retry_weak: bool = False,
        goal: str | None = None,
    ) -> None:
        if not questions:
            raise TrainerError("no questions to practise: choose a bank that has some")
        self.questions: list[Question] = list(questions)
        self.clock = clock
        self.default_time_limit = default_time_limit
        #: a limit for every answer that overrides the question's and its bank's (--time-limit)
        self.time_limit_override = time_limit
        self.session_minutes = session_minutes
        #: a weakly answered question is asked again at the end of the session (see `requeue`)
        self.retry_weak = retry_weak
        #: what the user set out to do this session (a key of core.goals.GOALS), judged in the summary
        self.goal = goal
        self.started_at = clock()
        self.phase = Phase.QUESTION
        self.index = 0
        self.attempts: list[Attempt] = []
        self.skipped: list[Question] = []
        self._answer_started: datetime | None = None
        self._timing: AnswerTiming | None = None
        self._returns: dict[str, int] = {}

    # --- what is on screen -----------------------------------------------------------------------------

    @property
    def current(self) -> Question:
        """The question being asked."""
        return self.questions[min(self.index, len(self.questions) - 1)]

    @property
    def position(self) -> tuple[int, int]:
        """(number of the current question from 1, how many in all)."""
        return self.index + 1, len(self.questions)

    def time_limit_for(self, question: Question) -> int:
        """Seconds allowed: --time-limit, else the question's (or its bank's), else the default."""
        return self.time_limit_override or question.time_limit or self.default_time_limit

    @property
    def time_limit(self) -> int:
        """Seconds allowed for the current answer."""
        return self.time_limit_for(self.current)

    def elapsed(self) -> float:
        """Seconds since the answer started (0 before it starts)."""
        if self._answer_started is None:
            return 0.0
        if self._timing is not None:
            return self._timing.duration_s
        return max(0.0, (self.clock() - self._answer_started).total_seconds())

    def remaining(self) -> float:
        """Seconds left for the current answer."""
        return max(0.0, self.time_limit - self.elapsed())

    @property
    def timed_out(self) -> bool:
        """True once the countdown has reached zero while answering."""
        return self.phase is Phase.ANSWERING and self.remaining() <= 0

    @property
    def out_of_session_time(self) -> bool:
        """True when the optional session length has been used up."""
        if not self.session_minutes:
            return False
        return (self.clock() - self.started_at).total_seconds() >= self.session_minutes * 60

    @property
    def last_attempt(self) -> Attempt | None:
        """The most recent scored answer."""
        return self.attempts[-1] if self.attempts else None

    # --- transitions -------------------------------------------------------------------------------------

    def _expect(self, *phases: Phase) -> None:
        if self.phase not in phases:
            allowed = ", ".join(p.value for p in phases)
            raise SessionError(f"cannot do that while {self.phase.value} (only while {allowed})")

    def start_answer(self) -> None:
        """Start the countdown."""
        self._expect(Phase.QUESTION)
        self._answer_started = self.clock()
        self._timing = None
        self.phase = Phase.ANSWERING

    def stop_answer(self, duration_s: float | None = None) -> AnswerTiming:
        """End the answer (by the user or at zero); its timing is what scoring needs.

        A spoken answer passes the length of its recording, which is what its pace is measured on.
        """
        self._expect(Phase.ANSWERING)
        limit = float(self.time_limit)
        used = min(self.elapsed() if duration_s is None else max(0.0, duration_s), limit)
        self._timing = AnswerTiming(duration_s=used, time_limit_s=limit, timed_out=used >= limit)
        self.phase = Phase.SCORING
        return self._timing

    def record(self, answer: str, score: AnswerScore, *, transcript: str | None = None) -> Attempt:
        """Keep the scored answer; the caller saves it at once."""
        self._expect(Phase.SCORING)
        assert self._answer_started is not None and self._timing is not None
        ended = self._answer_started + timedelta(seconds=self._timing.duration_s)
        attempt = Attempt(
            question=self.current,
            answer=answer,
            score=score,
            started_at=self._answer_started,
            ended_at=ended,
            transcript=transcript,
        )
        self.attempts.append(attempt)
        self.phase = Phase.SCORED
        return attempt

    def start_rescore(self) -> AnswerTiming:
        """Score the last answer again (the user fixed a misheard word); its timing stays the same."""
        self._expect(Phase.SCORED)
        assert self._timing is not None
        self.phase = Phase.SCORING
        return self._timing

    def rescored(self, attempt: Attempt) -> None:
        """Keep the re-scored version of the last answer."""
        self._expect(Phase.SCORING)
        self.replace_last(attempt)
        self.phase = Phase.SCORED

    def replace_last(self, attempt: Attempt) -> None:
        """Swap in a changed copy of the last attempt (e.g. with its saved id, or a verdict the user flipped)."""
        if not self.attempts:
            raise SessionError("no answer to change")
        self.attempts[-1] = attempt

    def requeue(self, question: Question) -> bool:
        """Ask `question` again at the end of the session.

        False when it is already waiting, has come back `MAX_RETURNS` times, or the session is over.
        """
        if self.phase is Phase.FINISHED or self._pending(question) is not None:
            return False
        if self._returns.get(question.id, 0) >= MAX_RETURNS:
            return False
        self.questions.append(question)
        self._returns[question.id] = self._returns.get(question.id, 0) + 1
        return True

    def cancel_requeue(self, question: Question) -> bool:
        """Take back a return that `requeue` added and that has not been asked yet (the answer proved good)."""
        index = self._pending(question)
        if index is None or not self._returns.get(question.id):
            return False
        del self.questions[index]
        self._returns[question.id] -= 1
        return True

    def _pending(self, question: Question) -> int | None:
        later = range(len(self.questions) - 1, self.index, -1)
        return next((i for i in later if self.questions[i].id == question.id), None)

    def retry(self) -> None:
        """Answer the same question again (the earlier answer stays saved)."""
        self._expect(Phase.SCORED)
        self._reset_answer()
        self.phase = Phase.QUESTION

    def skip(self) -> None:
        """Leave the current question unanswered and move on."""
        self._expect(Phase.QUESTION, Phase.ANSWERING)
        self.skipped.append(self.current)
        self._advance()

    def next(self) -> None:
        """Move on after a verdict; finishes after the last question or when session time is up."""
        self._expect(Phase.SCORED)
        self._advance()

    def end(self) -> None:
        """End the session early; answers already scored are kept."""
        self._reset_answer()
        self.phase = Phase.FINISHED

    def _advance(self) -> None:
        self._reset_answer()
        if self.index + 1 >= len(self.questions) or self.out_of_session_time:
            self.phase = Phase.FINISHED
            return
        self.index += 1
        self.phase = Phase.QUESTION

    def _reset_answer(self) -> None:
        self._answer_started = None
        self._timing = None
