"""faster-whisper as a recogniser: each phrase decoded plain and prompted, the two merged so hints never cost words."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from trainer import paths
from trainer.core.errors import RecogniserError
from trainer.model_files import ModelSource
from trainer.speech.capture import SPEECH_RATE
from trainer.speech.heard import Heard, Word, collapse_words, joined, merge_prompted, timed_words, words_of

#: Chosen by bench/speech.py on 2 cores: beam 5 against greedy, WER 0.032 vs 0.054 on the human clips
#: and 0.090 vs 0.107 on espeak answers with their points, for 65% more recogniser time; the verdict
#: after a 120 s answer still came 0.4-0.6 s after its end (greedy: 0.4-0.7 s, the machine shared).
#: No VAD: it measured the same WER and time on the clips, and phrases arrive cut at pauses already.
WHISPER_BEAM_SIZE = 5

PHRASE_MAX_S = 28.0
"""Audio up to this long is one phrase, decoded in one window sized to it; longer goes window by window."""
PHRASE_PAD_S = 3.0
"""Quiet added after a phrase in its window (1, 3 and 6 s measured alike; 3 was best on espeak answers)."""
MAX_TOKENS_PER_S = 8.0
NO_SPEECH_PROB = 0.6
LOW_LOGPROB = -1.0

DISFLUENT_PROMPT = "Umm, let me think, like, hmm... Okay, uh, so, you know, I mean, here's what I'm, like, thinking."
"""Text "already said" before every phrase, so whisper writes the fillers it hears instead of tidying them away.

