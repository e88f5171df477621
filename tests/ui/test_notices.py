"""Notices through Pilot: broken banks as one line on Home and a list in the bank browser; no toast over an answer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import DataTable, OptionList, Static, TextArea

from tests.ui.conftest import BANK, AppFactory, FakeClock
from trainer import paths
from trainer.catalog import load_catalog
from trainer.config import Settings
from trainer.core.store import Store
from trainer.ui.app import TrainerApp, make_app
from trainer.ui.screens.banks import SKIPPED, BanksScreen
from trainer.ui.screens.practice import PracticeScreen
from trainer.ui.screens.summary import SummaryScreen
from trainer.ui.widgets.notice_line import NoticeLine

BROKEN = "name: Bad {n}\nquestions:\n  - id: bad-{n}\n    text: Why?\n    talking_points: [just one]\n"


@pytest.fixture
def broken_app(user_banks_app: Callable[[], TrainerApp]) -> TrainerApp:
    """The test bank and five broken banks (one with a [markup] name), as the user's own."""
    folder = paths.banks_dir()
    (folder / "test-bank.yaml").write_text(BANK, encoding="utf-8")
    for n in range(1, 6):
        (folder / f"bad{n}.yaml").write_text(BROKEN.format(n=n), encoding="utf-8")
    (folder / "bad5.yaml").rename(folder / "[bold]bad5.yaml")
    return user_banks_app()


@pytest.mark.parametrize("size", [(100, 30), (80, 24)], ids=["100x30", "80x24"])
async def test_five_broken_banks_are_one_line_on_home_and_no_toast(
    broken_app: TrainerApp, size: tuple[int, int]
) -> None:
    app = broken_app
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        line = app.screen.query_one("#bank-problems", Static)
        assert str(line.render()) == "5 banks skipped — b to see why"
        assert line.region.height == 1 and line.region.bottom <= size[1] - 1  # on screen, above the footer
        assert not app._notifications


async def test_the_bank_browser_lists_the_skipped_files_with_why(broken_app: TrainerApp) -> None:
    app = broken_app
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("b")
        screen = app.screen
        assert isinstance(screen, BanksScreen)
        bank_list = screen.query_one("#bank-list", OptionList)
        assert bank_list.get_option_at_index(bank_list.option_count - 1).id == SKIPPED
        bank_list.highlighted = bank_list.option_count - 1
        await pilot.pause()
        table = screen.query_one("#questions", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert len(rows) == 5
        assert "[bold]bad5.yaml" in dict(rows)  # a file name is shown as it is, never read as markup
        table.move_cursor(row=[name for name, _ in rows].index("bad1.yaml"))
        await pilot.pause()
        detail = str(screen.query_one("#detail", Static).render())
        assert "line 5: questions[1].talking_points: expected exactly three points, got 1" in detail
        assert str(paths.banks_dir() / "bad1.yaml") in detail and "trainer banks validate FILE" in detail
        assert screen.highlighted() is None  # nothing to tick or edit there


async def test_a_notice_during_practice_is_a_line_and_never_covers_the_answer(build_app: AppFactory) -> None:
    app = build_app(count=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")  # nothing typed yet
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PracticeScreen)
        notice = screen.query_one("#notice", NoticeLine)
        assert notice.message.startswith("Type your answer first")
        answer = screen.query_one("#answer", TextArea)
        assert not notice.region.overlaps(answer.region)
        toasts = list(screen.query("Toast"))
        assert all(not toast.visible for toast in toasts)


async def test_a_session_notice_is_gone_on_the_summary(build_app: AppFactory) -> None:
    app = build_app(count=1, retry_weak=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*"nothing useful", "ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any("comes back at the end" in n.message for n in app._notifications)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert not any("comes back at the end" in n.message for n in app._notifications)


async def test_a_long_bank_name_is_shown_whole_above_its_questions(
    store: Store, clock: FakeClock, tmp_path: Path
) -> None:
    long_name = "My onsite at [b]Acme[/b] Payments, second round"
    (paths.banks_dir() / "acme.yaml").write_text(
        f"name: '{long_name}'\nquestions:\n  - id: why-acme\n    text: Why Acme?\n", encoding="utf-8"
    )
    empty = tmp_path / "no-builtin"
    empty.mkdir()
    app = make_app(
        settings=Settings(use_judge=False),
        store=store,
        catalog=load_catalog(builtin_dir=empty),
        clock=clock,
        judge_loader=None,
        recogniser_loader=None,
        voice_loader=None,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("b")
        screen = app.screen
        assert isinstance(screen, BanksScreen)
        bank_list = screen.query_one("#bank-list", OptionList)
        bank_list.highlighted = 1
        await pilot.pause()
        table = screen.query_one("#questions", DataTable)
        assert table.border_title == f"Questions · {long_name}".replace("[", "\\[")
