"""Where a voice's speech goes: what one `speak()` did, the audio output, and render-then-play for every voice."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from trainer.speech.devices import device_status

DEFAULT_RATE = 160


@dataclass(frozen=True)
class Utterance:
    """What happened to one `speak()`: spoken (fully or until stopped), or why not."""

    spoken: bool
    stopped: bool = False
    reason: str = ""
    first_sound_s: float | None = None
    """From the speak() call to the first block handed to the audio device."""


class AudioOutput(Protocol):
    """Where rendered speech is played."""

    def check(self) -> tuple[bool, str]:
        """(True, "") when there is a device to play on."""
        ...

    def play(self, samples: np.ndarray, rate: int, stop: threading.Event, on_start: Callable[[], None]) -> bool:
        """Play float32 mono samples, calling `on_start` at the first block; False if `stop` cut it short."""
        ...


class SoundDeviceOutput:
    """The default output device through sounddevice (PortAudio), written in short blocks so stop is quick."""

    block_s = 0.05

    def check(self) -> tuple[bool, str]:
        """Is there a default output device?"""
        status = device_status("output")
        return (True, "") if status.ok else (False, f"not spoken: {status.detail}")

    def play(self, samples: np.ndarray, rate: int, stop: threading.Event, on_start: Callable[[], None]) -> bool:
        """Blocking play; returns False when `stop` was set before the end."""
        import sounddevice as sd

        block = max(1, int(rate * self.block_s))
        with sd.OutputStream(samplerate=rate, channels=1, dtype="float32", blocksize=block) as stream:
            for index, offset in enumerate(range(0, len(samples), block)):
                if stop.is_set():
                    stream.abort()
                    return False
                stream.write(np.ascontiguousarray(samples[offset : offset + block], dtype=np.float32))
                if index == 0:
                    on_start()
        return not stop.is_set()


def render_and_play(voice: Any, text: str) -> Utterance:
    """Render `text` with the voice, then play it on its output until the end or its stop event; never raises."""
    began = time.perf_counter()
    voice._stop.clear()
    ok, reason = voice.check()
    if not ok:
        return Utterance(spoken=False, reason=reason)
    try:
        samples, rate = voice.render(text)
    except Exception as exc:  # the voice failed on this text: show the question, say why
        return Utterance(spoken=False, reason=f"not spoken: voice failed ({exc})")
    first: list[float] = []

    def started() -> None:
        first.append(time.perf_counter() - began)

    try:
        finished = voice.output.play(samples, rate, voice._stop, started)
    except Exception as exc:  # the device vanished or refused the format
        return Utterance(spoken=False, reason=f"not spoken: audio output failed ({exc})")
    return Utterance(spoken=True, stopped=not finished, first_sound_s=first[0] if first else None)
