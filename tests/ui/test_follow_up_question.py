"""Pilot tests of the interviewer's follow-up question: asked after a weak verdict, answered, skipped, saved."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from textual.pilot import Pilot
from textual.widgets import Static, TextArea

from trainer.core.session import Phase
from trainer.core.store import Store
from trainer.speech.recognisers import FakeRecogniser
from trainer.speech.voices import FakeVoice
from trainer.ui.app import TrainerApp
from trainer.ui.audio_in import AnswerFiles
from trainer.ui.screens.practice import PracticeScreen
from trainer.ui.screens.summary import SummaryScreen
from trainer.ui.widgets.probe import ProbePanel

# "pressure" with its second point (the daily priority list) left out
MISSES_ONE = "um so our launch date moved up two weeks. We shipped on time with zero critical bugs."
REPLY = "Oh, and every morning we wrote a daily priority list with the team."


async def until(pilot: Pilot[None], condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for the app"
        await pilot.pause(0.05)


def screen_of(app: TrainerApp) -> PracticeScreen:
    assert isinstance(app.screen, PracticeScreen)
    return app.screen


async def answer_pressure(app: TrainerApp, pilot: Pilot[None]) -> PracticeScreen:
    await until(pilot, lambda: screen_of(app).session.phase is Phase.ANSWERING)
    screen = screen_of(app)
    while screen.session.current.id != "pressure":  # the seeded order may start elsewhere
        await pilot.press("ctrl+n")
        await until(pilot, lambda: screen.session.phase is Phase.ANSWERING)
    screen.query_one("#answer", TextArea).load_text(MISSES_ONE)
    await pilot.press("ctrl+s")
    await until(pilot, lambda: screen.session.phase is Phase.SCORED)
    await pilot.pause()
    return screen


def probe_text(screen: PracticeScreen) -> str:
    return str(screen.query_one("#probe-question", Static).render())


async def test_a_missed_point_gets_a_follow_up_and_the_reply_updates_the_attempt(build_app, store: Store) -> None:
    app = build_app(count=2)
    async with app.run_test(size=(80, 30)) as pilot:
        screen = await answer_pressure(app, pilot)
        panel = screen.query_one(ProbePanel)
        assert panel.display
        question = probe_text(screen)
        assert question.endswith("?") and "priority" not in question.lower()  # invites, never gives away
        assert not panel.reply.display
        await pilot.press("y")
        assert panel.reply.display and panel.reply.has_focus
        await pilot.press(*"n")  # typed into the reply box, not taken as "next"
        assert screen.session.phase is Phase.SCORED and panel.reply.text == "n"
        panel.reply.load_text(REPLY)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "made when asked" in probe_text(screen))
        (saved,) = store.attempts()
        assert saved.follow_up is not None and saved.follow_up.made and saved.follow_up.answer == REPLY
        assert saved.follow_up.probe.point == 1
        # made only when asked: the verdict on the answer stands, so the drills still bring it back
        assert saved.score.covered == (True, False, True) and saved.score.weak
        await pilot.press("n")
        await until(pilot, lambda: screen.session.phase is Phase.ANSWERING)
        assert not panel.display


async def test_n_skips_the_follow_up_and_the_question_asked_is_kept(build_app, store: Store) -> None:
    app = build_app(count=1)
    async with app.run_test(size=(80, 30)) as pilot:
        screen = await answer_pressure(app, pilot)
        asked = probe_text(screen)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen))
    (saved,) = store.attempts()
    assert saved.follow_up is not None and saved.follow_up.answer is None and not saved.follow_up.made
    assert saved.follow_up.probe.text == asked


async def test_the_setting_turns_follow_ups_off(build_app, store: Store) -> None:
    app = build_app(count=1)
    app.settings = replace(app.settings, follow_up_questions=False)
    async with app.run_test(size=(80, 30)) as pilot:
        screen = await answer_pressure(app, pilot)
        assert not screen.query_one(ProbePanel).display
        assert not screen.check_action("answer_probe", ())
    (saved,) = store.attempts()
    assert saved.follow_up is None


HEARD = "our launch date moved up two weeks so we shipped on time with zero critical bugs"


@pytest.fixture(scope="module")
def answer_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Real synthetic speech (espeak-ng) as a WAV, answered from a file in real time."""
    path = tmp_path_factory.mktemp("probe") / "answer.wav"
    subprocess.run(["espeak-ng", "-s", "170", "-w", str(path), HEARD], check=True, capture_output=True)
    return path


