"""Summary: the answers at a glance, what went well, then what to improve, the key messages, and what comes next."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, DataTable, Footer, Header, Static

from trainer.core.follow_up import draft_follow_up
from trainer.core.goals import GOALS, goal_outcome
from trainer.core.models import VERDICT_MARK, Attempt
from trainer.core.reflection import Reflection
from trainer.core.report import SummaryItem, summarise, totals_phrase
from trainer.core.session import PracticeSession
from trainer.core.wording import clock_text, shortened
from trainer.ui.host import TrainerScreen
from trainer.ui.marks import marks_text
from trainer.ui.messages import KeyMessagesChecked
from trainer.ui.plain import cleaned, plain_text
from trainer.ui.widgets.calm import calm_summary_text
from trainer.ui.widgets.key_messages import key_messages_text
from trainer.ui.widgets.reflection import reflection_text
from trainer.use_cases.key_messages import judge_key_messages


def totals_text(session: PracticeSession) -> Text:
    """Answers, points made, strong answers and time used, in one line."""
    attempts = session.attempts
    text = Text()
    if not attempts:
        text.append("No answers were scored in this session.", style="bold")
        return cleaned(text)
    used = sum(a.score.delivery.duration_s or 0 for a in attempts)
    text.append(f"{len(attempts)} answer{'s' if len(attempts) != 1 else ''}", style="bold")
    text.append(f" · {totals_phrase(attempts)}")
    text.append(f" · {clock_text(used)} answering")
    if session.skipped:
        text.append(f" · {len(session.skipped)} skipped")
    return cleaned(text)


def items_text(title: str, items: Sequence[SummaryItem], numbers: dict[str, int], *, mark: str, style: str) -> Text:
    """A heading, then one line per item, each ending with its question's number in the table (`numbers`)."""
    text = Text()
    text.append(title, style="bold")
    for item in items:
        text.append(f"\n  {mark} ", style=style)
        text.append(item.text)
        if item.question:
            # the table above names the questions: its numbers keep each line to one line at 80 columns
            answers = item.answers or ((numbers[item.question],) if item.question in numbers else ())
            label = ", ".join(f"#{n}" for n in answers) if answers else f"({item.question})"
            text.append(f"  {label}", style="dim")
    return cleaned(text)


