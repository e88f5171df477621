"""The interviewer's follow-up question after a weak answer, and what the answer to it made."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from trainer.core.estimate import ASSUMPTION, CHECK, NUMBER
from trainer.core.models import AnswerScore, Question
from trainer.core.star import DEFAULT_LEXICON, analyse_star, asks_for_a_story
from trainer.core.structure import analyse_structure

#: What a follow-up asks for, in the order it is chosen: a missed point first (what the user came to
#: say), then the STAR part an interviewer would probe, then a number for a vague result.
ASKS = ("point", "result", "action", "task", "situation", "measurable",
        "final_number", "assumptions", "structure", "sanity_check")  # fmt: skip

# Questions that invite a missed point without giving it away: by why it was missed, not by its words.
_POINT_QUESTIONS = {
    "number missing": "Can you put a number on that?",
    "said the opposite": "Let me check I understood: how did that part actually go?",
    "too vague": "Can you be more specific? What exactly happened?",
    "not mentioned": "Is there anything else about this you'd want me to know?",
}
_PART_QUESTIONS = {
    "result": "You didn't say how it turned out. What was the result?",
    "action": "What did you yourself do?",
    "task": "What was your part in it? What were you trying to achieve?",
    "situation": "Can you set the scene? When and where was this?",
    "measurable": "Can you put a number on the result?",
    "final_number": "So what is your final number?",
    "assumptions": "What are you assuming there?",
    "structure": "How would you break that down, step by step?",
    "sanity_check": "How would you check that number is about right?",
}


@dataclass(frozen=True)
class Probe:
    """One follow-up question: what it asks for, and which talking point when it asks for one."""

    text: str
    asks: str
    point: int | None = None


@dataclass(frozen=True)
class ProbeAnswer:
    """A follow-up question with the user's answer (None: skipped) and whether it made what was asked."""

    probe: Probe
    answer: str | None
    #: what was asked for came across in the answer: a point "made when asked", or the STAR part now told
    made: bool = False
    evidence: str | None = None


def _point_question(point: str, reason: str) -> str:
    """A question that leads to the point by what kind of thing it is (an outcome, a deed), never by its words."""
    if reason != "not mentioned":
        return _POINT_QUESTIONS.get(reason, _POINT_QUESTIONS["not mentioned"])
    cues = DEFAULT_LEXICON.compiled()
    if cues.measurable.search(point) or cues.result_after_action.search(point):
        return "And how did it turn out in the end?"
    if analyse_star(point).action.present:
        return "What did you do about it yourself?"
    return _POINT_QUESTIONS["not mentioned"]


def choose_probe(question: Question, score: AnswerScore) -> Probe | None:
    """The one follow-up an interviewer would ask after this answer; None when nothing was missing."""
    if score.empty:
        return None
    for index, verdict in enumerate(score.points):
        if not verdict.covered:
            return Probe(_point_question(verdict.point, verdict.reason), "point", index)
    structure = score.structure
    if structure is None:
        return None
    if structure.estimate is not None:
        missing = structure.estimate.missing
    elif not asks_for_a_story(question.text):  # "What are your salary expectations?" has no STAR shape
        return None
    else:
        missing = structure.star.missing
        if structure.star.result.present and not structure.star.result_measurable:
            missing = (*missing, "measurable")
    for asks in ASKS:
        if asks in missing:
            return Probe(_PART_QUESTIONS[asks], asks)
    return None


#: Scores an answer against points; the app passes score_answer bound to its judge and threshold.
PointScorer = Callable[[str, Sequence[str]], AnswerScore]


_ESTIMATE_REPLIES = {"final_number": NUMBER, "assumptions": ASSUMPTION, "sanity_check": CHECK}


def judge_probe_answer(
    question: Question, answer: str, probe: Probe, first_answer: str, score_points: PointScorer
) -> ProbeAnswer:
    """Whether the follow-up answer made what the probe asked for.

    A point, or a scene, a task or an action, is judged on the reply alone; a result (and whether it is
    measurable) on the two answers told together, since an outcome is only one after the story, with its
    evidence inside the reply.
    """
    if not answer.strip():
        return ProbeAnswer(probe, answer, made=False)
    if probe.asks == "point" and probe.point is not None:
        point = question.talking_points[probe.point]
        verdict = score_points(answer, [point]).points[0]
        return ProbeAnswer(probe, answer, made=verdict.covered, evidence=verdict.evidence)
    if probe.asks in ("situation", "task", "action"):
        alone = analyse_structure(answer, question.kind).star.parts[probe.asks]
        return ProbeAnswer(probe, answer, made=alone.present, evidence=alone.evidence)
    if probe.asks in _ESTIMATE_REPLIES:
        # asked for one thing, a short reply is that thing: "About two thousand." is the final number
        made = bool(_ESTIMATE_REPLIES[probe.asks].search(answer))
        return ProbeAnswer(probe, answer, made=made, evidence=" ".join(answer.split()) if made else None)
    offset = len(first_answer) + 1
    together = analyse_structure(f"{first_answer}\n{answer}", question.kind)
    part = together.star.result if probe.asks == "measurable" else together.parts.get(probe.asks)
    told = part is not None and part.present and part.span is not None and part.span[1] > offset
    if probe.asks == "measurable":
        told = told and together.star.result_measurable
    return ProbeAnswer(probe, answer, made=told, evidence=part.evidence if told and part is not None else None)


def probe_to_json(probe_answer: ProbeAnswer) -> dict[str, Any]:
    """The follow-up as saved with its attempt."""
    probe = probe_answer.probe
    return {
        "question": probe.text,
        "asks": probe.asks,
        "point": probe.point,
        "answer": probe_answer.answer,
        "made": probe_answer.made,
        "evidence": probe_answer.evidence,
    }


def probe_from_json(data: dict[str, Any]) -> ProbeAnswer:
    """A saved follow-up, as `probe_to_json` wrote it."""
    point = data.get("point")
    return ProbeAnswer(
        Probe(str(data["question"]), str(data["asks"]), int(point) if point is not None else None),
        answer=data.get("answer"),
        made=bool(data.get("made", False)),
        evidence=data.get("evidence"),
    )
