"""The session's retry queue: a weakly answered question comes back once, later in the same session."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from trainer.core.models import AnswerScore, Delivery, PointVerdict, Question
from trainer.core.session import MAX_RETURNS, Phase, PracticeSession

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def question(qid: str) -> Question:
    return Question(id=qid, text=f"{qid}?", talking_points=("one", "two", "three"))


Q = {qid: question(qid) for qid in ("a", "b", "c")}
SCORE = AnswerScore(points=(PointVerdict("one", 10, False),), delivery=Delivery(words=5, fillers=0))


def session_at(index: int, *, returned: tuple[str, ...] = ()) -> PracticeSession:
    """A three-question session answering question `index`, with `returned` already requeued."""
    session = PracticeSession(list(Q.values()), clock=lambda: T0, retry_weak=True)
    for qid in returned:
        session.index = list(Q).index(qid)  # requeued while it was being asked
        assert session.requeue(Q[qid])
    session.index = index
    return session


def order(session: PracticeSession) -> str:
    return "".join(q.id for q in session.questions)


@pytest.mark.parametrize(
    ("index", "returned", "requeue", "accepted", "after"),
    [
        (0, (), "a", True, "abca"),  # the first question comes back after the others
        (2, (), "c", True, "abcc"),  # the last one comes back next
        (1, (), "b", True, "abcb"),
        (0, ("a",), "a", False, "abca"),  # already waiting at the end
        (3, ("a",), "a", False, "abca"),  # it has come back once: the schedule takes it from here
        (0, (), "b", False, "abc"),  # still to be asked anyway
        (1, ("a",), "b", True, "abcab"),  # several can wait, in the order they were weak
    ],
)
def test_requeue(index: int, returned: tuple[str, ...], requeue: str, accepted: bool, after: str) -> None:
    session = session_at(index, returned=returned)
    assert session.requeue(Q[requeue]) is accepted
    assert order(session) == after


@pytest.mark.parametrize(
    ("index", "returned", "cancel", "accepted", "after"),
    [
        (0, ("a",), "a", True, "abc"),  # the weak answer proved good (a fixed transcript): no return
        (1, ("a", "b"), "a", True, "abcb"),
        (3, ("a",), "a", False, "abca"),  # being asked now: nothing to take back
        (0, (), "b", False, "abc"),  # never requeued: an original question stays
    ],
)
def test_cancel_requeue(index: int, returned: tuple[str, ...], cancel: str, accepted: bool, after: str) -> None:
    session = session_at(index, returned=returned)
    assert session.cancel_requeue(Q[cancel]) is accepted
    assert order(session) == after


def test_a_cancelled_return_can_be_requeued_again() -> None:
    session = session_at(0, returned=("a",))
    assert session.cancel_requeue(Q["a"]) and session.requeue(Q["a"]) and order(session) == "abca"


def test_a_returned_question_is_asked_before_the_session_finishes() -> None:
    session = PracticeSession([Q["a"], Q["b"]], clock=lambda: T0, retry_weak=True)
    asked = []
    while session.phase is not Phase.FINISHED:
        asked.append(session.current.id)
        session.start_answer()
        session.stop_answer(duration_s=10)
        session.record("um", SCORE)
        session.requeue(session.current)  # every answer weak
        session.next()
    assert asked == ["a", "b", "a", "b"] and MAX_RETURNS == 1


def test_no_requeue_once_finished() -> None:
    session = session_at(0)
    session.end()
    assert not session.requeue(Q["a"]) and order(session) == "abc"


def test_retry_weak_is_off_unless_asked_for() -> None:
    assert not PracticeSession([Q["a"]], clock=lambda: T0).retry_weak
