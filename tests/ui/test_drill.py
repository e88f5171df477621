"""Pilot tests of drills: due questions from Home, most overdue first, the retry queue, cards moving, re-rating."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from textual.pilot import Pilot
from textual.widgets import Static, TextArea

from trainer.core.models import AnswerScore, Attempt, Delivery, PointVerdict
from trainer.core.scheduling import card_state, update_card
from trainer.core.session import Phase
from trainer.core.store import Store
from trainer.ui.app import TrainerApp
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.practice import PracticeScreen
from trainer.ui.screens.summary import SummaryScreen

GOOD = {
    "pressure": (
        "Our launch date moved up two weeks, so every morning we wrote a daily priority list with the team, "
        "and we shipped on time with zero critical bugs."
    ),
    "weakness": "I take on too much work myself, so I now delegate code reviews, and my team ships faster since.",
}
WEAK = {"weakness": "I take on too much work myself. Honestly that's it.", "pressure": "We worked hard."}


@pytest.fixture(autouse=True)
def utc_local_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is UTC, so days (lapses, streaks) and shown times are the same on every machine."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def seed_weak(app: TrainerApp, store: Store, question_id: str, at: datetime) -> None:
    """A weak answer saved at `at` (a one-answer session) and its card."""
    question = app.catalog.find(question_id)
    assert question is not None
    verdicts = tuple(
        PointVerdict(point=p, score=80 if i == 0 else 10, covered=i == 0) for i, p in enumerate(question.talking_points)
    )
    score = AnswerScore(points=verdicts, delivery=Delivery(words=12, fillers=0, duration_s=20.0, time_limit_s=60.0))
    attempt = Attempt(question=question, answer="…", score=score, started_at=at - timedelta(seconds=20), ended_at=at)
    session_id = store.start_session("practice", [question.bank], at)
    store.save_attempt(session_id, attempt)
    update_card(store, question_id)


async def settle(app: TrainerApp, pilot: Pilot[None]) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def answer(app: TrainerApp, pilot: Pilot[None], clock: object, text: str, seconds: float = 30) -> None:
    screen = app.screen
    assert isinstance(screen, PracticeScreen)
    screen.query_one("#answer", TextArea).load_text(text)
    clock.advance(seconds)  # type: ignore[attr-defined]
    await pilot.press("ctrl+s")
    await settle(app, pilot)
    assert screen.session.phase is Phase.SCORED


async def test_drill_from_home_asks_due_questions_most_overdue_first_and_moves_their_cards(
    build_app, clock, store: Store
) -> None:
    app = build_app(mode="home")
    seed_weak(app, store, "pressure", clock.now - timedelta(days=1))
    seed_weak(app, store, "weakness", clock.now - timedelta(days=3))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert str(app.screen.query_one("#due", Static).render()) == "Drill: 2 due now, 0 this week."
        await pilot.press("d")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, PracticeScreen)
        assert [q.id for q in screen.session.questions] == ["weakness", "pressure"]
        session = store.session(screen.session_id)
        assert session is not None and session.mode == "drill"

        # weak again: Again, due in 10 minutes, and back at the end of this session
        await answer(app, pilot, clock, WEAK["weakness"])
        card = {c.question_id: c for c in store.cards()}["weakness"]
        assert (card.last_rating, card.due) == ("again", clock.now + timedelta(minutes=10))
        assert [q.id for q in screen.session.questions] == ["weakness", "pressure", "weakness"]
        assert any("comes back at the end" in n.message for n in app._notifications)

        await pilot.press("n")
        await settle(app, pilot)
        await answer(app, pilot, clock, GOOD["pressure"])
        card = {c.question_id: c for c in store.cards()}["pressure"]
        # every point, briefly (typed: 12 s to say of 60): easy, so it leaves the learning steps
        assert (card.last_rating, card_state(card), card.due - clock.now) == ("easy", "review", timedelta(days=3))

        await pilot.press("n")
        await settle(app, pilot)
        assert screen.session.current.id == "weakness" and screen.session.position == (3, 3)
        await answer(app, pilot, clock, GOOD["weakness"])
        card = {c.question_id: c for c in store.cards()}["weakness"]
        # weak minutes ago, so fsrs's short-term stability keeps the next test to tomorrow
        assert (card.last_rating, card_state(card), card.due - clock.now) == ("easy", "review", timedelta(days=1))
        assert card.lapses == 2  # weak three days ago and today

        await pilot.press("n")
        await settle(app, pilot)
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("h")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert str(app.screen.query_one("#due", Static).render()) == "Drill: 0 due now, 2 this week."


async def test_drill_with_nothing_due_says_when_the_next_one_is(build_app, clock, store: Store) -> None:
    app = build_app(mode="home")
    seed_weak(app, store, "pressure", clock.now - timedelta(minutes=4))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert str(app.screen.query_one("#due", Static).render()) == "Drill: 0 due now, 1 this week."
        await pilot.press("d")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        messages = [n.message for n in app._notifications]
        assert any(
            m.startswith("Nothing is due now. Next: “Tell me about a time you worked under pressure.” in 6 min")
            for m in messages
        )


async def test_drill_with_no_cards_at_all(build_app) -> None:
    app = build_app(mode="home")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert str(app.screen.query_one("#due", Static).render()) == "Drill: no weak answers waiting."
        await pilot.press("d")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert any(n.message.startswith("Nothing to drill") for n in app._notifications)


async def test_trainer_drill_opens_straight_into_the_drill(build_app, clock, store: Store) -> None:
    app = build_app(mode="drill")
    seed_weak(app, store, "weakness", clock.now - timedelta(hours=2))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, PracticeScreen)
        assert [q.id for q in app.screen.session.questions] == ["weakness"]
        assert app.screen.session.retry_weak


async def test_practice_from_home_brings_a_weak_answer_back(build_app, clock, store: Store) -> None:
    app = build_app(mode="home")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("p")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, PracticeScreen) and screen.session.retry_weak
        first = screen.session.current.id
        await answer(app, pilot, clock, WEAK[first])
        assert [q.id for q in screen.session.questions][-1] == first
        assert len(screen.session.questions) == 3
        [card] = store.cards()
        assert card.question_id == first and card.last_rating == "again"


async def test_a_flipped_verdict_rerates_the_card_and_cancels_the_return(build_app, clock, store: Store) -> None:
    """Issue 4's "I did make that point": the flip is saved, then the app is told, as after any save."""
    app = build_app(mode="home")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("p")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, PracticeScreen)
        weakness_first = screen.session.current.id == "weakness"
        if not weakness_first:
            await answer(app, pilot, clock, GOOD["pressure"])
            await pilot.press("n")
            await settle(app, pilot)
        await answer(app, pilot, clock, WEAK["weakness"])
        assert [q.id for q in screen.session.questions].count("weakness") == 2
        assert [c.question_id for c in store.cards()] == ["weakness"]

        last = screen.session.last_attempt
        assert last is not None
        points = tuple(replace(v, covered=True, overridden=True) if not v.covered else v for v in last.score.points)
        flipped = replace(last, score=replace(last.score, points=points))
        store.update_attempt(flipped)
        screen.session.replace_last(flipped)
        app.record_attempt(screen.session_id, flipped, screen.session)

        assert store.cards() == []  # no weak answer left: nothing to drill
        assert [q.id for q in screen.session.questions].count("weakness") == 1
        assert store.attempts("weakness")[0].score.points[1].overridden
