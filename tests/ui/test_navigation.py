"""Navigation through Pilot: esc while fixing a transcript cancels the fix; modals show their own keys."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from textual.widgets import Footer, Static, TextArea

from tests.ui.conftest import AppFactory, FakeClock
from tests.ui.test_spoken import HEARD, Heard, practice, until
from trainer.core.session import Phase
from trainer.ui.screens.edit_points import EditPointsScreen
from trainer.ui.screens.reflection import ReflectionScreen
from trainer.ui.screens.summary import SummaryScreen
from trainer.ui.widgets.feedback import FeedbackPanel


@pytest.fixture(scope="module")
def answer_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A short spoken answer (espeak-ng), replayed as if from the microphone."""
    path = tmp_path_factory.mktemp("spoken") / "answer.wav"
    subprocess.run(["espeak-ng", "-s", "170", "-w", str(path), HEARD], check=True, capture_output=True)
    return path


def footer_keys(app: object) -> set[str]:
    """The actions the footer of the screen on top offers."""
    screen = app.screen  # type: ignore[attr-defined]
    footers = list(screen.query(Footer))
    assert footers, f"{type(screen).__name__} has no footer of its own"
    return {binding.action for (_, binding, enabled, _) in screen.active_bindings.values() if binding.show and enabled}


async def test_esc_while_fixing_cancels_the_fix_and_never_ends_the_session(
    build_app: AppFactory, answer_wav: Path
) -> None:
    heard = Heard()
    app = build_app(count=2, typed=False, audio_in=(answer_wav, answer_wav), recogniser_loader=lambda: heard.fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: practice(app).session.phase is Phase.SCORED)
        screen = practice(app)
        await pilot.press("f")
        assert footer_keys(app) >= {"cancel_fix", "submit"} and "end" not in footer_keys(app)
        screen.query_one("#answer", TextArea).load_text("something else entirely")
        await pilot.press("escape")
        await pilot.pause()
        assert screen.session.phase is Phase.SCORED and app.screen is screen
        assert not screen._fixing and screen.query_one("#feedback", FeedbackPanel).display
        assert not screen.query_one("#answer", TextArea).display
        assert "end" in footer_keys(app)
        assert screen.session.last_attempt is not None and "something else" not in screen.session.last_attempt.answer


async def test_modals_show_their_own_keys_not_the_screen_beneath(build_app: AppFactory) -> None:
    app = build_app(count=1, mode="home")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EditPointsScreen)
        assert footer_keys(app) == {"cancel", "save"}
        await pilot.press("escape", "escape", "p")
        await pilot.pause()
        await pilot.press(*"we shipped", "ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReflectionScreen)
        assert footer_keys(app) == {"save", "skip"}


async def test_the_summary_names_an_empty_retry_by_its_own_row(build_app: AppFactory, clock: FakeClock) -> None:
    app = build_app(count=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*"we shipped on time", "ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("r")  # answer it again, and let the time run out with nothing typed
        clock.advance(600)
        await pilot.pause(0.4)
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        improve = str(app.screen.query_one("#to-improve", Static).render())
        assert "No answer was given  #2" in improve


async def test_a_spoken_answers_footer_fits_80_columns(build_app: AppFactory, answer_wav: Path) -> None:
    from tests.ui.test_remembered import footer_width

    heard = Heard()
    app = build_app(count=1, typed=False, audio_in=(answer_wav,), recogniser_loader=lambda: heard.fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: practice(app).session.phase is Phase.ANSWERING)
        assert footer_width(app) <= 80
        await until(pilot, lambda: practice(app).session.phase is Phase.SCORED)
        await pilot.pause()
        assert footer_width(app) <= 80, footer_keys(app)
        assert {"fix", "copy_answer", "next"} <= footer_keys(app)


async def test_muting_the_voice_is_remembered_for_the_next_session(build_app: AppFactory, answer_wav: Path) -> None:
    from trainer.preferences import load_preferences
    from trainer.ui.screens.home import HomeScreen

    heard = Heard()
    app = build_app(count=1, typed=False, audio_in=(answer_wav,), recogniser_loader=lambda: heard.fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: practice(app).session.phase is Phase.ANSWERING)
        await pilot.press("m")
        await pilot.pause()
        assert practice(app).muted and load_preferences().muted
    home = build_app(mode="home")
    async with home.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(home.screen, HomeScreen)
        options = home.screen.options()
        assert options is not None and options.mute
