"""Hedges in an answer: the phrases that soften a claim ("I think", "maybe", "kind of"), with where they sit."""

from __future__ import annotations

from dataclasses import dataclass

from trainer.core.fillers import Token, tokenize

# Phrases that are hedges wherever they appear; longer ones first, so "i'm not sure but" is one hedge.
_PHRASES: tuple[tuple[str, ...], ...] = (
    ("i'm", "not", "sure", "but"),
    ("i", "am", "not", "sure", "but"),
    ("a", "little", "bit"),
    ("i", "think"),
    ("i", "guess"),
    ("maybe",),
    ("probably",),
)
# "kind of" / "sort of" after a determiner names a kind ("what kind of", "a sort of ritual").
_KIND_NAMES_AFTER = frozenset(
    {
        "what", "which", "this", "that", "these", "those", "the", "a", "an", "some", "any", "every",
        "same", "different", "one", "other", "my", "your", "our", "their", "his", "her", "its",
        "whatever", "all", "certain", "new", "right", "wrong", "only", "no", "each", "another",
        "particular", "first", "best", "worst", "usual", "special", "whichever", "many",
    }
)  # fmt: skip
# "just" before these means "exactly", "only" or "recently", not "merely": "just in time", "just for us".
_JUST_NOT_HEDGE_BEFORE = frozenset(
    {
        "in", "as", "before", "after", "now", "then", "when", "like", "because", "about", "enough",
        "right", "over", "under", "one", "two", "three", "four", "five", "six", "seven", "eight",
        "nine", "ten", "the", "got", "started", "finished", "joined", "arrived", "left", "been",
        "for", "with", "at", "on", "by", "from", "around", "outside", "inside", "behind", "across",
    }
)  # fmt: skip
# "had just", "has just": recently.
_JUST_NOT_HEDGE_AFTER = frozenset({"had", "has", "have", "i've", "we've", "i'd", "we'd", "is", "was", "it's"})


@dataclass(frozen=True)
class Hedge:
    """One hedge found in an answer: its canonical form and its character offsets."""

    phrase: str
    start: int
    end: int


def _phrase_at(words: list[Token], i: int) -> int:
    """How many words the fixed hedge phrase starting at word `i` has (0: none)."""
    for phrase in _PHRASES:
        if tuple(t.text for t in words[i : i + len(phrase)]) == phrase:
            return len(phrase)
    return 0


def _is_number(token: Token) -> bool:
    return token.text[0].isdigit()


def find_hedges(text: str) -> list[Hedge]:
    """The hedges in `text`, in order (the phrase list in ../shared/data/star_dev.md)."""
    words = tokenize(text)
    found: list[Hedge] = []
    i = 0
    while i < len(words):
        word = words[i].text
        prev = words[i - 1].text if i > 0 else ""
        nxt = words[i + 1] if i + 1 < len(words) else None
        size = _phrase_at(words, i)
        if size:
            phrase = " ".join(t.text for t in words[i : i + size])
            if phrase.startswith("i am"):
                phrase = "i'm not sure but"
            found.append(Hedge(phrase, words[i].start, words[i + size - 1].end))
            i += size
            continue
        if word in ("kind", "sort") and nxt is not None and nxt.text == "of" and prev not in _KIND_NAMES_AFTER:
            found.append(Hedge(f"{word} of", words[i].start, nxt.end))
            i += 2
            continue
        if (
            word == "just"
            and prev not in _JUST_NOT_HEDGE_AFTER
            and nxt is not None
            and nxt.text not in _JUST_NOT_HEDGE_BEFORE
            and not _is_number(nxt)
        ):
            found.append(Hedge("just", words[i].start, words[i].end))
        i += 1
    return found


def count_hedges(text: str) -> int:
    """How many hedges `text` has."""
    return len(find_hedges(text))
