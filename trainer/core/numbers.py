"""Numbers said in words or written in digits, brought to one form so "forty percent" matches "40%"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from text_to_num import text2num

from trainer.core.fillers import Token

_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = ("hundred", "thousand", "million", "billion")
_NUMBER_WORDS = frozenset(_UNITS) | frozenset(_TENS) | frozenset(_SCALES)
_DIGITS_RE = re.compile(r"(\d+(?:[.,]\d+)*)(%?)")

#: Words a recogniser writes for a spoken number ("to weeks" for "two weeks"); only ever used to
#: match a number the talking point itself asks for.
NUMBER_HOMOPHONES = {"to": "2", "too": "2", "for": "4", "fore": "4", "won": "1", "ate": "8"}


@dataclass(frozen=True)
class Term:
    """A word of an answer or point after numbers are normalised; `first`/`last` index its tokens."""

    text: str
    first: int
    last: int
    is_number: bool = False


def _digits(token: str) -> tuple[str, bool] | None:
    m = _DIGITS_RE.fullmatch(token)
    if not m:
        return None
    raw = m.group(1)
    # "1,500" groups thousands; "2.5" is a decimal; a lone comma-decimal is unusual in English speech.
    value = raw.replace(",", "")
    if "." in value:
        value = value.rstrip("0").rstrip(".") or "0"
    return value, bool(m.group(2))


def _spoken_year(words: list[str]) -> str | None:
    """ "twenty nineteen" or "nineteen ninety five": years are said as two pairs of digits."""
    if len(words) < 2 or words[0] not in ("nineteen", "twenty", "eighteen"):
        return None
    try:
        tail = text2num(" ".join(words[1:]), "en")
    except ValueError:
        return None
    if 10 <= tail <= 99:
        return str(text2num(words[0], "en") * 100 + tail)
    return None


def _parse_run(words: list[str]) -> list[tuple[str, int]]:
    """Split a run of number words into numbers: (value, how many words it took)."""
    out: list[tuple[str, int]] = []
    i = 0
    while i < len(words):
        found = [
            (year, took) for took in (3, 2) if i + took <= len(words) and (year := _spoken_year(words[i : i + took]))
        ]
        if found:
            year, took = found[0]
            out.append((year, took))
            i += took
            continue
        for j in range(len(words), i, -1):
            chunk = words[i:j]
            if chunk[-1] in ("and", "a"):
                continue
            try:
                value = text2num(" ".join(chunk), "en")
            except ValueError:
                continue
            out.append((str(value), j - i))
            i = j
            break
        else:
            i += 1
    return out


def normalise_numbers(tokens: list[Token]) -> list[Term]:
    """The terms of a token list, number words joined into one digit term, "%" made "percent"."""
    terms: list[Term] = []
    i = 0
    n = len(tokens)
    while i < n:
        word = tokens[i].text
        digits = _digits(word)
        if digits is not None:
            value, last = digits[0], i
            # "30 million" is one number, written half in digits.
            if not digits[1] and i + 1 < n and tokens[i + 1].text in _SCALES and "." not in value:
                value = str(int(value) * text2num(f"one {tokens[i + 1].text}", "en"))
                last = i + 1
            terms.append(Term(value, i, last, is_number=True))
            if digits[1]:
                terms.append(Term("percent", i, i))
            i = last + 1
            continue
        if word in _NUMBER_WORDS or (word == "a" and i + 1 < n and tokens[i + 1].text in _SCALES):
            j = i
            run: list[str] = []
            while j < n:
                w = tokens[j].text
                joins = w == "and" or w == "a"
                if w in _NUMBER_WORDS or (joins and j + 1 < n and tokens[j + 1].text in _NUMBER_WORDS):
                    run.append("one" if w == "a" else w)
                    j += 1
                else:
                    break
            pos = i
            for value, took in _parse_run(run):
                terms.append(Term(value, pos, pos + took - 1, is_number=True))
                pos += took
            i = j
            continue
        if word == "per" and i + 1 < n and tokens[i + 1].text == "cent":
            terms.append(Term("percent", i, i + 1))
            i += 2
            continue
        terms.append(Term(word, i, i))
        i += 1
    return terms
