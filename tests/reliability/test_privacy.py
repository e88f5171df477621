"""Privacy: TRAINER_HOME 0700 and every file in it 0600, no recording kept, everything exportable as JSON, and a
delete that asks first and never leaves anything half-deleted."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import stat
import subprocess
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from reliability_support import PYTHON, REPO, assert_one_line_error, env_for, invoke

from trainer.config import Settings
from trainer.core.store import Store
from trainer.speech import capture, listener, recognisers
from trainer.speech.recognisers import Recogniser

RTL = "قدت عملية الترحيل ✓ ושלחנו בזמן"
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
AUDIO_SUFFIXES = {".wav", ".wave", ".flac", ".aif", ".aiff", ".aifc", ".mp3", ".ogg", ".raw", ".pcm"}


def modes(home: Path) -> dict[str, int]:
    """Permission bits of everything under `home` (and `home` itself as '.')."""
    found = {".": stat.S_IMODE(home.stat().st_mode)}
    for path in home.rglob("*"):
        found[str(path.relative_to(home))] = stat.S_IMODE(path.stat().st_mode)
    return found


@pytest.fixture
def umask_zero() -> Iterator[None]:
    """The most permissive umask: every 0600/0700 must come from the app itself, not the user's umask."""
    old = os.umask(0)
    yield
    os.umask(old)


def test_trainer_home_0700_and_every_file_the_app_writes_0600(tmp_path: Path, umask_zero: None) -> None:
    home = tmp_path / "fresh" / "home"  # created by the app
    script = (
        "import os, subprocess, sys\n"
        "os.umask(0)\n"
        "for n, args in enumerate(sys.argv[1:]):\n"
        "    r = subprocess.run([sys.executable, '-m', 'trainer', *args.split('|')], capture_output=True, text=True)\n"
        "    assert r.returncode == 0, (args, r.stderr)\n"
        "    if n == 0:  # lexical scoring from here on: these commands are about files, not the model\n"
        "        open(os.path.join(os.environ['TRAINER_HOME'], 'config.yaml'), 'w').write('use_judge: false\\n')\n"
    )
    source = tmp_path / "list.txt"
    source.write_text("What is your greatest weakness and why?\nWhy do you want this role?\n", encoding="utf-8")
    commands = [
        "points|set|greatest-weakness|a real weakness|what I do|it improves",
        f"score|--text|{RTL} I overthink and timebox|--question|greatest-weakness|--save",
        f"banks|import|{source}|--name|Imported",
        "banks|new|My own",
        f"data|export|-o|{home / 'export.json'}",
        f"report|--last|-o|{home / 'report.md'}",
    ]
    env = env_for(home)
    subprocess.run([PYTHON, "-c", script, *commands], check=True, env=env, cwd=REPO, timeout=120)
    (home / "config.yaml").unlink(missing_ok=True)
    found = modes(home)
    assert found.pop(".") == 0o700
    assert found.pop("banks") == 0o700
    assert {"trainer.db", "banks/imported.yaml", "banks/my-own.yaml", "export.json", "report.md"} <= set(found)
    assert {name: mode for name, mode in found.items() if mode != 0o600} == {}
    # while the app has the database open, its WAL and shared-memory files are 0600 too
    store = Store.open(home / "trainer.db")
    try:
        store.set_key_messages(["I ship"], NOW)
        live = modes(home)
        assert live["trainer.db-wal"] == 0o600 and live["trainer.db-shm"] == 0o600
    finally:
        store.close()


# --- recordings -------------------------------------------------------------------------------------------------


def _audio_files(*folders: Path) -> set[Path]:
    return {p for folder in folders for p in folder.rglob("*") if p.suffix.lower() in AUDIO_SUFFIXES}


