"""Words and filler words in an answer: tokens with offsets, word counts, and fillers told from meaning."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A word is letters (with inner apostrophes, as in "didn't", or digits, as in "b2b") or a number (with
# inner separators, as in "1,500" or "2.5", and an optional percent sign or times sign, as in "3x").
_WORD_RE = re.compile(r"\d+(?:[.,]\d+)*(?:%|x\b)?|[^\W\d_][^\W_]*(?:['’][^\W\d_]+)*")


@dataclass(frozen=True)
class Token:
    """One word of a text: its lower-cased form and where it sits in the original."""

    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """The words of `text`, lower-cased, with curly apostrophes made straight, and their offsets."""
    return [Token(m.group(0).lower().replace("’", "'"), m.start(), m.end()) for m in _WORD_RE.finditer(text)]


def count_words(text: str) -> int:
    """How many words `text` has (numbers count as one word each)."""
    return sum(1 for _ in _WORD_RE.finditer(text))


# Hesitation sounds are fillers wherever they appear.
_SOUNDS = frozenset({"um", "umm", "ummm", "uh", "uhh", "uhm", "er", "erm", "ah", "hmm", "mm", "mhm"})
# Intensifiers that carry no content in speech. ("kind of", "sort of" are hedges: core.hedges counts them.)
_EMPTY_WORDS = frozenset({"basically", "actually", "literally"})

# "like" after these is a verb or a comparison ("I like", "I'd like to", "looks like", "things like").
_LIKE_NOT_FILLER_AFTER = frozenset(
    {
        "i", "you", "we", "they", "he", "she", "it", "people", "would", "i'd", "you'd", "we'd",
        "they'd", "to", "really", "don't", "didn't", "doesn't", "do", "does", "did", "not", "also",
        "look", "looks", "looked", "looking", "sound", "sounds", "sounded", "seem", "seems", "seemed",
        "feel", "feels", "felt", "something", "anything", "nothing", "everything", "things", "stuff",
        "more", "much", "most", "exactly", "just", "is", "are", "be", "a", "lot", "the", "what",
        "who", "would've", "might", "may", "will", "could", "should", "can", "genuinely", "always",
        "never", "still", "truly", "kinda", "particularly", "especially",
    }
)  # fmt: skip
# "like" before these is a comparison or a verb ("like this", "like a pro").
_LIKE_NOT_FILLER_BEFORE = frozenset({"this", "that", "these", "those", "it", "to", "when", "working", "him", "her"})

# "you know" before these is a real question or statement ("you know what it is", "you know how").
_YOU_KNOW_NOT_FILLER_BEFORE = frozenset(
    {"what", "how", "that", "why", "where", "who", "when", "if", "whether", "the", "about", "each", "him", "her"}
)
_YOU_KNOW_NOT_FILLER_AFTER = frozenset({"do", "did", "don't", "didn't", "if", "as", "would", "will", "might"})
_I_MEAN_NOT_FILLER_BEFORE = frozenset({"it", "that", "to", "what", "business", "well"})


def count_fillers(text: str) -> list[str]:
    """The filler words and phrases in `text`, in order, each as its canonical lower-case form."""
    words = [t.text for t in tokenize(text)]
    found: list[str] = []
    i = 0
    n = len(words)
    while i < n:
        word = words[i]
        prev = words[i - 1] if i > 0 else ""
        nxt = words[i + 1] if i + 1 < n else ""
        after = words[i + 2] if i + 2 < n else ""
        if word in _SOUNDS or word in _EMPTY_WORDS:
            found.append("uh" if word == "uhh" else word)
        elif word in ("kinda", "sorta"):
            found.append("kind of" if word == "kinda" else "sort of")
        elif word == "like":
            if prev not in _LIKE_NOT_FILLER_AFTER and nxt not in _LIKE_NOT_FILLER_BEFORE:
                found.append("like")
        elif word == "you" and nxt == "know":
            if after not in _YOU_KNOW_NOT_FILLER_BEFORE and prev not in _YOU_KNOW_NOT_FILLER_AFTER:
                found.append("you know")
                i += 2
                continue
        elif word == "i" and nxt == "mean":
            if after not in _I_MEAN_NOT_FILLER_BEFORE and prev != "what":
                found.append("i mean")
                i += 2
                continue
        elif word == "so" and nxt == "yeah":
            found.append("so yeah")
            i += 2
            continue
        i += 1
    return found
