"""Nothing lost: real trainer processes killed with SIGKILL mid-session and mid-write, writers side by side, bad files.

Figures for the README come from the constants here: ROUNDS x 2 random kills of writers saving side by side,
OPEN_KILLS kills with a write transaction half done, CLI_KILLS kills of `trainer score --save`.
"""

from __future__ import annotations

import random
import re
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from reliability_support import PYTHON, REPO, assert_one_line_error, env_for, invoke

from trainer.core.scheduling import refresh_cards
from trainer.core.store import Store

DRIVER = Path(__file__).with_name("save_driver.py")
#: rounds of two drivers saving to one TRAINER_HOME at once, each killed at its own random moment
ROUNDS = 25
#: real `trainer score --save` processes killed at a random moment
CLI_KILLS = 8
#: writers killed with a transaction open and its rows spilled into the WAL (a sure mid-write kill)
OPEN_KILLS = 6
TAG = re.compile(r"\((\w+-(?:open-)?\d+)\)$")


def integrity(db: Path) -> str:
    """SQLite's own full check of every page, index and constraint."""
    with sqlite3.connect(db) as raw:
        result = "; ".join(row[0] for row in raw.execute("PRAGMA integrity_check"))
    raw.close()
    return result


def saved_tags(db: Path) -> dict[str, bool]:
    """Tag of each saved answer -> whether its first point was flipped by the user."""
    store = Store.open(db)
    try:
        return {
            TAG.search(a.answer).group(1): a.score.points[0].overridden  # type: ignore[union-attr]
            for a in store.attempts()
        }
    finally:
        store.close()


def spawn_driver(home: Path, tag: str, log: Path, count: int = 100_000, flip_every: int = 4) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            [PYTHON, str(DRIVER), tag, str(count), str(flip_every)],
            stdout=out,
            stderr=subprocess.PIPE,
            env=env_for(home),
            cwd=REPO,
        )


def lines_of(log: Path) -> list[str]:
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def test_sigkill_at_random_moments_of_two_writers_loses_no_scored_answer(tmp_path: Path) -> None:
    home = tmp_path / "home"
    rng = random.Random(8)
    reported: set[str] = set()
    flipped: set[str] = set()
    started: set[str] = set()
    mid_session = kills = 0
    for round_ in range(ROUNDS):
        procs = []
        for side in "ab":
            log = tmp_path / f"{side}{round_}.log"
            procs.append((spawn_driver(home, f"{side}{round_}", log), log, rng.uniform(0.05, 0.7)))
        begun = time.monotonic()
        for proc, _log, delay in sorted(procs, key=lambda p: p[2]):
            time.sleep(max(0.0, begun + delay - time.monotonic()))
            proc.send_signal(signal.SIGKILL)
        for proc, log, _delay in procs:
            proc.wait(timeout=30)
            assert proc.returncode == -signal.SIGKILL
            stderr = proc.stderr.read().decode() if proc.stderr else ""
            assert "locked" not in stderr and "Traceback" not in stderr, stderr
            kills += 1
            lines = lines_of(log)
            mid_session += any(line.startswith("scored") for line in lines) and "done" not in lines
            for line in lines:
                word, _, tag = line.partition(" ")
                {"saving": started, "scored": reported, "flipped": flipped}.get(word, set()).add(tag)
        if (home / "trainer.db").exists():
            assert integrity(home / "trainer.db") == "ok", f"after round {round_}"
    db = home / "trainer.db"
    saved = saved_tags(db)
    assert reported <= saved.keys(), f"scored then lost: {sorted(reported - saved.keys())[:5]}"
    assert saved.keys() <= started  # nothing saved that was never being saved
    assert all(saved[tag] for tag in flipped), "a committed flip was lost"
    assert integrity(db) == "ok"
    store = Store.open(db)
    try:
        cards = refresh_cards(store)  # a kill between a save and its card update is made good
        assert {c.question_id for c in cards} <= {"crash-a", "crash-b", "crash-c"}
        assert not store.stale_card_questions()
    finally:
        store.close()
    assert kills == 2 * ROUNDS
    assert len(reported) > 100, "the drivers should have scored many answers before being killed"
    assert mid_session >= kills // 4, "many kills should land mid-session, after answers were scored"
    print(f"{kills} driver kills, {mid_session} mid-session; {len(reported)} answers reported, all kept")


def test_sigkill_with_a_write_half_done_keeps_every_commit_and_none_of_it(tmp_path: Path) -> None:
    home = tmp_path / "home"
    rng = random.Random(5)
    reported: set[str] = set()
    for n in range(OPEN_KILLS):
        log = tmp_path / f"open{n}.log"
        # 3,000 to 12,000 rows: past SQLite's page cache, so uncommitted pages are written to the WAL file
        with log.open("wb") as out:
            command = [PYTHON, str(DRIVER), f"h{n}", "20", "3", str(rng.randint(3_000, 12_000))]
            proc = subprocess.Popen(command, stdout=out, env=env_for(home), cwd=REPO)
        deadline = time.monotonic() + 60
        while "inside" not in lines_of(log) and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.02)
        assert "inside" in lines_of(log), "the writer never got its transaction open"
        wal = home / "trainer.db-wal"
        assert wal.stat().st_size > 1_000_000, "the uncommitted rows should be in the WAL when the kill lands"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        reported |= {line.split()[1] for line in lines_of(log) if line.startswith("scored")}
        assert integrity(home / "trainer.db") == "ok"
        saved = saved_tags(home / "trainer.db")
        assert reported <= saved.keys()
        assert not any("-open-" in tag for tag in saved), "an uncommitted write survived the kill"
    assert len(reported) == 20 * OPEN_KILLS


