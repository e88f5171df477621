"""Pilot tests of a typed practice session: answering, time-out, skip, retry, end, and what gets saved."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.pilot import Pilot
from textual.widgets import Static, TextArea

from trainer.core.scoring import UNCALIBRATED
from trainer.core.session import Phase
from trainer.core.store import Store
from trainer.ui.app import TrainerApp
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.practice import PracticeScreen
from trainer.ui.screens.summary import SummaryScreen
from trainer.ui.widgets.feedback import FeedbackPanel

ANSWERS = {
    "pressure": (
        "um so our launch date moved up two weeks, and every morning we wrote a daily priority list "
        "with the team. We shipped on time with zero critical bugs."
    ),
    "weakness": "I take on too much work myself. Honestly that's it.",
}


async def settle(app: TrainerApp, pilot: Pilot[None]) -> None:
    """Let workers finish and their messages land."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def until(pilot: Pilot[None], condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Let the app run until `condition()` holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for the app"
        await pilot.pause(0.05)


def practice_screen(app: TrainerApp) -> PracticeScreen:
    assert isinstance(app.screen, PracticeScreen)
    return app.screen


async def answer_current(app: TrainerApp, pilot: Pilot[None], clock: object, seconds: float = 30) -> str:
    screen = practice_screen(app)
    question_id = screen.session.current.id
    screen.query_one("#answer", TextArea).load_text(ANSWERS[question_id])
    clock.advance(seconds)  # type: ignore[attr-defined]
    await pilot.press("ctrl+s")
    await settle(app, pilot)
    return question_id


async def test_whole_two_question_typed_session_is_saved(build_app, clock, store: Store) -> None:
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = practice_screen(app)
        assert screen.session.phase is Phase.ANSWERING
        # type for real into the answer box, then replace with the full answer
        await pilot.press(*"um")
        assert screen.query_one("#answer", TextArea).text == "um"

        first = await answer_current(app, pilot, clock, seconds=42)
        assert screen.session.phase is Phase.SCORED
        feedback = str(screen.query_one("#feedback", FeedbackPanel).render())
        assert "Points made:" in feedback
        # saved the moment it was scored, before the session ends
        saved = store.attempts()
        assert [a.question.id for a in saved] == [first]

        await pilot.press("n")
        await settle(app, pilot)
        second = await answer_current(app, pilot, clock, seconds=20)
        assert {first, second} == {"pressure", "weakness"}
        await pilot.press("n")
        await settle(app, pilot)
        assert isinstance(app.screen, SummaryScreen)

    session = store.session(store.last_session_id() or 0)
    assert session is not None and session.ended_at is not None
    by_id = {a.question.id: a for a in session.attempts}
    pressure = by_id["pressure"]
    assert pressure.answer == ANSWERS["pressure"]
    assert pressure.score.covered == (True, True, True)
    assert not pressure.score.weak
    assert all(v.evidence and v.evidence in pressure.answer for v in pressure.score.points)
    assert pressure.score.delivery.fillers >= 1  # "um"
    assert pressure.score.delivery.time_limit_s == 60
    weakness = by_id["weakness"]
    assert weakness.score.covered[0] and not weakness.score.covered[1]
    assert weakness.score.weak
    assert weakness.score.delivery.time_limit_s == 90
    assert {pressure.score.delivery.duration_s, weakness.score.delivery.duration_s} == {42.0, 20.0}


async def test_countdown_warns_then_time_out_scores_the_answer(build_app, clock, store: Store) -> None:
    app = build_app(count=1, time_limit=30)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = practice_screen(app)
        screen.query_one("#answer", TextArea).load_text("we shipped on time")
        clock.advance(20)
        countdown = screen.query_one("#countdown")
        # the countdown redraws on a 0.25 s ticker; under load that tick can come late, so wait for it
        await until(pilot, lambda: countdown.has_class("warning"))
        assert "0:10 left" in str(countdown.render())
        clock.advance(11)
        await until(pilot, lambda: screen.session.phase is not Phase.ANSWERING)
        await settle(app, pilot)
        assert screen.session.phase is Phase.SCORED
    (attempt,) = store.attempts()
    assert attempt.score.delivery.over_time
    assert attempt.score.weak
    assert attempt.score.delivery.duration_s == 30


async def test_empty_answer_is_not_submitted_by_mistake(build_app) -> None:
    app = build_app(count=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert practice_screen(app).session.phase is Phase.ANSWERING
        assert any("Type your answer first" in n.message for n in app._notifications)


async def test_skip_then_end_early_keeps_nothing_unanswered(build_app, store: Store) -> None:
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = practice_screen(app)
        skipped = screen.session.current.id
        await pilot.press("ctrl+n")
        await settle(app, pilot)
        assert screen.session.current.id != skipped
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert "No answers were scored" in str(app.screen.query_one("#totals", Static).render())
    assert store.attempts() == []


async def test_retry_keeps_both_answers(build_app, clock, store: Store) -> None:
    app = build_app(count=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        first = await answer_current(app, pilot, clock)
        await pilot.press("r")
        await settle(app, pilot)
        screen = practice_screen(app)
        assert screen.session.phase is Phase.ANSWERING
        assert screen.session.current.id == first
        assert screen.query_one("#answer", TextArea).text == ""
        await answer_current(app, pilot, clock)
        await pilot.press("n")
        await settle(app, pilot)
        assert isinstance(app.screen, SummaryScreen)
    assert [a.question.id for a in store.attempts()] == [first, first]


async def test_keys_offered_follow_the_phase(build_app, clock) -> None:
    app = build_app(count=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = practice_screen(app)
        assert screen.check_action("submit", ())
        assert not screen.check_action("next", ())
        await answer_current(app, pilot, clock)
        assert not screen.check_action("submit", ())
        assert screen.check_action("next", ()) and screen.check_action("retry", ())


async def test_home_starts_a_session_and_opens_drill_and_review(build_app) -> None:
    from trainer.ui.screens.review import ReviewScreen

    app = build_app(mode="home")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("d")
        assert any(n.message.startswith("Nothing to drill") for n in app._notifications)
        await pilot.press("r")
        await settle(app, pilot)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("p")
        await settle(app, pilot)
        assert isinstance(app.screen, PracticeScreen)
        assert app.screen.session.position == (1, 2)


async def test_a_broken_bank_is_named_and_the_rest_still_load(build_app, tmp_path, store: Store) -> None:
    from trainer.catalog import load_catalog

    broken = tmp_path / "broken.yaml"
    broken.write_text("name: Broken\nquestions:\n  - id: x\n    text: [unclosed\n", encoding="utf-8")
    app = build_app(mode="home")
    app.catalog = load_catalog([broken, *[b.path for b in app.catalog.banks if b.path]], builtin_dir=tmp_path / "none")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        # one line on Home (the bank browser names the file and line: tests/ui/test_notices.py), no toast
        assert str(app.screen.query_one("#bank-problems").render()) == "1 bank skipped — b to see why"
        assert not app._notifications
        assert [b.name for b in app.catalog.banks] == ["Test bank"]


async def test_a_failing_judge_falls_back_to_word_matching(build_app, clock, store: Store) -> None:
    class BrokenJudge:
        name = "broken"
        calibration = UNCALIBRATED

        def judge(self, *args: object, **kwargs: object) -> object:
            raise RuntimeError("model exploded")

    app = build_app(count=1, judge_loader=BrokenJudge)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await answer_current(app, pilot, clock)
        assert practice_screen(app).session.phase is Phase.SCORED
        assert app.engines.judge_status == "failed"
    (attempt,) = store.attempts()
    assert attempt.score.method == "lexical"
