"""Cue cards through Pilot: the points and the tip before answering, shown in a first session, ctrl+t remembered."""

from __future__ import annotations

from textual.widgets import Static

from tests.ui.conftest import AppFactory
from trainer.preferences import load_preferences
from trainer.ui.screens.practice import PracticeScreen
from trainer.ui.widgets.cue_cards import CueCards


def cues(app: object) -> CueCards:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, PracticeScreen)
    return screen.query_one("#cues", CueCards)


async def test_a_first_session_shows_the_points_and_tip_before_answering(build_app: AppFactory) -> None:
    app = build_app(count=1, question_ids=("pressure",))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        card = cues(app)
        assert card.display and card.region.height > 0
        shown = str(card.render())
        assert "1 launch date moved up two weeks" in shown and "3 shipped on time with zero critical bugs" in shown
        assert "Tip: Lead with the deadline, end with the result." in shown
        await pilot.press(*"the launch date moved up", "ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not card.display  # the feedback shows each point with its verdict instead


async def test_ctrl_t_hides_them_and_the_next_session_remembers(build_app: AppFactory) -> None:
    app = build_app(count=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+t")  # the answer box has focus: ctrl+t still toggles, nothing is typed
        await pilot.pause()
        assert not cues(app).display
        assert load_preferences().show_cues is False
    again = build_app(count=1)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not cues(again).display
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert cues(again).display and load_preferences().show_cues is True


async def test_a_point_in_a_bank_is_shown_as_text_never_markup(build_app: AppFactory, store) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    store.set_user_points("pressure", ("[red]three[/red] days", "b", "c"), datetime(2026, 11, 1, tzinfo=UTC))
    app = build_app(count=1, question_ids=("pressure",))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "1 [red]three[/red] days" in str(cues(app).render())
        assert isinstance(cues(app), Static)


async def test_c_copies_one_answer_as_markdown(build_app: AppFactory) -> None:
    app = build_app(count=1, question_ids=("pressure",))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*"the launch date moved up two weeks", "ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        markdown = app.clipboard  # what went to the terminal's clipboard
        assert markdown.startswith("# Tell me about a time you worked under pressure.\n")
        assert "the launch date moved up two weeks" in markdown
