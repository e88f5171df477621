"""The follow-up note adds, in the user's own words, a result first given in reply to the interviewer."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from trainer.core.follow_up import draft_follow_up
from trainer.core.models import Attempt, Question
from trainer.core.probe import Probe, ProbeAnswer
from trainer.core.scoring import score_answer

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
QUESTION = Question("q", "Tell me about a time you fixed a queue.", talking_points=("moved the tills",))
ANSWER = "I was a lead at a shop. My job was to fix the queue. I moved the tills."


def _attempt(follow_up: ProbeAnswer | None) -> Attempt:
    score = score_answer(ANSWER, QUESTION.talking_points)
    return Attempt(QUESTION, ANSWER, score, T0, T0, follow_up=follow_up)


@pytest.mark.parametrize(
    ("follow_up", "added"),
    [
        (ProbeAnswer(Probe("?", "result"), "The wait fell to three minutes.", made=True),
         "and wanted to add that the wait fell to three minutes."),
        (ProbeAnswer(Probe("?", "result"), "Sorry, I forgot: it fell to three minutes.", made=True), None),
        (ProbeAnswer(Probe("?", "result"), "Not sure.", made=False), None),
        (ProbeAnswer(Probe("?", "result"), None), None),
        (None, None),
    ],
    ids=["result-given", "apology-kept-out", "not-made", "skipped", "none"],
)  # fmt: skip
def test_a_result_told_when_asked_goes_in_the_note(follow_up: ProbeAnswer | None, added: str | None) -> None:
    note = draft_follow_up([_attempt(follow_up)])
    if added is None:
        assert "add" not in note
    else:
        assert added in note
