"""A whole spoken session in the real TUI, driven as `trainer practice --audio-in FILE...` would drive it:
the real pyttsx3 voice (no sound card here, so it says why it did not speak), espeak-ng answers replayed
in real time through the live-file source, the real faster-whisper recogniser, the entailment judge,
a real SQLite file."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from trainer import paths
from trainer.catalog import load_catalog
from trainer.config import Settings
from trainer.core.store import Store
from trainer.judge import judge_for
from trainer.speech.espeak_voice import Pyttsx3Voice
from trainer.speech.recognisers import Recogniser
from trainer.ui.app import make_app
from trainer.ui.options import PracticeOptions
from trainer.ui.screens.practice import PracticeScreen
from trainer.ui.screens.summary import SummaryScreen

BANK = """\
name: Spoken
questions:
  - id: conflict
    text: How do you handle conflict?
    talking_points:
      - listen to both sides first
      - find the shared goal
      - agree on next steps in writing
  - id: weakness
    text: What is your greatest weakness?
    talking_points:
      - I used to avoid delegating
      - I now hand off one task a week
      - my team ships faster
"""

ANSWERS = {
    "conflict": "When two engineers disagreed, I listened to both sides first. "
    "Then we found the shared goal, which was a faster release.",
    "weakness": "I used to avoid delegating. Now I hand off one task every week.",
}


async def test_a_spoken_session_from_audio_files(
    tmp_path: Path, whisper: Recogniser, say_to_wav: Callable[[str], Path]
) -> None:
    bank = tmp_path / "spoken.yaml"
    bank.write_text(BANK, encoding="utf-8")
    files = (say_to_wav(ANSWERS["conflict"]), say_to_wav(ANSWERS["weakness"]))
    store = Store.open(paths.db_path())
    settings = Settings(silence_stop_s=2.0)
    app = make_app(
        settings=settings,
        store=store,
        mode="practice",
        practice=PracticeOptions(question_ids=("conflict", "weakness"), count=2, typed=False, audio_in=files),
        catalog=load_catalog([bank], builtin_dir=tmp_path / "none"),
        judge_loader=lambda: judge_for(settings),
        recogniser_loader=lambda: whisper,
        voice_loader=lambda: Pyttsx3Voice(voice=settings.voice, rate=settings.rate),
        microphone_check=lambda: (False, "no microphone"),
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.5)
        assert any("not spoken" in n.message for n in app._notifications)
        deadline = time.monotonic() + 90
        while not isinstance(app.screen, SummaryScreen):
            assert time.monotonic() < deadline, "the spoken session did not finish"
            screen = app.screen
            if isinstance(screen, PracticeScreen) and screen.check_action("next", ()):
                await pilot.press("n")
            await pilot.pause(0.2)
        assert "not spoken" in app.notices["voice"]  # no sound card: said once why, and the session went on
    attempts = {a.question.id: a for a in store.attempts()}
    store.close()
    assert set(attempts) == {"conflict", "weakness"}
    conflict, weakness = attempts["conflict"], attempts["weakness"]
    assert conflict.transcript and "both sides" in conflict.transcript.lower()
    assert conflict.score.covered[:2] == (True, True) and not conflict.score.covered[2]
    assert weakness.transcript and "delegating" in weakness.transcript.lower()
    assert weakness.score.covered[:2] == (True, True)
    for attempt in attempts.values():
        delivery = attempt.score.delivery
        assert delivery.spoken and delivery.wpm is not None and 80 < delivery.wpm < 260
