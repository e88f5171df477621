"""The Textual app and `make_app`, the one factory the CLI, the tests and the snapshot app all call."""

from __future__ import annotations

import asyncio
import contextlib
import random
import signal
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from textual import work
from textual.app import App, ScreenStackError
from textual.binding import Binding
from textual.notifications import Notify, SeverityLevel
from textual.timer import Timer

from trainer.catalog import choose_banks, load_catalog
from trainer.config import Settings
from trainer.core.banks import LoadedBanks
from trainer.core.errors import SaveError, StoreError, TrainerError
from trainer.core.models import Attempt, Bank, Question
from trainer.core.session import PracticeSession, pick_questions
from trainer.core.store import Store, utc_now
from trainer.preferences import Preferences, load_preferences, save_preferences
from trainer.ui.audio_in import AnswerFiles, AudioIn, Microphone
from trainer.ui.drill import missed_last_time, record_answer, start_drill
from trainer.ui.engines import (
    Engines,
    Loader,
    check_microphone,
    default_judge,
    default_recogniser,
    default_voice,
    online_engines,
)
from trainer.ui.messages import EngineStatus, NoticeOnce, OpenReview, SavesChanged, StartDrill, StartPractice
from trainer.ui.options import PracticeOptions
from trainer.ui.plain import one_line, shown
from trainer.ui.saving import PendingSaves
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.practice import PracticeScreen
from trainer.ui.screens.review import ReviewScreen
from trainer.ui.widgets.notice_line import NoticeLine
from trainer.use_cases.key_messages import key_messages_now

if TYPE_CHECKING:
    from trainer.core.scoring import EntailmentJudge
    from trainer.speech.recognisers import Recogniser
    from trainer.speech.voices import Voice
    from trainer.ui.host import Host

#: How long a save waits for another program's lock before it is kept to be tried again (the screen waits too)
SAVE_WAIT_S = 1.0
#: How often kept saves are tried again
RETRY_EVERY_S = 3.0
#: The exit status after each signal that ends the app (128 + the signal's number, as a shell reports it)
SIGNAL_EXITS = {signal.SIGTERM: 143, signal.SIGHUP: 129}


