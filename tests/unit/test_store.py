"""The SQLite store: round trips, migrations, file safety, and never touching a database that is not ours."""

from __future__ import annotations

import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from trainer import paths
from trainer.core.errors import StoreError
from trainer.core.migrations import APPLICATION_ID, SCHEMA_VERSION
from trainer.core.models import AnswerScore, Attempt, Delivery, PointVerdict, Question
from trainer.core.store import Store

T0 = datetime(2025, 3, 1, 9, 30, 0, 125000, tzinfo=UTC)
CEST = timezone(timedelta(hours=2))


@pytest.fixture
def db_path(trainer_home: Path) -> Path:
    return paths.db_path()


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    opened = Store.open(db_path)
    yield opened
    opened.close()


def make_attempt(
    verdicts: tuple[PointVerdict, ...],
    delivery: Delivery,
    *,
    question_id: str = "greatest-weakness",
    kind: str = "stock",
    answer: str = "My weakness is public speaking, so I joined a club.",
    transcript: str | None = None,
    method: str = "lexical",
    started: datetime = T0,
    seconds: float = 42.5,
) -> Attempt:
    question = Question(
        id=question_id,
        text="What is your greatest weakness?",
        kind=kind,  # type: ignore[arg-type]
        talking_points=tuple(v.point for v in verdicts),
        bank="Stock questions",
    )
    return Attempt(
        question=question,
        answer=answer,
        score=AnswerScore(points=verdicts, delivery=delivery, method=method),
        started_at=started,
        ended_at=started + timedelta(seconds=seconds),
        transcript=transcript,
    )


MADE = PointVerdict("a real weakness", 91, True, "public speaking", (14, 29), "made", False)
MISSED = PointVerdict("I say what I now do to manage it", 12, False)
OPPOSITE = PointVerdict("it is improving", 30, False, "it is getting worse", (0, 19), "said the opposite", False)
FLIPPED = PointVerdict("it is improving", 55, True, "", (0, 0), "too vague", True)
NUMBER = PointVerdict("cut costs by 20 percent", 40, False, "cut costs", (3, 12), "number missing", True)
SPOKEN = Delivery(words=120, fillers=4, duration_s=61.25, time_limit_s=90.0, spoken=True, filler_words=("um", "like"))
TYPED = Delivery(words=35, fillers=0)
EMPTY = Delivery(words=0, fillers=0, duration_s=0.0, time_limit_s=120.0)


@pytest.mark.parametrize(
    "attempt",
    [
        make_attempt((MADE, MISSED, OPPOSITE), SPOKEN, transcript="my weakness is um public speaking"),
        make_attempt((MADE, FLIPPED, NUMBER), TYPED, method="nli-deberta"),
        make_attempt((MISSED, MISSED, MISSED), EMPTY, answer=""),
        make_attempt((MADE, MADE, MADE), SPOKEN, kind="brainteaser", question_id="any-animal"),
        make_attempt((MADE,), TYPED),  # a free-form list of points (one point)
        make_attempt((MADE, MISSED, OPPOSITE), SPOKEN, started=datetime(2025, 3, 1, 23, 30, tzinfo=CEST)),
        make_attempt((MADE, MISSED, OPPOSITE), SPOKEN, answer="emoji 🎤 and ünïcödé and 'quotes' \"; DROP TABLE"),
    ],
)
def test_attempt_round_trip(store: Store, attempt: Attempt) -> None:
    session_id = store.start_session("practice", ["Stock questions", "Brainteasers"], T0)
    attempt_id = store.save_attempt(session_id, attempt)
    info = store.session(session_id)
    assert info is not None
    (saved,) = info.attempts
    assert saved == replace(attempt, id=attempt_id, session_id=session_id)
    # every verdict field, one by one, so a failure says which
    for got, want in zip(saved.score.points, attempt.score.points, strict=True):
        assert (got.point, got.score, got.covered, got.evidence) == (
            want.point,
            want.score,
            want.covered,
            want.evidence,
        )
        assert (got.span, got.reason, got.overridden) == (want.span, want.reason, want.overridden)
    assert saved.score.delivery == attempt.score.delivery
    assert saved.score.weak == attempt.score.weak
    for moment in (saved.started_at, saved.ended_at):
        assert moment.tzinfo is not None and moment.utcoffset() == timedelta(0)
    assert saved.ended_at - saved.started_at == attempt.ended_at - attempt.started_at
    assert store.attempts(attempt.question.id) == [saved]


