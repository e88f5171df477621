"""`trainer practice` arguments checked before the TUI opens: banks, questions and which file answers which."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from trainer.catalog import choose_banks
from trainer.core.banks import LoadedBanks
from trainer.core.errors import TrainerError

_QUESTION_ID = re.compile(r"[a-z0-9-]+")


class PracticeArgsError(TrainerError):
    """A `trainer practice` argument that names no bank, no question or no file."""


def split_audio_in(values: Sequence[str]) -> tuple[tuple[str, ...], tuple[Path, ...]]:
    """The question ids (from `ID=FILE`) and the files of `--audio-in` values, in the order given.

    A value that is an existing file is a file even if its name has an "=" in it, so no file is ever
    misread as a pairing. Either every value names its question or none does.
    """
    ids: list[str] = []
    files: list[Path] = []
    for value in values:
        question, sep, rest = value.partition("=")
        if sep and not Path(value).is_file() and _QUESTION_ID.fullmatch(question):
            ids.append(question)
            files.append(Path(rest))
        else:
            files.append(Path(value))
    if ids and len(ids) != len(files):
        raise PracticeArgsError("--audio-in: give every file as ID=FILE, or none of them")
    for path in files:
        if not path.is_file():
            raise PracticeArgsError(f"{path}: no such audio file")
    return tuple(ids), tuple(files)


def check_practice(
    catalog: LoadedBanks, banks: Sequence[str], question_ids: Sequence[str], audio_files: Sequence[Path]
) -> None:
    """Raise a one-line error for a bank or question that does not exist, or files that do not pair up."""
    # a typo in a bank's name fails here, at once, listing the banks (never a TUI with nothing to practise)
    choose_banks(catalog, banks)
    known = {q.id for q in catalog.questions()}
    for question_id in question_ids:
        if question_id not in known:
            raise PracticeArgsError(f"no question with id {question_id!r} (see: trainer banks list)")
    if question_ids and audio_files and len(question_ids) != len(audio_files):
        raise PracticeArgsError(
            f"{len(audio_files)} --audio-in file(s) for {len(question_ids)} --question(s): give one file per question"
        )
