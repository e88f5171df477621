"""The user's three key messages: which came across in any answer of a session, and the words that carried each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from trainer.core.models import Attempt
from trainer.core.scoring import EntailmentJudge, score_answer

MAX_KEY_MESSAGES = 3


@dataclass(frozen=True)
class KeyMessageCheck:
    """One key message over a session: whether any answer made it, and where."""

    message: str
    came_across: bool
    #: the words of the answer that carried it
    evidence: str | None = None
    #: the question whose answer carried it (or came closest)
    question: str | None = None
    score: int = 0


def key_messages_in_use(saved: Sequence[str], configured: Sequence[str]) -> tuple[str, ...]:
    """The messages set in the app, else those in config.yaml."""
    return tuple(saved) if saved else tuple(configured)


def key_messages_across(
    attempts: Sequence[Attempt], messages: Sequence[str], judge: EntailmentJudge | None = None
) -> list[KeyMessageCheck]:
    """For each message, the strongest evidence in any attempt's answer, judged like a talking point.

    With the entailment judge when there is one: word matching alone lets one shared word count.
    """
    best = [KeyMessageCheck(message=message, came_across=False) for message in messages]
    if not messages:
        return best
    for attempt in attempts:
        if not attempt.answer.strip():
            continue
        score = score_answer(attempt.answer, messages, judge=judge)
        for index, verdict in enumerate(score.points):
            current = best[index]
            if (verdict.covered, verdict.score) > (current.came_across, current.score):
                best[index] = KeyMessageCheck(
                    message=messages[index],
                    came_across=verdict.covered,
                    evidence=verdict.evidence if verdict.covered else None,
                    question=attempt.question.text,
                    score=verdict.score,
                )
    return best
