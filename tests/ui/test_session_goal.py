"""Pilot test: a session goal chosen on Home is judged in the summary."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, Select, Static, TextArea

from trainer.core.session import Phase
from trainer.core.store import Store
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.practice import PracticeScreen
from trainer.ui.screens.summary import SummaryScreen

MEASURED = (
    "So I was the lead on a launch at a startup and our launch date moved up two weeks. My job was to ship it. "
    "I wrote a daily priority list with the team. We shipped on time with zero critical bugs."
)
VAGUE = "I take on too much work myself. I now delegate code reviews. It went well in the end."


async def until(pilot: Pilot[None], condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for the app"
        await pilot.pause(0.05)


@pytest.mark.parametrize(
    ("goal", "answer", "said"),
    [
        ("measurable", MEASURED, "Goal met: Make every result measurable (1 of 1 answers)."),
        ("measurable", VAGUE, "Goal not met yet: Make every result measurable (0 of 2 answers)."),
        (None, MEASURED, None),
    ],
    ids=["met", "not-met", "no-goal"],
)
async def test_goal_from_home_is_judged_in_the_summary(
    build_app, store: Store, goal: str | None, answer: str, said: str | None
) -> None:
    app = build_app(mode="home", count=1)
    async with app.run_test(size=(80, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        home = app.screen
        if goal is not None:
            home.query_one("#goal", Select).value = goal
        home.query_one("#typed", Checkbox).value = True
        home.query_one("#count", Input).value = "1"
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        screen = app.screen
        assert isinstance(screen, PracticeScreen)
        await until(pilot, lambda: screen.session.phase is Phase.ANSWERING)
        assert screen.session.goal == goal
        # a weak answer is asked once more at the end of the session: answered the same way each time
        while not isinstance(app.screen, SummaryScreen):
            await until(pilot, lambda: screen.session.phase is Phase.ANSWERING)
            screen.query_one("#answer", TextArea).load_text(answer)
            await pilot.press("ctrl+s")
            await until(pilot, lambda: screen.session.phase is Phase.SCORED)
            await pilot.press("n")
            await until(pilot, lambda: isinstance(app.screen, SummaryScreen) or screen.session.phase is Phase.ANSWERING)
        goals = app.screen.query("#goal")
        if said is None:
            assert not goals
        else:
            assert str(goals.first(Static).render()) == said
