"""The practice screen's verdict half: each answer scored off the UI thread, saved at once, its verdicts flippable,
and the session's end saved."""

from __future__ import annotations

import contextlib
from dataclasses import replace
from typing import TYPE_CHECKING

from textual import work
from textual.timer import Timer
from textual.widgets import Button, TextArea
from textual.worker import Worker, WorkerState

from trainer.core.models import AnswerScore, Attempt, Pause
from trainer.core.scoring import score_answer
from trainer.core.session import AnswerTiming, Phase, PracticeSession
from trainer.core.wording import shortened
from trainer.ui.messages import AnswerScored
from trainer.ui.screens.probing import ProbingScreen
from trainer.ui.widgets.countdown import Countdown
from trainer.ui.widgets.feedback import FeedbackPanel

if TYPE_CHECKING:
    from trainer.core.scoring import EntailmentJudge


class VerdictScreen(ProbingScreen):
    """Scores an answer in a worker, saves the attempt (kept and retried when it cannot be written), lets the
    user flip a verdict, and saves the session's end; the practice screen builds on it."""

    session: PracticeSession
    session_id: int
    #: the user is correcting the words of a spoken answer (the rescore replaces the last attempt)
    _fixing = False
    #: the answer being scored (answer, timing, spoken, pauses), kept until its verdict arrives
    _scoring: tuple[str, AnswerTiming, bool, tuple[Pause, ...]] | None = None
    #: esc was pressed while scoring: end the session once the verdict is saved
    _end_when_scored = False
    #: the countdown's clock, stopped when the session ends
    _ticker: Timer | None = None

    if TYPE_CHECKING:  # the practice screen's own: its keys, and leaving a question

        def action_end(self) -> None: ...

        def _leave_question(self) -> None: ...

    def _score(self, answer: str, timing: AnswerTiming, *, spoken: bool, pauses: tuple[Pause, ...] = ()) -> None:
        self._scoring = (answer, timing, spoken, pauses)
        self._score_in_background(answer, timing, spoken=spoken, pauses=pauses)

    @work(thread=True, exclusive=True, exit_on_error=False, group="scoring")
    def _score_in_background(
        self, answer: str, timing: AnswerTiming, *, spoken: bool, pauses: tuple[Pause, ...] = ()
    ) -> None:
        judge = self.host.engines.judge()
        try:
            result = self._scored(answer, timing, spoken, pauses, judge)
        except Exception:
            if judge is None:
                raise
            # a failing model must not cost the user their verdict: fall back on word matching
            self.host.engines.judge_failed()
            result = self._scored(answer, timing, spoken, pauses, None)
        self.post_message(AnswerScored(answer=answer, score=result, transcript=answer if spoken else None))

    def _scored(
        self,
        answer: str,
        timing: AnswerTiming,
        spoken: bool,
        pauses: tuple[Pause, ...],
        judge: EntailmentJudge | None,
    ) -> AnswerScore:
        """The current question's verdict on `answer` (with the judge, or by words when it is None)."""
        scored = score_answer(
            answer,
            self.session.current.talking_points,
            duration_s=timing.duration_s,
            time_limit_s=timing.time_limit_s,
            spoken=spoken,
            judge=judge,
            threshold=self.host.settings.cover_threshold,
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

    def _score_now(self, answer: str, timing: AnswerTiming, *, spoken: bool, pauses: tuple[Pause, ...] = ()) -> None:
        """Score by words on this thread (fast, no model) and save: for an answer given as the app closes."""
        result = self._scored(answer, timing, spoken, pauses, None)
        self.session.record(answer, result, transcript=answer if spoken else None)
        self._save_last()

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
        for answer_part in ("#answer", "#recording", "#cues"):  # the feedback shows each point with its verdict
            self.query_one(answer_part).display = False
        self._show_feedback(attempt)
        self.query_one("#next", Button).focus()
        if first_verdict:
            self.offer_probe(attempt)
        self._refresh_controls()
        if self._end_when_scored:
            self.action_end()

    # --- saving ---------------------------------------------------------------------------------------------------

    def _save_last(self) -> Attempt:
        """Save the latest attempt (new or changed) now, or keep it to save as soon as it can be."""
        index = len(self.session.attempts) - 1
        what = f"your answer to “{shortened(self.session.attempts[index].question.text, 50)}”"
        self.host.save(what, lambda: self._write_attempt(index))
        return self.session.attempts[index]

    def _write_attempt(self, index: int) -> None:
        """Write the attempt as it is now (a kept save writes the latest version, flips included)."""
        latest = index == len(self.session.attempts) - 1  # only the latest answer can come back this session
        self.session.attempts[index] = self.host.record_attempt(
            self.session_id, self.session.attempts[index], self.session if latest else None
        )

    # --- the verdicts ---------------------------------------------------------------------------------------------

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
        calm = self.host.settings.calm
        panel.show(attempt, calm=calm)
        panel.display = True
        self.query_one("#countdown", Countdown).update(
            "" if calm else f"{attempt.score.points_made}/{len(attempt.score.points)} points"
        )

    def action_copy_answer(self) -> None:
        """This answer, its verdicts and its words, as Markdown on the clipboard (to keep or share one answer)."""
        attempt = self.session.last_attempt
        if not self.check_action("copy_answer", ()) or attempt is None:
            return
        from trainer.core.report import answer_markdown

        self.app.copy_to_clipboard(answer_markdown(attempt))
        self.notify("Copied this answer as Markdown (if your terminal supports OSC 52; trainer report has them all).")

    # --- the end of the session ------------------------------------------------------------------------------

    def _finish_session(self) -> None:
        from trainer.ui.screens.summary import SummaryScreen

        if self._ticker is not None:
            self._ticker.stop()
        self._end_in_store()
        # a notice about the session ("comes back at the end") means nothing once it has ended
        self.app.clear_notifications()
        self.app.switch_screen(SummaryScreen(self.session, self.session_id))

    def _end_in_store(self) -> None:
        ended = self.host.clock()
        self.host.save("the end of this session", lambda: self.host.store.end_session(self.session_id, ended))

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
