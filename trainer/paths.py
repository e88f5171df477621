"""Where user data lives: $TRAINER_HOME, else the platform's user data dir; computed on call."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "trainer"


def home() -> Path:
    """The user's data directory (created 0700 if missing)."""
    env = os.environ.get("TRAINER_HOME")
    if env:
        path = Path(env).expanduser()
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def db_path() -> Path:
    """The SQLite database file."""
    return home() / "trainer.db"


def banks_dir() -> Path:
    """The folder holding the user's own banks."""
    path = home() / "banks"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def config_path() -> Path:
    """The user's settings file."""
    return home() / "config.yaml"


def models_dir() -> Path:
    """The local cache for models fetched by `trainer models fetch`."""
    return home() / "models"


def builtin_banks_dir() -> Path:
    """The read-only built-in banks shipped with the app."""
    installed = Path(__file__).parent / "_question_banks"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "question_banks"
