"""`trainer practice`: its arguments checked before the TUI opens (banks, questions, which file answers which)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import click

from trainer.catalog import choose_banks, is_bank_path, load_catalog
from trainer.cli.common import run_tui
from trainer.cli.context import CliContext
from trainer.config import whole_range
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


@click.command()
@click.option("--bank", "banks", multiple=True, metavar="NAME|PATH", help="Bank to draw from (repeatable).")
@click.option("--count", type=click.IntRange(*whole_range("question_count")), default=None, help="Number of questions.")
@click.option(
    "--time-limit",
    type=click.IntRange(*whole_range("time_limit_s")),
    default=None,
    metavar="SECONDS",
    help="Seconds per answer.",
)
@click.option(
    "--minutes",
    type=click.IntRange(*whole_range("session_minutes")),
    default=None,
    help="Optional session length in minutes.",
)
@click.option("--typed", is_flag=True, help="Type answers instead of speaking them.")
@click.option("--mute", is_flag=True, help="Show questions without speaking them.")
@click.option(
    "--audio-in",
    "audio_in",
    multiple=True,
    metavar="[ID=]FILE",
    help="Answer from these audio files in turn (replayed in real time); ID=FILE answers that question.",
)
@click.option("--question", "question_ids", multiple=True, metavar="ID", help="Ask this question (repeatable).")
@click.pass_obj
def practice(
    cli: CliContext,
    banks: tuple[str, ...],
    count: int | None,
    time_limit: int | None,
    minutes: int | None,
    typed: bool,
    mute: bool,
    audio_in: tuple[str, ...],
    question_ids: tuple[str, ...],
) -> None:
    """Go straight into a timed practice session."""
    paired, files = split_audio_in(audio_in)
    if paired and question_ids:
        raise click.UsageError("name the questions either with --question or with --audio-in ID=FILE, not both")
    if files:
        from trainer.speech.capture import check_audio_path

        for path in files:
            check_audio_path(path)  # missing, not audio, or too long: one line, before anything loads
    store = cli.store(reading_will_do=True)
    catalog = load_catalog([Path(b) for b in banks if is_bank_path(b)], store.user_points())
    check_practice(catalog, banks, paired or question_ids, files)
    run_tui(
        mode="practice",
        catalog=catalog,
        banks=banks,
        count=count,
        time_limit=time_limit,
        minutes=minutes,
        typed=typed,
        mute=mute,
        audio_in=files,
        question_ids=paired or question_ids,
    )
