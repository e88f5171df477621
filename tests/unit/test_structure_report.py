"""The session report tells each answer's structure and its follow-up, with the user's words kept as text."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from trainer.core.models import Attempt, Question
from trainer.core.probe import Probe, ProbeAnswer
from trainer.core.report import _inline
from trainer.core.scoring import score_answer
from trainer.core.structure_report import structure_markdown

T0 = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
STORY = "I was a lead at a *shop*. My job was to fix it. I think I moved the tills. Sales rose by a third."


def _attempt(answer: str, kind: str = "stock", follow_up: ProbeAnswer | None = None) -> Attempt:
    question = Question("q", "Tell me?", kind=kind)  # type: ignore[arg-type]
    return Attempt(question, answer, score_answer(answer, (), kind=question.kind), T0, T0, follow_up=follow_up)


@pytest.mark.parametrize(
    ("attempt", "wanted"),
    [
        (_attempt(STORY), ["STAR: 4 of 4, result measurable · 1 hedge (i think)",
                           "- ✓ situation: “I was a lead at a \\*shop\\*”"]),
        (_attempt("We moved the tills."), ["- ✗ action: only “we”", "- ✗ result: not told (how it turned out)"]),
        (_attempt("Let's assume ten, so about forty.", "brainteaser"), ["Estimate: 2 of 4 · 0 hedges"]),
        (_attempt(STORY, follow_up=ProbeAnswer(Probe("Any number?", "measurable"), None)),
         ["Follow-up asked: “Any number?”", "- skipped"]),
        (_attempt(STORY, follow_up=ProbeAnswer(Probe("And then?", "result"), "It _worked_.", made=True)),
         ["- your reply (made when asked): “It \\_worked\\_.”"]),
        (_attempt(""), []),
    ],
    ids=["full", "we-only", "estimate", "skipped", "made-when-asked", "empty"],
)  # fmt: skip
def test_structure_markdown(attempt: Attempt, wanted: list[str]) -> None:
    lines = structure_markdown(attempt, _inline)
    for line in wanted:
        assert line in lines
    if not wanted:
        assert lines == []
