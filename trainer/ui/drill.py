"""Between practice and the drill schedule: cards updated after each answer; drills made of the due cards."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from trainer.core.models import Attempt, Question, ReviewCard
from trainer.core.scheduling import due_cards, leech_advice, nothing_due_message, refresh_cards, update_card
from trainer.core.session import PracticeSession

if TYPE_CHECKING:
    from trainer.ui.app import PracticeOptions, TrainerApp


def after_attempt(app: TrainerApp, attempt: Attempt, session: PracticeSession | None = None) -> ReviewCard | None:
    """Update the question's card from its saved attempts, and keep a weak question for later in the session.

    Called after every save of an attempt: a new answer, a fixed transcript, a flipped verdict.
    """
    before = {c.question_id: c for c in app.store.cards()}.get(attempt.question.id)
    card = update_card(app.store, attempt.question.id)
    if session is not None and session.retry_weak:
        question = attempt.question
        # weak if any answer to it in this session was: a good retry does not cancel the spaced return
        weak = any(a.score.weak for a in session.attempts if a.question.id == question.id)
        if weak and session.requeue(question):
            app.notify("This question comes back at the end of the session.", timeout=4)
        elif not weak:
            session.cancel_requeue(question)
    if card is not None and card.leech and not (before is not None and before.leech):
        app.notify(f"“{card.question_text}” {leech_advice(card)}", title="Leech", severity="warning", timeout=15)
    return card


#: an early drill takes the questions that come back soonest, at most this many
EARLY_DRILL_MAX = 5


def start_drill(app: TrainerApp, base: PracticeOptions, *, early: bool = False) -> bool:
    """A session of the due questions, most overdue first; False (with a notice saying when) if none is due.

    `early`: the questions not yet due, soonest first, for a user who wants to drill now anyway.
    """
    now = app.clock()
    cards = refresh_cards(app.store)
    known = {q.id for q in app.catalog.questions()}
    due = due_cards(cards, now)
    if early:
        due = sorted((c for c in cards if c.due > now), key=lambda c: (c.due, c.question_id))[:EARLY_DRILL_MAX]
    ids = tuple(c.question_id for c in due if c.question_id in known)
    if not ids:
        message = nothing_due_message(cards, now)
        if due:
            # their banks were removed or renamed: say so rather than claim nothing is due
            message = f"{len(due)} due question(s) are in no loaded bank (trainer queue lists them)."
        elif any(c.question_id in known for c in cards):
            message += " Press d again to drill early."
        app.notify(message, title="Drill", timeout=10)
        return False
    leeches = [c for c in due if c.leech and c.question_id in ids]
    if len(leeches) == 1:
        card = leeches[0]
        app.notify(f"“{card.question_text}” {leech_advice(card)}", title="Leech", severity="warning", timeout=15)
    elif leeches:
        # one notice for all of them: a toast each would cover the first question
        app.notify(
            f"{len(leeches)} questions keep coming back weak: drilling will not fix them. Rewrite their stories "
            "and points (b, then e on the question); Review's drill queue marks them ⚑.",
            title="Leech",
            severity="warning",
            timeout=15,
        )
    return app.start_practice(replace(base, question_ids=ids, mode="drill", retry_weak=True))


def missed_last_time(app: TrainerApp, question: Question) -> tuple[str, ...]:
    """The points the question's last answer missed, as its drill card saved them (none without a card)."""
    card = next((c for c in app.store.cards() if c.question_id == question.id), None)
    if card is None:
        return ()
    return tuple(v.point for v in card.last_verdicts if not v.covered and v.point in question.talking_points)
