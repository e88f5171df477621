"""Pilot tests of spoken answers: the question read aloud, an answer replayed from a file through the
live-file source (the microphone's own path), the live transcript, stopping, fixing a misheard word,
and the fallbacks (no voice, no microphone). The recogniser and voice are fakes here; the real ones
are driven end to end in tests/speech."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from textual.widgets import TextArea

from trainer.core.session import Phase
from trainer.core.store import Store
from trainer.speech.recognisers import FakeRecogniser
from trainer.speech.voices import FakeVoice
from trainer.ui.app import TrainerApp
from trainer.ui.screens.practice import PracticeScreen
from trainer.ui.widgets.feedback import FeedbackPanel

HEARD = "our launch date moved up two weeks so we shipped on time"


@pytest.fixture(scope="module")
def answer_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three seconds or so of real synthetic speech (espeak-ng), as a 16 kHz WAV."""
    path = tmp_path_factory.mktemp("spoken") / "answer.wav"
    subprocess.run(["espeak-ng", "-s", "170", "-w", str(path), HEARD], check=True, capture_output=True)
    return path


class Heard:
    """A fake recogniser that hears HEARD one word per phrase-second, and records its hotwords."""

    def __init__(self) -> None:
        self.fake = FakeRecogniser(respond=self.respond)
        self.hotwords: list[tuple[str, ...]] = []

    def respond(self, audio: np.ndarray, hotwords: Sequence[str]) -> str:
        self.hotwords.append(tuple(hotwords))
        return HEARD if len(self.hotwords) == 1 else ""


