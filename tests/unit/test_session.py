"""The practice session state machine, driven by a fake clock; scores are built directly from the models."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from trainer.core.errors import TrainerError
from trainer.core.models import AnswerScore, Bank, Delivery, PointVerdict, Question
from trainer.core.session import AnswerTiming, Phase, PracticeSession, SessionError, pick_questions

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


class FakeClock:
    """A clock that only moves when told to."""

    def __init__(self, start: datetime = T0) -> None:
        self.moment = start

    def now(self) -> datetime:
        return self.moment

    def advance(self, seconds: float) -> None:
        self.moment += timedelta(seconds=seconds)


def question(qid: str, time_limit: int | None = None) -> Question:
    return Question(id=qid, text=f"{qid}?", talking_points=("one", "two", "three"), time_limit=time_limit)


QUESTIONS = [question("q1"), question("q2", 45), question("q3")]


def score(*covered: bool, words: int = 50, duration_s: float | None = 30.0) -> AnswerScore:
    points = tuple(PointVerdict(point=f"p{i}", score=90 if c else 10, covered=c) for i, c in enumerate(covered))
    return AnswerScore(points=points, delivery=Delivery(words=words, fillers=1, duration_s=duration_s))


GOOD = score(True, True, True)


def make(
    questions: list[Question] | None = None, clock: FakeClock | None = None, **kwargs: object
) -> tuple[PracticeSession, FakeClock]:
    clock = clock or FakeClock()
    return PracticeSession(questions or QUESTIONS, clock=clock.now, **kwargs), clock  # type: ignore[arg-type]


def answer(session: PracticeSession, clock: FakeClock, seconds: float = 10.0, text: str = "an answer") -> None:
    session.start_answer()
    clock.advance(seconds)
    session.stop_answer()
    session.record(text, GOOD)


# --- the countdown -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "seconds, elapsed, remaining, timed_out",
    [
        (0, 0.0, 60.0, False),
        (0.5, 0.5, 59.5, False),
        (10, 10.0, 50.0, False),
        (59.5, 59.5, 0.5, False),
        (60, 60.0, 0.0, True),  # time-out exactly at zero
        (75, 75.0, 0.0, True),  # the clock runs on; remaining never goes negative
    ],
)
def test_countdown(seconds: float, elapsed: float, remaining: float, timed_out: bool) -> None:
    session, clock = make(default_time_limit=60)
    assert (session.elapsed(), session.remaining(), session.timed_out) == (0.0, 60.0, False)  # before the start
    session.start_answer()
    clock.advance(seconds)
    assert session.phase is Phase.ANSWERING
    assert session.elapsed() == pytest.approx(elapsed)
    assert session.remaining() == pytest.approx(remaining)
    assert session.timed_out is timed_out


def test_clock_going_backwards_never_gives_negative_elapsed() -> None:
    session, clock = make(default_time_limit=60)
    session.start_answer()
    clock.advance(-5)
    assert (session.elapsed(), session.remaining()) == (0.0, 60.0)


@pytest.mark.parametrize(
    "limit, seconds, duration, timed_out",
    [
        (60, 0, 0.0, False),
        (60, 10, 10.0, False),
        (60, 59.999, 59.999, False),
        (60, 60, 60.0, True),  # at zero
        (60, 61, 60.0, True),  # capped at the limit
        (60, 3600, 60.0, True),
        (5, 4.5, 4.5, False),
    ],
)
def test_stop_answer_timing_capped_at_the_limit(limit: int, seconds: float, duration: float, timed_out: bool) -> None:
    session, clock = make(default_time_limit=limit)
    session.start_answer()
    clock.advance(seconds)
    timing = session.stop_answer()
    assert timing == AnswerTiming(duration_s=pytest.approx(duration), time_limit_s=float(limit), timed_out=timed_out)  # type: ignore[arg-type]
    assert session.phase is Phase.SCORING
    clock.advance(100)  # scoring takes a while: the answer's time is frozen
    assert session.elapsed() == pytest.approx(duration)
    assert session.timed_out is False  # only while answering
    attempt = session.record("text", GOOD, transcript="spoken text")
    assert attempt.started_at == T0
    assert attempt.ended_at - attempt.started_at == timedelta(seconds=duration)
    assert (attempt.question, attempt.answer, attempt.transcript, attempt.score) == (
        QUESTIONS[0],
        "text",
        "spoken text",
        GOOD,
    )
    assert session.phase is Phase.SCORED and session.last_attempt is attempt


@pytest.mark.parametrize(
    "override, question_limit, default, expected",
    [
        (None, None, 120, 120),  # the default
        (None, None, 75, 75),
        (None, 45, 120, 45),  # the question's (or its bank's, applied at load) beats the default
        (30, 45, 120, 30),  # --time-limit beats everything
        (30, None, 120, 30),
        (300, 45, 120, 300),
    ],
)
def test_time_limit_precedence(override: int | None, question_limit: int | None, default: int, expected: int) -> None:
    session, clock = make([question("q", question_limit)], default_time_limit=default, time_limit=override)
    assert session.time_limit == expected
    assert session.time_limit_for(session.current) == expected
    session.start_answer()
    clock.advance(expected + 5)
    assert session.stop_answer().time_limit_s == expected


def test_each_question_gets_its_own_limit() -> None:
    session, clock = make(default_time_limit=100)
    limits = []
    while session.phase is not Phase.FINISHED:
        limits.append(session.time_limit)
        answer(session, clock)
        session.next()
    assert limits == [100, 45, 100]


# --- moving through the questions ----------------------------------------------------------------------


def test_walk_through_every_question_then_finish() -> None:
    session, clock = make()
    seen = []
    while session.phase is not Phase.FINISHED:
        assert session.phase is Phase.QUESTION
        seen.append((session.current.id, session.position))
        answer(session, clock)
        session.next()
    assert seen == [("q1", (1, 3)), ("q2", (2, 3)), ("q3", (3, 3))]
    assert [a.question.id for a in session.attempts] == ["q1", "q2", "q3"]
    assert session.current.id == "q3"  # still safe to read once finished


@pytest.mark.parametrize(
    "actions, phase, index, attempts, skipped",
    [
        (["skip"], Phase.QUESTION, 1, [], ["q1"]),  # skip from the question
        (["start", "skip"], Phase.QUESTION, 1, [], ["q1"]),  # skip while answering
        (["skip", "skip", "skip"], Phase.FINISHED, 2, [], ["q1", "q2", "q3"]),  # skipping the last finishes
        (["answer", "next", "skip", "answer", "next"], Phase.FINISHED, 2, ["q1", "q3"], ["q2"]),
        (["answer", "retry"], Phase.QUESTION, 0, ["q1"], []),  # retry keeps the earlier attempt
        (["answer", "retry", "answer"], Phase.SCORED, 0, ["q1", "q1"], []),
        (["answer", "retry", "skip"], Phase.QUESTION, 1, ["q1"], ["q1"]),
        (["answer", "next", "answer", "next", "answer", "next"], Phase.FINISHED, 2, ["q1", "q2", "q3"], []),
        (
            ["answer", "next", "answer", "next", "answer", "retry", "answer", "next"],
            Phase.FINISHED,
            2,
            ["q1", "q2", "q3", "q3"],
            [],
        ),
        (["end"], Phase.FINISHED, 0, [], []),  # end early, before anything
        (["start", "end"], Phase.FINISHED, 0, [], []),  # end while answering: nothing recorded
        (["answer", "next", "answer", "end"], Phase.FINISHED, 1, ["q1", "q2"], []),  # scored answers are kept
        (["answer", "next", "start", "stop", "end"], Phase.FINISHED, 1, ["q1"], []),  # end while scoring
        (["end", "end"], Phase.FINISHED, 0, [], []),  # ending twice is harmless
    ],
)
def test_transitions(actions: list[str], phase: Phase, index: int, attempts: list[str], skipped: list[str]) -> None:
    session, clock = make()
    steps: dict[str, Callable[[], object]] = {
        "answer": lambda: answer(session, clock),
        "start": session.start_answer,
        "stop": session.stop_answer,
        "skip": session.skip,
        "retry": session.retry,
        "next": session.next,
        "end": session.end,
    }
    for action in actions:
        steps[action]()
    assert session.phase is phase
    assert session.index == index
    assert [a.question.id for a in session.attempts] == attempts
    assert [q.id for q in session.skipped] == skipped
    assert session.elapsed() == 0.0 or session.phase is Phase.SCORED  # the countdown is reset between answers


def test_retry_times_the_new_answer_afresh() -> None:
    session, clock = make(default_time_limit=60)
    answer(session, clock, seconds=50)
    session.retry()
    assert (session.elapsed(), session.remaining()) == (0.0, 60.0)
    clock.advance(30)  # thinking before starting again does not count
    session.start_answer()
    clock.advance(20)
    assert session.stop_answer().duration_s == 20
    second = session.record("again", GOOD)
    first = session.attempts[0]
    assert second.started_at == first.started_at + timedelta(seconds=80)
    assert (first.answer, second.answer) == ("an answer", "again")


def test_replace_last() -> None:
    session, clock = make()
    answer(session, clock)
    changed = replace(session.attempts[0], id=7, session_id=3)
    session.retry()
    with pytest.raises(SessionError, match="no answer"):
        make()[0].replace_last(changed)
    session.replace_last(changed)
    assert session.attempts == [changed] and session.last_attempt is changed


# --- session length ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "session_minutes, answer_seconds, answered",
    [
        (None, [25, 25, 25, 25, 25], 5),  # no session length: every question
        (0, [25, 25, 25, 25, 25], 5),  # zero means no limit
        (1, [25, 25, 25, 25, 25], 3),  # 75 s crosses the minute: the session ends after that answer
        (1, [30, 30, 30, 30, 30], 2),  # exactly 60 s has used the minute up
        (1, [59, 5, 5, 5, 5], 2),
        (1, [120, 5, 5, 5, 5], 1),  # one answer over time (capped at 120) used it all
        (0.5, [10, 10, 10, 10, 10], 3),
        (10, [25, 25, 25, 25, 25], 5),  # the questions run out first
    ],
)
def test_session_minutes_ends_after_the_answer_that_crosses_it(
    session_minutes: float | None, answer_seconds: list[float], answered: int
) -> None:
    questions = [question(f"q{i}") for i in range(5)]
    session, clock = make(questions, session_minutes=session_minutes, default_time_limit=120)
    for seconds in answer_seconds:
        if session.phase is Phase.FINISHED:
            break
        answer(session, clock, seconds=seconds)
        session.next()
    assert session.phase is Phase.FINISHED
    assert len(session.attempts) == answered


def test_out_of_session_time_counts_time_between_answers_too() -> None:
    session, clock = make(session_minutes=1)
    assert session.out_of_session_time is False
    clock.advance(59)
    assert session.out_of_session_time is False
    clock.advance(1)
    assert session.out_of_session_time is True
    session.skip()  # moving on once time is up ends the session
    assert session.phase is Phase.FINISHED


# --- illegal transitions -------------------------------------------------------------------------------

REACH: dict[Phase, list[str]] = {
    Phase.QUESTION: [],
    Phase.ANSWERING: ["start"],
    Phase.SCORING: ["start", "stop"],
    Phase.SCORED: ["start", "stop", "record"],
    Phase.FINISHED: ["end"],
}


@pytest.mark.parametrize(
    "phase, action",
    [
        (Phase.QUESTION, "stop"),
        (Phase.QUESTION, "record"),
        (Phase.QUESTION, "retry"),
        (Phase.QUESTION, "next"),
        (Phase.ANSWERING, "start"),
        (Phase.ANSWERING, "record"),
        (Phase.ANSWERING, "retry"),
        (Phase.ANSWERING, "next"),
        (Phase.SCORING, "start"),
        (Phase.SCORING, "stop"),
        (Phase.SCORING, "skip"),
        (Phase.SCORING, "retry"),
        (Phase.SCORING, "next"),
        (Phase.SCORED, "start"),
        (Phase.SCORED, "stop"),
        (Phase.SCORED, "record"),
        (Phase.SCORED, "skip"),
        (Phase.FINISHED, "start"),
        (Phase.FINISHED, "stop"),
        (Phase.FINISHED, "record"),
        (Phase.FINISHED, "skip"),
        (Phase.FINISHED, "retry"),
        (Phase.FINISHED, "next"),
    ],
)
def test_illegal_transitions_raise(phase: Phase, action: str) -> None:
    session, _ = make()
    steps: dict[str, Callable[[], object]] = {
        "start": session.start_answer,
        "stop": session.stop_answer,
        "record": lambda: session.record("x", GOOD),
        "skip": session.skip,
        "retry": session.retry,
        "next": session.next,
    }
    for step in REACH[phase]:
        (steps.get(step) or session.end)()
    assert session.phase is phase
    before = (session.index, list(session.attempts), list(session.skipped))
    with pytest.raises(SessionError, match=f"while {phase.value}"):
        steps[action]()
    assert session.phase is phase  # nothing changed
    assert (session.index, session.attempts, session.skipped) == before


def test_session_error_is_a_trainer_error() -> None:
    assert issubclass(SessionError, TrainerError)


def test_no_questions_is_an_error() -> None:
    with pytest.raises(TrainerError, match="no questions"):
        PracticeSession([], clock=FakeClock().now)


# --- picking questions ---------------------------------------------------------------------------------


def bank(name: str, *ids: str) -> Bank:
    return Bank(name=name, questions=tuple(Question(id=i, text=f"{name} {i}?", bank=name) for i in ids))


A = bank("A", "a1", "a2", "a3", "a4")
B = bank("B", "b1", "b2", "shared")
C = bank("C", "shared", "a1", "c1")  # ids also in A and B


@pytest.mark.parametrize(
    "banks, count, expected_len",
    [
        ([A], 2, 2),
        ([A], 4, 4),
        ([A], 10, 4),  # more than the pool: all of them
        ([A, B], 5, 5),
        ([A, B, C], 100, 8),  # a1 and shared appear twice: each counted once
        ([C, C], 100, 3),  # the same bank twice
        ([A], 0, 0),
        ([A], -3, 0),
        ([], 5, 0),
    ],
)
def test_pick_questions_count_and_no_repeats(banks: list[Bank], count: int, expected_len: int) -> None:
    picked = pick_questions(banks, count, random.Random(7))
    assert len(picked) == expected_len
    ids = [q.id for q in picked]
    assert len(set(ids)) == len(ids)
    pool = {q.id for b in banks for q in b.questions}
    assert set(ids) <= pool


@pytest.mark.parametrize("seed", [0, 1, 42, 2025])
def test_pick_questions_is_deterministic_with_a_seeded_random(seed: int) -> None:
    first = pick_questions([A, B, C], 5, random.Random(seed))
    second = pick_questions([A, B, C], 5, random.Random(seed))
    assert first == second


def test_pick_questions_shuffles_and_keeps_the_first_bank_s_copy() -> None:
    orders = {tuple(q.id for q in pick_questions([A, B, C], 100, random.Random(seed))) for seed in range(20)}
    assert len(orders) > 1  # it does shuffle
    picked = {q.id: q for q in pick_questions([B, C], 100, random.Random(1))}
    assert picked["shared"].bank == "B"
    assert pick_questions([A], 4) != [] and A.questions == bank("A", "a1", "a2", "a3", "a4").questions  # no mutation


@pytest.mark.parametrize(
    ("limit", "clock_s", "recorded_s", "duration", "timed_out"),
    [
        (60, 40.0, 35.5, 35.5, False),  # a spoken answer is timed by its recording, not the wall clock
        (60, 61.0, 60.0, 60.0, True),
        (60, 70.0, 75.0, 60.0, True),  # never more than the limit
        (60, 5.0, -1.0, 0.0, False),  # a nonsense length is clamped
    ],
)
def test_stop_answer_with_a_recorded_duration(
    limit: int, clock_s: float, recorded_s: float, duration: float, timed_out: bool
) -> None:
    session, clock = make([question("q1", limit)])
    session.start_answer()
    clock.advance(clock_s)
    timing = session.stop_answer(duration_s=recorded_s)
    assert timing == AnswerTiming(duration_s=duration, time_limit_s=float(limit), timed_out=timed_out)


def test_rescore_keeps_the_timing_and_replaces_the_last_attempt() -> None:
    session, clock = make()
    session.start_answer()
    clock.advance(12)
    timing = session.stop_answer()
    first = session.record("what was heard", score(True, False, False))
    clock.advance(30)  # fixing the words takes time; the answer's timing does not change
    assert session.start_rescore() == timing
    assert session.phase is Phase.SCORING
    fixed = replace(first, answer="what was said", score=GOOD)
    session.rescored(fixed)
    assert session.phase is Phase.SCORED
    assert session.attempts == [fixed]


@pytest.mark.parametrize("phase_actions", [[], ["start_answer"], ["start_answer", "stop_answer"]])
def test_rescore_only_after_a_verdict(phase_actions: list[str]) -> None:
    session, _ = make()
    for action in phase_actions:
        getattr(session, action)()
    with pytest.raises(SessionError):
        session.start_rescore()
