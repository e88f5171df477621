"""Summary: every question's verdicts, the totals, and the time used, at the end of a session."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from trainer.core.key_messages import key_messages_across, key_messages_in_use
from trainer.core.session import PracticeSession
from trainer.ui.widgets.countdown import clock_text
from trainer.ui.widgets.key_messages import key_messages_text

if TYPE_CHECKING:
    from trainer.ui.app import TrainerApp


def totals_text(session: PracticeSession) -> Text:
    """Answers, points made, strong answers and time used, in a few lines."""
    attempts = session.attempts
    text = Text()
    if not attempts:
        text.append("No answers were scored in this session.", style="bold")
        return text
    made = sum(a.score.points_made for a in attempts)
    total = sum(len(a.score.points) for a in attempts)
    strong = sum(1 for a in attempts if not a.score.weak)
    used = sum(a.score.delivery.duration_s or 0 for a in attempts)
    text.append(f"{len(attempts)} answer{'s' if len(attempts) != 1 else ''}", style="bold")
    text.append(f" · {made} of {total} points made · {strong} strong, {len(attempts) - strong} to practise again")
    text.append(f" · {clock_text(used)} answering")
    if session.skipped:
        text.append(f" · {len(session.skipped)} skipped")
    missed = [(a.question.text, v.point) for a in attempts for v in a.score.points if not v.covered]
    if missed:
        text.append("\n\nPoints to work on:", style="bold")
        for question, point in missed:
            text.append("\n  ✗ ", style="red")
            text.append(point, style="bold")
            text.append(f"  ({question})", style="dim")
    return text


class SummaryScreen(Screen[None]):
    """The end of a session."""

    CSS_PATH = "summary.tcss"
    BINDINGS = [
        Binding("h,escape", "home", "Home"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, session: PracticeSession) -> None:
        super().__init__()
        self.session = session

    @property
    def trainer(self) -> TrainerApp:
        return cast("TrainerApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="summary"):
            yield Static("Session summary", id="title")
            yield DataTable(id="answers", cursor_type="row", zebra_stripes=True)
            yield Static(totals_text(self.session), id="totals")
            messages = key_messages_in_use(self.trainer.store.key_messages(), self.trainer.settings.key_messages)
            if messages:
                checks = key_messages_across(self.session.attempts, messages)
                yield Static(key_messages_text(checks), id="key-messages")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#answers", DataTable)
        table.add_columns("#", "Question", "Points", "Made", "Fillers", "Words", "Time used")
        for number, attempt in enumerate(self.session.attempts, start=1):
            score = attempt.score
            marks = Text()
            for verdict in score.points:
                marks.append("✓" if verdict.covered else "✗", style="green" if verdict.covered else "red")
            delivery = score.delivery
            used = clock_text(delivery.duration_s or 0)
            if delivery.time_limit_s:
                used += f"/{clock_text(delivery.time_limit_s)}"
            table.add_row(
                str(number),
                _short(attempt.question.text, 30),
                marks,
                f"{score.points_made}/{len(score.points)}",
                str(delivery.fillers),
                str(delivery.words),
                used,
            )

    def action_home(self) -> None:
        self.app.pop_screen()


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
