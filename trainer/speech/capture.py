"""Audio sources for speech_recognition: the microphone (sounddevice), audio files, files replayed live."""

from __future__ import annotations

import queue
import threading
import time
import wave
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO, cast

import numpy as np
import soxr
import speech_recognition as sr

from trainer.core.errors import AudioError
from trainer.core.files import FileProblem, check_regular, printable_path, write_atomically

SPEECH_RATE = 16_000
"""The rate every recogniser is fed: 16 kHz mono float32."""

SUPPORTED_SUFFIXES = (".wav", ".wave", ".flac", ".ogg", ".oga", ".aif", ".aiff", ".aifc")
SUPPORTED_FORMATS = "WAV, FLAC, OGG or AIFF"
_FILE_FORMATS = {"WAV", "WAVEX", "RF64", "W64", "FLAC", "OGG", "AIFF"}
"""libsndfile's names for the containers above (a .wav may be WAVE_FORMAT_EXTENSIBLE or RF64)."""

READ_BLOCK_FRAMES = 1 << 16
"""Frames decoded at once: a stereo file is mixed down block by block, never held whole in two channels."""

BLOCK_S = 0.064
"""Seconds per block a live source hands over (1024 frames at 16 kHz, like speech_recognition's Microphone)."""

STALL_S = 2.0
"""A live source that delivers nothing for this long has lost its input (device unplugged)."""

MAX_AUDIO_S = 600.0
"""The longest audio file accepted: 10 minutes, checked from its header before anything is decoded.

An answer is a few minutes; a file is decoded whole, and 30 minutes took 1.8 GB and 90 s on 2 cores."""


@dataclass(frozen=True, eq=False)
class Clip:
    """Decoded audio: float32 mono samples in [-1, 1] at `rate` Hz."""

    samples: np.ndarray
    rate: int

    @property
    def duration_s(self) -> float:
        """Length in seconds."""
        return len(self.samples) / self.rate if self.rate else 0.0

    def at_rate(self, rate: int = SPEECH_RATE) -> np.ndarray:
        """The samples resampled to `rate` (float32)."""
        return resample(self.samples, self.rate, rate)

    def pcm16(self) -> bytes:
        """The samples as little-endian 16-bit PCM."""
        return to_pcm16(self.samples)


def resample(samples: np.ndarray, rate: int, target: int = SPEECH_RATE) -> np.ndarray:
    """Resample with soxr's anti-aliasing filter (speech_recognition's own ratecv aliases)."""
    samples = np.asarray(samples, dtype=np.float32)
    if rate == target or samples.size == 0:
        return samples
    return np.asarray(soxr.resample(samples, rate, target), dtype=np.float32)


def to_pcm16(samples: np.ndarray) -> bytes:
    """Float samples in [-1, 1] as 16-bit PCM, clipped rather than wrapped."""
    return (np.clip(samples, -1.0, 32767 / 32768) * 32768).astype("<i2").tobytes()


def from_pcm16(data: bytes) -> np.ndarray:
    """16-bit little-endian PCM as float32 in [-1, 1]."""
    return np.frombuffer(data, dtype="<i2").astype(np.float32) / 32768.0


