"""Schema migrations from every earlier version: a database left at each one opens with today's code, data kept."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from trainer.core import store_file
from trainer.core.errors import StoreError
from trainer.core.migrations import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from trainer.core.models import Attempt, Question, ReviewCard
from trainer.core.scheduling import build_card
from trainer.core.scoring import score_answer
from trainer.core.store import Store

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
QUESTION = Question("greatest-weakness", "What is your greatest weakness?", talking_points=("a", "b", "c"))


def _reference(path: Path) -> Store:
    """Today's database with a row in every table the app writes (the data a user of any version could have)."""
    store = Store.open(path)
    session = store.start_session("practice", ["Stock questions", "Mine"], NOW)
    for n, answer in enumerate(["I overthink; I timebox it now ✓", "مرحبا — I led the team", ""]):
        score = score_answer(answer, ["I overthink", "timebox decisions", "it is improving"], duration_s=30.0)
        ended = NOW + timedelta(minutes=n)
        started = ended - timedelta(seconds=30)
        store.save_attempt(session, Attempt(QUESTION, answer, score, started_at=started, ended_at=ended))
    store.end_session(session, NOW + timedelta(minutes=5))
    store.set_user_points("greatest-weakness", ["a real weakness", "what I do", "it improves"], NOW)
    store.set_key_messages(["I ship", "I listen", "I learn"], NOW)
    card = build_card(store.attempts("greatest-weakness"))
    assert isinstance(card, ReviewCard)
    store.save_card(card)
    return store


def _tables(db: sqlite3.Connection) -> dict[str, list[str]]:
    query = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    names = [r[0] for r in db.execute(query)]
    return {name: [r[1] for r in db.execute(f'PRAGMA table_info("{name}")')] for name in names}


def _at_version(path: Path, version: int, reference: Path) -> dict[str, list[tuple[object, ...]]]:
    """A database as a trainer of schema `version` left it, holding the reference rows its tables can hold."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    for number in range(version):
        db.executescript(MIGRATIONS[number])
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {version}")
    db.execute("ATTACH DATABASE ? AS ref", (str(reference),))
    kept: dict[str, list[tuple[object, ...]]] = {}
    for table, columns in _tables(db).items():
        names = ", ".join(f'"{c}"' for c in columns)
        db.execute(f'INSERT INTO main."{table}" ({names}) SELECT {names} FROM ref."{table}"')
        kept[table] = db.execute(f'SELECT {names} FROM main."{table}" ORDER BY rowid').fetchall()
    db.execute("DETACH DATABASE ref")
    db.close()
    return kept


@pytest.mark.parametrize("version", range(SCHEMA_VERSION))
def test_every_earlier_schema_version_migrates_and_keeps_its_data(tmp_path: Path, version: int) -> None:
    reference = _reference(tmp_path / "reference.db")
    expected_attempts = reference.attempts()
    reference.close()
    path = tmp_path / "old.db"
    before = _at_version(path, version, tmp_path / "reference.db")

    store = Store.open(path)
    try:
        assert store.schema_version == SCHEMA_VERSION
        # every row of every table the old version had is still there, column for column
        db = sqlite3.connect(path)
        for table, rows in before.items():
            names = ", ".join(f'"{c}"' for c in _tables(db)[table] if c in _tables_at(version)[table])
            assert db.execute(f'SELECT {names} FROM "{table}" ORDER BY rowid').fetchall() == rows, table
        assert set(_tables(db)) >= set(_tables_at(SCHEMA_VERSION))
        # and the app reads it as it was written
        if version >= 1:
            assert [(a.answer, a.score) for a in store.attempts()] == [(a.answer, a.score) for a in expected_attempts]
            assert store.user_points() == {"greatest-weakness": ("a real weakness", "what I do", "it improves")}
        if version >= 2:
            assert store.key_messages() == ("I ship", "I listen", "I learn")
        if version >= 3:
            assert [c.question_id for c in store.cards()] == ["greatest-weakness"]
        # the migrated database takes new writes like a fresh one
        store.set_user_points("another", ["x", "y", "z"], NOW)
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        db.close()
    finally:
        store.close()
    reopened = Store.open(path)  # reopening is a no-op
    assert reopened.schema_version == SCHEMA_VERSION
    reopened.close()


def _tables_at(version: int) -> dict[str, list[str]]:
    db = sqlite3.connect(":memory:")
    for number in range(version):
        db.executescript(MIGRATIONS[number])
    tables = _tables(db)
    db.close()
    return tables


def test_a_migration_that_fails_leaves_the_database_at_the_version_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "trainer.db"
    _reference(path).close()
    broken = (*MIGRATIONS, "CREATE TABLE half_done (x INTEGER); INSERT INTO no_such_table VALUES (1)")
    monkeypatch.setattr(store_file, "MIGRATIONS", broken)
    monkeypatch.setattr(store_file, "SCHEMA_VERSION", len(broken))
    with pytest.raises(StoreError) as raised:
        Store.open(path)
    assert "cannot open the database" in str(raised.value)
    assert not list(tmp_path.glob("*.corrupt-*")), "a failed migration is not a damaged file"
    monkeypatch.undo()
    store = Store.open(path)
    try:
        assert store.schema_version == SCHEMA_VERSION
        with sqlite3.connect(path) as db:
            assert "half_done" not in _tables(db)  # the whole migration rolled back, not half of it
        db.close()
        assert len(store.attempts()) == 3
    finally:
        store.close()
