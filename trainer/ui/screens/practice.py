"""Practice: the question, a countdown, the answer box, then the verdict on each talking point."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Footer, Header, Label, Static, TextArea
from textual.worker import Worker, WorkerState

from trainer.core.models import AnswerScore
from trainer.core.scoring import score_answer
from trainer.core.session import AnswerTiming, Phase, PracticeSession
from trainer.ui.messages import AnswerScored, EngineStatus
from trainer.ui.widgets.countdown import Countdown
from trainer.ui.widgets.feedback import FeedbackPanel

if TYPE_CHECKING:
    from trainer.ui.app import PracticeOptions, TrainerApp

#: which keys make sense in which phase (the footer shows only these)
ACTIONS_BY_PHASE: dict[str, set[Phase]] = {
    "submit": {Phase.ANSWERING},
    "skip": {Phase.QUESTION, Phase.ANSWERING},
    "next": {Phase.SCORED},
    "retry": {Phase.SCORED},
    "end": {Phase.QUESTION, Phase.ANSWERING, Phase.SCORED},
}


class PracticeScreen(Screen[None]):
    """One timed session: question, answer, feedback, next."""

    CSS_PATH = "practice.tcss"
    BINDINGS = [
        Binding("ctrl+s", "submit", "Submit answer", priority=True),
        Binding("ctrl+n", "skip", "Skip question", priority=True),
        Binding("n,enter", "next", "Next question"),
        Binding("r", "retry", "Retry"),
        Binding("escape,e", "end", "End session"),
    ]

    def __init__(self, session: PracticeSession, session_id: int, options: PracticeOptions) -> None:
        super().__init__()
        self.session = session
        self.session_id = session_id
        self.options = options
        self._ticker: Timer | None = None

    @property
    def trainer(self) -> TrainerApp:
        return cast("TrainerApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="topbar"):
            yield Label("", id="position")
            yield Countdown("", id="countdown")
        yield Static("", id="question")
        with VerticalScroll(id="body"):
            yield TextArea(id="answer", soft_wrap=True, show_line_numbers=False)
            yield FeedbackPanel(id="feedback")
        with Horizontal(id="buttons"):
            yield Button("Submit (ctrl+s)", id="submit", variant="primary")
            yield Button("Skip (ctrl+n)", id="skip")
            yield Button("Next (n)", id="next", variant="primary")
            yield Button("Retry (r)", id="retry")
            yield Button("End (esc)", id="end", variant="error")
        yield Static(self.trainer.engines.judge_label, id="status")
        yield Footer()

    def on_mount(self) -> None:
        self._ticker = self.set_interval(0.25, self._tick)
        self._show_question()

    # --- phases --------------------------------------------------------------------------------------------

    def _show_question(self) -> None:
        session = self.session
        question = session.current
        number, total = session.position
        kind = "brainteaser" if question.kind == "brainteaser" else "stock question"
        self.query_one("#position", Label).update(f"Question {number} of {total} · {question.bank} · {kind}")
        self.query_one("#question", Static).update(question.text)
        answer = self.query_one("#answer", TextArea)
        answer.load_text("")
        answer.read_only = False
        answer.display = True
        answer.border_title = "Your answer"
        self.query_one("#feedback", FeedbackPanel).display = False
        # typed answers: the countdown starts as soon as the question is shown
        session.start_answer()
        answer.focus()
        self._refresh_controls()

    def _tick(self) -> None:
        session = self.session
        if session.phase is Phase.ANSWERING:
            self.query_one("#countdown", Countdown).show(session.remaining(), session.time_limit)
            if session.timed_out:
                self.notify("Time is up: your answer so far is scored.", timeout=4)
                self._finish_answer()

    def _refresh_controls(self) -> None:
        phase = self.session.phase
        for action, phases in ACTIONS_BY_PHASE.items():
            self.query_one(f"#{action}", Button).display = phase in phases
        if phase is not Phase.ANSWERING:
            countdown = self.query_one("#countdown", Countdown)
            if phase is Phase.SCORING:
                countdown.update("scoring…")
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        phases = ACTIONS_BY_PHASE.get(action)
        if phases is None:
            return True
        return self.session.phase in phases

    # --- answering ----------------------------------------------------------------------------------------------

    def action_submit(self) -> None:
        if self.session.phase is not Phase.ANSWERING:
            return
        if not self.query_one("#answer", TextArea).text.strip():
            self.notify("Type your answer first, or skip the question with ctrl+n.", severity="warning")
            return
        self._finish_answer()

    def _finish_answer(self) -> None:
        timing = self.session.stop_answer()
        answer = self.query_one("#answer", TextArea)
        answer.read_only = True
        self._refresh_controls()
        self._score(answer.text, timing)

    @work(thread=True, exclusive=True, exit_on_error=False, group="scoring")
    def _score(self, answer: str, timing: AnswerTiming) -> None:
        def run(judge: Any) -> AnswerScore:
            return score_answer(
                answer,
                self.session.current.talking_points,
                duration_s=timing.duration_s,
                time_limit_s=timing.time_limit_s,
                spoken=False,
                judge=judge,
                threshold=self.trainer.settings.cover_threshold,
            )

        judge = self.trainer.engines.judge()
        try:
            result = run(judge)
        except Exception:
            if judge is None:
                raise
            # a failing model must not cost the user their verdict: fall back on word matching
            self.trainer.engines.judge_failed()
            result = run(None)
        self.post_message(AnswerScored(answer=answer, score=result))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "scoring" and event.state is WorkerState.ERROR:
            self.notify(f"Could not score this answer: {event.worker.error}", severity="error", timeout=15)
            self.session.end()
            self._finish_session()

    def on_answer_scored(self, message: AnswerScored) -> None:
        if self.session.phase is not Phase.SCORING:
            return
        attempt = self.session.record(message.answer, message.score, transcript=message.transcript)
        attempt_id = self.trainer.store.save_attempt(self.session_id, attempt)
        attempt = replace(attempt, id=attempt_id, session_id=self.session_id)
        self.session.replace_last(attempt)
        self.query_one("#answer", TextArea).display = False
        panel = self.query_one("#feedback", FeedbackPanel)
        panel.show(attempt)
        panel.display = True
        self.query_one("#countdown", Countdown).update(
            f"{attempt.score.points_made}/{len(attempt.score.points)} points"
        )
        self.query_one("#next", Button).focus()
        self._refresh_controls()

    # --- moving on ----------------------------------------------------------------------------------------------

    def action_skip(self) -> None:
        if self.session.phase not in ACTIONS_BY_PHASE["skip"]:
            return
        self.session.skip()
        self._after_move()

    def action_next(self) -> None:
        if self.session.phase is not Phase.SCORED:
            return
        self.session.next()
        self._after_move()

    def action_retry(self) -> None:
        if self.session.phase is not Phase.SCORED:
            return
        self.session.retry()
        self._show_question()

    def action_end(self) -> None:
        if self.session.phase is Phase.SCORING:
            return
        self.session.end()
        self._after_move()

    def _after_move(self) -> None:
        if self.session.phase is Phase.FINISHED:
            self._finish_session()
        else:
            self._show_question()

    def _finish_session(self) -> None:
        from trainer.ui.screens.summary import SummaryScreen

        if self._ticker is not None:
            self._ticker.stop()
        self.trainer.store.end_session(self.session_id, self.trainer.clock())
        self.app.switch_screen(SummaryScreen(self.session))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.run_action(event.button.id or "")

    def engine_changed(self, message: EngineStatus) -> None:
        """Show the scoring model's state."""
        self.query_one("#status", Static).update(self.trainer.engines.judge_label)
