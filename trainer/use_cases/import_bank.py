"""Importing a list of questions (.yaml, .md, .txt, .csv) as a bank of the user's own, from the CLI or the TUI."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from trainer.catalog import load_catalog
from trainer.core.bank_files import BankDocument, bank_document, render_bank, write_bank_file
from trainer.core.banks import LoadedBanks, load_banks, with_user_points
from trainer.core.errors import TrainerError
from trainer.core.importers import ImportedList, read_question_list, slugify
from trainer.core.talking_points import point_warnings


class BankFileExists(TrainerError):
    """A bank with the file name the import would write exists, and replacing it was not asked for."""

    def __init__(self, target: Path) -> None:
        super().__init__(f"{target}: a bank with this file name exists")
        self.target = target


class BankNameTaken(TrainerError):
    """Another bank already has the name the imported bank would get."""

    def __init__(self, title: str, other: Path | None) -> None:
        super().__init__(f"a bank named {title!r} already exists ({other})")
        self.title = title
        self.other = other


@dataclass(frozen=True)
class ImportedBank:
    """A bank written from an imported list, and what the user should hear about it."""

    #: the file imported
    source: Path
    #: the bank file written, in the user's banks folder
    target: Path
    #: the bank's name
    title: str
    #: what was written (its questions, and the ids changed to stay unique)
    document: BankDocument
    #: what was read from the file (its questions with their lines, the lines skipped)
    imported: ImportedList
    #: "FILE:LINE: warning" for each point that loads but may never be judged made
    warnings: tuple[str, ...]


def import_bank(file: Path, name: str | None, force: bool, *, banks_dir: Path) -> ImportedBank:
    """Read `file` and write it as a bank in `banks_dir`: named `name`, else the list's title, else the file's.

    Its ids are kept unique against every other bank. Raises a TrainerError naming the file for a list that
    cannot be read, BankFileExists when the bank file exists and `force` is False, BankNameTaken when another
    bank has the name.
    """
    if name is not None and not name.strip():
        raise TrainerError("the bank's name is empty")
    imported = read_question_list(file)
    title = " ".join((name or imported.title or file.stem.replace("-", " ").replace("_", " ").capitalize()).split())
    target = banks_dir / f"{slugify(name or file.stem)}.yaml"
    if target.exists() and not force:
        raise BankFileExists(target)
    others = [
        b for b in load_catalog(user_dir=banks_dir).banks if b.path is None or b.path.resolve() != target.resolve()
    ]
    clash = next((b for b in others if b.name.casefold() == title.casefold()), None)
    if clash is not None:
        raise BankNameTaken(title, clash.path)
    document = bank_document(imported, title, {q.id for b in others for q in b.questions})
    write_bank_file(target, render_bank(document, file.name), replace=force)
    warnings = tuple(  # imported as they are, but said, so the user can sharpen them
        f"{file}:{question.line}: {warning}"
        for question in imported.questions
        for warning in point_warnings(question.talking_points)
    )
    return ImportedBank(
        source=file, target=target, title=title, document=document, imported=imported, warnings=warnings
    )


def outcome_lines(result: ImportedBank) -> list[str]:
    """What the import did, line by line: the count, each id renamed, each line skipped (warnings aside)."""
    count = result.document.question_count
    questions = f"{count} question{'s' if count != 1 else ''}"
    lines = [f"imported {questions} from {result.source} into {result.target} (bank {result.title!r})"]
    lines += [
        f"  id {wanted!r} is already used: this question is {given!r}" for wanted, given in result.document.renamed
    ]
    skipped = result.imported.skipped
    if skipped:
        lines.append(f"skipped {len(skipped)} line{'s' if len(skipped) != 1 else ''}:")
        lines += [f"  {line}" for line in skipped]
    return lines


def add_to_catalog(catalog: LoadedBanks, bank_file: Path, user_points: Mapping[str, Sequence[str]]) -> None:
    """Put the bank just written at `bank_file` into a running app's `catalog`, with the user's own points.

    In place of the bank (or the problem) that file had before, else after the other banks; the rest of the
    catalogue stays as it was loaded (built-in banks, banks given by path).
    """
    where = bank_file.resolve()
    loaded = load_banks([(bank_file, False)])
    new = with_user_points(loaded.banks, user_points)
    kept = [b for b in catalog.banks if b.path is None or b.path.resolve() != where]
    at = next((i for i, b in enumerate(catalog.banks) if b.path is not None and b.path.resolve() == where), len(kept))
    catalog.banks = kept[:at] + new + kept[at:]
    catalog.problems = [p for p in catalog.problems if p.path.resolve() != where] + loaded.problems
