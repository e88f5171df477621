"""`recogniser: auto`: time the accurate model here once, and keep it only if it keeps up with speech."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from trainer.config import Settings
from trainer.core.errors import RecogniserError
from trainer.model_files import ModelSource
from trainer.speech.capture import SPEECH_RATE
from trainer.speech.whisper import WhisperRecogniser
from trainer.speech.whisper_models import AUTO_MAX_RTF, accurate_source, save_auto_choice

if TYPE_CHECKING:
    from trainer.speech.recognisers import Recogniser


def choose_by_speed(settings: Settings, fast: ModelSource) -> Recogniser:
    """`recogniser: auto` at first use: time the accurate model on a spoken sentence; keep it if fast enough."""
    try:
        accurate = WhisperRecogniser(accurate_source())
    except RecogniserError:  # not installed, or not the pinned model: tiny.en, and measure again next time
        recogniser = WhisperRecogniser(fast)
        recogniser.warm_up()
        return recogniser
    accurate.warm_up()
    rtf = measure_rtf(accurate, settings)
    if rtf <= AUTO_MAX_RTF:
        save_auto_choice("accurate", rtf)
        return accurate
    save_auto_choice("fast", rtf)
    del accurate
    recogniser = WhisperRecogniser(fast)
    recogniser.warm_up()
    return recogniser


RTF_SENTENCE = (
    "Last spring we disagreed about the release date, so I compared the data from our beta users, "
    "and in the end we agreed on a phased launch."
)


def measure_rtf(recogniser: Recogniser, settings: Settings) -> float:
    """Seconds of recogniser time per second of speech, on a sentence spoken by the voice (noise without one)."""
    import time

    from trainer.speech.capture import resample

    try:
        from trainer.speech.voices import make_voice

        voice = make_voice(settings)
        samples, rate = voice.render(RTF_SENTENCE)
        voice.close()
        audio = resample(samples, rate, SPEECH_RATE)
    except Exception:  # no voice here: quiet noise of a phrase's length still times the encoder
        audio = np.random.default_rng(0).normal(0, 0.003, 8 * SPEECH_RATE).astype(np.float32)
    started = time.perf_counter()
    recogniser.transcribe(audio, ["compared the data", "agreed on a phased launch"])
    return (time.perf_counter() - started) / (audio.size / SPEECH_RATE)
