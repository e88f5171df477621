"""The STAR shape of a behavioural answer: situation, task, action and result, each with the words that show it."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from trainer.core.star_cues import (
    MEASURABLE_CUES,
    RESULT_AFTER_ACTION_CUES,
    RESULT_ANYWHERE_CUES,
    SITUATION_CUES,
    TASK_CUES,
)

# Why clauses: a part is shown by a few words, and the cue lists read one clause at a time (a change
# told before anything was done is the problem, told after it is the outcome).
_CLAUSE_END = re.compile(r"[.!?;:]+|,\s*|(?<!\band)\s+(?=(?:and then|and|but|so|then)\s)", re.IGNORECASE)

# A past-tense verb after "i" that reports a state, not something done.
_NOT_ACTIONS = frozenset(
    {
        "was", "were", "had", "wanted", "needed", "need", "thought", "felt", "knew", "liked", "loved",
        "hated", "guessed", "believed", "hoped", "wished", "noticed", "realised", "realized", "seemed",
        "used", "owned", "expected", "assumed", "supposed", "remembered", "heard", "saw", "did", "ended",
        "wondered", "kept", "got", "worked", "moved", "said", "agreed",
    }
)  # fmt: skip
_IRREGULAR_PAST = frozenset(
    {
        "made", "took", "went", "told", "gave", "got", "brought", "built", "rebuilt", "wrote", "rewrote",
        "ran", "put", "set", "found", "sent", "spoke", "met", "sat", "kept", "left", "led", "paid", "bought",
        "taught", "caught", "rang", "drove", "flew", "chose", "began", "drew", "sold", "held", "spent",
        "stood", "stuck", "hung", "rode", "won", "cut", "let", "quit", "shut", "split", "spread", "fed",
        "dealt", "dug", "threw", "broke", "woke", "shook", "swapped", "redid", "hit", "read", "said",
        "did", "sought", "fought", "lent", "overrode", "undertook", "withdrew",
    }
)  # fmt: skip
_ADVERBS = (
    r"(?:(?:also|then|just|immediately|personally|actually|basically|quickly|eventually|finally|first|really|"
    r"even|still|probably|maybe|literally|kind of|sort of|kinda|sorta|like|myself|straight away|right away|"
    r"once|again|later|instead|simply|pretty much|went and|ended up) )*"
)
# "when i joined the team", "after i moved here" set the scene; they are not what the speaker did
_I_VERB = re.compile(rf"(?<!when )(?<!after )(?<!since )(?<!before )\bi {_ADVERBS}(\w+)\b(?=\s(\w+))?", re.IGNORECASE)
_WE_VERB = re.compile(rf"\bwe {_ADVERBS}(\w+)\b(?=\s(\w+))?", re.IGNORECASE)

_BACK_REFERENCE = re.compile(r"^(?:and |so )?that's (?:how|where) it (?:ended|ended up|landed)\W*$", re.IGNORECASE)


def _any(patterns: tuple[str, ...]) -> re.Pattern[str]:
    # an empty list matches nothing (a bench may switch every cue of a kind off)
    return re.compile("|".join(f"(?:{p})" for p in patterns) or r"(?!)", re.IGNORECASE)


@dataclass(frozen=True)
class Lexicon:
    """The cue lists the STAR rules read; bench/star.py builds smaller ones to cross-validate the lists."""

    situation: tuple[str, ...] = SITUATION_CUES
    task: tuple[str, ...] = TASK_CUES
    result_anywhere: tuple[str, ...] = RESULT_ANYWHERE_CUES
    result_after_action: tuple[str, ...] = RESULT_AFTER_ACTION_CUES
    measurable: tuple[str, ...] = MEASURABLE_CUES

    def compiled(self) -> _Compiled:
        """The cue lists as one pattern each (cached: the default lexicon is compiled once)."""
        return _compile(self)


@dataclass(frozen=True)
class _Compiled:
    situation: re.Pattern[str]
    task: re.Pattern[str]
    result_anywhere: re.Pattern[str]
    result_after_action: re.Pattern[str]
    measurable: re.Pattern[str]


@functools.lru_cache(maxsize=64)
def _compile(lexicon: Lexicon) -> _Compiled:
    return _Compiled(
        situation=_any(lexicon.situation),
        task=_any(lexicon.task),
        result_anywhere=_any(lexicon.result_anywhere),
        result_after_action=_any(lexicon.result_after_action),
        measurable=_any(lexicon.measurable),
    )


DEFAULT_LEXICON = Lexicon()


@dataclass(frozen=True)
class StarPart:
    """One STAR part: whether the answer has it, and the words that show it."""

    present: bool
    evidence: str | None = None
    #: character offsets of `evidence` in the answer, for highlighting
    span: tuple[int, int] | None = None


@dataclass(frozen=True)
class Star:
    """The STAR shape of an answer, with the evidence for each part."""

    situation: StarPart
    task: StarPart
    action: StarPart
    result: StarPart
    #: the result has a number, a time or a concrete outcome (never without a result)
    result_measurable: bool = False
    #: things were done, but only ever by "we": the interviewer still does not know what the speaker did
    we_only: bool = False

    @property
    def parts(self) -> dict[str, StarPart]:
        """The four parts by name, in STAR order."""
        return {"situation": self.situation, "task": self.task, "action": self.action, "result": self.result}

    @property
    def missing(self) -> tuple[str, ...]:
        """The names of the parts the answer lacks, in STAR order."""
        return tuple(name for name, part in self.parts.items() if not part.present)


@dataclass(frozen=True)
class _Clause:
    start: int
    end: int
    text: str
    #: which sentence of the answer the clause is in (0 for the first)
    sentence: int = 0


def clauses(text: str) -> list[_Clause]:
    """The answer cut at sentence ends, commas and the conjunctions that join spoken clauses."""
    found: list[_Clause] = []
    pos = 0
    sentence = 0
    for cut in [*_CLAUSE_END.finditer(text), None]:
        end = cut.start() if cut else len(text)
        piece = text[pos:end]
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            found.append(_Clause(pos + lead, pos + lead + len(stripped), stripped, sentence))
        if cut is not None and any(mark in cut.group(0) for mark in ".!?"):
            sentence += 1
        pos = cut.end() if cut else len(text)
    return found


def _is_action_verb(word: str, following: str | None) -> bool:
    word = word.lower()
    if word in _NOT_ACTIONS:
        # "got our guy to run a cable", "kept a notebook", "moved it": done, unlike "got floated", "kept quiet"
        # ("kept clashing", "kept getting" go on; "got floated" was done to the speaker)
        return (
            word in ("got", "kept", "moved", "did")
            and following is not None
            and not following.lower().endswith(("ed", "ing"))
        )
    return word in _IRREGULAR_PAST or (word.endswith("ed") and len(word) > 3 and not word.endswith("eed"))


def _acts(pattern: re.Pattern[str], clause: str) -> bool:
    return any(_is_action_verb(m.group(1), m.group(2)) for m in pattern.finditer(clause.replace("’", "'")))


_FIRST_PERSON = re.compile(r"\bi\b|\bi'", re.IGNORECASE)
_WORD = re.compile(r"[a-z']+", re.IGNORECASE)
_PAST_STATES = frozenset({"was", "were", "went", "came", "had", "got"})
# what a team's closing words report when they are its outcome, not another step ("we hit the target")
_WE_OUTCOME = re.compile(
    r"\bwe (?:\w+ )?(?:hit|missed|went|raised|lost|saved|won|beat|reached|finished|came|delivered|launched|"
    r"shipped|closed|sold|signed|passed|ended|grew|doubled|halved)\b",
    re.IGNORECASE,
)


def _tells_outcome(clause: str) -> bool:
    """A closing clause that reports what happened, told of others or of the team, not of the speaker."""
    if _FIRST_PERSON.search(clause):
        return False
    if re.match(r"^(?:\W*\w+\W+){0,2}?we\b", clause, re.IGNORECASE) and not _WE_OUTCOME.search(clause):
        return False
    return _past(clause)


def _past(clause: str) -> bool:
    """Whether the clause tells of the past (has a past-tense verb)."""
    words = [w.lower() for w in _WORD.findall(clause)]
    return any(w in _PAST_STATES or w in _IRREGULAR_PAST or (w.endswith("ed") and len(w) > 3) for w in words)


def _continues(clause: _Clause) -> bool:
    """A clause that goes on with the subject before it: "and wrote us a review"."""
    words = [w.lower() for w in _WORD.findall(clause.text)[:2]]
    return len(words) == 2 and words[0] in ("and", "then") and _is_action_verb(words[1], None)


def _part(answer: str, clause: _Clause | None) -> StarPart:
    if clause is None:
        return StarPart(present=False)
    return StarPart(present=True, evidence=answer[clause.start : clause.end], span=(clause.start, clause.end))


def _widened(answer: str, pieces: list[_Clause], i: int) -> _Clause:
    """The result clause at `i` with what it points back at or goes on with."""
    clause = pieces[i]
    start, end = clause.start, clause.end
    # "..., that's how it ended" points back at the clause before it
    if _BACK_REFERENCE.match(clause.text) and i > 0:
        start = pieces[i - 1].start
    # "the couple loved it and wrote us a review": what follows is the same outcome
    j = i
    while j + 1 < len(pieces) and _continues(pieces[j + 1]):
        j += 1
        end = pieces[j].end
    return clause if (start, end) == (clause.start, clause.end) else _Clause(start, end, answer[start:end])


def analyse_star(answer: str, lexicon: Lexicon = DEFAULT_LEXICON) -> Star:
    """Which STAR parts `answer` has, with the clause that shows each, and whether its result is measurable.

    Lexical rules over clauses (no model): a part is present when one of its cues is found; a result
    cue that could as well describe the problem ("sign-ups went down") counts only after an action.
    """
    cues = lexicon.compiled()
    text = answer.replace("’", "'")
    pieces = clauses(text)
    # a scene is told in the past: "i always look at the numbers" is a habit, not a situation
    situation = next((c for c in pieces if cues.situation.search(c.text) and _past(c.text)), None)
    task = next((c for c in pieces if cues.task.search(c.text)), None)
    action = next((c for c in pieces if _acts(_I_VERB, c.text)), None)
    first_deed = next((i for i, c in enumerate(pieces) if _acts(_I_VERB, c.text) or _acts(_WE_VERB, c.text)), None)
    last_sentence = pieces[-1].sentence if pieces else 0
    # speech written down without full stops is one sentence: its last clause is where it closes
    unpunctuated = last_sentence == 0
    results: list[_Clause] = []
    for i, clause in enumerate(pieces):
        after_deed = first_deed is not None and i > first_deed and not cues.task.search(clause.text)
        closing = after_deed and (
            clause.sentence == last_sentence > pieces[first_deed or 0].sentence
            or (unpunctuated and i == len(pieces) - 1)
        )
        if (
            cues.result_anywhere.search(clause.text)
            or (after_deed and cues.result_after_action.search(clause.text))
            or (closing and (unpunctuated or not any(_acts(_I_VERB, c.text) for c in pieces
                                                       if c.sentence == last_sentence))
                and _tells_outcome(clause.text))
        ):  # fmt: skip
            results.append(_widened(text, pieces, i))
    measured = [c for c in results if cues.measurable.search(c.text)]
    result = measured[0] if measured else (results[-1] if results else None)
    return Star(
        situation=_part(answer, situation),
        task=_part(answer, task),
        action=_part(answer, action),
        result=_part(answer, result),
        result_measurable=bool(measured),
        we_only=action is None and first_deed is not None,
    )


def star_to_json(star: Star) -> dict[str, dict[str, object]]:
    """The batch-contract "star" object: each part's presence and evidence."""
    return {name: {"present": part.present, "evidence": part.evidence} for name, part in star.parts.items()}
