"""Snapshot tests, grouped by feature, at a fixed 80x24 with a frozen clock and a seeded question order."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import TextArea

from trainer.ui.screens.practice import PracticeScreen

ANSWER = (
    "um so our launch date moved up two weeks and like every morning we wrote a daily priority list "
    "with the team, and uh honestly it worked"
)


class TestFeedback:
    def test_feedback_panel(self, snap_compare, build_app, clock) -> None:
        app = build_app(count=1)

        async def answer(pilot: Pilot[None]) -> None:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, PracticeScreen)
            screen.query_one("#answer", TextArea).load_text(ANSWER)
            clock.advance(37)
            await pilot.press("ctrl+s")
            await app.workers.wait_for_complete()
            await pilot.pause()

        assert snap_compare(app, terminal_size=(80, 24), run_before=answer)


class TestSummary:
    def test_summary_after_two_answers(self, snap_compare, build_app, clock) -> None:
        app = build_app(count=2)

        async def session(pilot: Pilot[None]) -> None:
            await pilot.pause()
            for seconds in (37, 81):
                screen = app.screen
                assert isinstance(screen, PracticeScreen)
                screen.query_one("#answer", TextArea).load_text(ANSWER)
                clock.advance(seconds)
                await pilot.press("ctrl+s")
                await app.workers.wait_for_complete()
                await pilot.pause()
                await pilot.press("n")
                await pilot.pause()

        assert snap_compare(app, terminal_size=(80, 24), run_before=session)
