"""Practice: the question (read aloud), a countdown, the answer spoken or typed, then the verdict on each point."""

from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Footer, Header, Label, Static, TextArea
from textual.worker import Worker, WorkerState

from trainer import paths
from trainer.core.models import AnswerScore, Attempt, Pause
from trainer.core.scoring import score_answer
from trainer.core.session import AnswerTiming, Phase, PracticeSession
from trainer.ui.messages import AnswerHeard, AnswerScored, AudioLevel, EngineStatus, PhraseHeard, QuestionSpoken
from trainer.ui.widgets.countdown import Countdown
from trainer.ui.widgets.feedback import FeedbackPanel
from trainer.ui.widgets.recording import RecordingPanel

if TYPE_CHECKING:
    from trainer.ui.app import PracticeOptions, TrainerApp

LEVEL_EVERY_S = 0.1
#: the listener's reason when the countdown ended the recording
TIME_LIMIT = "time limit"


class PracticeScreen(Screen[None]):
    """One timed session: question, answer (spoken or typed), feedback, next."""

    CSS_PATH = "practice.tcss"
    BINDINGS = [
        Binding("ctrl+s", "submit", "Submit answer", priority=True),
        Binding("ctrl+n", "skip", "Skip question", priority=True),
        Binding("space", "start_recording", "Answer now"),
        Binding("space,enter", "stop_recording", "Stop recording"),
        Binding("n,enter", "next", "Next question"),
        Binding("r", "retry", "Retry"),
        Binding("f", "fix", "Fix misheard words"),
        Binding("1", "flip(0)", "Flip a verdict", key_display="1-3"),
        Binding("2", "flip(1)", "Flip verdict 2", show=False),
        Binding("3", "flip(2)", "Flip verdict 3", show=False),
        Binding("a", "say_again", "Say it again"),
        Binding("x", "stop_speaking", "Stop voice"),
        Binding("m", "toggle_mute", "Mute"),
        Binding("escape", "end", "End session"),
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
        self._thinking: Timer | None = None
        self._listener: Any = None
        self._recording_path: Path | None = None
        self._speaking = False
        self._fixing = False
        self._level_at = 0.0

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
            yield RecordingPanel(id="recording")
            yield TextArea(id="answer", soft_wrap=True, show_line_numbers=False)
            yield FeedbackPanel(id="feedback")
        with Horizontal(id="buttons"):
            yield Button("Submit (ctrl+s)", id="submit", variant="primary", compact=True)
            yield Button("Answer now (space)", id="start_recording", variant="primary", compact=True)
            yield Button("Stop (space)", id="stop_recording", variant="error", compact=True)
            yield Button("Skip (ctrl+n)", id="skip", compact=True)
            yield Button("Next (n)", id="next", variant="primary", compact=True)
            yield Button("Retry (r)", id="retry", compact=True)
            yield Button("End (esc)", id="end", variant="error", compact=True)
        yield Static("", id="status")
        yield Footer()

    def on_mount(self) -> None:
        self._ticker = self.set_interval(0.25, self._tick)
        self._show_status()
        self._show_question()

    def on_unmount(self) -> None:
        self._stop_listening()
        self.action_stop_speaking()

    # --- what may be done when ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        phase, spoken = self.session.phase, self.spoken
        allowed = {
            "submit": (phase is Phase.ANSWERING and not spoken) or self._fixing,
            "skip": phase in (Phase.QUESTION, Phase.ANSWERING),
            "start_recording": spoken and phase is Phase.QUESTION,
            "stop_recording": spoken and phase is Phase.ANSWERING,
            "next": phase is Phase.SCORED and not self._fixing,
            "retry": phase is Phase.SCORED and not self._fixing,
            "fix": spoken and phase is Phase.SCORED and not self._fixing,
            "flip": phase is Phase.SCORED and not self._fixing and self._has_point(parameters),
            "say_again": spoken and phase is Phase.QUESTION and not self.muted,
            "stop_speaking": self._speaking,
            "toggle_mute": spoken,
            "end": phase is not Phase.SCORING,
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
        self.query_one("#position", Label).update(f"Question {number} of {total} · {question.bank} · {kind}")
        self.query_one("#question", Static).update(question.text)
        self.query_one("#feedback", FeedbackPanel).display = False
        self._fixing = False
        answer = self.query_one("#answer", TextArea)
        answer.load_text("")
        answer.read_only = False
        answer.border_title = "Your answer"
        answer.display = not self.spoken
        panel = self.query_one("#recording", RecordingPanel)
        panel.display = self.spoken
        countdown = self.query_one("#countdown", Countdown)
        if not self.spoken:
            # typed answers: the countdown starts as soon as the question is shown
            session.start_answer()
            answer.focus()
            if self.trainer.settings.read_typed_questions and not self.muted:
                self._speak(session.current.text)
        else:
            countdown.show(session.time_limit, session.time_limit)
            self._ask_aloud()
        self._refresh_controls()

    def _ask_aloud(self) -> None:
        panel = self.query_one("#recording", RecordingPanel)
        if self.muted:
            panel.waiting("Read the question. Space: start answering.")
            self.post_message(QuestionSpoken(spoken=False))
            return
        panel.waiting("Listen to the question… recording starts after it (space: start now).")
        self._speaking = True
        self._speak(self.session.current.text)

    @work(thread=True, exclusive=True, exit_on_error=False, group="voice")
    def _speak(self, text: str) -> None:
        speaker = self.trainer.engines.speaker()
        if speaker is None:
            problem = self.trainer.engines.speaker_problem or "the voice could not load"
            self.post_message(QuestionSpoken(spoken=False, reason=f"not spoken: {problem}"))
            return
        utterance = speaker.speak(text)
        self.post_message(QuestionSpoken(spoken=utterance.spoken, reason=utterance.reason))

    def on_question_spoken(self, message: QuestionSpoken) -> None:
        self._speaking = False
        if message.reason:
            why = message.reason.removeprefix("not spoken: ")
            self.trainer.notice_once("voice", f"Questions are shown, not spoken: {why}.")
        if self.session.phase is not Phase.QUESTION or not self.spoken:
            self._refresh_controls()
            return
        thinking = self.trainer.settings.thinking_time_s
        if self.muted and not self.options.audio_in:
            self._refresh_controls()  # muted and live: the user starts with space when ready
        elif thinking > 0:
            panel = self.query_one("#recording", RecordingPanel)
            panel.waiting(f"Think for a moment: recording starts in {thinking:g} s (space: start now).")
            self._thinking = self.set_timer(thinking, self.action_start_recording)
        else:
            self.action_start_recording()
        self._refresh_controls()

    def action_say_again(self) -> None:
        if self.check_action("say_again", ()):
            self._cancel_thinking()
            self._ask_aloud()
            self._refresh_controls()

    def action_stop_speaking(self) -> None:
        speaker = self.trainer.engines.speaker(0)
        if self._speaking and speaker is not None:
            speaker.stop()

    def action_toggle_mute(self) -> None:
        self.muted = not self.muted
        if self.muted:
            self.action_stop_speaking()
        self.notify("Voice muted." if self.muted else "Voice on.", timeout=3)
        self._refresh_controls()

    def _cancel_thinking(self) -> None:
        if self._thinking is not None:
            self._thinking.stop()
            self._thinking = None

    # --- a spoken answer -------------------------------------------------------------------------------------

    def action_start_recording(self) -> None:
        if not self.check_action("start_recording", ()):
            return
        self._cancel_thinking()
        self.action_stop_speaking()
        try:
            source, label = self._open_source()
        except Exception as exc:  # the device or file refused: the rest of the session is typed
            self.notify(f"Cannot record ({exc}); type your answer instead.", severity="error", timeout=10)
            self.spoken = False
            self._show_question()
            return
        from trainer.speech.listener import Listener

        session = self.session
        session.start_answer()
        self._recording_path = self._new_recording_path() if self.trainer.settings.keep_recordings else None
        self._listener = Listener(
            source,
            self.trainer.engines.waiting_transcriber(),
            hotwords=session.current.talking_points,
            time_limit_s=session.time_limit,
            silence_stop_s=self.trainer.settings.silence_stop_s or None,
            on_level=self._on_level,
            on_phrase=self._on_phrase,
            on_done=self._on_done,
            on_partial=self._on_phrase,
        )
        self._listener.start()
        panel = self.query_one("#recording", RecordingPanel)
        panel.recording(label)
        panel.transcript("")
        self._refresh_controls()

    def _new_recording_path(self) -> Path:
        """Where this answer's audio goes when the user asked to keep recordings."""
        stamp = self.trainer.clock().strftime("%Y%m%d-%H%M%S")
        return paths.home() / "recordings" / f"{stamp}-session{self.session_id}-{self.session.current.id}.wav"

    def _open_source(self) -> tuple[Any, str]:
        from trainer.speech.capture import LiveFileSource, MicrophoneSource

        files = self.options.audio_in
        if files:
            path: Path = files[min(self.session.index, len(files) - 1)]
            return LiveFileSource(path), f"from {path.name}"
        return MicrophoneSource(), "microphone"

    def _on_level(self, level: float) -> None:  # listener thread
        now = time.monotonic()
        if now - self._level_at >= LEVEL_EVERY_S:
            self._level_at = now
            self.post_message(AudioLevel(level))

    def _on_phrase(self, phrase: str, words: str) -> None:  # listener thread
        self.post_message(PhraseHeard(phrase, words))

    def _on_done(self, text: str, audio_s: float, reason: str) -> None:  # listener thread
        # only what was captured on the UI thread is used here: the app may be gone by now
        listener, keep_at = self._listener, self._recording_path
        result = listener.result if listener is not None else None
        problems = [result.error] if result is not None and result.error else []
        if listener is not None and keep_at is not None:
            problems += keep_recording(listener, keep_at)
        speech_s = result.speech_s if result is not None else audio_s
        pauses = result.pauses if result is not None else ()
        self.post_message(AnswerHeard(text, audio_s, speech_s, reason, "; ".join(problems) or None, pauses))

    def on_audio_level(self, message: AudioLevel) -> None:
        if self.session.phase is Phase.ANSWERING:
            self.query_one("#recording", RecordingPanel).level(message.level)

    def on_phrase_heard(self, message: PhraseHeard) -> None:
        if self.session.phase is Phase.ANSWERING:
            self.query_one("#recording", RecordingPanel).transcript(message.transcript)

    def action_stop_recording(self) -> None:
        if self.check_action("stop_recording", ()) and self._listener is not None:
            self._listener.stop()
            self.query_one("#recording", RecordingPanel).finishing()

    def on_answer_heard(self, message: AnswerHeard) -> None:
        self._listener = None
        if self.session.phase is not Phase.ANSWERING:
            return  # skipped or ended while the last words were transcribed
        if message.error:
            self.notify(message.error, severity="error", timeout=10)
        # pace is measured over the speech itself; a recording cut by the clock used all its time
        used = message.audio_s if message.reason == TIME_LIMIT else (message.speech_s or message.audio_s)
        timing = self.session.stop_answer(duration_s=used)
        self.query_one("#recording", RecordingPanel).transcript(message.transcript)
        self._refresh_controls()
        self._score(message.transcript, timing, spoken=True, pauses=message.pauses)

    def _stop_listening(self) -> None:
        if self._listener is not None:
            self._listener.stop()

    # --- a typed answer (or a fixed transcript) -------------------------------------------------------------

    def _tick(self) -> None:
        session = self.session
        if session.phase is not Phase.ANSWERING:
            return
        self.query_one("#countdown", Countdown).show(session.remaining(), session.time_limit)
        if session.timed_out:
            if self.spoken:
                self._stop_listening()
            else:
                self.notify("Time is up: your answer so far is scored.", timeout=4)
                self._finish_typed()

    def action_submit(self) -> None:
        if not self.check_action("submit", ()):
            return
        text = self.query_one("#answer", TextArea).text
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
        answer = self.query_one("#answer", TextArea)
        answer.read_only = True
        self._refresh_controls()
        self._score(answer.text, timing, spoken=False)

    def action_fix(self) -> None:
        if not self.check_action("fix", ()):
            return
        attempt = self.session.last_attempt
        assert attempt is not None
        self._fixing = True
        answer = self.query_one("#answer", TextArea)
        answer.load_text(attempt.answer)
        answer.read_only = False
        answer.border_title = "Fix any misheard words, then ctrl+s to score again"
        answer.display = True
        self.query_one("#feedback", FeedbackPanel).display = False
        answer.focus()
        self._refresh_controls()

    # --- scoring ----------------------------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="scoring")
    def _score(self, answer: str, timing: AnswerTiming, *, spoken: bool, pauses: tuple[Pause, ...] = ()) -> None:
        def run(judge: Any) -> AnswerScore:
            scored = score_answer(
                answer,
                self.session.current.talking_points,
                duration_s=timing.duration_s,
                time_limit_s=timing.time_limit_s,
                spoken=spoken,
                judge=judge,
                threshold=self.trainer.settings.cover_threshold,
            )
            return replace(scored, delivery=replace(scored.delivery, pauses=pauses)) if pauses else scored

        judge = self.trainer.engines.judge()
        try:
            result = run(judge)
        except Exception:
            if judge is None:
                raise
            # a failing model must not cost the user their verdict: fall back on word matching
            self.trainer.engines.judge_failed()
            result = run(None)
        self.post_message(AnswerScored(answer=answer, score=result, transcript=answer if spoken else None))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "scoring" and event.state is WorkerState.ERROR:
            self.notify(f"Could not score this answer: {event.worker.error}", severity="error", timeout=15)
            self.session.end()
            self._finish_session()

    def on_answer_scored(self, message: AnswerScored) -> None:
        if self.session.phase is not Phase.SCORING:
            return
        store = self.trainer.store
        if self._fixing:
            # the user corrected a recognition slip: same attempt, the words they said, a new verdict
            last = self.session.last_attempt
            assert last is not None
            attempt = replace(last, answer=message.answer, score=message.score)
            store.update_attempt(attempt)
            self.session.rescored(attempt)
            self._fixing = False
        else:
            attempt = self.session.record(message.answer, message.score, transcript=message.transcript)
            attempt = replace(attempt, id=store.save_attempt(self.session_id, attempt), session_id=self.session_id)
            self.session.replace_last(attempt)
        self.trainer.attempt_saved(attempt, self.session)
        self.query_one("#answer", TextArea).display = False
        self.query_one("#recording", RecordingPanel).display = False
        self._show_feedback(attempt)
        self.query_one("#next", Button).focus()
        self._refresh_controls()

    def action_flip(self, index: int) -> None:
        """ "I did make that point" (or the reverse): the user's verdict is saved and drives the drills."""
        if not self.check_action("flip", (index,)):
            return
        last = self.session.last_attempt
        assert last is not None
        attempt = replace(last, score=last.score.flipped(index))
        self.trainer.store.update_attempt(attempt)
        self.session.replace_last(attempt)
        self.trainer.attempt_saved(attempt, self.session)
        self._show_feedback(attempt)
        verdict = attempt.score.points[index]
        said = "made" if verdict.covered else "missed"
        self.notify(f"Point {index + 1} marked as {said}" + ("" if verdict.overridden else " (the trainer's verdict)"))

    def _show_feedback(self, attempt: Attempt) -> None:
        panel = self.query_one("#feedback", FeedbackPanel)
        panel.show(attempt)
        panel.display = True
        self.query_one("#countdown", Countdown).update(
            f"{attempt.score.points_made}/{len(attempt.score.points)} points"
        )

    # --- moving on ----------------------------------------------------------------------------------------------

    def action_skip(self) -> None:
        if self.check_action("skip", ()):
            self._leave_question()
            self.session.skip()
            self._after_move()

    def action_next(self) -> None:
        if self.check_action("next", ()):
            self.session.next()
            self._after_move()

    def action_retry(self) -> None:
        if self.check_action("retry", ()):
            self.session.retry()
            self._show_question()

    def action_end(self) -> None:
        if self.check_action("end", ()):
            self._leave_question()
            self.session.end()
            self._after_move()

    def _leave_question(self) -> None:
        self._cancel_thinking()
        self._stop_listening()
        self.action_stop_speaking()

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
        self.app.switch_screen(SummaryScreen(self.session, self.session_id))

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        await self.run_action(event.button.id or "")

    # --- engines --------------------------------------------------------------------------------------------------

    def engine_changed(self, message: EngineStatus) -> None:
        """Show the scoring model's and recogniser's state."""
        self._show_status()

    def _show_status(self) -> None:
        engines = self.trainer.engines
        parts = [engines.judge_label]
        if self.spoken and engines.recogniser_label:
            parts.append(engines.recogniser_label)
        self.query_one("#status", Static).update(" · ".join(parts))


def keep_recording(listener: Any, path: Path) -> list[str]:
    """Save an answer's audio (only when the user turned keep_recordings on): private, in TRAINER_HOME."""
    try:
        path.parent.mkdir(mode=0o700, exist_ok=True)
        # created 0600 before any audio is written into it
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600))
        listener.save_wav(path)
    except OSError as exc:
        return [f"could not keep the recording ({exc.strerror or exc})"]
    return []
