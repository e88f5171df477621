"""The Textual app and `make_app`, the one factory the CLI, the tests and the snapshot app all call."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from textual import work
from textual.app import App
from textual.binding import Binding

from trainer.catalog import choose_banks, load_catalog
from trainer.config import Settings
from trainer.core.banks import LoadedBanks
from trainer.core.errors import TrainerError
from trainer.core.models import Attempt, Bank
from trainer.core.session import PracticeSession, pick_questions
from trainer.core.store import Store, utc_now
from trainer.ui.engines import Engines, Loader
from trainer.ui.messages import EngineStatus


@dataclass(frozen=True)
class PracticeOptions:
    """What a practice session is made of, from the home screen or `trainer practice`."""

    banks: tuple[str, ...] = ()
    count: int = 5
    time_limit: int | None = None
    minutes: int | None = None
    typed: bool = True
    mute: bool = False
    audio_in: tuple[Path, ...] = ()
    #: exactly these questions, in this order (picked in the bank browser); `banks` and `count` are then unused
    question_ids: tuple[str, ...] = ()
    #: recorded with the session: "practice" or "drill"
    mode: str = "practice"
    #: ask a weakly answered question again at the end of the session (off for scripted --audio-in files)
    retry_weak: bool = False

    @classmethod
    def from_cli(
        cls,
        settings: Settings,
        *,
        banks: Sequence[str] = (),
        count: int | None = None,
        time_limit: int | None = None,
        minutes: int | None = None,
        typed: bool = False,
        mute: bool = False,
        audio_in: Sequence[Path] = (),
    ) -> PracticeOptions:
        """Options from command-line flags, falling back on the user's settings."""
        if audio_in:
            # one question per file: the files answer the questions in turn
            count = min(count or len(audio_in), len(audio_in))
        return cls(
            banks=tuple(banks),
            count=count or settings.question_count,
            time_limit=time_limit,
            minutes=minutes or settings.session_minutes,
            typed=typed,
            mute=mute or settings.mute,
            audio_in=tuple(audio_in),
            # files answer the questions in turn, so a question asked again would have no file of its own
            retry_weak=not audio_in,
        )


