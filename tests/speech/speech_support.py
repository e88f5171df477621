"""Helpers for the speech tests: the shared human clips (../shared beside the repo) and a stand-in sound card."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
EXTERNAL_SPEECH = REPO.parent / "shared" / "data" / "external" / "speech"


def human_clips() -> list[tuple[Path, str]]:
    """The recorded human clips (jfk + LibriVox) beside their reference transcripts."""
    pairs = []
    for reference in sorted(EXTERNAL_SPEECH.glob("*.txt")):
        audio = [p for p in EXTERNAL_SPEECH.glob(reference.stem + ".*") if p.suffix in (".wav", ".flac")]
        if audio:
            pairs.append((audio[0], reference.read_text(encoding="utf-8").strip()))
    return pairs


class RecordingOutput:
    """An audio output that keeps what it is given and plays it at `speed` x real time (no sound card)."""

    def __init__(self, speed: float = 1.0) -> None:
        self.speed = speed
        self.played: list[tuple[np.ndarray, int]] = []

    def check(self) -> tuple[bool, str]:
        return True, ""

    def play(self, samples: np.ndarray, rate: int, stop: threading.Event, on_start: Callable[[], None]) -> bool:
        self.played.append((samples, rate))
        on_start()
        return not stop.wait(len(samples) / rate / self.speed)
