"""What the user wrote themselves: their own talking points, key messages, follow-up notes and reflections."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from trainer.core.reflection import Reflection
from trainer.core.rows import (
    to_iso,
)
from trainer.core.store_file import StoreFile


class UserNotes(StoreFile):
    """The user's own points, key messages, follow-up notes and reflections."""

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
