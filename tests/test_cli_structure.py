"""`trainer score` reports structure: STAR parts, a measurable result and hedges, one answer or a batch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from trainer.cli import main

STORY = (
    "So I was a nurse on a busy ward. My job was to fix handovers. I think I rewrote the sheet, "
    "and complaints dropped by half within a month."
)


@pytest.fixture(autouse=True)
def lexical_only(trainer_home: Path) -> None:
    """Contracts, not the model: lexical scoring keeps these fast."""
    (trainer_home / "config.yaml").write_text("use_judge: false\n", encoding="utf-8")


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def test_score_json_carries_star_measurable_and_hedges() -> None:
    code, out, _ = run("score", "--text", STORY, "--points", "rewrote the handover sheet", "--json")
    assert code == 0
    data = json.loads(out)
    assert {part: v["present"] for part, v in data["star"].items()} == dict.fromkeys(
        ("situation", "task", "action", "result"), True
    )
    assert data["star"]["action"]["evidence"] == "I think I rewrote the sheet"
    assert data["result_measurable"] is True
    assert data["hedges"] == 1 and data["hedge_words"] == ["i think"]


def test_score_text_shows_the_four_marks_and_hedges() -> None:
    code, out, _ = run("score", "--text", "We fixed it. It went fine.", "--points", "fixed it")
    assert code == 0
    assert "✓ result" in out and '✗ action: only "we"' in out and "✗ situation" in out
    assert "hedges 0" in out


def test_a_brainteaser_question_is_scored_for_its_estimate() -> None:
    answer = "Let's assume ten of them, times four, so about forty. That seems reasonable."
    code, out, _ = run("score", "--text", answer, "--question", "any-animal", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["kind"] == "brainteaser"
    assert data["brainteaser"]["assumptions"]["present"] is True
    assert data["brainteaser"]["sanity_check"]["present"] is True


def test_score_jsonl_question_kind_and_structure_only_lines() -> None:
    lines = [
        json.dumps({"question": "Tell me about a time...", "answer": STORY, "points": []}),
        json.dumps({"answer": "so about a thousand", "points": [], "kind": "brainteaser"}),
        json.dumps({"answer": STORY, "points": ["rewrote the sheet"], "kind": "stock"}),
        json.dumps({"answer": STORY, "points": [], "kind": "degenerate"}),
        json.dumps({"answer": STORY, "points": [], "kind": None}),
    ]
    code, out, _ = run("score", "--jsonl", "-", input="\n".join(lines) + "\n")
    assert code == 0
    results = [json.loads(line) for line in out.strip().splitlines()]
    assert results[0]["covered"] == [] and results[0]["star"]["result"]["present"] is True
    assert results[1]["kind"] == "brainteaser" and results[1]["brainteaser"]["final_number"]["present"] is True
    for result in results[:3]:
        assert {"star", "result_measurable", "hedges"} <= set(result)
    assert results[2]["covered"] == [True]
    # a data set's own "kind" labels are not question kinds: scored as a stock answer
    assert results[3]["kind"] == "stock" and results[3]["star"] == results[0]["star"]
    assert results[4] == {"error": "kind: expected a string (stock or brainteaser)"}
