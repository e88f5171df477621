"""`trainer drill`, `trainer review`, `trainer queue`, and saving a `trainer score` answer into the schedule."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import click

from trainer.core.files import printable_text
from trainer.core.models import VERDICT_MARK, AnswerScore, Attempt, ReviewCard

# cli.py imports this module at its end, so trainer.cli is imported inside the commands (importing this
# module first then still works); the commands are typed by hand, as mypy cannot infer them through the cycle


@click.option("--typed", is_flag=True, help="Type answers instead of speaking them.")
@click.option("--mute", is_flag=True, help="Show questions without speaking them.")
def _drill(typed: bool, mute: bool) -> None:
    """A timed session of the weak answers that are due, most overdue first."""
    from trainer.catalog import load_catalog
    from trainer.cli import _run_tui, open_store
    from trainer.core.scheduling import due_cards, nothing_due_message, refresh_cards
    from trainer.core.store import utc_now

    store = open_store()
    try:
        now = utc_now()
        cards = refresh_cards(store)
        known = {q.id for q in load_catalog(user_points=store.user_points()).questions()}
    finally:
        store.close()
    due = due_cards(cards, now)
    if not any(c.question_id in known for c in due):
        if due:
            click.echo(f"{len(due)} due question(s) are in no loaded bank; `trainer queue` lists them.")
        else:
            click.echo(nothing_due_message(cards, now))
        return
    _run_tui(mode="drill", typed=typed, mute=mute)


drill: click.Command = click.command("drill")(_drill)


def _review() -> None:
    """History and progress: every answer, attempts side by side, plots, streak."""
    from trainer.cli import _run_tui

    _run_tui(mode="review")


review: click.Command = click.command("review")(_review)


@click.option("--json", "as_json", is_flag=True, help="Print the cards as JSON.")
def _queue(as_json: bool) -> None:
    """The weak answers in the drill schedule and when each is due, soonest first."""
    from trainer.cli import open_store
    from trainer.core.scheduling import due_summary, refresh_cards
    from trainer.core.store import utc_now

    store = open_store(reading_will_do=True)
    try:
        now = utc_now()
        cards = refresh_cards(store)
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(_queue_json(cards, now), ensure_ascii=False, indent=2))
        return
    if not cards:
        click.echo("No weak answers are waiting: nothing to drill.")
        return
    click.echo(due_summary(cards, now))
    for card in cards:
        click.echo(printable_text(_card_line(card, now)))


queue: click.Command = click.command("queue")(_queue)


def _card_line(card: ReviewCard, now: datetime) -> str:
    from trainer.core.scheduling import due_in_words, leech_advice

    marks = "".join(VERDICT_MARK[v.state] for v in card.last_verdicts)
    line = (
        f"{due_in_words(card.due, now):<16} {card.question_id}  {marks}  lapses {card.lapses}  — {card.question_text}"
    )
    if card.leech:
        line += f"\n{'':<16} ⚑ {leech_advice(card)}"
    return line


def _queue_json(cards: list[ReviewCard], now: datetime) -> dict[str, Any]:
    from trainer.core.scheduling import card_state, due_counts, due_in_words, leech_advice

    due, week = due_counts(cards, now)
    return {
        "due_now": due,
        "due_this_week": week,
        "cards": [
            {
                "question_id": card.question_id,
                "text": card.question_text,
                "due": card.due.isoformat(),
                "due_in": due_in_words(card.due, now),
                "is_due": card.due <= now,
                "state": card_state(card),
                "lapses": card.lapses,
                "leech": card.leech,
                "advice": leech_advice(card) if card.leech else None,
                "reviews": card.reviews,
                "last_review": card.last_review.isoformat(),
                "last_rating": card.last_rating,
                "last_verdicts": [
                    {"point": v.point, "covered": v.covered, "overridden": v.overridden} for v in card.last_verdicts
                ],
            }
            for card in cards
        ],
    }


def save_scored_answer(
    question_id: str, answer: str, score: AnswerScore, *, transcript: str | None = None
) -> tuple[AnswerScore, str]:
    """Record a `trainer score` answer as a one-answer practice session and update its card.

    The answer gets the question's time limit, as in practice, so the saved verdict and its rating are
    what practising it would have given. Returns the score as saved and one line saying what happened.
    """
    from trainer.catalog import load_catalog
    from trainer.cli import open_store, user_settings
    from trainer.core.scheduling import due_in_words, update_card
    from trainer.core.store import utc_now

    settings = user_settings()
    store = open_store()
    try:
        question = load_catalog(user_points=store.user_points()).find(question_id)
        if question is None:  # checked before scoring; a bank changed in between
            raise click.UsageError(f"no question with id {question_id!r}")
        limit = question.time_limit or settings.time_limit_s
        saved = replace(score, delivery=replace(score.delivery, time_limit_s=float(limit)))
        ended = utc_now()
        started = ended - timedelta(seconds=saved.delivery.duration_s or 0)
        attempt = Attempt(question, answer, saved, started_at=started, ended_at=ended, transcript=transcript)
        from trainer.core.key_messages import key_messages_in_use

        messages = key_messages_in_use(store.key_messages(), settings.key_messages)
        session_id = store.start_session("practice", [question.bank], started, key_messages=messages)
        store.save_attempt(session_id, attempt)
        store.end_session(session_id, ended)
        card = update_card(store, question.id)
    finally:
        store.close()
    if card is None:
        return saved, f"trainer: saved as session {session_id}; {question.id} has no weak answer to drill"
    return saved, f"trainer: saved as session {session_id}; {question.id} comes back {due_in_words(card.due, ended)}"
