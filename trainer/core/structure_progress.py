"""Progress on how answers are built: STAR completeness, measurable results and hedges, session by session."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from trainer.core.models import Attempt


@dataclass(frozen=True)
class SessionStructure:
    """One session's behavioural answers: how many STAR parts they told, how many results were measurable."""

    session_id: int | None
    started_at: datetime
    #: behavioural (stock) answers that were not empty
    answers: int
    #: STAR parts told, summed over those answers (each has four)
    parts: int
    #: answers whose result had a number, a time or a concrete outcome
    measurable: int
    #: points first made in reply to a follow-up question (they do not count as made)
    made_when_asked: int

    @property
    def parts_per_answer(self) -> float:
        """STAR parts told per answer, 0 to 4."""
        return self.parts / self.answers if self.answers else 0.0

    @property
    def measurable_share(self) -> float:
        """Share of answers, 0 to 100, whose result was measurable."""
        return 100.0 * self.measurable / self.answers if self.answers else 0.0


def structure_per_session(attempts: Iterable[Attempt]) -> list[SessionStructure]:
    """Each session with behavioural answers, oldest first (a session starts at its first answer)."""
    groups: dict[int | None, list[Attempt]] = {}
    for attempt in attempts:
        structure = attempt.score.structure
        if structure is not None and structure.estimate is None and not attempt.score.empty:
            groups.setdefault(attempt.session_id, []).append(attempt)
    sessions = []
    for session_id, group in groups.items():
        stars = [a.score.structure.star for a in group if a.score.structure is not None]
        sessions.append(
            SessionStructure(
                session_id=session_id,
                started_at=min(a.started_at for a in group),
                answers=len(group),
                parts=sum(4 - len(star.missing) for star in stars),
                measurable=sum(star.result_measurable for star in stars),
                made_when_asked=sum(
                    1
                    for a in group
                    if a.follow_up is not None and a.follow_up.made and a.follow_up.probe.asks == "point"
                ),
            )
        )
    return sorted(sessions, key=lambda s: (s.started_at, s.session_id or 0))


def hedges_over_time(attempts: Iterable[Attempt]) -> list[tuple[datetime, float]]:
    """(when, hedges a minute) for every spoken answer whose length is known, oldest first."""
    series = []
    for attempt in attempts:
        delivery, structure = attempt.score.delivery, attempt.score.structure
        minutes = delivery.minutes
        if structure is not None and delivery.spoken and minutes:
            series.append((attempt.ended_at, round(len(structure.hedges) / minutes, 1)))
    return sorted(series)
