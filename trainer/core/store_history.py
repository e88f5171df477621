"""Sessions and the attempts in them: saved the moment each answer is scored, and the history read back."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from trainer.core.models import Attempt, SessionInfo
from trainer.core.rows import (
    attempt_from_row,
    follow_up_json,
    from_iso,
    structure_json,
    to_iso,
    verdict_json,
)
from trainer.core.store_file import StoreFile


class SessionHistory(StoreFile):
    """The sessions and attempts tables."""

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
