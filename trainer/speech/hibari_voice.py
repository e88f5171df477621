"""hibari-tts, the default voice: a small neural voice (Apache-2.0), numpy + onnxruntime only."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import numpy as np

from trainer.speech.voice_output import DEFAULT_RATE, AudioOutput, SoundDeviceOutput, Utterance, render_and_play

HIBARI = "hibari"
HIBARI_RATE = 24_000
HIBARI_BUNDLED_VOICE = "heart"
"""The one hibari voice inside its wheel (American English); the others are downloads, never made here."""


class HibariVoice:
    """hibari-tts (Apache-2.0): a 7.9 MB neural voice distilled from Kokoro-82M, numpy + onnxruntime only.

    Measured here (bench/speech.py): six bank questions read by it are heard back by the recogniser with
    WER 0.00-0.03, against 0.17 for espeak-ng. The model loads once, on first use (about 0.5 s).
    """

    name = "hibari"

    def __init__(self, rate: int = DEFAULT_RATE, output: AudioOutput | None = None, voice: str = HIBARI_BUNDLED_VOICE):
        self.rate = rate
        self.voice = voice
        self.output: AudioOutput = output or SoundDeviceOutput()
        self._tts: Any = None
        self._problem: str | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()

    @property
    def speed(self) -> float:
        """hibari's speed for the configured rate: 1.0 is its own pace, about 160 words a minute."""
        return min(2.0, max(0.5, self.rate / DEFAULT_RATE))

    def _ensure(self) -> Any:
        with self._lock:
            if self._tts is None and self._problem is None:
                try:
                    from hibari import Hibari
                    from hibari.voices import voice_path

                    # download_missing=False: a voice not on this machine is an error, never a download
                    model = voice_path(self.voice, download_missing=False)
                    self._tts = Hibari(voice=self.voice, model=model, threads=1)
                except Exception as exc:  # not installed, an unknown voice, onnxruntime refusing the model
                    self._problem = f"not spoken: hibari voice unavailable ({type(exc).__name__}: {exc})"
            if self._tts is None:
                raise RuntimeError(self._problem or "hibari voice unavailable")
            return self._tts

    def warm_up(self) -> None:
        """Load the phonemizer too (about 1 s, its first use) where there is a device to speak on."""
        if self.check()[0]:
            self.render("Ready.")

    def check_voice(self) -> tuple[bool, str]:
        """Can the model be loaded? (No device needed.)"""
        try:
            self._ensure()
        except RuntimeError:
            return False, self._problem or "not spoken: hibari voice unavailable"
        return True, ""

    def check(self) -> tuple[bool, str]:
        """Voice first, then an output device."""
        ok, reason = self.check_voice()
        return (ok, reason) if not ok else self.output.check()

    def render(self, text: str) -> tuple[np.ndarray, int]:
        """Synthesize `text` to float32 samples at 24 kHz (no sound); the same text gives the same audio."""
        tts = self._ensure()
        with self._lock:  # one onnxruntime session, one caller at a time
            samples = tts(text, speed=self.speed, seed=0)
        return np.asarray(samples, dtype=np.float32), HIBARI_RATE

    def save_to_wav(self, text: str, path: Path | str) -> None:
        """Write `text` spoken as a 16-bit mono WAV at 24 kHz."""
        from trainer.speech.capture import write_wav

        samples, rate = self.render(text)
        write_wav(path, samples, rate)

    def speak(self, text: str) -> Utterance:
        """Blocking: render, then play until the end or `stop()`."""
        return render_and_play(self, text)

    def stop(self) -> None:
        """Stop playing (from any thread)."""
        self._stop.set()

    def close(self) -> None:
        """Drop the model."""
        self._tts = None
