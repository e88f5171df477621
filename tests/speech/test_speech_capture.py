"""Audio sources: file formats and their errors, the live-file replay, the microphone with no device."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import wave
from pathlib import Path

import numpy as np
import pytest
import speech_recognition as sr
from speech_support import EXTERNAL_SPEECH

from trainer.core.errors import AudioError, TrainerError
from trainer.speech.capture import (
    BlockStream,
    LiveFileSource,
    MicrophoneSource,
    audio_info,
    read_clip,
    resample,
    write_wav,
)
from trainer.speech.devices import has_device

RATE = 16_000


def tone(seconds: float = 0.5, rate: int = RATE, freq: float = 440.0, amp: float = 0.5) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (amp * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def write_pcm(path: Path, samples: np.ndarray, rate: int, width: int, channels: int = 1) -> None:
    """A WAV at any sample width (8-bit is unsigned, as the format says)."""
    frames = np.repeat(samples[:, None], channels, axis=1).reshape(-1)
    if width == 1:
        data = (np.clip(frames, -1, 127 / 128) * 128 + 128).astype(np.uint8).tobytes()
    else:
        ints = (np.clip(frames, -1, 1 - 2**-31) * 2**31).astype("<i4")
        data = ints.view(np.uint8).reshape(-1, 4)[:, 4 - width :].tobytes()
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(width)
        out.setframerate(rate)
        out.writeframes(data)


@pytest.mark.parametrize("width", [1, 2, 3, 4])
@pytest.mark.parametrize("channels", [1, 2])
def test_wav_of_any_width_and_channels_decodes_to_the_same_mono_signal(
    tmp_path: Path, width: int, channels: int
) -> None:
    signal = tone()
    path = tmp_path / "tone.wav"
    write_pcm(path, signal, RATE, width, channels)
    clip = read_clip(path)
    assert clip.rate == RATE
    assert clip.samples.dtype == np.float32
    assert len(clip.samples) == len(signal)
    assert np.max(np.abs(clip.samples - signal)) < (2 / 128 if width == 1 else 1e-3)


@pytest.mark.parametrize(
    "name, sox_options",
    [
        ("s24.wav", ["-b", "24", "-e", "signed-integer"]),
        ("s32.wav", ["-b", "32", "-e", "signed-integer"]),
        ("f32.wav", ["-b", "32", "-e", "floating-point"]),
        ("f64.wav", ["-b", "64", "-e", "floating-point"]),
        ("u8.wav", ["-b", "8", "-e", "unsigned-integer"]),
        ("s16.flac", ["-b", "16"]),
        ("s24.flac", ["-b", "24"]),
        ("tone.ogg", ["-C", "6"]),
        ("s16.aiff", ["-b", "16"]),
        ("s24.aif", ["-b", "24"]),
        ("s16.aifc", ["-b", "16"]),
    ],
)
def test_what_sox_and_editors_write_decodes_to_the_same_signal(
    tmp_path: Path, name: str, sox_options: list[str]
) -> None:
    """24-bit, 32-bit and float WAV (what sox and most editors write), FLAC, OGG Vorbis and AIFF."""
    signal = tone(seconds=1.0, rate=22_050)
    source = tmp_path / "source.wav"
    write_wav(source, signal, 22_050)
    path = tmp_path / name
    subprocess.run(["sox", str(source), *sox_options, "-c", "2", str(path)], check=True)
    clip = read_clip(path)
    assert clip.rate == 22_050
    assert clip.samples.dtype == np.float32 and clip.samples.ndim == 1
    if name.endswith(".ogg"):  # lossy: the same length and loudness, not the same samples
        assert len(clip.samples) == len(signal)
        assert float(np.sqrt(np.mean(clip.samples**2))) == pytest.approx(0.5 / np.sqrt(2), rel=0.1)
    else:
        assert len(clip.samples) == len(signal)
        assert np.max(np.abs(clip.samples - signal)) < (2 / 128 if name.startswith("u8") else 1e-3)


def test_the_header_is_read_without_decoding(tmp_path: Path) -> None:
    path = tmp_path / "long.flac"
    subprocess.run(["sox", "-n", "-r", "8000", "-c", "1", str(path), "trim", "0", "30"], check=True)
    info = audio_info(path)
    assert (info.format, info.rate, info.channels, info.duration_s) == ("FLAC", 8000, 1, 30.0)


def test_a_truncated_wav_keeps_what_is_there(tmp_path: Path) -> None:
    path = tmp_path / "cut.wav"
    write_wav(path, tone(seconds=1.0), RATE)
    path.write_bytes(path.read_bytes()[: 44 + RATE])  # half a second of the promised one
    clip = read_clip(path)
    assert clip.duration_s == pytest.approx(0.5, abs=0.01)


def test_flac_decodes_stereo_24_bit() -> None:
    clip = read_clip(EXTERNAL_SPEECH / "jfk.flac")
    assert clip.rate == 44_100
    assert clip.duration_s == pytest.approx(11.0, abs=0.01)
    assert 0.2 < float(np.max(np.abs(clip.samples))) <= 1.0


@pytest.mark.parametrize("name", ["answer.mp3", "answer.opus", "answer.m4a", "answer"])
def test_other_extensions_are_refused_naming_the_formats(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"ID3 not really audio")
    with pytest.raises(AudioError) as caught:
        read_clip(path)
    message = str(caught.value)
    assert "\n" not in message
    assert "WAV, FLAC, OGG or AIFF" in message
    assert isinstance(caught.value, TrainerError)


def test_a_wav_that_is_not_audio_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "fake.wav"
    path.write_bytes(b"this is text pretending to be a wav file" * 10)
    with pytest.raises(AudioError, match=r"fake\.wav: not a readable WAV, FLAC, OGG or AIFF file"):
        read_clip(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(AudioError, match="no such audio file"):
        read_clip(tmp_path / "gone.wav")


def test_live_file_source_refuses_bad_files_before_starting(tmp_path: Path) -> None:
    (tmp_path / "a.mp3").write_bytes(b"x")
    with pytest.raises(AudioError, match="WAV, FLAC, OGG or AIFF"):
        LiveFileSource(tmp_path / "a.mp3")


def test_live_file_source_replays_every_sample_at_the_given_pace(tmp_path: Path) -> None:
    signal = tone(seconds=1.0, rate=8_000)
    path = tmp_path / "one-second.wav"
    write_wav(path, signal, 8_000)
    source = LiveFileSource(path, speed=4.0)
    assert isinstance(source, sr.AudioSource)
    started = time.perf_counter()
    with source:
        assert source.stream is not None
        chunks = []
        while block := source.stream.read(source.CHUNK):
            chunks.append(block)
    took = time.perf_counter() - started
    pcm = np.frombuffer(b"".join(chunks), dtype="<i2").astype(np.float32) / 32768
    assert len(pcm) == len(signal)
    assert np.max(np.abs(pcm - signal)) < 1e-3
    assert 0.2 <= took < 0.6  # a quarter of a second of "recording", not instant
    assert source.ended_at is not None and source.started_at is not None
    assert source.ended_at - source.started_at == pytest.approx(0.25, abs=0.1)
    # all blocks are the microphone's size except the last
    assert {len(c) for c in chunks[:-1]} == {source.CHUNK * 2}


def test_block_stream_reports_a_stalled_producer() -> None:
    stream = BlockStream(stall_s=0.05)
    stream.put(b"\x00\x01" * 4)
    assert stream.read(4) == b"\x00\x01" * 4
    assert stream.read(4) == b""
    assert stream.stalled


def test_block_stream_end_is_not_a_stall() -> None:
    stream = BlockStream(stall_s=5)
    stream.put(b"\x00\x00" * 3)
    stream.finish()
    assert stream.read(4) == b"\x00\x00" * 3
    assert stream.read(4) == b""
    assert not stream.stalled


def test_resample_is_filtered_not_aliased() -> None:
    # a 7 kHz tone is above 16 kHz's Nyquist limit only after naive decimation from 44.1 kHz to
    # 8 kHz; a proper filter removes it instead of folding it back as a 1 kHz tone
    high = tone(seconds=1.0, rate=44_100, freq=7_000.0)
    down = resample(high, 44_100, 8_000)
    assert float(np.sqrt(np.mean(down**2))) < 0.01


@pytest.mark.skipif(has_device("input"), reason="this machine has a microphone")
def test_no_microphone_is_a_clear_audio_error() -> None:
    with pytest.raises(AudioError, match="no microphone"), MicrophoneSource():
        pass


class FakeSoundDevice:
    """Just enough of the sounddevice module: a 48 kHz-only microphone fed from a thread like PortAudio."""

    def __init__(self, signal: np.ndarray, rate: int = 48_000) -> None:
        self.signal = signal
        self.rate = rate
        self.opened: dict[str, object] = {}

    def query_devices(self, device: object = None, kind: str | None = None) -> dict[str, object]:
        return {"name": "Fake mic", "max_input_channels": 1, "default_samplerate": float(self.rate)}

    def check_input_settings(self, samplerate: int | None = None, **kwargs: object) -> None:
        if samplerate != self.rate:
            raise ValueError("Invalid sample rate")

    def RawInputStream(self, **kwargs: object) -> FakeStream:
        self.opened = kwargs
        return FakeStream(self, kwargs)


class FakeStream:
    def __init__(self, device: FakeSoundDevice, settings: dict[str, object]) -> None:
        self.device = device
        self.settings = settings
        self.running = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.closed = False

    def _run(self) -> None:
        block = int(self.settings["blocksize"])  # type: ignore[call-overload]
        callback = self.settings["callback"]
        pcm = (self.device.signal * 32767).astype("<i2")
        for start in range(0, len(pcm), block):
            if not self.running.is_set():
                return
            callback(memoryview(pcm[start : start + block].tobytes()), block, None, None)  # type: ignore[operator]
            time.sleep(0.001)

    def start(self) -> None:
        self.running.set()
        self.thread.start()

    def stop(self) -> None:
        self.running.clear()

    def close(self) -> None:
        self.closed = True


def test_microphone_source_through_portaudio_falls_back_to_the_device_rate(monkeypatch: pytest.MonkeyPatch) -> None:
    from trainer.speech.input_tap import INPUT_LOST
    from trainer.speech.listener import Listener
    from trainer.speech.recognisers import FakeRecogniser

    rng = np.random.default_rng(0)
    signal = np.concatenate(
        [np.zeros(24_000), rng.uniform(-0.3, 0.3, 48_000), np.zeros(72_000), rng.uniform(-0.3, 0.3, 48_000)]
    ).astype(np.float32)
    fake = FakeSoundDevice(signal)
    monkeypatch.setitem(sys.modules, "sounddevice", fake)
    source = MicrophoneSource()
    recogniser = FakeRecogniser(["first", "second"])
    listener = Listener(source, recogniser)
    # the fake device then falls silent without closing, as an unplugged one would
    monkeypatch.setattr("trainer.speech.capture.STALL_S", 0.3)
    result = listener.run()
    assert fake.opened["samplerate"] == 48_000
    assert fake.opened["channels"] == 1 and fake.opened["dtype"] == "int16"
    assert source.SAMPLE_RATE == 48_000 and round(48_000 * 0.064) == source.CHUNK
    assert result.text == "first second"
    assert result.reason == INPUT_LOST
    # phrases reach the recogniser at 16 kHz whatever the device's rate
    assert all(samples < 3.5 * 16_000 for samples, _ in recogniser.calls)
