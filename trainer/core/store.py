"""SQLite persistence (stdlib sqlite3): sessions and attempts, committed the moment each is scored."""

from __future__ import annotations

from datetime import UTC, datetime

from trainer.core.store_cards import CardStore
from trainer.core.store_history import SessionHistory
from trainer.core.store_notes import UserNotes


def utc_now() -> datetime:
    """The current time, timezone-aware UTC (the clock callers inject defaults to this)."""
    return datetime.now(UTC)


class Store(SessionHistory, UserNotes, CardStore):
    """The user's practice history in one SQLite file (WAL, mode 0600, versioned schema).

    Opening and transactions are StoreFile's; each table group is its own module.
    """
