"""The slow-to-load parts (entailment judge, recogniser, voice, microphone check), loaded once in the background."""

from __future__ import annotations

import ctypes
import sys
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Generic, TypeVar

import numpy as np

from trainer.config import Settings
from trainer.core.errors import TrainerError

if TYPE_CHECKING:
    from trainer.core.scoring import EntailmentJudge
    from trainer.speech.recognisers import Recogniser
    from trainer.speech.voices import Voice

Part = TypeVar("Part")
#: Loads one engine (None: there is none to load, e.g. no model file); called once, in a worker thread
Loader = Callable[[], Part | None]


class _Slot(Generic[Part]):
    """One engine: loaded once by a worker thread; readers wait for it."""

    def __init__(self, loader: Loader[Part] | None) -> None:
        self.loader = loader
        self.value: Part | None = None
        self.status = "loading" if loader else "off"
        self.detail = ""
        self.done = threading.Event()
        if loader is None:
            self.done.set()

    def load(self) -> None:
        if self.loader is None or self.done.is_set():
            return
        try:
            self.value = self.loader()
            self.status = "ready" if self.value is not None else "missing"
            if self.value is not None:
                self.detail = str(getattr(self.value, "name", ""))
        except Exception as exc:  # a broken model or device must never take the app down
            self.value = None
            self.status = "failed"
            self.detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        finally:
            self.done.set()

    def get(self, timeout: float | None) -> Part | None:
        self.done.wait(timeout)
        return self.value


class Engines:
    """The judge, the recogniser and the voice: each loads in a worker while the UI stays usable."""

    def __init__(
        self,
        judge_loader: Loader[EntailmentJudge] | None,
        recogniser_loader: Loader[Recogniser] | None = None,
        voice_loader: Loader[Voice] | None = None,
        microphone_check: Callable[[], tuple[bool, str]] | None = None,
    ) -> None:
        self._judge: _Slot[EntailmentJudge] = _Slot(judge_loader)
        self._recogniser: _Slot[Recogniser] = _Slot(recogniser_loader)
        self._voice: _Slot[Voice] = _Slot(voice_loader)
        self._microphone_check = microphone_check
        self._microphone: tuple[bool, str] | None = None
        self._microphone_lock = threading.Lock()

    # --- loading (worker threads) ----------------------------------------------------------------------

    def load_judge(self) -> None:
        """Load the entailment judge; failures leave lexical scoring in place."""
        self._judge.load()
        release_freed_memory()

    def load_speech(self) -> None:
        """Check the microphone, then load the voice and the recogniser."""
        self.microphone()
        self._voice.load()
        self._recogniser.load()
        release_freed_memory()

    # --- the judge ----------------------------------------------------------------------------------------

    def judge(self, timeout: float = 60.0) -> EntailmentJudge | None:
        """The judge, waiting for it to finish loading; None means lexical scoring only."""
        return self._judge.get(timeout)

    @property
    def judge_status(self) -> str:
        """loading, ready, missing, failed or off."""
        return self._judge.status

    def judge_failed(self) -> None:
        """Stop using a judge that raised while scoring; lexical scoring carries on."""
        self._judge.value = None
        self._judge.status = "failed"
        self._judge.detail = "it raised an error while scoring"

    @property
    def judge_label(self) -> str:
        """A short status for the screen."""
        slot = self._judge
        return {
            "loading": "scoring model loading…",
            "ready": "scoring model ready",
            "missing": "no scoring model: lexical scoring, less accurate",
            "failed": f"scoring model failed ({slot.detail}): lexical scoring, less accurate",
            "off": "lexical scoring (model off), less accurate",
        }[slot.status]

    # --- speech ---------------------------------------------------------------------------------------------

    def microphone(self) -> tuple[bool, str]:
        """(a microphone is usable, why not) — checked once."""
        with self._microphone_lock:
            if self._microphone is None:
                self._microphone = self._microphone_check() if self._microphone_check else (False, "no microphone")
            return self._microphone

    def voice(self, timeout: float | None = 30.0) -> Voice | None:
        """The voice (None when it could not load)."""
        return self._voice.get(timeout)

    @property
    def voice_problem(self) -> str:
        """Why the voice could not load ("" when it did or is still loading)."""
        return self._voice.detail if self._voice.status == "failed" else ""

    def recogniser(self, timeout: float | None = None) -> Recogniser | None:
        """The recogniser, waiting for it to load; None when it could not."""
        return self._recogniser.get(timeout)

    @property
    def recogniser_ready(self) -> bool:
        """True once the recogniser has loaded."""
        return self._recogniser.status == "ready"

    @property
    def recogniser_label(self) -> str:
        """A short status for the screen."""
        slot = self._recogniser
        low = " (low accuracy)" if getattr(slot.value, "low_accuracy", False) else ""
        return {
            "loading": "recogniser loading…",
            "ready": f"recogniser ready{low}",
            "missing": "no recogniser",
            "failed": f"recogniser failed: {slot.detail}",
            "off": "",
        }[slot.status]

    def waiting_recogniser(self) -> WaitingRecogniser:
        """A recogniser to hand the listener now, which waits for the real one on first use."""
        return WaitingRecogniser(self)


class WaitingRecogniser:
    """Stands in for the recogniser while it loads: the listener can start hearing at once."""

    low_accuracy = False
    name = "recogniser"

    def __init__(self, engines: Engines) -> None:
        self.engines = engines

    def transcribe(self, audio: np.ndarray, hotwords: Sequence[str] = ()) -> str:
        real = self.engines.recogniser()
        if real is None:
            raise TrainerError(self.engines.recogniser_label or "no recogniser")
        return str(real.transcribe(audio, hotwords))

    def transcribe_quick(self, audio: np.ndarray) -> str:
        """The real recogniser's rough live preview; nothing while it is still loading."""
        real = self.engines.recogniser()
        quick = getattr(real, "transcribe_quick", None)
        return str(quick(audio)) if quick is not None else ""


def release_freed_memory() -> None:
    """Hand the heap that model loading used and freed back to the system (glibc keeps it otherwise).

    Measured here: about 60 MB of the 535 MB the scoring model's load leaves resident.
    """
    if sys.platform != "linux":
        return
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (e.g. musl): nothing to trim this way
        return


# --- the real engines, imported only when they load -----------------------------------------------------------


def default_judge(settings: Settings) -> Loader[EntailmentJudge] | None:
    """The entailment judge of `settings` (None when the user turned it off)."""

    def load() -> EntailmentJudge | None:
        from trainer.judge import judge_for

        return judge_for(settings)

    return load if settings.use_judge else None


def default_recogniser(settings: Settings) -> Loader[Recogniser]:
    """The recogniser of `settings`."""

    def load() -> Recogniser | None:
        from trainer.speech.recognisers import load_recogniser

        return load_recogniser(settings)

    return load


def default_voice(settings: Settings) -> Loader[Voice]:
    """The voice of `settings`, warmed up so the first question is spoken as soon as the others."""

    def load() -> Voice | None:
        from trainer.speech.voices import make_voice

        voice = make_voice(settings)
        warm_up = getattr(voice, "warm_up", None)
        if warm_up is not None:
            warm_up()
        return voice

    return load


def check_microphone() -> tuple[bool, str]:
    """(a microphone is usable, why not), from the audio devices."""
    from trainer.speech.devices import device_status

    status = device_status("input")
    return status.ok, status.detail


def online_engines() -> tuple[str, ...]:
    """The recogniser engines that send audio off the machine."""
    from trainer.speech.recognisers import ONLINE_ENGINES

    return ONLINE_ENGINES
