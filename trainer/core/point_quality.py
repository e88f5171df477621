"""Whether a talking point can be checked in an answer: empty, invisible, only common words, or too vague."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from snowballstemmer import stemmer as Stemmer

FlagKind = Literal["empty", "invisible", "only common words", "too vague to check"]

SPECIFIC = "add a number, a name or an outcome"

# Letters that draw nothing, though Unicode calls them letters or symbols (a favourite way to fake an
# empty name): Hangul fillers, the Braille blank.
_BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# Joiners are part of the text between two visible characters (emoji sequences, Persian and Indic
# words); anywhere else they hide.
_JOINERS = frozenset("\u200c\u200d")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_NUMBER_WORDS = frozenset(
    """
    zero two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
    seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand
    million billion half halves third thirds quarter quarters percent dozen double doubled twice triple
    tripled halved
    """.split()
)
# Words that praise or label without saying what happened: a point made only of these cannot be told
# apart from any other answer ("good communication", "hard work", "teamwork").
_GENERIC = """
    communication communicate communicator teamwork team player collaboration collaborative collaborate
    leadership leader hard work working worker hardworking good great excellent strong best better nice
    positive attitude result outcome success successful skill passion passionate motivated motivation
    dedicated dedication committed commitment detail oriented problem solving solver creative creativity
    innovative innovation proactive flexible flexibility adaptable adaptability reliable reliability
    responsible responsibility organised organized professional professionalism efficient efficiency
    effective effectiveness quality value impact difference experience growth improve improvement people
    synergy excellence effort fast quick learner thing everything something anything stuff various job
    role company approach structure answer example story point important perfectionist
"""
# Words that report what changed: one of them makes a short point checkable ("shipped", "cut").
_OUTCOME = """
    cut reduce decrease increase raise lower double halve triple grow rise fall drop save gain lose lost win
    won beat ship launch deliver fix resolve finish complete close sign land hire promote prevent avoid
    recover rescue halt stop start
"""


@dataclass(frozen=True)
class _Lexicon:
    stemmer: Stemmer
    common: frozenset[str]
    generic: frozenset[str]
    outcome: frozenset[str]


@cache
def _lexicon() -> _Lexicon:
    """Loaded on the first point with words: the stemmer and the scorer's word lists cost a noticeable start-up."""
    import snowballstemmer

    from trainer.core.lexical import NEGATIONS, STOPWORDS

    stemmer = snowballstemmer.stemmer("english")
    return _Lexicon(
        stemmer=stemmer,
        # "one" is mostly a determiner ("the one thing"), so it is neither a number nor a word to check
        common=STOPWORDS | NEGATIONS | {"one"},
        generic=frozenset(stemmer.stemWords(_GENERIC.split())),
        outcome=frozenset(stemmer.stemWords(_OUTCOME.split())),
    )


@dataclass(frozen=True)
class PointFlag:
    """Why a point cannot be checked as written, and what to do about it."""

    kind: FlagKind
    #: what is wrong, completing "point 2 ...", e.g. "is too vague to check"
    why: str
    suggestion: str

    @property
    def refused(self) -> bool:
        """Empty and invisible points are never saved; the others are saved with a warning."""
        return self.kind in ("empty", "invisible")

    def line(self, label: str) -> str:
        """One line naming the point, e.g. "point 2 is too vague to check; add a number, a name or an outcome"."""
        return f"{label} {self.why}; {self.suggestion}"


def hidden_characters(text: str) -> list[str]:
    """The characters of `text` that show nothing and are not spaces, each once, in order of appearance."""
    found: list[str] = []
    for i, char in enumerate(text):
        if char in _JOINERS and 0 < i < len(text) - 1 and _visible(text[i - 1]) and _visible(text[i + 1]):
            continue
        hidden = (unicodedata.category(char) in ("Cc", "Cf", "Cs") and not char.isspace()) or char in _BLANK_LOOKING
        if hidden and char not in found:
            found.append(char)
    return found


def _visible(char: str) -> bool:
    category = unicodedata.category(char)
    return not (char.isspace() or category[0] in ("C", "M") or char in _BLANK_LOOKING)


def _name(char: str) -> str:
    return f"U+{ord(char):04X}" + (f" {unicodedata.name(char)}" if unicodedata.name(char, "") else "")


def check_point(text: str) -> PointFlag | None:
    """The first thing that keeps `text` from being checked in an answer, or None when it can be."""
    if not text.strip():
        return PointFlag("empty", "is empty", "write what you will say, e.g. 'I cut review time by half'")
    hidden = hidden_characters(text)
    if not any(_visible(char) for char in text):
        return PointFlag("invisible", "shows nothing but hidden characters", "type it again")
    if hidden:
        named = ", ".join(_name(char) for char in hidden[:3])
        return PointFlag("invisible", f"has a hidden character ({named})", "type it again without it")
    lexicon = _lexicon()
    words = _WORD.findall(text)
    numbers = [w for w in words if any(c.isdigit() for c in w) or w.lower() in _NUMBER_WORDS]
    content = [w for w in words if w not in numbers and not _common(w, lexicon)]
    if not content and not numbers:
        why = "has only common words" if words else "has no words"
        return PointFlag("only common words", why, f"say what you did: {SPECIFIC}")
    names = _names(words, lexicon)
    stems = [lexicon.stemmer.stemWord(w.lower()) for w in content]
    if not numbers and not names:
        if all(s in lexicon.generic for s in stems):
            return PointFlag("too vague to check", "has only general words, so any answer could claim it", SPECIFIC)
        if len(content) < 2 and not any(s in lexicon.outcome for s in stems):
            return PointFlag("too vague to check", "is too vague to check", SPECIFIC)
    return None


def _common(word: str, lexicon: _Lexicon) -> bool:
    lower = word.lower().replace("’", "'")
    return lower in lexicon.common or lower.replace("'", "") in lexicon.common


def _names(words: list[str], lexicon: _Lexicon) -> list[str]:
    """Words written as names: capitalised after the first word, or an acronym or mixed case anywhere.

    When every word is capitalised (a title) the capitals say nothing, so only acronyms and mixed case count.
    """
    titled = all(w[0].isupper() for w in words if w[0].isalpha())
    found = []
    for i, word in enumerate(words):
        if _common(word, lexicon):
            continue
        inner_caps = any(c.isupper() for c in word[1:])
        if inner_caps or (i > 0 and not titled and word[0].isupper()):
            found.append(word)
    return found