class SummaryScreen(TrainerScreen[None]):
    """The end of a session: the analysis, good first, then the follow-up note and the reflection."""

    CSS_PATH = "summary.tcss"
    #: the summary scrolls with the arrow keys from the start (the table's rows are not for choosing)
    AUTO_FOCUS = "#summary"
    BINDINGS = [
        Binding("h,escape", "home", "Home"),
        Binding("f", "follow_up", "Follow-up note"),
        Binding("r", "reflect", "Reflect"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, session: PracticeSession, session_id: int | None = None) -> None:
        super().__init__()
        self.session = session
        # every saved attempt knows its session; a session without answers has nothing to note or reflect on
        saved = (a.session_id for a in session.attempts if a.session_id is not None)
        self.session_id = session_id if session_id is not None else next(saved, None)

    def compose(self) -> ComposeResult:
        attempts = self.session.attempts
        summary = summarise(attempts, self.session.skipped)
        yield Header()
        with VerticalScroll(id="summary"):
            yield Static("Session summary", id="title")
            with Horizontal(id="actions"):
                yield Button("Follow-up note (f)", id="follow_up", compact=True, disabled=not self.can_note)
                yield Button("Reflect (r)", id="reflect", compact=True, disabled=not self.can_note)
                yield Button("Home (h)", id="home", compact=True)
            yield DataTable(id="answers", cursor_type="none", zebra_stripes=True)
            calm = self.host.settings.calm
            if self.session.goal in GOALS:
                yield Static(goal_outcome(self.session.goal, attempts).text(), id="goal")
            if calm:  # no totals, counts or rates: what came across and what to do next
                yield Static(calm_summary_text(attempts), id="calm")
            else:
                yield Static(totals_text(self.session), id="totals")
            numbers: dict[str, int] = {}
            for number, attempt in enumerate(attempts, start=1):
                numbers.setdefault(attempt.question.text, number)
            if attempts and not calm:
                made = VERDICT_MARK["made"]
                well = items_text("What went well", summary.went_well, numbers, mark=made, style="bold green")
                yield Static(well, id="went-well")
            if summary.to_improve and not calm:
                improve = items_text("What to improve", summary.to_improve, numbers, mark="→", style="bold yellow")
                yield Static(improve, id="to-improve")
            messages = self._key_messages()
            if messages:
                yield Static(key_messages_text(judge_key_messages((), messages, None)), id="key-messages")
                self._check_key_messages(tuple(attempts), messages)
            yield Static("", id="reflection")
        yield Footer()

    def _key_messages(self) -> tuple[str, ...]:
        """The key messages as they were when the session was held (today's, for an older session)."""
        info = self.host.store.session(self.session_id) if self.session_id is not None else None
        if info is not None and info.key_messages is not None:
            return info.key_messages
        return self.host.key_messages()

    @work(thread=True, exclusive=True, exit_on_error=False, group="key-messages")
    def _check_key_messages(self, attempts: tuple[Attempt, ...], messages: tuple[str, ...]) -> None:
        # the judge takes ~0.1 s an answer: off the UI thread, shown when done
        checks = judge_key_messages(attempts, messages, self.host.engines.judge())
        self.post_message(KeyMessagesChecked(checks))

    def on_key_messages_checked(self, message: KeyMessagesChecked) -> None:
        self.query_one("#key-messages", Static).update(key_messages_text(message.checks))

    def on_mount(self) -> None:
        table = self.query_one("#answers", DataTable)
        calm = self.host.settings.calm
        columns = (
            ("#", "Question", "Points")
            if calm
            else ("#", "Question", "Points", "Made", "Fillers", "Words", "Time used")
        )
        table.add_columns(*columns)
        for number, attempt in enumerate(self.session.attempts, start=1):
            if calm:  # the marks, and no figures
                table.add_row(str(number), plain_text(shortened(attempt.question.text, 60)), _marks(attempt))
                continue
            score = attempt.score
            delivery = score.delivery
            used = clock_text(delivery.duration_s or 0)
            if delivery.time_limit_s:
                used += f"/{clock_text(delivery.time_limit_s)}"
            table.add_row(
                str(number),
                plain_text(shortened(attempt.question.text, 30)),
                _marks(attempt),
                f"{score.points_made}/{len(score.points)}" if score.points else "—",
                str(delivery.fillers),
                str(delivery.words),
                used,
            )
        table.display = bool(self.session.attempts)
        saved = self.host.store.reflection(self.session_id) if self.session_id is not None else None
        self._show_reflection(saved)

    @property
    def can_note(self) -> bool:
        """A note and a reflection belong to a saved session with answers."""
        return self.session_id is not None and bool(self.session.attempts)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("follow_up", "reflect"):
            return self.can_note or None  # None: shown, but greyed out
        return True

    def _show_reflection(self, reflection: Reflection | None) -> None:
        panel = self.query_one("#reflection", Static)
        panel.display = reflection is not None and not reflection.empty
        if reflection is not None:
            panel.update(reflection_text(reflection))

    # --- what comes next --------------------------------------------------------------------------------------

    def action_follow_up(self) -> None:
        from trainer.ui.screens.follow_up import FollowUpScreen

        if self.session_id is None:
            return
        attempts = self.session.attempts

        def redraft(name: str) -> str:
            return draft_follow_up(attempts, name=name)

        draft = redraft(self.host.preferences.interviewer)
        saved = self.host.store.follow_up(self.session_id)
        self.app.push_screen(FollowUpScreen(self.session_id, draft=draft, saved=saved, redraft=redraft))

    def action_reflect(self) -> None:
        from trainer.ui.screens.reflection import ReflectionScreen

        session_id = self.session_id
        if session_id is None:
            return

        def save(reflection: Reflection | None) -> None:
            if reflection is None:
                return  # skipped: whatever was saved before stays
            app, now = self.host, self.host.clock()
            app.save("your reflection", lambda: app.store.save_reflection(session_id, reflection, now))
            self._show_reflection(reflection)
            self.notify("Reflection cleared." if reflection.empty else "Reflection saved.", title="Reflection")

        self.app.push_screen(ReflectionScreen(self.host.store.reflection(session_id)), save)

    def action_home(self) -> None:
        from trainer.ui.screens.home import HomeScreen

        # Home, even when the session was started from the bank browser (it sits between)
        while len(self.app.screen_stack) > 2 and not isinstance(self.app.screen_stack[-2], HomeScreen):
            self.app.pop_screen()
        self.app.pop_screen()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        await self.run_action(event.button.id or "")


def _marks(attempt: Attempt) -> Text:
    """✓, ✗ or ? for each point, in order ("none yet" when nothing was judged, rather than "0/0")."""
    if not attempt.score.points:
        return Text("none yet", style="dim")
    return marks_text(attempt.score.points)
