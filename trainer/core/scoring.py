"""An answer judged against its talking points: which points were made, the evidence, and the delivery."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from trainer.core.fillers import count_fillers, count_words
from trainer.core.lexical import LexicalMatch, index_answer, match_point, point_terms
from trainer.core.models import AnswerScore, Delivery, PointVerdict, Reason

__all__ = ["DEFAULT_THRESHOLD", "count_fillers", "score_answer", "score_jsonl_line", "score_to_json"]

#: Score (0-100) at which a point counts as made by lexical evidence alone; chosen by
#: cross-validation on the dev set (bench/scoring.py prints how).
DEFAULT_THRESHOLD = 17
MAX_POINTS = 10
_NOT_MENTIONED_BELOW = 0.34  # under a third of the point's words found: it was not talked about


def _lexical_score(match: LexicalMatch) -> float:
    """0-1: the share of the point's words found, halved by a denial or a missing number."""
    value = match.score
    if match.negated:
        value *= 0.5
    if match.number_missing:
        value *= 0.5
    return value


def _miss_reason(match: LexicalMatch) -> Reason:
    if match.number_missing and match.score >= _NOT_MENTIONED_BELOW:
        return "number missing"
    if match.negated and match.score >= _NOT_MENTIONED_BELOW:
        return "said the opposite"
    if match.score < _NOT_MENTIONED_BELOW:
        return "not mentioned"
    return "too vague"


def _verdict(answer: str, point: str, match: LexicalMatch, score: int, threshold: int) -> PointVerdict:
    covered = score >= threshold
    span = match.span
    evidence = answer[span[0] : span[1]] if span else None
    reason: Reason = "made" if covered else _miss_reason(match)
    return PointVerdict(point=point, score=score, covered=covered, evidence=evidence, span=span, reason=reason)


def score_answer(
    answer: str,
    points: Sequence[str],
    *,
    duration_s: float | None = None,
    time_limit_s: float | None = None,
    spoken: bool = False,
    threshold: int | None = None,
) -> AnswerScore:
    """Judge `answer` against each talking point and measure its delivery."""
    cut = DEFAULT_THRESHOLD if threshold is None else threshold
    index = index_answer(answer)
    verdicts = []
    for point in points:
        match = match_point(index, point_terms(point))
        score = round(100 * _lexical_score(match))
        verdicts.append(_verdict(answer, point, match, score, cut))
    fillers = count_fillers(answer)
    delivery = Delivery(
        words=count_words(answer),
        fillers=len(fillers),
        duration_s=duration_s,
        time_limit_s=time_limit_s,
        spoken=spoken,
        filler_words=tuple(fillers),
    )
    return AnswerScore(points=tuple(verdicts), delivery=delivery, method="lexical")


def score_to_json(score: AnswerScore) -> dict[str, Any]:
    """The batch-contract object for one scored answer (DESIGN "Batch scoring"), with extras."""
    d = score.delivery
    return {
        "covered": [p.covered for p in score.points],
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
    }


def _line_error(line: str) -> tuple[str, list[str]] | str:
    """The answer and points of one batch line, or a one-line message naming what is wrong."""
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
    if "points" not in data:
        return "points: missing"
    points = data["points"]
    if not isinstance(points, list):
        return "points: expected a list of strings"
    if not 1 <= len(points) <= MAX_POINTS:
        return f"points: expected 1 to {MAX_POINTS} points, got {len(points)}"
    for i, point in enumerate(points):
        if not isinstance(point, str):
            return f"points[{i}]: expected a string"
        if not point.strip():
            return f"points[{i}]: empty point"
    return data["answer"], points


def score_jsonl_line(line: str) -> dict[str, Any]:
    """Score one line of a batch; a bad line gives {"error": "..."} and never raises."""
    parsed = _line_error(line)
    if isinstance(parsed, str):
        return {"error": parsed}
    answer, points = parsed
    return score_to_json(score_answer(answer, points))
