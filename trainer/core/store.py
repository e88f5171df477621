"""SQLite persistence (stdlib sqlite3): sessions and attempts, committed the moment each is scored."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import time
import urllib.parse
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from trainer.core.errors import StoreError
from trainer.core.files import FileProblem, check_regular, os_reason
from trainer.core.migrations import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from trainer.core.models import Attempt, ReviewCard, SessionInfo
from trainer.core.reflection import Reflection
from trainer.core.rows import (
    attempt_from_row,
    card_from_row,
    follow_up_json,
    from_iso,
    structure_json,
    to_iso,
    verdict_json,
)

__all__ = ["APPLICATION_ID", "MIGRATIONS", "SCHEMA_VERSION", "SaveError", "Store", "utc_now"]

#: How long opening waits out another process's lock (the same as a write's busy timeout).
OPEN_RETRY_S = 15.0


def utc_now() -> datetime:
    """The current time, timezone-aware UTC (the clock callers inject defaults to this)."""
    return datetime.now(UTC)


class Store:
    """The user's practice history in one SQLite file (WAL, mode 0600, versioned schema)."""

    def __init__(self, connection: sqlite3.Connection, path: Path, *, read_only: bool = False) -> None:
        self._db = connection
        self.path = path
        #: opened only to read (its folder or file cannot be written): every save fails with SaveError
        self.read_only = read_only

    # --- opening -------------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, *, reading_will_do: bool = False) -> Store:
        """Open (creating and migrating as needed) the database at `path`.

        Another process opening the same new file at the same moment can hold the lock that switching
        to WAL needs, and SQLite then says "locked" without waiting out the busy timeout; opening is
        tried again, for up to OPEN_RETRY_S, before that is called an error.

        With `reading_will_do`, a database that cannot be written (a read-only folder or file) is opened
        read-only instead, so a user can still read and export their data; a save then fails with SaveError.
        """
        try:
            existing = check_regular(path)
        except FileProblem as exc:
            raise StoreError(f"{exc}; the practice data must be a database file") from None
        if reading_will_do and not _writable(path):
            if existing is None:
                raise StoreError(f"no practice data yet ({path} does not exist, and {_why_not_writable(path, None)})")
            return cls.open_read_only(path)
        deadline = time.monotonic() + OPEN_RETRY_S
        pause = 0.02
        while True:
            try:
                return cls._open_once(path)
            except _CannotWrite as exc:
                if existing is not None and reading_will_do:
                    return cls.open_read_only(path)
                raise StoreError(f"{path}: cannot save your practice data ({exc})") from None
            except _Locked as locked:
                if time.monotonic() + pause > deadline:
                    raise StoreError(f"{path}: cannot open the database ({locked})") from None
                time.sleep(pause)
                pause = min(pause * 2, 0.5)

    @classmethod
    def _open_once(cls, path: Path) -> Store:
        fresh = not path.exists()
        if fresh:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                # create the file 0600 before SQLite does, so it is never readable by others
                os.close(os.open(path, os.O_CREAT | os.O_WRONLY | os.O_NONBLOCK, 0o600))
            except OSError as exc:
                raise StoreError(f"{path}: cannot create the practice data ({os_reason(exc)})") from None
        connection: sqlite3.Connection | None = None
        try:
            connection = sqlite3.connect(path, timeout=15.0, isolation_level=None)
            connection.row_factory = sqlite3.Row
            connection.execute("PRAGMA busy_timeout = 15000")
            store = cls(connection, path)
            # check the file is ours (or new) before anything writes to it: WAL mode alone rewrites the header
            store._check_owner()
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")
            connection.execute("PRAGMA foreign_keys = ON")
            store._migrate()
        except SaveError as exc:  # a migration's write refused
            if connection is not None:
                connection.close()
            if exc.busy:
                raise _Locked(exc.reason) from None
            raise StoreError(f"{path}: cannot open the database ({exc.reason})") from None
        except _NotOurs:
            assert connection is not None
            connection.close()
            raise StoreError(f"{path}: this SQLite file belongs to another program; {_set_aside(path)}") from None
        except sqlite3.DatabaseError as exc:
            if connection is not None:
                connection.close()
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                raise _Locked(str(exc)) from None
            if isinstance(exc, sqlite3.OperationalError) and _code(exc) in _CANNOT_WRITE:
                raise _CannotWrite(_why_not_writable(path, exc)) from None
            if isinstance(exc, sqlite3.OperationalError) and not _damaged(exc):
                # no permission, disk full: the file may be fine, so it is not called damaged
                raise StoreError(f"{path}: cannot open the database ({exc})") from None
            raise StoreError(f"{path}: not a trainer database or damaged ({exc}); {_set_aside(path)}") from None
        except BaseException:
            if connection is not None:
                connection.close()
            raise
        return store

    @classmethod
    def open_read_only(cls, path: Path) -> Store:
        """Open an existing database only to read it (its folder or file cannot be written).

        SQLite's WAL mode needs a writable -shm file even to read; where none can be made the file is
        opened as immutable, which is safe because nothing can write to it either.
        """
        uri = f"file:{urllib.parse.quote(str(path.absolute()))}"
        last: sqlite3.Error | None = None
        for options in ("?mode=ro", "?mode=ro&immutable=1"):
            connection = sqlite3.connect(uri + options, uri=True, timeout=15.0, isolation_level=None)
            try:
                connection.row_factory = sqlite3.Row
                store = cls(connection, path, read_only=True)
                store._check_owner()
                if store.schema_version < SCHEMA_VERSION:
                    connection.close()
                    raise StoreError(
                        f"{path}: made by an older trainer and cannot be upgraded here "
                        f"({_why_not_writable(path, None)})"
                    )
                return store
            except _NotOurs:
                connection.close()
                raise StoreError(f"{path}: this SQLite file belongs to another program") from None
            except sqlite3.DatabaseError as exc:
                connection.close()
                if _damaged(exc):
                    raise StoreError(f"{path}: not a trainer database or damaged ({exc})") from None
                last = exc
        raise StoreError(f"{path}: cannot open the database to read it ({last})")

    def set_busy_timeout(self, seconds: float) -> None:
        """How long a write waits for another program's lock before it fails with SaveError."""
        self._db.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")

    def _check_owner(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        app_id = self._db.execute("PRAGMA application_id").fetchone()[0]
        has_tables = self._db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
        if app_id != APPLICATION_ID and has_tables:
            raise _NotOurs
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: made by a newer trainer (schema {version}, this one knows {SCHEMA_VERSION})"
            )
        if has_tables:
            # a damaged page deep in the file would otherwise surface later, mid-session, as a failed save
            found = self._db.execute("PRAGMA quick_check(1)").fetchone()[0]
            if found != "ok":
                raise sqlite3.DatabaseError(f"integrity check failed: {' '.join(found.split())}")

    def _migrate(self) -> None:
        version = self.schema_version
        for number in range(version, SCHEMA_VERSION):
            with self._transaction():
                if self.schema_version > number:
                    continue  # another process applied this one between our read and our lock
                for statement in _statements(MIGRATIONS[number]):
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                self._db.execute(f"PRAGMA user_version = {number + 1}")

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One write, all or nothing; a write the disk or another program refuses raises SaveError."""
        if self.read_only:
            raise SaveError(self.path, _why_not_writable(self.path, None))
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            if self._db.in_transaction:
                with suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")
            busy = _code(exc) in (_SQLITE_BUSY, _SQLITE_LOCKED) or "locked" in str(exc)
            raise SaveError(self.path, _save_reason(self.path, exc), busy=busy) from None

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    @property
    def schema_version(self) -> int:
        """The applied schema version."""
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    # --- sessions and attempts -------------------------------------------------------------------------

    def start_session(
        self, mode: str, banks: Sequence[str], now: datetime, key_messages: Sequence[str] | None = None
    ) -> int:
        """Record a new session, with the key messages in use (judged in its summary and report), and
        return its id."""
        with self._transaction():
            cursor = self._db.execute(
                "INSERT INTO sessions (mode, started_at, banks, key_messages) VALUES (?, ?, ?, ?)",
                (
                    mode,
                    to_iso(now),
                    json.dumps(list(banks)),
                    json.dumps(list(key_messages)) if key_messages is not None else None,
                ),
            )
        return int(cursor.lastrowid or 0)

    def end_session(self, session_id: int, now: datetime) -> None:
        """Mark a session as ended."""
        with self._transaction():
            self._db.execute("UPDATE sessions SET ended_at = ? WHERE id = ?", (to_iso(now), session_id))

    def save_attempt(self, session_id: int, attempt: Attempt) -> int:
        """Save one scored answer at once and return its id."""
        score, delivery, question = attempt.score, attempt.score.delivery, attempt.question
        with self._transaction():
            cursor = self._db.execute(
                """INSERT INTO attempts (session_id, question_id, question_text, kind, bank, answer, transcript,
                       points, verdicts, method, words, fillers, filler_words, duration_s, time_limit_s, spoken,
                       weak, started_at, ended_at, structure, follow_up)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    session_id,
                    question.id,
                    question.text,
                    question.kind,
                    question.bank,
                    attempt.answer,
                    attempt.transcript,
                    json.dumps([v.point for v in score.points]),
                    json.dumps([verdict_json(v) for v in score.points]),
                    score.method,
                    delivery.words,
                    delivery.fillers,
                    json.dumps(list(delivery.filler_words)),
                    delivery.duration_s,
                    delivery.time_limit_s,
                    int(delivery.spoken),
                    int(score.weak),
                    to_iso(attempt.started_at),
                    to_iso(attempt.ended_at),
                    structure_json(score.structure),
                    follow_up_json(attempt.follow_up),
                ),
            )
        return int(cursor.lastrowid or 0)

    def update_attempt(self, attempt: Attempt) -> None:
        """Rewrite a saved attempt's answer and verdicts (a fixed transcript, or a verdict the user flipped)."""
        if attempt.id is None:
            raise ValueError("the attempt has not been saved")
        score = attempt.score
        with self._transaction():
            self._db.execute(
                "UPDATE attempts SET answer = ?, verdicts = ?, method = ?, words = ?, fillers = ?, filler_words = ?, "
                "weak = ?, structure = ?, follow_up = ? WHERE id = ?",
                (
                    attempt.answer,
                    json.dumps([verdict_json(v) for v in score.points]),
                    score.method,
                    score.delivery.words,
                    score.delivery.fillers,
                    json.dumps(list(score.delivery.filler_words)),
                    int(score.weak),
                    structure_json(score.structure),
                    follow_up_json(attempt.follow_up),
                    attempt.id,
                ),
            )

    def session(self, session_id: int) -> SessionInfo | None:
        """A session with its attempts, or None."""
        row = self._db.execute("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            return None
        rows = self._db.execute("SELECT * FROM attempts WHERE session_id = ? ORDER BY id", (session_id,)).fetchall()
        return SessionInfo(
            id=row["id"],
            mode=row["mode"],
            started_at=from_iso(row["started_at"]),
            ended_at=from_iso(row["ended_at"]) if row["ended_at"] else None,
            banks=tuple(json.loads(row["banks"])),
            attempts=tuple(attempt_from_row(r) for r in rows),
            key_messages=tuple(json.loads(row["key_messages"])) if row["key_messages"] is not None else None,
        )

    def last_session_id(self) -> int | None:
        """The most recent session that has at least one attempt."""
        row = self._db.execute(
            "SELECT s.id FROM sessions s WHERE EXISTS (SELECT 1 FROM attempts a WHERE a.session_id = s.id) "
            "ORDER BY s.started_at DESC, s.id DESC LIMIT 1"
        ).fetchone()
        return int(row[0]) if row else None

    def attempts(self, question_id: str | None = None) -> list[Attempt]:
        """Every saved attempt, oldest first, optionally for one question."""
        if question_id is None:
            rows = self._db.execute("SELECT * FROM attempts ORDER BY ended_at, id").fetchall()
        else:
            rows = self._db.execute(
                "SELECT * FROM attempts WHERE question_id = ? ORDER BY ended_at, id", (question_id,)
            ).fetchall()
        return [attempt_from_row(r) for r in rows]

    def recent_attempts(
        self, limit: int, *, weak_only: bool = False, bank: str | None = None, question_id: str | None = None
    ) -> list[Attempt]:
        """The newest `limit` attempts that pass the filters, newest first (a page of a long history)."""
        where, values = self._history_filter(weak_only, bank, question_id)
        rows = self._db.execute(
            f"SELECT * FROM attempts{where} ORDER BY ended_at DESC, id DESC LIMIT ?", (*values, limit)
        ).fetchall()
        return [attempt_from_row(r) for r in rows]

    def count_attempts(
        self, *, weak_only: bool = False, bank: str | None = None, question_id: str | None = None
    ) -> int:
        """How many attempts pass the filters."""
        where, values = self._history_filter(weak_only, bank, question_id)
        return int(self._db.execute(f"SELECT count(*) FROM attempts{where}", values).fetchone()[0])

    @staticmethod
    def _history_filter(weak_only: bool, bank: str | None, question_id: str | None) -> tuple[str, tuple[Any, ...]]:
        clauses, values = [], []
        if weak_only:
            clauses.append("weak = 1")
        if bank is not None:
            clauses.append("bank = ?")
            values.append(bank)
        if question_id is not None:
            clauses.append("question_id = ?")
            values.append(question_id)
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), tuple(values)

    def verdict_counts(self) -> tuple[int, int]:
        """(verdicts given, how many of them the user overrode), counted by SQLite over every answer."""
        row = self._db.execute(
            "SELECT count(*), coalesce(sum(json_extract(v.value, '$.overridden')), 0) "
            "FROM attempts, json_each(attempts.verdicts) AS v"
        ).fetchone()
        return int(row[0]), int(row[1])

    def answer_times(self) -> list[datetime]:
        """When each answer ended, oldest first."""
        return [from_iso(r[0]) for r in self._db.execute("SELECT ended_at FROM attempts ORDER BY ended_at")]

    def answered_banks(self) -> list[str]:
        """The banks of the saved answers, by name."""
        rows = self._db.execute("SELECT DISTINCT bank FROM attempts WHERE bank IS NOT NULL AND bank != ''")
        return sorted(r[0] for r in rows)

    def answered_questions(self) -> list[tuple[str, str]]:
        """(id, text) of each question answered, by text (the text as last saved)."""
        rows = self._db.execute(
            "SELECT question_id, question_text FROM attempts "
            "WHERE id IN (SELECT max(id) FROM attempts GROUP BY question_id)"
        ).fetchall()
        return sorted(((r[0], r[1]) for r in rows), key=lambda q: q[1])

    def dump(self) -> dict[str, list[dict[str, Any]]]:
        """Every row of every table, as stored, read in one transaction (for `trainer data export`)."""
        self._db.execute("BEGIN")  # one snapshot: a save by another process lands wholly before or after
        try:
            names = [
                r[0]
                for r in self._db.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
                )
            ]
            return {
                name: [dict(r) for r in self._db.execute(f'SELECT * FROM "{name}" ORDER BY rowid')] for name in names
            }
        finally:
            self._db.execute("COMMIT")

    def attempt_counts(self) -> tuple[int, int]:
        """(answers saved, how many of them weak)."""
        row = self._db.execute("SELECT count(*), coalesce(sum(weak), 0) FROM attempts").fetchone()
        return int(row[0]), int(row[1])

    # --- the user's own points ---------------------------------------------------------------------------

    def set_user_points(self, question_id: str, points: Sequence[str], now: datetime) -> None:
        """Save the user's three points for a question, replacing any earlier ones."""
        with self._transaction():
            self._db.execute(
                "INSERT INTO user_points (question_id, points, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT(question_id) DO UPDATE SET points = excluded.points, updated_at = excluded.updated_at",
                (question_id, json.dumps(list(points)), to_iso(now)),
            )

    def user_points(self) -> dict[str, tuple[str, ...]]:
        """The user's own points, by question id."""
        rows = self._db.execute("SELECT question_id, points FROM user_points").fetchall()
        return {r["question_id"]: tuple(json.loads(r["points"])) for r in rows}

    # --- the user's key messages -------------------------------------------------------------------------

    def set_key_messages(self, messages: Sequence[str], now: datetime) -> None:
        """Save up to three key messages, replacing the earlier ones (none saved: config.yaml's are used)."""
        if len(messages) > 3:
            raise ValueError(f"at most three key messages, got {len(messages)}")
        with self._transaction():
            self._db.execute("DELETE FROM key_messages")
            self._db.executemany(
                "INSERT INTO key_messages (position, message, updated_at) VALUES (?, ?, ?)",
                [(position, message, to_iso(now)) for position, message in enumerate(messages, start=1)],
            )

    def key_messages(self) -> tuple[str, ...]:
        """The saved key messages, in order; empty when none were saved."""
        rows = self._db.execute("SELECT message FROM key_messages ORDER BY position").fetchall()
        return tuple(r["message"] for r in rows)

    # --- what the user wrote after a session --------------------------------------------------------------

    def save_follow_up(self, session_id: int, note: str, now: datetime) -> None:
        """Save the session's follow-up note as the user edited it."""
        with self._transaction():
            self._db.execute(
                "INSERT INTO session_notes (session_id, follow_up, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT(session_id) DO UPDATE SET follow_up = excluded.follow_up, "
                "updated_at = excluded.updated_at",
                (session_id, note, to_iso(now)),
            )

    def follow_up(self, session_id: int) -> str | None:
        """The saved follow-up note, or None when the user never saved one (the draft is then rebuilt)."""
        row = self._db.execute("SELECT follow_up FROM session_notes WHERE session_id = ?", (session_id,)).fetchone()
        return row["follow_up"] if row else None

    def save_reflection(self, session_id: int, reflection: Reflection, now: datetime) -> None:
        """Save the user's reflection on a session, replacing an earlier one (an empty one clears it)."""
        reflected = None if reflection.empty else to_iso(now)
        with self._transaction():
            self._db.execute(
                "INSERT INTO session_notes (session_id, went_well, went_wrong, next_time, reflected_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(session_id) DO UPDATE SET went_well = excluded.went_well, "
                "went_wrong = excluded.went_wrong, next_time = excluded.next_time, "
                "reflected_at = excluded.reflected_at, updated_at = excluded.updated_at",
                (session_id, *reflection.answers(), reflected, to_iso(now)),
            )

    def reflection(self, session_id: int) -> Reflection | None:
        """The user's reflection on a session, or None when they never wrote one."""
        return self.reflections([session_id]).get(session_id)

    def reflections(self, session_ids: Sequence[int] | None = None) -> dict[int, Reflection]:
        """The reflections written, by session id (all of them, or those of `session_ids`)."""
        query = "SELECT * FROM session_notes WHERE reflected_at IS NOT NULL"
        if session_ids is None:
            rows = self._db.execute(query).fetchall()
        else:
            marks = ", ".join("?" * len(session_ids))
            rows = self._db.execute(f"{query} AND session_id IN ({marks})", tuple(session_ids)).fetchall()
        return {r["session_id"]: Reflection(r["went_well"], r["went_wrong"], r["next_time"]) for r in rows}

    # --- the drill schedule ------------------------------------------------------------------------------

    def save_card(self, card: ReviewCard) -> None:
        """Save a question's card, replacing the one it had."""
        with self._transaction():
            self._db.execute(
                "INSERT OR REPLACE INTO cards (question_id, question_text, fsrs_card, due, lapses, leech, "
                "last_verdicts, last_rating, last_review, reviews) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    card.question_id,
                    card.question_text,
                    card.fsrs_card,
                    to_iso(card.due),
                    card.lapses,
                    int(card.leech),
                    json.dumps([verdict_json(v) for v in card.last_verdicts]),
                    card.last_rating,
                    to_iso(card.last_review),
                    card.reviews,
                ),
            )

    def delete_card(self, question_id: str) -> None:
        """Drop a question from the drill schedule (no weak answer of it is left)."""
        with self._transaction():
            self._db.execute("DELETE FROM cards WHERE question_id = ?", (question_id,))

    def cards(self) -> list[ReviewCard]:
        """Every card, soonest due first."""
        rows = self._db.execute("SELECT * FROM cards ORDER BY due, question_id").fetchall()
        return [card_from_row(r) for r in rows]

    def stale_card_questions(self) -> list[str]:
        """Questions whose card is missing or older than their latest attempt (e.g. saved before cards existed)."""
        rows = self._db.execute(
            "SELECT a.question_id FROM attempts a LEFT JOIN cards c ON c.question_id = a.question_id "
            "GROUP BY a.question_id "
            "HAVING (c.question_id IS NULL AND sum(a.weak) > 0) "
            "OR (c.question_id IS NOT NULL AND max(a.ended_at) > c.last_review) "
            "ORDER BY a.question_id"
        ).fetchall()
        return [r[0] for r in rows]


