"""The drill schedule on `fsrs`: every scored attempt rates its question's card; weak answers come back until good.

Learning steps: 10 minutes, then 1 day (the same for relearning after a lapse).

- A weak answer is rated Again, which puts the card on the first step: due in 10 minutes. A practice
  session runs about 10-30 minutes, so the question is due again before the session ends; the session's
  retry queue (`PracticeSession.requeue`) asks it once more at the end, when the story has had to be
  recalled rather than repeated from short-term memory.
- Answered well then (Good), the card moves to the second step: due in 1 day. Sleep is what turns a
  rehearsed story into one that can be recalled cold, so the next test is on a later day.
- Answered well on that later day, the card graduates and fsrs's memory model sets the intervals.

Why not fsrs's defaults (1 minute, 10 minutes): a one-minute step repeats the answer the user has just
heard themselves give, and Hard on the first step returns at the midpoint of the first two steps,
every ~5.5 minutes, for as long as it is rated Hard. Here that midpoint is about 12 hours, so an
answer whose only flaw is its delivery returns about twice a day until it is delivered cleanly; and a
weak answer is never rated Hard (see `rate`).

Fuzzing is off: rebuilding a card from its attempts (after a verdict is flipped) must give the same
card every time, and a user with a few dozen questions gains nothing from spreading due dates.
Intervals are capped at `MAXIMUM_INTERVAL_DAYS`: a job search lasts weeks to months, and a story not
told for longer than a month goes stale however well it was known.

Every review happens at the attempt's end time, so nothing here reads the clock: `now` is an argument.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from fsrs import Card, Rating, Scheduler, State

from trainer.core.errors import SaveError
from trainer.core.models import AnswerScore, Attempt, Delivery, ReviewCard

if TYPE_CHECKING:
    from trainer.core.store import Store

LEARNING_STEPS = (timedelta(minutes=10), timedelta(days=1))
RELEARNING_STEPS = LEARNING_STEPS
#: fsrs's default, the retention its parameters were fitted around; higher shortens every interval a lot
DESIRED_RETENTION = 0.9
MAXIMUM_INTERVAL_DAYS = 30

#: Days with a weak answer after which drilling is judged not to be working (the leech).
LEECH_LAPSES = 8
LEECH_ADVICE = (
    "answered weakly on {lapses} different days: more drilling will not fix it. Rewrite the story and its "
    "three points so they are yours and easy to say (trainer points set {question_id} P1 P2 P3)."
)

# --- what a rating means ----------------------------------------------------------------------------------

#: Above this many filler words a minute a listener notices them (conversational speech runs at about
#: 1-3 a minute); spoken answers only, as typing time says nothing about speech.
FILLERS_PER_MIN_MAX = 4.0
#: The pace to aim for (DESIGN): slower drags, faster is hard to follow.
WPM_MIN, WPM_MAX = 130.0, 160.0
#: Concise: the whole answer, all points made, in at most this share of the time limit. An answer
#: that lands its points and stops, with time to spare for a follow-up, is what interviewers remember.
CONCISE_SHARE = 0.6
#: A typed answer is judged concise by how long it would take to say at this pace (the aim's middle).
SPEAKING_WPM = 145.0

RATING_NAMES = {Rating.Again: "again", Rating.Hard: "hard", Rating.Good: "good", Rating.Easy: "easy"}
STATE_NAMES = {State.Learning: "learning", State.Review: "review", State.Relearning: "relearning"}


def make_scheduler() -> Scheduler:
    """The fsrs scheduler with this module's steps, retention and cap, without fuzzing."""
    return Scheduler(
        desired_retention=DESIRED_RETENTION,
        learning_steps=LEARNING_STEPS,
        relearning_steps=RELEARNING_STEPS,
        maximum_interval=MAXIMUM_INTERVAL_DAYS,
        enable_fuzzing=False,
    )


