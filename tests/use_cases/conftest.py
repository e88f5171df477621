"""Use cases run on a real SQLite store in the test's TRAINER_HOME, with answers built by hand."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from trainer import paths
from trainer.core.models import AnswerScore, Attempt, Delivery, PointVerdict, Question
from trainer.core.store import Store

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
POINTS = ("launch date moved up two weeks", "daily priority list", "shipped on time")
PRESSURE = Question(
    id="pressure", text="Tell me about a time you worked under pressure.", talking_points=POINTS, bank="Test bank"
)
WEAKNESS = Question(
    id="weakness", text="What is your greatest weakness?", talking_points=("a", "b", "c"), bank="Test bank"
)


def scored(*covered: bool) -> AnswerScore:
    """An answer's score: each point made or missed, delivered cleanly (weak only when a point is missed)."""
    verdicts = tuple(
        PointVerdict(point=point, score=90 if made else 10, covered=made, reason="made" if made else "not mentioned")
        for point, made in zip(POINTS, covered, strict=True)
    )
    delivery = Delivery(words=242, fillers=2, duration_s=100.0, time_limit_s=120.0, spoken=True)
    return AnswerScore(points=verdicts, delivery=delivery)


WEAK = scored(True, False, False)
GOOD = scored(True, True, True)


def answer(question: Question, score: AnswerScore, at: datetime = T0) -> Attempt:
    """An unsaved attempt at `at`."""
    return Attempt(question=question, answer="I moved the date", score=score, started_at=at, ended_at=at)


@pytest.fixture
def store(trainer_home: object) -> Iterator[Store]:
    opened = Store.open(paths.db_path())
    yield opened
    opened.close()
