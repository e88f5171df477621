"""Drill times and states in plain words, as a table of cases (the scheduler's own words never reach the user)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from tests.unit.test_scheduling import T0, card_due
from trainer.core.scheduling import RATING_WORDS, comes_back_in_words, weak_days_in_words

NOON = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def utc_local_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is UTC, so "today" and "tomorrow" are the same days on every machine."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize(
    ("delta", "words"),
    [
        (timedelta(0), "due now"),
        (timedelta(hours=-5), "due now"),
        (timedelta(minutes=8), "again later today"),
        (timedelta(hours=11), "again later today"),
        (timedelta(hours=13), "again tomorrow"),
        (timedelta(days=3), "again in 3 days"),
    ],
    ids=["now", "overdue", "minutes", "tonight", "tomorrow", "days"],
)
def test_comes_back_in_words(delta: timedelta, words: str) -> None:
    assert comes_back_in_words(NOON + delta, NOON) == words


@pytest.mark.parametrize(
    ("lapses", "words"), [(0, "never weak yet"), (1, "weak on 1 day"), (3, "weak on 3 different days")]
)
def test_weak_days_in_words(lapses: int, words: str) -> None:
    assert weak_days_in_words(replace(card_due("q", T0), lapses=lapses)) == words


def test_every_rating_has_plain_words() -> None:
    assert set(RATING_WORDS) == {"again", "hard", "good", "easy"}
