"""The bank browser through Pilot: open from home, search, tick and practise, edit the three points; a snapshot."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static, TextArea

from tests.ui.conftest import BANK, FakeClock
from trainer import paths
from trainer.catalog import load_catalog
from trainer.cli import main
from trainer.config import Settings
from trainer.core.banks import with_user_points
from trainer.core.store import Store, utc_now
from trainer.ui.app import TrainerApp, make_app
from trainer.ui.screens.banks import BanksScreen
from trainer.ui.screens.edit_points import EditPointsScreen
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.practice import PracticeScreen
from trainer.ui.screens.summary import SummaryScreen

ROOT = Path(__file__).resolve().parents[2]
SECOND_BANK = """\
name: Teamwork
questions:
  - id: conflict
    text: Tell me about a conflict with a co-worker.
    category: People
  - id: mentoring
    text: Who have you mentored, and how did they grow?
    talking_points: [a junior engineer I mentored, weekly pairing sessions, promoted within a year]
  - id: feedback
    text: What is the most constructive feedback you have received?
"""
NEW_POINTS = ("I say yes to too much work", "I now plan my week with my manager", "I hit every deadline this quarter")


@pytest.fixture
def user_banks() -> Path:
    """The test bank and a second one, as the user's own banks (so the CLI sees them too)."""
    folder = paths.banks_dir()
    (folder / "test-bank.yaml").write_text(BANK, encoding="utf-8")
    (folder / "teamwork.yaml").write_text(SECOND_BANK, encoding="utf-8")
    return folder


@pytest.fixture
def browser_app(user_banks: Path, store: Store, clock: FakeClock, tmp_path: Path) -> TrainerApp:
    """The real app on its home screen, over the two user banks only, lexical scoring."""
    empty = tmp_path / "no-builtin"
    empty.mkdir()
    return make_app(
        settings=Settings(use_judge=False),
        store=store,
        catalog=load_catalog(user_points=store.user_points(), builtin_dir=empty),
        clock=clock,
        rng=random.Random(7),
        judge_loader=None,
    )


async def settle(app: TrainerApp, pilot: Pilot[None]) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def browser(app: TrainerApp) -> BanksScreen:
    assert isinstance(app.screen, BanksScreen)
    return app.screen


def shown_ids(app: TrainerApp) -> list[str]:
    return [q.id for q in browser(app)._shown]


async def replace_text(pilot: Pilot[None], text: str) -> None:
    """Clear the focused input and type `text` into it, key by key."""
    await pilot.press("home", "ctrl+k")
    if text:
        await pilot.press(*text)


async def paste(pilot: Pilot[None], text: str) -> None:
    """Put `text` in the focused input in one go (as a paste would), quicker than a key per character."""
    field = pilot.app.focused
    assert isinstance(field, Input)
    field.value = text
    await pilot.pause()


def listed_points(question_id: str) -> list[str]:
    result = CliRunner().invoke(main, ["banks", "list", "--json"])
    assert result.exit_code == 0, result.stderr
    banks = json.loads(result.stdout)["banks"]
    return next(q["talking_points"] for b in banks for q in b["questions"] if q["id"] == question_id)


async def test_home_opens_the_browser_by_key_and_button_and_escape_returns(browser_app: TrainerApp) -> None:
    app = browser_app
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("b")
        assert shown_ids(app) == ["conflict", "mentoring", "feedback", "pressure", "weakness"]
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        await pilot.click("#banks-button")
        await pilot.pause()
        assert isinstance(app.screen, BanksScreen)
        assert not any("not built yet" in n.message for n in app._notifications)


async def test_search_is_fuzzy_and_live_and_banks_filter(browser_app: TrainerApp) -> None:
    app = browser_app
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("b", "slash", *"confilct")  # a typo still finds it
        assert shown_ids(app) == ["conflict"]
        await pilot.press(*" xyz")
        assert shown_ids(app) == []
        assert "No question matches" in str(browser(app).query_one("#detail", Static).render())
        await replace_text(pilot, "priority")  # found through a talking point
        assert shown_ids(app) == ["pressure"]
        await replace_text(pilot, "")
        bank_list = browser(app).query_one("#bank-list", OptionList)
        bank_list.highlighted = 2  # the second bank: Test bank
        await pilot.pause()
        assert shown_ids(app) == ["pressure", "weakness"]
        await pilot.press("slash", *"greatest")  # the search applies within the bank
        assert shown_ids(app) == ["weakness"]


