"""An answer judged against its talking points: which points were made, the evidence, and the delivery."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from trainer.core.fillers import count_fillers, count_words
from trainer.core.lexical import (
    AnswerIndex,
    LexicalMatch,
    PointTerms,
    evidence_span,
    index_answer,
    match_point,
    point_terms,
)
from trainer.core.models import KINDS, AnswerScore, Delivery, Kind, PointVerdict, Reason, VerdictState
from trainer.core.point_quality import check_point
from trainer.core.structure import analyse_structure, structure_to_json

__all__ = [
    "DEFAULT_THRESHOLD",
    "UNCALIBRATED",
    "Calibration",
    "EntailmentJudge",
    "Judgement",
    "count_fillers",
    "score_answer",
    "score_jsonl_line",
    "score_to_json",
]


@dataclass(frozen=True)
class Judgement:
    """What an entailment judge found for one point, window by window over the answer."""

    spans: tuple[tuple[int, int], ...]
    """Character offsets of each window of the answer that was judged."""
    entail: tuple[float, ...]
    """Probability (0-1) that each window entails the point."""
    contradict: tuple[float, ...] | None = None
    """Probability that each window contradicts the point; None for a 2-way (entails or not) model."""

    @property
    def best(self) -> int | None:
        """Index of the window most likely to make the point."""
        return max(range(len(self.entail)), key=self.entail.__getitem__) if self.entail else None


@dataclass(frozen=True)
class Calibration:
    """How a judge's entailment becomes a score and a verdict, fitted for one model and head.

    score = round(100 * sigmoid(a * logit + b)), logit being the judge's entailment log-odds; a point is
    made at `made` or above, unsure from `unsure` up to `made`, not made below `unsure`.
    """

    coef: tuple[float, float]
    made: int
    unsure: int
    fitted: bool = True
    """False when no calibration could be fitted for this model (its probability is used as it is)."""


#: For a judge nobody calibrated: its own probability, made from 0.5, unsure from 0.35.
UNCALIBRATED = Calibration(coef=(1.0, 0.0), made=50, unsure=35, fitted=False)


class EntailmentJudge(Protocol):
    """Says, for each talking point, how likely each window of an answer is to make it."""

    name: str
    calibration: Calibration

    def judge(self, answer: str, points: Sequence[str]) -> Sequence[Judgement]:
        """One Judgement per point, in order."""
        ...


#: Score (0-100) at which a point counts as made by lexical evidence alone; the F1-best cut on the
#: dev set (bench/scoring.py reports the cross-validated figures for this rule).
DEFAULT_THRESHOLD = 17
MAX_POINTS = 10
#: About 8,000 words, 50 minutes of speech at 160 wpm: longer is not an answer, and it would only make
#: scoring slow (the judge caps its windows; the lexical pass grows with the text).
MAX_ANSWER_CHARS = 50_000
#: A talking point is a phrase; a bank allows 120 characters, a batch line some room for longer ones.
MAX_POINT_CHARS = 1_000
_NOT_MENTIONED_BELOW = 0.34  # under a third of the point's words found: it was not talked about
_CONTRADICTION = 0.5  # a 3-way model this sure the answer contradicts the point: said the opposite


def _lexical_score(match: LexicalMatch) -> float:
    """0-1: the share of the point's words found, halved by a denial or a missing number."""
    value = match.score
    if match.negated:
        value *= 0.5
    if match.number_missing:
        value *= 0.5
    return value


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def judge_logit(judgement: Judgement) -> float:
    """The log-odds that the answer entails the point: averaged over the windows judged for it (each
    centred on the point's words; averaging steadies an int8 model), a very low value when none was."""
    if not judgement.entail:
        return _logit(0.0)
    return sum(_logit(p) for p in judgement.entail) / len(judgement.entail)


def judge_probability(judgement: Judgement, calibration: Calibration) -> float:
    """The calibrated probability (0-1) that the point was made, from the judge alone."""
    a, b = calibration.coef
    return 1.0 / (1.0 + math.exp(-(a * judge_logit(judgement) + b)))


def number_vetoes(match: LexicalMatch) -> bool:
    """A point that names a number is not made by an answer that never says it (or says it only of
    something else), however close the rest: "grew signups" is not "grew signups 3x"."""
    return match.number_missing