def delivery_problems(delivery: Delivery) -> tuple[str, ...]:
    """What was wrong with how a spoken answer was delivered (empty: nothing, or a typed answer)."""
    if not delivery.spoken:
        return ()
    problems = []
    per_min = delivery.fillers_per_min
    if per_min is not None and per_min > FILLERS_PER_MIN_MAX:
        problems.append(f"{per_min:g} filler words a minute (at most {FILLERS_PER_MIN_MAX:g})")
    wpm = delivery.wpm
    if wpm is not None and not WPM_MIN <= wpm <= WPM_MAX:
        problems.append(f"{wpm:g} words a minute (aim for {WPM_MIN:g}-{WPM_MAX:g})")
    return tuple(problems)


def concise(delivery: Delivery) -> bool:
    """True when the answer took at most `CONCISE_SHARE` of its limit (typed: at the time it takes to say)."""
    if not delivery.time_limit_s:
        return False
    if delivery.spoken:
        if delivery.duration_s is None:
            return False
        seconds = delivery.duration_s
    else:
        seconds = delivery.words / SPEAKING_WPM * 60.0
    return seconds <= CONCISE_SHARE * delivery.time_limit_s


def rate(score: AnswerScore) -> Rating:
    """Weak -> Again; every point but poor delivery -> Hard; clean -> Good; clean and concise -> Easy.

    A weak answer is never Hard: Hard keeps a card on its learning step, so it would neither come back
    soon like Again nor move on like Good.
    """
    if score.weak:
        return Rating.Again
    if delivery_problems(score.delivery):
        return Rating.Hard
    return Rating.Easy if concise(score.delivery) else Rating.Good


# --- cards ---------------------------------------------------------------------------------------------------


def build_card(attempts: Sequence[Attempt], tz: tzinfo | None = None) -> ReviewCard | None:
    """A question's card, replayed from all its attempts in time order; None when none of them was weak.

    Replaying is exact: a verdict flipped on any attempt, however old, changes the card as if it had
    been given that way. `tz` decides where a day starts when lapses are counted (None: local time).
    """
    ordered = sorted(attempts, key=lambda a: (a.ended_at, a.id or 0))
    if not any(a.score.weak for a in ordered):
        return None
    scheduler = make_scheduler()
    first = ordered[0]
    # card_id and due are given so fsrs never reads the clock (nor sleeps to keep ids apart)
    card = Card(card_id=first.id or 1, due=_utc(first.ended_at))
    weak_days: set[date] = set()
    rating = Rating.Again
    for attempt in ordered:
        rating = rate(attempt.score)
        card, _ = scheduler.review_card(card, rating, _utc(attempt.ended_at))
        if rating is Rating.Again:
            weak_days.add(attempt.ended_at.astimezone(tz).date())
    last = ordered[-1]
    lapses = len(weak_days)
    return ReviewCard(
        question_id=last.question.id,
        question_text=last.question.text,
        due=card.due,
        lapses=lapses,
        leech=lapses >= LEECH_LAPSES,
        last_verdicts=last.score.points,
        last_rating=RATING_NAMES[rating],
        last_review=_utc(last.ended_at),
        reviews=len(ordered),
        fsrs_card=card.to_json(),
    )


def update_card(store: Store, question_id: str, tz: tzinfo | None = None) -> ReviewCard | None:
    """Rebuild and save one question's card from its saved attempts (after a save, a fix or a flipped verdict).

    Returns the card, or None when the question has no weak answer left (its card, if any, is dropped).
    """
    card = build_card(store.attempts(question_id), tz)
    if card is None:
        store.delete_card(question_id)
    else:
        store.save_card(card)
    return card


def rerate_attempt(store: Store, attempt: Attempt, tz: tzinfo | None = None) -> ReviewCard | None:
    """Re-rate the question of an attempt whose verdicts changed (already saved with `store.update_attempt`)."""
    return update_card(store, attempt.question.id, tz)


def refresh_cards(store: Store, tz: tzinfo | None = None) -> list[ReviewCard]:
    """Every card, soonest due first, after rebuilding any that are missing or behind their attempts.

    A rebuilt card that cannot be saved (read-only data, a full disk) is still returned; it is saved the
    next time the data can be written.
    """
    unsaved: dict[str, ReviewCard | None] = {}
    for question_id in store.stale_card_questions():
        try:
            update_card(store, question_id, tz)
        except SaveError:
            unsaved[question_id] = build_card(store.attempts(question_id), tz)
    if not unsaved:
        return store.cards()
    cards = {card.question_id: card for card in store.cards()}
    for question_id, card in unsaved.items():
        if card is None:
            cards.pop(question_id, None)
        else:
            cards[question_id] = card
    return sorted(cards.values(), key=lambda c: (c.due, c.question_id))


