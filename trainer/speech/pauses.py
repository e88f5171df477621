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
from trainer.speech.stt import Word

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


def _longest_run(quiet: np.ndarray, lo: int, hi: int) -> tuple[int, int]:
    """(start frame, length) of the longest quiet run in quiet[lo:hi]."""
    best = (lo, 0)
    run_start = None
    for index in range(max(0, lo), min(hi, len(quiet))):
        if quiet[index]:
            if run_start is None:
                run_start = index
            if index - run_start + 1 > best[1]:
                best = (run_start, index - run_start + 1)
        else:
            run_start = None
    return best


def long_pauses(
    words: Sequence[Word], audio: np.ndarray, rate: int = SPEECH_RATE, min_s: float = LONG_PAUSE_S
) -> list[Pause]:
    """The pauses of `min_s` or more between words (not before the first or after the last)."""
    quiet = quiet_frames(np.asarray(audio, dtype=np.float32), rate)
    found = []
    for index in range(len(words) - 1):
        word, following = words[index], words[index + 1]
        # a word lasts at least 0.1 s; whisper may put the next one's start inside the silence too,
        # so the quiet is looked for up to the end of the next word
        lo = int((word.start + 0.1) / FRAME_S)
        hi = int((max(following.end, word.end) + 0.1) / FRAME_S)
        start, length = _longest_run(quiet, lo, hi)
        seconds = length * FRAME_S
        if seconds >= min_s:
            after = " ".join(w.text for w in words[max(0, index + 1 - CONTEXT_WORDS) : index + 1])
            found.append(Pause(round(seconds, 2), round(start * FRAME_S, 2), after.strip(" ,.;:!?")))
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
