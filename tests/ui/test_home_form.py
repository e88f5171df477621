"""Home's form refuses counts and time limits outside the ranges `trainer practice` takes, saying which."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets import Input

from tests.ui.conftest import BANK
from trainer import paths
from trainer.ui.app import TrainerApp
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.practice import PracticeScreen


@pytest.mark.parametrize(
    ("count", "seconds", "said"),
    [
        ("0", "", "Questions: choose 1 to 200."),
        ("201", "", "Questions: choose 1 to 200."),
        ("2", "4", "Seconds per answer: choose 5 to 1800, or leave it empty."),
        ("2", "1801", "Seconds per answer: choose 5 to 1800, or leave it empty."),
        ("200", "1800", None),
        ("1", "5", None),
    ],
)
async def test_the_form_takes_the_ranges_of_trainer_practice(
    user_banks_app: Callable[[], TrainerApp], count: str, seconds: str, said: str | None
) -> None:
    (paths.banks_dir() / "test-bank.yaml").write_text(BANK, encoding="utf-8")
    app = user_banks_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.query_one("#count", Input).value = count
        app.screen.query_one("#time-limit", Input).value = seconds
        await pilot.press("p")
        await pilot.pause()
        notices = [n.message for n in app._notifications]
        if said is None:
            assert isinstance(app.screen, PracticeScreen)
        else:
            assert isinstance(app.screen, HomeScreen) and said in notices
