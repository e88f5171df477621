"""The practice screen's follow-up question: asked after a weak verdict, answered or skipped, saved with the attempt."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual import work

from trainer.core.models import AnswerScore, Attempt
from trainer.core.probe import Probe, ProbeAnswer, choose_probe, judge_probe_answer
from trainer.core.scoring import score_answer
from trainer.core.session import Phase, PracticeSession
from trainer.ui.host import TrainerScreen
from trainer.ui.messages import ProbeHeard, ProbeScored
from trainer.ui.widgets.feedback import FeedbackPanel
from trainer.ui.widgets.probe import ProbePanel
from trainer.ui.widgets.spoken_answer import SpokenAnswer

#: A reply to a follow-up is short: the recording stops by itself after this long.
REPLY_LIMIT_S = 60.0


class ProbingScreen(TrainerScreen[None]):
    """A screen that, after a verdict, asks the interviewer's follow-up (the practice screen is one)."""

    session: PracticeSession
    spoken: bool
    muted: bool
    _probe: Probe | None = None
    _probe_listener: Any = None

    if TYPE_CHECKING:  # the practice screen's own: its buttons and keys, the voice's stop, and its saving

        def _refresh_controls(self) -> None: ...

        def action_stop_speaking(self) -> None: ...

        def _save_last(self) -> Attempt: ...

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
        if not self.host.settings.follow_up_questions or attempt.follow_up is not None:
            return
        probe = choose_probe(attempt.question, attempt.score)
        if probe is None:
            return
        self._probe = probe
        panel.ask(probe)
        if self.spoken and not self.muted:
            self.query_one(SpokenAnswer).speak(probe.text)

    def action_answer_probe(self) -> None:
        """Spoken sessions: record the reply (`y` again stops); typed ones: put the cursor in the reply box."""
        if not self.probe_pending:
            return
        panel = self.query_one(ProbePanel)
        if self._probe_listener is not None:
            self._probe_listener.stop()
            return
        self.action_stop_speaking()  # the microphone must not hear the voice asking
        if self.spoken and self._listen_for_reply():
            panel.listening()
        else:
            panel.open_reply()
        self._refresh_controls()

    def _listen_for_reply(self) -> bool:
        """Start hearing the reply; False (and a notice) when it cannot be recorded, so it is typed."""
        from trainer.speech.listener import Listener

        try:
            source, _label = self.host.audio.reply()
        except Exception as exc:  # the device refused: the reply is typed instead
            self.notify(f"Cannot record the reply ({exc}); type it instead.", severity="warning")
            return False
        probe = self._probe
        question = self.session.current
        hotwords = (question.talking_points[probe.point],) if probe and probe.point is not None else ()

        def done(text: str, audio_s: float, reason: str) -> None:  # listener thread
            result = listener.result
            self.post_message(ProbeHeard(text, result.error if result is not None else None))

        listener = Listener(
            source,
            self.host.engines.waiting_recogniser(),
            hotwords=hotwords,
            time_limit_s=REPLY_LIMIT_S,
            silence_stop_s=self.host.settings.silence_stop_s or None,
            on_done=done,
        )
        self._probe_listener = listener
        listener.start()
        return True

    def on_unmount(self) -> None:
        if self._probe_listener is not None:
            self._probe_listener.stop()

    def on_probe_heard(self, message: ProbeHeard) -> None:
        self._probe_listener = None
        if not self.probe_pending:
            return
        if message.error:
            self.notify(message.error, severity="error", timeout=10)
        panel = self.query_one(ProbePanel)
        panel.heard(message.text)
        if not message.text.strip():
            self.notify("Nothing was heard: press y to try again, or n to skip.", severity="warning")
            self._refresh_controls()
            return
        last = self.session.last_attempt
        assert last is not None and self._probe is not None
        self._judge_reply(last, self._probe, message.text)

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
        judge = self.host.engines.judge()
        threshold = self.host.settings.cover_threshold

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
        if self._probe_listener is not None:
            self._probe_listener.stop()
            self._probe_listener = None
        if self.probe_pending and self._probe is not None:
            self._save_follow_up(ProbeAnswer(self._probe, None))
        self._probe = None
        self.query_one(ProbePanel).display = False

    def _save_follow_up(self, follow_up: ProbeAnswer) -> None:
        last = self.session.last_attempt
        assert last is not None
        # the verdict on the first answer stands: a point made only when asked leaves the answer weak, so
        # the drill schedule keeps treating it as a point not yet made unprompted
        self.session.replace_last(replace(last, follow_up=follow_up))
        # through the practice screen's saving: kept and retried while the data cannot be written
        attempt = self._save_last()
        self.query_one(FeedbackPanel).show(attempt, calm=self.host.settings.calm)
        self._probe = None
