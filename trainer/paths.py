"""Where user data lives: $TRAINER_HOME, else the platform's user data dir; computed on call."""

from __future__ import annotations

import os
from pathlib import Path

from trainer.core.errors import TrainerError
from trainer.core.files import kind_of, os_reason, printable_path

APP_NAME = "trainer"


def home() -> Path:
    """The user's data directory (created 0700 if missing)."""
    env = os.environ.get("TRAINER_HOME")
    if env:
        path = Path(env).expanduser()
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    _ensure_folder(path, "TRAINER_HOME" if env else "the data folder")
    return path


def _ensure_folder(path: Path, what: str) -> None:
    """Create `path` (0700) if missing; TrainerError in one line when it is not a folder or cannot be made."""
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    except FileExistsError:
        try:
            mode = path.stat().st_mode
        except OSError:
            mode = path.lstat().st_mode
        raise TrainerError(f"{what} {printable_path(path)} is {kind_of(mode)}, not a folder") from None
    except OSError as exc:
        if path.is_dir():
            return  # it is there after all (a read-only parent says EROFS even for an existing folder)
        raise TrainerError(f"{what} {printable_path(path)}: cannot create the folder ({os_reason(exc)})") from None


def db_path() -> Path:
    """The SQLite database file."""
    return home() / "trainer.db"


def banks_dir(*, create: bool = True) -> Path:
    """The folder holding the user's own banks (created unless `create` is False: reading needs none)."""
    path = home() / "banks"
    if create and not path.is_dir():
        _ensure_folder(path, "the banks folder")
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