# --- what is due -----------------------------------------------------------------------------------------------


def due_cards(cards: Iterable[ReviewCard], now: datetime) -> list[ReviewCard]:
    """The cards due at `now`, most overdue first."""
    return sorted((c for c in cards if c.due <= now), key=lambda c: (c.due, c.question_id))


def due_counts(cards: Iterable[ReviewCard], now: datetime) -> tuple[int, int]:
    """(due now, due later in the coming seven days)."""
    week = now + timedelta(days=7)
    listed = list(cards)
    return sum(c.due <= now for c in listed), sum(now < c.due <= week for c in listed)


def due_summary(cards: Sequence[ReviewCard], now: datetime) -> str:
    """How many cards are due now and in the coming seven days, and how many are leeches."""
    due, week = due_counts(cards, now)
    text = f"{due} due now, {week} this week"
    leeches = sum(c.leech for c in cards)
    if leeches:
        text += f"; {leeches} to rewrite (answered weakly on {LEECH_LAPSES}+ days)"
    return text


def next_due(cards: Iterable[ReviewCard], now: datetime) -> ReviewCard | None:
    """The card that falls due next after `now`, if any."""
    later = [c for c in cards if c.due > now]
    return min(later, key=lambda c: (c.due, c.question_id)) if later else None


def card_state(card: ReviewCard) -> str:
    """The fsrs state in words: learning, review or relearning."""
    return STATE_NAMES[Card.from_json(card.fsrs_card).state]


def leech_advice(card: ReviewCard) -> str:
    """What to do about a leech."""
    return LEECH_ADVICE.format(lapses=card.lapses, question_id=card.question_id)


def due_in_words(due: datetime, now: datetime) -> str:
    """When a card is due, relative to `now`: "due now", "overdue 3 h", "in 10 min", "in 2 days"."""
    seconds = (due - now).total_seconds()
    span = _span(abs(seconds))
    if seconds <= 0:
        return "due now" if abs(seconds) < 60 else f"overdue {span}"
    return f"in {span}"


def nothing_due_message(cards: Sequence[ReviewCard], now: datetime) -> str:
    """Why there is no drill now, and when the next question (by its text, not its id) is due."""
    upcoming = next_due(cards, now)
    if upcoming is None:
        return "Nothing to drill: no weak answers are waiting. Practise, and any weak answer will come back here."
    when = upcoming.due.astimezone().strftime("%a %d %b %H:%M")
    return f"Nothing is due now. Next: “{upcoming.question_text}” {due_in_words(upcoming.due, now)} ({when})."


def comes_back_in_words(due: datetime, now: datetime) -> str:
    """When a question comes back, as a person would say it: "now", "later today", "tomorrow", "in 3 days"."""
    if due <= now:
        return "due now"
    days = (due.astimezone().date() - now.astimezone().date()).days
    if days <= 0:
        return "again later today"
    if days == 1:
        return "again tomorrow"
    return f"again in {days} days"


#: what each rating means to the user (the scheduler's Again/Hard/Good/Easy are its own words)
RATING_WORDS = {
    "again": "comes back soon",
    "hard": "points made, delivery to polish",
    "good": "good",
    "easy": "easy",
}


def weak_days_in_words(card: ReviewCard) -> str:
    """The lapses, in words: "weak on 1 day", "weak on 3 different days"."""
    if card.lapses == 0:
        return "never weak yet"
    return "weak on 1 day" if card.lapses == 1 else f"weak on {card.lapses} different days"


def _span(seconds: float) -> str:
    if seconds < 3600:
        return f"{max(1, round(seconds / 60))} min"
    if seconds < 2 * 86400:
        return f"{round(seconds / 3600)} h"
    return f"{round(seconds / 86400)} days"


def _utc(moment: datetime) -> datetime:
    # fsrs insists on UTC; attempts may carry any aware time
    return moment.astimezone(UTC)
