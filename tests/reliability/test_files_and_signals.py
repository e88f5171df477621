"""Devices, FIFOs, symbolic links, read-only and full disks, bad bytes in a batch, signals: one clear line or the
right behaviour, never a hang, a traceback or a lost answer."""

from __future__ import annotations

import contextlib
import json
import os
import pty
import select
import signal
import sqlite3
import stat
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from reliability_support import PYTHON, REPO, assert_one_line_error, env_for, invoke, run_trainer

from trainer import paths
from trainer.core.files import FileProblem, read_bytes, write_atomically

POINTS = ["led the migration", "cut costs by 30%", "shipped on time"]


@pytest.fixture(autouse=True)
def lexical_home(lexical: Path) -> Path:
    return lexical


def saved_session(home: Path) -> None:
    result = invoke("score", "--text", "I led the migration", "--question", "greatest-weakness", "--save")
    assert result.exit_code == 0, result.stderr


# --- the writer ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["fifo", "folder", "symlink"])
@pytest.mark.parametrize(
    "command", [["report", "--last", "-o"], ["data", "export", "--force", "-o"]], ids=["report", "export"]
)
def test_no_output_replaces_anything_but_a_regular_file(
    tmp_path: Path, lexical_home: Path, kind: str, command: list[str]
) -> None:
    saved_session(lexical_home)
    target = tmp_path / "out"
    outside = tmp_path / "elsewhere" / "precious.txt"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "folder":
        target.mkdir()
    else:
        outside.parent.mkdir()
        outside.write_text("precious", encoding="utf-8")
        target.symlink_to(outside)
    before = os.lstat(target)
    result = invoke(*command, str(target))
    if kind == "folder":  # refused by the option itself: a usage error
        assert result.exit_code == 2 and "is a directory" in result.stderr
    else:
        assert_one_line_error(result.exit_code, result.stderr, "nothing was written" if kind == "symlink" else "FIFO")
    after = os.lstat(target)
    assert stat.S_IFMT(after.st_mode) == stat.S_IFMT(before.st_mode) and after.st_ino == before.st_ino
    if kind == "symlink":
        assert outside.read_text(encoding="utf-8") == "precious"  # never followed out of the folder
    assert not list(tmp_path.glob(".out.*"))  # no temporary file left


def test_a_character_device_is_never_replaced(tmp_path: Path) -> None:
    # /dev/null itself, through the writer (as root the rename would have replaced the system's /dev/null)
    with pytest.raises(FileProblem, match="not a regular file \\(a character device\\)"):
        write_atomically("/dev/null", "the report")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.parametrize("name", ["-", "/dev/stdout"])
def test_dash_and_dev_stdout_write_to_standard_output(lexical_home: Path, name: str) -> None:
    saved_session(lexical_home)
    printed = invoke("report", "--last").stdout
    result = invoke("report", "--last", "-o", name)
    assert result.exit_code == 0 and result.stdout == printed and result.stderr == ""
    exported = invoke("data", "export", "-o", name)
    assert exported.exit_code == 0 and json.loads(exported.stdout)["format"] == "trainer-export"


def test_a_replaced_file_keeps_its_mode_and_a_new_one_is_private(tmp_path: Path) -> None:
    shared = tmp_path / "shared.md"
    shared.write_text("old", encoding="utf-8")
    shared.chmod(0o664)
    write_atomically(shared, "new")
    assert stat.S_IMODE(shared.stat().st_mode) == 0o664 and shared.read_text(encoding="utf-8") == "new"
    fresh = tmp_path / "fresh.md"
    write_atomically(fresh, "new")
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600


# --- the reader ------------------------------------------------------------------------------------------------


