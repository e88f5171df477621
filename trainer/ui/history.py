"""What Review shows, read and worked out in one go: on the UI thread, or in a worker for a long history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.text import Text

from trainer.core.models import Attempt, ReviewCard
from trainer.core.progress import (
    Agreement,
    SessionPoints,
    agreement,
    fillers_over_time,
    pace_over_time,
    points_per_session,
    streak,
)
from trainer.core.reflection import Reflection
from trainer.core.scheduling import due_summary
from trainer.core.store import Store
from trainer.ui.plain import cleaned

#: A plot shows at most this many points, the latest
MAX_PLOTTED = 300
#: In a long history, the newest answers read whole (for the plots); the rest is counted by SQL
RECENT = 3_000


def overview_text(attempts: list[Attempt], cards: list[ReviewCard], now: datetime) -> Text:
    """The streak, the totals, the drill queue, and how often the user agreed with the trainer."""
    weak = sum(a.score.weak for a in attempts)
    return _overview([a.ended_at for a in attempts], weak, agreement(attempts), cards, now)


def _overview(moments: list[datetime], weak: int, agreed: Agreement, cards: list[ReviewCard], now: datetime) -> Text:
    text = Text()
    days = streak(moments, now)
    text.append(f"Streak: {days} day{'s' if days != 1 else ''}", style="bold")
    answers = f"{len(moments)} answer{'s' if len(moments) != 1 else ''}"
    text.append(f" · {answers}, {weak} weak · drill: {due_summary(cards, now)}")
    text.append("\n")
    if agreed.share is None and not agreed.unsure:
        text.append("No verdicts yet.", style="dim")
    if agreed.share is not None:
        text.append(
            f"You agreed with the trainer on {agreed.share:.0%} of ticks and crosses "
            f"({agreed.flipped} of {agreed.verdicts} flipped).",
            style="dim",
        )
    if agreed.unsure:
        text.append(
            f" Unsure: {agreed.unsure} — you said made {agreed.unsure_made}, not made {agreed.unsure_missed}, "
            f"{agreed.unsure_open} unanswered.",
            style="dim",
        )
    return text


@dataclass(frozen=True)
class History:
    """Everything Review shows, read and worked out in one go (in a worker thread for a long history)."""

    attempts: list[Attempt]
    cards: list[ReviewCard]
    reflections: dict[int, Reflection]
    overview: Text
    banks: list[str]
    questions: list[tuple[str, str]]
    sessions: list[SessionPoints]
    fillers: list[tuple[datetime, float]]
    pace: list[tuple[datetime, float]]


def read_history(store: Store, now: datetime, cards: list[ReviewCard], *, everything: bool = True) -> History:
    """Read the saved answers and work out the overview, filters and plot series.

    Not `everything` (a long history): the totals, streak and filters come from SQL over every answer, and
    only the newest RECENT answers are read whole, for the plots; the table asks SQL for each page.
    """
    if everything:
        attempts = store.attempts()
        questions = sorted({a.question.id: a.question.text for a in attempts}.items(), key=lambda q: q[1])
        banks = sorted({a.question.bank for a in attempts if a.question.bank})
        overview = overview_text(attempts, cards, now)
    else:
        attempts = store.recent_attempts(RECENT)[::-1]
        questions, banks = store.answered_questions(), store.answered_banks()
        verdicts, flipped = store.verdict_counts()
        weak = store.attempt_counts()[1]
        overview = _overview(store.answer_times(), weak, Agreement(verdicts - flipped, verdicts), cards, now)
    return History(
        attempts=attempts,
        cards=cards,
        reflections=store.reflections(),
        overview=cleaned(overview),
        banks=banks,
        questions=questions,
        sessions=points_per_session(attempts)[-MAX_PLOTTED:],
        fillers=fillers_over_time(attempts)[-MAX_PLOTTED:],
        pace=pace_over_time(attempts)[-MAX_PLOTTED:],
    )
