"""Model files the adapters load (the recogniser's, the judge's): where one came from, and its checksum.

One home for both, below speech and judge and above core: no network, no heavy import.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ModelSource:
    """A model the app can load, where it came from, and whether its file is the one we expect."""

    label: str
    """A short name for the way it was found ("bundled", "accurate", "configured", "repackage", ...)."""
    location: str
    """The folder or file it loads from, or the name it is downloaded by."""
    provenance: str
    """One line on where the model came from and on what terms, for `trainer doctor`."""
    sha256_ok: bool | None = None
    """True when its file matches the pinned or recorded sha256, False when not; None when nothing was checked."""
    model: str = ""
    """The model's own name ("tiny.en", "base"), when it has one."""


def sha256_of(path: Path) -> str:
    """The sha256 of a file, read in chunks (model files are tens or hundreds of megabytes)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
