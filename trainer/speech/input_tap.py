"""The tap between an audio source and speech_recognition's listen(): it meters, records, follows the noise
floor, and decides when an answer (or an over-long phrase) ends."""

from __future__ import annotations

import collections
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import speech_recognition as sr

LevelCallback = Callable[[float], None]

STOPPED = "stopped"
TIME_LIMIT = "time limit"
SILENCE = "silence"
END_OF_AUDIO = "end of audio"
INPUT_LOST = "input lost"

MIN_ENERGY = 100.0
"""Lowest speech threshold (RMS of 16-bit samples, about -50 dBFS): digital silence must not make hiss speech."""

NOISE_RATIO = 3.0
"""Speech is this many times louder than the noise floor (about 10 dB)."""

NOISE_WINDOW_S = 3.0
"""The noise floor is a low percentile of the last few seconds: pauses between words reach it."""

PRIOR_NOISE = 100.0
"""A quiet room's floor, assumed until the window has seen real audio (300 threshold, as speech_recognition)."""


def level_of(block: bytes) -> float:
    """Input level 0..1 for a meter: the block's RMS on a -60..0 dBFS scale."""
    if not block:
        return 0.0
    samples = np.frombuffer(block, dtype="<i2").astype(np.float32)
    rms = float(np.sqrt(np.mean(samples * samples))) / 32768.0
    if rms <= 1e-6:
        return 0.0
    return min(1.0, max(0.0, (20 * math.log10(rms) + 60) / 60))


def _energy(block: bytes) -> float:
    samples = np.frombuffer(block, dtype="<i2").astype(np.float32)
    return float(np.sqrt(np.mean(samples * samples))) if samples.size else 0.0


@dataclass
class Tap:
    """Sits between the source and Recognizer.listen: meters, records, and decides when to stop.

    Returning b"" is how it ends a listen() call: for good (stop, limit, silence, end of audio) or,
    with `cut` set, just to close an over-long phrase at a quiet moment.
    """

    inner: Any
    rate: int
    chunk: int
    recognizer: sr.Recognizer
    time_limit_s: float | None
    silence_stop_s: float | None
    max_phrase_s: float
    on_level: LevelCallback | None
    stop_event: threading.Event
    chunks: list[bytes] = field(default_factory=list)
    frames: int = 0
    reason: str | None = None
    ended_at: float | None = None
    voiced_s: float = 0.0
    first_voice_s: float | None = None
    last_voice_s: float | None = None
    phrase_voice_s: float | None = None
    phrase_voiced: bool = False
    cut: bool = False
    phrase_chunk: int = 0
    """Index in `chunks` where the current phrase began (for its interim transcript)."""
    held: bytes = b""
    quiet_run: int = 0
    energies: collections.deque[float] = field(default_factory=collections.deque)

    @property
    def elapsed_s(self) -> float:
        return self.frames / self.rate

    def begin_phrase(self) -> None:
        self.phrase_chunk = len(self.chunks)
        self.phrase_voice_s = None
        self.phrase_voiced = False
        self.cut = False
        self.quiet_run = 0

    def _update_threshold(self, energy: float) -> float:
        """Speech threshold from the recent noise floor, set where Recognizer.listen will compare."""
        if not self.energies:
            size = max(8, round(NOISE_WINDOW_S * self.rate / max(1, self.chunk)))
            self.energies = collections.deque([PRIOR_NOISE] * size, maxlen=size)
        self.energies.append(energy)
        floor = float(np.percentile(np.fromiter(self.energies, dtype=np.float64), 5))
        threshold = max(MIN_ENERGY, NOISE_RATIO * floor)
        self.recognizer.energy_threshold = threshold
        return threshold

    def _end(self, reason: str) -> bytes:
        if self.reason is None:
            self.reason = reason
            self.ended_at = time.perf_counter()
        return b""

    def read(self, frames: int) -> bytes:
        if self.reason is not None:
            return b""
        if self.stop_event.is_set():
            return self._end(STOPPED)
        if self.held:
            block, self.held = self.held, b""
            energy = _energy(block)
        else:
            block = self.inner.read(frames)
            if not block:
                return self._end(INPUT_LOST if getattr(self.inner, "stalled", False) else END_OF_AUDIO)
            energy = _energy(block)
            self._record(block, energy, self._update_threshold(energy))
        # the threshold Recognizer.listen compares with, so "voiced" means here what it means there
        voiced = energy > self.recognizer.energy_threshold
        now = self.elapsed_s
        self.quiet_run = 0 if voiced else self.quiet_run + 1
        if voiced:
            self.phrase_voiced = True
            if self.phrase_voice_s is None:
                self.phrase_voice_s = now
        if self.phrase_voice_s is not None:
            long_s = now - self.phrase_voice_s
            # an over-long phrase ends at the next gap between words (two quiet blocks), or, with
            # no gap at all, anyway: whisper reads at most 30 s at once
            if (long_s > self.max_phrase_s and self.quiet_run >= 2) or long_s > 2 * self.max_phrase_s:
                self.held, self.cut = block, True
                return b""
        return block

    def _record(self, block: bytes, energy: float, threshold: float) -> None:
        self.chunks.append(block)
        block_s = len(block) / 2 / self.rate
        self.frames += len(block) // 2
        now = self.elapsed_s
        if self.on_level is not None:
            self.on_level(level_of(block))
        if energy > threshold:
            self.voiced_s += block_s
            if self.first_voice_s is None:
                self.first_voice_s = now - block_s
            self.last_voice_s = now
        if self.time_limit_s is not None and now >= self.time_limit_s:
            self._end(TIME_LIMIT)
        elif (
            self.silence_stop_s is not None
            and self.last_voice_s is not None
            and self.voiced_s >= self.recognizer.phrase_threshold
            and now - self.last_voice_s >= self.silence_stop_s
        ):
            self._end(SILENCE)


class TappedSource(sr.AudioSource):
    """The source as Recognizer.listen sees it: same rate, width and chunk, reading through the tap."""

    def __init__(self, source: Any, tap: Tap) -> None:
        self.SAMPLE_RATE = source.SAMPLE_RATE
        self.SAMPLE_WIDTH = source.SAMPLE_WIDTH
        self.CHUNK = source.CHUNK
        self.stream = tap
