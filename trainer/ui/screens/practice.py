"""Practice: the question (read aloud), a countdown, the answer spoken or typed, then the verdict on each point."""

from __future__ import annotations

import contextlib
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.timer import Timer
from textual.widgets import Button, Footer, Header, Label, Static, TextArea
from textual.worker import Worker, WorkerState

from trainer import paths
from trainer.core.files import FileProblem
from trainer.core.models import AnswerScore, Attempt, Pause
from trainer.core.scoring import score_answer
from trainer.core.session import AnswerTiming, Phase, PracticeSession
from trainer.ui.messages import (
    AnswerHeard,
    AnswerScored,
    AudioLevel,
    EngineStatus,
    PhraseHeard,
    QuestionSpoken,
    SavesChanged,
)
from trainer.ui.plain import plain
from trainer.ui.screens.probing import ProbingScreen
from trainer.ui.widgets.countdown import Countdown
from trainer.ui.widgets.cue_cards import CueCards
from trainer.ui.widgets.feedback import FeedbackPanel
from trainer.ui.widgets.notice_line import NoticeLine
from trainer.ui.widgets.probe import ProbePanel
from trainer.ui.widgets.recording import RecordingPanel

if TYPE_CHECKING:
    from trainer.ui.app import PracticeOptions, TrainerApp

LEVEL_EVERY_S = 0.1
#: the listener's reason when the countdown ended the recording
TIME_LIMIT = "time limit"