def write_wav(path: Path | str, samples: np.ndarray, rate: int) -> None:
    """Write mono 16-bit PCM WAV, atomically (a new file is private to the user; never over a device)."""

    def frames(stream: BinaryIO) -> None:
        with wave.open(cast(Any, stream), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(rate)
            out.writeframes(to_pcm16(samples))

    write_atomically(path, frames)


@dataclass(frozen=True)
class AudioInfo:
    """What a file's header says: its container, rate, channels and length, read without decoding."""

    format: str
    rate: int
    channels: int
    frames: int

    @property
    def duration_s(self) -> float:
        """Length in seconds."""
        return self.frames / self.rate if self.rate else 0.0


def check_audio_path(path: Path | str) -> Path:
    """`path` as a Path, or an AudioError when it is missing, not a supported format, or too long."""
    path = Path(path)
    audio_info(path)
    return path


def audio_info(path: Path | str) -> AudioInfo:
    """The header of a WAV (any sample format), FLAC, OGG or AIFF file, checked; one-line AudioError otherwise.

    Nothing is decoded and no model is needed, so a bad or over-long file fails at once.
    """
    import soundfile

    path = Path(path)
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise AudioError(f"{path}: unsupported audio format; use {SUPPORTED_FORMATS}")
    try:
        regular = check_regular(path)  # a FIFO or a device is never opened to be read
    except FileProblem as exc:
        raise AudioError(str(exc)) from None
    if regular is None:
        raise AudioError(f"{printable_path(path)}: no such audio file")
    try:
        info = soundfile.info(str(path))
    except Exception:  # soundfile.LibsndfileError (a RuntimeError), or an OSError for an unreadable file
        raise AudioError(f"{printable_path(path)}: not a readable {SUPPORTED_FORMATS} file") from None
    if info.format not in _FILE_FORMATS or info.samplerate <= 0:
        raise AudioError(f"{printable_path(path)}: not a readable {SUPPORTED_FORMATS} file")
    if info.channels not in (1, 2):
        raise AudioError(f"{printable_path(path)}: only mono or stereo audio is supported")
    found = AudioInfo(str(info.format), int(info.samplerate), int(info.channels), max(0, int(info.frames)))
    if found.duration_s > MAX_AUDIO_S:
        minutes, rest = divmod(round(found.duration_s), 60)
        raise AudioError(
            f"{printable_path(path)}: {minutes} min {rest} s of audio; "
            f"a file may be at most {MAX_AUDIO_S / 60:.0f} minutes"
        )
    return found


def read_clip(path: Path | str) -> Clip:
    """Decode a WAV (8/16/24/32-bit or float), FLAC, OGG or AIFF file to mono float32 at its own rate."""
    import soundfile

    info = audio_info(path)
    samples = np.zeros(info.frames, dtype=np.float32)
    done = 0
    try:
        with soundfile.SoundFile(str(path)) as handle:
            while done < info.frames:
                block = handle.read(min(READ_BLOCK_FRAMES, info.frames - done), dtype="float32", always_2d=True)
                if not len(block):
                    break  # the header promised more frames than the file holds: keep what is there
                samples[done : done + len(block)] = block.mean(axis=1, dtype=np.float32)
                done += len(block)
    except Exception:  # the data breaks off in a way libsndfile cannot read past
        if done == 0:
            raise AudioError(f"{path}: not a readable {SUPPORTED_FORMATS} file") from None
    return Clip(samples[:done], info.rate)


class BlockStream:
    """What Recognizer.listen reads from a live source: 16-bit mono blocks handed over by a producer.

    The producer (PortAudio's callback, or the file replayer's thread) calls `put` and at the end
    `finish`; `read` blocks like a microphone does, and returns b"" once the audio has ended.
    """

    def __init__(self, stall_s: float | None = None) -> None:
        self._blocks: queue.Queue[bytes | None] = queue.Queue()
        self._pending = b""
        self._ended = False
        self._stall_s = STALL_S if stall_s is None else stall_s
        self.stalled = False
        """True when the producer went quiet without finishing (a device that vanished)."""

    def put(self, block: bytes) -> None:
        """Producer side: one block of audio."""
        self._blocks.put(block)

    def finish(self) -> None:
        """Producer side: no more audio; readers get b"" once the queue is drained."""
        self._blocks.put(None)

    def read(self, frames: int) -> bytes:
        """Up to `frames` frames (2 bytes each), waiting for the producer; b"" at the end."""
        wanted = frames * 2
        while len(self._pending) < wanted and not self._ended:
            try:
                block = self._blocks.get(timeout=self._stall_s)
            except queue.Empty:
                self.stalled = True
                self._ended = True
                break
            if block is None:
                self._ended = True
            else:
                self._pending += block
        data, self._pending = self._pending[:wanted], self._pending[wanted:]
        return data


class MicrophoneSource(sr.AudioSource):
    """The default (or a chosen) microphone through sounddevice/PortAudio: no PyAudio needed."""

    def __init__(self, device: int | str | None = None, sample_rate: int | None = None) -> None:
        self.device = device
        self._requested_rate = sample_rate
        self.SAMPLE_RATE = sample_rate or SPEECH_RATE
        self.SAMPLE_WIDTH = 2
        self.CHUNK = round(self.SAMPLE_RATE * BLOCK_S)
        self.stream: BlockStream | None = None
        self._input: Any = None

    def _pick_rate(self, sd: Any) -> int:
        # 16 kHz spares a resample; devices that cannot do it run at their own rate and we resample
        for rate in (self._requested_rate, SPEECH_RATE):
            if rate is None:
                continue
            try:
                sd.check_input_settings(device=self.device, channels=1, dtype="int16", samplerate=rate)
                return rate
            except Exception:
                continue
        info = sd.query_devices(self.device, kind="input")
        return int(info["default_samplerate"])

    def __enter__(self) -> MicrophoneSource:
        try:
            import sounddevice as sd
        except OSError as exc:
            raise AudioError(f"no microphone: PortAudio not found ({exc}); sudo apt install libportaudio2") from None
        try:
            info = sd.query_devices(self.device, kind="input")
            if int(info["max_input_channels"]) < 1:
                raise AudioError(f"no microphone: {info['name']} has no input channels")
            self.SAMPLE_RATE = self._pick_rate(sd)
            self.CHUNK = round(self.SAMPLE_RATE * BLOCK_S)
            stream = BlockStream()

            def on_block(indata: Any, frames: int, when: Any, status: Any) -> None:
                stream.put(bytes(indata))

            self._input = sd.RawInputStream(
                samplerate=self.SAMPLE_RATE,
                blocksize=self.CHUNK,
                device=self.device,
                channels=1,
                dtype="int16",
                callback=on_block,
            )
            self._input.start()
        except AudioError:
            raise
        except Exception as exc:  # PortAudioError, ValueError for an unknown device name
            raise AudioError(f"no microphone: {exc}") from None
        self.stream = stream
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._input is not None:
            self._input.stop()
            self._input.close()
            self._input = None
        if self.stream is not None:
            self.stream.finish()
        self.stream = None


class LiveFileSource(sr.AudioSource):
    """A file replayed in real time through the microphone's path: blocks arrive as if just recorded.

    `speed` > 1 replays faster (tests); `ended_at` is the `time.perf_counter()` at which the last
    sample arrived, the moment a voice would have stopped.
    """

    def __init__(self, path: Path | str, speed: float = 1.0) -> None:
        self.path = Path(path)
        self.clip = read_clip(path)  # decode now: a bad file fails before anything starts
        self.speed = speed
        self.SAMPLE_RATE = self.clip.rate
        self.SAMPLE_WIDTH = 2
        self.CHUNK = max(1, round(self.SAMPLE_RATE * BLOCK_S))
        self.stream: BlockStream | None = None
        self.started_at: float | None = None
        self.ended_at: float | None = None
        self._halt = threading.Event()
        self._feeder: threading.Thread | None = None

    @property
    def duration_s(self) -> float:
        """Length of the file in seconds."""
        return self.clip.duration_s

    def _feed(self, stream: BlockStream, start: float) -> None:
        pcm = self.clip.pcm16()
        step = self.CHUNK * 2
        block_s = self.CHUNK / self.SAMPLE_RATE / self.speed
        for index, offset in enumerate(range(0, len(pcm), step)):
            # a block exists only once its last sample has been "recorded"
            due = start + (index + 1) * block_s
            if self._halt.wait(max(0.0, due - time.perf_counter())):
                break
            stream.put(pcm[offset : offset + step])
        self.ended_at = time.perf_counter()
        stream.finish()

    def __enter__(self) -> LiveFileSource:
        self._halt.clear()
        self.stream = BlockStream()
        self.started_at = time.perf_counter()
        self.ended_at = None
        self._feeder = threading.Thread(
            target=self._feed, args=(self.stream, self.started_at), name="live-file", daemon=True
        )
        self._feeder.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._halt.set()
        if self._feeder is not None:
            self._feeder.join()
            self._feeder = None
        self.stream = None
