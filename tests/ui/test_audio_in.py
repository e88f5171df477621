"""Where spoken answers come from (chosen by make_app, not by the screen), and how long a heard answer took."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from trainer.config import Settings
from trainer.core.store import Store
from trainer.speech.capture import LiveFileSource, write_wav
from trainer.ui.app import make_app
from trainer.ui.audio_in import AnswerFiles, Microphone
from trainer.ui.messages import TIME_LIMIT, AnswerHeard
from trainer.ui.options import PracticeOptions


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    made = []
    for name in ("first.wav", "second.wav"):
        path = tmp_path / name
        write_wav(path, np.zeros(1600, dtype=np.float32), 16_000)
        made.append(path)
    return made


@pytest.mark.parametrize(
    ("number", "name"), [(0, "first.wav"), (1, "second.wav"), (2, "second.wav"), (9, "second.wav")]
)
def test_answer_files_answer_in_turn_and_the_last_one_past_the_end(files: list[Path], number: int, name: str) -> None:
    source, label = AnswerFiles(files).answer(number)
    assert isinstance(source, LiveFileSource) and source.path.name == name
    assert label == f"from {name}"


@pytest.mark.parametrize(
    ("practice", "audio"),
    [
        (None, Microphone),
        (PracticeOptions(typed=False), Microphone),
        (PracticeOptions(typed=False, audio_in=(Path("a.wav"),)), AnswerFiles),
    ],
)
def test_make_app_takes_the_audio_in_files_else_the_microphone(
    store: Store, practice: PracticeOptions | None, audio: type
) -> None:
    app = make_app(settings=Settings(), store=store, practice=practice, judge_loader=None, voice_loader=None)
    assert type(app.audio) is audio


def test_make_app_uses_the_audio_it_is_given(store: Store, files: list[Path]) -> None:
    given = AnswerFiles(files)
    assert make_app(settings=Settings(), store=store, audio=given, judge_loader=None).audio is given


@pytest.mark.parametrize(
    ("audio_s", "speech_s", "reason", "used"),
    [
        (30.0, 21.5, "silence", 21.5),  # pace over the speech itself
        (30.0, 0.0, "silence", 30.0),  # nothing measured as speech: the whole recording
        (60.0, 52.0, TIME_LIMIT, 60.0),  # cut by the clock: all the time was used
    ],
)
def test_a_heard_answer_used_its_speech_or_all_its_time(
    audio_s: float, speech_s: float, reason: str, used: float
) -> None:
    assert AnswerHeard("words", audio_s, speech_s, reason).used_s == used
