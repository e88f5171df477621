"""Recording an answer: saved at once, its question's drill card updated, a weak one asked again this session."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from trainer.config import Settings
from trainer.core.models import AnswerScore, Attempt, Question, ReviewCard
from trainer.core.scheduling import update_card
from trainer.core.session import PracticeSession
from trainer.core.store import Store
from trainer.use_cases.key_messages import key_messages_now


@dataclass(frozen=True)
class Recorded:
    """What recording an attempt did."""

    #: the attempt as saved (its id and session set)
    attempt: Attempt
    #: the question's drill card now, or None when it has no weak answer left
    card: ReviewCard | None
    #: the card when this answer has just made the question a leech (it was not one before), else None
    leech: ReviewCard | None
    #: the question was put back at the end of the session, to be asked again
    requeued: bool


def record_attempt(store: Store, session_id: int, attempt: Attempt, session: PracticeSession | None = None) -> Recorded:
    """Save a new attempt (or the changed one, when `attempt.id` is set), then update the schedule after it.

    Called after every answer, fixed transcript and flipped verdict, so the card always follows the saved
    attempts. With `session` (a practice session that asks weak questions again), a weak question is queued
    to come back at its end, and a question answered well since is taken off that queue.
    """
    before = _card(store, attempt.question.id)  # to tell a new leech from an old one
    if attempt.id is None:
        attempt = replace(attempt, id=store.save_attempt(session_id, attempt), session_id=session_id)
    else:
        store.update_attempt(attempt)
    card = update_card(store, attempt.question.id)
    requeued = False
    if session is not None and session.retry_weak:
        question = attempt.question
        # weak if any answer to it in this session was: a good retry does not cancel the spaced return
        weak = any(a.score.weak for a in session.attempts if a.question.id == question.id)
        if weak:
            requeued = session.requeue(question)
        else:
            session.cancel_requeue(question)
    leech = card if card is not None and card.leech and not (before is not None and before.leech) else None
    return Recorded(attempt=attempt, card=card, leech=leech, requeued=requeued)


def record_single_answer(
    store: Store,
    settings: Settings,
    question: Question,
    answer: str,
    score: AnswerScore,
    transcript: str | None,
    now: datetime,
) -> tuple[Recorded, int]:
    """Record one answer scored on its own (`trainer score --save`) as a one-answer practice session.

    The answer gets the question's time limit, as in practice, so the saved verdict and its rating are what
    practising it would have given. Returns what was recorded and the new session's id.
    """
    limit = question.time_limit or settings.time_limit_s
    saved = replace(score, delivery=replace(score.delivery, time_limit_s=float(limit)))
    started = now - timedelta(seconds=saved.delivery.duration_s or 0)
    attempt = Attempt(question, answer, saved, started_at=started, ended_at=now, transcript=transcript)
    session_id = store.start_session(
        "practice", [question.bank], started, key_messages=key_messages_now(store, settings)
    )
    recorded = record_attempt(store, session_id, attempt)
    store.end_session(session_id, now)
    return recorded, session_id


def _card(store: Store, question_id: str) -> ReviewCard | None:
    return next((c for c in store.cards() if c.question_id == question_id), None)