class TrainerApp(App[None]):
    """Interview practice: home, practice, feedback and summary screens."""

    TITLE = "trainer"
    SUB_TITLE = "practise interviews out loud"
    # shown in Home's footer only: at 80 columns every other footer needs the room for its own keys
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True, show=False)]

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
        judge_loader: Loader[EntailmentJudge] | None = None,
        recogniser_loader: Loader[Recogniser] | None = None,
        voice_loader: Loader[Voice] | None = None,
        microphone_check: Callable[[], tuple[bool, str]] | None = None,
        preferences: Preferences | None = None,
        audio: AudioIn | None = None,
    ) -> None:
        super().__init__()
        #: what the user chose last time (the form on Home, cue cards, theme), remembered across runs
        self.preferences = preferences if preferences is not None else load_preferences()
        self._theme_chosen = False
        self.settings = settings
        self.store = store
        self.catalog = catalog
        self.mode = mode
        self.practice_options = practice
        self.clock = clock
        self.rng = rng or random.Random()
        self.engines = Engines(judge_loader, recogniser_loader, voice_loader, microphone_check)
        #: where spoken answers and replies come from
        self.audio = audio if audio is not None else Microphone()
        #: the notices shown once this run, by key (kept: Textual drops a notification when it times out)
        self.notices: dict[str, str] = {}
        #: writes that failed (a full disk, another program's lock), kept and tried again
        self.saves = PendingSaves()
        self._retrying: Timer | None = None

    def run(self, *args: Any, **kwargs: Any) -> Any:
        """Run in the terminal; with output piped or redirected there is no screen to draw on, so say so and stop."""
        if not kwargs.get("headless") and not sys.stdout.isatty():
            # the app once drew into a pipe at full speed for minutes (`trainer practice ... | less`)
            raise TrainerError("the app needs a terminal, and the output is not one (for scripts: trainer score)")
        return super().run(*args, **kwargs)

    def on_mount(self) -> None:
        self.store.set_busy_timeout(SAVE_WAIT_S)
        self._handle_signals()
        if self.preferences.theme in self.available_themes:
            self.theme = self.preferences.theme
        # from now on a new theme is the user's choice (the default and the restored one are not)
        self._theme_chosen = True

        # bank problems are one line on Home and listed in the bank browser, never a toast per problem
        self.push_screen(HomeScreen())
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
        if self.engines.recogniser_ready and self.settings.engine in online_engines():
            from trainer.speech.recognisers import online_notice

            # the user opted in; say once, before any answer is sent, what leaves the machine
            self.post_message(NoticeOnce("online", online_notice(self.settings.engine)))
        self.post_message(EngineStatus("recogniser", "", self.engines.recogniser_label))

    def remember(self, **changes: Any) -> None:
        """Keep these choices for the next run (saved at once: the app may be closed any time)."""
        updated = replace(self.preferences, **changes)
        if updated != self.preferences:
            self.preferences = updated
            save_preferences(updated)

    def watch_theme(self, theme: str) -> None:
        # the theme picked from the command palette (ctrl+p) is the one the next run opens with
        if self._theme_chosen:
            self.remember(theme=theme)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """A notification, its text shown as text: what it quotes (a bank, a file, an error) is never markup.

        `markup` is ignored: a screen's `notify` asks for markup by default, and no notice here uses any.
        """
        super().notify(shown(message), title=one_line(title), severity=severity, timeout=timeout, markup=False)

    # --- saving ------------------------------------------------------------------------------------------------

    def save(self, what: str, write: Callable[[], None]) -> bool:
        """Do a write to the practice data now (True), or keep it, say why, and try again until it works."""
        if self.saves.run(what, write):
            return True
        self.notify(
            f"Not saved yet: {self.saves.reason}. {what[0].upper() + what[1:]} is kept and will be saved "
            "as soon as it can be.",
            title="Not saved",
            severity="error",
            timeout=20,
        )
        if self._retrying is None:
            self._retrying = self.set_interval(RETRY_EVERY_S, self.retry_saves)
        self._saves_changed()
        return False

    def retry_saves(self) -> None:
        """Try the kept writes again; say when they are saved."""
        saved = self.saves.retry()
        if saved:
            self.notify(f"Saved now: {', '.join(saved)}.", title="Saved", timeout=8)
            self._saves_changed()
        if not self.saves.waiting and self._retrying is not None:
            self._retrying.stop()
            self._retrying = None

    def _saves_changed(self) -> None:
        for screen in self.screen_stack:
            screen.post_message(SavesChanged(len(self.saves.waiting), self.saves.reason))

    def unsaved(self) -> list[str]:
        """What could not be saved by the end (said on the terminal after the app closes)."""
        return self.saves.waiting

    # --- signals -----------------------------------------------------------------------------------------------

    def _handle_signals(self) -> None:
        """SIGTERM and SIGHUP end the session and close the app as quitting does: terminal restored."""
        with contextlib.suppress(RuntimeError):
            loop = asyncio.get_running_loop()
            for number, code in SIGNAL_EXITS.items():
                with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                    loop.add_signal_handler(number, self.terminate, code)

    def terminate(self, code: int) -> None:
        """End whatever is under way (keeping the answer being given), save what can be, and exit with `code`."""
        for screen in reversed(self.screen_stack):
            ending = getattr(screen, "end_for_exit", None)
            if ending is not None:
                with contextlib.suppress(Exception):  # closing must happen whatever a screen does
                    ending()
        self.saves.retry()
        self.exit(return_code=code)

    def notice_once(self, key: str, message: str) -> None:
        """A notice shown once per run (e.g. why questions are not spoken)."""
        if key not in self.notices:
            self.notices[key] = message
            self.notify(message, timeout=10)

    def on_notice_once(self, message: NoticeOnce) -> None:
        self.notice_once(message.key, message.text)

    def on_notify(self, event: Notify) -> None:
        """On a screen with a notice line the notice shows there, so no toast covers the answer."""
        notification = event.notification
        try:
            screen = self.screen
        except ScreenStackError:  # closing: no screen to show it on
            return
        for line in screen.query(NoticeLine):
            line.show(
                notification.message,
                title=notification.title,
                severity=notification.severity,
                timeout=notification.timeout,
            )

    def on_engine_status(self, message: EngineStatus) -> None:
        """Pass engine news to whichever screen shows it."""
        for screen in self.screen_stack:
            handler = getattr(screen, "engine_changed", None)
            if handler is not None:
                handler(message)

    # --- navigation: what the screens ask for -----------------------------------------------------------------

    def on_start_practice(self, message: StartPractice) -> None:
        options = message.options
        if self.start_practice(options) and message.remember_form:
            self.remember(
                question_count=options.count, time_limit=options.time_limit, banks=options.banks, typed=options.typed
            )

    def on_start_drill(self, message: StartDrill) -> None:
        self.start_drill(message.options, early=message.early)

    def on_open_review(self, message: OpenReview) -> None:
        self.open_review()

    def banks_for(self, options: PracticeOptions) -> list[Bank]:
        """The banks a session draws from."""
        return choose_banks(self.catalog, options.banks)

    def start_practice(self, options: PracticeOptions) -> bool:
        """Build a session and open the practice screen; False (with a notice) if it cannot start."""
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
                goal=options.goal,
            )
        except TrainerError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return False
        try:
            session_id = self.store.start_session(
                options.mode, [b.name for b in banks], self.clock(), key_messages=self.key_messages()
            )
        except StoreError as exc:  # nothing typed yet, so nothing is lost: the user can try again
            reason = exc.reason if isinstance(exc, SaveError) else str(exc)
            self.notify(f"Cannot start a session: {reason}.", severity="error", timeout=15)
            return False
        self.push_screen(PracticeScreen(session, session_id, options, spoken=self._spoken(options)))
        return True

    def key_messages(self) -> tuple[str, ...]:
        """The key messages in use now: those set in the app, else those in config.yaml."""
        return key_messages_now(self.store, self.settings)

    def start_drill(self, options: PracticeOptions, *, early: bool = False) -> bool:
        """A session of the due weak answers, most overdue first; False (with a notice) if none is due."""
        return start_drill(self, options, early=early)

    def record_attempt(self, session_id: int, attempt: Attempt, session: PracticeSession | None = None) -> Attempt:
        """Save an attempt (new, fixed, or a verdict flipped) and update the drill schedule after it."""
        return record_answer(self, session_id, attempt, session)

    def missed_last_time(self, question: Question) -> tuple[str, ...]:
        """The points the question's last answer missed, as its drill card saved them (none without a card)."""
        return missed_last_time(self, question)

    def open_review(self) -> None:
        """History and progress."""
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
    judge_loader: Loader[EntailmentJudge] | Literal["default"] | None = "default",
    recogniser_loader: Loader[Recogniser] | Literal["default"] | None = "default",
    voice_loader: Loader[Voice] | Literal["default"] | None = "default",
    microphone_check: Callable[[], tuple[bool, str]] | None = None,
    audio: AudioIn | None = None,
) -> TrainerApp:
    """Build the app with its parts; tests pass a fixed clock, seed and judge loader.

    `audio`: where spoken answers come from; by default the `--audio-in` files of `practice`, if any, else the
    microphone.
    """
    if audio is None:
        audio = AnswerFiles(practice.audio_in) if practice is not None and practice.audio_in else Microphone()
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
        judge_loader=default_judge(settings) if judge_loader == "default" else judge_loader,
        recogniser_loader=default_recogniser(settings) if recogniser_loader == "default" else recogniser_loader,
        voice_loader=default_voice(settings) if voice_loader == "default" else voice_loader,
        microphone_check=microphone_check or check_microphone,
        audio=audio,
    )


if TYPE_CHECKING:

    def _the_app_is_a_host(app: TrainerApp) -> Host:
        return app  # mypy checks here that the app gives screens all that the Host protocol promises
