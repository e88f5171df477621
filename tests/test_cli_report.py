"""`trainer report`: a known session read back from a real SQLite file as Markdown, --last, -o, and one-line errors."""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from trainer import paths
from trainer.cli import main
from trainer.core.models import AnswerScore, Attempt, Delivery, PointVerdict, Question
from trainer.core.reflection import Reflection
from trainer.core.store import Store

#: well before any `trainer score --save` a test makes, which is stamped with the real time
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
QUESTION = Question(
    id="pressure",
    text="Tell me about a time you worked under pressure.",
    talking_points=(
        "launch date moved up two weeks",
        "daily priority list with the team",
        "shipped on time with zero critical bugs",
    ),
    bank="Test bank",
)
TRANSCRIPT = (
    "um so the launch date moved up two weeks and uh we made a daily priority list with the team, I ship under pressure"
)
NOTE = "Dear Sam,\n\nThank you for today. I shipped on time with zero critical bugs.\n\nBest, Alex"


@pytest.fixture(autouse=True)
def lexical_only_in_utc(trainer_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Lexical scoring (fast, no model) and local time in UTC, so the report's times are the same everywhere."""
    (trainer_home / "config.yaml").write_text(
        "use_judge: false\nkey_messages:\n  - I ship under pressure\n", encoding="utf-8"
    )
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def spoken_attempt(started: datetime) -> Attempt:
    verdicts = (
        PointVerdict(QUESTION.talking_points[0], 91, True, "launch date moved up two weeks", (10, 40), "made"),
        PointVerdict(QUESTION.talking_points[1], 84, True, "a daily priority list with the team", (58, 93), "made"),
        PointVerdict(QUESTION.talking_points[2], 12, False, None, None, "not mentioned"),
    )
    delivery = Delivery(words=19, fillers=2, duration_s=9.5, time_limit_s=60, spoken=True, filler_words=("um", "uh"))
    return Attempt(
        question=QUESTION,
        answer=TRANSCRIPT,
        transcript=TRANSCRIPT,
        score=AnswerScore(points=verdicts, delivery=delivery, method="nli-deberta-v3-xsmall"),
        started_at=started,
        ended_at=started + timedelta(seconds=9.5),
    )


def known_session(*, note: bool = True) -> int:
    """A practice session with one spoken answer, a saved note and a reflection, in the user's real database file."""
    store = Store.open(paths.db_path())
    try:
        session_id = store.start_session("practice", ["Test bank"], T0)
        store.save_attempt(session_id, spoken_attempt(T0 + timedelta(seconds=5)))
        store.end_session(session_id, T0 + timedelta(minutes=2))
        if note:
            store.save_follow_up(session_id, NOTE, T0)
        store.save_reflection(session_id, Reflection("stayed calm", None, "end with the result"), T0)
    finally:
        store.close()
    return session_id


def test_report_of_a_known_session() -> None:
    session_id = known_session()
    code, out, err = run("report", "--session", str(session_id))
    assert (code, err) == (0, "")
    sections = [line for line in out.splitlines() if line.startswith("#")]
    assert sections == [
        "# Practice session 1: Sat 01 Mar 2025, 09:00",
        "## What went well",
        "## What to improve",
        "## Key messages: 1 of 1 came across",
        "## 1. Tell me about a time you worked under pressure.",
        "## Follow-up note",
        "## Reflection",
    ]
    for expected in [
        "1 answer · 2 of 3 points made · 0 strong, 1 to practise again · 0:10 answering",
        "- shipped on time with zero critical bugs (Tell me about a time you worked under pressure.)",
        "`pressure` · 2 of 3 points · weak · scored by nli-deberta-v3-xsmall",
        "Transcript (as heard):",
        f"> {TRANSCRIPT}",
        "- ✓ **launch date moved up two weeks** (score 91): “launch date moved up two weeks”",
        "- ✓ **daily priority list with the team** (score 84): “a daily priority list with the team”",
        "- ✗ **shipped on time with zero critical bugs** (score 12, not mentioned)",
        'Delivery: 19 words · 2 fillers (12.6 a minute): "uh" ×1, "um" ×1 · 120 words a minute (aim for 130-160) · '
        "time 0:10 of 1:00",
        "As saved:",
        "```text\n" + NOTE + "\n```",
        "**What went well?** stayed calm  \n**What went wrong?** (skipped)  \n"
        "**What will I do next time?** end with the result",
    ]:
        assert expected in out
    assert "Corrected by you" not in out  # the transcript was not changed


def test_an_unsaved_note_is_drafted_from_the_session() -> None:
    known_session(note=False)
    code, out, _ = run("report", "--last")
    assert code == 0
    assert "Drafted from the session (not edited yet):" in out
    assert (
        "I've been thinking about your question on the time I worked under pressure and wanted to add "
        "that I shipped on time with zero critical bugs." in out
    )


def test_last_is_a_one_answer_session_saved_by_score() -> None:
    known_session()
    code, _, err = run("score", "--question", "greatest-weakness", "--text", "Honestly I am impatient.", "--save")
    assert code == 0 and err.startswith("trainer: saved as session 2;")
    # a session started later without any answer is not "the last session"
    store = Store.open(paths.db_path())
    try:
        store.start_session("practice", [], datetime.now(UTC) + timedelta(minutes=1))
    finally:
        store.close()
    code, out, err = run("report", "--last")
    assert (code, err) == (0, "")
    assert out.startswith("# Practice session 2: ")
    assert "## 1. What is your greatest weakness?" in out
    assert "Answer (typed):\n\n> Honestly I am impatient." in out
    assert "answering" not in out.splitlines()[3]  # typed on the command line: no length to add up


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--last"], 1, "trainer: no session with answers yet (practise first: trainer practice)\n"),
        (
            ["--session", "42"],
            1,
            "trainer: --session: no session with id 42 (trainer report --last shows the latest)\n",
        ),
        (
            ["--session", "-1"],
            1,
            "trainer: --session: no session with id -1 (trainer report --last shows the latest)\n",
        ),
    ],
)
def test_one_line_errors(args: list[str], code: int, message: str) -> None:
    assert run("report", *args) == (code, "", message)


