"""Long pauses in a spoken answer: where they fell from the word timestamps, how long from the audio itself.

Whisper stretches the word before a silence over it (measured: "cloud." from 3.6 s to 7.6 s, with 3.5 s
of silence in it), so the gap between two words' timestamps says where a pause may be, and the quiet
frames between them say how long it really was.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

from trainer.core.models import LONG_PAUSE_S, Pause
from trainer.speech.capture import SPEECH_RATE
from trainer.speech.heard import Word

FRAME_S = 0.02
QUIET_DB = 30.0
"""A frame this far below the loudest speech (or under 3x the noise floor, if that is higher) is quiet."""
CONTEXT_WORDS = 3


def quiet_frames(audio: np.ndarray, rate: int = SPEECH_RATE) -> np.ndarray:
    """One bool per FRAME_S of audio: True where it is quiet (no speech)."""
    frame = max(1, int(rate * FRAME_S))
    usable = len(audio) // frame * frame
    if usable == 0:
        return np.zeros(0, dtype=bool)
    rms = np.sqrt(np.mean(np.square(audio[:usable].reshape(-1, frame), dtype=np.float64), axis=1))
    peak = float(np.percentile(rms, 99))
    floor = float(np.percentile(rms, 10))
    threshold = max(peak * 10 ** (-QUIET_DB / 20), 3 * floor, 1e-4)
    return np.asarray(rms < threshold)


def quiet_runs(quiet: np.ndarray, min_frames: int) -> list[tuple[int, int]]:
    """(start frame, length) of every run of at least `min_frames` quiet frames."""
    runs = []
    edges = np.flatnonzero(np.diff(np.concatenate([[0], quiet.astype(np.int8), [0]])))
    for begin, finish in zip(edges[::2], edges[1::2], strict=True):
        if finish - begin >= min_frames:
            runs.append((int(begin), int(finish - begin)))
    return runs


def long_pauses(
    words: Sequence[Word], audio: np.ndarray, rate: int = SPEECH_RATE, min_s: float = LONG_PAUSE_S
) -> list[Pause]:
    """The silences of `min_s` or more between words (not before the first word or after the last).

    Each is found in the audio and placed by the word timestamps: it falls after the words that began
    before it, and some word must end after it.
    """
    if not words:
        return []
    quiet = quiet_frames(np.asarray(audio, dtype=np.float32), rate)
    first_start, last_end = words[0].start, max(w.end for w in words)
    found = []
    for begin, length in quiet_runs(quiet, int(np.ceil(min_s / FRAME_S))):
        at_s, until_s = begin * FRAME_S, (begin + length) * FRAME_S
        before = [w for w in words if w.start < at_s]
        if at_s <= first_start or until_s >= last_end or not before:
            continue  # thinking time before the answer, or the quiet after it
        after = " ".join(w.text for w in before[-CONTEXT_WORDS:])
        found.append(Pause(round(length * FRAME_S, 2), round(at_s, 2), after.strip(" ,.;:!?")))
    return found


def phrase_pauses(phrases: Sequence[tuple[str, float, float]], min_s: float = LONG_PAUSE_S) -> list[Pause]:
    """Long pauses between phrases heard live: (text, first voiced s, last voiced s) in order."""
    found = []
    for (text, _first, last), (_next_text, next_first, _next_last) in itertools.pairwise(phrases):
        gap = next_first - last
        if gap >= min_s and text.strip():
            after = " ".join(text.split()[-CONTEXT_WORDS:])
            found.append(Pause(round(gap, 2), round(last, 2), after.strip(" ,.;:!?")))
    return found
