"""Lexical evidence for a talking point: its content words found in the answer, tolerant of recognition errors."""

from __future__ import annotations

import bisect
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
_ZERO_AS_DENIAL = 0.8  # a point's "zero" said as a denial ("no", "not a single", "nobody")
_NUMBER_REACH = 3  # terms between a number and the point's word it counts ("40 cubic", "eighty of our clients")
#: Longest evidence shown for a verdict, in words: a phrase the user can check at a glance.
EVIDENCE_WORDS = 25


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


def _determiner_one(tokens: list[Token], terms: list[Term], i: int) -> bool:
    """The word "one" used as "a" ("the volume of one golf ball", "I name one real weakness", "one
    third"): no number an answer must repeat. A digit, or "one" before another number, still is."""
    term = terms[i]
    if not term.is_number or term.first != term.last or tokens[term.first].text != "one":
        return False
    following = terms[i + 1] if i + 1 < len(terms) else None
    return following is not None and not following.is_number


def point_terms(point: str) -> PointTerms:
    """The words of `point` that a speaker must say, in some form, to have made it."""
    tokens = tokenize(point)
    normalised = normalise_numbers(tokens)
    terms = [t for i, t in enumerate(normalised) if not _determiner_one(tokens, normalised, i)]
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
            said = index.tokens[term.first].text
            if NUMBER_HOMOPHONES.get(said) == word:
                add([p], 0.75)
            elif word == "0" and is_negation(said):
                add([p], _ZERO_AS_DENIAL)  # "zero downtime": "not one customer had an outage"
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


def _is_stopword(index: AnswerIndex, p: int) -> bool:
    return p < len(index.terms) and index.terms[p].text in STOPWORDS


def _number_unsaid(point: PointTerms, hits: list[dict[int, float]]) -> bool:
    """True when a number of the point is never said; of alternatives ("two or three") one will do."""
    k = 0
    while k < len(point.words):
        if point.words[k] not in point.numbers:
            k += 1
            continue
        group = k
        while group < len(point.words) and point.words[group] in point.numbers:
            group += 1
        if not any(hits[j] for j in range(k, group)):
            return True
        k = group
    return False


def _unit_at(index: AnswerIndex, p: int, unit: list[dict[int, float]]) -> bool:
    """True when the answer's terms from `p` on say the point's unit words ("cubic meters") in order."""
    return all(p + i in u for i, u in enumerate(unit))


def _counts_another(index: AnswerIndex, p: int, unit: list[dict[int, float]]) -> bool:
    """True when the number at `p` is followed by content words other than the point's unit."""
    after = [q for q in range(p + 1, min(len(index.terms), p + 3)) if not _is_stopword(index, q)]
    return bool(after) and not index.terms[after[0]].is_number and not _unit_at(index, after[0], unit)


def _number_astray(index: AnswerIndex, point: PointTerms, hits: list[dict[int, float]]) -> bool:
    """True when a number of the point is said, but only counting something else, and another number
    counts the point's thing.

    "bus about 40 cubic meters" against "a hundred cubic meters ... a golf ball is 40 cubic centimeters":
    "cubic meters" has another number before it, and the answer's 40 counts cubic centimeters.
    """
    for k, w in enumerate(point.words):
        if w not in point.numbers or not hits[k] or k + 1 >= len(point.words) or point.words[k + 1] in point.numbers:
            continue
        # The unit the number counts: the point's next word, or its next two where the answer says both.
        exact = [{p: 1.0 for p, sim in hits[j].items() if sim == 1.0} for j in range(k + 1, len(point.words))]
        unit = exact[:1]
        if len(exact) > 1 and point.words[k + 2] not in point.numbers and any(a + 1 in exact[1] for a in exact[0]):
            unit = exact[:2]
        places = [a for a in unit[0] if _unit_at(index, a, unit)]
        if not places:
            continue
        if any(0 < a - p <= _NUMBER_REACH for p in hits[k] for a in places):
            continue
        other_before = any(index.terms[q].is_number for a in places for q in range(max(0, a - 2), a))
        if other_before and all(_counts_another(index, p, unit) for p in hits[k]):
            return True
    return False


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
    """The point names a number that the answer never says, or says only by another thing it counts."""
    denied: bool = False
    """A negation sits just before or among the matched words (not after them): "I did not lead the
    migration", "the launch date never moved". Surer than `negated`, which also looks a few words on."""


def _point_hits(index: AnswerIndex, point: PointTerms) -> list[dict[int, float]]:
    """For each of the point's words, where the answer says it: term index -> similarity 0-1."""
    hits = [_matches(index, w, w in point.numbers) for w in point.words]
    # A number heard as "to"/"for" counts only right before the word the point says next ("to weeks",
    # "to or three"), or, when last, right after the word before it ("five days to won"); a "zero" said
    # as a denial counts anywhere.
    for k, w in enumerate(point.words):
        if w not in point.numbers:
            continue
        nxt = hits[k + 1] if k + 1 < len(point.words) else {}
        prev = hits[k - 1] if k > 0 else {}
        hits[k] = {
            p: s
            for p, s in hits[k].items()
            if s in (1.0, _ZERO_AS_DENIAL)
            or p + 1 in nxt
            or (p + 2 in nxt and _is_stopword(index, p + 1))
            or (not nxt and (p - 1 in prev or (p - 2 in prev and _is_stopword(index, p - 1))))
        }
    return hits


