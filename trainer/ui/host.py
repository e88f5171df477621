"""What a screen may ask of the app (`Host`), and the one screen base that asks it: screens never import the app."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from trainer.config import Settings
    from trainer.core.banks import LoadedBanks
    from trainer.core.models import Attempt, Question
    from trainer.core.session import PracticeSession
    from trainer.core.store import Store
    from trainer.preferences import Preferences
    from trainer.ui.audio_in import AudioIn
    from trainer.ui.engines import Engines
    from trainer.ui.saving import PendingSaves


class Host(Protocol):
    """The app's parts and services a screen uses; the app itself is the only host."""

    settings: Settings
    store: Store
    catalog: LoadedBanks
    engines: Engines
    preferences: Preferences
    saves: PendingSaves
    #: where spoken answers and replies come from
    audio: AudioIn

    @property
    def clock(self) -> Callable[[], datetime]:
        """Now, as the app tells it (a fixed clock in tests)."""
        ...

    def save(self, what: str, write: Callable[[], None]) -> bool:
        """Write now (True), or keep the write, say why, and retry until it works."""
        ...

    def notice_once(self, key: str, message: str) -> None:
        """A notice shown once per run."""
        ...

    def remember(self, **changes: Any) -> None:
        """Keep these choices for the next run."""
        ...

    def key_messages(self) -> tuple[str, ...]:
        """The key messages in use now."""
        ...

    def record_attempt(self, session_id: int, attempt: Attempt, session: PracticeSession | None = None) -> Attempt:
        """Save the attempt (new or changed), update the drill schedule after it; the attempt as saved."""
        ...

    def missed_last_time(self, question: Question) -> tuple[str, ...]:
        """The points the question's last answer missed, as its drill card saved them."""
        ...


ResultType = TypeVar("ResultType")


class TrainerScreen(Screen[ResultType]):
    """A screen of this app: it reaches the app's parts through `host`, and moves on by posting messages."""

    @property
    def host(self) -> Host:
        """The running app, seen as the services a screen may use."""
        return cast("Host", self.app)