async def until(pilot, condition, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    """Let the app run until `condition()` holds (the live-file source plays in real time)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for the app"
        await pilot.pause(0.1)


def practice(app: TrainerApp) -> PracticeScreen:
    assert isinstance(app.screen, PracticeScreen)
    return app.screen


async def test_spoken_answer_from_a_file_is_heard_scored_and_saved(build_app, answer_wav: Path, store: Store) -> None:
    heard, voice = Heard(), FakeVoice()
    app = build_app(
        count=1,
        typed=False,
        audio_in=(answer_wav,),
        recogniser_loader=lambda: heard.fake,
        voice_loader=lambda: voice,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: practice(app).session.phase is Phase.SCORED)
        screen = practice(app)
        question = screen.session.current
        # read aloud before recording started (then the follow-up question, if the answer missed a point)
        assert voice.spoken[:1] == [question.text]
        assert heard.hotwords[0] == question.talking_points  # the points help the recogniser
        feedback = str(screen.query_one("#feedback", FeedbackPanel).render())
        assert "words/min" in feedback
    (attempt,) = store.attempts()
    assert attempt.transcript == HEARD and attempt.answer == HEARD
    assert attempt.score.delivery.spoken
    assert 1.0 < (attempt.score.delivery.duration_s or 0) < 6.0
    assert attempt.score.delivery.wpm is not None


async def test_fixing_a_misheard_word_rescores_the_same_attempt(build_app, answer_wav: Path, store: Store) -> None:
    heard = Heard()
    app = build_app(
        count=1, typed=False, audio_in=(answer_wav,), recogniser_loader=lambda: heard.fake, voice_loader=None
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: practice(app).session.phase is Phase.SCORED)
        screen = practice(app)
        before = screen.session.last_attempt
        assert before is not None
        await pilot.press("f")
        box = screen.query_one("#answer", TextArea)
        assert box.display and box.text == HEARD
        assert box.cursor_location == box.document.end  # typing adds after the words heard
        fixed = HEARD + " and every morning we wrote a daily priority list with the team"
        box.load_text(fixed)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: screen.session.phase is Phase.SCORED and not screen._fixing)
        after = screen.session.last_attempt
        assert after is not None and after.id == before.id
    (saved,) = store.attempts()
    assert saved.answer == fixed
    assert saved.transcript == HEARD  # what the recogniser heard stays on record
    assert saved.score.points_made > before.score.points_made


async def test_no_voice_shows_the_question_with_one_notice(build_app, answer_wav: Path) -> None:
    heard = Heard()
    app = build_app(
        count=1,
        typed=False,
        audio_in=(answer_wav,),
        recogniser_loader=lambda: heard.fake,
        voice_loader=lambda: FakeVoice(ok=False, reason="not spoken: no audio output device"),
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: practice(app).session.phase is not Phase.QUESTION)
        assert app.notices == {"voice": "Questions are shown, not spoken: no audio output device."}
        await until(pilot, lambda: practice(app).session.phase is Phase.SCORED)


async def test_no_microphone_means_typed_answers_with_the_reason(build_app) -> None:
    app = build_app(count=1, typed=False, microphone=(False, "no microphone"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = practice(app)
        assert not screen.spoken
        assert screen.session.phase is Phase.ANSWERING
        assert screen.query_one("#answer", TextArea).display
        assert "no microphone: answers are typed" in app.notices["microphone"]


async def test_space_stops_the_recording_early(build_app, answer_wav: Path, store: Store) -> None:
    heard = Heard()
    app = build_app(
        count=1, typed=False, audio_in=(answer_wav,), recogniser_loader=lambda: heard.fake, voice_loader=None
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: practice(app).session.phase is Phase.ANSWERING)
        await pilot.pause(0.8)
        await pilot.press("space")
        await until(pilot, lambda: practice(app).session.phase is Phase.SCORED, timeout=5)
    (attempt,) = store.attempts()
    assert (attempt.score.delivery.duration_s or 0) < 1.6  # cut short, not the whole clip


async def test_home_practises_spoken_when_a_microphone_is_found_unless_typing_is_ticked(build_app) -> None:
    from textual.widgets import Checkbox

    app = build_app(mode="home", microphone=(True, "Built-in Microphone"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert practice(app).spoken
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("h")  # the summary's way home
        await pilot.pause()
        app.screen.query_one("#typed", Checkbox).value = True
        await pilot.press("p")
        await pilot.pause()
        screen = practice(app)
        assert not screen.spoken and screen.session.phase is Phase.ANSWERING


@pytest.mark.parametrize("keep", [False, True])
async def test_recordings_are_kept_only_when_asked(build_app, answer_wav: Path, trainer_home: Path, keep: bool) -> None:
    from dataclasses import replace

    heard = Heard()
    app = build_app(
        count=1, typed=False, audio_in=(answer_wav,), recogniser_loader=lambda: heard.fake, voice_loader=None
    )
    app.settings = replace(app.settings, keep_recordings=keep)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: practice(app).session.phase is Phase.SCORED)
    kept = sorted((trainer_home / "recordings").glob("*.wav")) if (trainer_home / "recordings").exists() else []
    if not keep:
        assert kept == []
        return
    (recording,) = kept
    assert recording.stat().st_mode & 0o777 == 0o600
    assert recording.stat().st_size > 16000  # a few seconds of 16-bit audio


async def test_an_opted_in_online_engine_says_what_leaves_the_machine(build_app) -> None:
    from dataclasses import replace

    app = build_app(mode="home", recogniser_loader=lambda: FakeRecogniser(name="google"))
    app.settings = replace(app.settings, engine="google", allow_network=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: "online" in app.notices)
        assert "sent over the internet" in app.notices["online"]


async def test_quitting_while_recording_leaves_no_thread_failing(build_app, answer_wav: Path) -> None:
    import threading

    heard = Heard()
    app = build_app(
        count=1, typed=False, audio_in=(answer_wav,), recogniser_loader=lambda: heard.fake, voice_loader=None
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: practice(app).session.phase is Phase.ANSWERING)
        await pilot.pause(0.3)
        await pilot.press("ctrl+q")
    # the listener finishes after the app has gone; its callback must not need the app
    deadline = time.monotonic() + 10
    while any(t.name.startswith("listener-") for t in threading.enumerate()):
        assert time.monotonic() < deadline, "the listener never stopped"
        time.sleep(0.05)
