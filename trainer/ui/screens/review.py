"""Review: every saved answer in a filterable table, progress plots, the drill queue, streak and agreement."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Checkbox, DataTable, Footer, Header, Select, Static, TabbedContent, TabPane

from trainer.core.errors import StoreError
from trainer.core.key_message_history import key_messages_per_session
from trainer.core.models import Attempt, ReviewCard
from trainer.core.progress import (
    HistoryFilter,
    filter_attempts,
)
from trainer.core.reflection import Reflection
from trainer.core.scheduling import (
    FILLERS_PER_MIN_MAX,
    WPM_MAX,
    WPM_MIN,
    due_in_words,
    leech_advice,
    refresh_cards,
)
from trainer.core.store import Store
from trainer.core.wording import clock_text, shortened
from trainer.ui.history import History, read_history
from trainer.ui.host import TrainerScreen
from trainer.ui.marks import marks_text
from trainer.ui.messages import HistoryRead, KeyMessageHistoryRead
from trainer.ui.plain import cleaned, plain, plain_text
from trainer.ui.widgets.key_message_history import key_message_history_text
from trainer.ui.widgets.progress_plot import ProgressPlot
from trainer.ui.widgets.reflection import reflection_text
from trainer.ui.widgets.structure_plots import fill_structure_plots, structure_plots
from trainer.ui.widgets.ticks import TickBox

HISTORY_COLUMNS = ("Date", "Question", "Points", "Fill/min", "WPM", "Time")


def marks(attempt: Attempt) -> Text:
    """✓/✗ per point, then made/total."""
    text = marks_text(attempt.score.points)
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
        plain_text(shortened(attempt.question.text, 27)),
        marks(attempt),
        f"{per_min:.1f}" if per_min is not None else "–",
        f"{delivery.wpm:.0f}" if delivery.wpm is not None else "–",
        used,
    )


#: More saved answers than this are read in the background, so Review opens at once (years of daily practice)
LOAD_LATER_FROM = 2_000
#: The history table shows at most this many answers, newest first (the filters narrow it down)
MAX_ROWS = 200


class ReviewScreen(TrainerScreen[None]):
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
        self.by_id: dict[str, Attempt] = {}
        self.cards: list[ReviewCard] = []
        self.filter = HistoryFilter()
        self.reflections: dict[int, Reflection] = {}
        #: how many answers are saved; a long history is `paged`: its table is read from SQL a page at a time
        self.total = 0
        self.paged = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Reading your history…", id="overview")
        with TabbedContent(id="tabs"):
            with TabPane("History", id="history"):
                with Horizontal(id="filters"):
                    yield TickBox("Weak only", id="weak-only")
                    yield Select([], prompt="All banks", id="bank")
                    yield Select([], prompt="All questions", id="question")
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
                yield Static("", id="leeches")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#history-table", DataTable)
        table.add_columns(*HISTORY_COLUMNS)
        self.query_one("#queue-table", DataTable).add_columns("Due", "Question", "Weak days", "Last")
        store = self.host.store
        cards = refresh_cards(store)
        self.total = store.attempt_counts()[0]
        self.paged = self.total > LOAD_LATER_FROM
        if self.paged:
            self.cards = cards
            self._fill_queue()
            self._fill_history()  # the newest page at once, from SQL
            self._read_in_background(store.path, cards, self.host.clock())
        else:
            self._show(read_history(store, self.host.clock(), cards))
        table.focus()

    @work(thread=True, exclusive=True, exit_on_error=False, group="history")
    def _read_in_background(self, path: Path, cards: list[ReviewCard], now: datetime) -> None:
        # a connection of its own: SQLite's are not shared across threads, and WAL lets it read alongside
        try:
            store = Store.open_read_only(path)
        except StoreError as exc:
            self.post_message(HistoryRead(None, str(exc)))
            return
        try:
            self.post_message(HistoryRead(read_history(store, now, cards, everything=False)))
        finally:
            store.close()

    def on_history_read(self, message: HistoryRead) -> None:
        if message.history is None:
            self.query_one("#overview", Static).update(plain(f"Could not read your history: {message.error}"))
            return
        self._show(message.history)

    def _show(self, history: History) -> None:
        self.attempts, self.cards, self.reflections = history.attempts, history.cards, history.reflections
        self.by_id.update((str(a.id), a) for a in history.attempts)
        self.query_one("#overview", Static).update(history.overview)
        self.query_one("#bank", Select).set_options([(plain(b), b) for b in history.banks])
        self.query_one("#question", Select).set_options(
            [(plain(shortened(text, 40)), qid) for qid, text in history.questions]
        )
        self._fill_history()
        self._fill_plots(history)
        self._fill_queue()

    # --- history ------------------------------------------------------------------------------------------------

    def _fill_history(self) -> None:
        table = self.query_one("#history-table", DataTable)
        table.clear()
        self.query_one("#reflection", Static).display = False  # until a row is highlighted again
        wanted = self.filter
        if self.paged:  # a long history: SQL finds the page, only it is read
            store = self.host.store
            page = store.recent_attempts(
                MAX_ROWS, weak_only=wanted.weak_only, bank=wanted.bank, question_id=wanted.question_id
            )
            matching, total = (
                store.count_attempts(weak_only=wanted.weak_only, bank=wanted.bank, question_id=wanted.question_id),
                self.total,
            )
            self.by_id.update((str(a.id), a) for a in page)
        else:
            page = filter_attempts(reversed(self.attempts), wanted)  # newest first
            matching, total = len(page), len(self.attempts)
        for attempt in page[:MAX_ROWS]:
            table.add_row(*history_row(attempt), key=str(attempt.id))
        table.border_title = f"{matching} of {total} answers"
        if matching > MAX_ROWS:
            table.border_title = f"the newest {MAX_ROWS} of {matching} answers (filter to see others)"

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
        attempt = self.by_id.get(event.row_key.value or "")
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
            attempt = self.by_id.get(key)
            question_id = attempt.question.id if attempt is not None else ""
        self.open_question(question_id)

    def open_question(self, question_id: str) -> None:
        """Every attempt at one question, side by side."""
        from trainer.ui.screens.question_history import QuestionHistoryScreen

        if self.paged:
            attempts = self.host.store.attempts(question_id)
        else:
            attempts = [a for a in self.attempts if a.question.id == question_id]
        if not attempts:
            return
        card = next((c for c in self.cards if c.question_id == question_id), None)
        self.app.push_screen(QuestionHistoryScreen(attempts, card, self.host.clock()))

    # --- progress and the queue --------------------------------------------------------------------------------------

    def _fill_plots(self, history: History) -> None:
        sessions = history.sessions
        self.query_one("#points-plot", ProgressPlot).show(
            [s.started_at for s in sessions],
            [s.made for s in sessions],
            ceiling=max((s.possible for s in sessions), default=0),
        )
        for plot_id, series in (("#fillers-plot", history.fillers), ("#pace-plot", history.pace)):
            self.query_one(plot_id, ProgressPlot).show([m for m, _ in series], [v for _, v in series])
        fill_structure_plots(self, self.attempts)
        self._fill_key_message_history(self.attempts, self._key_messages())

    def _key_messages(self) -> tuple[str, ...]:
        return self.host.key_messages()

    @work(thread=True, exclusive=True, exit_on_error=False, group="key-message-history")
    def _fill_key_message_history(self, attempts: list[Attempt], messages: tuple[str, ...]) -> None:
        # judged like the summary's check (the model, when there is one): off the UI thread
        sessions = key_messages_per_session(attempts, messages, judge=self.host.engines.judge()) if messages else []
        text = key_message_history_text(messages, sessions)
        self.post_message(KeyMessageHistoryRead(text))

    def on_key_message_history_read(self, message: KeyMessageHistoryRead) -> None:
        self.query_one("#key-message-history", Static).update(message.text)

    def _fill_queue(self) -> None:
        table = self.query_one("#queue-table", DataTable)
        table.clear()
        self.query_one("#leeches", Static).update(cleaned(self._leeches_text()))
        now = self.host.clock()
        for card in self.cards:
            last = marks_text(card.last_verdicts)
            lapses = f"{card.lapses} ⚑" if card.leech else str(card.lapses)
            due = due_in_words(card.due, now)
            table.add_row(due, plain_text(shortened(card.question_text, 40)), lapses, last, key=card.question_id)

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
