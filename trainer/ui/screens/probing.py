"""The practice screen's follow-up question: asked after a weak verdict, answered or skipped, saved with the attempt."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, cast

from textual import work
from textual.message import Message
from textual.screen import Screen

from trainer.core.models import AnswerScore, Attempt
from trainer.core.probe import Probe, ProbeAnswer, choose_probe, judge_probe_answer
from trainer.core.scoring import score_answer
from trainer.core.session import Phase, PracticeSession
from trainer.ui.widgets.feedback import FeedbackPanel
from trainer.ui.widgets.probe import ProbePanel

if TYPE_CHECKING:
    from trainer.ui.app import TrainerApp


@dataclass
class ProbeScored(Message):
    """The reply to a follow-up question has been judged."""

    follow_up: ProbeAnswer


class ProbingScreen(Screen[None]):
    """A screen that, after a verdict, asks the interviewer's follow-up (the practice screen is one)."""

    session: PracticeSession
    spoken: bool
    muted: bool
    _probe: Probe | None = None

    @property
    def _app(self) -> TrainerApp:
        return cast("TrainerApp", self.app)

    def _speak(self, text: str) -> Any:  # the practice screen's voice worker
        raise NotImplementedError

    def _refresh_controls(self) -> None:
        raise NotImplementedError

    @property
    def probe_pending(self) -> bool:
        """A follow-up was asked and is neither answered nor skipped."""
        return self._probe is not None and self.session.phase is Phase.SCORED

    @property
    def probe_replying(self) -> bool:
        """The user is typing the reply to a follow-up."""
        return self.probe_pending and self.query_one(ProbePanel).reply.has_focus

    def offer_probe(self, attempt: Attempt) -> None:
        """Ask the follow-up an interviewer would, when something was missing and the setting allows."""
        panel = self.query_one(ProbePanel)
        self._probe = None
        panel.display = False
        if not self._app.settings.follow_up_questions or attempt.follow_up is not None:
            return
        probe = choose_probe(attempt.question, attempt.score)
        if probe is None:
            return
        self._probe = probe
        panel.ask(probe)
        if self.spoken and not self.muted:
            self._speak(probe.text)

    def action_answer_probe(self) -> None:
        """Put the cursor in the reply box."""
        if self.probe_pending:
            self.query_one(ProbePanel).open_reply()
            self._refresh_controls()

    def send_probe_reply(self) -> None:
        """Judge the typed reply (off the UI thread: the judge may be a model)."""
        reply = self.query_one(ProbePanel).reply
        if not reply.text.strip():
            self.notify("Type your reply first, or press n to skip the follow-up.", severity="warning")
            return
        reply.read_only = True
        last = self.session.last_attempt
        assert last is not None and self._probe is not None
        self._judge_reply(last, self._probe, reply.text)

    @work(thread=True, exclusive=True, exit_on_error=False, group="probe")
    def _judge_reply(self, attempt: Attempt, probe: Probe, reply: str) -> None:
        judge = self._app.engines.judge()
        threshold = self._app.settings.cover_threshold

        def score_points(answer: str, points: Sequence[str]) -> AnswerScore:
            return score_answer(answer, points, judge=judge, threshold=threshold)

        follow_up = judge_probe_answer(attempt.question, reply, probe, attempt.answer, score_points)
        self.post_message(ProbeScored(follow_up))

    def on_probe_scored(self, message: ProbeScored) -> None:
        if not self.probe_pending:
            return
        self._save_follow_up(message.follow_up)
        self.query_one(ProbePanel).answered(message.follow_up)
        self.query_one("#next").focus()
        self._refresh_controls()

    def skip_probe(self) -> None:
        """Moving on without a reply: the question asked is saved, marked skipped."""
        if self.probe_pending and self._probe is not None:
            self._save_follow_up(ProbeAnswer(self._probe, None))
        self._probe = None
        self.query_one(ProbePanel).display = False

    def _save_follow_up(self, follow_up: ProbeAnswer) -> None:
        last = self.session.last_attempt
        assert last is not None
        # the verdict on the first answer stands: a point made only when asked leaves the answer weak, so
        # the drill schedule keeps treating it as a point not yet made unprompted
        attempt = replace(last, follow_up=follow_up)
        self._app.store.update_attempt(attempt)
        self.session.replace_last(attempt)
        self._app.attempt_saved(attempt, self.session)
        self.query_one(FeedbackPanel).show(attempt, calm=self._app.settings.calm)
        self._probe = None