async def test_edit_points_with_inline_errors_then_save_is_used_everywhere(
    browser_app: TrainerApp, store: Store, clock: FakeClock, user_banks: Path
) -> None:
    app = browser_app
    bank_file = user_banks / "test-bank.yaml"
    before = hashlib.sha256(bank_file.read_bytes()).hexdigest()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("b", "slash", *"weaknes", "enter")
        assert shown_ids(app) == ["weakness"]
        await pilot.press("e")
        modal = app.screen
        assert isinstance(modal, EditPointsScreen)
        assert modal.values() == [
            "I take on too much work myself",
            "I now delegate code reviews",
            "my team ships faster since",
        ]

        # point 1 new, point 2 emptied, point 3 too long: saving shows both problems and keeps the form open
        await replace_text(pilot, NEW_POINTS[0])
        await pilot.press("tab")
        await replace_text(pilot, "")
        await pilot.press("tab")
        await paste(pilot, "x" * 121)
        error_3 = modal.query_one("#error-3", Static)
        assert error_3.display and "Point 3 is 121 characters; at most 120." in str(error_3.render())
        await pilot.press("ctrl+s")
        assert app.screen is modal
        assert "Point 2 is empty." in str(modal.query_one("#error-2", Static).render())
        assert modal.query_one("#point-2", Input).has_focus
        assert not modal.query_one("#error-1", Static).display
        assert store.user_points() == {}

        await paste(pilot, NEW_POINTS[1])
        await pilot.press("tab")
        await paste(pilot, NEW_POINTS[2])
        assert not modal.query_one("#error-2", Static).display and not error_3.display
        await pilot.press("enter")  # enter on the last point saves
        await pilot.pause()
        assert isinstance(app.screen, BanksScreen)

        assert store.user_points() == {"weakness": NEW_POINTS}
        found = app.catalog.find("weakness")
        assert found is not None and found.talking_points == NEW_POINTS
        detail = str(browser(app).query_one("#detail", Static).render())
        assert "your points (e to edit)" in detail and NEW_POINTS[1] in detail
        assert listed_points("weakness") == list(NEW_POINTS)

        # practise exactly that question: it is scored against the new points
        await pilot.press("space", "s")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, PracticeScreen)
        assert [q.id for q in screen.session.questions] == ["weakness"]
        screen.query_one("#answer", TextArea).load_text("Honestly I say yes to too much work. That is all.")
        clock.advance(20)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    (attempt,) = store.attempts()
    assert tuple(v.point for v in attempt.score.points) == NEW_POINTS
    assert attempt.score.covered == (True, False, False)
    assert hashlib.sha256(bank_file.read_bytes()).hexdigest() == before  # the bank file is never written


async def test_cancel_keeps_the_points(browser_app: TrainerApp, store: Store) -> None:
    app = browser_app
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("b", "e")
        assert isinstance(app.screen, EditPointsScreen)
        await replace_text(pilot, "something else")
        await pilot.press("escape")
        assert isinstance(app.screen, BanksScreen)
    assert store.user_points() == {}


async def test_tick_questions_from_two_banks_and_practise_exactly_those(browser_app: TrainerApp, store: Store) -> None:
    app = browser_app
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("b", "s")
        assert any("Tick questions first" in n.message for n in app._notifications)
        # rows: conflict, mentoring, feedback, pressure, weakness; a tick moves the cursor down a row
        await pilot.press("down", "down", "space", "down", "space", "space", "space")
        screen = browser(app)
        assert screen.ticked == ["feedback", "weakness"]
        assert "2 questions ticked" in str(screen.query_one("#picked", Static).render())
        await pilot.press("s")
        await settle(app, pilot)
        practice = app.screen
        assert isinstance(practice, PracticeScreen)
        assert [q.id for q in practice.session.questions] == ["feedback", "weakness"]
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("h")
        assert isinstance(app.screen, HomeScreen)  # Home, not the browser the session was started from
    session = store.session(1)
    assert session is not None and set(session.banks) == {"Test bank", "Teamwork"}