Measured on espeak answers with fillers set off by commas, as people pause around them (bench/speech.py):
with the points' glossary alone whisper wrote 0 of 4 fillers in 4 voices out of 4; with this line before
the glossary, 4 of 4 in each, and the same WER on the words.
"""

PIECE_MIN_S = 18.0
"""A long file is cut into pieces of PIECE_MIN_S to PHRASE_MAX_S seconds, at the quietest 0.1 s between."""


def _pieces(audio: np.ndarray) -> list[tuple[int, np.ndarray]]:
    """(offset, samples) pieces of at most PHRASE_MAX_S seconds, each cut where the audio is quietest."""
    pieces = []
    start = 0
    frame = SPEECH_RATE // 10
    while audio.size - start > PHRASE_MAX_S * SPEECH_RATE:
        lo, hi = start + int(PIECE_MIN_S * SPEECH_RATE), start + int(PHRASE_MAX_S * SPEECH_RATE)
        span = audio[lo:hi]
        usable = span.size // frame * frame
        energy = np.square(span[:usable].reshape(-1, frame), dtype=np.float64).mean(axis=1)
        cut = lo + int(np.argmin(energy)) * frame + frame // 2
        pieces.append((start, audio[start:cut]))
        start = cut
    pieces.append((start, audio[start:]))
    return pieces


def default_cpu_threads() -> int:
    """Threads for the recogniser: every core up to four (more gives tiny.en nothing)."""
    return max(1, min(4, os.cpu_count() or 1))


def hotword_prompt(points: Sequence[str]) -> str | None:
    """The talking points as a glossary line for whisper's prompt (None when there are none).

    Measured on 24 espeak answers: the points joined plainly made whisper drop the words that
    repeat them in 4 answers (it reads the prompt as text already said); as a "Glossary:" line
    none were dropped, WER 0.13 against 0.17 with no prompt, and every point was still found.
    """
    cleaned = [p.strip().rstrip(".") for p in points if p.strip()]
    return f"Glossary: {', '.join(cleaned)}." if cleaned else None


class WhisperRecogniser:
    """faster-whisper, int8 on the CPU; talking points go in as hotwords."""

    low_accuracy = False

    def __init__(
        self,
        source: ModelSource,
        *,
        cpu_threads: int | None = None,
        beam_size: int = WHISPER_BEAM_SIZE,
    ) -> None:
        from faster_whisper import WhisperModel

        self.source = source
        self.name = f"faster-whisper {source.model}"
        self.beam_size = beam_size
        kwargs: dict[str, Any] = {}
        if source.label == "download":
            root = paths.models_dir()
            root.mkdir(parents=True, exist_ok=True)
            kwargs = {"download_root": str(root)}
        try:
            self.model = WhisperModel(
                source.location,
                device="cpu",
                compute_type="int8",
                cpu_threads=cpu_threads or default_cpu_threads(),
                **kwargs,
            )
        except Exception as exc:  # a corrupt folder or a failed download: say which
            raise RecogniserError(f"cannot load the speech model from {source.provenance}: {exc}") from None
        from faster_whisper.tokenizer import Tokenizer

        self._tokenizer = Tokenizer(
            self.model.hf_tokenizer, self.model.model.is_multilingual, task="transcribe", language="en"
        )
        # one model, many callers (live phrases, a file): ctranslate2 calls are serialised
        self._lock = threading.Lock()

    def transcribe(self, audio: np.ndarray, hotwords: Sequence[str] = ()) -> str:
        """Transcribe 16 kHz float32 mono, helped by the talking points in `hotwords`."""
        return self.transcribe_timed(audio, hotwords, timed=False).text

    def transcribe_timed(self, audio: np.ndarray, hotwords: Sequence[str] = (), *, timed: bool = True) -> Heard:
        """The transcript and its words, with their times in the audio when `timed`.

        The audio is decoded twice, with no prompt and with DISFLUENT_PROMPT and the hints, and the two
        merged (merge_prompted): fillers are kept, and hints can correct a word but never cost one.
        """
        audio = np.asarray(audio, dtype=np.float32)
        if audio.size < SPEECH_RATE // 10:
            return Heard("")
        hint = hotword_prompt(hotwords)
        if audio.size <= PHRASE_MAX_S * SPEECH_RATE:
            plain, prompted = self._decode_phrase(audio, hint, timed)
        else:
            plain, prompted = self._decode_long(audio, hint, timed)
        words = collapse_words(merge_prompted(plain, prompted, hotwords))
        return Heard(joined(words), tuple(words) if timed else ())

    def _prompts(self, hint: str | None) -> list[list[int]]:
        """No prompt, then the filler prompt with the glossary of hints (if any)."""
        tokenizer, model = self._tokenizer, self.model
        previous = tokenizer.encode(" " + DISFLUENT_PROMPT)
        return [
            list(model.get_prompt(tokenizer, [], without_timestamps=True)),
            list(model.get_prompt(tokenizer, previous, without_timestamps=True, hotwords=hint)),
        ]

    def transcribe_quick(self, audio: np.ndarray) -> str:
        """A rough transcript for the live view while a phrase is still being spoken: one decode, no prompt.

        About half of `transcribe`'s work; the phrase is transcribed properly once it ends. Greedy decoding
        was tried: it skipped stretches of longer phrases, which left the live words 5 s behind (bench lag).
        """
        audio = np.asarray(audio, dtype=np.float32)
        if audio.size < SPEECH_RATE // 2:
            return ""
        return joined(self._decode_phrase(audio[-int(PHRASE_MAX_S * SPEECH_RATE) :], None, False, quick=True)[0])

    def _decode_phrase(
        self, audio: np.ndarray, hint: str | None, timed: bool, *, quick: bool = False
    ) -> tuple[list[Word], list[Word]]:
        """One phrase through an encoder window sized to it, not padded to whisper's 30 s.

        The encoder is most of a phrase's cost and grows with its input: a 5 s phrase in a 8 s window
        encodes about 5 times faster than in 30 s. Measured on the human clips and espeak answers
        (bench/speech.py): the same WER as the padded window. The one encoding serves both decodes
        (no prompt; filler prompt and hints). Returns (plain words, prompted words).
        """
        from faster_whisper.transcribe import get_suppressed_tokens

        model = self.model
        features = model.feature_extractor(audio)[:, :-1]
        frames = features.shape[1]
        # whole seconds of quiet after the speech, as whisper expects some end to its window
        window = min(3000, int(np.ceil((frames + PHRASE_PAD_S * 100) / 100) * 100))
        features = np.ascontiguousarray(np.pad(features, ((0, 0), (0, window - frames)))[:, :window])
        tokenizer = self._tokenizer
        # people say about 3 words (4 tokens) a second: a cap well above that stops a repetition
        # loop from costing seconds
        new_tokens = int(MAX_TOKENS_PER_S * audio.size / SPEECH_RATE) + 16
        results: list[list[Word]] = []
        with self._lock:
            encoded = model.encode(features)
            for prompt in self._prompts(hint)[:1] if quick else self._prompts(hint):
                result = model.model.generate(
                    encoded,
                    [prompt],
                    beam_size=self.beam_size,
                    max_length=min(model.max_length, len(prompt) + new_tokens),
                    return_scores=True,
                    return_no_speech_prob=True,
                    suppress_blank=True,
                    suppress_tokens=get_suppressed_tokens(tokenizer, [-1]),
                )[0]
                tokens = [t for t in result.sequences_ids[0] if t < tokenizer.eot]
                avg_logprob = result.scores[0] * len(tokens) / (len(tokens) + 1)
                if result.no_speech_prob > NO_SPEECH_PROB and avg_logprob < LOW_LOGPROB:
                    tokens = []  # whisper's own test for "nobody spoke", as in its transcribe()
                if timed and tokens:
                    aligned = model.find_alignment(tokenizer, [tokens], encoded, frames)[0]
                    results.append(timed_words(aligned))
                else:
                    results.append(words_of(str(tokenizer.decode(tokens))))
        return results[0], results[-1]

    def _decode_long(self, audio: np.ndarray, hint: str | None, timed: bool) -> tuple[list[Word], list[Word]]:
        """A long file, phrase-sized piece by piece, each cut at its quietest moment, as a live answer is.

        Every piece gets the same prompt (faster-whisper's own long-file path gives the first window only),
        so fillers and hints work the same in a file as at the microphone.
        """
        plain: list[Word] = []
        prompted: list[Word] = []
        for offset, piece in _pieces(audio):
            piece_plain, piece_prompted = self._decode_phrase(piece, hint, timed)
            shift = offset / SPEECH_RATE
            plain += [Word(w.text, w.start + shift, w.end + shift) for w in piece_plain]
            prompted += [Word(w.text, w.start + shift, w.end + shift) for w in piece_prompted]
        return plain, prompted

    def warm_up(self) -> None:
        """Run once on a second of quiet noise so the first real phrase is not the slow one."""
        noise = np.random.default_rng(0).normal(0, 0.003, SPEECH_RATE).astype(np.float32)
        self.transcribe(noise)