class PracticeScreen(ProbingScreen):
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
        self._thinking: Timer | None = None
        self._listener: Any = None
        self._recording_path: Path | None = None
        self._speaking = False
        self._fixing = False
        self._level_at = 0.0
        #: the answer being scored (answer, timing, spoken), kept until its verdict arrives
        self._scoring: tuple[str, AnswerTiming, bool, tuple[Pause, ...]] | None = None
        #: esc was pressed while scoring: end the session once the verdict is saved
        self._end_when_scored = False

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
            yield CueCards(id="cues")
            yield RecordingPanel(id="recording")
            yield TextArea(id="answer", soft_wrap=True, show_line_numbers=False)
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

    def on_unmount(self) -> None:
        self._stop_listening()
        self.action_stop_speaking()

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
            "stop_speaking": self._speaking,
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
        voice = self.trainer.engines.voice()
        if voice is None:
            problem = self.trainer.engines.voice_problem or "the voice could not load"
            self.post_message(QuestionSpoken(spoken=False, reason=f"not spoken: {problem}"))
            return
        utterance = voice.speak(text)
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

    @property
    def cues_shown(self) -> bool:
        """Cue cards before answering: as the user last chose; shown until they choose (so in a first session)."""
        return self.trainer.preferences.show_cues is not False

    def _show_cues(self) -> None:
        from trainer.ui.drill import missed_last_time

        cues = self.query_one("#cues", CueCards)
        # in a drill, the points the last answer missed are marked (or, with the cards hidden, counted)
        missed = missed_last_time(self.trainer, self.session.current) if self.options.mode == "drill" else ()
        cues.show(self.session.current, missed, hidden=not self.cues_shown)
        before_answer = self.session.phase in (Phase.QUESTION, Phase.ANSWERING)
        cues.display = before_answer and (self.cues_shown or bool(missed))

    def action_toggle_cues(self) -> None:
        """Show or hide the points and the tip before answering; the choice is kept for the next sessions."""
        if self.check_action("toggle_cues", ()):
            self.trainer.remember(show_cues=not self.cues_shown)
            self._show_cues()

    def action_say_again(self) -> None:
        if self.check_action("say_again", ()):
            self._cancel_thinking()
            self._ask_aloud()
            self._refresh_controls()

    def action_stop_speaking(self) -> None:
        voice = self.trainer.engines.voice(0)
        if self._speaking and voice is not None:
            voice.stop()

    def action_toggle_mute(self) -> None:
        self.muted = not self.muted
        self.trainer.remember(muted=self.muted)  # the next session starts as this one was left
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
            self.trainer.engines.waiting_recogniser(),
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
        if self.probe_replying:
            self.send_probe_reply()
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

    def action_copy_answer(self) -> None:
        """This answer, its verdicts and its words, as Markdown on the clipboard (to keep or share one answer)."""
        attempt = self.session.last_attempt
        if not self.check_action("copy_answer", ()) or attempt is None:
            return
        from trainer.core.report import answer_markdown

        self.app.copy_to_clipboard(answer_markdown(attempt))
        self.notify("Copied this answer as Markdown (if your terminal supports OSC 52; trainer report has them all).")

    def action_cancel_fix(self) -> None:
        """Back to the verdict as it was, the transcript unchanged."""
        if not self.check_action("cancel_fix", ()):
            return
        self._fixing = False
        self.query_one("#answer", TextArea).display = False
        self.query_one("#feedback", FeedbackPanel).display = True
        self.query_one("#next", Button).focus()
        self._refresh_controls()

    # --- scoring ----------------------------------------------------------------------------------------------------

    def _score(self, answer: str, timing: AnswerTiming, *, spoken: bool, pauses: tuple[Pause, ...] = ()) -> None:
        self._scoring = (answer, timing, spoken, pauses)
        self._score_in_background(answer, timing, spoken=spoken, pauses=pauses)

    @work(thread=True, exclusive=True, exit_on_error=False, group="scoring")
    def _score_in_background(
        self, answer: str, timing: AnswerTiming, *, spoken: bool, pauses: tuple[Pause, ...] = ()
    ) -> None:
        judge = self.trainer.engines.judge()
        try:
            result = self._scored(answer, timing, spoken, pauses, judge)
        except Exception:
            if judge is None:
                raise
            # a failing model must not cost the user their verdict: fall back on word matching
            self.trainer.engines.judge_failed()
            result = self._scored(answer, timing, spoken, pauses, None)
        self.post_message(AnswerScored(answer=answer, score=result, transcript=answer if spoken else None))

    def _scored(
        self, answer: str, timing: AnswerTiming, spoken: bool, pauses: tuple[Pause, ...], judge: Any
    ) -> AnswerScore:
        """The current question's verdict on `answer` (with the judge, or by words when it is None)."""
        scored = score_answer(
            answer,
            self.session.current.talking_points,
            duration_s=timing.duration_s,
            time_limit_s=timing.time_limit_s,
            spoken=spoken,
            judge=judge,
            threshold=self.trainer.settings.cover_threshold,
            kind=self.session.current.kind,
        )
        return replace(scored, delivery=replace(scored.delivery, pauses=pauses)) if pauses else scored

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "scoring" and event.state is WorkerState.ERROR:
            self.notify(f"Could not score this answer: {event.worker.error}", severity="error", timeout=15)
            if self._scoring is not None and not self._fixing and self.session.phase is Phase.SCORING:
                answer, timing, spoken, pauses = self._scoring
                with contextlib.suppress(Exception):  # the answer is kept, scored by words, if that works
                    self._score_now(answer, timing, spoken=spoken, pauses=pauses)
            self.session.end()
            self._finish_session()

    def on_answer_scored(self, message: AnswerScored) -> None:
        if self.session.phase is not Phase.SCORING:
            return
        first_verdict = not self._fixing
        self._scoring = None
        if self._fixing:
            # the user corrected a recognition slip: same attempt, the words they said, a new verdict
            last = self.session.last_attempt
            assert last is not None
            self.session.rescored(replace(last, answer=message.answer, score=message.score))
            self._fixing = False
        else:
            self.session.record(message.answer, message.score, transcript=message.transcript)
        attempt = self._save_last()
        self.query_one("#answer", TextArea).display = False
        self.query_one("#recording", RecordingPanel).display = False
        self.query_one("#cues", CueCards).display = False  # the feedback shows each point with its verdict
        self._show_feedback(attempt)
        self.query_one("#next", Button).focus()
        if first_verdict:
            self.offer_probe(attempt)
        self._refresh_controls()
        if self._end_when_scored:
            self.action_end()

    def _save_last(self) -> Attempt:
        """Save the latest attempt (new or changed) now, or keep it to save as soon as it can be."""
        index = len(self.session.attempts) - 1
        what = f"your answer to “{_short(self.session.attempts[index].question.text, 50)}”"
        self.trainer.save(what, lambda: self._write_attempt(index))
        return self.session.attempts[index]

    def _write_attempt(self, index: int) -> None:
        """Write the attempt as it is now (a kept save writes the latest version, flips included)."""
        store, attempt = self.trainer.store, self.session.attempts[index]
        if attempt.id is None:
            attempt = replace(attempt, id=store.save_attempt(self.session_id, attempt), session_id=self.session_id)
            self.session.attempts[index] = attempt
        else:
            store.update_attempt(attempt)
        self.trainer.attempt_saved(attempt, self.session if index == len(self.session.attempts) - 1 else None)

    def action_flip(self, index: int) -> None:
        """ "I did make that point" (or the reverse): the user's verdict is saved and drives the drills."""
        if not self.check_action("flip", (index,)):
            return
        last = self.session.last_attempt
        assert last is not None
        self.session.replace_last(replace(last, score=last.score.flipped(index)))
        attempt = self._save_last()
        self._show_feedback(attempt)
        verdict = attempt.score.points[index]
        if verdict.state == "unsure":
            self.notify(f"Point {index + 1}: unsure again (counts as not made until you answer)")
        else:
            said = "made" if verdict.covered else "missed"
            mine = " (your answer)" if verdict.unsure else ""
            theirs = "" if verdict.overridden else " (the trainer's verdict)"
            self.notify(f"Point {index + 1} marked as {said}{mine or theirs}")

    def _show_feedback(self, attempt: Attempt) -> None:
        panel = self.query_one("#feedback", FeedbackPanel)
        calm = self.trainer.settings.calm
        panel.show(attempt, calm=calm)
        panel.display = True
        self.query_one("#countdown", Countdown).update(
            "" if calm else f"{attempt.score.points_made}/{len(attempt.score.points)} points"
        )

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
        self._end_in_store()
        # a notice about the session ("comes back at the end") means nothing once it has ended
        self.app.clear_notifications()
        self.app.switch_screen(SummaryScreen(self.session, self.session_id))

    def _end_in_store(self) -> None:
        ended = self.trainer.clock()
        self.trainer.save("the end of this session", lambda: self.trainer.store.end_session(self.session_id, ended))

    def end_for_exit(self) -> None:
        """The app is closing (SIGTERM, SIGHUP): keep the answer being given, scored by words, and end the session."""
        self._leave_question()
        session = self.session
        if session.phase is Phase.ANSWERING and not self.spoken:
            text = self.query_one("#answer", TextArea).text
            if text.strip():
                self._score_now(text, session.stop_answer(), spoken=False)
        elif session.phase is Phase.SCORING and self._scoring is not None and not self._fixing:
            answer, timing, spoken, pauses = self._scoring
            self._score_now(answer, timing, spoken=spoken, pauses=pauses)
        if session.phase is not Phase.FINISHED:
            session.end()
            self._end_in_store()

    def _score_now(self, answer: str, timing: AnswerTiming, *, spoken: bool, pauses: tuple[Pause, ...] = ()) -> None:
        """Score by words on this thread (fast, no model) and save: for an answer given as the app closes."""
        result = self._scored(answer, timing, spoken, pauses, None)
        self.session.record(answer, result, transcript=answer if spoken else None)
        self._save_last()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        await self.run_action(event.button.id or "")

    # --- engines --------------------------------------------------------------------------------------------------

    def engine_changed(self, message: EngineStatus) -> None:
        """Show the scoring model's and recogniser's state."""
        self._show_status()

    def on_saves_changed(self, message: SavesChanged) -> None:
        self._show_status()

    def _show_status(self) -> None:
        engines = self.trainer.engines
        saves = self.trainer.saves
        parts = [f"⚠ {len(saves.waiting)} not saved yet: {saves.reason} (kept; trying again)"] if saves.waiting else []
        parts.append(engines.judge_label)
        if self.spoken and engines.recogniser_label:
            parts.append(engines.recogniser_label)
        self.query_one("#status", Static).update(plain(" · ".join(parts)))


def keep_recording(listener: Any, path: Path) -> list[str]:
    """Save an answer's audio (only when the user turned keep_recordings on): private, in TRAINER_HOME."""
    try:
        path.parent.mkdir(mode=0o700, exist_ok=True)
        listener.save_wav(path)  # written whole, 0600, through a temporary file
    except FileProblem as exc:
        return [f"could not keep the recording ({exc.reason})"]
    except OSError as exc:
        return [f"could not keep the recording ({exc.strerror or exc})"]
    return []


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
