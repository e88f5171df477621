"""Fixtures for driving the real app with Pilot: a fixed clock, a small known bank, a real SQLite store."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from trainer import paths
from trainer.catalog import load_catalog
from trainer.config import Settings
from trainer.core.store import Store
from trainer.ui.app import TrainerApp, make_app
from trainer.ui.audio_in import AudioIn
from trainer.ui.options import PracticeOptions

BANK = """\
name: Test bank
kind: stock
time_limit: 60
questions:
  - id: pressure
    text: Tell me about a time you worked under pressure.
    talking_points:
      - launch date moved up two weeks
      - daily priority list with the team
      - shipped on time with zero critical bugs
    tip: Lead with the deadline, end with the result.
  - id: weakness
    text: What is your greatest weakness?
    talking_points:
      - I take on too much work myself
      - I now delegate code reviews
      - my team ships faster since
    time_limit: 90
"""


class FakeClock:
    """A clock that only moves when told to."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def bank_file(tmp_path: Path) -> Path:
    path = tmp_path / "test-bank.yaml"
    path.write_text(BANK, encoding="utf-8")
    return path


@pytest.fixture
def store() -> Iterator[Store]:
    opened = Store.open(paths.db_path())
    yield opened
    opened.close()


AppFactory = Callable[..., TrainerApp]


@pytest.fixture
def build_app(store: Store, clock: FakeClock, bank_file: Path, tmp_path: Path) -> AppFactory:
    """Build the real app over the test bank only (no built-in banks), lexical scoring, seeded order."""

    def build(
        mode: str = "practice",
        count: int = 2,
        judge_loader: object = None,
        recogniser_loader: object = None,
        voice_loader: object = None,
        microphone: tuple[bool, str] = (False, "no microphone"),
        typed: bool = True,
        audio: AudioIn | None = None,
        **options: object,
    ) -> TrainerApp:
        empty = tmp_path / "no-builtin"
        empty.mkdir(exist_ok=True)
        catalog = load_catalog([bank_file], store.user_points(), builtin_dir=empty)
        practice = PracticeOptions(banks=("Test bank",), count=count, typed=typed, **options)  # type: ignore[arg-type]
        return make_app(
            settings=Settings(),
            store=store,
            mode=mode,
            practice=practice if mode == "practice" else None,
            catalog=catalog,
            clock=clock,
            rng=random.Random(7),
            judge_loader=judge_loader,  # type: ignore[arg-type]
            recogniser_loader=recogniser_loader,  # type: ignore[arg-type]
            voice_loader=voice_loader,  # type: ignore[arg-type]
            microphone_check=lambda: microphone,
            audio=audio,
        )

    return build


@pytest.fixture
def user_banks_app(store: Store, clock: FakeClock, tmp_path: Path) -> Callable[[], TrainerApp]:
    """Builds the real app on Home over the banks in TRAINER_HOME/banks only (no built-in ones), lexical
    scoring, no voice or microphone; each call is a new run over the same data."""
    empty = tmp_path / "no-builtin"
    empty.mkdir(exist_ok=True)

    def build() -> TrainerApp:
        return make_app(
            settings=Settings(use_judge=False),
            store=store,
            catalog=load_catalog(user_points=store.user_points(), builtin_dir=empty),
            clock=clock,
            rng=random.Random(7),
            judge_loader=None,
            recogniser_loader=None,
            voice_loader=None,
            microphone_check=lambda: (False, "no microphone"),
        )

    return build
