"""The live answer: phrases heard by speech_recognition and transcribed while the user keeps talking."""

from __future__ import annotations

import collections
import math
import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import speech_recognition as sr

from trainer.core.errors import TrainerError
from trainer.core.models import Pause
from trainer.speech.capture import SPEECH_RATE, from_pcm16, resample, write_wav
from trainer.speech.pauses import phrase_pauses
from trainer.speech.recognisers import Recogniser

LevelCallback = Callable[[float], None]
PhraseCallback = Callable[[str, str], None]
DoneCallback = Callable[[str, float, str], None]

STOPPED = "stopped"
TIME_LIMIT = "time limit"
SILENCE = "silence"
END_OF_AUDIO = "end of audio"
INPUT_LOST = "input lost"
ERROR = "error"

MIN_ENERGY = 100.0
"""Lowest speech threshold (RMS of 16-bit samples, about -50 dBFS): digital silence must not make hiss speech."""

NOISE_RATIO = 3.0
"""Speech is this many times louder than the noise floor (about 10 dB)."""

NOISE_WINDOW_S = 3.0
"""The noise floor is a low percentile of the last few seconds: pauses between words reach it."""

INTERIM_EVERY_S = 1.0
"""While a phrase is still being spoken, its words so far are shown this often (when the recogniser is free)."""
INTERIM_MIN_S = 1.0
"""A phrase is shown early only once this much of it has been heard."""

PRIOR_NOISE = 100.0
"""A quiet room's floor, assumed until the window has seen real audio (300 threshold, as speech_recognition)."""


@dataclass(frozen=True)
class ListenResult:
    """A finished answer: its transcript, how long it lasted, why it stopped, and the timings."""

    text: str
    audio_s: float
    speech_s: float
    """From the first to the last voiced block: the time the user spoke (for words per minute)."""
    reason: str
    phrases: tuple[str, ...] = ()
    latency_s: float = 0.0
    """From the end of the audio (or the stop) to the final transcript."""
    transcribe_s: float = 0.0
    """Time spent inside the recogniser, summed over phrases."""
    error: str | None = None
    pauses: tuple[Pause, ...] = ()
    """Long pauses between phrases (LONG_PAUSE_S or more of silence), with the words before each."""


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
class _Tap:
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


class _TappedSource(sr.AudioSource):
    """The source as Recognizer.listen sees it: same rate, width and chunk, reading through the tap."""

    def __init__(self, source: Any, tap: _Tap) -> None:
        self.SAMPLE_RATE = source.SAMPLE_RATE
        self.SAMPLE_WIDTH = source.SAMPLE_WIDTH
        self.CHUNK = source.CHUNK
        self.stream = tap


