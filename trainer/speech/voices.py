"""The voice that reads questions aloud, behind a small Voice Protocol: hibari-tts (a small neural voice,
the default where it runs) or espeak-ng through pyttsx3, the fallback; and the choice between them."""

from __future__ import annotations

import logging
import threading
from typing import Protocol

from trainer.config import Settings
from trainer.speech.espeak_voice import ESPEAK, Pyttsx3Voice
from trainer.speech.hibari_voice import HIBARI, HIBARI_BUNDLED_VOICE, HibariVoice
from trainer.speech.voice_output import AudioOutput, Utterance

log = logging.getLogger(__name__)


class Voice(Protocol):
    """Reads text aloud. `speak` blocks (call it from a worker thread); `stop` may come from any thread."""

    def check(self) -> tuple[bool, str]:
        """(True, "") when speaking can work, else (False, the one-line reason)."""
        ...

    def speak(self, text: str) -> Utterance:
        """Say `text`, returning when done or stopped; never raises for a missing voice or device."""
        ...

    def stop(self) -> None:
        """Cut the current utterance short (no-op when silent)."""
        ...


class FakeVoice:
    """For unit tests: records what it was asked to say; `seconds` of pretend speech, stoppable."""

    def __init__(self, ok: bool = True, reason: str = "", seconds: float = 0.0) -> None:
        self.ok = ok
        self.reason = reason
        self.seconds = seconds
        self.spoken: list[str] = []
        self._stop = threading.Event()

    def check(self) -> tuple[bool, str]:
        """The configured availability."""
        return self.ok, self.reason

    def speak(self, text: str) -> Utterance:
        """Record `text`; wait `seconds` unless stopped."""
        self._stop.clear()
        if not self.ok:
            return Utterance(spoken=False, reason=self.reason)
        self.spoken.append(text)
        stopped = self._stop.wait(self.seconds) if self.seconds else False
        return Utterance(spoken=True, stopped=stopped, first_sound_s=0.0)

    def stop(self) -> None:
        """Cut the pretend speech short."""
        self._stop.set()


def wants_hibari(voice: str | None) -> str | None:
    """The hibari voice a `voice` setting asks for: None/"hibari" -> heart, "hibari:NAME" -> NAME; else None."""
    if voice is None or voice.strip().lower() == HIBARI:
        return HIBARI_BUNDLED_VOICE
    if voice.lower().startswith(HIBARI + ":"):
        return voice.split(":", 1)[1].strip() or HIBARI_BUNDLED_VOICE
    return None


def make_voice(settings: Settings, output: AudioOutput | None = None) -> HibariVoice | Pyttsx3Voice:
    """The configured voice: hibari where it runs (the default), else espeak-ng through pyttsx3.

    `voice` in config.yaml: unset or "hibari" (hibari's bundled voice), "hibari:NAME" (another hibari voice
    already on this machine), "espeak" (espeak-ng's default English voice), or an espeak-ng voice id or
    name. When hibari was asked for by default and cannot load, espeak-ng speaks instead.
    Mute is the caller's choice: it simply does not call speak.
    """
    hibari_voice = wants_hibari(settings.voice)
    if hibari_voice is not None:
        voice = HibariVoice(rate=settings.rate, output=output, voice=hibari_voice)
        ok, reason = voice.check_voice()
        if ok or settings.voice is not None:  # asked for by name: its own error says why
            return voice
        log.info("hibari unavailable (%s): using espeak-ng", reason)
    espeak_voice = None if (settings.voice or "").lower() in ("", ESPEAK, HIBARI) else settings.voice
    return Pyttsx3Voice(voice=espeak_voice, rate=settings.rate, output=output)
