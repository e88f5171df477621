"""Progress over the saved answers: history filters, points per session, delivery over time, streak, agreement."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from trainer.core.models import Attempt


@dataclass(frozen=True)
class HistoryFilter:
    """Which saved answers the history shows."""

    weak_only: bool = False
    #: a bank's name, or None for every bank
    bank: str | None = None
    #: a question's id, or None for every question
    question_id: str | None = None

    def matches(self, attempt: Attempt) -> bool:
        """True when the answer passes every filter that is set."""
        if self.weak_only and not attempt.score.weak:
            return False
        if self.bank is not None and attempt.question.bank != self.bank:
            return False
        return self.question_id is None or attempt.question.id == self.question_id


def filter_attempts(attempts: Iterable[Attempt], wanted: HistoryFilter) -> list[Attempt]:
    """The answers that pass the filter, in the order given."""
    return [a for a in attempts if wanted.matches(a)]


@dataclass(frozen=True)
class SessionPoints:
    """How many talking points one session's answers made, of how many asked for."""

    session_id: int | None
    started_at: datetime
    made: int
    possible: int
    answers: int


def points_per_session(attempts: Iterable[Attempt]) -> list[SessionPoints]:
    """Points made in each session, oldest session first (a session starts at its first answer)."""
    groups: dict[int | None, list[Attempt]] = {}
    for attempt in attempts:
        groups.setdefault(attempt.session_id, []).append(attempt)
    sessions = [
        SessionPoints(
            session_id=session_id,
            started_at=min(a.started_at for a in group),
            made=sum(a.score.points_made for a in group),
            possible=sum(len(a.score.points) for a in group),
            answers=len(group),
        )
        for session_id, group in groups.items()
    ]
    return sorted(sessions, key=lambda s: (s.started_at, s.session_id or 0))


def fillers_over_time(attempts: Iterable[Attempt]) -> list[tuple[datetime, float]]:
    """(when, filler words a minute) for every spoken answer whose length is known, oldest first."""
    points = [(a.ended_at, a.score.delivery.fillers_per_min) for a in attempts]
    return sorted((moment, value) for moment, value in points if value is not None)


def pace_over_time(attempts: Iterable[Attempt]) -> list[tuple[datetime, float]]:
    """(when, words a minute) for every spoken answer, oldest first (typing speed says nothing of pace)."""
    points = [(a.ended_at, a.score.delivery.wpm) for a in attempts]
    return sorted((moment, value) for moment, value in points if value is not None)


def practice_days(moments: Iterable[datetime], tz: tzinfo | None = None) -> set[date]:
    """The calendar days (in `tz`; None: local time) on which anything was answered."""
    return {moment.astimezone(tz).date() for moment in moments}


def streak(moments: Iterable[datetime], now: datetime, tz: tzinfo | None = None) -> int:
    """Consecutive days with at least one answer, up to today.

    A day not yet practised does not break the streak until it is over: with nothing yet today, the
    streak is the one that ended yesterday.
    """
    days = practice_days(moments, tz)
    day = now.astimezone(tz).date()
    if day not in days:
        day -= timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


@dataclass(frozen=True)
class Agreement:
    """How often the user let the trainer's verdict stand, and how they answered the unsure ones.

    Every ticked or crossed verdict counts: left as it was, it is agreement (the user saw it and did not
    flip it); flipped, disagreement. Unsure verdicts are counted apart, by the user's answer.
    """

    agreed: int
    verdicts: int
    unsure_made: int = 0
    unsure_missed: int = 0
    unsure_open: int = 0

    @property
    def flipped(self) -> int:
        """Verdicts the user overrode."""
        return self.verdicts - self.agreed

    @property
    def share(self) -> float | None:
        """The share of ticked or crossed verdicts not overridden, 0 to 1; None before any verdict."""
        return self.agreed / self.verdicts if self.verdicts else None

    @property
    def unsure(self) -> int:
        """Verdicts the trainer left to the user."""
        return self.unsure_made + self.unsure_missed + self.unsure_open


def agreement(attempts: Sequence[Attempt]) -> Agreement:
    """Verdicts the user left as the trainer gave them, of all ticked or crossed verdicts given."""
    verdicts = [v for a in attempts for v in a.score.points]
    sure = [v for v in verdicts if not v.unsure]
    unsure = [v for v in verdicts if v.unsure]
    return Agreement(
        agreed=sum(not v.overridden for v in sure),
        verdicts=len(sure),
        unsure_made=sum(v.overridden and v.covered for v in unsure),
        unsure_missed=sum(v.overridden and not v.covered for v in unsure),
        unsure_open=sum(not v.overridden for v in unsure),
    )