class SaveError(StoreError):
    """A write that did not happen (disk full, another program holding the lock, read-only data).

    Nothing was changed; the same write can be tried again later. `reason` is said in the user's words.
    """

    def __init__(self, path: Path, reason: str, *, busy: bool = False) -> None:
        self.path = path
        self.reason = reason
        #: another program holds the lock (the write will most likely succeed once it lets go)
        self.busy = busy
        super().__init__(f"{path}: not saved: {reason}")


class _CannotWrite(Exception):
    """The database or its folder cannot be written (turned into a read-only open or a StoreError)."""


class _Locked(Exception):
    """Another process holds the lock that opening needs (retried by `Store.open`)."""


class _NotOurs(Exception):
    """Raised inside Store.open for a SQLite file of another program (turned into a StoreError there)."""


#: SQLite's primary result codes
_SQLITE_PERM, _SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY, _SQLITE_IOERR = 3, 5, 6, 8, 10
_SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 11, 13, 14, 26


#: what opening says when the file or its folder cannot be written (or the disk is full: the -shm cannot grow)
_CANNOT_WRITE = (_SQLITE_READONLY, _SQLITE_CANTOPEN, _SQLITE_IOERR, _SQLITE_FULL, _SQLITE_PERM)


def _code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def _damaged(exc: sqlite3.DatabaseError) -> bool:
    return _code(exc) in (_SQLITE_CORRUPT, _SQLITE_NOTADB)


