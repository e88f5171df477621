"""What the app remembers across runs, through Pilot: Home's form, the theme; `trainer settings reset` forgets."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from click.testing import CliRunner
from textual.widgets import Checkbox, Input, SelectionList

from tests.ui.conftest import BANK
from trainer import paths
from trainer.cli import main
from trainer.preferences import Preferences, load_preferences, preferences_path
from trainer.ui.app import TrainerApp, make_app
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.practice import PracticeScreen

SECOND = "name: Teamwork\nquestions:\n  - id: conflict\n    text: Tell me about a conflict.\n"


@pytest.fixture
def home_app(user_banks_app: Callable[[], TrainerApp]) -> TrainerApp:
    """A fresh app on Home over two user banks; each call is a new run over the same TRAINER_HOME."""
    (paths.banks_dir() / "test-bank.yaml").write_text(BANK, encoding="utf-8")
    (paths.banks_dir() / "teamwork.yaml").write_text(SECOND, encoding="utf-8")
    return user_banks_app()


def fresh(app: TrainerApp) -> TrainerApp:
    """The same app built again, as a relaunch would."""
    return make_app(
        settings=app.settings,
        store=app.store,
        catalog=app.catalog,
        clock=app.clock,
        judge_loader=None,
        recogniser_loader=None,
        voice_loader=None,
        microphone_check=lambda: (False, "no microphone"),
    )


async def test_count_seconds_banks_and_typed_are_remembered_after_a_relaunch(home_app: TrainerApp) -> None:
    app = home_app
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.query_one("#count", Input).value = "3"
        app.screen.query_one("#time-limit", Input).value = "45"
        app.screen.query_one("#banks", SelectionList).deselect("Teamwork")
        app.screen.query_one("#typed", Checkbox).value = True
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PracticeScreen)
    again = fresh(app)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        home = again.screen
        assert isinstance(home, HomeScreen)
        assert home.query_one("#count", Input).value == "3"
        assert home.query_one("#time-limit", Input).value == "45"
        assert home.query_one("#banks", SelectionList).selected == ["Test bank"]
        assert home.query_one("#typed", Checkbox).value is True


async def test_p_starts_practice_while_a_number_field_has_focus(home_app: TrainerApp) -> None:
    app = home_app
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#count", Input).focus()
        await pilot.press("end", "backspace", "x", "2", "p")  # digits are typed, a letter is a key
        await pilot.pause()
        assert isinstance(app.screen, PracticeScreen)
        assert app.screen.session.position == (1, 2)


async def test_the_theme_is_remembered(home_app: TrainerApp) -> None:
    app = home_app
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.theme = "nord"
        await pilot.pause()
    assert load_preferences().theme == "nord"
    again = fresh(app)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.theme == "nord"


def test_settings_reset_forgets_and_a_damaged_file_is_not_remembered() -> None:
    preferences_path().write_text(json.dumps({"question_count": 4, "banks": ["Teamwork"]}), encoding="utf-8")
    assert load_preferences() == Preferences(question_count=4, banks=("Teamwork",))
    shown = CliRunner().invoke(main, ["settings", "show"])
    assert shown.exit_code == 0 and json.loads(shown.stdout)["question_count"] == 4
    result = CliRunner().invoke(main, ["settings", "reset"])
    assert result.exit_code == 0 and "forgot the remembered choices" in result.stdout
    assert not preferences_path().exists() and load_preferences() == Preferences()
    assert CliRunner().invoke(main, ["settings", "reset"]).stdout == "nothing remembered yet\n"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", Preferences()),
        ("[1, 2]", Preferences()),
        ('{"question_count": 0, "time_limit": "45", "typed": 1}', Preferences()),
        ('{"question_count": 7, "theme": "nord", "show_cues": false}', Preferences(7, theme="nord", show_cues=False)),
        ('{"banks": ["A", 3]}', Preferences()),
        ('{"unknown": 1, "interviewer": "Ms Ito"}', Preferences(interviewer="Ms Ito")),
    ],
    ids=["broken", "not-a-mapping", "wrong-types", "good", "bad-bank-list", "unknown-key"],
)
def test_load_preferences_keeps_only_sane_values(content: str, expected: Preferences) -> None:
    preferences_path().write_text(content, encoding="utf-8")
    assert load_preferences() == expected


def test_preferences_are_private() -> None:
    from trainer.preferences import update_preferences

    update_preferences(question_count=3)
    assert preferences_path().stat().st_mode & 0o777 == 0o600


async def test_ticks_show_a_mark_and_a_word_not_only_a_colour(home_app: TrainerApp) -> None:
    app = home_app
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        banks = app.screen.query_one("#banks", SelectionList)
        banks.deselect("Teamwork")
        await pilot.pause()
        lines = [banks.render_line(y).text for y in range(banks.option_count)]
        ticked = next(line for line in lines if "Test bank" in line)
        unticked = next(line for line in lines if "Teamwork" in line)
        assert ticked.startswith("▐✓▌ Test bank") and "not used" not in ticked
        assert unticked.startswith("▐ ▌ Teamwork") and "Teamwork (1) · not used" in unticked
        typed = app.screen.query_one("#typed", Checkbox)
        assert "✓" not in typed.render().plain
        typed.value = True
        await pilot.pause()
        assert "✓" in typed.render().plain


async def test_home_footer_offers_quit_and_the_practice_footer_fits_80_columns(home_app: TrainerApp) -> None:
    app = home_app
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = {b.action for (_, b, enabled, _) in app.screen.active_bindings.values() if b.show and enabled}
        assert "app.quit" in shown
        await pilot.press("p")
        await pilot.pause()
        assert footer_width(app) <= 80
        await pilot.press(*"an answer", "ctrl+s")  # the verdict's keys: next, retry, copy, flip, end
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert footer_width(app) <= 80


def footer_width(app: TrainerApp) -> int:
    """Columns the footer needs: each key as drawn (" ^s Submit ", ctrl as ^), and the palette's 12 columns."""
    keys = [
        (b.key_display or b.key.replace("ctrl+", "^").replace("escape", "esc"), b.description)
        for (_, b, enabled, _) in app.screen.active_bindings.values()
        if b.show and enabled
    ]
    return sum(len(k) + len(d) + 3 for k, d in keys) + 12


def test_export_has_the_remembered_choices_and_delete_removes_them() -> None:
    from trainer.preferences import update_preferences

    update_preferences(interviewer="Ms Ito", banks=("Teamwork",))
    exported = json.loads(CliRunner().invoke(main, ["data", "export"]).stdout)
    assert exported["preferences"]["interviewer"] == "Ms Ito" and exported["preferences"]["banks"] == ["Teamwork"]
    assert CliRunner().invoke(main, ["data", "delete"], input="y\n").exit_code == 0
    assert not preferences_path().exists()