def test_weak_flag_is_stored_for_queries(store: Store, db_path: Path) -> None:
    session_id = store.start_session("practice", [], T0)
    store.save_attempt(session_id, make_attempt((MADE, MADE, MADE), SPOKEN))
    store.save_attempt(session_id, make_attempt((MADE, MISSED, MADE), SPOKEN))
    with sqlite3.connect(db_path) as raw:
        assert [row[0] for row in raw.execute("SELECT weak FROM attempts ORDER BY id")] == [0, 1]


def test_times_are_kept_to_the_millisecond() -> None:
    with_micro = datetime(2025, 3, 1, 9, 30, 0, 123456, tzinfo=UTC)
    store = Store.open(paths.db_path())
    session_id = store.start_session("practice", [], with_micro)
    info = store.session(session_id)
    assert info is not None and info.started_at == with_micro.replace(microsecond=123000)
    store.close()


def test_session_round_trip(store: Store) -> None:
    local_start = datetime(2025, 3, 1, 11, 0, tzinfo=CEST)
    session_id = store.start_session("drill", ("Stock questions",), local_start)
    info = store.session(session_id)
    assert info is not None
    assert (info.id, info.mode, info.banks, info.ended_at, info.attempts) == (
        session_id,
        "drill",
        ("Stock questions",),
        None,
        (),
    )
    assert info.started_at == local_start and info.started_at.utcoffset() == timedelta(0)
    store.end_session(session_id, local_start + timedelta(minutes=20))
    ended = store.session(session_id)
    assert ended is not None and ended.ended_at == local_start + timedelta(minutes=20)
    assert ended.ended_at.tzinfo is not None
    assert store.session(session_id + 1) is None


def test_attempts_in_time_order_and_by_question(store: Store) -> None:
    first = store.start_session("practice", [], T0)
    second = store.start_session("practice", [], T0 + timedelta(hours=1))
    store.save_attempt(second, make_attempt((MADE,), TYPED, question_id="b", started=T0 + timedelta(hours=1)))
    store.save_attempt(first, make_attempt((MADE,), TYPED, question_id="a", started=T0))
    store.save_attempt(first, make_attempt((MADE,), TYPED, question_id="b", started=T0 + timedelta(minutes=5)))
    assert [(a.question.id, a.session_id) for a in store.attempts()] == [("a", first), ("b", first), ("b", second)]
    assert [a.session_id for a in store.attempts("b")] == [first, second]
    assert store.attempts("nope") == []


@pytest.mark.parametrize(
    "sessions, expected",
    [
        ([], None),  # no sessions at all
        ([(0, 0)], None),  # one empty session
        ([(0, 1)], 0),
        ([(0, 2), (10, 0)], 0),  # the later session is empty: ignored
        ([(0, 0), (10, 1)], 1),
        ([(0, 1), (10, 3)], 1),  # the most recent
        ([(10, 1), (0, 1)], 0),  # by start time, not by id
        ([(5, 1), (5, 1)], 1),  # same start: the later id
        ([(0, 1), (5, 1), (10, 0), (20, 0)], 1),
    ],
)
def test_last_session_id_ignores_empty_sessions(
    store: Store, sessions: list[tuple[int, int]], expected: int | None
) -> None:
    ids = []
    for minutes, attempts in sessions:
        session_id = store.start_session("practice", [], T0 + timedelta(minutes=minutes))
        for _ in range(attempts):
            store.save_attempt(session_id, make_attempt((MADE,), TYPED))
        ids.append(session_id)
    assert store.last_session_id() == (None if expected is None else ids[expected])


