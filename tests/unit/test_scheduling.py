"""The drill schedule as tables with a frozen clock: ratings, card sequences, leeches, re-rating after a flip."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Rating
from hypothesis import given
from hypothesis import strategies as st

from trainer import paths
from trainer.core import scheduling
from trainer.core.migrations import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from trainer.core.models import AnswerScore, Attempt, Delivery, PointVerdict, Question, ReviewCard
from trainer.core.scheduling import (
    LEARNING_STEPS,
    LEECH_LAPSES,
    build_card,
    card_state,
    concise,
    delivery_problems,
    due_cards,
    due_counts,
    due_in_words,
    next_due,
    nothing_due_message,
    rate,
    refresh_cards,
    rerate_attempt,
    update_card,
)
from trainer.core.store import Store

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
MIN = timedelta(minutes=1)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
POINTS = ("launch date moved up two weeks", "daily priority list", "shipped on time")

# --- building answers ----------------------------------------------------------------------------------------

#: a clean spoken answer at a good pace (145 wpm), 100 s of a 120 s limit: Good, not concise enough for Easy
GOOD = dict(words=242, fillers=2, duration_s=100.0, time_limit_s=120.0, spoken=True)
#: the same points in 50 s: concise, so Easy
EASY = dict(words=121, fillers=1, duration_s=50.0, time_limit_s=120.0, spoken=True)


def score(covered: tuple[bool, ...] = (True, True, True), **delivery: object) -> AnswerScore:
    verdicts = tuple(
        PointVerdict(point=p, score=90 if c else 10, covered=c, reason="made" if c else "not mentioned")
        for p, c in zip(POINTS, covered, strict=True)
    )
    values = {**GOOD, **delivery}
    return AnswerScore(points=verdicts, delivery=Delivery(**values))  # type: ignore[arg-type]


def attempt(at: datetime, covered: tuple[bool, ...] = (True, True, True), qid: str = "pressure", **delivery: object):
    question = Question(id=qid, text=f"{qid}?", talking_points=POINTS, bank="Test bank")
    result = score(covered, **delivery)
    seconds = result.delivery.duration_s or 30.0
    return Attempt(
        question=question,
        answer="an answer",
        score=result,
        started_at=at - timedelta(seconds=seconds),
        ended_at=at,
    )


WEAK = (True, False, True)
CLEAN = (True, True, True)

# --- ratings -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("covered", "delivery", "expected"),
    [
        pytest.param(WEAK, {}, Rating.Again, id="a point missed"),
        pytest.param((False, False, False), {}, Rating.Again, id="every point missed"),
        pytest.param(CLEAN, {"words": 0, "fillers": 0}, Rating.Again, id="empty"),
        pytest.param(CLEAN, {"duration_s": 120.0}, Rating.Again, id="ran out of time"),
        pytest.param(WEAK, {"fillers": 20}, Rating.Again, id="weak and full of fillers: Again, never Hard"),
        pytest.param(WEAK, {"words": 400}, Rating.Again, id="weak and too fast: Again, never Hard"),
        pytest.param(CLEAN, {"fillers": 9}, Rating.Hard, id="all points, 5.4 fillers a minute"),
        pytest.param(CLEAN, {"words": 200}, Rating.Hard, id="all points, 120 wpm: too slow"),
        pytest.param(CLEAN, {"words": 290}, Rating.Hard, id="all points, 174 wpm: too fast"),
        pytest.param(CLEAN, {"fillers": 6}, Rating.Good, id="3.6 fillers a minute is within bounds"),
        pytest.param(CLEAN, {}, Rating.Good, id="clean, 100 s of 120"),
        pytest.param(CLEAN, {"words": 217, "duration_s": 90.0}, Rating.Good, id="clean, 75% of the limit"),
        pytest.param(CLEAN, EASY, Rating.Easy, id="clean and concise, 42% of the limit"),
        pytest.param(CLEAN, {**EASY, "fillers": 10}, Rating.Hard, id="concise but 12 fillers a minute"),
        pytest.param(CLEAN, {**EASY, "time_limit_s": None}, Rating.Good, id="no limit known: never Easy"),
        pytest.param(CLEAN, {"spoken": False, "fillers": 9, "words": 300}, Rating.Good, id="typed: pace not judged"),
        pytest.param(CLEAN, {"spoken": False, "words": 150}, Rating.Easy, id="typed, 62 s to say of 120"),
    ],
)
def test_rating_from_an_answer(covered: tuple[bool, ...], delivery: dict[str, object], expected: Rating) -> None:
    assert rate(score(covered, **delivery)) is expected


@given(
    covered=st.tuples(st.booleans(), st.booleans(), st.booleans()),
    words=st.integers(0, 600),
    fillers=st.integers(0, 60),
    duration=st.one_of(st.none(), st.floats(1.0, 200.0)),
    spoken=st.booleans(),
)
def test_a_weak_answer_is_never_rated_hard(
    covered: tuple[bool, bool, bool], words: int, fillers: int, duration: float | None, spoken: bool
) -> None:
    result = score(covered, words=words, fillers=min(fillers, words), duration_s=duration, spoken=spoken)
    rating = rate(result)
    assert (rating is Rating.Again) == result.weak
    assert rating is not Rating.Hard or not result.weak


def test_delivery_problems_say_what_was_wrong() -> None:
    assert delivery_problems(score(CLEAN, fillers=9, words=290).delivery) == (
        "5.4 filler words a minute (at most 4)",
        "174 words a minute (aim for 130-160)",
    )
    assert delivery_problems(score(CLEAN, spoken=False, fillers=9).delivery) == ()


@pytest.mark.parametrize(
    ("delivery", "expected"),
    [
        ({"duration_s": 72.0, "words": 174}, True),
        ({"duration_s": 73.0, "words": 176}, False),
        ({"duration_s": None}, False),
        ({"spoken": False, "words": 174, "duration_s": 300.0}, True),  # typing time does not count
        ({"spoken": False, "words": 175}, False),
    ],
)
def test_concise_is_well_inside_the_limit(delivery: dict[str, object], expected: bool) -> None:
    assert concise(score(CLEAN, **delivery).delivery) is expected


# --- card sequences (frozen times) -------------------------------------------------------------------------------

#: each step: (time after T0, covered, delivery) -> (rating, state, due after that step's time), or no card
Step = tuple[tuple[timedelta, tuple[bool, ...], dict[str, object]], tuple[str, str, timedelta] | None]
SEQUENCES: dict[str, list[Step]] = {
    "weak, then good in the session, then good the next day": [
        ((timedelta(0), WEAK, {}), ("again", "learning", LEARNING_STEPS[0])),
        ((15 * MIN, CLEAN, {}), ("good", "learning", LEARNING_STEPS[1])),
        ((DAY + 15 * MIN, CLEAN, {}), ("good", "review", 2 * DAY)),
        ((4 * DAY, CLEAN, {}), ("good", "review", 6 * DAY)),
    ],
    "weak twice in one session stays on the first step": [
        ((timedelta(0), WEAK, {}), ("again", "learning", 10 * MIN)),
        ((12 * MIN, WEAK, {}), ("again", "learning", 10 * MIN)),
        ((25 * MIN, CLEAN, {}), ("good", "learning", DAY)),
    ],
    "a lapse after graduating relearns: 10 min, 1 day, then review again": [
        ((timedelta(0), WEAK, {}), ("again", "learning", 10 * MIN)),
        ((15 * MIN, CLEAN, {}), ("good", "learning", DAY)),
        ((DAY + 15 * MIN, CLEAN, {}), ("good", "review", 2 * DAY)),
        ((10 * DAY, WEAK, {}), ("again", "relearning", 10 * MIN)),
        ((10 * DAY + 15 * MIN, CLEAN, {}), ("good", "relearning", DAY)),
        ((11 * DAY + 15 * MIN, CLEAN, {}), ("good", "review", 2 * DAY)),
    ],
    "poor delivery on the first step returns in about 12 hours, not 5.5 minutes": [
        ((timedelta(0), WEAK, {}), ("again", "learning", 10 * MIN)),
        ((15 * MIN, CLEAN, {"fillers": 12}), ("hard", "learning", (LEARNING_STEPS[0] + LEARNING_STEPS[1]) / 2)),
        ((DAY, CLEAN, {"fillers": 12}), ("hard", "learning", 12 * HOUR + 5 * MIN)),
        ((2 * DAY, CLEAN, {}), ("good", "learning", DAY)),
    ],
    "clean and concise graduates at once": [
        ((timedelta(0), WEAK, {}), ("again", "learning", 10 * MIN)),
        ((15 * MIN, CLEAN, EASY), ("easy", "review", DAY)),
    ],
    # no card while every answer is good; the first weak one is a lapse of a card that had graduated
    "clean answers before the first weak one still count": [
        ((timedelta(0), CLEAN, {}), None),
        ((DAY, CLEAN, {}), None),
        ((8 * DAY, WEAK, {}), ("again", "relearning", 10 * MIN)),
    ],
}


@pytest.mark.parametrize("steps", SEQUENCES.values(), ids=SEQUENCES.keys())
def test_card_sequences(steps: list[Step]) -> None:
    done: list[Attempt] = []
    for (offset, covered, delivery), expected in steps:
        at = T0 + offset
        done.append(replace(attempt(at, covered, **delivery), id=len(done) + 1))
        card = build_card(done, tz=UTC)
        if expected is None:
            assert card is None
            continue
        assert card is not None
        assert (card.last_rating, card_state(card), card.due - at) == expected
        assert card.last_review == at and card.reviews == len(done)


def test_no_card_until_an_answer_is_weak() -> None:
    assert build_card([attempt(T0), attempt(T0 + DAY, **EASY)], tz=UTC) is None
    assert build_card([], tz=UTC) is None


def test_replay_is_exact_and_order_free() -> None:
    attempts = [attempt(T0, WEAK), attempt(T0 + 15 * MIN), attempt(T0 + DAY + HOUR, WEAK), attempt(T0 + 3 * DAY)]
    first = build_card(attempts, tz=UTC)
    assert first == build_card(list(reversed(attempts)), tz=UTC)  # no fuzz, no clock: the same every time


# --- lapses and leeches ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weak_at", "lapses", "leech"),
    [
        ([T0], 1, False),
        ([T0, T0 + 15 * MIN, T0 + 2 * HOUR], 1, False),  # retries on one day count once
        ([T0 + i * DAY for i in range(LEECH_LAPSES - 1)], 7, False),
        ([T0 + i * DAY for i in range(LEECH_LAPSES)], 8, True),
        ([T0 + i * DAY + j * 15 * MIN for i in range(LEECH_LAPSES) for j in range(3)], 8, True),
        ([T0 + i * DAY for i in range(12)], 12, True),
    ],
)
def test_leech_after_eight_days_of_weak_answers(weak_at: list[datetime], lapses: int, leech: bool) -> None:
    card = build_card([attempt(at, WEAK) for at in weak_at], tz=UTC)
    assert card is not None and (card.lapses, card.leech) == (lapses, leech)
    if leech:
        assert "Rewrite the story and its" in scheduling.leech_advice(card)
        assert f"trainer points set {card.question_id}" in scheduling.leech_advice(card)


def test_good_answers_in_between_do_not_cure_a_leech() -> None:
    attempts = []
    for day in range(LEECH_LAPSES):
        attempts += [attempt(T0 + day * DAY, WEAK), attempt(T0 + day * DAY + 20 * MIN)]
    card = build_card(attempts, tz=UTC)
    assert card is not None and card.leech and card.last_rating == "good"


# --- with the store: saving, re-rating after a flip, catching up -----------------------------------------------


@pytest.fixture
def store(trainer_home: Path) -> Iterator[Store]:
    opened = Store.open(paths.db_path())
    yield opened
    opened.close()


def save(store: Store, *attempts: Attempt) -> list[Attempt]:
    session_id = store.start_session("practice", ["Test bank"], attempts[0].started_at)
    saved = []
    for item in attempts:
        saved.append(replace(item, id=store.save_attempt(session_id, item), session_id=session_id))
        update_card(store, item.question.id, tz=UTC)
    return saved


def flip(item: Attempt, index: int) -> Attempt:
    points = list(item.score.points)
    verdict = points[index]
    points[index] = replace(verdict, covered=not verdict.covered, overridden=True)
    return replace(item, score=replace(item.score, points=tuple(points)))


def test_each_saved_attempt_updates_the_card(store: Store) -> None:
    save(store, attempt(T0, WEAK))
    [card] = store.cards()
    assert (card.due, card.lapses, card.last_rating) == (T0 + 10 * MIN, 1, "again")
    assert [v.covered for v in card.last_verdicts] == list(WEAK)
    save(store, attempt(T0 + 15 * MIN))
    [card] = store.cards()
    assert (card.due, card.reviews, card.last_rating) == (T0 + 15 * MIN + DAY, 2, "good")


@pytest.mark.parametrize(
    ("answers", "flip_at", "before", "after"),
    [
        # "I did make that point": the only weak answer becomes clean, so nothing is left to drill
        pytest.param([WEAK], (0, 1), ("again", T0 + 10 * MIN), None, id="the only weak answer flipped to made"),
        # the first answer was weak, then good: once flipped, both are good and no card is needed
        pytest.param([WEAK, CLEAN], (0, 1), ("good", T0 + 15 * MIN + DAY), None, id="an older weak answer flipped"),
        # a clean answer flipped to missed: now weak, so Again, due in 10 minutes
        pytest.param(
            [WEAK, CLEAN], (1, 0), ("good", T0 + 15 * MIN + DAY), ("again", T0 + 25 * MIN), id="flipped to missed"
        ),
    ],
)
def test_rerating_after_a_flip(
    store: Store,
    answers: list[tuple[bool, ...]],
    flip_at: tuple[int, int],
    before: tuple[str, datetime],
    after: tuple[str, datetime] | None,
) -> None:
    saved = save(store, *(attempt(T0 + i * 15 * MIN, covered) for i, covered in enumerate(answers)))
    [card] = store.cards()
    assert (card.last_rating, card.due) == before
    which, point = flip_at
    flipped = flip(saved[which], point)
    store.update_attempt(flipped)
    result = rerate_attempt(store, flipped, tz=UTC)
    if after is None:
        assert result is None and store.cards() == []
    else:
        [card] = store.cards()
        assert card == result and (card.last_rating, card.due) == after
        if which == len(answers) - 1:
            assert card.last_verdicts[point].overridden


def test_refresh_builds_cards_missing_for_attempts_saved_without_them(store: Store) -> None:
    session_id = store.start_session("practice", [], T0)
    store.save_attempt(session_id, attempt(T0, WEAK, qid="a"))
    store.save_attempt(session_id, attempt(T0, CLEAN, qid="b"))
    store.save_attempt(session_id, attempt(T0 + MIN, WEAK, qid="c"))
    assert store.stale_card_questions() == ["a", "c"]
    cards = refresh_cards(store, tz=UTC)
    assert [c.question_id for c in cards] == ["a", "c"]
    assert store.stale_card_questions() == []
    store.save_attempt(session_id, attempt(T0 + 20 * MIN, CLEAN, qid="a"))  # newer than its card
    assert store.stale_card_questions() == ["a"]
    assert refresh_cards(store, tz=UTC)[-1].question_id == "a"


def test_migration_from_schema_2_keeps_the_history_and_builds_cards(trainer_home: Path) -> None:
    path = paths.db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    old = sqlite3.connect(path)
    for script in MIGRATIONS[:2]:
        old.executescript(script)
    old.execute("INSERT INTO sessions (id, mode, started_at) VALUES (1, 'practice', '2026-11-20T09:00:00.000+00:00')")
    old.execute(
        "INSERT INTO attempts (session_id, question_id, question_text, kind, answer, points, verdicts, method, "
        "words, fillers, weak, started_at, ended_at) VALUES (1, 'pressure', 'Under pressure?', 'stock', 'um', "
        """'["a", "b"]', '[{"point": "a", "score": 90, "covered": true}, {"point": "b", "score": 5, """
        """"covered": false}]', 'lexical', 1, 1, 1, '2026-11-20T09:00:00.000+00:00', """
        "'2026-11-20T09:00:30.000+00:00')"
    )
    old.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    old.execute("PRAGMA user_version = 2")
    old.commit()
    old.close()

    store = Store.open(path)
    try:
        assert store.schema_version == SCHEMA_VERSION >= 3
        assert [a.question.id for a in store.attempts()] == ["pressure"]
        assert store.cards() == []
        [card] = refresh_cards(store, tz=UTC)
        assert card.question_id == "pressure" and card.question_text == "Under pressure?"
        assert card.due == datetime(2026, 11, 20, 9, 10, 30, tzinfo=UTC)
        assert [v.covered for v in card.last_verdicts] == [True, False]
    finally:
        store.close()