def _save_reason(path: Path, exc: sqlite3.Error) -> str:
    """Why a write failed, as the user can act on it."""
    code = _code(exc)
    if code == _SQLITE_FULL or "disk is full" in str(exc):
        return "the disk is full"
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED) or "locked" in str(exc):
        return "another program is writing to your practice data"
    if code in (_SQLITE_READONLY, _SQLITE_PERM, _SQLITE_CANTOPEN):
        return _why_not_writable(path, exc)
    if code == _SQLITE_IOERR:
        why = _why_not_writable(path, exc)
        return why if why == "the disk is full" else f"the disk could not be written ({exc})"
    return str(exc)


def _writable(path: Path) -> bool:
    """True when the database and its folder can be written (SQLite's WAL needs both)."""
    return (not path.exists() or os.access(path, os.W_OK)) and os.access(path.parent, os.W_OK)


def _why_not_writable(path: Path, exc: sqlite3.Error | None) -> str:
    try:
        disk = os.statvfs(path.parent)
        read_only_fs, full = bool(disk.f_flag & os.ST_RDONLY), disk.f_bavail == 0
    except OSError:
        read_only_fs = full = False
    if full:
        return "the disk is full"
    if read_only_fs:
        return f"{path.parent} is on a read-only file system"
    if not os.access(path.parent, os.W_OK):
        return f"the folder {path.parent} is read-only for you"
    if path.exists() and not os.access(path, os.W_OK):
        return f"{path.name} is read-only for you (its mode is {stat.S_IMODE(path.stat().st_mode):o})"
    return f"your practice data is read-only ({exc})" if exc is not None else "your practice data is read-only"


def _set_aside(path: Path) -> str:
    """Back up a file the app will not open, and say where the copy is (the file itself stays as it is)."""
    from trainer.core.db_backup import back_up

    if not path.is_file():
        return "it was left as it is"
    try:
        copy = back_up(path)
    except OSError as exc:
        return f"the file was left as it is (no backup could be made: {exc.strerror or exc})"
    return f"the file was left as it is and copied to {copy.name}"


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]
