"""Key messages: which came across in a session's answers, which set applies, and how the store keeps them."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from trainer.core.key_messages import KeyMessageCheck, key_messages_across, key_messages_in_use
from trainer.core.migrations import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from trainer.core.models import Attempt, Question
from trainer.core.scoring import UNCALIBRATED, score_answer
from trainer.core.store import Store

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
MESSAGES = ("I ship under pressure without cutting corners", "I make the people around me better")


def attempt(question: str, answer: str) -> Attempt:
    q = Question(id=question.lower().replace(" ", "-").strip("?"), text=question, talking_points=("a", "b", "c"))
    return Attempt(
        question=q, answer=answer, score=score_answer(answer, q.talking_points), started_at=NOW, ended_at=NOW
    )


PRESSURE = attempt("Pressure?", "The date moved up, so I shipped under pressure without cutting corners.")
MENTOR = attempt("Mentoring?", "I make the people around me better: two of my juniors were promoted.")
VAGUE = attempt("Teamwork?", "Teams matter a lot to me.")
EMPTY = attempt("Skipped?", "   ")


@pytest.mark.parametrize(
    ("attempts", "expected"),
    [
        pytest.param(
            [PRESSURE, MENTOR],
            [
                (True, "shipped under pressure without cutting corners", "Pressure?"),
                (True, "make the people around me better", "Mentoring?"),
            ],
            id="each-in-a-different-answer",
        ),
        pytest.param(
            [VAGUE, PRESSURE],
            [(True, "shipped under pressure without cutting corners", "Pressure?"), (False, None, None)],
            id="one-missed",
        ),
        pytest.param([EMPTY], [(False, None, None), (False, None, None)], id="empty-answers-say-nothing"),
        pytest.param([], [(False, None, None), (False, None, None)], id="no-answers"),
    ],
)
def test_key_messages_across(attempts: list[Attempt], expected: list[tuple[bool, str | None, str | None]]) -> None:
    checks = key_messages_across(attempts, MESSAGES)
    assert [c.message for c in checks] == list(MESSAGES)
    assert [(c.came_across, c.evidence, c.question) for c in checks] == expected


def test_the_strongest_answer_is_the_evidence() -> None:
    partly = attempt("Partly?", "I ship things.")
    (check,) = key_messages_across([partly, PRESSURE], MESSAGES[:1])
    assert check == KeyMessageCheck(
        message=MESSAGES[0],
        came_across=True,
        evidence="shipped under pressure without cutting corners",
        question="Pressure?",
        score=100,
    )


def test_no_messages_no_checks() -> None:
    assert key_messages_across([PRESSURE], ()) == []


@pytest.mark.parametrize(
    ("saved", "configured", "expected"),
    [(("a",), ("b", "c"), ("a",)), ((), ("b", "c"), ("b", "c")), ((), (), ())],
)
def test_saved_messages_win_over_config(
    saved: tuple[str, ...], configured: tuple[str, ...], expected: tuple[str, ...]
) -> None:
    assert key_messages_in_use(saved, configured) == expected


# --- store -------------------------------------------------------------------------------------------------------


def test_store_keeps_up_to_three_messages_in_order(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "t.db")
    assert store.key_messages() == ()
    store.set_key_messages(["one", "two", "three"], NOW)
    assert store.key_messages() == ("one", "two", "three")
    store.set_key_messages(["only"], NOW)
    assert store.key_messages() == ("only",)
    with pytest.raises(ValueError, match="at most three"):
        store.set_key_messages(["1", "2", "3", "4"], NOW)
    assert store.key_messages() == ("only",)
    store.close()
    assert Store.open(tmp_path / "t.db").key_messages() == ("only",)


def test_a_version_1_database_gains_the_key_messages_table_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    raw = sqlite3.connect(path)
    raw.executescript(MIGRATIONS[0])
    raw.execute("INSERT INTO user_points VALUES ('q', '[\"a\", \"b\", \"c\"]', '2026-01-01T00:00:00+00:00')")
    raw.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    raw.execute("PRAGMA user_version = 1")
    raw.commit()
    raw.close()
    store = Store.open(path)
    assert store.schema_version == SCHEMA_VERSION >= 2
    assert store.user_points() == {"q": ("a", "b", "c")}
    store.set_key_messages(["kept"], NOW)
    assert store.key_messages() == ("kept",)


class VerdictJudge:
    """A fake entailment judge that entails exactly the messages it is told to, whatever the words say."""

    name = "fake"
    calibration = UNCALIBRATED

    def __init__(self, entailed: set[str]) -> None:
        self.entailed = entailed

    def judge(self, answer: str, points: tuple[str, ...] | list[str]) -> list[object]:
        from trainer.core.scoring import Judgement

        whole = ((0, len(answer)),)
        return [Judgement(spans=whole, entail=(0.99 if p in self.entailed else 0.01,)) for p in points]


@pytest.mark.parametrize(
    ("entailed", "came_across"),
    [
        (set(), [False, False]),  # words overlap, but the judge says the message was not made
        ({MESSAGES[0]}, [True, False]),
        (set(MESSAGES), [True, True]),
    ],
)
def test_the_judge_decides_when_there_is_one(entailed: set[str], came_across: list[bool]) -> None:
    checks = key_messages_across([PRESSURE, MENTOR], MESSAGES, judge=VerdictJudge(entailed))  # type: ignore[arg-type]
    assert [c.came_across for c in checks] == came_across
