"""`trainer practice` arguments: a wrong bank or question fails at once; audio files paired with questions."""

from __future__ import annotations

import io
import subprocess
import sys
import time
import wave
from pathlib import Path

import pytest
from click.testing import CliRunner

from trainer.cli import main
from trainer.cli.practice import PracticeArgsError, split_audio_in
from trainer.ui.app import TrainerApp

ROOT = Path(__file__).resolve().parent.parent


def _silence() -> bytes:
    """A real 0.2 s WAV: practice checks each file's header before anything starts."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(b"\0\0" * 3200)
    return buffer.getvalue()


SILENCE = _silence()


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[TrainerApp]:
    """The apps `trainer practice` would have run (the TUI itself is not opened)."""
    apps: list[TrainerApp] = []
    monkeypatch.setattr(TrainerApp, "run", lambda self, *a, **k: apps.append(self))
    return apps


def test_a_misspelt_bank_exits_1_at_once_naming_the_banks(trainer_home: Path) -> None:
    began = time.monotonic()
    # stdout piped, as in `trainer practice --bank stok | less`: it once opened the TUI and spun for minutes
    done = subprocess.run(
        [sys.executable, "-m", "trainer", "practice", "--bank", "stok"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 1
    assert done.stderr == ("trainer: stok: no bank of that name or file (banks: 'Brainteasers', 'Stock questions')\n")
    assert done.stdout == "" and time.monotonic() - began < 30


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--question", "no-such-question"], "no question with id 'no-such-question'"),
        (["--audio-in", "greatest-weakness=missing.wav"], "missing.wav: no such audio file"),
        (["--audio-in", "missing.wav"], "missing.wav: no such audio file"),
    ],
    ids=["question", "paired-file", "file"],
)
def test_a_wrong_question_or_file_is_one_line_and_exit_1(
    args: list[str], message: str, started: list[TrainerApp]
) -> None:
    result = CliRunner().invoke(main, ["practice", *args])
    assert result.exit_code == 1 and message in result.stderr and len(result.stderr.splitlines()) == 1
    assert not started


def test_audio_in_id_equals_file_answers_that_question(tmp_path: Path, started: list[TrainerApp]) -> None:
    first, second = tmp_path / "a.wav", tmp_path / "b.wav"
    first.write_bytes(SILENCE)
    second.write_bytes(SILENCE)
    args = ["practice", "--audio-in", f"greatest-weakness={first}", "--audio-in", f"tell-me-about-yourself={second}"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.stderr
    options = started[0].practice_options
    assert options is not None
    assert options.question_ids == ("greatest-weakness", "tell-me-about-yourself")
    assert options.audio_in == (first, second) and options.count == 2


def test_question_option_pairs_files_in_order(tmp_path: Path, started: list[TrainerApp]) -> None:
    answer = tmp_path / "answer.wav"
    answer.write_bytes(SILENCE)
    result = CliRunner().invoke(main, ["practice", "--audio-in", str(answer), "--question", "greatest-weakness"])
    assert result.exit_code == 0, result.stderr
    options = started[0].practice_options
    assert options is not None and options.question_ids == ("greatest-weakness",) and options.audio_in == (answer,)


def test_more_files_than_questions_is_refused(tmp_path: Path, started: list[TrainerApp]) -> None:
    answer = tmp_path / "answer.wav"
    answer.write_bytes(SILENCE)
    args = ["practice", "--audio-in", str(answer), "--audio-in", str(answer), "--question", "greatest-weakness"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1 and "2 --audio-in file(s) for 1 --question(s)" in result.stderr
    assert not started


@pytest.mark.parametrize(
    ("names", "ids", "files"),
    [
        (["a.wav"], (), ("a.wav",)),
        (["q-1=a.wav"], ("q-1",), ("a.wav",)),
        (["q-1=a.wav", "q-2=b=c.wav"], ("q-1", "q-2"), ("a.wav", "b=c.wav")),
        (["x=y.wav"], (), ("x=y.wav",)),  # an existing file whose name has "=" stays a file
    ],
    ids=["plain", "paired", "equals-in-file", "file-named-with-equals"],
)
def test_split_audio_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, names: list[str], ids: tuple[str, ...], files: tuple[str, ...]
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in files:
        Path(name).write_bytes(SILENCE)
    assert split_audio_in(names) == (ids, tuple(Path(f) for f in files))


def test_split_audio_in_refuses_a_mix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.wav").write_bytes(SILENCE)
    with pytest.raises(PracticeArgsError, match="every file as ID=FILE, or none"):
        split_audio_in(["q-1=a.wav", "a.wav"])


def test_banks_list_and_validate_count_in_the_singular() -> None:
    from trainer import paths

    bank = paths.banks_dir() / "one.yaml"
    bank.write_text("name: One\nquestions:\n  - id: only-one\n    text: Why?\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["banks", "validate", str(bank)]).stdout == "ok: 1 bank, 1 question\n"
    assert "One (1 question, stock, " in CliRunner().invoke(main, ["banks", "list"]).stdout


def test_the_app_with_its_output_piped_exits_1_at_once() -> None:
    began = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "trainer", "practice", "--bank", "stock", "--typed"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == "trainer: the app needs a terminal, and the output is not one (for scripts: trainer score)\n"
    assert time.monotonic() - began < 30
