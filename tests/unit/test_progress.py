"""Progress over saved answers as tables: filters, points per session, delivery series, streak, agreement."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest

from trainer.core.models import AnswerScore, Attempt, Delivery, PointVerdict, Question
from trainer.core.progress import (
    HistoryFilter,
    agreement,
    fillers_over_time,
    filter_attempts,
    pace_over_time,
    points_per_session,
    streak,
)

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def attempt(
    qid: str = "q",
    *,
    bank: str = "Stock",
    covered: tuple[bool, ...] = (True, True, True),
    at: datetime = NOW,
    session: int = 1,
    flipped: int = 0,
    spoken: bool = True,
    duration: float | None = 60.0,
) -> Attempt:
    points = tuple(
        PointVerdict(point=f"p{i}", score=90 if c else 10, covered=c, overridden=i < flipped)
        for i, c in enumerate(covered)
    )
    delivery = Delivery(words=140, fillers=3, duration_s=duration, time_limit_s=120.0, spoken=spoken)
    return Attempt(
        question=Question(id=qid, text=f"{qid}?", bank=bank),
        answer="…",
        score=AnswerScore(points=points, delivery=delivery),
        started_at=at - timedelta(seconds=duration or 0),
        ended_at=at,
        session_id=session,
    )


HISTORY = [
    attempt("a", bank="Stock", covered=(True, False, True), session=1, at=NOW - 2 * DAY),
    attempt("b", bank="Teasers", covered=(True, True, True), session=1, at=NOW - 2 * DAY + timedelta(minutes=3)),
    attempt("a", bank="Stock", covered=(True, True, True), session=2, at=NOW - DAY),
    attempt("b", bank="Teasers", covered=(False, False, False), session=3, at=NOW),
]


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [
        (HistoryFilter(), [0, 1, 2, 3]),
        (HistoryFilter(weak_only=True), [0, 3]),
        (HistoryFilter(bank="Stock"), [0, 2]),
        (HistoryFilter(question_id="b"), [1, 3]),
        (HistoryFilter(weak_only=True, bank="Teasers"), [3]),
        (HistoryFilter(weak_only=True, question_id="a", bank="Teasers"), []),
    ],
)
def test_filters(wanted: HistoryFilter, expected: list[int]) -> None:
    assert filter_attempts(HISTORY, wanted) == [HISTORY[i] for i in expected]


def test_points_per_session_oldest_first() -> None:
    sessions = points_per_session(reversed(HISTORY))
    assert [(s.session_id, s.made, s.possible, s.answers) for s in sessions] == [
        (1, 5, 6, 2),
        (2, 3, 3, 1),
        (3, 0, 3, 1),
    ]
    assert sessions[0].started_at == NOW - 2 * DAY - timedelta(seconds=60)


def test_delivery_series_skip_what_was_not_measured() -> None:
    history = [*HISTORY, attempt(spoken=False, at=NOW + DAY), attempt(duration=None, at=NOW + 2 * DAY)]
    # typed: neither fillers a minute nor pace (typing time says nothing of speech); no duration: no rate
    assert fillers_over_time(history) == [(a.ended_at, 3.0) for a in history[:4]]
    assert pace_over_time(history) == [(a.ended_at, 140.0) for a in history[:4]]


@pytest.mark.parametrize(
    ("days_ago", "expected"),
    [
        ([], 0),
        ([0], 1),
        ([0, 1, 2], 3),
        ([1, 2], 2),  # nothing yet today: yesterday's streak still stands
        ([2, 3], 0),  # a whole day missed
        ([0, 0, 1, 3, 4, 5], 2),
        ([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 10),
    ],
)
def test_streak(days_ago: list[int], expected: int) -> None:
    assert streak([NOW - d * DAY for d in days_ago], NOW, UTC) == expected


def test_streak_counts_days_where_the_user_lives() -> None:
    # 23:30 UTC yesterday is 08:30 today in Tokyo: one day there, two in UTC
    tokyo = timezone(timedelta(hours=9))
    moments = [NOW.replace(hour=0) - timedelta(minutes=30), NOW]
    assert streak(moments, NOW, UTC) == 2
    assert streak(moments, NOW, tokyo) == 1


@pytest.mark.parametrize(
    ("history", "agreed", "verdicts", "share"),
    [
        ([], 0, 0, None),
        ([attempt()], 3, 3, 1.0),
        ([attempt(flipped=1), attempt()], 5, 6, 5 / 6),
        ([attempt(flipped=3)], 0, 3, 0.0),
    ],
)
def test_agreement(history: list[Attempt], agreed: int, verdicts: int, share: float | None) -> None:
    result = agreement(history)
    assert (result.agreed, result.verdicts, result.share, result.flipped) == (
        agreed,
        verdicts,
        share,
        verdicts - agreed,
    )


def test_unsure_verdicts_are_counted_apart_by_the_users_answer() -> None:
    base = attempt()
    unsure = (
        PointVerdict("a", 50, False, unsure=True),  # not answered
        PointVerdict("b", 50, True, unsure=True, overridden=True),  # "I made it"
        PointVerdict("c", 50, False, unsure=True, overridden=True),  # "I did not"
    )
    mixed = replace(base, score=replace(base.score, points=unsure))
    result = agreement([mixed, attempt(flipped=1)])
    assert (result.agreed, result.verdicts) == (2, 3)  # only ticks and crosses
    assert (result.unsure_made, result.unsure_missed, result.unsure_open, result.unsure) == (1, 1, 1, 3)
