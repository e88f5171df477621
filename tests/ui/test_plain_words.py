"""Plain words through Pilot: the drill names questions by their text, offers to drill early, shows what was missed."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Static

from tests.ui.test_drill import seed_weak, settle, utc_local_time  # noqa: F401 - autouse: local time is UTC
from trainer.core.store import Store
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.practice import PracticeScreen
from trainer.ui.screens.question_history import QuestionHistoryScreen
from trainer.ui.widgets.cue_cards import CueCards


async def test_nothing_due_names_the_question_and_a_second_d_drills_early(build_app, clock, store: Store) -> None:
    app = build_app(mode="home")
    seed_weak(app, store, "pressure", clock.now - timedelta(minutes=4))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("d")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        (message,) = [n.message for n in app._notifications]
        assert "“Tell me about a time you worked under pressure.”" in message and "pressure in" not in message
        assert message.endswith("Press d again to drill early.")
        await pilot.press("d")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, PracticeScreen) and screen.options.mode == "drill"
        assert screen.session.current.id == "pressure"
        # what the last answer missed, marked on the cue cards
        cues = str(screen.query_one("#cues", CueCards).render())
        assert "1 launch date moved up two weeks\n" in cues
        assert "2 daily priority list with the team  ✗ missed last time" in cues


async def test_a_drill_with_cues_hidden_still_says_how_many_points_were_missed(build_app, clock, store: Store) -> None:
    from trainer.preferences import update_preferences

    update_preferences(show_cues=False)
    app = build_app(mode="home")
    seed_weak(app, store, "pressure", clock.now - timedelta(days=2))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("d")
        await settle(app, pilot)
        cues = app.screen.query_one("#cues", CueCards)
        assert cues.display and str(cues.render()) == "Last time 2 points missed (ctrl+t shows them)."


async def test_question_history_speaks_plainly(build_app, clock, store: Store) -> None:
    app = build_app(mode="home")
    seed_weak(app, store, "pressure", clock.now - timedelta(minutes=4))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.push_screen(QuestionHistoryScreen(store.attempts("pressure"), store.cards()[0], clock.now))
        await settle(app, pilot)
        title = str(app.screen.query_one("#question-title", Static).render())
        card = str(app.screen.query_one("#card", Static).render())
        assert title.endswith("(1 attempt)") and "pressure," not in title
        assert card.startswith("Drill: again later today · weak on 1 day")
        for jargon in ("lapse", "learning", "relearning", "rated"):
            assert jargon not in card


async def test_review_counts_one_answer_in_the_singular(build_app, clock, store: Store) -> None:
    app = build_app(mode="home")
    seed_weak(app, store, "pressure", clock.now - timedelta(minutes=4))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        overview = str(app.screen.query_one("#overview", Static).render())
        assert " · 1 answer, 1 weak · " in overview


async def test_two_leeches_are_one_notice(build_app, clock, store: Store) -> None:
    from trainer.core.scheduling import LEECH_LAPSES

    app = build_app(mode="home")
    for question_id in ("pressure", "weakness"):
        for days in range(LEECH_LAPSES):
            seed_weak(app, store, question_id, clock.now - timedelta(days=20 - days))
    assert all(card.leech for card in store.cards())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("d")
        await settle(app, pilot)
        leech = [n.message for n in app._notifications if n.title == "Leech"]
        assert len(leech) == 1 and leech[0].startswith("2 questions keep coming back weak")
