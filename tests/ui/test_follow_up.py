"""The follow-up note editor through Pilot: the draft, edit, save (also on leaving), reopen, copy, redraft."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Static, TextArea

from tests.ui.test_summary import finish_session, settle
from trainer.core.follow_up import NEVER_SAID, draft_follow_up
from trainer.core.store import Store
from trainer.ui.app import TrainerApp
from trainer.ui.screens.follow_up import FollowUpScreen
from trainer.ui.screens.summary import SummaryScreen

SIGNATURE = "\nSam Rivera"


def note_screen(app: TrainerApp) -> FollowUpScreen:
    assert isinstance(app.screen, FollowUpScreen)
    return app.screen


def editor(app: TrainerApp) -> TextArea:
    return note_screen(app).query_one("#note", TextArea)


def state(app: TrainerApp) -> str:
    return str(note_screen(app).query_one("#state", Static).render())


async def type_at_the_end(app: TrainerApp, pilot: Pilot[None], text: str) -> None:
    area = editor(app)
    area.move_cursor(area.document.end)
    await pilot.press(*["enter" if char == "\n" else char for char in text])


async def test_edit_save_and_reopen_shows_the_saved_note(build_app, clock, store: Store) -> None:
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        summary = await finish_session(app, pilot, clock)
        session_id = summary.session_id
        assert session_id is not None
        await pilot.press("f")
        draft = draft_follow_up(summary.session.attempts)
        assert editor(app).text == draft
        assert app.focused is editor(app)
        assert state(app) == "Draft, not saved yet."
        assert "I've been thinking about your question on my greatest weakness" in draft
        assert not [word for word in NEVER_SAID if word in draft.lower()]
        assert store.follow_up(session_id) is None

        await type_at_the_end(app, pilot, SIGNATURE)
        assert state(app) == "Edited, not saved yet."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert store.follow_up(session_id) == draft + SIGNATURE
        assert state(app) == "Saved."
        assert any("saved with the session" in n.message for n in app._notifications)

        await pilot.press("escape")
        assert app.screen is summary
        await pilot.press("f")  # reopened: the note as saved, not the draft
        assert editor(app).text == draft + SIGNATURE
        assert state(app) == "Saved."


async def test_leaving_saves_an_edit_but_not_an_untouched_draft(build_app, clock, store: Store) -> None:
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        summary = await finish_session(app, pilot, clock)
        session_id = summary.session_id
        assert session_id is not None
        await pilot.press("f")
        await pilot.press("escape")
        assert app.screen is summary
        assert store.follow_up(session_id) is None  # untouched: the report keeps drafting it

        await pilot.click("#follow_up")
        await type_at_the_end(app, pilot, SIGNATURE)
        await pilot.click("#close")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert store.follow_up(session_id) == draft_follow_up(summary.session.attempts) + SIGNATURE


async def test_copy_puts_the_note_as_edited_on_the_clipboard_and_says_how(build_app, clock, store: Store) -> None:
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_session(app, pilot, clock)
        await pilot.press("f")
        await type_at_the_end(app, pilot, SIGNATURE)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.clipboard == editor(app).text
        assert app.clipboard.endswith(SIGNATURE)
        assert any("if your terminal supports OSC 52" in n.message for n in app._notifications)


async def test_redraft_puts_the_draft_back_and_undo_restores_the_edit(build_app, clock, store: Store) -> None:
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        summary = await finish_session(app, pilot, clock)
        draft = draft_follow_up(summary.session.attempts)
        await pilot.press("f")
        await type_at_the_end(app, pilot, SIGNATURE)
        await pilot.press("ctrl+s", "ctrl+r")
        await pilot.pause()
        assert editor(app).text == draft
        assert state(app) == "Edited since it was saved."
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert editor(app).text == draft + SIGNATURE


async def test_the_editor_fits_80x24(build_app, clock, store: Store) -> None:
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_session(app, pilot, clock)
        await pilot.press("f")
        await settle(app, pilot)
        screen = note_screen(app)
        for selector in ("#hint", "#note", "#buttons", "#state"):
            region = screen.query_one(selector).region
            assert region.height > 0 and region.bottom <= 23, selector  # above the footer
        assert screen.query_one("#note").region.height >= 10
