"""Between practice and the drill schedule, for the TUI: the use cases called, and what they did said as notices."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from trainer.core.models import Attempt, Question, ReviewCard
from trainer.core.scheduling import leech_advice
from trainer.core.session import PracticeSession
from trainer.use_cases import drill as drill_plans
from trainer.use_cases.recording import Recorded, record_attempt

if TYPE_CHECKING:
    from trainer.ui.app import TrainerApp
    from trainer.ui.options import PracticeOptions


def record_answer(
    app: TrainerApp, session_id: int, attempt: Attempt, session: PracticeSession | None = None
) -> Attempt:
    """Save the attempt (new or changed) and update the schedule after it; returns the attempt as saved."""
    recorded = record_attempt(app.store, session_id, attempt, session)
    _say_recorded(app, recorded)
    return recorded.attempt


def _say_recorded(app: TrainerApp, recorded: Recorded) -> None:
    if recorded.requeued:
        app.notify("This question comes back at the end of the session.", timeout=4)
    if recorded.leech is not None:
        _notify_leech(app, recorded.leech)


def start_drill(app: TrainerApp, base: PracticeOptions, *, early: bool = False) -> bool:
    """A session of the due questions, most overdue first; False (with a notice saying when) if none is due.

    `early`: the questions not yet due, soonest first, for a user who wants to drill now anyway.
    """
    plan = drill_plans.plan_drill(app.store, app.catalog, app.clock(), early=early)
    if not plan.question_ids:
        message = plan.message
        if plan.not_in_banks:
            # their banks were removed or renamed: say so rather than claim nothing is due
            message = f"{plan.not_in_banks} due question(s) are in no loaded bank (trainer queue lists them)."
        elif plan.early_possible:
            message += " Press d again to drill early."
        app.notify(message, title="Drill", timeout=10)
        return False
    if len(plan.leeches) == 1:
        _notify_leech(app, plan.leeches[0])
    elif plan.leeches:
        # one notice for all of them: a toast each would cover the first question
        app.notify(
            f"{len(plan.leeches)} questions keep coming back weak: drilling will not fix them. Rewrite their stories "
            "and points (b, then e on the question); Review's drill queue marks them ⚑.",
            title="Leech",
            severity="warning",
            timeout=15,
        )
    return app.start_practice(replace(base, question_ids=plan.question_ids, mode="drill", retry_weak=True))


def missed_last_time(app: TrainerApp, question: Question) -> tuple[str, ...]:
    """The points the question's last answer missed, as its drill card saved them (none without a card)."""
    return drill_plans.missed_last_time(app.store, question)


def _notify_leech(app: TrainerApp, card: ReviewCard) -> None:
    app.notify(f"“{card.question_text}” {leech_advice(card)}", title="Leech", severity="warning", timeout=15)
