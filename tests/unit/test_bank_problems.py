"""Bank problems grouped into one notice: whole files skipped, questions left out of loaded banks."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.core.bank_problems import problems_notice, skipped_files
from trainer.core.errors import BankError
from trainer.core.models import Bank

LOADED = Bank(name="Loaded", questions=(), path=Path("/banks/loaded.yaml"))


def error(name: str, line: int = 3) -> BankError:
    return BankError(Path(f"/banks/{name}.yaml"), line, "something is wrong")


@pytest.mark.parametrize(
    ("problems", "expected"),
    [
        ([], None),
        ([error("a")], "1 bank skipped — b to see why"),
        ([error("a"), error("a", 7), error("b")], "2 banks skipped — b to see why"),
        ([error("a") for _ in range(5)], "1 bank skipped — b to see why"),
        ([error("loaded")], "1 question left out — b to see why"),
        ([error("loaded"), error("loaded", 9), error("x")], "1 bank skipped, 2 questions left out — b to see why"),
    ],
    ids=["none", "one", "two-files", "one-file-five-problems", "partial", "both"],
)
def test_problems_notice(problems: list[BankError], expected: str | None) -> None:
    assert problems_notice(problems, [LOADED]) == expected


def test_skipped_files_keep_the_order_found_and_every_problem() -> None:
    files = skipped_files([error("b"), error("loaded"), error("b", 8)], [LOADED])
    assert [(f.path.name, len(f.problems), f.whole) for f in files] == [("b.yaml", 2, True), ("loaded.yaml", 1, False)]