@pytest.mark.parametrize("args", [[], ["--last", "--session", "1"], ["--session", "one"]])
def test_usage_errors(args: list[str]) -> None:
    code, out, err = run("report", *args)
    assert code == 2 and out == ""
    assert "Usage: main report [OPTIONS]" in err  # CliRunner names the program after the function


def test_output_file_is_written_whole_and_private(tmp_path: Path) -> None:
    known_session()
    _, printed, _ = run("report", "--last")
    target = tmp_path / "reports" / "session.md"
    target.parent.mkdir()
    code, out, err = run("report", "--last", "-o", str(target))
    assert (code, out, err) == (0, "", f"trainer: report written to {target}\n")
    assert target.read_text(encoding="utf-8") == printed
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # it holds the user's answers
    assert sorted(p.name for p in target.parent.iterdir()) == ["session.md"]  # no temporary file left


def test_overwriting_keeps_the_file_mode(tmp_path: Path) -> None:
    known_session()
    target = tmp_path / "session.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o644)
    assert run("report", "--session", "1", "--output", str(target))[0] == 0
    assert target.read_text(encoding="utf-8").startswith("# Practice session 1")
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    known_session()
    target = tmp_path / "session.md"
    target.write_text("the old report", encoding="utf-8")

    def full_disk(source: str, destination: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    code, out, err = run("report", "--last", "-o", str(target))
    assert (code, out, err) == (1, "", f"trainer: {target}: cannot write (No space left on device)\n")
    assert target.read_text(encoding="utf-8") == "the old report"
    assert list(tmp_path.glob(".session.md.*")) == []  # the temporary file was removed


def test_output_into_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    known_session()
    target = tmp_path / "nowhere" / "session.md"
    code, out, err = run("report", "--last", "-o", str(target))
    assert (code, out) == (1, "")
    assert err == f"trainer: {target}: cannot write in {target.parent} (No such file or directory)\n"


def test_the_report_judges_the_key_messages_the_session_was_held_with() -> None:
    store = Store.open(paths.db_path())
    try:
        session_id = store.start_session("practice", ["Test bank"], T0, key_messages=["shipped on time"])
        store.save_attempt(session_id, spoken_attempt(T0 + timedelta(seconds=5)))
        store.end_session(session_id, T0 + timedelta(minutes=2))
        store.set_key_messages(["I speak three languages"], T0 + timedelta(days=1))  # changed afterwards
    finally:
        store.close()
    code, out, _ = run("report", "--session", str(session_id))
    assert code == 0
    assert "shipped on time" in out.split("## Key messages", 1)[1]
    assert "I speak three languages" not in out
