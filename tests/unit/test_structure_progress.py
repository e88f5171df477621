"""STAR completeness, measurable results and hedges a minute over time, from saved answers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from trainer.core.models import Attempt, Question
from trainer.core.probe import Probe, ProbeAnswer
from trainer.core.scoring import score_answer
from trainer.core.structure_progress import hedges_over_time, structure_per_session

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
FULL = "I was a lead at a shop. My job was to fix it. I think I moved the tills. Sales rose by a third."
VAGUE = "I was a lead at a shop. I moved the tills. It went well in the end."


def _attempt(session: int, answer: str, minutes: float = 0, kind: str = "stock", **extra: object) -> Attempt:
    question = Question("q", "Q?", kind=kind, talking_points=("a",))  # type: ignore[arg-type]
    score = score_answer(answer, ("a",), duration_s=30.0, spoken=True, kind=question.kind)
    at = T0 + timedelta(days=session, minutes=minutes)
    return Attempt(question, answer, score, at, at + timedelta(seconds=30), session_id=session, **extra)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("attempts", "sessions"),
    [
        ([_attempt(1, FULL), _attempt(1, VAGUE, 2)], [(2, 7, 1)]),
        ([_attempt(2, VAGUE), _attempt(1, FULL)], [(1, 4, 1), (1, 3, 0)]),
        ([_attempt(1, ""), _attempt(1, "so about forty", kind="brainteaser")], []),
    ],
    ids=["one-session", "oldest-first", "empty-and-brainteaser-left-out"],
)
def test_structure_per_session(attempts: list[Attempt], sessions: list[tuple[int, int, int]]) -> None:
    assert [(s.answers, s.parts, s.measurable) for s in structure_per_session(attempts)] == sessions


def test_shares_and_points_made_when_asked() -> None:
    asked = ProbeAnswer(Probe("?", "point", 0), "a", made=True)
    (session,) = structure_per_session([_attempt(1, FULL, follow_up=asked), _attempt(1, VAGUE, 1)])
    assert session.parts_per_answer == 3.5 and session.measurable_share == 50.0
    assert session.made_when_asked == 1


def test_hedges_a_minute_for_spoken_answers() -> None:
    assert hedges_over_time([_attempt(1, VAGUE, 1), _attempt(1, "I think maybe it was fine.")]) == [
        (T0 + timedelta(days=1, seconds=30), 4.0),
        (T0 + timedelta(days=1, minutes=1, seconds=30), 0.0),
    ]
