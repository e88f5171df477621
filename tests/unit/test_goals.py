"""Whether a session's answers met its goal, counted over the answers the goal applies to."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from trainer.core.goals import GOALS, goal_outcome
from trainer.core.models import Attempt, Question
from trainer.core.scoring import score_answer

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
FULL = "I was a lead at a shop. My job was to fix it. I moved the tills. Sales rose by a third."
HEDGED = "I was a lead at a shop. My job was to fix it. I think I moved the tills. It went well in the end."


def _attempt(answer: str, kind: str = "stock", points: tuple[str, ...] = ("moved the tills",)) -> Attempt:
    question = Question("q", "Q?", kind=kind, talking_points=points)  # type: ignore[arg-type]
    return Attempt(question, answer, score_answer(answer, points, kind=question.kind), T0, T0)


@pytest.mark.parametrize(
    ("goal", "answers", "met", "of"),
    [
        ("measurable", [FULL, HEDGED], 1, 2),
        ("measurable", [FULL, ""], 1, 1),
        ("star", [FULL, HEDGED], 2, 2),
        ("star", [FULL, "We moved the tills."], 1, 2),
        ("unprompted", [FULL, "I sold hats."], 1, 2),
        ("no-hedges", [FULL, HEDGED], 1, 2),
        ("measurable", [], 0, 0),
    ],
    ids=["measurable", "empty-left-out", "star", "star-we-only", "unprompted", "no-hedges", "no-answers"],
)
def test_goal_outcome(goal: str, answers: list[str], met: int, of: int) -> None:
    outcome = goal_outcome(goal, [_attempt(a) for a in answers])
    assert (outcome.met, outcome.of) == (met, of)
    assert outcome.reached is (of > 0 and met == of)
    assert GOALS[goal] in outcome.text()


def test_a_brainteaser_has_no_story_to_judge() -> None:
    outcome = goal_outcome("star", [_attempt("so about forty", kind="brainteaser")])
    assert outcome.of == 0 and "no answers it applies to" in outcome.text()
