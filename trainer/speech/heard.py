"""What a recogniser heard: words with their times, and how two decodes of one phrase are merged."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

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


def timed_words(aligned: Sequence[dict[str, Any]]) -> list[Word]:
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


def words_of(text: str) -> list[Word]:
    """Untimed words of a transcript."""
    return [Word(w) for w in text.split()]


def joined(words: Sequence[Word]) -> str:
    """The transcript the words make."""
    return " ".join(w.text for w in words).strip()


#: whisper's repetition loop: a run of this many words or more said twice back to back is one saying
MIN_REPEAT_WORDS = 4


def collapse_repeats(text: str) -> str:
    """The transcript with whisper's doubled runs removed ("A B C D. A B C D." -> "A B C D.").

    Measured here: with the talking points as a prompt, an answer that nearly repeats them can come
    back twice over, which doubles its word count and pace. People do not repeat four or more words
    back to back verbatim, so such a run is kept once.
    """
    return joined(collapse_words(words_of(text)))


def collapse_words(words: Sequence[Word]) -> list[Word]:
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