def test_only_regular_files_are_read_and_never_past_the_cap(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(FileProblem, match="a FIFO"):
        read_bytes(fifo, 1000)  # no writer: a plain open would wait for ever
    with pytest.raises(FileProblem, match="a character device"):
        read_bytes("/dev/zero", 1000)  # st_size is 0, the content endless
    assert time.monotonic() - started < 2


def _fifo_cases(home: Path, tmp_path: Path) -> Iterator[tuple[str, list[str]]]:
    fifo = tmp_path / "answer.txt"
    os.mkfifo(fifo)
    yield "answer file", ["score", "--text-file", str(fifo), "--points", *POINTS]
    yield "/dev/zero answer", ["score", "--text-file", "/dev/zero", "--points", *POINTS]
    listed = tmp_path / "list.md"
    os.mkfifo(listed)
    yield "import", ["banks", "import", str(listed)]


def test_a_fifo_or_device_given_as_input_is_one_line_not_a_hang(tmp_path: Path, lexical_home: Path) -> None:
    for what, args in _fifo_cases(lexical_home, tmp_path):
        done = run_trainer(lexical_home, *args, timeout=30)
        assert_one_line_error(done.returncode, done.stderr)
        assert "not a regular file" in done.stderr, what


def test_a_fifo_among_the_banks_is_skipped_with_its_name(lexical_home: Path) -> None:
    banks = paths.banks_dir()
    os.mkfifo(banks / "stuck.yaml")
    done = run_trainer(lexical_home, "banks", "list", timeout=30)
    assert done.returncode == 0
    assert "stuck.yaml: not a regular file (a FIFO (named pipe))" in done.stderr


def test_a_fifo_as_config_is_one_line(lexical_home: Path) -> None:
    config = lexical_home / "config.yaml"
    config.unlink()
    os.mkfifo(config)
    done = run_trainer(lexical_home, "score", "--text", "hi", "--points", "a", timeout=30)
    assert_one_line_error(done.returncode, done.stderr, "config.yaml", "not a regular file")


def test_trainer_home_that_is_not_a_folder_is_one_line(tmp_path: Path) -> None:
    for home in (tmp_path / "a-file", Path("/dev/null")):
        if home.name == "a-file":
            home.write_text("x", encoding="utf-8")
        done = subprocess.run(
            [PYTHON, "-m", "trainer", "banks", "list"],
            capture_output=True,
            text=True,
            env=env_for(home),
            cwd=REPO,
            timeout=30,
        )
        assert_one_line_error(done.returncode, done.stderr, "TRAINER_HOME", "not a folder")


# --- a batch with bad bytes ---------------------------------------------------------------------------------------


def test_invalid_utf8_on_one_batch_line_names_the_line_and_the_rest_are_scored(tmp_path: Path) -> None:
    good = json.dumps({"answer": "I led the migration", "points": POINTS}).encode() + b"\n"
    batch = tmp_path / "batch.jsonl"
    batch.write_bytes(good * 5000 + b'{"answer": "caf\xe9", "points": ["a"]}\n' + good * 3)
    result = invoke("score", "--jsonl", str(batch))
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 5004
    assert lines[5000] == {"error": "line 5001: not UTF-8 text (byte 16 of the line)"}
    assert all("covered" in out for out in lines[:5000] + lines[5001:])


# --- bank text and numbers -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "yaml_text, field",
    [
        ('name: "\\e[31mRed"\nquestions:\n  - {id: q-one, text: Why us then?}\n', "name"),
        ('name: Fine\nquestions:\n  - {id: q-one, text: "Why\\e]0;pwned\\a us?"}\n', "questions[1].text"),
    ],
    ids=["name", "text"],
)
def test_escape_sequences_in_a_bank_are_refused_at_validation(tmp_path: Path, yaml_text: str, field: str) -> None:
    bank = tmp_path / "bad.yaml"
    bank.write_text(yaml_text, encoding="utf-8")
    result = invoke("banks", "validate", str(bank))
    assert result.exit_code == 1 and f"{field}: contains a control character" in result.stderr
    assert "\x1b" not in result.stderr


def test_import_name_with_an_escape_sequence_is_refused(tmp_path: Path, lexical_home: Path) -> None:
    source = tmp_path / "list.txt"
    source.write_text("Why do you want this job?\n", encoding="utf-8")
    result = invoke("banks", "import", str(source), "--name", "\x1b[2JEvil")
    assert_one_line_error(result.exit_code, result.stderr, "control character")
    assert "\x1b" not in result.stderr


@pytest.mark.parametrize(
    "setting, fragment",
    [
        ("rate: 1000000000000", "rate: expected a whole number from 60 to 400"),
        ("time_limit_s: " + "9" * 400, "time_limit_s"),
    ],
    ids=["rate", "400-digit-limit"],
)
def test_config_numbers_are_range_checked(lexical_home: Path, setting: str, fragment: str) -> None:
    (lexical_home / "config.yaml").write_text(setting + "\n", encoding="utf-8")
    result = invoke("doctor")
    assert_one_line_error(result.exit_code, result.stderr, fragment)


def test_csv_time_limit_in_superscript_digits_is_a_skipped_line(tmp_path: Path, lexical_home: Path) -> None:
    source = tmp_path / "list.csv"
    source.write_text("question,time_limit\nWhy this team?,²\nWhat is next for you?,60\n", encoding="utf-8")
    result = invoke("banks", "import", str(source))
    assert result.exit_code == 0 and "time_limit '²' is not whole seconds" in result.stdout


