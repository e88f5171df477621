"""The voice: pyttsx3 + espeak-ng really rendering speech, and each measured pyttsx3 2.99 quirk handled."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import threading
import time
import wave
from pathlib import Path

import numpy as np
import pytest
from speech_support import RecordingOutput

from trainer.config import Settings
from trainer.speech import devices, voice_output
from trainer.speech.devices import DeviceStatus, has_device
from trainer.speech.espeak_voice import Pyttsx3Voice, espeak_library_setup
from trainer.speech.voice_output import SoundDeviceOutput
from trainer.speech.voices import FakeVoice, make_voice

pytestmark = pytest.mark.speech

REPO = Path(__file__).resolve().parents[2]
QUESTION = "Tell me about a time you disagreed with your manager. What did you do, and what happened?"


def wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / wav.getframerate()


def test_save_to_wav_writes_real_speech(tmp_path: Path) -> None:
    voice = Pyttsx3Voice()
    path = tmp_path / "question.wav"
    voice.save_to_wav(QUESTION, path)
    with wave.open(str(path), "rb") as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, 22_050)
        pcm = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")
    # 17 words at 160 words a minute: about six seconds, and not silence
    assert 4.5 < len(pcm) / 22_050 < 9.0
    assert np.abs(pcm).max() > 3000


def test_the_rate_setting_changes_the_pace(tmp_path: Path) -> None:
    Pyttsx3Voice(rate=120).save_to_wav(QUESTION, tmp_path / "slow.wav")
    Pyttsx3Voice(rate=220).save_to_wav(QUESTION, tmp_path / "fast.wav")
    assert wav_seconds(tmp_path / "slow.wav") > 1.4 * wav_seconds(tmp_path / "fast.wav")


def test_long_saves_in_a_row_each_get_their_own_whole_file(tmp_path: Path) -> None:
    # pyttsx3's runAndWait can return before espeak-ng's thread writes the file: without waiting
    # for "finished-utterance" the first file was missing and the next one got both texts
    voice = Pyttsx3Voice()
    texts = [QUESTION * 3, "Short one.", QUESTION * 2]
    paths = [tmp_path / f"{i}.wav" for i in range(3)]
    for text, path in zip(texts, paths, strict=True):
        voice.save_to_wav(text, path)
        assert path.exists()
    seconds = [wav_seconds(p) for p in paths]
    assert seconds[1] < 2.5 < seconds[2] < seconds[0]
    # and the same text always renders to the same length (a cancelled tail would be shorter)
    for round_ in range(4):
        again = tmp_path / f"again-{round_}.wav"
        voice.save_to_wav(texts[round_ % 2 * 2], again)
        assert wav_seconds(again) == pytest.approx(seconds[round_ % 2 * 2], abs=0.05)


def test_pyttsx3_quirk_say_after_save_writes_into_the_saved_file(tmp_path: Path) -> None:
    """The upstream behaviour we work around (pyttsx3 2.99), checked in a fresh process."""
    script = (
        "import os, pyttsx3, time\n"
        "e = pyttsx3.init('espeak')\n"
        f"e.save_to_file('first words', {str(tmp_path / 'saved.wav')!r}); e.runAndWait(); time.sleep(0.5)\n"
        f"before = os.path.getsize({str(tmp_path / 'saved.wav')!r})\n"
        "e.say('a much longer second sentence that should have been spoken aloud'); e.runAndWait()\n"
        "time.sleep(0.5)\n"
        f"print(before, os.path.getsize({str(tmp_path / 'saved.wav')!r}))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    lines = out.stdout.split("\n")
    # the quirk's two faces: saving prints to stdout, and say() overwrote the saved file
    assert any(line.startswith("Audio saved to") for line in lines)
    before, after = (int(n) for n in lines[-2].split())
    assert after > before


def test_our_voice_never_writes_into_a_saved_file_again(tmp_path: Path) -> None:
    output = RecordingOutput(speed=1000)
    voice = Pyttsx3Voice(output=output)
    saved = tmp_path / "saved.wav"
    voice.save_to_wav("first words", saved)
    digest = hashlib.sha256(saved.read_bytes()).hexdigest()
    utterance = voice.speak("a much longer second sentence that must be played, not saved")
    assert utterance.spoken and not utterance.stopped
    assert hashlib.sha256(saved.read_bytes()).hexdigest() == digest
    samples, rate = output.played[-1]
    assert len(samples) / rate > 2.5  # the second sentence went to the output


def test_nothing_reaches_stdout(capfd: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    voice = Pyttsx3Voice(output=RecordingOutput(speed=1000))
    voice.save_to_wav("saved quietly", tmp_path / "a.wav")
    voice.speak("spoken quietly")
    voice.close()
    captured = capfd.readouterr()
    assert captured.out == ""
    assert "Audio saved" not in captured.err


@pytest.mark.skipif(has_device("output"), reason="this machine has a sound card")
def test_no_audio_device_is_reported_not_lost() -> None:
    voice = Pyttsx3Voice()  # the real sounddevice output
    assert voice.check() == (False, "not spoken: no audio output device")
    started = time.perf_counter()
    utterance = voice.speak(QUESTION)
    assert time.perf_counter() - started < 2.0
    assert (utterance.spoken, utterance.reason) == (False, "not spoken: no audio output device")


def test_no_audio_device_anywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(voice_output, "device_status", lambda direction: DeviceStatus(False, "no audio output device"))
    utterance = Pyttsx3Voice().speak(QUESTION)
    assert (utterance.spoken, utterance.reason) == (False, "not spoken: no audio output device")


def test_device_status_never_raises() -> None:
    for direction in ("input", "output"):
        status = devices.device_status(direction)  # type: ignore[arg-type]
        assert isinstance(status.ok, bool)
        assert status.ok or status.fix


def test_stop_from_another_thread_cuts_speech_short() -> None:
    voice = Pyttsx3Voice(output=RecordingOutput(speed=1.0))  # plays in real time
    threading.Timer(0.3, voice.stop).start()
    started = time.perf_counter()
    utterance = voice.speak(QUESTION)
    assert utterance.spoken and utterance.stopped
    assert time.perf_counter() - started < 1.5  # the question lasts about six seconds


def test_speech_starts_quickly() -> None:
    voice = Pyttsx3Voice(output=RecordingOutput(speed=1000))
    voice.speak("warm up")
    utterance = voice.speak(QUESTION)
    assert utterance.first_sound_s is not None
    assert utterance.first_sound_s < 0.3


def test_an_unknown_voice_is_a_reason_not_a_crash() -> None:
    voice = Pyttsx3Voice(voice="no-such-voice", output=RecordingOutput(speed=1000))
    ok, reason = voice.check()
    assert not ok
    assert reason == "not spoken: voice 'no-such-voice' not found (set voice in config.yaml)"
    assert voice.speak(QUESTION).reason == reason


def test_a_voice_can_be_chosen_by_name_or_id(tmp_path: Path) -> None:
    by_id = Pyttsx3Voice(voice="gmw/en-gb-scotland")
    assert by_id.check_voice() == (True, "")
    assert by_id.voice_id == "gmw/en-gb-scotland"
    by_name = Pyttsx3Voice(voice="English (Scotland)")
    assert by_name.check_voice() == (True, "")
    assert by_name.voice_id == "gmw/en-gb-scotland"


def test_the_espeak_voice_is_english() -> None:
    voice = make_voice(Settings(voice="espeak"))
    assert isinstance(voice, Pyttsx3Voice)
    assert voice.rate == 160
    assert voice.check_voice() == (True, "")
    assert voice.voice_id is not None and "/en" in voice.voice_id


@pytest.mark.parametrize(
    ("system_found", "has_loader", "expected_library", "data_path_set"),
    [
        (True, True, None, False),
        (True, False, None, False),
        (False, True, "/pkg/libespeak-ng.so", True),
        (False, False, None, False),
    ],
)
def test_espeak_library_choice(
    system_found: bool, has_loader: bool, expected_library: str | None, data_path_set: bool
) -> None:
    class Loader:
        @staticmethod
        def get_library_path() -> str:
            return "/pkg/libespeak-ng.so"

        @staticmethod
        def get_data_path() -> str:
            return "/pkg/espeak-ng-data"

    environ: dict[str, str] = {}
    library = espeak_library_setup(system_found, Loader() if has_loader else None, environ)
    assert library == expected_library
    assert ("ESPEAK_DATA_PATH" in environ) == data_path_set
    if data_path_set:
        assert environ["ESPEAK_DATA_PATH"] == "/pkg/espeak-ng-data"


def test_sound_device_output_reports_missing_device(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(voice_output, "device_status", lambda direction: DeviceStatus(False, "PortAudio not found (x)"))
    assert SoundDeviceOutput().check() == (False, "not spoken: PortAudio not found (x)")


def test_fake_voice() -> None:
    fake = FakeVoice(seconds=5)
    threading.Timer(0.05, fake.stop).start()
    utterance = fake.speak("hello")
    assert utterance.spoken and utterance.stopped
    assert fake.spoken == ["hello"]
    muted = FakeVoice(ok=False, reason="not spoken: no audio output device")
    assert muted.speak("x").reason == "not spoken: no audio output device"
    assert muted.spoken == []


def test_speaking_works_in_a_worker_thread() -> None:
    output = RecordingOutput(speed=1000)
    voice = Pyttsx3Voice(output=output)
    results = []
    worker = threading.Thread(target=lambda: results.append(voice.speak("from a worker")))
    worker.start()
    worker.join(10)
    assert results and results[0].spoken
    assert os.environ.get("ESPEAK_DATA_PATH") is None or Path(os.environ["ESPEAK_DATA_PATH"]).exists()


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env)


def test_a_process_using_the_voice_exits_without_noise(tmp_path: Path) -> None:
    # pyttsx3's DriverProxy.__del__ raises during interpreter shutdown; the engine is released first
    done = run_python(
        "from trainer.speech.espeak_voice import Pyttsx3Voice\n"
        "voice = Pyttsx3Voice()\n"
        f"voice.save_to_wav('bye', {str(tmp_path / 'bye.wav')!r})\n"
    )
    assert done.returncode == 0
    assert (done.stdout, done.stderr) == ("", "")


def test_espeakng_loader_library_is_used_when_there_is_no_system_one(tmp_path: Path) -> None:
    pytest.importorskip("espeakng_loader")
    done = run_python(
        "import ctypes.util, os\n"
        "real = ctypes.util.find_library\n"
        "ctypes.util.find_library = lambda name: None if 'espeak' in name else real(name)\n"
        "from trainer.speech.espeak_voice import Pyttsx3Voice\n"
        f"Pyttsx3Voice().save_to_wav('from the wheel', {str(tmp_path / 'w.wav')!r})\n"
        "maps = [line.split()[-1] for line in open('/proc/self/maps') if 'libespeak' in line]\n"
        "print(os.environ['ESPEAK_DATA_PATH'], all('espeakng_loader' in m for m in maps))\n"
    )
    assert done.returncode == 0, done.stderr
    data_path, only_loader = done.stdout.split()
    assert data_path.endswith("espeak-ng-data") and only_loader == "True"
    assert wav_seconds(tmp_path / "w.wav") > 0.5
