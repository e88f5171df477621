"""import_bank on real files: the bank written, its name and ids, and the refusals (one line naming the file)."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer import paths
from trainer.catalog import load_catalog
from trainer.core.banks import check_bank
from trainer.core.errors import BankError, TrainerError
from trainer.core.talking_points import point_warnings
from trainer.use_cases.import_bank import (
    BankFileExists,
    BankNameTaken,
    add_to_catalog,
    import_bank,
    outcome_lines,
)

LIST_MD = (
    "# Interview prep\n\n1. How do you handle a disagreement with a peer?\n2. Describe your ideal team.\n\nProse.\n"
)
PLAIN_TXT = "How do you handle a disagreement with a peer?\nDescribe your ideal team.\n"
VAGUE_POINTS = ["I rush code reviews", "teamwork", "bugs down a third"]
VAGUE_CSV = f"question,point1,point2,point3\nHow do you handle a disagreement?,{','.join(VAGUE_POINTS)}\n"


def written(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("file", "text", "name", "target", "title", "count", "skipped"),
    [
        ("list.md", LIST_MD, None, "list.yaml", "Interview prep", 2, 1),
        ("my_own-list.txt", PLAIN_TXT, None, "my-own-list.yaml", "My own list", 2, 0),
        ("list.md", LIST_MD, "  Acme   final round ", "acme-final-round.yaml", "Acme final round", 2, 1),
        ("sheet.csv", VAGUE_CSV, None, "sheet.yaml", "Sheet", 1, 0),
    ],
    ids=["markdown-title", "file-name-title", "name-given", "csv"],
)
def test_a_list_becomes_a_bank_of_the_users_own(
    tmp_path: Path,
    file: str,
    text: str,
    name: str | None,
    target: str,
    title: str,
    count: int,
    skipped: int,
) -> None:
    source = written(tmp_path, file, text)
    folder = paths.banks_dir()
    result = import_bank(source, name, False, banks_dir=folder)
    assert result.target == folder / target and result.title == title and result.source == source
    assert result.document.question_count == count and len(result.imported.skipped) == skipped
    bank = check_bank(result.target).bank
    assert bank is not None and bank.name == title and len(bank.questions) == count
    lines = outcome_lines(result)
    assert (
        lines[0]
        == f"imported {count} question{'s' if count != 1 else ''} from {source} into {result.target} (bank {title!r})"
    )
    assert len(lines) == 1 + (1 + skipped if skipped else 0)


def test_each_vague_point_is_a_warning_naming_file_and_line(tmp_path: Path) -> None:
    source = written(tmp_path, "sheet.csv", VAGUE_CSV)
    result = import_bank(source, None, False, banks_dir=paths.banks_dir())
    assert result.warnings and result.warnings == tuple(f"{source}:2: {w}" for w in point_warnings(VAGUE_POINTS))


def test_an_id_another_bank_uses_is_renamed(tmp_path: Path) -> None:
    source = written(tmp_path, "mine.txt", "Tell me about yourself.\n")
    result = import_bank(source, None, False, banks_dir=paths.banks_dir())
    assert result.document.renamed == [("tell-me-about-yourself", "tell-me-about-yourself-2")]
    assert outcome_lines(result)[1] == (
        "  id 'tell-me-about-yourself' is already used: this question is 'tell-me-about-yourself-2'"
    )


def test_a_bank_file_is_replaced_only_when_asked(tmp_path: Path) -> None:
    source = written(tmp_path, "list.md", LIST_MD)
    folder = paths.banks_dir()
    first = import_bank(source, None, False, banks_dir=folder)
    with pytest.raises(BankFileExists) as refused:
        import_bank(source, None, False, banks_dir=folder)
    assert str(refused.value) == f"{first.target}: a bank with this file name exists"
    again = import_bank(source, None, True, banks_dir=folder)
    assert again.target == first.target and again.document.renamed == []  # its own old ids do not count


@pytest.mark.parametrize(
    ("file", "text", "name", "error", "message"),
    [
        ("list.md", LIST_MD, "Stock questions", BankNameTaken, "a bank named 'Stock questions' already exists ("),
        ("notes.pdf", "x", None, BankError, "cannot import .pdf"),
        ("empty.md", "Just prose.\n", None, BankError, "no questions found"),
        ("list.md", LIST_MD, "   ", TrainerError, "the bank's name is empty"),
    ],
    ids=["name-taken", "not-a-list", "no-questions", "blank-name"],
)
def test_refusals_write_nothing(
    tmp_path: Path, file: str, text: str, name: str | None, error: type[Exception], message: str
) -> None:
    source = written(tmp_path, file, text)
    folder = paths.banks_dir()
    with pytest.raises(error) as refused:
        import_bank(source, name, False, banks_dir=folder)
    assert message in str(refused.value) and "\n" not in str(refused.value)
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(
    ("before", "names"),
    [
        ([], ["Interview prep"]),
        (["a.yaml", "b.yaml"], ["A", "B", "Interview prep"]),
        (["a.yaml", "list.yaml", "z.yaml"], ["A", "Interview prep", "Z"]),  # replaced where it was
    ],
    ids=["only-bank", "after-the-others", "in-place-of-its-old-self"],
)
def test_the_bank_imported_joins_a_running_catalogue(tmp_path: Path, before: list[str], names: list[str]) -> None:
    folder = paths.banks_dir()
    for file in before:
        title = "Old prep" if file == "list.yaml" else file.removesuffix(".yaml").upper()
        written(folder, file, f"name: {title}\nquestions:\n  - id: {title.lower().replace(' ', '-')}\n    text: Why?\n")
    empty = tmp_path / "no-builtin"
    empty.mkdir()
    catalog = load_catalog(user_dir=folder, builtin_dir=empty)
    catalog.problems.append(BankError(folder / "list.yaml", None, "was broken"))
    source = written(tmp_path, "list.md", LIST_MD)
    result = import_bank(source, None, True, banks_dir=folder)
    add_to_catalog(catalog, result.target, {"describe-your-ideal-team": ("a", "b", "c")})
    assert [b.name for b in catalog.banks] == names
    question = catalog.find("describe-your-ideal-team")
    assert question is not None and question.talking_points == ("a", "b", "c")
    assert catalog.problems == []
