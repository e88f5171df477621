"""The session summary through Pilot: good first, then what to improve, the key messages, and the reflection prompts."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import Button, DataTable, Static, TextArea

from trainer.core.reflection import Reflection
from trainer.core.store import Store
from trainer.ui.app import TrainerApp
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.practice import PracticeScreen
from trainer.ui.screens.reflection import ReflectionScreen
from trainer.ui.screens.review import ReviewScreen
from trainer.ui.screens.summary import SummaryScreen

ANSWERS = {
    "pressure": (
        "um so our launch date moved up two weeks, and every morning we wrote a daily priority list "
        "with the team. We shipped on time with zero critical bugs."
    ),
    "weakness": "I take on too much work myself. Honestly that's it.",
}
KEY_MESSAGES = ("I ship under pressure without cutting corners",)


async def settle(app: TrainerApp, pilot: Pilot[None]) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def finish_session(
    app: TrainerApp, pilot: Pilot[None], clock: object, seconds: float = 30, answers: dict[str, str] = ANSWERS
) -> SummaryScreen:
    """Answer every question of the session (typed), and return the summary it ends on."""
    await settle(app, pilot)
    while isinstance(app.screen, PracticeScreen):
        screen = app.screen
        screen.query_one("#answer", TextArea).load_text(answers[screen.session.current.id])
        clock.advance(seconds)  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
    assert isinstance(app.screen, SummaryScreen)
    return app.screen


def shown(screen: SummaryScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_what_went_well_comes_first_then_what_to_improve_then_the_key_messages(
    build_app, clock, store: Store
) -> None:
    store.set_key_messages(KEY_MESSAGES, clock())
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        summary = await finish_session(app, pilot, clock)
        numbers = {a.question.id: n for n, a in enumerate(summary.session.attempts, start=1)}
        order = [w.id for w in summary.query_one("#summary", VerticalScroll).children]
        assert order.index("went-well") < order.index("to-improve") < order.index("key-messages")
        well = shown(summary, "#went-well")
        assert well.startswith("What went well")
        assert f"✓ shipped on time with zero critical bugs  #{numbers['pressure']}" in well
        assert f"✓ I take on too much work myself  #{numbers['weakness']}" in well
        assert "✓ Both answers finished within their time limit" in well
        improve = shown(summary, "#to-improve")
        assert f"→ I now delegate code reviews  #{numbers['weakness']}" in improve
        assert f"→ my team ships faster since  #{numbers['weakness']}" in improve
        assert "pressure" not in improve and "shipped" not in improve
        assert "Your key messages: 1 of 1 came across" in shown(summary, "#key-messages")
        assert "2 answers · 4 of 6 points made" in shown(summary, "#totals")
        assert summary.query_one("#answers", DataTable).row_count == 2


async def test_the_summary_scrolls_at_80x24(build_app, clock, store: Store) -> None:
    store.set_key_messages(KEY_MESSAGES, clock())
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        summary = await finish_session(app, pilot, clock)
        await pilot.press("r")
        await pilot.press(*"the launch story", "tab", "tab", *"lead with the result", "ctrl+s")
        await pilot.pause()
        scroll = summary.query_one("#summary", VerticalScroll)
        assert app.focused is scroll  # the arrow keys move the summary, not a row of the table
        assert scroll.max_scroll_y > 0  # more than a screen: it must scroll, not clip
        await pilot.press("end")
        await pilot.pause(0.5)
        assert scroll.scroll_y == scroll.max_scroll_y
        assert summary.query_one("#reflection", Static).region.bottom <= 23  # the last section is on screen


async def test_reflection_answered_saved_and_shown_then_in_review(build_app, clock, store: Store) -> None:
    app = build_app(mode="home")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("p")
        summary = await finish_session(app, pilot, clock)
        session_id = store.last_session_id()
        assert session_id is not None and summary.session_id == session_id
        assert not summary.query_one("#reflection", Static).display  # nothing written yet

        await pilot.press("r")
        modal = app.screen
        assert isinstance(modal, ReflectionScreen)
        assert app.focused is modal.query_one("#went_well", TextArea)
        await pilot.press(*"my pressure story landed", "tab", "tab", *"pause before answering")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is summary
        assert store.reflection(session_id) == Reflection("my pressure story landed", None, "pause before answering")
        panel = shown(summary, "#reflection")
        assert "What went well? my pressure story landed" in panel
        assert "What will I do next time? pause before answering" in panel
        assert "What went wrong?" not in panel  # skipped

        await pilot.press("r")  # opens again with what was saved
        assert app.screen.query_one("#went_well", TextArea).text == "my pressure story landed"
        assert app.screen.query_one("#went_wrong", TextArea).text == ""
        await pilot.press("escape")
        assert app.screen is summary

        await pilot.press("h")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("r")
        await settle(app, pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        shown_in_review = review.query_one("#reflection", Static)
        assert shown_in_review.display
        assert "Your reflection on this session" in str(shown_in_review.render())
        assert "pause before answering" in str(shown_in_review.render())


async def test_skipping_the_reflection_saves_nothing(build_app, clock, store: Store) -> None:
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        summary = await finish_session(app, pilot, clock)
        await pilot.press("r")
        assert isinstance(app.screen, ReflectionScreen)
        await pilot.press(*"half a thought")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is summary
        assert not summary.query_one("#reflection", Static).display
        await pilot.click("#reflect")  # the button opens the same prompts
        assert isinstance(app.screen, ReflectionScreen)
        await pilot.click("#skip")
        await pilot.pause()
        assert app.screen is summary
    assert store.reflections() == {}


async def test_a_review_row_of_a_session_without_a_reflection_shows_none(build_app, clock, store: Store) -> None:
    app = build_app(mode="home")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("p")
        await finish_session(app, pilot, clock)  # the first session: no reflection
        await pilot.press("h")
        await settle(app, pilot)
        clock.advance(3600)
        await pilot.press("p")
        await finish_session(app, pilot, clock)
        await pilot.press("r")
        await pilot.press(*"calmer this time", "ctrl+s")
        await pilot.press("h")
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        panel = review.query_one("#reflection", Static)
        assert panel.display and "calmer this time" in str(panel.render())  # newest first: the second session
        second = store.session(store.last_session_id() or 0)
        assert second is not None
        await pilot.press(*["down"] * len(second.attempts))  # past the second session's answers to the first's
        await pilot.pause()
        assert not panel.display


async def test_with_no_answers_there_is_nothing_to_note_or_reflect_on(build_app, store: Store) -> None:
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("escape")  # end the session at once
        await settle(app, pilot)
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        assert "No answers were scored" in shown(summary, "#totals")
        assert not summary.query("#went-well") and not summary.query("#to-improve")
        assert summary.query_one("#reflect", Button).disabled and summary.query_one("#follow_up", Button).disabled
        await pilot.press("r", "f")
        await pilot.pause()
        assert app.screen is summary
    assert store.reflections() == {}


async def test_the_review_panel_hides_when_a_filter_leaves_no_answer(build_app, clock, store: Store) -> None:
    strong = {
        **ANSWERS,
        "weakness": "I take on too much work myself, so I now delegate code reviews; my team ships faster since.",
    }
    app = build_app(mode="home")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("p")
        await finish_session(app, pilot, clock, answers=strong)
        await pilot.press("r", *"all three points twice", "ctrl+s", "h")
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        panel = app.screen.query_one("#reflection", Static)
        assert panel.display
        await pilot.press("w")  # weak answers only: there are none
        await pilot.pause()
        assert app.screen.query_one("#history-table", DataTable).row_count == 0
        assert not panel.display
        await pilot.press("w")
        await pilot.pause()
        assert panel.display and "all three points twice" in str(panel.render())


async def test_an_answer_to_a_question_without_points_is_not_called_strong(build_app, clock, bank_file) -> None:
    bank_file.write_text(
        "name: Test bank\nquestions:\n  - id: open\n    text: Why should we hire you?\n"
        "  - id: pressure\n    text: Tell me about a time you worked under pressure.\n    talking_points:\n"
        "      - launch date moved up two weeks\n      - daily priority list with the team\n"
        "      - shipped on time with zero critical bugs\n",
        encoding="utf-8",
    )
    app = build_app()
    answers = {"open": "I ship fast and I learn fast.", "pressure": ANSWERS["pressure"]}
    async with app.run_test(size=(100, 30)) as pilot:
        summary = await finish_session(app, pilot, clock, answers=answers)
        numbers = {a.question.id: n for n, a in enumerate(summary.session.attempts, start=1)}
        totals = shown(summary, "#totals")
        assert "3 of 3 points made · 1 strong, 0 to practise again · 1 not judged: no talking points yet" in totals
        improve = shown(summary, "#to-improve")
        assert f"→ No talking points to judge it by: add your three  #{numbers['open']}" in improve
        table = summary.query_one("#answers", DataTable)
        row = table.get_row_at(numbers["open"] - 1)
        assert (str(row[2]), row[3]) == ("none yet", "—")