def _miss_reason(match: LexicalMatch, judgement: Judgement | None = None, vetoed: bool = False) -> Reason:
    contra = max(judgement.contradict, default=0.0) if judgement and judgement.contradict else 0.0
    if judgement is not None and contra >= _CONTRADICTION and contra > max(judgement.entail, default=0.0):
        return "said the opposite"
    # A denial by the point's own words outranks a missing number: it is what the user should hear.
    if match.negated and match.score >= _NOT_MENTIONED_BELOW:
        return "said the opposite"
    if match.number_missing and (vetoed or match.score >= _NOT_MENTIONED_BELOW):
        return "number missing"
    if match.score < _NOT_MENTIONED_BELOW:
        return "not mentioned"
    return "too vague"


def _evidence(
    index: AnswerIndex, terms: PointTerms, match: LexicalMatch, judgement: Judgement | None, covered: bool
) -> tuple[int, int] | None:
    """A covered point: the few words inside the judge's best window that best match it (lexical
    alignment). A missed one: its closest words in the answer, if any of them were said."""
    if covered:
        within = judgement.spans[judgement.best] if judgement is not None and judgement.best is not None else None
        return evidence_span(index, terms, within)
    if match.span is None:
        return None
    return evidence_span(index, terms)


def _verdict(
    answer: str,
    index: AnswerIndex,
    point: str,
    terms: PointTerms,
    match: LexicalMatch,
    judgement: Judgement | None,
    score: int,
    state: VerdictState,
    vetoed: bool,
) -> PointVerdict:
    covered = state == "made"
    span = _evidence(index, terms, match, judgement, covered)
    evidence = answer[span[0] : span[1]] if span else None
    reason: Reason = "made" if covered else _miss_reason(match, judgement, vetoed)
    return PointVerdict(
        point=point,
        score=score,
        covered=covered,
        evidence=evidence,
        span=span,
        reason=reason,
        unsure=state == "unsure",
    )


def lexical_vetoes(match: LexicalMatch) -> bool:
    """Word matching alone never ticks a point the answer denies ("I did not lead the migration") or whose
    number it does not say ("3%" for "30%")."""
    return match.denied or match.number_missing


def _state(score: int, made: int, unsure: int | None, vetoed: bool) -> VerdictState:
    if vetoed:
        return "missed"
    if score >= made:
        return "made"
    return "unsure" if unsure is not None and score >= unsure else "missed"


def score_answer(
    answer: str,
    points: Sequence[str],
    *,
    duration_s: float | None = None,
    time_limit_s: float | None = None,
    spoken: bool = False,
    judge: EntailmentJudge | None = None,
    threshold: int | None = None,
    kind: Kind = "stock",
) -> AnswerScore:
    """Judge `answer` against each talking point and measure its delivery.

    With an entailment judge the verdict is its calibrated probability: made, unsure in a calibrated band
    below the cut, or not made; lexical evidence gives the span, vetoes a point whose number the answer
    never says, and the reason for a miss. Without one, the lexical score decides (less accurate, and
    never unsure). `threshold` replaces the cut for made (and drops the unsure band), for measurements.
    """
    index = index_answer(answer)
    terms = [point_terms(point) for point in points]
    matches = [match_point(index, t) for t in terms]
    judgements: list[Judgement | None] = [None] * len(points)
    if judge is not None and points:
        judgements = list(judge.judge(answer, points))
        if len(judgements) != len(points):
            raise ValueError(f"judge {judge.name} gave {len(judgements)} verdicts for {len(points)} points")
    if judge is None:
        made, unsure = (DEFAULT_THRESHOLD if threshold is None else threshold), None
        scores = [round(100 * _lexical_score(m)) for m in matches]
        vetoes = [lexical_vetoes(m) for m in matches]
    else:
        calibration = judge.calibration
        made = calibration.made if threshold is None else threshold
        unsure = calibration.unsure if threshold is None else None
        scores = [round(100 * judge_probability(j, calibration)) if j else 0 for j in judgements]
        # No lexical gate beside it: "none of the point's words said anywhere -> not made" was measured (nested
        # CV, tools/fit_nli_head.py) to tick no fewer non-answers (none either way) while it cost realistic
        # answers 0.02 F1 and real student answers (Beetle) 0.13, whose right answers often share no word
        # with the reference. Non-answers are the head's to reject: it is fitted with them.
        vetoes = [number_vetoes(m) for m in matches]
    # A vetoed point's score stays under every cut, so a score never reads higher than its verdict.
    floor = min(made, unsure) if unsure is not None else made
    # The reason "number missing" (or "said the opposite") is given for a veto only where it took a tick
    # or an unsure away; a point the answer never came near was "not mentioned".
    vetoes = [v and s >= floor for s, v in zip(scores, vetoes, strict=True)]
    scores = [min(s, max(0, floor - 1)) if v else s for s, v in zip(scores, vetoes, strict=True)]
    states = [_state(s, made, unsure, v) for s, v in zip(scores, vetoes, strict=True)]
    verdicts = tuple(
        _verdict(answer, index, point, t, m, j, s, st, v)
        for point, t, m, j, s, st, v in zip(points, terms, matches, judgements, scores, states, vetoes, strict=True)
    )
    fillers = count_fillers(answer)
    delivery = Delivery(
        words=count_words(answer),
        fillers=len(fillers),
        duration_s=duration_s,
        time_limit_s=time_limit_s,
        spoken=spoken,
        filler_words=tuple(fillers),
    )
    return AnswerScore(
        points=verdicts,
        delivery=delivery,
        method=judge.name if judge else "lexical",
        structure=analyse_structure(answer, kind),
    )


