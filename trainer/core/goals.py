"""A goal for one session ("make every result measurable"), and whether the session's answers met it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from trainer.core.models import Attempt

#: The goals a session can have: id -> what the user reads on Home.
GOALS: dict[str, str] = {
    "measurable": "Make every result measurable",
    "star": "Tell every story with situation, task, action and result",
    "unprompted": "Make every point without being asked",
    "no-hedges": "No hedges (I think, maybe, kind of …)",
}


def _star(attempt: Attempt) -> bool | None:
    structure = attempt.score.structure
    if structure is None or structure.estimate is not None:
        return None  # a brainteaser has no story to tell
    return not structure.star.missing


def _measurable(attempt: Attempt) -> bool | None:
    structure = attempt.score.structure
    if structure is None or structure.estimate is not None:
        return None
    return structure.star.result_measurable


def _unprompted(attempt: Attempt) -> bool | None:
    return all(attempt.score.covered) if attempt.score.points else None


def _no_hedges(attempt: Attempt) -> bool | None:
    structure = attempt.score.structure
    return None if structure is None else not structure.hedges


_CHECKS: dict[str, Callable[[Attempt], bool | None]] = {
    "measurable": _measurable,
    "star": _star,
    "unprompted": _unprompted,
    "no-hedges": _no_hedges,
}


@dataclass(frozen=True)
class GoalOutcome:
    """How a session did against its goal: answers that met it, of those it applies to."""

    goal: str
    met: int
    of: int

    @property
    def reached(self) -> bool:
        """Every answer the goal applies to met it (and there was at least one)."""
        return self.of > 0 and self.met == self.of

    def text(self) -> str:
        """One line for the summary."""
        label = GOALS[self.goal]
        if not self.of:
            return f"Goal: {label}: no answers it applies to this session."
        if self.reached:
            return f"Goal met: {label} ({self.met} of {self.of} answers)."
        return f"Goal not met yet: {label} ({self.met} of {self.of} answers)."


def goal_outcome(goal: str, attempts: Sequence[Attempt]) -> GoalOutcome:
    """Count the non-empty answers that met `goal` (one of GOALS)."""
    results = [_CHECKS[goal](a) for a in attempts if not a.score.empty]
    counted = [r for r in results if r is not None]
    return GoalOutcome(goal, met=sum(counted), of=len(counted))
