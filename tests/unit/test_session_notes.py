"""What the user writes after a session (follow-up note, reflection): kept by the store, added to old files."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from trainer import paths
from trainer.core.migrations import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from trainer.core.reflection import PROMPTS, Reflection
from trainer.core.store import Store

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


@pytest.fixture
def store(trainer_home: Path) -> Iterator[Store]:
    opened = Store.open(paths.db_path())
    yield opened
    opened.close()


def test_the_note_is_none_until_saved_then_the_latest_one(store: Store) -> None:
    session = store.start_session("practice", [], NOW)
    assert store.follow_up(session) is None
    store.save_follow_up(session, "Dear Sam,\n\nThanks!", NOW)
    store.save_follow_up(session, "Dear Sam,\n\nThank you!", NOW + timedelta(minutes=1))
    assert store.follow_up(session) == "Dear Sam,\n\nThank you!"
    assert store.follow_up(session + 1) is None


def test_reflections_keep_skipped_prompts_as_none_and_leave_the_note_alone(store: Store) -> None:
    first, second, third = (store.start_session("practice", [], NOW) for _ in range(3))
    store.save_follow_up(first, "the note", NOW)
    store.save_reflection(first, Reflection.from_answers("  the story landed ", "", "pause first"), NOW)
    store.save_reflection(second, Reflection(went_wrong="rushed"), NOW)
    assert store.reflection(first) == Reflection("the story landed", None, "pause first")
    assert store.follow_up(first) == "the note"  # the reflection did not overwrite it
    store.save_follow_up(first, "the note, edited", NOW)
    assert store.reflection(first) == Reflection("the story landed", None, "pause first")
    assert store.reflections() == {
        first: Reflection("the story landed", None, "pause first"),
        second: Reflection(None, "rushed"),
    }
    assert store.reflections([second, third]) == {second: Reflection(None, "rushed")}
    assert store.reflection(third) is None


def test_an_empty_reflection_clears_the_one_saved(store: Store) -> None:
    session = store.start_session("practice", [], NOW)
    store.save_reflection(session, Reflection("good"), NOW)
    store.save_reflection(session, Reflection.from_answers(" ", "", "\n"), NOW)
    assert store.reflection(session) is None
    assert store.reflections() == {}


def test_a_note_needs_a_real_session(store: Store) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        store.save_follow_up(99, "to nobody", NOW)


def test_a_database_from_before_notes_gains_them_and_keeps_its_sessions(trainer_home: Path) -> None:
    path = paths.db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    old = sqlite3.connect(path)
    for script in MIGRATIONS[:3]:
        old.executescript(script)
    old.execute("INSERT INTO sessions (mode, started_at) VALUES ('practice', ?)", (NOW.isoformat(),))
    old.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    old.execute("PRAGMA user_version = 3")
    old.commit()
    old.close()
    store = Store.open(path)
    try:
        assert store.schema_version == SCHEMA_VERSION >= 4
        assert store.session(1) is not None
        store.save_reflection(1, Reflection(next_time="slow down"), NOW)
        assert store.reflection(1) == Reflection(next_time="slow down")
    finally:
        store.close()


@pytest.mark.parametrize(
    ("answers", "pairs", "empty"),
    [
        (("a", "b", "c"), [(prompt, answer) for (_, prompt), answer in zip(PROMPTS, "abc", strict=True)], False),
        (("", "  ", "next"), [("What will I do next time?", "next")], False),
        (("", "", ""), [], True),
    ],
)
def test_reflection_from_what_was_typed(
    answers: tuple[str, str, str], pairs: list[tuple[str, str]], empty: bool
) -> None:
    reflection = Reflection.from_answers(*answers)
    assert reflection.pairs() == pairs
    assert reflection.empty is empty
