"""record_attempt and record_single_answer on a real store: the attempt saved, its card, a new leech, a requeue."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from tests.use_cases.conftest import GOOD, PRESSURE, T0, WEAK, WEAKNESS, answer, scored
from trainer.config import Settings
from trainer.core.models import AnswerScore, Attempt
from trainer.core.scheduling import LEECH_LAPSES
from trainer.core.session import PracticeSession
from trainer.core.store import Store
from trainer.use_cases.recording import record_attempt, record_single_answer


@pytest.mark.parametrize(
    ("scores", "has_card", "weak_answers"),
    [
        ([WEAK], True, 1),
        ([GOOD], False, 0),
        ([WEAK, GOOD], True, 1),  # a good answer since keeps the card: the weak one still comes back
        ([GOOD, GOOD], False, 0),
    ],
    ids=["weak", "good", "weak-then-good", "good-twice"],
)
def test_each_new_attempt_is_saved_and_its_card_follows(
    store: Store, scores: list[AnswerScore], has_card: bool, weak_answers: int
) -> None:
    session_id = store.start_session("practice", ["Test bank"], T0)
    for n, score in enumerate(scores):
        recorded = record_attempt(store, session_id, answer(PRESSURE, score, T0 + timedelta(days=n)))
        assert recorded.attempt.id is not None and recorded.attempt.session_id == session_id
        assert recorded.requeued is False and recorded.leech is None
    assert len(store.attempts("pressure")) == len(scores)
    assert (recorded.card is not None) == has_card
    assert [c.question_id for c in store.cards()] == (["pressure"] if has_card else [])
    assert sum(a.score.weak for a in store.attempts("pressure")) == weak_answers


@pytest.mark.parametrize(
    ("first", "changed", "has_card"),
    [
        (WEAK, GOOD, False),  # the user flipped the missed points: no weak answer left to drill
        (GOOD, WEAK, True),
        (WEAK, scored(True, True, False), True),
    ],
    ids=["flipped-to-good", "flipped-to-weak", "still-weak"],
)
def test_a_changed_attempt_is_updated_not_saved_again(
    store: Store, first: AnswerScore, changed: AnswerScore, has_card: bool
) -> None:
    session_id = store.start_session("practice", ["Test bank"], T0)
    saved = record_attempt(store, session_id, answer(PRESSURE, first)).attempt
    recorded = record_attempt(store, session_id, replace(saved, score=changed))
    assert recorded.attempt.id == saved.id
    assert [a.score.points for a in store.attempts("pressure")] == [changed.points]
    assert (recorded.card is not None) == has_card


def answered(session: PracticeSession, score: AnswerScore) -> Attempt:
    """The session's current question answered with `score` (kept in the session, not yet saved)."""
    session.start_answer()
    session.stop_answer(30.0)
    return session.record("my answer", score)


@pytest.mark.parametrize(
    ("retry_weak", "scores", "requeued", "asked"),
    [
        (True, [WEAK], [True], ["pressure", "weakness", "pressure"]),
        (True, [GOOD], [False], ["pressure", "weakness"]),
        (False, [WEAK], [False], ["pressure", "weakness"]),
        # the weak answer fixed by a flip: its return is taken back
        (True, [WEAK, GOOD], [True, False], ["pressure", "weakness"]),
    ],
    ids=["weak-comes-back", "good-does-not", "no-retries", "flip-takes-it-back"],
)
def test_a_weak_answer_comes_back_at_the_end_of_a_session_that_retries(
    store: Store, retry_weak: bool, scores: list[AnswerScore], requeued: list[bool], asked: list[str]
) -> None:
    session = PracticeSession([PRESSURE, WEAKNESS], clock=lambda: T0, retry_weak=retry_weak)
    session_id = store.start_session("practice", ["Test bank"], T0)
    attempt = answered(session, scores[0])
    said = []
    for score in scores:
        session.replace_last(replace(attempt, score=score))
        recorded = record_attempt(store, session_id, session.attempts[-1], session)
        attempt = recorded.attempt
        session.replace_last(attempt)
        said.append(recorded.requeued)
    assert said == requeued
    assert [q.id for q in session.questions] == asked


def test_a_question_becomes_a_leech_once(store: Store) -> None:
    """Weak on LEECH_LAPSES + 2 different days: one answer makes it a leech; the rest find it one already."""
    session_id = store.start_session("practice", ["Test bank"], T0)
    became = []
    for day in range(LEECH_LAPSES + 2):
        recorded = record_attempt(store, session_id, answer(PRESSURE, WEAK, T0 + timedelta(days=2 * day)))
        assert recorded.card is not None
        became.append(recorded.leech is not None)
        if recorded.leech is not None:
            assert recorded.leech == recorded.card and recorded.card.leech
    assert became.count(True) == 1
    assert recorded.card.leech  # still a leech, no longer news


@pytest.mark.parametrize(
    ("question_limit", "settings_limit", "saved_limit"),
    [(90, 120, 90.0), (None, 150, 150.0)],
    ids=["question's-limit", "settings'-limit"],
)
def test_a_single_answer_is_its_own_practice_session(
    store: Store, question_limit: int | None, settings_limit: int, saved_limit: float
) -> None:
    store.set_key_messages(["I ship"], T0)
    question = replace(PRESSURE, time_limit=question_limit)
    now = T0 + timedelta(hours=1)
    recorded, session_id = record_single_answer(
        store, Settings(time_limit_s=settings_limit), question, "I moved the date", WEAK, "i moved the date", now
    )
    info = store.session(session_id)
    assert info is not None and info.mode == "practice" and info.banks == ("Test bank",)
    assert info.key_messages == ("I ship",) and info.ended_at == now
    [saved] = info.attempts
    assert saved.id == recorded.attempt.id and saved.transcript == "i moved the date"
    assert saved.score.delivery.time_limit_s == saved_limit
    assert saved.started_at == now - timedelta(seconds=100) and saved.ended_at == now
    assert recorded.card is not None and recorded.card.question_id == "pressure"