@pytest.mark.parametrize(
    "sets, expected",
    [
        ([], {}),
        ([("q1", ["a", "b", "c"])], {"q1": ("a", "b", "c")}),
        ([("q1", ["a", "b", "c"]), ("q1", ["x", "y", "z"])], {"q1": ("x", "y", "z")}),  # replaced, not added
        ([("q1", ("a", "b", "c")), ("q2", ["d", "e", "f"])], {"q1": ("a", "b", "c"), "q2": ("d", "e", "f")}),
        ([("q1", ["ünï", "'; --", "🎤"])], {"q1": ("ünï", "'; --", "🎤")}),
    ],
)
def test_user_points_set_and_replace(
    store: Store, db_path: Path, sets: list[tuple[str, list[str]]], expected: dict[str, tuple[str, ...]]
) -> None:
    for minutes, (question_id, points) in enumerate(sets):
        store.set_user_points(question_id, points, T0 + timedelta(minutes=minutes))
    assert store.user_points() == expected
    reopened = Store.open(db_path)
    assert reopened.user_points() == expected
    reopened.close()


# --- opening, migrations and the file itself ----------------------------------------------------------


def test_fresh_database_is_migrated(db_path: Path) -> None:
    assert not db_path.exists()
    store = Store.open(db_path)
    assert store.schema_version == SCHEMA_VERSION
    store.close()
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert raw.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        tables = {row[0] for row in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables >= {"sessions", "attempts", "user_points"}


def test_reopen_is_idempotent_and_keeps_data(db_path: Path) -> None:
    store = Store.open(db_path)
    session_id = store.start_session("practice", [], T0)
    store.save_attempt(session_id, make_attempt((MADE,), TYPED))
    store.close()
    for _ in range(3):
        again = Store.open(db_path)
        assert again.schema_version == SCHEMA_VERSION
        assert again.last_session_id() == session_id
        assert len(again.attempts()) == 1
        again.close()


def test_two_stores_on_one_file_see_each_others_commits(db_path: Path) -> None:
    writer, reader = Store.open(db_path), Store.open(db_path)
    session_id = writer.start_session("practice", [], T0)
    writer.save_attempt(session_id, make_attempt((MADE,), TYPED))  # committed at once
    assert reader.last_session_id() == session_id
    writer.close()
    reader.close()


def test_migration_race_with_another_process(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another trainer migrates the new file between our version check and our write lock."""
    original = Store._transaction
    raced: list[Store] = []

    @contextmanager
    def racing(self: Store) -> Iterator[None]:
        if not raced:
            raced.append(self)
            Store.open(self.path).close()  # the other process: migrates fully first
        with original(self):
            yield

    monkeypatch.setattr(Store, "_transaction", racing)
    store = Store.open(db_path)
    assert raced and store.schema_version == SCHEMA_VERSION
    store.close()


def test_file_mode_0600_and_wal(db_path: Path) -> None:
    store = Store.open(db_path)
    store.start_session("practice", [], T0)
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    for sidecar in (db_path.with_name(db_path.name + "-wal"), db_path.with_name(db_path.name + "-shm")):
        if sidecar.exists():
            assert stat.S_IMODE(sidecar.stat().st_mode) & 0o077 == 0
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()


def test_open_creates_missing_parent_folders(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "trainer.db"
    Store.open(path).close()
    assert path.is_file()


def _foreign_with_data(path: Path) -> None:
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
        raw.execute("INSERT INTO contacts VALUES ('Ada', '555-0100')")
    raw.close()


def _foreign_with_our_table_names(path: Path) -> None:
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA application_id = 1234")
        raw.execute("CREATE TABLE sessions (id INTEGER PRIMARY KEY, what TEXT)")
        raw.execute("INSERT INTO sessions (what) VALUES ('not ours')")
    raw.close()


def _foreign_with_only_a_view(path: Path) -> None:
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE VIEW v AS SELECT 1 AS one")
    raw.close()


def _foreign_in_wal_mode(path: Path) -> None:
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA journal_mode = WAL")
        raw.execute("CREATE TABLE t (x)")
        raw.execute("INSERT INTO t VALUES (1)")
    raw.close()


def _newer_schema(path: Path) -> None:
    Store.open(path).close()
    with sqlite3.connect(path) as raw:
        raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()


def _not_a_database(text: bytes):  # type: ignore[no-untyped-def]
    return lambda path: path.write_bytes(text)


@pytest.mark.parametrize(
    "make, fragment",
    [
        (_foreign_with_data, "belongs to another program"),
        (_foreign_with_our_table_names, "belongs to another program"),
        (_foreign_with_only_a_view, "belongs to another program"),
        (_foreign_in_wal_mode, "belongs to another program"),
        (_newer_schema, f"newer trainer (schema {SCHEMA_VERSION + 1}"),
        (_not_a_database(b"name: not a database\n" * 50), "not a trainer database"),
        (_not_a_database(bytes(range(256)) * 64), "not a trainer database"),
        (_not_a_database(b"SQLite format 3\x00" + b"\xff" * 4080), "not a trainer database"),  # damaged header
    ],
)
def test_a_file_that_is_not_ours_is_refused_and_left_as_it_is(db_path: Path, make, fragment: str) -> None:  # type: ignore[no-untyped-def]
    make(db_path)
    before = db_path.read_bytes()
    siblings = sorted(p.name for p in db_path.parent.iterdir())
    with pytest.raises(StoreError) as raised:
        Store.open(db_path)
    message = str(raised.value)
    assert str(db_path) in message and fragment in message
    assert "\n" not in message  # one line for the user
    assert db_path.read_bytes() == before
    # no -wal/-shm left behind; a foreign or damaged file is backed up beside it (a newer one needs no backup)
    made = sorted(set(p.name for p in db_path.parent.iterdir()) - set(siblings))
    backups = [name for name in made if ".corrupt-" in name and not name.endswith("-wal")]
    assert made == backups and len(backups) == (0 if "newer" in fragment else 1)
    if backups:
        assert backups[0] in message
        assert (db_path.parent / backups[0]).read_bytes() == before
    with pytest.raises(StoreError):  # and again: still refused, still unchanged, no second copy
        Store.open(db_path)
    assert db_path.read_bytes() == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == sorted([*siblings, *made])


def test_a_directory_is_not_a_database(tmp_path: Path) -> None:
    folder = tmp_path / "trainer.db"
    folder.mkdir()
    with pytest.raises(StoreError):
        Store.open(folder)


def test_an_empty_file_is_a_new_database(db_path: Path) -> None:
    db_path.touch(mode=0o600)
    store = Store.open(db_path)
    assert store.schema_version == SCHEMA_VERSION
    store.close()


def test_open_waits_out_another_process_opening_the_same_new_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trainer.core import store as store_module
    from trainer.core import store_file

    real = store_module.Store._open_once
    calls = []

    def locked_twice(path: Path) -> store_module.Store:
        calls.append(path)
        if len(calls) <= 2:
            raise store_file._Locked("database is locked")
        return real(path)

    monkeypatch.setattr(store_module.Store, "_open_once", staticmethod(locked_twice))
    opened = store_module.Store.open(tmp_path / "trainer.db")
    opened.close()
    assert len(calls) == 3


def test_open_gives_up_on_a_lock_that_lasts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from trainer.core import store as store_module
    from trainer.core import store_file

    def always_locked(path: Path) -> store_module.Store:
        raise store_file._Locked("database is locked")

    monkeypatch.setattr(store_module.Store, "_open_once", staticmethod(always_locked))
    monkeypatch.setattr(store_file, "OPEN_RETRY_S", 0.2)
    with pytest.raises(StoreError, match="cannot open the database \\(database is locked\\)"):
        store_module.Store.open(tmp_path / "trainer.db")


def test_a_new_file_migrated_by_another_process_mid_check_is_still_ours(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two programs open a new trainer.db at once: the first migrates it while the second checks who owns it.

    Read in several statements, the check once saw "no mark" and then "tables" and set the user's data aside
    as another program's (found by two `trainer score --save` run side by side).
    """
    from trainer.core import store_file

    real_connect = sqlite3.connect
    other: list[Store] = []

    def connect(*args: object, **kwargs: object) -> sqlite3.Connection:
        connection = real_connect(*args, **kwargs)  # type: ignore[arg-type]

        def traced(statement: str) -> None:
            # the other program's migration commits just as this one's ownership check starts reading tables
            if "sqlite_master" in statement and not other:
                monkeypatch.setattr(store_file.sqlite3, "connect", real_connect)
                other.append(Store.open(db_path))

        connection.set_trace_callback(traced)
        return connection

    monkeypatch.setattr(store_file.sqlite3, "connect", connect)
    opened = Store.open(db_path)
    try:
        assert other, "the other program did not run"
        assert opened.schema_version == SCHEMA_VERSION
        assert not list(db_path.parent.glob("trainer.db.corrupt-*"))
    finally:
        opened.close()
        other[0].close()
