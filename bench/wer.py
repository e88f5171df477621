"""Word error rate of a transcript against a reference, after bringing both to one written form.

For measuring recognisers (bench/speech.py and the speech tests); the app itself never needs it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz.distance import Levenshtein
from text_to_num import alpha2digit

# Recognisers write "Mr." where reference transcripts (LibriVox) spell "mister": neither is an error.
_ABBREVIATIONS = {"mr": "mister", "mrs": "missus", "dr": "doctor", "st": "saint", "ok": "okay"}
_SYMBOLS = {"%": " percent ", "&": " and ", "+": " plus "}
_KEEP = re.compile(r"[a-z0-9']+")
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_DIGITS_SCALE = re.compile(r"\b(\d+) (hundred|thousand|million|billion)\b")
_A_SCALE = re.compile(r"\ba (hundred|thousand|million|billion)\b")


def normalise_words(text: str) -> list[str]:
    """Lower-cased words with punctuation dropped, numbers as digits and common abbreviations spelt out."""
    text = text.lower()
    for symbol, word in _SYMBOLS.items():
        text = text.replace(symbol, word)
    # "cold-hearted" and "cold hearted" are the same words; "1,000" is one number
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text).replace("-", " ")
    words = [w.strip("'") for w in _KEEP.findall(text)]
    words = [_ABBREVIATIONS.get(w, w) for w in words if w]
    # "a thousand" and "1000", "three million" and "3 million" are the same number
    text = _A_SCALE.sub(r"one \1", " ".join(words))
    text = _DIGITS_SCALE.sub(lambda m: str(int(m.group(1)) * _SCALES[m.group(2)]), text)
    return alpha2digit(text, "en").split()


def edit_distance(reference: list[str], hypothesis: list[str]) -> int:
    """Fewest word substitutions, insertions and deletions turning `reference` into `hypothesis`."""
    return Levenshtein.distance(reference, hypothesis)


def word_errors(reference: str, hypothesis: str) -> tuple[int, int]:
    """(word edits, words in the reference) after normalising both texts."""
    ref = normalise_words(reference)
    return edit_distance(ref, normalise_words(hypothesis)), len(ref)


def wer(reference: str, hypothesis: str) -> float:
    """Word error rate of one transcript; an empty reference gives 0.0 only for an empty hypothesis."""
    errors, words = word_errors(reference, hypothesis)
    if words == 0:
        return 0.0 if errors == 0 else 1.0
    return errors / words


def corpus_wer(pairs: Iterable[tuple[str, str]]) -> float:
    """Word error rate over many (reference, hypothesis) pairs: all edits over all reference words."""
    errors = words = 0
    for reference, hypothesis in pairs:
        e, n = word_errors(reference, hypothesis)
        errors += e
        words += n
    return errors / words if words else 0.0
