"""Saves scored answers as the practice screen does, printing each tag only once its commit has returned.

Run as `python save_driver.py TAG COUNT [FLIP_EVERY [OPEN_ROWS]]` with TRAINER_HOME set; the crash tests kill
it anywhere. Lines: `saving TAG-N` before a save, `scored TAG-N` after it (the moment the app shows the
verdict), `flipped TAG-N` after a verdict flip is committed, `done` at the end. With OPEN_ROWS, it then
writes that many more answers in one transaction, prints `inside` and waits, never committing: a kill there
is a kill mid-write, with the uncommitted rows already in the WAL file.
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from datetime import timedelta

from trainer import paths
from trainer.core.models import Attempt, Question
from trainer.core.scheduling import update_card
from trainer.core.scoring import score_answer
from trainer.core.store import Store, utc_now

QUESTIONS = (
    Question("crash-a", "Tell me about a migration.", talking_points=("led the migration", "cut costs", "on time")),
    Question("crash-b", "A conflict?", talking_points=("listened first", "found common ground", "kept the deadline")),
    Question("crash-c", "Why us?", talking_points=("your product", "my experience fits", "long term growth")),
)
ANSWERS = (
    "I led the migration of billing and we cut costs by a third, shipping on time.",
    "Um, honestly I just did what I was told and it was fine.",
    "I listened first, found common ground with the designer and we kept the deadline.",
)


def main() -> None:
    tag, count = sys.argv[1], int(sys.argv[2])
    flip_every = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    out = sys.stdout
    store = Store.open(paths.db_path())
    session_id = store.start_session("practice", ["crash"], utc_now())
    for n in range(count):
        question = QUESTIONS[n % len(QUESTIONS)]
        answer = f"{ANSWERS[n % len(ANSWERS)]} ({tag}-{n})"
        score = score_answer(answer, question.talking_points, duration_s=20.0, time_limit_s=120.0, spoken=True)
        ended = utc_now()
        attempt = Attempt(question, answer, score, started_at=ended - timedelta(seconds=20), ended_at=ended)
        out.write(f"saving {tag}-{n}\n")
        out.flush()
        attempt = replace(attempt, id=store.save_attempt(session_id, attempt), session_id=session_id)
        out.write(f"scored {tag}-{n}\n")
        out.flush()
        update_card(store, question.id)
        if flip_every and n % flip_every == 0:
            store.update_attempt(replace(attempt, score=attempt.score.flipped(0)))
            update_card(store, question.id)
            out.write(f"flipped {tag}-{n}\n")
            out.flush()
    store.end_session(session_id, utc_now())
    if len(sys.argv) > 4:
        hold_open(store, tag, int(sys.argv[4]))
    store.close()
    out.write("done\n")
    out.flush()


def hold_open(store: Store, tag: str, rows: int) -> None:
    """Write `rows` answers in one transaction and wait for the kill (the store's own connection, so its settings)."""
    db = store._db  # the Store commits every save at once; only a test can leave a write half done
    db.execute("BEGIN IMMEDIATE")
    columns = [r[1] for r in db.execute("PRAGMA table_info(attempts)") if r[1] != "id"]
    picked = ", ".join(f"answer || ' ({tag}-open-' || i || ')'" if c == "answer" else c for c in columns)
    db.execute(
        f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
        f"INSERT INTO attempts ({', '.join(columns)}) SELECT {picked} FROM n, (SELECT * FROM attempts LIMIT 1)",
        (rows,),
    )
    sys.stdout.write("inside\n")
    sys.stdout.flush()
    time.sleep(120)


if __name__ == "__main__":
    main()