class Listener:
    """Hears one spoken answer from an entered-on-start AudioSource (microphone or live file).

    Runs in its own threads: one reads the source phrase by phrase, one transcribes each phrase as
    soon as it ends, so when the answer stops only the last phrase is left to transcribe.

    Callbacks run on those threads, never the caller's: `on_level(0..1)` for every block read,
    `on_phrase(phrase_text, transcript_so_far)` after each phrase, `on_done(text, audio_s, reason)`
    once, at the end (reason: stopped, time limit, silence, end of audio, input lost, error).
    `on_partial(phrase_so_far, transcript_so_far)`, when given, about every second while a phrase is still
    being spoken (a quick rough decode, replaced by the phrase's own transcript once it ends), so the words
    appear while the user talks rather than at the end of each phrase.
    """

    def __init__(
        self,
        source: Any,
        recogniser: Recogniser,
        *,
        hotwords: Sequence[str] = (),
        time_limit_s: float | None = None,
        silence_stop_s: float | None = None,
        on_level: LevelCallback | None = None,
        on_phrase: PhraseCallback | None = None,
        on_done: DoneCallback | None = None,
        on_partial: PhraseCallback | None = None,
        pause_s: float = 0.8,
        max_phrase_s: float = 12.0,
    ) -> None:
        if source.SAMPLE_WIDTH != 2:
            raise ValueError("the Listener reads 16-bit sources")
        self.source = source
        self.recogniser = recogniser
        self.hotwords = tuple(hotwords)
        self.on_level = on_level
        self.on_phrase = on_phrase
        self.on_done = on_done
        self.on_partial = on_partial
        self.recognizer = sr.Recognizer()
        self.recognizer.pause_threshold = pause_s
        # its own adaptation also runs inside phrases and climbs towards the speech level, so loud
        # speech makes softer words count as pauses; the tap tracks the noise floor instead
        self.recognizer.dynamic_energy_threshold = False
        self.recognizer.non_speaking_duration = min(0.5, pause_s)
        self._stop = threading.Event()
        self._tap = _Tap(
            inner=None,
            rate=int(source.SAMPLE_RATE),
            chunk=int(source.CHUNK),
            recognizer=self.recognizer,
            time_limit_s=time_limit_s or None,
            silence_stop_s=silence_stop_s or None,
            max_phrase_s=max_phrase_s,
            on_level=on_level,
            stop_event=self._stop,
        )
        self._phrases: queue.Queue[tuple[bytes, float, float] | None] = queue.Queue()
        self._texts: list[str] = []
        self._timed: list[tuple[str, float, float]] = []
        self._transcribe_s = 0.0
        self._error: str | None = None
        self._done = threading.Event()
        self._threads: list[threading.Thread] = []
        self.result: ListenResult | None = None

    def start(self) -> None:
        """Open the source and start hearing (returns at once)."""
        self._threads = [
            threading.Thread(target=self._capture, name="listener-capture", daemon=True),
            threading.Thread(target=self._transcribe, name="listener-transcribe", daemon=True),
        ]
        if self.on_partial is not None:
            self._threads.append(threading.Thread(target=self._interim, name="listener-interim", daemon=True))
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        """End the answer now (any thread); the last phrase is still transcribed."""
        self._stop.set()

    def wait(self, timeout: float | None = None) -> ListenResult | None:
        """Block until the final transcript is ready; None if `timeout` ran out first."""
        if not self._done.wait(timeout):
            return None
        return self.result

    def run(self) -> ListenResult:
        """Start and wait: the blocking form, for the command line."""
        self.start()
        result = self.wait()
        assert result is not None
        return result

    def _capture(self) -> None:
        try:
            with self.source as source:
                self._tap.inner = source.stream
                self._tap.rate = int(source.SAMPLE_RATE)  # a microphone settles its rate on opening
                self._tap.chunk = int(source.CHUNK)
                tapped = _TappedSource(source, self._tap)
                while self._tap.reason is None:
                    self._tap.begin_phrase()
                    phrase = self.recognizer.listen(tapped)
                    if self._tap.phrase_voiced:
                        first = self._tap.phrase_voice_s or 0.0
                        last = max(first, self._tap.last_voice_s or first)
                        self._phrases.put((phrase.get_raw_data(), first, last))
        except TrainerError as exc:
            self._error = str(exc)
            self._tap._end(ERROR)
        except Exception as exc:  # a device error mid-answer ends the answer, not the app
            self._error = f"audio input failed: {exc}"
            self._tap._end(ERROR)
        finally:
            self._tap._end(END_OF_AUDIO)
            self._phrases.put(None)

    def _transcribe(self) -> None:
        while (item := self._phrases.get()) is not None:
            pcm, first, last = item
            audio = resample(from_pcm16(pcm), self._tap.rate, SPEECH_RATE)
            started = time.perf_counter()
            try:
                text = self.recogniser.transcribe(audio, self.hotwords).strip()
            except Exception as exc:  # keep the words heard so far; say what failed
                self._error = f"recogniser failed: {exc}"
                continue
            finally:
                self._transcribe_s += time.perf_counter() - started
            self._timed.append((text, first, last))
            if text:
                self._texts.append(text)
                if self.on_phrase is not None:
                    self.on_phrase(text, self.transcript)
        self._finish()

    def _interim(self) -> None:
        """About every second, the words of the phrase still being spoken (only when nothing else waits)."""
        quick = getattr(self.recogniser, "transcribe_quick", None)
        shown = -1
        phrase_start, words_shown = -1, 0
        while not self._done.wait(INTERIM_EVERY_S):
            tap = self._tap
            if tap.reason is not None or not tap.phrase_voiced or not self._phrases.empty():
                continue
            start = tap.phrase_chunk
            chunks = tap.chunks[start:]
            if len(chunks) == shown or sum(len(c) for c in chunks) < INTERIM_MIN_S * tap.rate * 2:
                continue
            shown = len(chunks)
            audio = resample(from_pcm16(b"".join(chunks)), tap.rate, SPEECH_RATE)
            try:
                text = quick(audio) if quick is not None else self.recogniser.transcribe(audio, self.hotwords)
                text = text.strip()
            except Exception:  # only a preview: the phrase's own transcript reports any failure
                continue
            if start != phrase_start:
                phrase_start, words_shown = start, 0
            # a quick decode can skip a stretch that the previous one had: the words shown never go back
            if len(text.split()) < words_shown:
                continue
            if text and tap.phrase_chunk == start and tap.reason is None and self.on_partial is not None:
                words_shown = len(text.split())
                self.on_partial(text, " ".join([*self._texts, text]))

    @property
    def transcript(self) -> str:
        """The words heard so far."""
        return " ".join(self._texts)

    def _finish(self) -> None:
        tap = self._tap
        ended = tap.ended_at or time.perf_counter()
        first, last = tap.first_voice_s, tap.last_voice_s
        reason = ERROR if self._error and tap.reason == ERROR else (tap.reason or END_OF_AUDIO)
        self.result = ListenResult(
            text=self.transcript,
            audio_s=tap.elapsed_s,
            speech_s=(last - first) if first is not None and last is not None else 0.0,
            reason=reason,
            phrases=tuple(self._texts),
            latency_s=max(0.0, time.perf_counter() - ended),
            transcribe_s=self._transcribe_s,
            error=self._error,
            pauses=tuple(phrase_pauses([p for p in self._timed if p[0]])),
        )
        try:
            if self.on_done is not None:
                self.on_done(self.result.text, self.result.audio_s, self.result.reason)
        finally:
            self._done.set()

    def audio(self, rate: int = SPEECH_RATE) -> np.ndarray:
        """Everything captured, as float32 mono at `rate` (for recordings and duration)."""
        return resample(from_pcm16(b"".join(self._tap.chunks)), self._tap.rate, rate)

    def save_wav(self, path: Path | str) -> None:
        """Write the captured audio as a 16-bit WAV at the source's rate."""
        write_wav(path, from_pcm16(b"".join(self._tap.chunks)), self._tap.rate)
