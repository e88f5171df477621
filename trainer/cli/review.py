"""`trainer drill`, `trainer review` and `trainer queue`: the drill schedule, and the TUI on it."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import click

from trainer.cli.common import run_tui
from trainer.cli.context import CliContext
from trainer.core.files import printable_text
from trainer.core.models import VERDICT_MARK, ReviewCard


@click.command()
@click.option("--typed", is_flag=True, help="Type answers instead of speaking them.")
@click.option("--mute", is_flag=True, help="Show questions without speaking them.")
@click.pass_obj
def drill(cli: CliContext, typed: bool, mute: bool) -> None:
    """A timed session of the weak answers that are due, most overdue first."""
    from trainer.catalog import load_catalog
    from trainer.core.store import utc_now
    from trainer.use_cases.drill import plan_drill

    store = cli.store()
    plan = plan_drill(store, load_catalog(user_points=store.user_points()), utc_now())
    if not plan.question_ids:
        if plan.not_in_banks:
            click.echo(f"{plan.not_in_banks} due question(s) are in no loaded bank; `trainer queue` lists them.")
        else:
            click.echo(plan.message)
        return
    run_tui(mode="drill", typed=typed, mute=mute)


@click.command()
def review() -> None:
    """History and progress: every answer, attempts side by side, plots, streak."""
    run_tui(mode="review")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the cards as JSON.")
@click.pass_obj
def queue(cli: CliContext, as_json: bool) -> None:
    """The weak answers in the drill schedule and when each is due, soonest first."""
    from trainer.core.scheduling import due_summary, refresh_cards
    from trainer.core.store import utc_now

    store = cli.store(reading_will_do=True)
    now = utc_now()
    cards = refresh_cards(store)
    if as_json:
        click.echo(json.dumps(_queue_json(cards, now), ensure_ascii=False, indent=2))
        return
    if not cards:
        click.echo("No weak answers are waiting: nothing to drill.")
        return
    click.echo(due_summary(cards, now))
    id_width = max(len(card.question_id) for card in cards)  # the marks line up however long an id is
    for card in cards:
        click.echo(printable_text(_card_line(card, now, id_width)))


def _card_line(card: ReviewCard, now: datetime, id_width: int = 0) -> str:
    from trainer.core.scheduling import due_in_words, leech_advice

    marks = "".join(VERDICT_MARK[v.state] for v in card.last_verdicts)
    due = due_in_words(card.due, now)
    line = f"{due:<16} {card.question_id:<{id_width}}  {marks}  lapses {card.lapses}  — {card.question_text}"
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
