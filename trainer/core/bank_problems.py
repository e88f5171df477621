"""The problems found while loading banks, grouped: which files were skipped whole, which lost some questions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from trainer.core.errors import BankError
from trainer.core.models import Bank


@dataclass(frozen=True)
class SkippedFile:
    """One bank file with problems: skipped whole, or loaded without the questions that had them."""

    path: Path
    problems: tuple[BankError, ...]
    #: False when the bank loaded and only some of its questions were left out
    whole: bool


def skipped_files(problems: Sequence[BankError], banks: Sequence[Bank]) -> list[SkippedFile]:
    """The files with problems, in the order found, each with all of its problems."""
    loaded = {b.path.resolve() for b in banks if b.path is not None}
    by_path: dict[Path, list[BankError]] = {}
    for problem in problems:
        by_path.setdefault(problem.path, []).append(problem)
    return [SkippedFile(path, tuple(found), path.resolve() not in loaded) for path, found in by_path.items()]


def problems_notice(problems: Sequence[BankError], banks: Sequence[Bank]) -> str | None:
    """One line for all of them ("2 banks skipped — b to see why"), or None when every bank loaded cleanly."""
    files = skipped_files(problems, banks)
    if not files:
        return None
    whole = sum(f.whole for f in files)
    questions = sum(len(f.problems) for f in files if not f.whole)
    parts = []
    if whole:
        parts.append(f"{whole} bank{'s' if whole != 1 else ''} skipped")
    if questions:
        parts.append(f"{questions} question{'s' if questions != 1 else ''} left out")
    return f"{', '.join(parts)} — b to see why"
