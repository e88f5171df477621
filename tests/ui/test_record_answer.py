"""ui.drill.record_answer in the running app: the answer saved through the use case, and what it did said."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from tests.ui.conftest import AppFactory, FakeClock
from trainer.core.models import AnswerScore, Attempt, Delivery, PointVerdict
from trainer.core.scheduling import LEECH_LAPSES
from trainer.core.session import PracticeSession
from trainer.core.store import Store
from trainer.ui.drill import record_answer


def scored(made: bool) -> AnswerScore:
    """Every point made, or every point missed (weak)."""
    points = tuple(PointVerdict(point=p, score=90 if made else 10, covered=made) for p in "abc")
    return AnswerScore(points=points, delivery=Delivery(words=40, fillers=0, duration_s=30.0, time_limit_s=60.0))


@pytest.mark.parametrize(
    ("made", "retry_weak", "said"),
    [
        (False, True, ["This question comes back at the end of the session."]),
        (False, False, []),
        (True, True, []),
    ],
    ids=["weak-retried", "weak-no-retries", "good"],
)
async def test_an_answer_is_saved_and_its_return_said(
    build_app: AppFactory, clock: FakeClock, store: Store, made: bool, retry_weak: bool, said: list[str]
) -> None:
    app = build_app(mode="home")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        question = app.catalog.questions()[0]
        session = PracticeSession(app.catalog.questions(), clock=clock, retry_weak=retry_weak)
        session_id = store.start_session("practice", ["Test bank"], clock())
        attempt = Attempt(question, "my answer", scored(made), started_at=clock(), ended_at=clock())
        session.attempts.append(attempt)
        saved = record_answer(app, session_id, attempt, session)
        await pilot.pause()
        assert saved.id is not None and [a.id for a in store.attempts()] == [saved.id]
        assert [n.message for n in app._notifications] == said


async def test_the_answer_that_makes_a_leech_says_so_once(
    build_app: AppFactory, clock: FakeClock, store: Store
) -> None:
    app = build_app(mode="home")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        question = app.catalog.questions()[0]
        session_id = store.start_session("practice", ["Test bank"], clock())
        for day in range(LEECH_LAPSES + 2):
            at = clock() + timedelta(days=2 * day)
            record_answer(app, session_id, Attempt(question, "um", scored(False), started_at=at, ended_at=at))
        await pilot.pause()
        leeches = [n for n in app._notifications if n.title == "Leech"]
        assert len(leeches) == 1 and leeches[0].message.startswith(f"“{question.text}” answered weakly on")
        changed = replace(store.attempts()[-1], answer="um, again")
        assert record_answer(app, session_id, changed).id == changed.id  # a changed answer: updated, not added
        assert len(store.attempts()) == LEECH_LAPSES + 2
