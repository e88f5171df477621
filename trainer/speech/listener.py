"""The live answer: phrases heard by speech_recognition and transcribed while the user keeps talking."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import speech_recognition as sr

from trainer.core.errors import TrainerError
from trainer.core.models import Pause
from trainer.speech.capture import SPEECH_RATE, from_pcm16, resample, write_wav
from trainer.speech.input_tap import (
    END_OF_AUDIO,
    LevelCallback,
    Tap,
    TappedSource,
)
from trainer.speech.pauses import phrase_pauses
from trainer.speech.recognisers import Recogniser

PhraseCallback = Callable[[str, str], None]
DoneCallback = Callable[[str, float, str], None]

ERROR = "error"

INTERIM_EVERY_S = 1.0
"""While a phrase is still being spoken, its words so far are shown this often (when the recogniser is free)."""
INTERIM_MIN_S = 1.0
"""A phrase is shown early only once this much of it has been heard."""


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
        self._tap = Tap(
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
                tapped = TappedSource(source, self._tap)
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
