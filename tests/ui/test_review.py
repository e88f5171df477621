"""Review: the history table and its filters, every attempt side by side, the plots, streak and agreement."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox, DataTable, Select, Static, TabbedContent

from trainer.core.models import AnswerScore, Attempt, Delivery, PointVerdict, Question
from trainer.core.scheduling import update_card
from trainer.core.store import Store
from trainer.ui.app import TrainerApp
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.question_history import QuestionHistoryScreen
from trainer.ui.screens.review import ReviewScreen
from trainer.ui.widgets.progress_plot import ProgressPlot, date_labels, nice_ticks

#: (days before now, question, points made, fillers, words, seconds, a verdict flipped by the user)
HISTORY = [
    (4, "pressure", (True, False, False), 5, 100, 50.0, False),
    (4, "weakness", (True, False, True), 6, 170, 80.0, False),
    (2, "pressure", (True, True, False), 3, 110, 50.0, False),
    (1, "weakness", (True, True, False), 3, 200, 85.0, True),
    (1, "pressure", (True, True, True), 2, 130, 55.0, False),
    (0, "weakness", (True, True, True), 1, 140, 60.0, False),
]


@pytest.fixture(autouse=True)
def utc_local_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is UTC, so days and shown times are the same on every machine."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def seed_history(app: TrainerApp, store: Store, now: datetime) -> None:
    """One session a day as in HISTORY, spoken answers, each saved and its card updated."""
    sessions: dict[int, int] = {}
    for number, (days, qid, covered, fillers, words, seconds, flipped) in enumerate(HISTORY):
        question = app.catalog.find(qid)
        assert question is not None
        ended = now - timedelta(days=days, hours=1) + timedelta(minutes=5 * number)
        verdicts = tuple(
            PointVerdict(
                point=point,
                score=85 if made else 15,
                covered=made,
                evidence=f"…{point.split()[-1]}…" if made else None,
                reason="made" if made else "not mentioned",
                overridden=flipped and index == 1,
            )
            for index, (point, made) in enumerate(zip(question.talking_points, covered, strict=True))
        )
        delivery = Delivery(
            words=words, fillers=fillers, duration_s=seconds, time_limit_s=question.time_limit or 60, spoken=True
        )
        attempt = Attempt(
            question=question,
            answer=f"Answer {number + 1} to {qid}: "
            + " ".join(question.talking_points[i] for i in range(3) if covered[i]),
            transcript=f"um answer {number + 1} to {qid}",
            score=AnswerScore(points=verdicts, delivery=delivery),
            started_at=ended - timedelta(seconds=seconds),
            ended_at=ended,
        )
        if days not in sessions:
            sessions[days] = store.start_session("practice", [question.bank], attempt.started_at)
        store.save_attempt(sessions[days], attempt)
        update_card(store, qid)


async def settle(app: TrainerApp, pilot: Pilot[None]) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def review(app: TrainerApp) -> ReviewScreen:
    assert isinstance(app.screen, ReviewScreen)
    return app.screen


def rows(screen: ReviewScreen) -> list[str]:
    """The question id of each history row, top to bottom."""
    table = screen.query_one("#history-table", DataTable)
    by_id = {str(a.id): a.question.id for a in screen.attempts}
    return [by_id[str(row.key.value)] for row in table.ordered_rows]


async def test_review_from_home_filters_and_opens_a_question(build_app, clock, store: Store) -> None:
    app = build_app(mode="home")
    seed_history(app, store, clock.now)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("r")
        await settle(app, pilot)
        screen = review(app)
        overview = str(screen.query_one("#overview", Static).render())
        # answers today, yesterday, and two days ago; none three days ago
        assert overview.startswith("Streak: 3 days · 6 answers, 4 weak · drill: 1 due now, 1 this week")
        assert "You agreed with the trainer on 94% of ticks and crosses (1 of 18 flipped)." in overview
        pressure, weakness = "pressure", "weakness"
        assert rows(screen) == [weakness, pressure, weakness, pressure, weakness, pressure]

        await pilot.press("w")
        await settle(app, pilot)
        assert screen.query_one("#weak-only", Checkbox).value
        assert rows(screen) == [weakness, pressure, weakness, pressure]

        screen.query_one("#question", Select).value = "pressure"
        await settle(app, pilot)
        assert rows(screen) == [pressure, pressure]
        screen.query_one("#weak-only", Checkbox).value = False
        await settle(app, pilot)
        assert rows(screen) == [pressure] * 3
        screen.query_one("#bank", Select).value = "Test bank"
        await settle(app, pilot)
        assert len(rows(screen)) == 3
        screen.query_one("#question", Select).clear()
        await settle(app, pilot)
        assert len(rows(screen)) == 6

        table = screen.query_one("#history-table", DataTable)
        table.focus()
        table.move_cursor(row=1)  # the latest "pressure" answer
        await pilot.press("enter")
        await settle(app, pilot)
        history = app.screen
        assert isinstance(history, QuestionHistoryScreen)
        assert [a.question.id for a in history.attempts] == ["pressure"] * 3
        columns = history.query(".attempt")
        assert len(columns) == 3
        first, last = (str(c.query_one(Static).render()) for c in (columns.first(), columns.last()))
        assert "1/3 points · weak" in first and "3/3 points · strong" in last
        assert "Heard: um answer 1 to pressure" in first
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is screen


async def test_progress_plots_and_queue(build_app, clock, store: Store) -> None:
    app = build_app(mode="review")
    seed_history(app, store, clock.now)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = review(app)
        await pilot.press("2")
        await settle(app, pilot)
        assert screen.query_one("#tabs", TabbedContent).active == "progress"
        points = screen.query_one("#points-plot", ProgressPlot)
        assert points.values == [3, 2, 5, 3]  # made per session, oldest first
        assert screen.query_one("#fillers-plot", ProgressPlot).values == [6.0, 4.5, 3.6, 2.1, 2.2, 1.0]
        assert screen.query_one("#pace-plot", ProgressPlot).values == [120.0, 127.5, 132.0, 141.2, 141.8, 140.0]
        await pilot.press("3")
        await settle(app, pilot)
        queue = screen.query_one("#queue-table", DataTable)
        assert queue.row_count == 2


async def test_review_with_no_history(build_app) -> None:
    app = build_app(mode="review")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = review(app)
        assert "No verdicts yet." in str(screen.query_one("#overview", Static).render())
        assert screen.query_one("#history-table", DataTable).row_count == 0
        assert screen.query_one("#points-plot", ProgressPlot).values == []


@pytest.mark.parametrize(
    ("count", "positions"),
    [(0, []), (1, [1]), (3, [1, 2, 3]), (6, [1, 2, 3, 4, 5, 6]), (7, [1, 3, 5, 7]), (20, [1, 5, 9, 13, 17, 20])],
)
def test_date_labels_keep_first_and_last(count: int, positions: list[int]) -> None:
    moments = [datetime(2026, 11, 1, 9).astimezone() + timedelta(days=i) for i in range(count)]
    assert date_labels(moments)[0] == positions


@pytest.mark.parametrize(
    ("low", "high", "whole", "ticks"),
    [
        (0, 6.6, True, [0, 2, 4, 6]),
        (116, 164, False, [120, 130, 140, 150, 160]),
        (0, 1.1, False, [0, 0.25, 0.5, 0.75, 1]),
        (0, 1.1, True, [0, 1]),  # a count is never labelled 0.5
    ],
)
def test_nice_ticks(low: float, high: float, whole: bool, ticks: list[float]) -> None:
    assert nice_ticks(low, high, whole=whole) == ticks


class TestReviewSnapshots:
    def test_history(self, snap_compare, build_app, clock, store: Store) -> None:
        app = build_app(mode="review")
        seed_history(app, store, clock.now)
        assert snap_compare(app, terminal_size=(80, 24))

    def test_points_plot(self, snap_compare, build_app, clock, store: Store) -> None:
        app = build_app(mode="review")
        seed_history(app, store, clock.now)
        assert snap_compare(app, terminal_size=(80, 24), press=["2"])

    def test_attempts_side_by_side(self, snap_compare, build_app, clock, store: Store) -> None:
        app = build_app(mode="review")
        seed_history(app, store, clock.now)

        async def open_question(pilot: Pilot[None]) -> None:
            await pilot.pause()
            review(app).open_question("pressure")
            await pilot.pause()

        assert snap_compare(app, terminal_size=(80, 24), run_before=open_question)


async def test_an_attempt_without_points_asks_for_them_in_the_question_history(build_app, clock) -> None:
    app = build_app(mode="review")
    question = Question(id="open", text="Why should we hire you?", talking_points=())
    ended = clock()
    unjudged = Attempt(
        question=question,
        answer="I ship fast.",
        score=AnswerScore(points=(), delivery=Delivery(words=3, fillers=0)),
        started_at=ended - timedelta(seconds=20),
        ended_at=ended,
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.push_screen(QuestionHistoryScreen([unjudged], None, ended))
        await settle(app, pilot)
        column = app.screen.query_one(".attempt")
        shown = str(column.query_one(Static).render())
        assert "not judged: no talking points yet; add yours in Banks (e)" in shown
        assert "strong" not in shown and "0/0" not in shown and "rated" not in shown
        assert column.has_class("weak") and not column.has_class("strong")


async def test_progress_shows_star_measurable_and_hedges(build_app, clock, store: Store) -> None:
    from trainer.core.scoring import score_answer

    app = build_app(mode="review")
    question = app.catalog.find("pressure")
    assert question is not None
    answer = "I was a lead at a shop. My job was to fix it. I think I moved the tills. Sales rose by a third."
    score = score_answer(answer, question.talking_points, duration_s=30.0, spoken=True)
    ended = clock() - timedelta(hours=1)
    session = store.start_session("practice", [question.bank], ended - timedelta(seconds=30))
    store.save_attempt(session, Attempt(question, answer, score, ended - timedelta(seconds=30), ended))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("2")
        assert app.screen.query_one("#star-plot", ProgressPlot).values == [4.0]
        assert app.screen.query_one("#measurable-plot", ProgressPlot).values == [100.0]
        assert app.screen.query_one("#hedges-plot", ProgressPlot).values == [2.0]


async def test_progress_shows_each_key_message_session_by_session(build_app, clock, store: Store) -> None:
    from trainer.core.scoring import score_answer

    store.set_key_messages(["I ship on time", "I listen to customers", "I own my mistakes"], clock())
    app = build_app(mode="review")
    question = app.catalog.find("pressure")
    assert question is not None
    for days, answer in ((2, "we ship on time, always"), (1, "I listen to customers and we ship on time")):
        ended = clock() - timedelta(days=days)
        session = store.start_session("practice", [question.bank], ended - timedelta(seconds=30))
        score = score_answer(answer, question.talking_points)
        store.save_attempt(session, Attempt(question, answer, score, ended - timedelta(seconds=30), ended))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        lines = str(app.screen.query_one("#key-message-history", Static).render()).splitlines()
        assert lines[1].split() == ["✓✓", "2", "of", "2", "I", "ship", "on", "time"]
        assert lines[2].split()[:4] == ["✗✓", "1", "of", "2"]
        assert lines[3].split()[:4] == ["✗✗", "0", "of", "2"]
