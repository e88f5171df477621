"""The follow-up question after a weak answer, and whether the reply made what it asked for."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from trainer.core.models import AnswerScore, Question
from trainer.core.probe import Probe, choose_probe, judge_probe_answer, probe_from_json, probe_to_json
from trainer.core.scoring import score_answer

POINTS = ("moved two people onto the peak", "wrote a callback script", "wait fell from nine minutes to three")
STOCK = Question("pressure", "Tell me about a time you fixed a queue.", talking_points=POINTS)
PUZZLE = Question("tuners", "How many piano tuners are in London?", kind="brainteaser", talking_points=())
STORY = (
    "So I was a shift lead at a call centre and our wait times were awful. My job was to get them down. "
    "I moved two people onto the peak and I wrote a callback script. "
    "Within a month the wait fell from nine minutes to three."
)


def lexical(answer: str, points: Sequence[str]) -> AnswerScore:
    return score_answer(answer, points)


@pytest.mark.parametrize(
    ("question", "answer", "asks", "point"),
    [
        (STOCK, STORY, None, None),
        (STOCK, STORY.replace(" and I wrote a callback script", ""), "point", 1),
        (STOCK, "So I was a shift lead at a call centre. My job was to cut waits. I moved two people onto the "
                "peak and I wrote a callback script and the wait fell from nine minutes to three.", None, None),
        (Question("q", "Tell me about a time.", talking_points=()), "We moved people. It went fine.", "action", None),
        (Question("q", "Tell me about a time.", talking_points=()),
         "I was a lead at a shop. My job was to fix it. I moved the tills. It went well in the end.",
         "measurable", None),
        (Question("q", "Tell me about a time.", talking_points=()),
         "I was a lead at a shop. My job was to fix it. I moved the tills.", "result", None),
        (PUZZLE, "Let's assume nine million people, so about a thousand tuners.", "structure", None),
        (STOCK, "", None, None),
    ],
    ids=["nothing-missing", "missed-point", "one-sentence-story", "we-only", "vague-result", "no-result",
         "estimate-no-steps", "empty"],
)  # fmt: skip
def test_choose_probe(question: Question, answer: str, asks: str | None, point: int | None) -> None:
    probe = choose_probe(question, score_answer(answer, question.talking_points, kind=question.kind))
    if asks is None:
        assert probe is None
    else:
        assert probe is not None and (probe.asks, probe.point) == (asks, point)


def test_a_probe_for_a_missed_point_does_not_give_it_away() -> None:
    score = score_answer(STORY.replace("Within a month the wait fell from nine minutes to three.", ""), POINTS)
    probe = choose_probe(STOCK, score)
    assert probe is not None and probe.point == 2
    assert not {"wait", "nine", "three"} & set(probe.text.lower().replace("?", "").split())


@pytest.mark.parametrize(
    ("probe", "reply", "made"),
    [
        (Probe("?", "point", 1), "Oh, and I wrote a callback script for the agents.", True),
        (Probe("?", "point", 1), "I think that's everything really.", False),
        (Probe("?", "result", None), "The wait fell to three minutes within a month.", True),
        (Probe("?", "result", None), "", False),
        (Probe("?", "measurable", None), "Complaints dropped by half.", True),
        (Probe("?", "action", None), "I rang every customer myself.", True),
        (Probe("?", "action", None), "We rang every customer.", False),
    ],
    ids=["point-made", "point-not-made", "result-told", "blank", "measurable", "i-action", "we-action"],
)
def test_judge_probe_answer(probe: Probe, reply: str, made: bool) -> None:
    first = "I was a lead at a shop. My job was to fix the queue. I moved the tills. It went well in the end."
    judged = judge_probe_answer(STOCK, reply, probe, first, lexical)
    assert judged.made is made
    if made:
        assert judged.evidence and judged.evidence in reply


def test_probe_json_round_trip() -> None:
    probe = Probe("Anything else?", "point", 1)
    judged = judge_probe_answer(STOCK, "I wrote a callback script.", probe, STORY, lexical)
    assert probe_from_json(probe_to_json(judged)) == judged


@pytest.mark.parametrize(
    ("point", "asked"),
    [
        ("sales rose by a third", "How did it turn out"),
        ("I rewrote the handover sheet", "What did you do about it"),
        ("their move into payments", "anything else"),
    ],
    ids=["outcome", "deed", "other"],
)
def test_a_missed_point_is_invited_by_its_kind(point: str, asked: str) -> None:
    question = Question("q", "Tell me about a time.", talking_points=(point,))
    probe = choose_probe(question, score_answer("I was a lead at a shop and it was busy.", question.talking_points))
    assert probe is not None and asked.lower() in probe.text.lower()


@pytest.mark.parametrize(
    ("asks", "reply", "made"),
    [
        ("final_number", "About two thousand.", True),
        ("final_number", "Quite a lot, I'd say.", False),
        ("assumptions", "I'm assuming one piano per twenty homes.", True),
        ("sanity_check", "That seems reasonable against the number of music shops.", True),
        ("sanity_check", "No idea.", False),
        ("structure", "Homes times share with pianos, then tunings a year per piano, divided by four a day.", False),
    ],
    ids=["number", "no-number", "assumption", "check", "no-check", "structure-needs-numbers"],
)
def test_judge_a_brainteaser_probe_answer(asks: str, reply: str, made: bool) -> None:
    first = "Let's assume nine million people, so about a thousand tuners."
    assert judge_probe_answer(PUZZLE, reply, Probe("?", asks), first, lexical).made is made
