"""`trainer queue`, `trainer drill`, `trainer review` and `trainer score --save`, through click's CliRunner."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from trainer import paths
from trainer.cli import main, review
from trainer.core.models import AnswerScore, Attempt, Delivery, PointVerdict, Question
from trainer.core.scheduling import LEECH_LAPSES, update_card
from trainer.core.store import Store, utc_now

WEAK_ANSWER = "Honestly I am impatient sometimes."
#: makes all three points of the built-in greatest-strength question (lexical scoring finds each)
GOOD_ANSWER = (
    "One specific strength of mine is calm debugging under pressure. For example, it made a difference when "
    "our payments outage hit: I found the cause in an hour. It matters for this role because you run "
    "production systems."
)


@pytest.fixture(autouse=True)
def lexical_only(trainer_home: Path) -> None:
    """These tests check the schedule, not the model: keep them fast with lexical scoring."""
    (trainer_home / "config.yaml").write_text("use_judge: false\n", encoding="utf-8")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def queue_json() -> dict[str, Any]:
    code, out, _ = run("queue", "--json")
    assert code == 0
    data: dict[str, Any] = json.loads(out)
    return data


def test_queue_when_nothing_was_ever_weak() -> None:
    assert run("queue") == (0, "No weak answers are waiting: nothing to drill.\n", "")
    assert queue_json() == {"due_now": 0, "due_this_week": 0, "cards": []}


def test_score_save_records_a_practice_session_and_queues_a_weak_answer() -> None:
    code, out, err = run("score", "--question", "greatest-weakness", "--text", WEAK_ANSWER, "--save")
    assert code == 0, err
    assert "— weak" in out
    assert err == "trainer: saved as session 1; greatest-weakness comes back in 10 min\n"

    store = Store.open(paths.db_path())
    try:
        session = store.session(1)
        assert session is not None and session.mode == "practice" and session.ended_at is not None
        [attempt] = session.attempts
        assert attempt.answer == WEAK_ANSWER and attempt.score.weak
        assert attempt.score.delivery.time_limit_s == 90  # the question's own limit, as in practice
    finally:
        store.close()

    data = queue_json()
    assert (data["due_now"], data["due_this_week"]) == (0, 1)
    [card] = data["cards"]
    assert card["question_id"] == "greatest-weakness"
    assert card["text"] == "What is your greatest weakness?"
    assert (card["lapses"], card["leech"], card["last_rating"], card["state"]) == (1, False, "again", "learning")
    assert card["due_in"] == "in 10 min" and not card["is_due"]
    assert [v["covered"] for v in card["last_verdicts"]] == [False, False, False]
    assert card["last_verdicts"][0]["point"] == "I name one real weakness, not a strength in disguise"

    code, out, _ = run("queue")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "0 due now, 1 this week"
    assert lines[1].startswith("in 10 min") and "greatest-weakness  ✗✗✗  lapses 1" in lines[1]


def test_score_save_json_keeps_stdout_one_object() -> None:
    code, out, err = run("score", "--question", "greatest-strength", "--text", GOOD_ANSWER, "--save", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["covered"] == [True, True, True] and not data["weak"]
    assert err == "trainer: saved as session 1; greatest-strength has no weak answer to drill\n"
    assert queue_json()["cards"] == []


def test_a_good_answer_saved_later_moves_the_card() -> None:
    run("score", "--question", "greatest-strength", "--text", WEAK_ANSWER, "--save")
    code, _, err = run("score", "--question", "greatest-strength", "--text", GOOD_ANSWER, "--save")
    # every point in 16 s of speaking time out of 120: easy; weak minutes ago, so tomorrow
    assert code == 0 and err.endswith("greatest-strength comes back in 24 h\n")
    [card] = queue_json()["cards"]
    assert (card["last_rating"], card["state"], card["reviews"], card["lapses"]) == ("easy", "review", 2, 1)


@pytest.mark.parametrize(
    "args",
    [
        ["--points", "a", "b", "c", "--text", "x", "--save"],
        ["--jsonl", "-", "--save"],
    ],
    ids=["points", "jsonl"],
)
def test_score_save_needs_a_question(args: list[str]) -> None:
    code, _, err = run("score", *args)
    assert code == 2 and "--save records one answer to a question" in err


def test_drill_with_nothing_due_says_so_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(review, "run_tui", lambda **kw: pytest.fail("no TUI when nothing is due"))
    code, out, _ = run("drill")
    assert code == 0
    assert out.startswith("Nothing to drill: no weak answers are waiting.") and out.count("\n") == 1
    run("score", "--question", "greatest-weakness", "--text", WEAK_ANSWER, "--save")
    code, out, _ = run("drill")
    assert code == 0
    assert out.startswith("Nothing is due now. Next: “What is your greatest weakness?” in 10 min (")
    assert out.count("\n") == 1


def seed(question_id: str, days_ago: list[int]) -> None:
    """Weak answers to a built-in question on the given days."""
    store = Store.open(paths.db_path())
    try:
        question = Question(id=question_id, text="What is your greatest weakness?", talking_points=("a", "b", "c"))
        points = tuple(PointVerdict(point=p, score=10, covered=False) for p in "abc")
        score = AnswerScore(points=points, delivery=Delivery(words=3, fillers=0))
        for days in days_ago:
            ended = utc_now() - timedelta(days=days)
            attempt = Attempt(question=question, answer="um", score=score, started_at=ended, ended_at=ended)
            store.save_attempt(store.start_session("practice", [], ended), replace(attempt))
        update_card(store, question_id)
    finally:
        store.close()


def test_drill_with_due_questions_opens_the_tui_in_drill_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, object]] = []
    monkeypatch.setattr(review, "run_tui", lambda **kw: calls.append(kw))
    seed("greatest-weakness", [2])
    code, out, _ = run("drill", "--typed")
    assert code == 0 and out == ""
    assert calls == [{"mode": "drill", "typed": True, "mute": False}]


def test_drill_of_questions_no_longer_in_any_bank(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(review, "run_tui", lambda **kw: pytest.fail("nothing it could ask"))
    seed("a-question-since-deleted", [2])
    code, out, _ = run("drill")
    assert code == 0 and out == "1 due question(s) are in no loaded bank; `trainer queue` lists them.\n"


def test_review_opens_the_tui_in_review_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, object]] = []
    monkeypatch.setattr(review, "run_tui", lambda **kw: calls.append(kw))
    assert run("review")[0] == 0
    assert calls == [{"mode": "review"}]


def test_queue_flags_a_leech_with_advice() -> None:
    seed("greatest-weakness", list(range(LEECH_LAPSES + 2, 2, -1)))
    data = queue_json()
    [card] = data["cards"]
    assert card["leech"] and card["lapses"] == LEECH_LAPSES
    assert "Rewrite the story and its three points" in card["advice"]
    code, out, _ = run("queue")
    assert code == 0
    assert "1 due now, 0 this week; 1 to rewrite" in out
    assert "⚑ answered weakly on 8 different days" in out


def test_queue_lines_up_the_marks_however_long_the_ids() -> None:
    seed("superpower", [2])
    seed("describe-yourself-three-words", [3])
    code, out, _ = run("queue")
    assert code == 0
    lines = out.splitlines()[1:]
    assert len(lines) == 2
    assert len({line.index("✗✗✗") for line in lines}) == 1, lines