class TrainerApp(App[None]):
    """Interview practice: home, practice, feedback and summary screens."""

    TITLE = "trainer"
    SUB_TITLE = "practise interviews out loud"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True)]

    def __init__(
        self,
        *,
        settings: Settings,
        store: Store,
        catalog: LoadedBanks,
        mode: str = "home",
        practice: PracticeOptions | None = None,
        clock: Callable[[], datetime] = utc_now,
        rng: random.Random | None = None,
        judge_loader: Loader | None = None,
        transcriber_loader: Loader | None = None,
        speaker_loader: Loader | None = None,
        microphone_check: Callable[[], tuple[bool, str]] | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.store = store
        self.catalog = catalog
        self.mode = mode
        self.practice_options = practice
        self.clock = clock
        self.rng = rng or random.Random()
        self.engines = Engines(judge_loader, transcriber_loader, speaker_loader, microphone_check)
        #: the notices shown once this run, by key (kept: Textual drops a notification when it times out)
        self.notices: dict[str, str] = {}

    def on_mount(self) -> None:
        from trainer.ui.screens.home import HomeScreen

        self.push_screen(HomeScreen())
        for problem in self.catalog.problems:
            self.notify(f"Bank skipped: {problem}", severity="warning", timeout=12)
        # after the first frame, so the model's import and load never delay it
        self.call_after_refresh(self._load_engines)
        if self.mode == "practice" and self.practice_options is not None:
            self.start_practice(self.practice_options)
        elif self.mode == "drill":
            self.start_drill(self.practice_options or PracticeOptions())
        elif self.mode == "review":
            self.open_review()

    def _load_engines(self) -> None:
        self._load_judge()
        self._load_speech()

    @work(thread=True, exclusive=True, exit_on_error=False, group="judge")
    def _load_judge(self) -> None:
        self.engines.load_judge()
        self.post_message(EngineStatus("judge", self.engines.judge_status, self.engines.judge_label))

    @work(thread=True, exclusive=True, exit_on_error=False, group="speech")
    def _load_speech(self) -> None:
        self.engines.load_speech()
        if self.engines.recogniser_ready and self.settings.engine in _online_engines():
            from trainer.speech.stt import online_notice

            # the user opted in; say once, before any answer is sent, what leaves the machine
            self.call_from_thread(self.notice_once, "online", online_notice(self.settings.engine))
        self.post_message(EngineStatus("recogniser", "", self.engines.recogniser_label))

    def notice_once(self, key: str, message: str) -> None:
        """A notice shown once per run (e.g. why questions are not spoken)."""
        if key not in self.notices:
            self.notices[key] = message
            self.notify(message, timeout=10)

    def on_engine_status(self, message: EngineStatus) -> None:
        """Pass engine news to whichever screen shows it."""
        for screen in self.screen_stack:
            handler = getattr(screen, "engine_changed", None)
            if handler is not None:
                handler(message)

    def banks_for(self, options: PracticeOptions) -> list[Bank]:
        """The banks a session draws from."""
        return choose_banks(self.catalog, options.banks)

    def start_practice(self, options: PracticeOptions) -> bool:
        """Build a session and open the practice screen; False (with a notice) if it cannot start."""
        from trainer.ui.screens.practice import PracticeScreen

        try:
            if options.question_ids:
                by_id = {q.id: q for q in self.catalog.questions()}
                questions = [by_id[i] for i in options.question_ids if i in by_id]
                banks = [b for b in self.catalog.banks if any(q.bank == b.name for q in questions)]
            else:
                banks = self.banks_for(options)
                questions = pick_questions(banks, options.count, self.rng)
            session = PracticeSession(
                questions,
                clock=self.clock,
                default_time_limit=self.settings.time_limit_s,
                time_limit=options.time_limit,
                session_minutes=options.minutes,
                retry_weak=options.retry_weak,
            )
        except TrainerError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return False
        session_id = self.store.start_session(options.mode, [b.name for b in banks], self.clock())
        self.push_screen(PracticeScreen(session, session_id, options, spoken=self._spoken(options)))
        return True

    def start_drill(self, options: PracticeOptions) -> bool:
        """A session of the due weak answers, most overdue first; False (with a notice) if none is due."""
        from trainer.ui.drill import start_drill

        return start_drill(self, options)

    def attempt_saved(self, attempt: Attempt, session: PracticeSession | None = None) -> None:
        """Update the drill schedule after an attempt is saved or changed (new, fixed, or a verdict flipped)."""
        from trainer.ui.drill import after_attempt

        after_attempt(self, attempt, session)

    def open_review(self) -> None:
        """History and progress."""
        from trainer.ui.screens.review import ReviewScreen

        self.push_screen(ReviewScreen())

    def _spoken(self, options: PracticeOptions) -> bool:
        """Spoken answers unless typed was asked for; no microphone means typed, with the reason once."""
        if options.typed:
            return False
        if options.audio_in:
            return True
        ok, reason = self.engines.microphone()
        if not ok:
            self.notice_once("microphone", f"{reason}: answers are typed. (trainer doctor says how to fix it.)")
        return ok


def make_app(
    *,
    settings: Settings,
    store: Store,
    mode: str = "home",
    practice: PracticeOptions | None = None,
    extra_bank_paths: Sequence[Path] = (),
    catalog: LoadedBanks | None = None,
    clock: Callable[[], datetime] = utc_now,
    rng: random.Random | None = None,
    judge_loader: Loader | Literal["default"] | None = "default",
    transcriber_loader: Loader | Literal["default"] | None = "default",
    speaker_loader: Loader | Literal["default"] | None = "default",
    microphone_check: Callable[[], tuple[bool, str]] | None = None,
) -> TrainerApp:
    """Build the app with its parts; tests pass a fixed clock, seed and judge loader."""
    if catalog is None:
        catalog = load_catalog(extra_bank_paths, store.user_points())
    return TrainerApp(
        settings=settings,
        store=store,
        catalog=catalog,
        mode=mode,
        practice=practice,
        clock=clock,
        rng=rng,
        judge_loader=_default_loader(settings, "judge") if judge_loader == "default" else judge_loader,
        transcriber_loader=_default_loader(settings, "transcriber")
        if transcriber_loader == "default"
        else transcriber_loader,
        speaker_loader=_default_loader(settings, "speaker") if speaker_loader == "default" else speaker_loader,
        microphone_check=microphone_check or _microphone_check,
    )


def _default_loader(settings: Settings, part: str) -> Loader | None:
    """The real engine for `part` (judge, transcriber or speaker), imported only when it loads."""

    def load_judge() -> Any:
        from trainer.judge.nli import load_judge

        return load_judge(settings)

    def load_transcriber() -> Any:
        from trainer.speech.stt import load_transcriber

        return load_transcriber(settings)

    def load_speaker() -> Any:
        from trainer.speech.tts import make_speaker

        speaker = make_speaker(settings)
        warm_up = getattr(speaker, "warm_up", None)
        if warm_up is not None:  # the first question is then spoken as soon as the others
            warm_up()
        return speaker

    if part == "judge":
        return load_judge if settings.use_judge else None
    return load_transcriber if part == "transcriber" else load_speaker


def _microphone_check() -> tuple[bool, str]:
    from trainer.speech.devices import device_status

    status = device_status("input")
    return status.ok, status.detail


def _online_engines() -> tuple[str, ...]:
    from trainer.speech.stt import ONLINE_ENGINES

    return ONLINE_ENGINES
