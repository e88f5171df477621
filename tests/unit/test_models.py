"""The domain models' own rules: the weak rule, delivery figures, and flipping a verdict."""

from __future__ import annotations

import pytest

from trainer.core.models import AnswerScore, Delivery, PointVerdict


def score(*covered: bool, words: int = 40, duration_s: float | None = 60.0, limit: float | None = 120.0) -> AnswerScore:
    points = tuple(PointVerdict(f"p{i}", 80 if c else 20, c) for i, c in enumerate(covered))
    return AnswerScore(points, Delivery(words=words, fillers=2, duration_s=duration_s, time_limit_s=limit, spoken=True))


@pytest.mark.parametrize(
    ("made", "words", "duration", "limit", "weak"),
    [
        ((True, True, True), 40, 60.0, 120.0, False),
        ((True, False, True), 40, 60.0, 120.0, True),  # a missed point
        ((True, True, True), 0, 60.0, 120.0, True),  # nothing said
        ((True, True, True), 40, 120.0, 120.0, True),  # ran out of time
        ((True, True, True), 40, None, None, False),  # typed, untimed
    ],
)
def test_weak_rule(made: tuple[bool, ...], words: int, duration: float | None, limit: float | None, weak: bool) -> None:
    assert score(*made, words=words, duration_s=duration, limit=limit).weak is weak


@pytest.mark.parametrize(
    ("words", "duration", "wpm", "fillers_per_min"),
    [(150, 60.0, 150.0, 2.0), (75, 30.0, 150.0, 4.0), (10, None, None, None), (0, 0.0, None, None)],
)
def test_delivery_rates(words: int, duration: float | None, wpm: float | None, fillers_per_min: float | None) -> None:
    delivery = Delivery(words=words, fillers=2, duration_s=duration, spoken=True)
    assert delivery.wpm == wpm and delivery.fillers_per_min == fillers_per_min


def test_typed_answers_have_no_pace_and_no_filler_rate() -> None:
    typed = Delivery(words=150, fillers=3, duration_s=60.0, spoken=False)
    assert typed.wpm is None and typed.fillers_per_min is None


@pytest.mark.parametrize("index", [0, 1, 2])
def test_flipping_twice_restores_the_trainers_verdict(index: int) -> None:
    original = score(True, False, True)
    once = original.flipped(index)
    assert once.covered[index] is not original.covered[index]
    assert once.points[index].overridden
    assert [c for i, c in enumerate(once.covered) if i != index] == [
        c for i, c in enumerate(original.covered) if i != index
    ]
    assert once.flipped(index) == original


def test_flipping_a_missed_point_can_make_the_answer_strong() -> None:
    assert score(True, False, True).weak
    assert not score(True, False, True).flipped(1).weak
