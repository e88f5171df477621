"""Importing a bank from the bank browser through Pilot: i, a file, the outcome, and the bank in the browser."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Button, Input, OptionList, Static

from tests.ui.conftest import BANK
from trainer import paths
from trainer.core.banks import check_bank
from trainer.ui.app import TrainerApp
from trainer.ui.screens.banks import BanksScreen
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.import_bank import ImportBankScreen
from trainer.ui.widgets.ticks import TickList

LIST = """\
# Interview prep

1. How do you handle a disagreement with a [b]peer[/b]?
2. Describe your ideal team.

Some prose.
"""


async def open_import(app: TrainerApp, pilot: Pilot[None]) -> ImportBankScreen:
    """Home, then the bank browser (b), then its import form (i)."""
    await pilot.pause()
    await pilot.press("b")
    assert isinstance(app.screen, BanksScreen)
    await pilot.press("i")
    await pilot.pause()
    assert isinstance(app.screen, ImportBankScreen)
    return app.screen


async def fill(pilot: Pilot[None], form: ImportBankScreen, file: str, name: str = "") -> None:
    """Type the file and the name, then enter on the last field imports."""
    form.query_one("#field-1", Input).value = file
    form.query_one("#field-2", Input).value = name
    form.query_one("#field-2", Input).focus()
    await pilot.press("enter")
    await pilot.pause()


def bank_names(app: TrainerApp) -> list[str]:
    bank_list = app.screen.query_one("#bank-list", OptionList)
    return [str(bank_list.get_option_at_index(i).prompt) for i in range(bank_list.option_count)]


async def test_a_markdown_list_is_imported_and_shows_in_the_browser(
    user_banks_app: Callable[[], TrainerApp], tmp_path: Path
) -> None:
    (paths.banks_dir() / "test-bank.yaml").write_text(BANK, encoding="utf-8")
    source = tmp_path / "[bold]  prep.md"  # a file name is data, never markup; its spaces are its own
    source.write_text(LIST, encoding="utf-8")
    app = user_banks_app()
    async with app.run_test(size=(100, 30)) as pilot:
        form = await open_import(app, pilot)
        await fill(pilot, form, str(source))
        target = paths.banks_dir() / "bold-prep.yaml"
        outcome = str(form.query_one("#outcome", Static).render())
        assert f"imported 2 questions from {source} into {target} (bank 'Interview prep')" in outcome
        assert "skipped 1 line:\n  line 6: not a list item: 'Some prose.'" in outcome
        assert not form.query_one("#error", Static).display
        assert form.query_one("#save", Button).disabled
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BanksScreen)
        assert bank_names(app) == ["All banks (4)", "Test bank (2)", "Interview prep (2)"]
        assert [q.id for q in app.screen._shown][2:] == [
            "how-do-you-handle-a-disagreement-with-a-b-peer-b",
            "describe-your-ideal-team",
        ]
        assert "Interview prep" in [b.name for b in app.catalog.banks]
    bank = check_bank(target).bank
    assert bank is not None and bank.name == "Interview prep"


async def test_a_refused_import_says_why_in_one_line_and_adds_nothing(
    user_banks_app: Callable[[], TrainerApp], tmp_path: Path
) -> None:
    (paths.banks_dir() / "test-bank.yaml").write_text(BANK, encoding="utf-8")
    source = tmp_path / "prep.md"
    source.write_text(LIST, encoding="utf-8")
    titled = tmp_path / "mine.md"
    titled.write_text("# Test bank\n\n1. What motivates you?\n", encoding="utf-8")
    app = user_banks_app()
    async with app.run_test(size=(100, 30)) as pilot:
        form = await open_import(app, pilot)
        error = form.query_one("#error", Static)
        await fill(pilot, form, str(tmp_path / "missing.md"))
        assert error.display and str(tmp_path / "missing.md") in str(error.render())
        await fill(pilot, form, str(source), name="test BANK")  # the file it would be is the test bank's
        taken = paths.banks_dir() / "test-bank.yaml"
        assert (
            str(error.render())
            == f"{taken}: a bank with this file name exists; tick Replace to replace it, or give another name."
        )
        await fill(pilot, form, str(titled))
        assert str(error.render()).startswith("a bank named 'Test bank' already exists (")
        assert str(error.render()).endswith("; give it another name.") and "\n" not in str(error.render())
        assert str(form.query_one("#outcome", Static).render()) == ""
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BanksScreen)
        assert bank_names(app) == ["All banks (2)", "Test bank (2)"]
    assert [p.name for p in paths.banks_dir().iterdir()] == ["test-bank.yaml"]


async def test_home_lists_the_imported_bank_unticked(user_banks_app: Callable[[], TrainerApp], tmp_path: Path) -> None:
    (paths.banks_dir() / "test-bank.yaml").write_text(BANK, encoding="utf-8")
    source = tmp_path / "prep.md"
    source.write_text(LIST, encoding="utf-8")
    app = user_banks_app()
    async with app.run_test(size=(100, 30)) as pilot:
        form = await open_import(app, pilot)
        await fill(pilot, form, str(source))
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        banks = app.screen.query_one("#banks", TickList)
        lines = [
            (str(banks.get_option_at_index(i).prompt), banks.get_option_at_index(i).value)
            for i in range(banks.option_count)
        ]
        assert lines == [("Test bank (2)", "Test bank"), ("Interview prep (2)", "Interview prep")]
        assert banks.selected == ["Test bank"]  # ticked by the user, not by the import