def test_sigkill_of_real_cli_score_save_processes(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    (home / "config.yaml").write_text("use_judge: false\n", encoding="utf-8")
    rng = random.Random(3)
    reported: set[str] = set()
    for n in range(CLI_KILLS):
        err = tmp_path / f"cli{n}.err"
        answer = f"I overthink, so I timebox decisions and it is improving (cli-{n})"
        with err.open("wb") as err_out:
            proc = subprocess.Popen(
                [PYTHON, "-m", "trainer", "score", "--question", "greatest-weakness", "--save", "--text", answer],
                stdout=subprocess.DEVNULL,
                stderr=err_out,
                env=env_for(home),
                cwd=REPO,
            )
            time.sleep(rng.uniform(0.1, 1.5))
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
        if "saved as session" in err.read_text(encoding="utf-8"):
            reported.add(f"cli-{n}")
    db = home / "trainer.db"
    assert db.exists()
    assert integrity(db) == "ok"
    assert reported <= saved_tags(db).keys()
    # and the app still works on what the kills left
    result = invoke("queue", "--json")
    assert result.exit_code == 0


def test_two_writers_at_once_no_lock_error_no_lost_attempt(tmp_path: Path) -> None:
    home = tmp_path / "home"  # fresh: the drivers also race to create and migrate the database
    logs = [tmp_path / f"w{n}.log" for n in range(3)]
    procs = [spawn_driver(home, f"w{n}", log, count=150, flip_every=5) for n, log in enumerate(logs)]
    for proc in procs:
        proc.wait(timeout=120)
        stderr = proc.stderr.read().decode() if proc.stderr else ""
        assert proc.returncode == 0 and stderr == "", stderr
    saved = saved_tags(home / "trainer.db")
    for n, log in enumerate(logs):
        lines = lines_of(log)
        assert lines[-1] == "done"
        assert {f"w{n}-{i}" for i in range(150)} <= saved.keys()
        assert all(saved[line.split()[1]] for line in lines if line.startswith("flipped"))
    assert len(saved) == 450
    assert integrity(home / "trainer.db") == "ok"


def test_cli_writers_side_by_side(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    (home / "config.yaml").write_text("use_judge: false\n", encoding="utf-8")
    script = (
        "import subprocess, sys\n"
        "for n in range(4):\n"
        "    r = subprocess.run([sys.executable, '-m', 'trainer', 'score', '--question', 'greatest-weakness', '--save',"
        " '--text', f'I overthink and I timebox it ({sys.argv[1]}-{n})'], capture_output=True, text=True)\n"
        "    print(r.returncode, r.stderr.strip().replace(chr(10), ' | '), flush=True)\n"
    )
    procs = [
        subprocess.Popen([PYTHON, "-c", script, side], stdout=subprocess.PIPE, text=True, env=env_for(home), cwd=REPO)
        for side in ("left", "right")
    ]
    outputs = [proc.communicate(timeout=120)[0] for proc in procs]
    for output in outputs:
        for line in output.splitlines():
            assert line.startswith("0 trainer: saved as session"), line
    assert {f"{side}-{n}" for side in ("left", "right") for n in range(4)} <= set(saved_tags(home / "trainer.db"))


# --- a trainer.db that is damaged or not ours ---------------------------------------------------------------


def _real_database(path: Path, answers: int = 300) -> None:
    """A trainer database with enough answers to span many pages, its WAL folded into the file."""
    command = [PYTHON, str(DRIVER), "bulk", str(answers), "0"]
    subprocess.run(command, check=True, env=env_for(path.parent), cwd=REPO, capture_output=True)
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()


def _garbage(path: Path) -> None:
    path.write_bytes(random.Random(1).randbytes(64 * 1024))


def _foreign(path: Path) -> None:
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
        raw.execute("INSERT INTO contacts VALUES ('Ada', '555-0100')")
    raw.close()


def _truncated(path: Path) -> None:
    _real_database(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _page_overwritten(path: Path) -> None:
    _real_database(path)
    data = bytearray(path.read_bytes())
    page = 4096
    data[3 * page : 5 * page] = random.Random(2).randbytes(2 * page)
    path.write_bytes(bytes(data))


def _header_zeroed(path: Path) -> None:
    _real_database(path)
    data = bytearray(path.read_bytes())
    data[:100] = bytes(100)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("make", [_garbage, _foreign, _truncated, _page_overwritten, _header_zeroed])
def test_a_damaged_or_foreign_database_is_refused_kept_and_backed_up(trainer_home: Path, make) -> None:  # type: ignore[no-untyped-def]
    db = trainer_home / "trainer.db"
    make(db)
    before = db.read_bytes()
    for args in (["queue"], ["score", "--text", "x", "--question", "greatest-weakness", "--save"], ["data", "export"]):
        result = invoke(*args)
        assert_one_line_error(result.exit_code, result.stderr, str(db), "left as it is", "copied to trainer.db.corrupt")
        assert db.read_bytes() == before, "the file must never be written"
    backups = sorted(p for p in trainer_home.iterdir() if ".corrupt-" in p.name)
    assert len(backups) == 1, "one copy however often it is opened"
    assert backups[0].read_bytes() == before
    assert backups[0].stat().st_mode & 0o777 == 0o600
