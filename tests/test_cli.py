"""The command line, through click's CliRunner: contracts, exit codes, and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from trainer.cli import main

ROOT = Path(__file__).resolve().parent.parent
DEV_SET = ROOT.parent / "shared" / "data" / "talking_points_dev.jsonl"
POINTS = ["launch date moved up two weeks", "daily priority list with the team", "shipped on time, zero critical bugs"]


@pytest.fixture(autouse=True)
def lexical_only(trainer_home: Path) -> None:
    """CLI tests check contracts, not the model: keep them fast with lexical scoring."""
    (trainer_home / "config.yaml").write_text("use_judge: false\n", encoding="utf-8")


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def test_banks_list_json_has_the_built_in_banks_with_three_points_each() -> None:
    code, out, _ = run("banks", "list", "--json")
    assert code == 0
    banks = json.loads(out)["banks"]
    questions = [q for b in banks for q in b["questions"]]
    assert sum(q["kind"] == "stock" for q in questions) >= 40
    assert sum(q["kind"] == "brainteaser" for q in questions) >= 25
    assert all(len(q["talking_points"]) == 3 for q in questions)
    assert {"id", "text", "kind", "talking_points"} <= set(questions[0])


def test_banks_list_text() -> None:
    code, out, _ = run("banks", "list")
    assert code == 0 and "greatest-weakness" in out and "Stock questions" in out


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("name: x\nquestions:\n  - id: a\n    text: [oops\n", ":5: not valid YAML"),
        ("name: x\nquestions:\n  - id: Bad Id\n    text: Hi?\n", ":3: questions[1].id:"),
        ("questions:\n  - id: a\n    text: Hi?\n", "name: missing"),
        ("name: x\nquestions:\n  - id: a\n    text: Hi?\n    talking_points: [one, two]\n", "exactly three"),
    ],
)
def test_banks_validate_reports_file_line_and_field(tmp_path: Path, content: str, expected: str) -> None:
    bank = tmp_path / "bank.yaml"
    bank.write_text(content, encoding="utf-8")
    code, out, err = run("banks", "validate", str(bank))
    assert code == 1
    lines = err.strip().splitlines()
    assert lines and all(line.startswith(str(bank)) for line in lines)
    assert expected in err
    assert "Traceback" not in err + out


def test_banks_validate_ok_and_missing_file(tmp_path: Path) -> None:
    code, out, _ = run("banks", "validate", str(ROOT / "question_banks" / "stock.yaml"))
    assert code == 0 and out.startswith("ok: 1 bank, ")
    code, _, err = run("banks", "validate", str(tmp_path / "nope.yaml"))
    assert code == 1 and "no such file" in err


def test_score_text_with_points_json() -> None:
    answer = "our launch date moved up two weeks so um we shipped on time with zero critical bugs"
    code, out, _ = run("score", "--text", answer, "--points", *POINTS, "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) >= {"covered", "scores", "evidence", "fillers", "words"}
    assert data["covered"][0] is True and data["covered"][1] is False
    assert data["evidence"][0] in answer
    assert data["fillers"] == 1 and data["words"] == len(answer.split())


def test_score_text_against_a_question_and_user_points() -> None:
    code, out, _ = run("score", "--text", "I rush my code reviews.", "--question", "greatest-weakness")
    assert code == 0 and ("✓" in out or "✗" in out)
    code, _, _ = run("points", "set", "greatest-weakness", "I rush code reviews", "a checklist now", "fewer bugs")
    assert code == 0
    code, out, _ = run("score", "--text", "I rush code reviews.", "--question", "greatest-weakness", "--json")
    assert json.loads(out)["covered"][0] is True
    code, out, _ = run("banks", "list", "--json")
    question = next(q for b in json.loads(out)["banks"] for q in b["questions"] if q["id"] == "greatest-weakness")
    assert question["talking_points"] == ["I rush code reviews", "a checklist now", "fewer bugs"]


def test_score_text_file(tmp_path: Path) -> None:
    answer = tmp_path / "answer.txt"
    answer.write_text("we shipped on time, zero critical bugs", encoding="utf-8")
    code, out, _ = run("score", "--text-file", str(answer), "--points", *POINTS, "--json")
    assert code == 0 and json.loads(out)["covered"][2] is True


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["score", "--text", "hi", "--question", "no-such-question"], 1, "no question with id 'no-such-question'"),
        (["score", "--text-file", "/nonexistent/answer.txt", "--points", "a"], 1, "no such file"),
        (["score", "--points", "a"], 2, "exactly one of --text, --text-file or --audio"),
        (["score", "--text", "hi"], 2, "exactly one of --question"),
        (["score", "--text", "hi", "--points", *["p"] * 11], 1, "at most 10"),
        (["points", "set", "no-such-question", "a", "b", "c"], 1, "no question with id"),
        (["points", "set", "greatest-weakness", "a", " ", "c"], 1, "point 2 is empty"),
        (["points", "set", "greatest-weakness", "a", "b", "x" * 121], 1, "at most 120"),
        (["score", "--jsonl", "/nonexistent.jsonl"], 1, "cannot read"),
    ],
)
def test_bad_input_is_one_clear_line(args: list[str], code: int, message: str) -> None:
    exit_code, out, err = run(*args)
    assert exit_code == code
    assert message in err
    assert "Traceback" not in out + err
    if code == 1:
        assert len(err.strip().splitlines()) == 1


def test_score_jsonl_batch_contract_keeps_going_past_bad_lines() -> None:
    lines = [
        json.dumps({"answer": "we shipped on time with zero critical bugs", "points": POINTS, "id": 1}),
        "not json",
        json.dumps({"answer": "x", "points": [], "kind": 5}),
        json.dumps({"answer": 5, "points": ["a"]}),
        json.dumps({"answer": "uh daily priority list with the team", "points": POINTS}),
    ]
    code, out, _ = run("score", "--jsonl", "-", input="\n".join(lines) + "\n")
    assert code == 0
    results = [json.loads(line) for line in out.strip().splitlines()]
    assert len(results) == 5
    assert results[0]["covered"] == [False, False, True]
    assert all("error" in r for r in results[1:4])
    assert results[4]["covered"][1] is True and results[4]["fillers"] == 1


@pytest.mark.skipif(not DEV_SET.exists(), reason="shared dev set not beside the checkout")
def test_score_jsonl_dev_set_prints_one_result_per_line() -> None:
    code, out, _ = run("score", "--jsonl", str(DEV_SET))
    assert code == 0
    results = [json.loads(line) for line in out.strip().splitlines()]
    assert len(results) == sum(1 for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line.strip())
    assert all(len(r["covered"]) == 3 and all(0 <= s <= 100 for s in r["scores"]) for r in results)


def test_help_and_module_entry_point() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "trainer", "--help"], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert done.returncode == 0
    for command in ("practice", "banks", "score", "points"):
        assert command in done.stdout


def test_help_does_not_import_the_ui_or_the_scorer() -> None:
    code = (
        "import sys; from click.testing import CliRunner; from trainer.cli import main; "
        "CliRunner().invoke(main, ['--help']); "
        "print(','.join(m for m in ('textual', 'onnxruntime', 'faster_whisper', 'trainer.core.scoring') "
        "if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == ""


def test_models_fetch_needs_the_network_to_be_allowed() -> None:
    code, _, err = run("models", "fetch")
    assert code == 1 and "needs the network" in err and len(err.strip().splitlines()) == 1


def test_models_fetch_offline_fails_at_once_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def offline(*args: object, **kwargs: object) -> object:
        raise socket.gaierror(-2, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", offline)
    code, _, err = run("models", "fetch", "--allow-network")
    assert code == 1
    assert (
        err.strip()
        == "trainer: cannot reach huggingface.co (Name or service not known); you are offline or the network is blocked"
    )