async def test_the_follow_up_is_spoken_when_the_voice_is_on(build_app, answer_wav: Path) -> None:
    said: list[str] = []

    def respond(audio: np.ndarray, hotwords: Sequence[str]) -> str:
        said.append("x")
        return HEARD if len(said) == 1 else ""

    voice = FakeVoice()
    app = build_app(
        count=1,
        typed=False,
        audio_in=(answer_wav,),
        recogniser_loader=lambda: FakeRecogniser(respond=respond),
        voice_loader=lambda: voice,
    )
    async with app.run_test(size=(80, 30)) as pilot:
        await until(pilot, lambda: screen_of(app).session.phase is Phase.SCORED, timeout=60)
        screen = screen_of(app)
        await until(pilot, lambda: len(voice.spoken) == 2)
        assert voice.spoken[0] == screen.session.current.text
        assert voice.spoken[1] == probe_text(screen)


SAID = "every morning we wrote a daily priority list with the team"


@pytest.fixture(scope="module")
def reply_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("probe") / "reply.wav"
    subprocess.run(["espeak-ng", "-s", "170", "-w", str(path), SAID], check=True, capture_output=True)
    return path


async def test_a_spoken_reply_is_heard_judged_and_saved(
    build_app, answer_wav: Path, reply_wav: Path, store: Store
) -> None:
    from trainer.speech.capture import LiveFileSource

    calls: list[tuple[str, ...]] = []

    def respond(audio: np.ndarray, hotwords: Sequence[str]) -> str:
        calls.append(tuple(hotwords))
        if len(calls) == 1:
            return HEARD
        return SAID if len(calls) == 2 else ""

    class ReplyFromAFile(AnswerFiles):
        """The reply comes from a file played in real time, as the microphone would give it."""

        def reply(self) -> tuple[LiveFileSource, str]:
            return LiveFileSource(reply_wav), "file"

    app = build_app(
        count=1,
        typed=False,
        audio_in=(answer_wav,),
        audio=ReplyFromAFile((answer_wav,)),
        recogniser_loader=lambda: FakeRecogniser(respond=respond),
        voice_loader=None,
    )
    async with app.run_test(size=(80, 30)) as pilot:
        await until(pilot, lambda: screen_of(app).session.phase is Phase.SCORED, timeout=60)
        screen = screen_of(app)
        assert screen.query_one(ProbePanel).display
        await pilot.press("y")
        await until(pilot, lambda: "made when asked" in probe_text(screen), timeout=60)
        assert calls[1] == ("daily priority list with the team",)  # the point asked for helps the recogniser
    (saved,) = store.attempts()
    assert saved.follow_up is not None and saved.follow_up.made and saved.follow_up.answer == SAID


async def test_feedback_shows_star_marks_with_evidence_and_hedges(build_app) -> None:
    from trainer.ui.widgets.feedback import FeedbackPanel

    story = (
        "So I was the lead at a startup when our launch date moved up two weeks. My job was to ship it. "
        "I think I wrote a daily priority list with the team. We shipped on time with zero critical bugs."
    )
    app = build_app(count=1)
    async with app.run_test(size=(100, 40)) as pilot:
        await until(pilot, lambda: screen_of(app).session.phase is Phase.ANSWERING)
        screen = screen_of(app)
        screen.query_one("#answer", TextArea).load_text(story)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: screen.session.phase is Phase.SCORED)
        await pilot.pause()
        feedback = str(screen.query_one("#feedback", FeedbackPanel).render())
        assert "STAR: ✓ situation ✓ task ✓ action ✓ result, measurable" in feedback
        assert "“I think I wrote a daily priority list with the team”" in feedback
        assert '1 hedge: "i think" ×1' in feedback


def test_hedges_are_underlined_in_the_shown_answer() -> None:
    from rich.text import Text

    from trainer.core.structure import analyse_structure
    from trainer.ui.widgets.structure import mark_hedges

    answer = "So I think it was maybe fine."
    shown = Text(answer)
    mark_hedges(shown, analyse_structure(answer))
    marked = [answer[s.start : s.end] for s in shown.spans if "underline" in str(s.style)]
    assert marked == ["I think", "maybe"]
