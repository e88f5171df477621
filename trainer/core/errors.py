"""Errors the user can cause, each turned into one readable line at the CLI or a notice in the TUI."""

from __future__ import annotations

from pathlib import Path


class TrainerError(Exception):
    """Base for errors caused by input; `str()` is the one line shown to the user."""


class BankError(TrainerError):
    """A problem in a question bank file, located by file, line and field."""

    def __init__(self, path: Path | str, line: int | None, message: str, field: str | None = None) -> None:
        self.path = Path(path)
        self.line = line
        self.field = field
        self.message = message
        where = f"{self.path}" + (f":{line}" if line else "")
        what = f"{_printable(field)}: " if field else ""
        super().__init__(f"{where}: {what}{message}")


def _printable(text: str) -> str:
    """A field name as the user wrote it, with control characters escaped so the message stays one line."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


class ConfigError(TrainerError):
    """A problem in config.yaml."""


class StoreError(TrainerError):
    """The database cannot be opened or is not ours."""


class SaveError(StoreError):
    """A write that did not happen (disk full, another program holding the lock, read-only data).

    Nothing was changed; the same write can be tried again later. `reason` is said in the user's words.
    """

    def __init__(self, path: Path, reason: str, *, busy: bool = False) -> None:
        self.path = path
        self.reason = reason
        #: another program holds the lock (the write will most likely succeed once it lets go)
        self.busy = busy
        super().__init__(f"{path}: not saved: {reason}")


class AudioError(TrainerError):
    """An audio file or device that cannot be used: unsupported format, unreadable file, no microphone."""


class RecogniserError(TrainerError):
    """The speech recogniser cannot be set up: model missing or corrupt, or the engine not allowed."""
