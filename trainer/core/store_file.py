"""The practice data's SQLite file: opening it (ours, migrated, WAL, mode 0600; read-only when it must be),
waiting out another process's lock, and writing in all-or-nothing transactions that fail as SaveError."""

from __future__ import annotations

import os
import sqlite3
import stat
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Self

from trainer.core.errors import SaveError, StoreError
from trainer.core.files import FileProblem, check_regular, os_reason
from trainer.core.migrations import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

#: How long opening waits out another process's lock (the same as a write's busy timeout).
OPEN_RETRY_S = 15.0


class StoreFile:
    """The SQLite file itself: opened safely (ours, migrated, WAL, 0600), written in transactions."""

    def __init__(self, connection: sqlite3.Connection, path: Path, *, read_only: bool = False) -> None:
        self._db = connection
        self.path = path
        #: opened only to read (its folder or file cannot be written): every save fails with SaveError
        self.read_only = read_only

    # --- opening -------------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, *, reading_will_do: bool = False) -> Self:
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
    def _open_once(cls, path: Path) -> Self:
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
    def open_read_only(cls, path: Path) -> Self:
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
        # one statement, so one snapshot: read apart, another process's first migration could commit in between,
        # and a file with tables but no mark yet (as read a moment before) would be taken for another program's
        version, app_id, tables = self._db.execute(
            "SELECT (SELECT user_version FROM pragma_user_version()),"
            " (SELECT application_id FROM pragma_application_id()),"
            " (SELECT count(*) FROM sqlite_master)"
        ).fetchone()
        has_tables = tables > 0
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
