"""Numbers said in words or written in digits, brought to one form so "forty percent" matches "40%"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from text_to_num import text2num

from trainer.core.fillers import Token

_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = ("hundred", "thousand", "million", "billion")
_SCALE_VALUE = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
_NUMBER_WORDS = frozenset(_UNITS) | frozenset(_TENS) | frozenset(_SCALES)
_DIGIT_WORDS = {w: str(i) for i, w in enumerate(_UNITS[:10])} | {"oh": "0"}
_DIGITS_RE = re.compile(r"(\d+(?:[.,]\d+)*)(%|x)?")
#: Words that say a multiple ("tripled" is "3 times", as is "3x").
_MULTIPLES = {
    "twice": "2", "doubled": "2", "twofold": "2", "tripled": "3", "threefold": "3", "quadrupled": "4",
    "fourfold": "4", "fivefold": "5", "tenfold": "10",
}  # fmt: skip
# Spoken amounts without a number word: (words, the number, the unit it stands for or None).
_PHRASES: tuple[tuple[tuple[str, ...], str, str | None], ...] = (
    (("half", "an", "hour"), "30", "minutes"),
    (("a", "half", "hour"), "30", "minutes"),
    (("half", "hour"), "30", "minutes"),
    (("half", "a", "year"), "6", "months"),
    (("a", "couple"), "2", None),
    (("a", "dozen"), "12", None),
    (("a", "single"), "1", None),
)
# "a week", "an hour": one of a unit of time.
_TIME_UNITS = frozenset("second minute hour day week month quarter year sprint".split())
# After a number these say "times": "3x", "three x", and a recogniser's "three ex".
_TIMES_AFTER_NUMBER = frozenset({"x", "ex", "times"})

#: Words a recogniser writes for a spoken number ("to weeks" for "two weeks"); only ever used to
#: match a number the talking point itself asks for.
NUMBER_HOMOPHONES = {"to": "2", "too": "2", "for": "4", "fore": "4", "won": "1", "ate": "8", "tree": "3"}


@dataclass(frozen=True)
class Term:
    """A word of an answer or point after numbers are normalised; `first`/`last` index its tokens."""

    text: str
    first: int
    last: int
    is_number: bool = False


def _fmt(value: Decimal) -> str:
    """A number as the matcher compares it: "2.5", "1500", never "2.50" or "1.5E+3"."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def _digits(token: str) -> tuple[Decimal, str] | None:
    """The value of a number written in digits, and its sign ("%", "x" or "")."""
    m = _DIGITS_RE.fullmatch(token)
    if not m:
        return None
    raw = m.group(1)
    # "1,500" groups thousands; "2.5" is a decimal; a lone comma-decimal is unusual in English speech.
    try:
        value = Decimal(raw.replace(",", ""))
    except InvalidOperation:
        return None
    return value, m.group(2) or ""


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


#: After this many chunks in a row that text2num refuses, no longer chunk from the same start is tried: its
#: parser reads left to right and fails at the first word that does not fit, and a pending "and" or scale
#: needs at most two more words to be whole again. This is what makes a long run of number words linear.
_GIVE_UP_AFTER = 3
#: Never more words in one number than this (a spoken number has a few dozen at most; leading "zero"s aside)
_MAX_NUMBER_WORDS = 64


@lru_cache(maxsize=4096)
def _text2num(words: tuple[str, ...]) -> int | None:
    """text2num of the words, or None where it refuses them (cached: runs repeat the same chunks)."""
    try:
        return int(text2num(" ".join(words), "en"))
    except ValueError:
        return None


def _longest_number(words: list[str], i: int) -> tuple[int, int] | None:
    """(value, end) of the longest chunk words[i:end] that text2num reads, or None.

    A chunk ending in "and", or in "one" before "half", or holding "point" or "half", is never taken:
    "two and a half" is 2 then "and a half"; "point" and "half" are never text2num's.
    """
    best: tuple[int, int] | None = None
    refused = 0
    zeros = 0  # leading "zero"s: text2num reads any number of them, so they do not count towards the limit
    while i + zeros < len(words) and words[i + zeros] == "zero":
        zeros += 1
    if zeros:
        best = (0, i + zeros)  # "zero zero zero" is 0, however many
    end = min(len(words), i + zeros + _MAX_NUMBER_WORDS)
    for j in range(i + zeros + 1, end + 1):
        last = words[j - 1]
        if last in ("point", "half"):
            break  # every longer chunk holds it too
        value = _text2num(tuple(words[i:j]))
        if value is None:
            # a chunk ending in "and" waits for the number after it, so it is no sign that the chunk is dead
            refused += last != "and"
            if refused >= _GIVE_UP_AFTER:
                break
            continue
        refused = 0
        if last == "and" or (last == "one" and words[j : j + 1] == ["half"]):
            continue
        best = (value, j)
    return best


