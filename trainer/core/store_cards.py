"""The drill schedule: one review card per question, kept in step with the attempts."""

from __future__ import annotations

import json

from trainer.core.models import ReviewCard
from trainer.core.rows import (
    card_from_row,
    to_iso,
    verdict_json,
)
from trainer.core.store_file import StoreFile


class CardStore(StoreFile):
    """The review cards table."""

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