def score_to_json(score: AnswerScore) -> dict[str, Any]:
    """The batch-contract object for one scored answer (DESIGN "Batch scoring"), with extras."""
    d = score.delivery
    structure = structure_to_json(score.structure, d.minutes if d.spoken else None) if score.structure else {}
    return {
        "covered": [p.covered for p in score.points],
        "state": [p.state for p in score.points],
        "scores": [p.score for p in score.points],
        "evidence": [p.evidence for p in score.points],
        "fillers": d.fillers,
        "words": d.words,
        "reasons": [p.reason for p in score.points],
        "spans": [list(p.span) if p.span else None for p in score.points],
        "method": score.method,
        "weak": score.weak,
        "fillers_per_min": d.fillers_per_min,
        "wpm": d.wpm,
        "duration_s": d.duration_s,
    } | structure


def _line_error(line: str) -> tuple[str, list[str], Kind] | str:
    """The answer, points and kind of one batch line, or a one-line message naming what is wrong."""
    try:
        data = json.loads(line)
    except (json.JSONDecodeError, RecursionError):
        return "not valid JSON"
    if not isinstance(data, dict):
        return "expected a JSON object with 'answer' and 'points'"
    if "answer" not in data:
        return "answer: missing"
    if not isinstance(data["answer"], str):
        return "answer: expected a string"
    if len(data["answer"]) > MAX_ANSWER_CHARS:
        return f"answer: {len(data['answer'])} characters; at most {MAX_ANSWER_CHARS}"
    if "points" not in data:
        return "points: missing"
    points = data["points"]
    if not isinstance(points, list):
        return "points: expected a list of strings"
    # no points: the answer is scored for its structure only
    if len(points) > MAX_POINTS:
        return f"points: expected 0 to {MAX_POINTS} points, got {len(points)}"
    for i, point in enumerate(points):
        if not isinstance(point, str):
            return f"points[{i}]: expected a string"
        if not point.strip():
            return f"points[{i}]: empty point"
        flag = check_point(point)
        if flag is not None and flag.refused:
            return flag.line(f"points[{i}]")
        if len(point) > MAX_POINT_CHARS:
            return f"points[{i}]: {len(point)} characters; at most {MAX_POINT_CHARS}"
    if not isinstance(data.get("question", ""), str):
        return "question: expected a string"
    kind = data.get("kind", "stock")
    if not isinstance(kind, str):
        return f"kind: expected a string ({' or '.join(KINDS)})"
    # a data set may use "kind" for its own labels ("degenerate"): any other value is a stock question,
    # and the output's "kind" says which shape was scored
    return data["answer"], points, "brainteaser" if kind == "brainteaser" else "stock"


def score_jsonl_line(line: str, judge: EntailmentJudge | None = None) -> dict[str, Any]:
    """Score one line of a batch; a bad line gives {"error": "..."} and never raises."""
    parsed = _line_error(line)
    if isinstance(parsed, str):
        return {"error": parsed}
    answer, points, kind = parsed
    try:
        return score_to_json(score_answer(answer, points, judge=judge, kind=kind))
    except Exception as exc:  # a judge failing on one line must not stop the batch
        return {"error": f"scoring failed: {type(exc).__name__}: {exc}".splitlines()[0]}
