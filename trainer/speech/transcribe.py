"""Transcribing an audio file for the command line: all at once, or replayed live like a microphone."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from trainer.core.errors import AudioError, RecogniserError
from trainer.core.models import Pause
from trainer.speech.capture import SPEECH_RATE, LiveFileSource, read_clip
from trainer.speech.listener import ERROR, Listener
from trainer.speech.pauses import long_pauses
from trainer.speech.recognisers import Recogniser

SPEECH_FRAME_S = 0.03


@dataclass(frozen=True)
class FileTranscript:
    """The words in a file and how long they took: `latency_s` only for a live replay."""

    text: str
    audio_s: float
    transcribe_s: float
    speech_s: float
    """From the first to the last moment of speech: the duration for words per minute."""
    latency_s: float | None = None
    """Live only: from the end of the audio to the final transcript."""
    pauses: tuple[Pause, ...] = ()
    """Long pauses: from word timestamps (a whole file) or between phrases (live)."""

    def to_json(self) -> dict[str, Any]:
        """The `trainer transcribe --json` object."""
        out: dict[str, Any] = {
            "text": self.text,
            "audio_s": round(self.audio_s, 3),
            "transcribe_s": round(self.transcribe_s, 3),
            "speech_s": round(self.speech_s, 3),
        }
        if self.latency_s is not None:
            out["latency_s"] = round(self.latency_s, 3)
        out.update(pause_fields(self.pauses))
        return out


def pause_fields(pauses: Sequence[Pause]) -> dict[str, Any]:
    """`long_pauses` (how many) and `pause_s` (each one's seconds) for the JSON outputs."""
    return {"long_pauses": len(pauses), "pause_s": [round(p.seconds, 2) for p in pauses]}


def speech_span_s(samples: np.ndarray, rate: int = SPEECH_RATE) -> float:
    """Seconds from the first to the last frame louder than 1/30 of the loudest (about -30 dB)."""
    frame = max(1, int(rate * SPEECH_FRAME_S))
    usable = len(samples) // frame * frame
    if usable == 0:
        return 0.0
    rms = np.sqrt(np.mean(np.square(samples[:usable].reshape(-1, frame), dtype=np.float64), axis=1))
    peak = float(rms.max())
    if peak <= 1e-4:
        return 0.0
    loud = np.flatnonzero(rms > peak / 30)
    return float((loud[-1] - loud[0] + 1) * frame / rate)


def transcribe_file(
    path: Path | str,
    recogniser: Recogniser,
    live: bool = False,
    hotwords: Sequence[str] = (),
    *,
    speed: float = 1.0,
    on_phrase: Callable[[str, str], None] | None = None,
) -> FileTranscript:
    """Transcribe a WAV, FLAC, OGG or AIFF file (AudioError for anything else).

    `live` replays it in real time through the microphone's path (phrase by phrase, as in a
    session) and measures the latency from the end of the audio to the final transcript.
    """
    if live:
        source = LiveFileSource(path, speed=speed)
        result = Listener(source, recogniser, hotwords=hotwords, on_phrase=on_phrase).run()
        if result.reason == ERROR:
            raise AudioError(f"{path}: {result.error}")
        if result.error:
            raise RecogniserError(f"{path}: {result.error}")
        return FileTranscript(
            text=result.text,
            audio_s=result.audio_s,
            transcribe_s=result.transcribe_s,
            speech_s=speech_span_s(source.clip.samples, source.clip.rate),
            latency_s=result.latency_s,
            pauses=result.pauses,
        )
    clip = read_clip(path)
    audio = clip.at_rate(SPEECH_RATE)
    started = time.perf_counter()
    speech_s = speech_span_s(audio)
    # a file with no sound at all has no words: whisper "hears" a "you" in a window of it
    text = ""
    pauses: tuple[Pause, ...] = ()
    timed = getattr(recogniser, "transcribe_timed", None)
    if speech_s > 0 and timed is not None:
        heard = timed(audio, hotwords)
        text, pauses = heard.text, tuple(long_pauses(heard.words, audio))
    elif speech_s > 0:
        text = recogniser.transcribe(audio, hotwords)
    return FileTranscript(
        text=text.strip(),
        audio_s=clip.duration_s,
        transcribe_s=time.perf_counter() - started,
        speech_s=speech_s,
        pauses=pauses,
    )