def test_a_session_id_beyond_sqlite_is_no_such_session() -> None:
    result = invoke("report", "--session", "99999999999999999999")
    assert_one_line_error(result.exit_code, result.stderr, "no session with id")


# --- read-only and full disks (root: a read-only bind mount and a tiny tmpfs, as a user's would be) --------------


def _mount(*args: str) -> bool:
    return os.geteuid() == 0 and subprocess.run(["mount", *args], capture_output=True).returncode == 0


@pytest.fixture
def read_only_home(tmp_path: Path, lexical_home: Path) -> Iterator[Path]:
    saved_session(lexical_home)
    mounted = tmp_path / "ro"
    mounted.mkdir()
    if not (_mount("--bind", str(lexical_home), str(mounted)) and _mount("-o", "remount,bind,ro", str(mounted))):
        subprocess.run(["umount", str(mounted)], capture_output=True)
        pytest.skip("needs root to mount a read-only folder")
    yield mounted
    subprocess.run(["umount", str(mounted)], check=True)


def test_a_read_only_home_still_reports_and_exports(read_only_home: Path) -> None:
    report = run_trainer(read_only_home, "report", "--last")
    assert report.returncode == 0 and report.stdout.startswith("# Practice session")
    export = run_trainer(read_only_home, "data", "export")
    assert export.returncode == 0 and json.loads(export.stdout)["database"]["attempts"]
    for args in (["points", "set", "greatest-weakness", "one", "two", "three"], ["data", "delete", "--yes"]):
        done = run_trainer(read_only_home, *args)
        assert_one_line_error(done.returncode, done.stderr, "read-only")


@pytest.fixture
def full_home(tmp_path: Path) -> Iterator[Path]:
    mounted = tmp_path / "small"
    mounted.mkdir()
    if not _mount("-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mounted)):
        pytest.skip("needs root to mount a small file system")
    (mounted / "config.yaml").write_text("use_judge: false\n", encoding="utf-8")
    run_trainer(mounted, "score", "--text", "I led it", "--question", "greatest-weakness", "--save")
    with (mounted / "filler").open("wb") as filler, contextlib.suppress(OSError):
        filler.write(b"\0" * (1 << 20))
    yield mounted
    subprocess.run(["umount", str(mounted)], check=True)


@pytest.mark.parametrize(
    "args",
    [
        ["score", "--text", "I led it", "--question", "greatest-weakness", "--save"],
        ["points", "set", "greatest-weakness", "one", "two", "three"],
        ["banks", "new", "Mine"],
        ["report", "--last", "-o", "REPORT"],
    ],
    ids=["score-save", "points-set", "banks-new", "report-o"],
)
def test_a_full_disk_is_named_in_one_line(full_home: Path, args: list[str]) -> None:
    done = run_trainer(full_home, *[str(full_home / "r.md") if a == "REPORT" else a for a in args])
    assert_one_line_error(done.returncode, done.stderr)
    assert "disk is full" in done.stderr or "No space left on device" in done.stderr


# --- signals ---------------------------------------------------------------------------------------------------


def _read_until(fd: int, wanted: bytes, timeout: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while wanted not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
    return seen


@pytest.mark.parametrize("sig, code", [(signal.SIGTERM, 143), (signal.SIGHUP, 129)], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_restores_the_terminal_and_ends_the_session(lexical_home: Path, sig: int, code: int) -> None:
    pid, fd = pty.fork()
    if pid == 0:  # the child: the real app on a real terminal
        os.chdir(REPO)
        env = env_for(lexical_home, TERM="xterm-256color", COLUMNS="100", LINES="30")
        os.execve(PYTHON, [PYTHON, "-m", "trainer", "practice", "--typed", "--count", "1"], env)
    try:
        shown = _read_until(fd, b"Your answer", 60)
        assert b"Your answer" in shown, shown[-500:]
        os.write(fd, b"I led the migration")
        time.sleep(1.0)
        os.kill(pid, sig)
        rest = _read_until(fd, b"\x1b[?1049l", 30)
        _, status = os.waitpid(pid, 0)
    finally:
        os.close(fd)
    assert os.waitstatus_to_exitcode(status) == code
    assert b"\x1b[?1049l" in rest  # the alternate screen left: the terminal is the user's again
    with sqlite3.connect(lexical_home / "trainer.db") as db:
        ended = db.execute("SELECT ended_at FROM sessions").fetchall()
        answers = db.execute("SELECT answer FROM attempts").fetchall()
    assert ended and all(row[0] for row in ended)  # the session is marked ended
    assert answers == [("I led the migration",)]  # the answer being typed is kept
