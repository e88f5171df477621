"""Home: choose banks, question count and time limit, then start practising; the way to everything else."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Footer, Header, Input, Label, Select, SelectionList, Static

from trainer.core.bank_problems import problems_notice
from trainer.core.goals import GOALS
from trainer.ui.host import TrainerScreen
from trainer.ui.messages import EngineStatus, OpenReview, StartDrill, StartPractice
from trainer.ui.options import QUESTION_COUNT, TIME_LIMIT_S, PracticeOptions
from trainer.ui.plain import plain
from trainer.ui.widgets.number_input import NumberInput
from trainer.ui.widgets.ticks import TickBox, TickList


class HomeScreen(TrainerScreen[None]):
    """Start a practice session, or go to drill, review and banks."""

    CSS_PATH = "home.tcss"
    BINDINGS = [
        Binding("p", "practice", "Practise"),
        Binding("d", "drill", "Drill"),
        Binding("r", "review", "Review"),
        Binding("b", "banks", "Banks"),
        Binding("k", "key_messages", "Key messages"),
        Binding("ctrl+q", "app.quit", "Quit", priority=True),
    ]

    def compose(self) -> ComposeResult:
        app = self.host
        chosen = app.preferences
        known = {b.name for b in app.catalog.banks}
        # the banks ticked last time, if any of them still loads; else every bank
        ticked = set(chosen.banks or ()) & known or known
        count = chosen.question_count or app.settings.question_count
        limit = str(chosen.time_limit) if chosen.time_limit else ""
        yield Header()
        with Vertical(id="home"):
            yield Static(
                "Answer interview questions out loud or typed. Each question has three talking points; "
                "after each answer you see which points you made, with the words that made them.",
                id="intro",
            )
            with Horizontal(id="setup"):
                with Vertical(id="bank-column"):
                    yield Label("Banks (space to tick)", classes="field-label")
                    yield TickList[str](
                        *[
                            (plain(f"{b.name} ({len(b.questions)})"), b.name, b.name in ticked)
                            for b in app.catalog.banks
                        ],
                        id="banks",
                    )
                with Vertical(id="options"):
                    yield Label("Questions", classes="field-label")
                    yield NumberInput(str(count), id="count", max_length=3, compact=True)
                    yield Label("Seconds per answer", classes="field-label")
                    yield NumberInput(
                        limit,
                        placeholder="each question's own",
                        id="time-limit",
                        max_length=4,
                        compact=True,
                    )
                    yield TickBox("Type my answers", value=chosen.typed, id="typed", compact=True)
                    yield Select(
                        [(label, key) for key, label in GOALS.items()],
                        prompt="No session goal",
                        id="goal",
                        compact=True,
                    )
                    yield Button("Start practice (p)", id="start", variant="primary", compact=True)
            with Horizontal(id="more"):
                yield Button("Drill weak answers (d)", id="drill", compact=True)
                yield Button("Review (r)", id="review", compact=True)
                yield Button("Banks (b)", id="banks-button", compact=True)
                yield Button("Key messages (k)", id="key-messages", compact=True)
            yield Static(self._history_line(), id="history")
            yield Static(self._due_line(), id="due")
            yield Static(plain(app.engines.judge_label), id="engine-status")
            yield Static(self._problems_line(), id="bank-problems")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#start", Button).focus()
        problems = self.query_one("#bank-problems", Static)
        problems.display = bool(self.host.catalog.problems)

    def _problems_line(self) -> Text:
        catalog = self.host.catalog
        notice = problems_notice(catalog.problems, catalog.banks)
        return Text(notice or "")

    def _history_line(self) -> str:
        total, weak = self.host.store.attempt_counts()
        if not total:
            return "No answers saved yet. Your first session starts with Start practice (or p)."
        return f"{total} answer{'s' if total != 1 else ''} saved so far, {weak} of them weak."

    def engine_changed(self, message: EngineStatus) -> None:
        """Show the scoring model's state."""
        self.query_one("#engine-status", Static).update(plain(self.host.engines.judge_label))

    def _due_line(self) -> str:
        from trainer.core.scheduling import due_summary, refresh_cards

        cards = refresh_cards(self.host.store)
        if not cards:
            return "Drill: no weak answers waiting."
        return f"Drill: {due_summary(cards, self.host.clock())}."

    _early_drill_offered = False

    def on_screen_resume(self) -> None:
        self._early_drill_offered = False
        self._add_new_banks()
        self.query_one("#history", Static).update(self._history_line())
        self.query_one("#due", Static).update(self._due_line())

    def _add_new_banks(self) -> None:
        """Banks imported since Home was drawn (in the bank browser) join the list, not ticked: the user chooses."""
        banks = self.query_one("#banks", TickList)
        shown = {banks.get_option_at_index(i).value for i in range(banks.option_count)}
        for bank in self.host.catalog.banks:
            if bank.name not in shown:
                banks.add_option((plain(f"{bank.name} ({len(bank.questions)})"), bank.name, False))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {"start": self.action_practice, "drill": self.action_drill, "review": self.action_review}
        actions["key-messages"] = self.action_key_messages
        actions.get(event.button.id or "", self.action_banks)()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_practice()

    def options(self) -> PracticeOptions | None:
        """The session the form describes, or None (with a notice) when it is not valid."""
        banks = tuple(self.query_one("#banks", SelectionList).selected)
        if not banks:
            self.notify("Tick at least one bank (space on a bank's line).", severity="warning")
            return None
        count_text = self.query_one("#count", Input).value.strip()
        limit_text = self.query_one("#time-limit", Input).value.strip()
        count = int(count_text) if count_text else self.host.settings.question_count
        fewest, most = QUESTION_COUNT
        if not fewest <= count <= most:
            self.notify(f"Questions: choose {fewest} to {most}.", severity="warning")
            return None
        limit = int(limit_text) if limit_text else None
        shortest, longest = TIME_LIMIT_S
        if limit is not None and not shortest <= limit <= longest:
            self.notify(f"Seconds per answer: choose {shortest} to {longest}, or leave it empty.", severity="warning")
            return None
        goal = self.query_one("#goal", Select).value
        return PracticeOptions(
            banks=banks,
            count=count,
            time_limit=limit,
            typed=self._typed(),
            mute=self.host.settings.mute or self.host.preferences.muted,
            retry_weak=True,
            goal=goal if isinstance(goal, str) else None,
        )

    def _typed(self) -> bool:
        """Typed answers when ticked; otherwise spoken, if a microphone is found (the app says if not)."""
        return self.query_one("#typed", Checkbox).value

    def action_practice(self) -> None:
        options = self.options()
        if options is not None:
            # the form is kept for the next run once the session starts
            self.post_message(StartPractice(options, remember_form=True))

    def action_drill(self) -> None:
        # typed, like a session started here; a second d after "nothing is due" drills early (a drill that
        # starts covers Home, which forgets the offer when it shows again: on_screen_resume)
        early = self._early_drill_offered
        self.post_message(StartDrill(PracticeOptions(typed=self._typed()), early=early))
        self._early_drill_offered = not early

    def action_review(self) -> None:
        self.post_message(OpenReview())

    def action_banks(self) -> None:
        from trainer.ui.screens.banks import BanksScreen

        self.app.push_screen(BanksScreen())

    def action_key_messages(self) -> None:
        from trainer.ui.screens.key_messages import edit_key_messages

        edit_key_messages(self)
