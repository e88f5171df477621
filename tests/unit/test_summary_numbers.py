"""The summary agrees with itself: each line names the right answers, counts match, every weak answer says why."""

from __future__ import annotations

import pytest

from tests.unit.test_report import PRESSURE, WEAKNESS, attempt
from trainer.core.models import Attempt
from trainer.core.report import summarise

P, W = PRESSURE, WEAKNESS


@pytest.mark.parametrize(
    ("attempts", "expected"),
    [
        (
            [attempt(P, "✓✓✓"), attempt(W, "✓✓✓"), attempt(W, "✗✗✗"), attempt(W, "✗✗✗", words=0, seconds=0)],
            {("No answer was given", (4,))},
        ),
        (
            [attempt(P, "✓✓✓"), attempt(W, "✓✓✗", seconds=70), attempt(W, "✓✓✗", seconds=65)],
            {
                (W.talking_points[2], (2, 3)),
                ("Ran out of time (1:10 of 1:00)", (2,)),
                ("Ran out of time (1:05 of 1:00)", (3,)),
            },
        ),
        (
            [attempt(W, "✓✗✓", reason="said the opposite"), attempt(W, "✓✓✓")],
            {(f"{W.talking_points[1]} (made only on a later try, said the opposite)", (1,))},
        ),
        (
            [attempt(W, "✓✓✓"), attempt(W, "✓✓✗")],
            {(f"{W.talking_points[2]} (made at first, missed on a retry)", (2,))},
        ),
    ],
    ids=["empty-retry-is-its-own-row", "missed-point-names-both-answers", "contradicted-then-made", "made-then-missed"],
)
def test_to_improve_names_the_answers_it_is_about(
    attempts: list[Attempt], expected: set[tuple[str, tuple[int, ...]]]
) -> None:
    assert {(item.text, item.answers) for item in summarise(attempts).to_improve} >= expected


@pytest.mark.parametrize(
    ("attempts", "line"),
    [
        ([attempt(P, "✓✓✓"), attempt(W, "✓✓✓", seconds=70)], "1 of 2 answers finished within their time limit"),
        (
            [attempt(P, "✓✓✓"), attempt(W, "✓✓✓", seconds=70), attempt(W, "✓✓✓"), attempt(P, "✗✗✗", words=0)],
            "2 of 3 answers given finished within their time limit",
        ),
        ([attempt(P, "✓✓✓"), attempt(W, "✗✗✗", words=0)], "The answer finished within its time limit"),
    ],
    ids=["all-given", "one-empty", "one-given"],
)
def test_time_limit_line_counts_the_answers_given(attempts: list[Attempt], line: str) -> None:
    assert line in [item.text for item in summarise(attempts).went_well]


def test_every_weak_answer_has_something_to_improve() -> None:
    attempts = [attempt(P, "✗✓✓"), attempt(P, "✓✓✓"), attempt(W, "✓✓✓")]
    summary = summarise(attempts)
    weak_rows = {n for n, a in enumerate(attempts, start=1) if a.score.weak}
    assert weak_rows == {1}
    assert weak_rows <= {n for item in summary.to_improve for n in item.answers}


def test_a_point_that_went_well_names_only_the_answers_that_made_it() -> None:
    summary = summarise([attempt(W, "✓✓✓"), attempt(W, "✓✓✗")])
    rows = {item.text: item.answers for item in summary.went_well}
    assert rows[W.talking_points[0]] == (1, 2) and rows[W.talking_points[2]] == (1,)
