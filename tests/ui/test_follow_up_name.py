"""The follow-up note's name field through Pilot: the greeting names the interviewer, and the name is remembered."""

from __future__ import annotations

from textual.widgets import Input, TextArea

from tests.ui.test_summary import finish_session
from trainer.core.follow_up import draft_follow_up
from trainer.preferences import load_preferences
from trainer.ui.screens.follow_up import FollowUpScreen


async def test_the_interviewers_name_goes_into_an_untouched_draft_and_is_remembered(build_app, clock) -> None:
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        summary = await finish_session(app, pilot, clock)
        await pilot.press("f")
        screen = app.screen
        assert isinstance(screen, FollowUpScreen)
        note = screen.query_one("#note", TextArea)
        assert note.text.split("\n\n")[1] == "Hello,"
        screen.query_one("#name", Input).focus()
        await pilot.press(*"Ms [b]Ito")
        await pilot.pause()
        assert note.text.split("\n\n")[1] == "Dear Ms [b]Ito,"  # as typed: a name is text, never markup
        assert note.text == draft_follow_up(summary.session.attempts, name="Ms [b]Ito")
        assert load_preferences().interviewer == "Ms [b]Ito"
        await pilot.press("escape")  # an untouched draft stays a draft
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FollowUpScreen)
        assert app.screen.query_one("#name", Input).value == "Ms [b]Ito"
        assert app.screen.query_one("#note", TextArea).text.startswith(
            "Subject: Thank you for today\n\nDear Ms [b]Ito,"
        )


async def test_an_edited_note_is_never_overwritten_by_a_new_name(build_app, clock) -> None:
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_session(app, pilot, clock)
        await pilot.press("f")
        screen = app.screen
        assert isinstance(screen, FollowUpScreen)
        note = screen.query_one("#note", TextArea)
        note.load_text("My own words.")
        screen.query_one("#name", Input).value = "Dr Okafor"
        await pilot.pause()
        assert note.text == "My own words."


async def test_saving_the_note_says_so_under_it_not_over_it(build_app, clock) -> None:
    from trainer.ui.widgets.notice_line import NoticeLine

    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_session(app, pilot, clock)
        await pilot.press("f", "ctrl+s")
        await pilot.pause()
        screen = app.screen
        notice = screen.query_one("#notice", NoticeLine)
        assert notice.message == "Follow-up note saved with the session."
        assert not notice.region.overlaps(screen.query_one("#note", TextArea).region)
        assert all(not toast.visible for toast in screen.query("Toast"))
