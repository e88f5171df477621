"""Each key message, session by session: did any answer of that session carry it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from trainer.core.key_message_history import key_messages_per_session
from trainer.core.models import Attempt, Question
from trainer.core.scoring import score_answer

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
MESSAGES = ("I ship on time", "I listen to customers")


def _attempt(session: int, answer: str) -> Attempt:
    question = Question("q", "Q?", talking_points=("a",))
    at = T0 + timedelta(days=session)
    return Attempt(question, answer, score_answer(answer, ("a",)), at, at, session_id=session)


@pytest.mark.parametrize(
    ("attempts", "marks"),
    [
        ([_attempt(1, "we always ship on time"), _attempt(1, "I listen to customers first")], [(True, True)]),
        ([_attempt(2, "I listen to customers"), _attempt(1, "I ship on time")], [(True, False), (False, True)]),
        ([_attempt(1, "")], [(False, False)]),
        ([], []),
    ],
    ids=["both-in-one-session", "oldest-first", "empty-answer", "no-sessions"],
)
def test_key_messages_per_session(attempts: list[Attempt], marks: list[tuple[bool, ...]]) -> None:
    assert [s.came_across for s in key_messages_per_session(attempts, MESSAGES)] == marks
