"""One question's every attempt side by side (verdicts, evidence, transcript), so improvement shows at a glance."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalScroll, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from trainer.core.models import Attempt, ReviewCard
from trainer.core.scheduling import RATING_WORDS, comes_back_in_words, leech_advice, rate, weak_days_in_words
from trainer.ui.plain import cleaned
from trainer.ui.widgets.feedback import delivery_text, verdict_text


def attempt_text(number: int, attempt: Attempt) -> Text:
    """One attempt as a column: when, points made and rating, each verdict with its evidence, delivery, words."""
    score = attempt.score
    text = Text()
    when = attempt.ended_at.astimezone().strftime("%a %d %b %H:%M")
    text.append(f"#{number} · {when}\n", style="bold")
    if not score.points:  # nothing to judge by: ask for points rather than call it strong
        text.append("not judged: no talking points yet; add yours in Banks (e)\n", style="yellow")
    else:
        verdict, style = ("weak", "yellow") if score.weak else ("strong", "green")
        text.append(f"{score.points_made}/{len(score.points)} points · {verdict}", style=style)
        text.append(f" · {RATING_WORDS[rate(score).name.lower()]}\n", style="dim")
    for point in score.points:
        text.append_text(verdict_text(point))
        text.append("\n")
    text.append(delivery_text(score.delivery), style="cyan")
    words = attempt.transcript or attempt.answer
    text.append("\n\n" + ("Heard: " if attempt.transcript else "Typed: "), style="bold")
    text.append(words.strip() or "(nothing)", style="italic")
    return text


def card_text(card: ReviewCard | None, now: datetime) -> Text:
    """Where the question stands in the drill schedule."""
    text = Text()
    if card is None:
        text.append("Not in the drill queue: no weak answer to it is waiting.", style="dim")
        return text
    text.append(f"Drill: {comes_back_in_words(card.due, now)}", style="bold")
    text.append(f" · {weak_days_in_words(card)}")
    if card.leech:
        text.append(f"\n⚑ {leech_advice(card)}", style="bold yellow")
    return text


class QuestionHistoryScreen(Screen[None]):
    """Every attempt at one question, oldest on the left, scrolling sideways."""

    CSS_PATH = "question_history.tcss"
    BINDINGS = [
        Binding("escape,q", "back", "Back"),
        Binding("left", "scroll_columns(-1)", "Older", show=False),
        Binding("right", "scroll_columns(1)", "Newer", show=False),
    ]

    def __init__(self, attempts: Sequence[Attempt], card: ReviewCard | None, now: datetime) -> None:
        super().__init__()
        self.attempts = sorted(attempts, key=lambda a: (a.ended_at, a.id or 0))
        self.card = card
        self.now = now

    def compose(self) -> ComposeResult:
        yield Header()
        latest = self.attempts[-1].question if self.attempts else None
        title = Text(latest.text if latest else "No attempts", style="bold")
        if latest is not None:
            count = len(self.attempts)
            title.append(f"  ({count} attempt{'s' if count != 1 else ''})", style="dim")
        yield Static(cleaned(title), id="question-title")
        yield Static(cleaned(card_text(self.card, self.now)), id="card")
        with HorizontalScroll(id="columns"):
            for number, attempt in enumerate(self.attempts, start=1):
                strong = bool(attempt.score.points) and not attempt.score.weak
                with VerticalScroll(classes="attempt" + (" strong" if strong else " weak")):
                    yield Static(cleaned(attempt_text(number, attempt)))
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#columns", HorizontalScroll).focus()

    def action_scroll_columns(self, direction: int) -> None:
        columns = self.query_one("#columns", HorizontalScroll)
        columns.scroll_relative(x=direction * 38, animate=False)

    def action_back(self) -> None:
        self.app.pop_screen()