@pytest.mark.speech
def test_spoken_answers_leave_no_recording(
    tmp_path: Path, trainer_home: Path, whisper: Recogniser, monkeypatch: pytest.MonkeyPatch
) -> None:
    (trainer_home / "config.yaml").write_text("use_judge: false\n", encoding="utf-8")
    monkeypatch.setattr(recognisers, "load_recogniser", lambda settings: whisper)
    written: list[str] = []
    real_write = capture.write_wav

    def spy(path: Path, *args: object) -> None:
        written.append(str(path))
        real_write(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(capture, "write_wav", spy)
    monkeypatch.setattr(listener, "write_wav", spy)
    monkeypatch.setattr(listener.Listener, "save_wav", lambda self, path: written.append(str(path)))
    answer = tmp_path / "in" / "answer.wav"
    answer.parent.mkdir()
    subprocess.run(["espeak-ng", "-w", str(answer), "I led the migration and shipped on time"], check=True)
    temp = Path(tempfile.gettempdir())
    before = _audio_files(trainer_home) | {p for p in temp.glob("*") if p.suffix.lower() in AUDIO_SUFFIXES}
    for args in (
        ["transcribe", str(answer)],
        ["transcribe", "--live", str(answer)],
        ["score", "--audio", str(answer), "--question", "greatest-weakness", "--save"],
    ):
        if args[-1] == "--save":
            assert invoke("points", "set", "greatest-weakness", "led the migration", "on time", "a b c").exit_code == 0
        result = invoke(*args)
        assert result.exit_code == 0, result.stderr
    after = _audio_files(trainer_home) | {p for p in temp.glob("*") if p.suffix.lower() in AUDIO_SUFFIXES}
    assert written == [] and after == before
    assert not (trainer_home / "recordings").exists()
    assert Settings().keep_recordings is False


# --- export -----------------------------------------------------------------------------------------------------


def _some_of_everything(home: Path) -> None:
    (home / "config.yaml").write_text("use_judge: false\nkey_messages: [I ship]\n", encoding="utf-8")
    assert invoke("points", "set", "greatest-weakness", "a real weakness", "what I do", RTL).exit_code == 0
    assert invoke("score", "--text", RTL, "--question", "greatest-weakness", "--save").exit_code == 0
    assert invoke("banks", "new", "Mine").exit_code == 0
    store = Store.open(home / "trainer.db")
    try:
        store.set_key_messages(["I ship", "I listen"], NOW)
        session = store.last_session_id()
        assert session is not None
        if hasattr(store, "save_follow_up"):  # the notes table (schema 4) when this checkout has it
            store.save_follow_up(session, f"Thank you — {RTL}", NOW)
    finally:
        store.close()


def test_export_has_every_table_every_row_and_the_users_files(trainer_home: Path, umask_zero: None) -> None:
    _some_of_everything(trainer_home)
    out = trainer_home.parent / "export.json"
    result = invoke("data", "export", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    data = json.loads(out.read_text(encoding="utf-8"))
    db = sqlite3.connect(trainer_home / "trainer.db")
    tables = {
        r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
    }
    counts = {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    db.close()
    assert set(data["database"]) == tables
    assert {t: len(rows) for t, rows in data["database"].items()} == counts
    for table in ("sessions", "attempts", "cards", "user_points", "key_messages"):
        assert data["database"][table], f"{table} should have rows"
    (attempt,) = data["database"]["attempts"]
    assert attempt["answer"] == RTL and isinstance(attempt["verdicts"], list)
    assert data["database"]["user_points"][0]["points"][2] == RTL
    assert [m["message"] for m in data["database"]["key_messages"]] == ["I ship", "I listen"]
    if "session_notes" in data["database"]:
        assert data["database"]["session_notes"][0]["follow_up"] == f"Thank you — {RTL}"
    assert [b["file"] for b in data["banks"]] == ["mine.yaml"] and "name:" in data["banks"][0]["text"]
    assert data["settings"]["key_messages"] == ["I ship"] and data["settings"]["use_judge"] is False
    # to stdout as well; and never over an existing file unless asked
    assert json.loads(invoke("data", "export").stdout)["database"] == data["database"]
    again = invoke("data", "export", "-o", str(out))
    assert_one_line_error(again.exit_code, again.stderr, "already exists")
    assert invoke("data", "export", "-o", str(out), "--force").exit_code == 0


def test_export_with_no_data_creates_nothing(trainer_home: Path) -> None:
    data = json.loads(invoke("data", "export").stdout)
    assert data["database"] == {} and data["banks"] == [] and data["schema_version"] is None
    assert not (trainer_home / "trainer.db").exists()


# --- delete -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("answer", ["n\n", "", "no\n"])
def test_delete_asks_first_and_a_no_deletes_nothing(trainer_home: Path, answer: str) -> None:
    _some_of_everything(trainer_home)
    before = modes(trainer_home)
    result = invoke("data", "delete", input=answer)
    assert result.exit_code == 1 and "Delete them?" in result.stderr and "nothing deleted" in result.stderr
    assert "trainer.db" in result.stdout and "banks/" in result.stdout
    assert modes(trainer_home) == before


@pytest.mark.parametrize("args, answer", [(["--yes"], None), ([], "y\n")])
def test_delete_removes_the_database_its_backups_and_the_users_banks(
    trainer_home: Path, args: list[str], answer: str | None
) -> None:
    _some_of_everything(trainer_home)
    (trainer_home / "trainer.db.corrupt-20260101T000000000000Z").write_bytes(b"an old copy")
    (trainer_home / "models").mkdir()
    result = invoke("data", "delete", *args, input=answer)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in trainer_home.iterdir()) == ["config.yaml", "models"]
    assert invoke("data", "delete", "--yes").stdout.startswith("nothing to delete")
    # and the app starts again from nothing
    assert invoke("score", "--text", "x", "--question", "greatest-weakness", "--save").exit_code == 0


def test_delete_refuses_while_another_trainer_has_the_database_open(trainer_home: Path) -> None:
    _some_of_everything(trainer_home)
    store = Store.open(trainer_home / "trainer.db")  # e.g. a practice session running in another terminal
    try:
        before = len(store.attempts())
        result = invoke("data", "delete", "--yes")
        assert_one_line_error(result.exit_code, result.stderr, "another trainer has the database open")
        assert len(store.attempts()) == before
        assert (trainer_home / "banks" / "mine.yaml").exists()
    finally:
        store.close()


#: `trainer data delete --yes` processes killed at a random moment
DELETE_KILLS = 6


def test_a_delete_killed_part_way_leaves_nothing_half_deleted(tmp_path: Path) -> None:
    rng = random.Random(11)
    partial = 0
    for n in range(DELETE_KILLS):
        home = tmp_path / f"home{n}"
        home.mkdir(mode=0o700)
        (home / "config.yaml").write_text("use_judge: false\n", encoding="utf-8")
        driver = Path(__file__).with_name("save_driver.py")
        subprocess.run([PYTHON, str(driver), "d", "200", "0"], check=True, env=env_for(home), cwd=REPO)
        banks = home / "banks"
        banks.mkdir()
        for i in range(1000):  # many files, so removing them takes a moment to be killed in
            (banks / f"b{i}.yaml").write_text(f"name: B{i}\nquestions:\n  - id: b{i}\n    text: Q?\n", encoding="utf-8")
        proc = subprocess.Popen(
            [PYTHON, "-m", "trainer", "data", "delete", "--yes"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env_for(home),
            cwd=REPO,
        )
        # kill once the first item has been set aside (or at a random moment, if it is quicker than we look)
        deadline = time.monotonic() + rng.uniform(0.2, 0.6)
        while not any(home.glob(".deleting-*")) and time.monotonic() < deadline:
            pass
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        # each item is whole where it was, or gone: a database that is there opens with every answer in it
        db = home / "trainer.db"
        partial += any(home.glob(".deleting-*")) or db.exists() != banks.exists()
        if db.exists():
            with sqlite3.connect(db) as raw:
                assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                assert raw.execute("SELECT count(*) FROM attempts").fetchone()[0] == 200
            raw.close()
        if banks.exists():
            assert len(list(banks.iterdir())) == 1000
        # and deleting again finishes the job, whatever the kill left
        again = subprocess.run(
            [PYTHON, "-m", "trainer", "data", "delete", "--yes"],
            capture_output=True,
            text=True,
            env=env_for(home),
            cwd=REPO,
        )
        assert again.returncode == 0, again.stderr
        assert sorted(p.name for p in home.iterdir()) == ["config.yaml"]
    print(f"{DELETE_KILLS} deletes killed, {partial} part-way")


class Crash(BaseException):
    """Stands for the process dying at this point (nothing in the app catches it)."""


@pytest.mark.parametrize("step", range(4))
def test_a_delete_interrupted_at_every_step_leaves_nothing_half_deleted(trainer_home: Path, step: int) -> None:
    """Steps: move the database, the backup, the banks folder aside; remove half of what was set aside; the rest."""
    from trainer.cli import data as cli_data

    _some_of_everything(trainer_home)
    (trainer_home / "trainer.db.corrupt-20260101T000000000000Z").write_bytes(b"an old copy")
    store = Store.open(trainer_home / "trainer.db")
    attempts = len(store.attempts())
    store.close()
    calls = {"n": 0}
    real_replace, real_rmtree = os.replace, cli_data.shutil.rmtree

    def replace(src: Path, dst: Path) -> None:
        if calls["n"] == step:
            raise Crash
        calls["n"] += 1
        real_replace(src, dst)

    def rmtree(path: Path) -> None:
        if calls["n"] == step:  # die half-way through removing what was set aside
            victims = sorted(Path(path).rglob("*"), key=lambda p: len(p.parts), reverse=True)
            for victim in victims[: len(victims) // 2]:
                victim.rmdir() if victim.is_dir() else victim.unlink()
            raise Crash
        calls["n"] += 1
        real_rmtree(path)

    with pytest.MonkeyPatch.context() as crash_at:  # its own context: undoing it keeps TRAINER_HOME set
        crash_at.setattr(cli_data.os, "replace", replace)
        crash_at.setattr(cli_data.shutil, "rmtree", rmtree)
        with pytest.raises(Crash):
            invoke("data", "delete", "--yes")
    db = trainer_home / "trainer.db"
    if db.exists():  # still in place: whole, every answer in it
        store = Store.open(db)
        assert len(store.attempts()) == attempts
        store.close()
    if (trainer_home / "banks").exists():
        assert (trainer_home / "banks" / "mine.yaml").exists()
    result = invoke("data", "delete", "--yes")
    assert result.exit_code == 0
    assert sorted(p.name for p in trainer_home.iterdir()) == ["config.yaml"]
