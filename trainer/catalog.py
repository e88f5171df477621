"""The banks a user sees: the built-in ones, their own, any given by path, with their own talking points."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from trainer import paths
from trainer.core.banks import LoadedBanks, discover_bank_files, load_banks, select_banks, with_user_points
from trainer.core.errors import BankError
from trainer.core.models import Bank


def load_catalog(
    extra_paths: Sequence[Path] = (),
    user_points: Mapping[str, Sequence[str]] | None = None,
    *,
    builtin_dir: Path | None = None,
    user_dir: Path | None = None,
) -> LoadedBanks:
    """Every usable bank (built-in, then the user's, then `extra_paths`) and the problems found."""
    files = discover_bank_files(builtin_dir or paths.builtin_banks_dir(), user_dir or paths.banks_dir(create=False))
    if extra_paths:  # resolving costs a system call per bank: only when there are paths to compare
        known = {p.resolve() for p, _ in files}
        files += [(p, False) for p in extra_paths if p.resolve() not in known]
    loaded = load_banks(files)
    loaded.banks = with_user_points(loaded.banks, user_points or {})
    return loaded


def is_bank_path(value: str) -> bool:
    """True when a --bank value names a file rather than a bank."""
    return value.endswith((".yaml", ".yml")) or "/" in value or Path(value).is_file()


def choose_banks(loaded: LoadedBanks, wanted: Sequence[str]) -> list[Bank]:
    """The banks a --bank list asks for (names or paths); all of them when the list is empty.

    A bank's own name wins over reading the value as a path ("C++ / tricks" is a name). Found through one
    index, so ticking all of 5,000 banks costs no more than ticking one each.
    """
    if not wanted:
        return list(loaded.banks)
    by_name: dict[str, Bank] = {}
    for bank in loaded.banks:
        by_name.setdefault(bank.name.lower(), bank)
    chosen: dict[int, Bank] = {}
    for value in wanted:
        named = by_name.get(value.strip().lower())
        if named is not None:
            bank = named
        elif is_bank_path(value):
            bank = _bank_at(loaded, Path(value))
        else:
            bank = select_banks(loaded, [value])[0]
        chosen.setdefault(id(bank), bank)
    return list(chosen.values())


def _bank_at(loaded: LoadedBanks, value: Path) -> Bank:
    path = value.expanduser().resolve()
    bad = [p for p in loaded.problems if p.path.resolve() == path]
    if bad:
        raise bad[0]
    match = next((b for b in loaded.banks if b.path is not None and b.path.resolve() == path), None)
    if match is None:
        raise BankError(path, None, "no such bank file")
    return match
