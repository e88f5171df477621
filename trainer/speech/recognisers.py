"""Recognisers behind one small Protocol: faster-whisper (default), PocketSphinx, an opt-in online engine, a fake."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

from trainer.config import Settings
from trainer.core.errors import RecogniserError
from trainer.speech.capture import SPEECH_RATE, to_pcm16
from trainer.speech.recogniser_speed import choose_by_speed
from trainer.speech.whisper import WhisperRecogniser
from trainer.speech.whisper_models import accurate_installed, auto_choice, find_model_source

ENGINES = ("faster-whisper", "sphinx", "google")
ONLINE_ENGINES = ("google",)


class Recogniser(Protocol):
    """Turns speech into text. `audio` is float32 mono at 16 kHz; `hotwords` bias the words expected."""

    name: str
    low_accuracy: bool

    def transcribe(self, audio: np.ndarray, hotwords: Sequence[str] = ()) -> str:
        """The words spoken in `audio` ("" for none)."""
        ...


class SphinxRecogniser:
    """PocketSphinx through speech_recognition: light, offline, low accuracy; ignores hotwords."""

    name = "PocketSphinx (low accuracy)"
    low_accuracy = True

    def __init__(self) -> None:
        import speech_recognition as sr

        try:
            import pocketsphinx  # noqa: F401
        except ImportError:
            raise RecogniserError(
                "engine sphinx needs PocketSphinx: pip install pocketsphinx (or use faster-whisper)"
            ) from None
        self._sr = sr
        self._recognizer = sr.Recognizer()

    def transcribe(self, audio: np.ndarray, hotwords: Sequence[str] = ()) -> str:
        """Audio arrives already at 16 kHz, so speech_recognition does no resampling of its own."""
        data = self._sr.AudioData(to_pcm16(np.asarray(audio, dtype=np.float32)), SPEECH_RATE, 2)
        try:
            return str(self._recognizer.recognize_sphinx(data)).strip()
        except self._sr.UnknownValueError:
            return ""
        except self._sr.RequestError as exc:
            raise RecogniserError(f"PocketSphinx failed: {exc}") from None


def online_notice(engine: str) -> str:
    """What leaves the machine with an online engine: shown before the first answer is sent."""
    if engine == "google":
        return (
            "Online recogniser: the audio of each spoken answer is sent over the internet to Google's "
            "speech API (www.google.com/speech-api) and the text comes back; nothing else is sent."
        )
    return ""


class OnlineRecogniser:
    """speech_recognition's free Google web recogniser: only with allow_network and engine google."""

    low_accuracy = False

    def __init__(self, engine: str = "google") -> None:
        import speech_recognition as sr

        self.engine = engine
        self.name = f"{engine} (online)"
        self.notice = online_notice(engine)
        self._sr = sr
        self._recognizer = sr.Recognizer()

    def transcribe(self, audio: np.ndarray, hotwords: Sequence[str] = ()) -> str:
        """Send the audio; no answer heard is "", a network failure a RecogniserError."""
        data = self._sr.AudioData(to_pcm16(np.asarray(audio, dtype=np.float32)), SPEECH_RATE, 2)
        try:
            return str(self._recognizer.recognize_google(data, language="en-US")).strip()
        except self._sr.UnknownValueError:
            return ""
        except self._sr.RequestError as exc:
            raise RecogniserError(f"online recogniser {self.engine} failed: {exc}") from None


class FakeRecogniser:
    """For unit tests: returns scripted texts in turn (or what `respond` makes of the audio)."""

    low_accuracy = False

    def __init__(
        self,
        texts: Sequence[str] = (),
        respond: Callable[[np.ndarray, Sequence[str]], str] | None = None,
        delay_s: float = 0.0,
        name: str = "fake",
    ) -> None:
        self.name = name
        self._texts = list(texts)
        self._respond = respond
        self._delay_s = delay_s
        self.calls: list[tuple[int, tuple[str, ...]]] = []

    def transcribe(self, audio: np.ndarray, hotwords: Sequence[str] = ()) -> str:
        """The next scripted text; records the number of samples and the hotwords it was given."""
        self.calls.append((len(audio), tuple(hotwords)))
        if self._delay_s:
            threading.Event().wait(self._delay_s)
        if self._respond is not None:
            return self._respond(audio, hotwords)
        return self._texts.pop(0) if self._texts else ""


def load_recogniser(settings: Settings) -> Recogniser:
    """Build the configured recogniser (slow: seconds; call it from a background thread)."""
    engine = settings.engine
    if engine in ("faster-whisper", "whisper"):
        source = find_model_source(settings)
        measure = settings.recogniser == "auto" and not settings.recogniser_model_path and accurate_installed()
        if measure and auto_choice() is None:
            return choose_by_speed(settings, source)
        recogniser = WhisperRecogniser(source)
        recogniser.warm_up()
        return recogniser
    if engine == "sphinx":
        return SphinxRecogniser()
    if engine in ONLINE_ENGINES:
        if not settings.allow_network:
            raise RecogniserError(
                f"engine {engine} sends your answers' audio off this machine; "
                "set allow_network: true in config.yaml to allow it, or use engine: faster-whisper"
            )
        return OnlineRecogniser(engine)
    raise RecogniserError(f"unknown engine {engine!r}; choose one of: {', '.join(ENGINES)}")
