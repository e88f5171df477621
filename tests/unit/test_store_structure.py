"""An answer's structure and its follow-up are saved with it; answers saved before either still load."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from trainer.core.migrations import APPLICATION_ID, MIGRATIONS
from trainer.core.models import Attempt, Question
from trainer.core.probe import Probe, ProbeAnswer
from trainer.core.scoring import score_answer
from trainer.core.store import Store

T0 = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
QUESTION = Question("pressure", "Tell me about pressure.", talking_points=("a checklist", "b", "c"))
ANSWER = "I was a lead at a shop. My job was to fix it. I think I moved the tills. Sales rose by a third."


def _attempt(follow_up: ProbeAnswer | None) -> Attempt:
    score = score_answer(ANSWER, QUESTION.talking_points)
    return Attempt(QUESTION, ANSWER, score, T0 - timedelta(seconds=40), T0, follow_up=follow_up)


@pytest.mark.parametrize(
    "follow_up",
    [
        None,
        ProbeAnswer(Probe("Anything else?", "point", 0), "I wrote a checklist.", made=True, evidence="a checklist"),
        ProbeAnswer(Probe("What was the result?", "result", None), None),
    ],
    ids=["none", "made-when-asked", "skipped"],
)
def test_structure_and_follow_up_round_trip(tmp_path: Path, follow_up: ProbeAnswer | None) -> None:
    store = Store.open(tmp_path / "trainer.db")
    try:
        session = store.start_session("practice", ["Stock"], T0)
        attempt = _attempt(follow_up)
        attempt_id = store.save_attempt(session, attempt)
        (saved,) = store.attempts()
        assert saved == replace(attempt, id=attempt_id, session_id=session)
        assert saved.score.structure is not None and saved.score.structure.star.result_measurable
        assert [h.phrase for h in saved.score.structure.hedges] == ["i think"]
        # a follow-up answered later updates the same row
        answered = ProbeAnswer(Probe("Say more?", "point", 1), "b indeed", made=True)
        store.update_attempt(replace(saved, follow_up=answered))
        assert store.attempts()[0].follow_up == answered
    finally:
        store.close()


def test_an_answer_saved_before_structure_was_measured_gets_it_on_load(tmp_path: Path) -> None:
    path = tmp_path / "trainer.db"
    db = sqlite3.connect(path, isolation_level=None)
    for script in MIGRATIONS[:4]:
        db.executescript(script)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA user_version = 4")
    db.execute("INSERT INTO sessions (id, mode, started_at) VALUES (1, 'practice', ?)", (T0.isoformat(),))
    db.execute(
        """INSERT INTO attempts (session_id, question_id, question_text, kind, answer, points, verdicts, method,
               words, fillers, weak, started_at, ended_at)
           VALUES (1, 'q', 'Q?', 'stock', ?, '[]', '[]', 'lexical', 20, 0, 0, ?, ?)""",
        (ANSWER, T0.isoformat(), T0.isoformat()),
    )
    db.close()
    store = Store.open(path)
    try:
        (old,) = store.attempts()
        assert old.follow_up is None
        assert old.score.structure is not None and old.score.structure.star.missing == ()
    finally:
        store.close()