def _parse_run(words: list[str]) -> list[tuple[Decimal, int]]:
    """Split a run of number words into numbers: (value, how many words it took).

    Besides what text2num reads, a run may hold a spoken decimal ("eight point five"), a half
    ("two and a half", "half a million") and a scale after either ("eight point five million").
    Linear in the run: each start tries only as many chunks as can still become a number.
    """
    out: list[tuple[Decimal, int]] = []
    i = 0
    while i < len(words):
        if words[i] == "half" and i + 2 < len(words) and words[i + 1] == "one" and words[i + 2] in _SCALES:
            out.append((Decimal(_SCALE_VALUE[words[i + 2]]) / 2, 3))
            i += 3
            continue
        found = [
            (year, took) for took in (3, 2) if i + took <= len(words) and (year := _spoken_year(words[i : i + took]))
        ]
        if found:
            year, took = found[0]
            out.append((Decimal(year), took))
            i += took
            continue
        longest = _longest_number(words, i)
        if longest is None:
            i += 1
            continue
        number, j = longest
        value = Decimal(number)
        k = j
        if k + 1 < len(words) and words[k] == "point" and words[k + 1] in _DIGIT_WORDS:
            digits = ""
            k += 1
            while k < len(words) and words[k] in _DIGIT_WORDS:
                digits += _DIGIT_WORDS[words[k]]
                k += 1
            value = Decimal(f"{value}.{digits}")
        elif words[k : k + 3] == ["and", "one", "half"]:
            value += Decimal("0.5")
            k += 3
        if k > j and k < len(words) and words[k] in _SCALES:
            value *= _SCALE_VALUE[words[k]]
            k += 1
        out.append((value, k - i))
        i = k
    return out


def _starts_number(tokens: list[Token], i: int) -> bool:
    """True where a run of number words begins ("forty", "a hundred", "half a million")."""
    word = tokens[i].text
    nxt = tokens[i + 1].text if i + 1 < len(tokens) else ""
    after = tokens[i + 2].text if i + 2 < len(tokens) else ""
    if word in _NUMBER_WORDS:
        return True
    if word == "a":
        return nxt in _SCALES
    return word == "half" and nxt == "a" and after in _SCALES


def _joins_run(tokens: list[Token], j: int) -> bool:
    """True for a word that continues a run of number words already begun."""
    w = tokens[j].text
    nxt = tokens[j + 1].text if j + 1 < len(tokens) else ""
    after = tokens[j + 2].text if j + 2 < len(tokens) else ""
    if w in _NUMBER_WORDS:
        return True
    if w == "and":  # "one hundred and twenty", "two and a half"
        return nxt in _NUMBER_WORDS or (nxt == "a" and after == "half")
    if w == "a":  # "a hundred", "and a half", "half a million"
        return nxt in _NUMBER_WORDS or nxt == "half"
    if w == "half":
        return tokens[j - 1].text == "a" or (nxt == "a" and after in _SCALES)
    return w == "point" and nxt in _DIGIT_WORDS  # "eight point five"


def _phrase_at(tokens: list[Token], i: int) -> tuple[str, str | None, int] | None:
    """A spoken amount without a number word starting at token i ("half an hour", "a couple")."""
    for words, value, unit in _PHRASES:
        if tuple(t.text for t in tokens[i : i + len(words)]) == words:
            return value, unit, len(words)
    return None


def normalise_numbers(tokens: list[Token]) -> list[Term]:
    """The terms of a token list, number words joined into one digit term, "%" made "percent".

    A multiple is a number and "times" ("3x", "three x", "tripled" are all "3 times").
    """
    terms: list[Term] = []
    i = 0
    n = len(tokens)
    while i < n:
        word = tokens[i].text
        digits = _digits(word)
        if digits is not None:
            value, last = digits[0], i
            # "30 million" and "8.5 million" are one number, written half in digits.
            if not digits[1] and i + 1 < n and tokens[i + 1].text in _SCALES:
                value *= _SCALE_VALUE[tokens[i + 1].text]
                last = i + 1
            terms.append(Term(_fmt(value), i, last, is_number=True))
            if digits[1] == "%":
                terms.append(Term("percent", i, i))
            elif digits[1] == "x":
                terms.append(Term("times", i, i))
            elif last + 1 < n and tokens[last + 1].text in _TIMES_AFTER_NUMBER:
                last += 1
                terms.append(Term("times", last, last))
            i = last + 1
            continue
        phrase = _phrase_at(tokens, i)
        if phrase is not None:
            said, unit, took = phrase
            terms.append(Term(said, i, i + took - 1, is_number=True))
            if unit:
                terms.append(Term(unit, i, i + took - 1))
            i += took
            continue
        if word in ("a", "an") and i + 1 < n and tokens[i + 1].text in _TIME_UNITS:
            terms.append(Term("1", i, i, is_number=True))
            i += 1
            continue
        if _starts_number(tokens, i):
            j = i
            run: list[str] = []
            while j < n and _joins_run(tokens, j):
                run.append("one" if tokens[j].text == "a" else tokens[j].text)
                j += 1
            pos = i
            for value, took in _parse_run(run):
                terms.append(Term(_fmt(value), pos, pos + took - 1, is_number=True))
                pos += took
            if terms and terms[-1].is_number and j < n and tokens[j].text in _TIMES_AFTER_NUMBER:
                terms.append(Term("times", j, j))
                j += 1
            i = max(j, i + 1)
            continue
        if word in _MULTIPLES:
            terms.append(Term(_MULTIPLES[word], i, i, is_number=True))
            terms.append(Term("times", i, i))
            i += 1
            continue
        if word == "per" and i + 1 < n and tokens[i + 1].text == "cent":
            terms.append(Term("percent", i, i + 1))
            i += 2
            continue
        terms.append(Term(word, i, i))
        i += 1
    return terms
