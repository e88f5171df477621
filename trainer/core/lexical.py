"""Lexical evidence for a talking point: its content words found in the answer, tolerant of recognition errors."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import jellyfish
import snowballstemmer
from rapidfuzz import fuzz, process

from trainer.core.fillers import Token, tokenize
from trainer.core.numbers import NUMBER_HOMOPHONES, Term, normalise_numbers

# Function words and spoken discourse words: they carry no talking point on their own.
STOPWORDS = frozenset(
    """
    a about above after again against all am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few from further had has have
    having he her here hers herself him himself his how i i'd i'll i'm i've if in into is it it's its
    itself just let's me more most my myself nor of off on once only or other our ours ourselves out
    over own same she should so some such than that that's the their theirs them themselves then there
    these they this those through to too under until up very was we we'd we'll we're we've were what
    when where which while who whom why will with would you you'd you'll you're you've your yours
    yourself um umm uh uhh er erm ah hmm mm okay ok yeah yes well like really kind sort basically
    actually literally thing things stuff get got gonna wanna also even much many lot lots one's
    speaker said say says saying
    """.split()
)
# Words that turn a statement into its opposite; a point that has none of its own but whose matched
# words sit next to one of these was probably denied ("we never set up the review").
NEGATIONS = frozenset(
    """
    not no never none nobody nothing neither nor without hardly barely cannot cant dont didnt doesnt
    wasnt werent isnt arent wont wouldnt couldnt shouldnt havent hasnt hadnt instead zero lack lacked
    """.split()
)
_STEMMER = snowballstemmer.stemmer("english")
_MATCH_FLOOR = 0.7  # below this a word pair is a different word, not a recognition error
_FUZZY_CUTOFF = 78  # rapidfuzz ratio at which two words of 4+ letters are taken as the same word misheard
_PHONE_CUTOFF = 80  # metaphone keys this close (of 4+ letters) sound alike
_JOIN_CUTOFF = 84  # "pipe lines" -> "pipelines": stricter, as joined pairs are many
_NEG_BEFORE = 5  # terms before the first matched word checked for a negation
_NEG_AFTER = 3


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball stem of a word ("priorities" -> "prioriti")."""
    return str(_STEMMER.stemWord(word))


@lru_cache(maxsize=65536)
def phonetic(word: str) -> str:
    """A sound-alike key, so "lissened" and "listened" can be told to be one word misheard."""
    return str(jellyfish.metaphone(word)) if word.isalpha() else word


def is_negation(word: str) -> bool:
    """True for a word that denies ("not", "never", "didn't", "wasn't")."""
    return word.replace("'", "") in NEGATIONS or word.endswith("n't")


@dataclass
class AnswerIndex:
    """An answer prepared once for matching against each of its talking points."""

    text: str
    tokens: list[Token]
    terms: list[Term]
    by_text: dict[str, list[int]]
    by_stem: dict[str, list[int]]
    by_phone: dict[str, list[int]]
    vocab: list[str]
    joined: dict[str, list[int]]


def index_answer(text: str) -> AnswerIndex:
    """Tokenise an answer, normalise its numbers, and index its words by form, stem and sound."""
    tokens = tokenize(text)
    terms = normalise_numbers(tokens)
    by_text: dict[str, list[int]] = {}
    by_stem: dict[str, list[int]] = {}
    by_phone: dict[str, list[int]] = {}
    joined: dict[str, list[int]] = {}
    for i, term in enumerate(terms):
        by_text.setdefault(term.text, []).append(i)
        # A recogniser splits a long word into short ones ("prior it ease"), function words included.
        if not term.is_number:
            glued = term.text
            for nxt in terms[i + 1 : i + 3]:
                if nxt.is_number:
                    break
                glued += nxt.text
                joined.setdefault(glued, []).append(i)
        if term.is_number or term.text in STOPWORDS:
            continue
        by_stem.setdefault(stem(term.text), []).append(i)
        if len(term.text) >= 4:
            by_phone.setdefault(phonetic(term.text), []).append(i)
    vocab = {terms[i].text for ids in by_stem.values() for i in ids}
    return AnswerIndex(text, tokens, terms, by_text, by_stem, by_phone, sorted(vocab), joined)


@dataclass(frozen=True)
class PointTerms:
    """The content words of a talking point, numbers normalised, with whether it is itself negative."""

    words: tuple[str, ...]
    numbers: frozenset[str]
    negative: bool


def point_terms(point: str) -> PointTerms:
    """The words of `point` that a speaker must say, in some form, to have made it."""
    tokens = tokenize(point)
    terms = normalise_numbers(tokens)
    words = tuple(dict.fromkeys(t.text for t in terms if t.is_number or t.text not in STOPWORDS))
    numbers = frozenset(t.text for t in terms if t.is_number)
    negative = any(is_negation(t.text) for t in tokens)
    return PointTerms(words, numbers, negative)


