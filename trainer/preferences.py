"""The choices the app remembers between runs (last session's form, cue cards, theme, a name for the note).

Kept apart from config.yaml, which is the user's own file: the app never rewrites it and loses no comment.
Written whole to a temporary file and renamed, 0600, so a crash leaves the old choices or the new ones.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trainer import paths
from trainer.core.files import FileProblem, write_atomically

FILE_NAME = "preferences.json"


@dataclass(frozen=True)
class Preferences:
    """What the user last chose; None means "not chosen yet" (the settings' default applies)."""

    question_count: int | None = None
    """Questions per session, as last set on Home."""
    time_limit: int | None = None
    """Seconds per answer, as last set on Home (None: each question's own)."""
    banks: tuple[str, ...] | None = None
    """The banks last ticked on Home, by name (None: all)."""
    typed: bool = False
    """"Type my answers" as last ticked."""
    muted: bool = False
    """The voice muted ("m" during practice), so questions are shown without being read aloud."""
    show_cues: bool | None = None
    """Show the three points and the tip before answering (None: not chosen yet, so shown)."""
    theme: str | None = None
    """The Textual theme last picked (ctrl+p, "Change theme")."""
    interviewer: str = ""
    """The interviewer's name, put into the follow-up note."""


def preferences_path() -> Path:
    """Where the choices are kept."""
    return paths.home() / FILE_NAME


def load_preferences(path: Path | None = None) -> Preferences:
    """The remembered choices; anything missing, damaged or of the wrong type is simply not remembered."""
    path = path or preferences_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return Preferences()
    if not isinstance(data, dict):
        return Preferences()
    values: dict[str, Any] = {}
    for field in dataclasses.fields(Preferences):
        value = _checked(field.name, data.get(field.name))
        if value is not None:
            values[field.name] = value
    return Preferences(**values)


def _checked(name: str, value: Any) -> Any:
    """The value if it has the field's type and a sane range, else None (the default)."""
    if name in ("question_count", "time_limit"):
        limits = (1, 200) if name == "question_count" else (5, 1800)
        ok = isinstance(value, int) and not isinstance(value, bool) and limits[0] <= value <= limits[1]
        return value if ok else None
    if name == "banks":
        if isinstance(value, list) and all(isinstance(v, str) for v in value) and len(value) <= 1000:
            return tuple(value)
        return None
    if name in ("typed", "muted", "show_cues"):
        return value if isinstance(value, bool) else None
    if name in ("theme", "interviewer"):
        return value if isinstance(value, str) and len(value) <= 200 else None
    return None


def save_preferences(preferences: Preferences, path: Path | None = None) -> None:
    """Write the choices atomically (mode 0600); a disk that refuses is not worth a crash, so it is ignored."""
    path = path or preferences_path()
    data = {k: list(v) if isinstance(v, tuple) else v for k, v in dataclasses.asdict(preferences).items()}
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    # a folder or link in its place, a full disk: the choices are not worth a crash, so they are not kept
    with contextlib.suppress(OSError, FileProblem):
        write_atomically(path, text)


def update_preferences(**changes: Any) -> Preferences:
    """Load, change these fields, save; the new choices."""
    updated = dataclasses.replace(load_preferences(), **changes)
    save_preferences(updated)
    return updated


def reset_preferences() -> bool:
    """Forget every remembered choice; True if there was anything to forget."""
    path = preferences_path()
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True
