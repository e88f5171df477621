"""Point quality at the command line: invisible points are refused, vague ones saved or loaded with a warning."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from trainer import paths
from trainer.cli import main
from trainer.core.store import Store

ROOT = Path(__file__).resolve().parent.parent
VAGUE = "point 2 has only general words, so any answer could claim it; add a number, a name or an outcome"
BANK = """\
name: Mine
questions:
  - id: why-acme
    text: Why Acme?
    talking_points:
      - I read their payments blog
      - {second}
      - I want to own a product end to end
"""


@pytest.fixture(autouse=True)
def lexical_only(trainer_home: Path) -> None:
    """These tests check what is said about points, not the model."""
    (trainer_home / "config.yaml").write_text("use_judge: false\n", encoding="utf-8")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def saved_points() -> dict[str, tuple[str, ...]]:
    store = Store.open(paths.db_path())
    try:
        return store.user_points()
    finally:
        store.close()


@pytest.mark.parametrize(
    ("points", "message"),
    [
        (
            ["I rush reviews", "\u200b", "bugs down a third"],
            "point 2 shows nothing but hidden characters; type it again",
        ),
        (
            ["\ufeffI rush reviews", "a checklist now", "bugs down a third"],
            "point 1 has a hidden character (U+FEFF ZERO WIDTH NO-BREAK SPACE); type it again without it",
        ),
        (
            ["I rush reviews", "a checklist now", "bugs\u2060 down"],
            "point 3 has a hidden character (U+2060 WORD JOINER)",
        ),
    ],
    ids=["zwsp-only", "bom", "word-joiner"],
)
def test_points_set_refuses_an_invisible_point_in_one_line(points: list[str], message: str) -> None:
    code, out, err = run("points", "set", "greatest-weakness", *points)
    assert code == 1 and out == ""
    assert err.startswith("trainer: " + message) and err.count("\n") == 1
    assert saved_points() == {}


@pytest.mark.parametrize(
    ("points", "warnings"),
    [
        (["I rush code reviews", "teamwork", "bugs down a third"], [VAGUE]),
        (
            ["what I do about it", "hard work", "bugs down a third"],
            ["point 1 has only common words; say what you did: add a number, a name or an outcome", VAGUE],
        ),
        (["I rush code reviews", "a checklist now", "bugs down a third"], []),
    ],
    ids=["vague", "stopwords-and-vague", "checkable"],
)
def test_points_set_saves_a_vague_point_and_warns_on_stderr(points: list[str], warnings: list[str]) -> None:
    code, out, err = run("points", "set", "greatest-weakness", *points)
    assert code == 0 and out == "saved your points for greatest-weakness\n"
    assert err.splitlines() == [f"trainer: warning: {w}" for w in warnings]
    assert saved_points() == {"greatest-weakness": tuple(points)}


def test_points_set_in_a_real_process_refuses_a_zero_width_point() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "trainer", "points", "set", "greatest-weakness", "I rush reviews", "\u200b\u200b", "x"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env={**os.environ, "TRAINER_HOME": str(paths.home())},
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr == "trainer: point 2 shows nothing but hidden characters; type it again\n"


def test_validate_fails_on_an_invisible_point_naming_file_line_and_field(tmp_path: Path) -> None:
    bank = tmp_path / "mine.yaml"
    bank.write_text(BANK.format(second="\u200b"), encoding="utf-8")
    code, out, err = run("banks", "validate", str(bank))
    assert code == 1 and out == ""
    assert err == (
        f"{bank}:7: questions[1].talking_points[2]: the point shows nothing but hidden characters; type it again\n"
    )


def test_validate_warns_about_a_vague_point_without_failing(tmp_path: Path) -> None:
    bank = tmp_path / "mine.yaml"
    bank.write_text(BANK.format(second="good communication"), encoding="utf-8")
    code, out, err = run("banks", "validate", str(bank))
    assert code == 0 and out == "ok: 1 bank, 1 question\n"
    assert err == (
        f"warning: {bank}:7: questions[1].talking_points[2]: the point has only general words, so any answer "
        "could claim it; add a number, a name or an outcome\n"
    )


def test_import_of_a_yaml_bank_with_an_invisible_point_is_refused(tmp_path: Path) -> None:
    bank = tmp_path / "mine.yaml"
    bank.write_text(BANK.format(second="led the \ufeffmigration"), encoding="utf-8")
    code, _, err = run("banks", "import", str(bank))
    assert code == 1 and err.count("\n") == 1
    assert f"{bank}:7: questions[1].talking_points[2]: the point has a hidden character (U+FEFF" in err
    assert not any(paths.banks_dir().glob("*.yaml"))


def test_csv_import_skips_an_invisible_point_and_warns_about_a_vague_one(tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "question,point1,point2,point3\n"
        "Why Acme?,I read their payments blog,\u200b,I want to own a product\n"
        "Why now?,I finished the Kafka move,hard work,I can start in May\n",
        encoding="utf-8",
    )
    code, out, err = run("banks", "import", str(sheet))
    assert code == 0
    assert "line 2: point 2 shows nothing but hidden characters; type it again: 'Why Acme?'" in out
    assert err == f"trainer: warning: {sheet}:3: {VAGUE}\n"
    code, out, _ = run("banks", "list", "--json")
    questions = {q["text"]: q for b in json.loads(out)["banks"] for q in b["questions"]}
    assert "Why Acme?" not in questions
    assert questions["Why now?"]["talking_points"] == ["I finished the Kafka move", "hard work", "I can start in May"]


@pytest.mark.parametrize("save", [False, True], ids=["score", "score-save"])
def test_score_against_a_question_without_points_asks_for_them(save: bool) -> None:
    (paths.banks_dir() / "open.yaml").write_text(
        "name: Open\nquestions:\n  - id: open\n    text: Why should we hire you?\n", encoding="utf-8"
    )
    args = ["score", "--question", "open", "--text", "I ship fast.", *(["--save"] if save else [])]
    code, out, err = run(*args)
    assert code == 1 and out == ""
    assert err == "trainer: question 'open' has no talking points yet (set them: trainer points set open ...)\n"
    store = Store.open(paths.db_path())
    try:
        assert store.attempts() == []  # nothing scored, so nothing saved
    finally:
        store.close()


def test_score_refuses_an_invisible_point_given_on_the_command_line() -> None:
    code, out, err = run("score", "--text", "I rush reviews", "--points", "I rush reviews", "\ufeff")
    assert code == 1 and out == ""
    assert err == "trainer: point 2 shows nothing but hidden characters; type it again\n"