def _matches(index: AnswerIndex, word: str, is_number: bool) -> dict[int, float]:
    """Where in the answer `word` (or a misheard form of it) occurs: term index -> similarity 0-1."""
    found: dict[int, float] = {}

    def add(positions: list[int], sim: float) -> None:
        for p in positions:
            if sim > found.get(p, 0.0):
                found[p] = sim

    add(index.by_text.get(word, []), 1.0)
    if is_number:
        for p, term in enumerate(index.terms):
            if NUMBER_HOMOPHONES.get(index.tokens[term.first].text) == word:
                add([p], 0.75)
        return found
    add(index.by_stem.get(stem(word), []), 1.0)
    if len(word) >= 5:
        # Short words share sound keys by chance ("time"/"team"), so the spelling must stay close too;
        # a near sound key with a close spelling is a mishearing ("sighs" for "sides").
        key = phonetic(word)
        for other_key, _score, _ in process.extract(
            key, list(index.by_phone), scorer=fuzz.ratio, score_cutoff=_PHONE_CUTOFF, limit=None
        ):
            for p in index.by_phone[other_key]:
                if fuzz.ratio(word, index.terms[p].text) >= 60:
                    add([p], 0.85 if other_key == key else 0.75)
    if len(word) >= 4:
        for other, score, _ in process.extract(
            word, index.vocab, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF, limit=None
        ):
            add(index.by_text[other], 0.95 * score / 100.0)
    if len(word) >= 6 and index.joined:
        for other, score, _ in process.extract(
            word, list(index.joined), scorer=fuzz.ratio, score_cutoff=_JOIN_CUTOFF, limit=None
        ):
            add(index.joined[other], 0.9 * score / 100.0)
    return {p: s for p, s in found.items() if s >= _MATCH_FLOOR}


@dataclass(frozen=True)
class LexicalMatch:
    """How well the answer's best window shows a point's words, and what speaks against it."""

    score: float
    """Share (0-1) of the point's content words found, weighted by match quality, in the best window."""
    anywhere: float
    """The same share over the whole answer."""
    span: tuple[int, int] | None
    """Character offsets in the answer of the matched words of the best window."""
    negated: bool
    """A negation sits by the matched words while the point itself is not negative."""
    number_missing: bool
    """The point names a number that the answer never says."""


def match_point(index: AnswerIndex, point: PointTerms) -> LexicalMatch:
    """Find the window of the answer that best shows the point's words."""
    if not point.words or not index.terms:
        return LexicalMatch(0.0, 0.0, None, False, bool(point.numbers))
    weights = [1.5 if w in point.numbers else 1.0 for w in point.words]
    total = sum(weights)
    hits = [_matches(index, w, w in point.numbers) for w in point.words]
    # A number heard as "to"/"for" counts only right before the word the point says next ("to weeks").
    for k, w in enumerate(point.words):
        if w in point.numbers and k + 1 < len(point.words):
            nxt = hits[k + 1]
            hits[k] = {p: s for p, s in hits[k].items() if s == 1.0 or p + 1 in nxt}
        elif w in point.numbers:
            hits[k] = {p: s for p, s in hits[k].items() if s == 1.0}
    anywhere = sum(wt * max(h.values(), default=0.0) for wt, h in zip(weights, hits, strict=True)) / total
    number_missing = any(not h for w, h in zip(point.words, hits, strict=True) if w in point.numbers)
    width = max(10, 3 * len(point.words))
    starts = sorted({p for h in hits for p in h})
    best, best_start = 0.0, -1
    for s in starts:
        got = 0.0
        for wt, h in zip(weights, hits, strict=True):
            # look up the window's positions rather than scan every hit: linear, not quadratic, in long answers
            got += wt * max((h[p] for p in range(s, s + width) if p in h), default=0.0)
        if got > best:
            best, best_start = got, s
    if best_start < 0:
        return LexicalMatch(0.0, 0.0, None, False, number_missing)
    used = [p for h in hits for p in h if best_start <= p < best_start + width]
    first, last = min(used), max(used)
    negated = False
    if not point.negative:
        for p in range(max(0, first - _NEG_BEFORE), min(len(index.terms), last + _NEG_AFTER + 1)):
            if is_negation(index.tokens[index.terms[p].first].text):
                negated = True
                first, last = min(first, p), max(last, p)
                break
    span = (index.tokens[index.terms[first].first].start, index.tokens[index.terms[last].last].end)
    return LexicalMatch(best / total, anywhere, span, negated, number_missing)
