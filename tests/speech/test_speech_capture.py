"""Audio sources: file formats and their errors, the live-file replay, the microphone with no device."""

from __future__ import annotations

import aifc
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
    FileSource,
    LiveFileSource,
    MicrophoneSource,
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


def test_aiff_decodes(tmp_path: Path) -> None:
    signal = tone(rate=22_050)
    path = tmp_path / "tone.aiff"
    with aifc.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(22_050)
        out.writeframes((signal * 32767).astype(">i2").tobytes())
    clip = read_clip(path)
    assert clip.rate == 22_050
    assert np.max(np.abs(clip.samples - signal)) < 1e-3


def test_flac_decodes_stereo_24_bit() -> None:
    clip = read_clip(EXTERNAL_SPEECH / "jfk.flac")
    assert clip.rate == 44_100
    assert clip.duration_s == pytest.approx(11.0, abs=0.01)
    assert 0.2 < float(np.max(np.abs(clip.samples))) <= 1.0


@pytest.mark.parametrize("name", ["answer.mp3", "answer.ogg", "answer.m4a", "answer"])
def test_other_extensions_are_refused_naming_the_formats(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"ID3 not really audio")
    with pytest.raises(AudioError) as caught:
        read_clip(path)
    message = str(caught.value)
    assert "\n" not in message
    assert "WAV, AIFF or FLAC" in message
    assert isinstance(caught.value, TrainerError)


def test_a_wav_that_is_not_audio_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "fake.wav"
    path.write_bytes(b"this is text pretending to be a wav file" * 10)
    with pytest.raises(AudioError, match=r"fake\.wav: not a readable WAV, AIFF or FLAC file"):
        read_clip(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(AudioError, match="no such audio file"):
        read_clip(tmp_path / "gone.wav")


def test_live_file_source_refuses_bad_files_before_starting(tmp_path: Path) -> None:
    (tmp_path / "a.mp3").write_bytes(b"x")
    with pytest.raises(AudioError, match="WAV, AIFF or FLAC"):
        LiveFileSource(tmp_path / "a.mp3")


def test_file_source_is_a_speech_recognition_source() -> None:
    with FileSource(EXTERNAL_SPEECH / "jfk.flac") as source:
        audio = sr.Recognizer().record(source, duration=1.0)
    assert isinstance(source, sr.AudioSource)
    assert audio.sample_rate == 44_100


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
