"""Scale benchmark: Review with 30,000 saved answers, Home and Start practice with 5,000 banks, and lexical
scoring of a 50,000-character answer of number words.

Targets (issue 15): each under 1 s. Run: .venv/bin/python bench/scale.py
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        os.environ["TRAINER_HOME"] = home
        Path(home, "config.yaml").write_text("use_judge: false\n", encoding="utf-8")
        review_s = asyncio.run(review_with_answers(30_000))
        print(f"Review, 30,000 answers: {review_s:.2f} s of the screen's time (target < 1 s)")
    with tempfile.TemporaryDirectory() as home:
        os.environ["TRAINER_HOME"] = home
        home_s, start_s = asyncio.run(home_with_banks(Path(home), 5_000))
        print(f"Home, 5,000 banks: {home_s:.2f} s; Start practice: {start_s:.2f} s (targets < 1 s)")
    from trainer.core.scoring import score_answer

    answer = ("nine hundred and ninety nine " * 2_000)[:50_000]
    started = time.process_time()
    score_answer(answer, ["cut costs by forty percent", "a team of three", "in two weeks"], judge=None)
    print(f"Lexical scoring, 50,000 characters of number words: {time.process_time() - started:.2f} s (< 1 s)")


def _app(store: object) -> object:
    from trainer.config import Settings
    from trainer.ui.app import make_app

    return make_app(
        settings=Settings(use_judge=False),
        store=store,  # type: ignore[arg-type]
        judge_loader=None,
        recogniser_loader=None,
        speaker_loader=None,
        microphone_check=lambda: (False, "no microphone"),
    )


async def review_with_answers(count: int) -> float:
    from trainer import paths
    from trainer.core.models import Attempt, Question
    from trainer.core.scheduling import refresh_cards
    from trainer.core.scoring import score_answer
    from trainer.core.store import Store

    store = Store.open(paths.db_path())
    questions = [
        Question(f"q-{i}", f"Question {i}?", talking_points=("a b", "c d", "e f"), bank="Stock") for i in range(300)
    ]
    score = score_answer("a b and c d", ["a b", "c d", "e f"], duration_s=60, time_limit_s=120, spoken=True)
    start = datetime(2018, 1, 1, tzinfo=UTC)
    store._db.execute("BEGIN")
    real = store._transaction
    store._transaction = contextlib.nullcontext  # type: ignore[assignment,method-assign]
    for session in range(count // 10):
        day = start + timedelta(days=session // 3, hours=session % 3)
        session_id = store.start_session("practice", ["Stock"], day)
        for k in range(10):
            when = day + timedelta(minutes=k)
            attempt = Attempt(questions[(session * 10 + k) % 300], "a b and c d", score, when, when)
            store.save_attempt(session_id, attempt)
    store._transaction = real  # type: ignore[method-assign]
    store._db.execute("COMMIT")
    refresh_cards(store)
    app = _app(store)
    async with app.run_test(size=(120, 40)) as pilot:  # type: ignore[attr-defined]
        await pilot.pause()
        started = time.thread_time()
        app.open_review()  # type: ignore[attr-defined]
        await pilot.pause()
        took = time.thread_time() - started
    store.close()
    return took


async def home_with_banks(home: Path, count: int) -> tuple[float, float]:
    from trainer import paths
    from trainer.core.store import Store

    folder = home / "banks"
    folder.mkdir()
    for i in range(count):
        (folder / f"bank-{i}.yaml").write_text(
            f"name: Bank {i}\nquestions:\n  - id: b{i}-one\n    text: Question one of bank {i}?\n", encoding="utf-8"
        )
    store = Store.open(paths.db_path())
    started = time.process_time()
    app = _app(store)
    async with app.run_test(size=(120, 40)) as pilot:  # type: ignore[attr-defined]
        await pilot.pause()
        home_s = time.process_time() - started
        started = time.process_time()
        await pilot.press("p")
        await pilot.pause()
        start_s = time.process_time() - started
    store.close()
    return home_s, start_s


if __name__ == "__main__":
    main()