def _best_window(
    hits: list[dict[int, float]], weights: list[float], width: int, lo: int = 0, hi: int | None = None
) -> tuple[float, int]:
    """The start of the `width`-term window (inside terms [lo, hi)) that shows most of the point's
    words, and how much it shows (weighted); (0.0, -1) when none of them is there."""
    starts = sorted({p for h in hits for p in h if lo <= p and (hi is None or p < hi)})
    best, best_start = 0.0, -1
    for s in starts:
        end = s + width if hi is None else min(s + width, hi)
        got = 0.0
        for wt, h in zip(weights, hits, strict=True):
            # look up the window's positions rather than scan every hit: linear, not quadratic, in long answers
            got += wt * max((h[p] for p in range(s, end) if p in h), default=0.0)
        if got > best:
            best, best_start = got, s
    return best, best_start


def _weights(point: PointTerms) -> list[float]:
    return [1.5 if w in point.numbers else 1.0 for w in point.words]


def match_point(index: AnswerIndex, point: PointTerms) -> LexicalMatch:
    """Find the window of the answer that best shows the point's words."""
    if not point.words or not index.terms:
        return LexicalMatch(0.0, 0.0, None, False, bool(point.numbers))
    weights = _weights(point)
    total = sum(weights)
    hits = _point_hits(index, point)
    anywhere = sum(wt * max(h.values(), default=0.0) for wt, h in zip(weights, hits, strict=True)) / total
    number_missing = _number_unsaid(point, hits) or _number_astray(index, point, hits)
    width = max(10, 3 * len(point.words))
    best, best_start = _best_window(hits, weights, width)
    if best_start < 0:
        return LexicalMatch(0.0, 0.0, None, False, number_missing)
    used = [p for h in hits for p in h if best_start <= p < best_start + width]
    first, last = min(used), max(used)
    negated = denied = False
    if not point.negative:
        for p in range(max(0, first - _NEG_BEFORE), min(len(index.terms), last + _NEG_AFTER + 1)):
            if is_negation(index.tokens[index.terms[p].first].text):
                negated = True
                denied = p <= last
                first, last = min(first, p), max(last, p)
                break
    span = (index.tokens[index.terms[first].first].start, index.tokens[index.terms[last].last].end)
    return LexicalMatch(best / total, anywhere, span, negated, number_missing, denied)


def _terms_inside(index: AnswerIndex, within: tuple[int, int]) -> tuple[int, int]:
    """Terms [lo, hi) that lie wholly inside the character span `within`."""
    starts = [index.tokens[t.first].start for t in index.terms]
    ends = [index.tokens[t.last].end for t in index.terms]
    lo = bisect.bisect_left(starts, within[0])
    hi = bisect.bisect_right(ends, within[1])
    return lo, hi


def evidence_span(
    index: AnswerIndex,
    point: PointTerms,
    within: tuple[int, int] | None = None,
    max_words: int = EVIDENCE_WORDS,
) -> tuple[int, int] | None:
    """The few words (at most `max_words`) of the answer, inside the character span `within`, that
    best show the point: from its first matched word to its last (with a denial just before them).

    Without a word of the point inside `within`, the middle `max_words` words of it; None for an empty
    answer or span.
    """
    if not index.terms:
        return None
    lo, hi = (0, len(index.terms)) if within is None else _terms_inside(index, within)
    if lo >= hi:
        return None
    words = lambda a, b: index.terms[b - 1].last - index.terms[a].first + 1  # noqa: E731
    first = last = -1
    if point.words:
        weights = _weights(point)
        hits = _point_hits(index, point)
        # The widest window of at most max_words words, counted in terms (numbers may take several words).
        width = max_words
        while width > 1 and words(lo, min(hi, lo + width)) > max_words:
            width -= 1
        _, start = _best_window(hits, weights, width, lo, hi)
        if start >= 0:
            used = [p for h in hits for p in h if start <= p < min(start + width, hi)]
            first, last = min(used), max(used) + 1
            if not point.negative:
                # A denial just before the matched words belongs in what the user reads.
                for p in range(max(lo, first - 3), first):
                    if is_negation(index.tokens[index.terms[p].first].text):
                        first = p
                        break
    if first < 0:
        middle = (lo + hi) // 2
        first, last = max(lo, middle - max_words // 2), min(hi, middle + (max_words + 1) // 2)
    while words(first, last) > max_words and last - first > 1:
        last -= 1
    return index.tokens[index.terms[first].first].start, index.tokens[index.terms[last - 1].last].end
