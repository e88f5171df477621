"""Planning a drill: the due weak answers, most overdue first (or, early, those coming back soonest)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from trainer.core.banks import LoadedBanks
from trainer.core.models import Question, ReviewCard
from trainer.core.scheduling import due_cards, nothing_due_message, refresh_cards
from trainer.core.store import Store

#: an early drill takes the questions that come back soonest, at most this many
EARLY_DRILL_MAX = 5


@dataclass(frozen=True)
class DrillPlan:
    """The questions a drill asks, or why there is none."""

    #: the questions to ask, in order; empty when there is nothing to drill
    question_ids: tuple[str, ...]
    #: why there is nothing to drill and when the next question is due ("" when there is a drill); when
    #: `not_in_banks` is set, that is the reason to give instead
    message: str
    #: the planned questions that keep coming back weak (the user should rewrite their stories)
    leeches: tuple[ReviewCard, ...] = ()
    #: questions due (or, early, coming back soonest) that are in no loaded bank: removed or renamed
    not_in_banks: int = 0
    #: nothing is due, but questions of the loaded banks come back later: a drill could start early
    early_possible: bool = False


def plan_drill(store: Store, catalog: LoadedBanks, now: datetime, *, early: bool = False) -> DrillPlan:
    """The drill at `now`: its questions, most overdue first, and the leeches among them.

    `early`: the questions not yet due, soonest first (at most EARLY_DRILL_MAX), for a user who wants to
    drill now anyway. The cards are brought up to date with the saved attempts first.
    """
    cards = refresh_cards(store)
    known = {q.id for q in catalog.questions()}
    due = due_cards(cards, now)
    if early:
        due = sorted((c for c in cards if c.due > now), key=lambda c: (c.due, c.question_id))[:EARLY_DRILL_MAX]
    ids = tuple(c.question_id for c in due if c.question_id in known)
    if not ids:
        return DrillPlan(
            question_ids=(),
            message=nothing_due_message(cards, now),
            not_in_banks=len(due),
            early_possible=not due and any(c.question_id in known for c in cards),
        )
    leeches = tuple(c for c in due if c.leech and c.question_id in ids)
    return DrillPlan(question_ids=ids, message="", leeches=leeches)


def missed_last_time(store: Store, question: Question) -> tuple[str, ...]:
    """The points the question's last answer missed, as its drill card saved them (none without a card)."""
    card = next((c for c in store.cards() if c.question_id == question.id), None)
    if card is None:
        return ()
    return tuple(v.point for v in card.last_verdicts if not v.covered and v.point in question.talking_points)