async def test_built_in_bank_files_are_never_written(store: Store, clock: FakeClock) -> None:
    builtin = sorted((ROOT / "question_banks").glob("*.yaml"))
    before = {p.name: p.read_bytes() for p in builtin}
    app = make_app(
        settings=Settings(use_judge=False),
        store=store,
        catalog=load_catalog(user_points=store.user_points()),
        clock=clock,
        judge_loader=None,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("b", "slash", *"greatest weakness", "enter", "e")
        assert isinstance(app.screen, EditPointsScreen)
        for number, point in enumerate(NEW_POINTS):
            await paste(pilot, point)
            await pilot.press("enter" if number < 2 else "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, BanksScreen)
    assert store.user_points()["greatest-weakness"] == NEW_POINTS
    assert {p.name: p.read_bytes() for p in builtin} == before


class TestBankBrowser:
    def test_bank_browser(self, snap_compare, browser_app: TrainerApp) -> None:
        async def open_browser(pilot: Pilot[None]) -> None:
            await settle(browser_app, pilot)
            await pilot.press("b", "down", "space")  # mentoring ticked; the cursor moves on to feedback
            await pilot.pause()

        assert snap_compare(browser_app, terminal_size=(80, 24), run_before=open_browser)


async def test_an_invisible_point_is_refused_and_a_vague_one_is_saved_with_a_warning(
    browser_app: TrainerApp, store: Store
) -> None:
    app = browser_app
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("b", "slash", *"weaknes", "enter", "e")
        modal = app.screen
        assert isinstance(modal, EditPointsScreen)
        warning_2 = modal.query_one("#warning-2", Static)
        assert not warning_2.display  # the test bank's points are all checkable

        await paste(pilot, "\u200b\u200b")
        await pilot.press("tab")
        await paste(pilot, "teamwork")
        await pilot.press("tab")  # leaving the field says what keeps it from being checked
        assert warning_2.display
        assert str(warning_2.render()) == (
            "Point 2 has only general words, so any answer could claim it; add a number, a name or an outcome."
        )
        await pilot.press("ctrl+s")
        assert app.screen is modal and store.user_points() == {}
        error_1 = modal.query_one("#error-1", Static)
        assert str(error_1.render()) == "Point 1 shows nothing but hidden characters; type it again."
        assert modal.query_one("#point-1", Input).has_focus

        await paste(pilot, "I rush\u200b code reviews")
        await pilot.press("ctrl+s")
        assert app.screen is modal and store.user_points() == {}
        assert "Point 1 has a hidden character (U+200B ZERO WIDTH SPACE)" in str(error_1.render())

        await paste(pilot, "I rush code reviews")
        assert not error_1.display  # fixed as it is typed
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, BanksScreen)
        saved = store.user_points()["weakness"]
        assert saved == ("I rush code reviews", "teamwork", "my team ships faster since")
        notes = [n.message for n in app._notifications]
        assert (
            "Point 2 has only general words, so any answer could claim it; add a number, a name or an outcome." in notes
        )


async def test_a_vague_point_already_saved_is_flagged_when_the_form_opens(
    browser_app: TrainerApp, store: Store
) -> None:
    app = browser_app
    own = ("hard work", "I now delegate code reviews", "what I do about it")
    store.set_user_points("weakness", own, utc_now())
    app.catalog.banks = with_user_points(app.catalog.banks, {"weakness": own})
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("b", "slash", *"weaknes", "enter", "e")
        modal = app.screen
        assert isinstance(modal, EditPointsScreen)
        shown = [modal.query_one(f"#warning-{n}", Static) for n in (1, 2, 3)]
        assert [w.display for w in shown] == [True, False, True]
        assert str(shown[2].render()) == (
            "Point 3 has only common words; say what you did: add a number, a name or an outcome."
        )
        await pilot.press("home", "ctrl+k", *"I sped up reviews by half")
        assert not shown[0].display  # a warning clears as the point is fixed
