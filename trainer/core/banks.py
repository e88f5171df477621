"""Bank files loaded: one checked (every problem located), or many into the catalogue with duplicates reported."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from trainer.core.bank_schema import BankCheck, validate_bank
from trainer.core.bank_yaml import compose
from trainer.core.errors import BankError
from trainer.core.files import FileProblem, read_bytes
from trainer.core.models import Bank, Question

MAX_BANK_BYTES = 5 * 1024 * 1024


@dataclass
class LoadedBanks:
    """Every usable bank, and the problems that kept banks or questions out."""

    banks: list[Bank]
    problems: list[BankError]
    #: points that load but may not be checkable (see BankCheck.warnings)
    warnings: list[BankError] = field(default_factory=list)

    def questions(self) -> list[Question]:
        """All questions of all banks, in bank order."""
        return [q for bank in self.banks for q in bank.questions]

    def find(self, question_id: str) -> Question | None:
        """The question with this id, if any bank has it."""
        return next((q for q in self.questions() if q.id == question_id), None)


def check_bank(path: Path, *, builtin: bool = False) -> BankCheck:
    """Read and validate one bank file; never raises for bad content."""
    result = BankCheck(path=path)
    try:
        raw = read_bytes(path, MAX_BANK_BYTES, what="bank")
        if b"\x00" in raw[:8192]:
            raise BankError(path, None, "not a text file")
        text = raw.decode("utf-8-sig")
    except BankError as exc:
        result.problems.append(exc)
        return result
    except FileProblem as exc:
        result.problems.append(BankError(path, None, exc.reason))
        return result
    except UnicodeDecodeError:
        result.problems.append(BankError(path, None, "not UTF-8 text"))
        return result
    node = compose(path, text, result.problems)
    if node is not None:
        bank = validate_bank(path, node, result, builtin=builtin)
        # a bank with any problem is not used: half a bank would hide the problem
        result.bank = None if result.problems else bank
    return result


def load_bank(path: Path, *, builtin: bool = False) -> Bank:
    """Load one bank, raising the first problem as a BankError."""
    result = check_bank(path, builtin=builtin)
    if result.problems:
        raise result.problems[0]
    assert result.bank is not None
    return result.bank


def load_banks(paths: Iterable[tuple[Path, bool]]) -> LoadedBanks:
    """Load many banks (path, builtin); a bad bank never stops the others, duplicate ids are reported."""
    banks: list[Bank] = []
    problems: list[BankError] = []
    warnings: list[BankError] = []
    seen: dict[str, Path] = {}
    for path, builtin in paths:
        result = check_bank(path, builtin=builtin)
        problems.extend(result.problems)
        warnings.extend(result.warnings)
        if result.bank is None or result.problems:
            continue
        kept = []
        for question in result.bank.questions:
            if question.id in seen:
                line = result.lines.get(question.id)
                problems.append(
                    BankError(path, line, f"duplicate id {question.id!r}, also in {seen[question.id]}", "id")
                )
                continue
            seen[question.id] = path
            kept.append(question)
        if kept:  # a bank whose every question is a duplicate has nothing to offer
            banks.append(replace(result.bank, questions=tuple(kept)))
    return LoadedBanks(banks=banks, problems=problems, warnings=warnings)


def discover_bank_files(builtin_dir: Path, user_dir: Path | None) -> list[tuple[Path, bool]]:
    """The built-in bank files then the user's, each as (path, builtin), in a stable order."""
    found = [(p, True) for p in sorted(builtin_dir.glob("*.yaml"))]
    if user_dir is not None and user_dir.is_dir():
        found += [(p, False) for p in sorted([*user_dir.glob("*.yaml"), *user_dir.glob("*.yml")])]
    return found


def select_banks(loaded: LoadedBanks, wanted: Sequence[str]) -> list[Bank]:
    """The loaded banks matching each name (case-insensitive) or file stem; BankError for an unknown one."""
    chosen: list[Bank] = []
    for name in wanted:
        key = name.strip().lower()
        match = next(
            (b for b in loaded.banks if b.name.lower() == key or (b.path is not None and b.path.stem.lower() == key)),
            None,
        )
        if match is None:
            names = ", ".join(repr(b.name) for b in loaded.banks) or "none"
            raise BankError(Path(name), None, f"no bank of that name or file (banks: {names})")
        if match not in chosen:
            chosen.append(match)
    return chosen


def with_user_points(banks: Sequence[Bank], overrides: Mapping[str, Sequence[str]]) -> list[Bank]:
    """The banks with the user's own three points in place of a bank's suggested ones."""
    if not overrides:
        return list(banks)
    return [
        replace(
            bank,
            questions=tuple(
                replace(q, talking_points=tuple(overrides[q.id])) if q.id in overrides else q for q in bank.questions
            ),
        )
        for bank in banks
    ]
