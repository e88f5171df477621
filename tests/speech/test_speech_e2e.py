"""Speech to verdict, all real: espeak-ng speaks an answer, whisper hears it, the scorer finds the points."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from speech_support import EXTERNAL_SPEECH

from bench.wer import wer
from trainer.core.errors import AudioError
from trainer.core.scoring import score_answer
from trainer.speech.capture import LiveFileSource, read_clip
from trainer.speech.input_tap import END_OF_AUDIO
from trainer.speech.listener import Listener
from trainer.speech.recognisers import Recogniser
from trainer.speech.transcribe import transcribe_file

pytestmark = pytest.mark.speech

ANSWERS = {
    "migration": (
        "In my last job I led the migration of our billing system to the cloud. We cut hosting costs by "
        "thirty percent. The hardest part was getting the finance team to trust the new numbers, so I ran "
        "both systems side by side for a month.",
        ("led the billing migration", "cut hosting costs by thirty percent", "ran both systems side by side"),
    ),
    "friday": (
        "I disagreed with my manager about releasing on a Friday. I showed her the incident data from the "
        "last six releases, and we agreed to move releases to Tuesdays. Since then we have had no weekend "
        "outages.",
        ("disagreed about Friday releases", "showed incident data", "no weekend outages since"),
    ),
    "escalation": (
        "When a customer escalated a data loss bug, I took ownership of it over the weekend. I restored "
        "their records from backups, wrote the postmortem, and added a check that stops the bug coming back.",
        ("took ownership of an escalation", "restored records from backups", "added a check against regressions"),
    ),
}


@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_spoken_answer_to_verdict(name: str, whisper: Recogniser, say_to_wav: Callable[[str], Path]) -> None:
    text, points = ANSWERS[name]
    result = transcribe_file(say_to_wav(text), whisper, hotwords=points)
    score = score_answer(result.text, points, duration_s=result.speech_s, spoken=True)
    assert [v.covered for v in score.points] == [True, True, True], (result.text, score)
    assert wer(text, result.text) < 0.35  # a synthetic voice: tiny.en mishears a few words
    assert 120 <= score.delivery.words / (result.speech_s / 60) <= 200  # espeak talks at 160 wpm


def test_points_of_another_answer_are_not_found(whisper: Recogniser, say_to_wav: Callable[[str], Path]) -> None:
    text, _ = ANSWERS["migration"]
    _, other_points = ANSWERS["friday"]
    heard = transcribe_file(say_to_wav(text), whisper, hotwords=other_points).text
    score = score_answer(heard, other_points, spoken=True)
    assert not any(v.covered for v in score.points), (heard, score)


def test_live_replay_through_the_microphone_path(whisper: Recogniser, say_to_wav: Callable[[str], Path]) -> None:
    text, points = ANSWERS["friday"]
    source = LiveFileSource(say_to_wav(text), speed=2.0)
    phrases: list[str] = []
    listener = Listener(source, whisper, hotwords=points, on_phrase=lambda p, _: phrases.append(p))
    result = listener.run()
    assert result.reason == END_OF_AUDIO
    assert phrases and " ".join(phrases) == result.text
    assert result.audio_s == pytest.approx(source.duration_s, abs=0.1)
    score = score_answer(result.text, points, duration_s=result.speech_s, spoken=True)
    assert all(v.covered for v in score.points), result.text
    assert result.latency_s < 5.0  # the target (1 s on an idle machine) is measured by bench/speech.py


def test_live_replay_of_recorded_human_speech(whisper: Recogniser) -> None:
    result = transcribe_file(EXTERNAL_SPEECH / "jfk.flac", whisper, live=True, speed=2.0)
    reference = (EXTERNAL_SPEECH / "jfk.txt").read_text(encoding="utf-8")
    assert wer(reference, result.text) <= 0.15, result.text
    assert result.latency_s is not None
    out = result.to_json()
    assert set(out) == {"text", "audio_s", "transcribe_s", "speech_s", "latency_s", "long_pauses", "pause_s"}
    assert out["audio_s"] == pytest.approx(11.0, abs=0.1)
    json.dumps(out)


def test_batch_file_transcription_json(whisper: Recogniser) -> None:
    result = transcribe_file(EXTERNAL_SPEECH / "jfk.flac", whisper)
    out = result.to_json()
    assert set(out) == {"text", "audio_s", "transcribe_s", "speech_s", "long_pauses", "pause_s"}
    assert "ask not what your country can do for you" in out["text"].lower()
    assert 8.0 < out["speech_s"] <= 11.0
    assert out["transcribe_s"] > 0


def test_transcribing_an_unsupported_file_is_one_line(tmp_path: Path, whisper: Recogniser) -> None:
    (tmp_path / "answer.mp3").write_bytes(b"ID3")
    with pytest.raises(AudioError, match=r"answer\.mp3: unsupported audio format; use WAV, FLAC, OGG or AIFF"):
        transcribe_file(tmp_path / "answer.mp3", whisper)
    with pytest.raises(AudioError, match="use WAV, FLAC, OGG or AIFF"):
        transcribe_file(tmp_path / "answer.mp3", whisper, live=True)


def test_espeak_wav_is_real_speech(say_to_wav: Callable[[str], Path]) -> None:
    clip = read_clip(say_to_wav(ANSWERS["friday"][0]))
    assert clip.rate == 22_050
    assert 9.0 < clip.duration_s < 16.0
