"""A copy of a database file the app refuses to open (damaged or not ours), kept beside it, never over it."""

from __future__ import annotations

import filecmp
import glob
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from trainer.core.files import FileProblem, write_atomically

BACKUP_MARK = ".corrupt-"


def backups_of(path: Path) -> list[Path]:
    """The copies made of `path` so far, oldest first (their own -wal files are not listed)."""
    found = path.parent.glob(f"{glob.escape(path.name)}{BACKUP_MARK}*")
    return sorted(p for p in found if not p.name.endswith(("-wal", "-shm")))


def back_up(path: Path, now: datetime | None = None) -> Path:
    """Copy `path` (and its -wal, which may hold the latest writes) to `<name>.corrupt-<UTC time>`, mode 0600.

    The file itself is never moved or changed. A copy identical to an earlier one is not made again, so
    opening the same bad file many times does not fill the disk. Raises OSError when no copy can be made.
    """
    wal = path.with_name(path.name + "-wal")
    for earlier in reversed(backups_of(path)):
        earlier_wal = earlier.with_name(earlier.name + "-wal")
        if _same(earlier, path) and _same_or_both_missing(earlier_wal, wal):
            return earlier
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = path.with_name(f"{path.name}{BACKUP_MARK}{stamp}")
    if wal.is_file():
        _copy(wal, target.with_name(target.name + "-wal"))
    _copy(path, target)
    return target


def _same(a: Path, b: Path) -> bool:
    try:
        return a.stat().st_size == b.stat().st_size and filecmp.cmp(a, b, shallow=False)
    except OSError:
        return False


def _same_or_both_missing(a: Path, b: Path) -> bool:
    if not a.exists() and not b.exists():
        return True
    return _same(a, b)


def _copy(source: Path, target: Path) -> None:
    """Copy through a temporary file renamed into place, so a copy is never seen half-written.

    The copy is 0600 whatever the original's mode: it may hold the user's answers.
    """

    def copy_into(out: BinaryIO) -> None:
        with source.open("rb") as src:
            shutil.copyfileobj(src, out, 1 << 20)

    try:
        write_atomically(target, copy_into, replace=False)
    except FileProblem as exc:
        raise OSError(exc.reason) from None
