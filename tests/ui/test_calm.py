"""Calm mode: feedback with no numbers, only what to do next; the numbers are still saved."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from textual.pilot import Pilot
from textual.widgets import TextArea

from trainer.core.models import Attempt, Question
from trainer.core.scoring import score_answer
from trainer.core.session import Phase
from trainer.core.store import Store
from trainer.ui.screens.practice import PracticeScreen
from trainer.ui.widgets.calm import calm_feedback_text, next_steps
from trainer.ui.widgets.countdown import Countdown
from trainer.ui.widgets.feedback import FeedbackPanel

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _attempt(answer: str, points: tuple[str, ...] = ("moved the tills",), kind: str = "stock") -> Attempt:
    question = Question("q", "Q?", kind=kind, talking_points=points)  # type: ignore[arg-type]
    return Attempt(question, answer, score_answer(answer, points, kind=question.kind), T0, T0)


@pytest.mark.parametrize(
    ("answer", "steps"),
    [
        ("I was a lead at a shop. My job was to fix it. I moved the tills. Sales rose by a third.", []),
        ("I was a lead at a shop. My job was to fix it. I moved the tills. It went well in the end.",
         ["Give the result a number, a time or something that visibly happened."]),
        ("We moved the tills, I think.", ["Set the scene first: when, where, what was going on.",
                                          "Say what was yours to do.",
                                          'Say "I" for what you did yourself, not only "we".',
                                          "End with how it turned out.",
                                          "Say it plainly: leave out the softeners (i think)."]),
        ("", ["Say something, even a first sentence: it gets easier once you start."]),
    ],
    ids=["nothing-to-change", "vague-result", "many", "empty"],
)  # fmt: skip
def test_next_steps(answer: str, steps: list[str]) -> None:
    assert next_steps(_attempt(answer)) == steps


def test_a_missed_point_is_the_first_thing_to_do() -> None:
    steps = next_steps(_attempt("I was a lead at a shop. I sold hats.", points=("moved the tills",)))
    assert steps[0] == "Bring in: moved the tills"


def test_calm_text_has_no_numbers() -> None:
    text = calm_feedback_text(_attempt("um, like, we moved the tills and sales rose 30% in 2 weeks")).plain
    assert not re.search(r"\d", text) and "What to do next" in text


async def until(pilot: Pilot[None], condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for the app"
        await pilot.pause(0.05)


async def test_calm_mode_in_a_typed_session(build_app, store: Store) -> None:
    app = build_app(count=1)
    app.settings = replace(app.settings, calm=True)
    async with app.run_test(size=(80, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, PracticeScreen)
        await until(pilot, lambda: screen.session.phase is Phase.ANSWERING)
        screen.query_one("#answer", TextArea).load_text("um so we had 2 weeks and we shipped it")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: screen.session.phase is Phase.SCORED)
        await pilot.pause()
        feedback = str(screen.query_one("#feedback", FeedbackPanel).render())
        assert "What to do next" in feedback and "Bring in:" in feedback
        assert "Points made" not in feedback and "filler" not in feedback
        assert str(screen.query_one("#countdown", Countdown).render()).strip() == ""
    (saved,) = store.attempts()  # the numbers are still saved
    assert saved.score.delivery.fillers == 1 and len(saved.score.points) == 3


async def test_calm_mode_summary_has_no_figures(build_app, store: Store) -> None:
    from textual.widgets import DataTable, Static

    from trainer.ui.screens.summary import SummaryScreen

    app = build_app(count=1)
    app.settings = replace(app.settings, calm=True, follow_up_questions=False)
    async with app.run_test(size=(80, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, PracticeScreen)
        await until(pilot, lambda: screen.session.phase is Phase.ANSWERING)
        screen.query_one("#answer", TextArea).load_text("um so our launch date moved up 2 weeks")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: screen.session.phase is Phase.SCORED)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        summary = app.screen
        text = str(summary.query_one("#calm", Static).render())
        assert "What came across" in text and "What to do next" in text
        assert not summary.query("#totals") and not summary.query("#went-well")
        table = summary.query_one("#answers", DataTable)
        assert [str(c.label) for c in table.columns.values()] == ["#", "Question", "Points"]
