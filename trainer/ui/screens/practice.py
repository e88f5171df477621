"""Practice: the question (read aloud), a countdown, the answer spoken or typed, then the verdict on each point."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.timer import Timer
from textual.widgets import Button, Footer, Header, Label, Static

from trainer import paths
from trainer.core.session import Phase, PracticeSession
from trainer.ui.messages import (
    AnswerHeard,
    EngineStatus,
    QuestionSpoken,
    SavesChanged,
)
from trainer.ui.options import PracticeOptions
from trainer.ui.plain import plain
from trainer.ui.screens.verdicts import VerdictScreen
from trainer.ui.widgets.countdown import Countdown
from trainer.ui.widgets.cue_cards import CueCards
from trainer.ui.widgets.feedback import FeedbackPanel
from trainer.ui.widgets.notice_line import NoticeLine
from trainer.ui.widgets.probe import ProbePanel
from trainer.ui.widgets.spoken_answer import SpokenAnswer
from trainer.ui.widgets.typed_answer import TypedAnswer


class PracticeScreen(VerdictScreen):
    """One timed session: question, answer (spoken or typed), feedback, next."""

    CSS_PATH = "practice.tcss"
    BINDINGS = [
        Binding("ctrl+s", "submit", "Submit", priority=True),
        Binding("ctrl+n", "skip", "Skip", priority=True),
        Binding("ctrl+t", "toggle_cues", "Cues", priority=True),
        # short names: every key a phase offers fits an 80-column footer (the buttons say the rest)
        Binding("space", "start_recording", "Answer"),
        Binding("space,enter", "stop_recording", "Stop"),
        Binding("n,enter", "next", "Next"),
        Binding("r", "retry", "Retry"),
        Binding("y", "answer_probe", "Reply"),
        Binding("f", "fix", "Fix words"),
        Binding("c", "copy_answer", "Copy"),
        Binding("1", "flip(0)", "Flip", key_display="1-3"),
        Binding("2", "flip(1)", "Flip verdict 2", show=False),
        Binding("3", "flip(2)", "Flip verdict 3", show=False),
        Binding("a", "say_again", "Repeat"),
        Binding("x", "stop_speaking", "Quiet"),
        Binding("m", "toggle_mute", "Mute"),
        Binding("escape", "cancel_fix", "Cancel fix"),
        Binding("escape", "end", "End"),
    ]

    def __init__(
        self, session: PracticeSession, session_id: int, options: PracticeOptions, *, spoken: bool = False
    ) -> None:
        super().__init__()
        self.session = session
        self.session_id = session_id
        self.options = options
        self.spoken = spoken
        self.muted = options.mute
        self._ticker: Timer | None = None
        self._fixing = False
        self._scoring = None
        #: esc was pressed while scoring: end the session once the verdict is saved
        self._end_when_scored = False

    @property
    def spoken_answer(self) -> SpokenAnswer:
        """The voice, the listener and the recording panel."""
        return self.query_one("#recording", SpokenAnswer)

    @property
    def typed_answer(self) -> TypedAnswer:
        """The answer box (typed answers, and fixing a transcript)."""
        return self.query_one("#answer", TypedAnswer)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="topbar"):
            yield Label("", id="position")
            yield Countdown("", id="countdown")
        yield Static("", id="question")
        with VerticalScroll(id="body"):
            yield CueCards(id="cues")
            yield SpokenAnswer(self.host.engines, id="recording")
            yield TypedAnswer(id="answer")
            yield ProbePanel(id="probe")
            yield FeedbackPanel(id="feedback")
        with Horizontal(id="buttons"):
            yield Button("Submit (ctrl+s)", id="submit", variant="primary", compact=True)
            yield Button("Answer now (space)", id="start_recording", variant="primary", compact=True)
            yield Button("Stop (space)", id="stop_recording", variant="error", compact=True)
            yield Button("Skip (ctrl+n)", id="skip", compact=True)
            yield Button("Next (n)", id="next", variant="primary", compact=True)
            yield Button("Retry (r)", id="retry", compact=True)
            yield Button("End (esc)", id="end", variant="error", compact=True)
        yield NoticeLine(id="notice")
        yield Static("", id="status")
        yield Footer()

    def on_mount(self) -> None:
        self._ticker = self.set_interval(0.25, self._tick)
        self._show_status()
        self._show_question()

    # --- what may be done when ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        phase, spoken = self.session.phase, self.spoken
        allowed = {
            "submit": (phase is Phase.ANSWERING and not spoken) or self._fixing or self.probe_replying,
            "answer_probe": self.probe_pending and not self.probe_replying,
            "skip": phase in (Phase.QUESTION, Phase.ANSWERING),
            "start_recording": spoken and phase is Phase.QUESTION,
            "stop_recording": spoken and phase is Phase.ANSWERING,
            "next": phase is Phase.SCORED and not self._fixing,
            "retry": phase is Phase.SCORED and not self._fixing,
            "fix": spoken and phase is Phase.SCORED and not self._fixing,
            "flip": phase is Phase.SCORED and not self._fixing and self._has_point(parameters),
            "say_again": spoken and phase is Phase.QUESTION and not self.muted,
            "stop_speaking": self.spoken_answer.speaking,
            # the voice reads the question: muting belongs before and while answering, not on the verdict
            "toggle_mute": spoken and phase in (Phase.QUESTION, Phase.ANSWERING),
            "cancel_fix": self._fixing and phase is Phase.SCORED,
            # while fixing a transcript, esc cancels the fix: it must never end the session
            "end": not self._fixing,
            "toggle_cues": phase in (Phase.QUESTION, Phase.ANSWERING),
            "copy_answer": phase is Phase.SCORED and not self._fixing,
        }
        return allowed.get(action, True)

    def _has_point(self, parameters: tuple[object, ...]) -> bool:
        attempt = self.session.last_attempt
        index = parameters[0] if parameters else 0
        return attempt is not None and isinstance(index, int) and index < len(attempt.score.points)

    def _refresh_controls(self) -> None:
        for button in self.query("#buttons Button").results(Button):
            button.display = bool(self.check_action(button.id or "", ()))
        if self.session.phase is Phase.SCORING:
            self.query_one("#countdown", Countdown).update("scoring…")
        self.refresh_bindings()

    # --- a question --------------------------------------------------------------------------------------------

    def _show_question(self) -> None:
        session = self.session
        question = session.current
        number, total = session.position
        kind = "brainteaser" if question.kind == "brainteaser" else "stock question"
        self.query_one("#position", Label).update(plain(f"Question {number} of {total} · {question.bank} · {kind}"))
        self.query_one("#question", Static).update(plain(question.text))
        self.query_one("#feedback", FeedbackPanel).display = False
        self.skip_probe()
        self._show_cues()
        self._fixing = False
        answer = self.typed_answer
        answer.ask()
        answer.display = not self.spoken
        self.spoken_answer.display = self.spoken
        countdown = self.query_one("#countdown", Countdown)
        if not self.spoken:
            # typed answers: the countdown starts as soon as the question is shown
            session.start_answer()
            answer.focus()
            if self.host.settings.read_typed_questions and not self.muted:
                self.spoken_answer.speak(session.current.text)
        else:
            countdown.show(session.time_limit, session.time_limit)
            self.spoken_answer.ask(session.current.text, muted=self.muted)
        self._refresh_controls()

    def on_question_spoken(self, message: QuestionSpoken) -> None:
        if message.reason:
            why = message.reason.removeprefix("not spoken: ")
            self.host.notice_once("voice", f"Questions are shown, not spoken: {why}.")
        if self.session.phase is not Phase.QUESTION or not self.spoken:
            self._refresh_controls()
            return
        thinking = self.host.settings.thinking_time_s
        if self.muted and not self.options.audio_in:
            self._refresh_controls()  # muted and live: the user starts with space when ready
        elif thinking > 0:
            self.spoken_answer.think(thinking, self.action_start_recording)
        else:
            self.action_start_recording()
        self._refresh_controls()

    @property
    def cues_shown(self) -> bool:
        """Cue cards before answering: as the user last chose; shown until they choose (so in a first session)."""
        return self.host.preferences.show_cues is not False

    def _show_cues(self) -> None:
        cues = self.query_one("#cues", CueCards)
        # in a drill, the points the last answer missed are marked (or, with the cards hidden, counted)
        missed = self.host.missed_last_time(self.session.current) if self.options.mode == "drill" else ()
        cues.show(self.session.current, missed, hidden=not self.cues_shown)
        before_answer = self.session.phase in (Phase.QUESTION, Phase.ANSWERING)
        cues.display = before_answer and (self.cues_shown or bool(missed))

    def action_toggle_cues(self) -> None:
        """Show or hide the points and the tip before answering; the choice is kept for the next sessions."""
        if self.check_action("toggle_cues", ()):
            self.host.remember(show_cues=not self.cues_shown)
            self._show_cues()

    def action_say_again(self) -> None:
        if self.check_action("say_again", ()):
            self.spoken_answer.cancel_thinking()
            self.spoken_answer.ask(self.session.current.text, muted=self.muted)
            self._refresh_controls()

    def action_stop_speaking(self) -> None:
        self.spoken_answer.stop_speaking()

    def action_toggle_mute(self) -> None:
        self.muted = not self.muted
        self.host.remember(muted=self.muted)  # the next session starts as this one was left
        if self.muted:
            self.action_stop_speaking()
        self.notify("Voice muted." if self.muted else "Voice on.", timeout=3)
        self._refresh_controls()

    # --- a spoken answer -------------------------------------------------------------------------------------

    def action_start_recording(self) -> None:
        if not self.check_action("start_recording", ()):
            return
        self.spoken_answer.cancel_thinking()
        self.action_stop_speaking()
        session = self.session
        try:
            source, label = self.host.audio.answer(session.index)
        except Exception as exc:  # the device or file refused: the rest of the session is typed
            self.notify(f"Cannot record ({exc}); type your answer instead.", severity="error", timeout=10)
            self.spoken = False
            self._show_question()
            return
        session.start_answer()
        self.spoken_answer.listen(
            source,
            label,
            hotwords=session.current.talking_points,
            time_limit_s=session.time_limit,
            silence_stop_s=self.host.settings.silence_stop_s or None,
            keep_at=self._new_recording_path() if self.host.settings.keep_recordings else None,
        )
        self._refresh_controls()

    def _new_recording_path(self) -> Path:
        """Where this answer's audio goes when the user asked to keep recordings."""
        stamp = self.host.clock().strftime("%Y%m%d-%H%M%S")
        return paths.home() / "recordings" / f"{stamp}-session{self.session_id}-{self.session.current.id}.wav"

    def action_stop_recording(self) -> None:
        if self.check_action("stop_recording", ()) and self.spoken_answer.listening:
            self.spoken_answer.stop_listening()
            self.spoken_answer.finishing()

    def on_answer_heard(self, message: AnswerHeard) -> None:
        if self.session.phase is not Phase.ANSWERING:
            return  # skipped or ended while the last words were transcribed
        if message.error:
            self.notify(message.error, severity="error", timeout=10)
        timing = self.session.stop_answer(duration_s=message.used_s)
        self._refresh_controls()
        self._score(message.transcript, timing, spoken=True, pauses=message.pauses)

    # --- a typed answer (or a fixed transcript) -------------------------------------------------------------

    def _tick(self) -> None:
        session = self.session
        if session.phase is not Phase.ANSWERING:
            return
        self.query_one("#countdown", Countdown).show(session.remaining(), session.time_limit)
        if session.timed_out:
            if self.spoken:
                self.spoken_answer.stop_listening()
            else:
                self.notify("Time is up: your answer so far is scored.", timeout=4)
                self._finish_typed()

    def action_submit(self) -> None:
        if not self.check_action("submit", ()):
            return
        if self.probe_replying:
            self.send_probe_reply()
            return
        text = self.typed_answer.text
        if self._fixing:
            timing = self.session.start_rescore()
            self._refresh_controls()
            self._score(text, timing, spoken=True)
            return
        if not text.strip():
            self.notify("Type your answer first, or skip the question with ctrl+n.", severity="warning")
            return
        self._finish_typed()

    def _finish_typed(self) -> None:
        timing = self.session.stop_answer()
        answer = self.typed_answer
        answer.submitted()
        self._refresh_controls()
        self._score(answer.text, timing, spoken=False)

    def action_fix(self) -> None:
        if not self.check_action("fix", ()):
            return
        attempt = self.session.last_attempt
        assert attempt is not None
        self._fixing = True
        self.typed_answer.fix(attempt.answer)
        self.query_one("#feedback", FeedbackPanel).display = False
        self.typed_answer.focus()
        self._refresh_controls()

    def action_cancel_fix(self) -> None:
        """Back to the verdict as it was, the transcript unchanged."""
        if not self.check_action("cancel_fix", ()):
            return
        self._fixing = False
        self.typed_answer.display = False
        self.query_one("#feedback", FeedbackPanel).display = True
        self.query_one("#next", Button).focus()
        self._refresh_controls()

    # --- moving on ----------------------------------------------------------------------------------------------

    def action_skip(self) -> None:
        if self.check_action("skip", ()):
            self._leave_question()
            self.session.skip()
            self._after_move()

    def action_next(self) -> None:
        if self.check_action("next", ()):
            self.skip_probe()
            self.session.next()
            self._after_move()

    def action_retry(self) -> None:
        if self.check_action("retry", ()):
            self.skip_probe()
            self.session.retry()
            self._show_question()

    def action_end(self) -> None:
        if self.session.phase is Phase.SCORING:
            # the answer is being scored: the session ends as soon as its verdict is saved
            self._end_when_scored = True
            self.notify("Ending the session once this answer is scored…", timeout=4)
            return
        if self.check_action("end", ()):
            self.skip_probe()
            self._leave_question()
            self.session.end()
            self._after_move()

    def _leave_question(self) -> None:
        self.spoken_answer.leave()

    def _after_move(self) -> None:
        if self.session.phase is Phase.FINISHED:
            self._finish_session()
        else:
            self._show_question()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        await self.run_action(event.button.id or "")

    # --- engines --------------------------------------------------------------------------------------------------

    def engine_changed(self, message: EngineStatus) -> None:
        """Show the scoring model's and recogniser's state."""
        self._show_status()

    def on_saves_changed(self, message: SavesChanged) -> None:
        self._show_status()

    def _show_status(self) -> None:
        engines = self.host.engines
        saves = self.host.saves
        parts = [f"⚠ {len(saves.waiting)} not saved yet: {saves.reason} (kept; trying again)"] if saves.waiting else []
        parts.append(engines.judge_label)
        if self.spoken and engines.recogniser_label:
            parts.append(engines.recogniser_label)
        self.query_one("#status", Static).update(plain(" · ".join(parts)))