def test_card_round_trip(store: Store) -> None:
    card = build_card([attempt(T0, WEAK), attempt(T0 + 15 * MIN, CLEAN, **EASY)], tz=UTC)
    assert card is not None
    store.save_card(card)
    assert store.cards() == [card]
    store.delete_card(card.question_id)
    assert store.cards() == []


# --- what is due --------------------------------------------------------------------------------------------------


def card_due(qid: str, due: datetime) -> ReviewCard:
    built = build_card([attempt(T0, WEAK, qid=qid)], tz=UTC)
    assert built is not None
    return replace(built, due=due)


def test_due_most_overdue_first_and_counts() -> None:
    now = T0 + 10 * DAY
    cards = [
        card_due("later", now + 2 * DAY),
        card_due("recent", now - HOUR),
        card_due("oldest", now - 3 * DAY),
        card_due("next-month", now + 20 * DAY),
        card_due("exactly-now", now),
    ]
    assert [c.question_id for c in due_cards(cards, now)] == ["oldest", "recent", "exactly-now"]
    assert due_counts(cards, now) == (3, 1)
    upcoming = next_due(cards, now)
    assert upcoming is not None and upcoming.question_id == "later"
    assert next_due([cards[1]], now) is None


@pytest.mark.parametrize(
    ("delta", "words"),
    [
        (timedelta(0), "due now"),
        (-30 * timedelta(seconds=1), "due now"),
        (-3 * HOUR, "overdue 3 h"),
        (10 * MIN, "in 10 min"),
        (20 * timedelta(seconds=1), "in 1 min"),
        (DAY, "in 24 h"),
        (3 * DAY, "in 3 days"),
    ],
)
def test_due_in_words(delta: timedelta, words: str) -> None:
    assert due_in_words(T0 + delta, T0) == words


def test_nothing_due_says_when_the_next_one_is() -> None:
    assert nothing_due_message([], T0).startswith("Nothing to drill: no weak answers are waiting.")
    card = card_due("pressure", T0 + 3 * DAY)
    message = nothing_due_message([card], T0)
    assert message.startswith(f"Nothing is due now. Next: “{card.question_text}” in 3 days (")
