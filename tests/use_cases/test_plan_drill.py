"""plan_drill and missed_last_time on a real store: which questions a drill asks, and why there is none."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.use_cases.conftest import GOOD, PRESSURE, T0, WEAK, WEAKNESS, answer, scored
from trainer.core.banks import LoadedBanks
from trainer.core.models import AnswerScore, Bank, Question
from trainer.core.scheduling import LEECH_LAPSES
from trainer.core.store import Store
from trainer.use_cases.drill import EARLY_DRILL_MAX, missed_last_time, plan_drill
from trainer.use_cases.recording import record_attempt

MIN = timedelta(minutes=1)
DAY = timedelta(days=1)


def catalog(*questions: Question) -> LoadedBanks:
    return LoadedBanks(banks=[Bank(name="Test bank", questions=questions)], problems=[])


def answered(store: Store, *answers: tuple[Question, AnswerScore, timedelta]) -> None:
    session_id = store.start_session("practice", ["Test bank"], T0)
    for question, score, after in answers:
        record_attempt(store, session_id, answer(question, score, T0 + after))


BOTH = (PRESSURE, WEAKNESS)


@pytest.mark.parametrize(
    ("answers", "known", "now", "early", "ids", "message", "not_in_banks", "early_possible"),
    [
        ([], BOTH, DAY, False, (), "Nothing to drill: no weak answers are waiting.", 0, False),
        ([(PRESSURE, GOOD, 0 * MIN)], BOTH, DAY, False, (), "Nothing to drill:", 0, False),
        ([(PRESSURE, WEAK, 0 * MIN)], BOTH, MIN, False, (), "Nothing is due now. Next: “Tell me", 0, True),
        ([(PRESSURE, WEAK, 0 * MIN)], BOTH, MIN, True, ("pressure",), "", 0, False),
        ([(PRESSURE, WEAK, 0 * MIN)], BOTH, DAY, False, ("pressure",), "", 0, False),
        # most overdue first
        (
            [(WEAKNESS, WEAK, 0 * MIN), (PRESSURE, WEAK, 60 * MIN)],
            BOTH,
            DAY,
            False,
            ("weakness", "pressure"),
            "",
            0,
            False,
        ),
        # due, but its bank is gone: the callers say that rather than the message
        ([(PRESSURE, WEAK, 0 * MIN)], (WEAKNESS,), DAY, False, (), "Nothing to drill:", 1, False),
        ([(PRESSURE, WEAK, 0 * MIN)], (WEAKNESS,), MIN, False, (), "Nothing is due now.", 0, False),
        ([(PRESSURE, WEAK, 0 * MIN), (WEAKNESS, WEAK, 0 * MIN)], (WEAKNESS,), DAY, False, ("weakness",), "", 0, False),
    ],
    ids=[
        "no-cards",
        "only-good-answers",
        "not-yet-due",
        "early",
        "due",
        "most-overdue-first",
        "bank-gone",
        "bank-gone-not-due",
        "one-of-two-banks-gone",
    ],
)
def test_the_drill_plan(
    store: Store,
    answers: list[tuple[Question, AnswerScore, timedelta]],
    known: tuple[Question, ...],
    now: timedelta,
    early: bool,
    ids: tuple[str, ...],
    message: str,
    not_in_banks: int,
    early_possible: bool,
) -> None:
    answered(store, *answers)
    plan = plan_drill(store, catalog(*known), T0 + now, early=early)
    assert plan.question_ids == ids
    assert plan.message.startswith(message) and (plan.message == "") == bool(ids)
    assert (plan.not_in_banks, plan.early_possible, plan.leeches) == (not_in_banks, early_possible, ())


def test_an_early_drill_takes_the_soonest_few(store: Store) -> None:
    questions = [Question(id=f"q{n}", text=f"Question {n}?", talking_points=("a", "b", "c")) for n in range(7)]
    answered(store, *[(q, WEAK, n * MIN) for n, q in enumerate(reversed(questions))])
    plan = plan_drill(store, catalog(*questions), T0 + 7 * MIN, early=True)
    assert len(plan.question_ids) == EARLY_DRILL_MAX
    assert plan.question_ids == ("q6", "q5", "q4", "q3", "q2")


def test_the_leeches_among_the_planned_questions(store: Store) -> None:
    answered(store, *[(PRESSURE, WEAK, 2 * n * DAY) for n in range(LEECH_LAPSES + 2)], (WEAKNESS, WEAK, 0 * MIN))
    plan = plan_drill(store, catalog(*BOTH), T0 + 60 * DAY)
    assert set(plan.question_ids) == {"pressure", "weakness"}
    assert [c.question_id for c in plan.leeches] == ["pressure"]


@pytest.mark.parametrize(
    ("scores", "missed"),
    [
        ([], ()),
        ([GOOD], ()),
        ([WEAK], PRESSURE.talking_points[1:]),
        ([WEAK, scored(True, True, False)], PRESSURE.talking_points[2:]),
    ],
    ids=["never-answered", "no-card", "weak", "last-answer-counts"],
)
def test_the_points_missed_last_time(store: Store, scores: list[AnswerScore], missed: tuple[str, ...]) -> None:
    answered(store, *[(PRESSURE, score, n * DAY) for n, score in enumerate(scores)])
    assert missed_last_time(store, PRESSURE) == missed
