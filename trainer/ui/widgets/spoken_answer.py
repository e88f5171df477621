"""A spoken answer: the voice reads the question, the listener hears the answer, the recording panel shows both.

Threads never touch the UI: the voice worker and the listener's callbacks report by posting messages, which
bubble up to the screen (it decides what they mean in the session's phase).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.timer import Timer

from trainer.core.files import FileProblem
from trainer.ui.messages import AnswerHeard, AudioLevel, PhraseHeard, QuestionSpoken
from trainer.ui.widgets.recording import RecordingPanel

if TYPE_CHECKING:
    from speech_recognition import AudioSource

    from trainer.ui.engines import Engines

#: the input level is shown at most this often (seconds)
LEVEL_EVERY_S = 0.1


class SpokenAnswer(RecordingPanel):
    """The recording panel, with the voice that reads aloud and the listener that records and transcribes."""

    def __init__(self, engines: Engines, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.engines = engines
        #: the voice is reading something aloud
        self.speaking = False
        self._thinking: Timer | None = None
        self._listener: Any = None
        #: the words and level heard are shown (not once the user has moved on from the question)
        self._live = False
        self._keep_at: Path | None = None
        self._level_at = 0.0

    def on_unmount(self) -> None:
        self.leave()

    def leave(self) -> None:
        """The user moved on: stop waiting, speaking and listening, and show nothing more of this answer."""
        self.cancel_thinking()
        self._live = False
        self.stop_listening()
        self.stop_speaking()

    def think(self, seconds: float, then: Callable[[], None]) -> None:
        """A moment to think after the question, then `then` (recording starts)."""
        self.waiting(f"Think for a moment: recording starts in {seconds:g} s (space: start now).")
        self._thinking = self.set_timer(seconds, then)

    def cancel_thinking(self) -> None:
        """No more waiting: the user started, or moved on."""
        if self._thinking is not None:
            self._thinking.stop()
            self._thinking = None

    # --- the voice ------------------------------------------------------------------------------------------------

    def ask(self, question: str, *, muted: bool) -> None:
        """Read the question aloud before recording; muted, only say that recording waits for the user."""
        if muted:
            self.waiting("Read the question. Space: start answering.")
            self.post_message(QuestionSpoken(spoken=False))
            return
        self.waiting("Listen to the question… recording starts after it (space: start now).")
        self.speaking = True
        self.speak(question)

    @work(thread=True, exclusive=True, exit_on_error=False, group="voice")
    def speak(self, text: str) -> None:
        """Say `text` (a worker: the voice blocks); QuestionSpoken says when it is done, or why it was not."""
        voice = self.engines.voice()
        if voice is None:
            problem = self.engines.voice_problem or "the voice could not load"
            self.post_message(QuestionSpoken(spoken=False, reason=f"not spoken: {problem}"))
            return
        utterance = voice.speak(text)
        self.post_message(QuestionSpoken(spoken=utterance.spoken, reason=utterance.reason))

    def on_question_spoken(self, message: QuestionSpoken) -> None:
        self.speaking = False  # the screen hears of it too: the message goes on up

    def stop_speaking(self) -> None:
        """Cut the voice short (the user pressed x, started answering, or moved on)."""
        voice = self.engines.voice(0)
        if self.speaking and voice is not None:
            voice.stop()

    # --- the listener ---------------------------------------------------------------------------------------------

    def listen(
        self,
        source: AudioSource,
        label: str,
        *,
        hotwords: Sequence[str],
        time_limit_s: float,
        silence_stop_s: float | None,
        keep_at: Path | None,
    ) -> None:
        """Record and transcribe an answer from `source`; AnswerHeard brings its transcript."""
        from trainer.speech.listener import Listener

        self._keep_at = keep_at
        self._listener = Listener(
            source,
            self.engines.waiting_recogniser(),
            hotwords=hotwords,
            time_limit_s=time_limit_s,
            silence_stop_s=silence_stop_s,
            on_level=self._on_level,
            on_phrase=self._on_phrase,
            on_done=self._on_done,
            on_partial=self._on_phrase,
        )
        self._listener.start()
        self._live = True
        self.recording(label)
        self.transcript("")

    @property
    def listening(self) -> bool:
        """A recording is under way, or its last words are being transcribed."""
        return self._listener is not None

    def stop_listening(self) -> None:
        """End the recording (the last phrase is still transcribed and reported)."""
        if self._listener is not None:
            self._listener.stop()

    def on_answer_heard(self, message: AnswerHeard) -> None:
        self._listener = None  # the screen hears of it too: the message goes on up
        if self._live:
            self.transcript(message.transcript)
        self._live = False

    def on_audio_level(self, message: AudioLevel) -> None:
        message.stop()
        if self._live:
            self.level(message.level)

    def on_phrase_heard(self, message: PhraseHeard) -> None:
        message.stop()
        if self._live:
            self.transcript(message.transcript)

    def _on_level(self, level: float) -> None:  # listener thread
        now = time.monotonic()
        if now - self._level_at >= LEVEL_EVERY_S:
            self._level_at = now
            self.post_message(AudioLevel(level))

    def _on_phrase(self, phrase: str, words: str) -> None:  # listener thread
        self.post_message(PhraseHeard(phrase, words))

    def _on_done(self, text: str, audio_s: float, reason: str) -> None:  # listener thread
        # only what was set on the UI thread before the recording started is used: the app may be gone by now
        listener, keep_at = self._listener, self._keep_at
        result = listener.result if listener is not None else None
        problems = [result.error] if result is not None and result.error else []
        if listener is not None and keep_at is not None:
            problems += keep_recording(listener, keep_at)
        speech_s = result.speech_s if result is not None else audio_s
        pauses = result.pauses if result is not None else ()
        self.post_message(AnswerHeard(text, audio_s, speech_s, reason, "; ".join(problems) or None, pauses))


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
