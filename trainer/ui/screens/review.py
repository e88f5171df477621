"""Review: every saved answer in a filterable table, progress plots, the drill queue, streak and agreement."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Checkbox, DataTable, Footer, Header, Select, Static, TabbedContent, TabPane

from trainer.core.key_message_history import key_messages_per_session
from trainer.core.key_messages import key_messages_in_use
from trainer.core.models import Attempt, ReviewCard
from trainer.core.progress import (
    HistoryFilter,
    agreement,
    fillers_over_time,
    filter_attempts,
    pace_over_time,
    points_per_session,
    streak,
)
from trainer.core.reflection import Reflection
from trainer.core.scheduling import (
    FILLERS_PER_MIN_MAX,
    WPM_MAX,
    WPM_MIN,
    due_in_words,
    due_summary,
    leech_advice,
    refresh_cards,
)
from trainer.ui.widgets.countdown import clock_text
from trainer.ui.widgets.feedback import VERDICT_MARKS
from trainer.ui.widgets.key_message_history import key_message_history_text
from trainer.ui.widgets.progress_plot import ProgressPlot
from trainer.ui.widgets.reflection import reflection_text
from trainer.ui.widgets.structure_plots import fill_structure_plots, structure_plots
from trainer.ui.widgets.ticks import TickBox

if TYPE_CHECKING:
    from trainer.ui.app import TrainerApp

HISTORY_COLUMNS = ("Date", "Question", "Points", "Fill/min", "WPM", "Time")


def overview_text(attempts: list[Attempt], cards: list[ReviewCard], app: TrainerApp) -> Text:
    """The streak, the totals, the drill queue, and how often the user agreed with the trainer."""
    now = app.clock()
    text = Text()
    days = streak((a.ended_at for a in attempts), now)
    text.append(f"Streak: {days} day{'s' if days != 1 else ''}", style="bold")
    weak = sum(a.score.weak for a in attempts)
    answers = f"{len(attempts)} answer{'s' if len(attempts) != 1 else ''}"
    text.append(f" · {answers}, {weak} weak · drill: {due_summary(cards, now)}")
    agreed = agreement(attempts)
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


def marks(attempt: Attempt) -> Text:
    """✓/✗ per point, then made/total."""
    text = Text()
    for verdict in attempt.score.points:
        mark, style = VERDICT_MARKS[verdict.state]
        text.append(mark, style=style)
    text.append(f" {attempt.score.points_made}/{len(attempt.score.points)}")
    return text


def history_row(attempt: Attempt) -> tuple[str | Text, ...]:
    """One answer as a history row: date, question, points made, fillers/min, words/min, time used."""
    delivery = attempt.score.delivery
    per_min = delivery.fillers_per_min
    used = clock_text(delivery.duration_s) if delivery.duration_s is not None else "–"
    if delivery.time_limit_s:
        used += f"/{clock_text(delivery.time_limit_s)}"
    return (
        attempt.ended_at.astimezone().strftime("%d %b %H:%M"),
        _short(attempt.question.text, 27),
        marks(attempt),
        f"{per_min:.1f}" if per_min is not None else "–",
        f"{delivery.wpm:.0f}" if delivery.wpm is not None else "–",
        used,
    )


class ReviewScreen(Screen[None]):
    """History, progress and the drill queue."""

    CSS_PATH = "review.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("w", "toggle_weak", "Weak only"),
        Binding("1", "tab('history')", "History", show=False),
        Binding("2", "tab('progress')", "Progress", show=False),
        Binding("3", "tab('queue')", "Queue", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.attempts: list[Attempt] = []
        self.cards: list[ReviewCard] = []
        self.filter = HistoryFilter()
        self.reflections: dict[int, Reflection] = {}

    @property
    def trainer(self) -> TrainerApp:
        return cast("TrainerApp", self.app)

    def compose(self) -> ComposeResult:
        store = self.trainer.store
        self.attempts = store.attempts()
        self.cards = refresh_cards(store)
        self.reflections = store.reflections()
        banks = sorted({a.question.bank for a in self.attempts if a.question.bank})
        questions = {a.question.id: a.question.text for a in self.attempts}
        yield Header()
        yield Static(overview_text(self.attempts, self.cards, self.trainer), id="overview")
        with TabbedContent(id="tabs"):
            with TabPane("History", id="history"):
                with Horizontal(id="filters"):
                    yield TickBox("Weak only", id="weak-only")
                    yield Select([(b, b) for b in banks], prompt="All banks", id="bank")
                    yield Select(
                        [(_short(text, 40), qid) for qid, text in sorted(questions.items(), key=lambda kv: kv[1])],
                        prompt="All questions",
                        id="question",
                    )
                yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
                reflection = Static("", id="reflection")
                reflection.display = False  # shown for a session the user reflected on
                yield reflection
            with TabPane("Progress", id="progress"), VerticalScroll(id="plots"):
                yield ProgressPlot("Points made per session", bars=True, whole_numbers=True, id="points-plot")
                yield ProgressPlot(
                    f"Filler words a minute (aim: under {FILLERS_PER_MIN_MAX:g})",
                    band=(FILLERS_PER_MIN_MAX, FILLERS_PER_MIN_MAX),
                    id="fillers-plot",
                )
                yield ProgressPlot(
                    f"Words a minute, spoken answers (aim: {WPM_MIN:g}-{WPM_MAX:g})",
                    band=(WPM_MIN, WPM_MAX),
                    from_zero=False,
                    id="pace-plot",
                )
                yield from structure_plots()
                yield Static("", id="key-message-history")
            with TabPane("Drill queue", id="queue"):
                yield DataTable(id="queue-table", cursor_type="row", zebra_stripes=True)
                yield Static(self._leeches_text(), id="leeches")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#history-table", DataTable)
        table.add_columns(*HISTORY_COLUMNS)
        self._fill_history()
        self._fill_plots()
        self._fill_queue()
        table.focus()

    # --- history ------------------------------------------------------------------------------------------------

    def _fill_history(self) -> None:
        table = self.query_one("#history-table", DataTable)
        table.clear()
        self.query_one("#reflection", Static).display = False  # until a row is highlighted again
        shown = filter_attempts(reversed(self.attempts), self.filter)  # newest first
        for attempt in shown:
            table.add_row(*history_row(attempt), key=str(attempt.id))
        table.border_title = f"{len(shown)} of {len(self.attempts)} answers"

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self.filter = HistoryFilter(event.value, self.filter.bank, self.filter.question_id)
        self._fill_history()

    def on_select_changed(self, event: Select.Changed) -> None:
        value = event.value if isinstance(event.value, str) else None
        if event.select.id == "bank":
            self.filter = HistoryFilter(self.filter.weak_only, value, self.filter.question_id)
        else:
            self.filter = HistoryFilter(self.filter.weak_only, self.filter.bank, value)
        self._fill_history()

    def action_toggle_weak(self) -> None:
        self.query_one("#weak-only", Checkbox).toggle()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Under the history, what the user wrote after the highlighted answer's session, if anything."""
        if event.data_table.id != "history-table":
            return
        attempt = next((a for a in self.attempts if str(a.id) == event.row_key.value), None)
        reflection = self.reflections.get(attempt.session_id or 0) if attempt is not None else None
        panel = self.query_one("#reflection", Static)
        panel.display = reflection is not None
        if reflection is not None:
            panel.update(reflection_text(reflection, "Your reflection on this session"))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value or ""
        if event.data_table.id == "queue-table":
            question_id = key
        else:
            question_id = next((a.question.id for a in self.attempts if str(a.id) == key), "")
        self.open_question(question_id)

    def open_question(self, question_id: str) -> None:
        """Every attempt at one question, side by side."""
        from trainer.ui.screens.question_history import QuestionHistoryScreen

        attempts = [a for a in self.attempts if a.question.id == question_id]
        if not attempts:
            return
        card = next((c for c in self.cards if c.question_id == question_id), None)
        self.app.push_screen(QuestionHistoryScreen(attempts, card, self.trainer.clock()))

    # --- progress and the queue --------------------------------------------------------------------------------------

    def _fill_plots(self) -> None:
        sessions = points_per_session(self.attempts)
        self.query_one("#points-plot", ProgressPlot).show(
            [s.started_at for s in sessions],
            [s.made for s in sessions],
            ceiling=max((s.possible for s in sessions), default=0),
        )
        for plot_id, series in (
            ("#fillers-plot", fillers_over_time(self.attempts)),
            ("#pace-plot", pace_over_time(self.attempts)),
        ):
            self.query_one(plot_id, ProgressPlot).show([m for m, _ in series], [v for _, v in series])
        fill_structure_plots(self, self.attempts)
        self._fill_key_message_history(self.attempts, self._key_messages())

    def _key_messages(self) -> tuple[str, ...]:
        return key_messages_in_use(self.trainer.store.key_messages(), self.trainer.settings.key_messages)

    @work(thread=True, exclusive=True, exit_on_error=False, group="key-message-history")
    def _fill_key_message_history(self, attempts: list[Attempt], messages: tuple[str, ...]) -> None:
        # judged like the summary's check (the model, when there is one): off the UI thread
        sessions = key_messages_per_session(attempts, messages, judge=self.trainer.engines.judge()) if messages else []
        text = key_message_history_text(messages, sessions)
        self.app.call_from_thread(self.query_one("#key-message-history", Static).update, text)

    def _fill_queue(self) -> None:
        table = self.query_one("#queue-table", DataTable)
        table.add_columns("Due", "Question", "Weak days", "Last")
        now = self.trainer.clock()
        for card in self.cards:
            last = Text()
            for verdict in card.last_verdicts:
                mark, style = VERDICT_MARKS[verdict.state]
                last.append(mark, style=style)
            lapses = f"{card.lapses} ⚑" if card.leech else str(card.lapses)
            due = due_in_words(card.due, now)
            table.add_row(due, _short(card.question_text, 40), lapses, last, key=card.question_id)

    def _leeches_text(self) -> Text:
        text = Text()
        if not self.cards:
            text.append("No weak answers are waiting: nothing to drill.", style="dim")
        for card in (c for c in self.cards if c.leech):
            text.append(f"⚑ {card.question_text}: ", style="bold yellow")
            text.append(leech_advice(card) + "\n")
        return text

    def action_tab(self, tab: str) -> None:
        self.query_one("#tabs", TabbedContent).active = tab

    def action_back(self) -> None:
        self.app.pop_screen()


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
