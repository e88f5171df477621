"""A YAML bank read as an imported list: validated exactly as a bank is, its ids and fields kept."""

from __future__ import annotations

from pathlib import Path

import yaml

from trainer.core.bank_yaml import SAFE_LOADER
from trainer.core.banks import check_bank
from trainer.core.errors import BankError
from trainer.core.importers.questions import ImportedList, ImportedQuestion, read_text_file


def parse_yaml_bank(path: Path) -> ImportedList:
    """A YAML bank, validated exactly as a bank is; BankError naming the first problem and how many more."""
    check = check_bank(path)
    if check.problems:
        first, more = check.problems[0], len(check.problems) - 1
        if more:
            suffix = f" (and {more} more problem{'s' if more > 1 else ''}: trainer banks validate {path})"
            raise BankError(first.path, first.line, first.message + suffix, first.field)
        raise first
    # validated above, so plain safe loading gives the same mapping with the fields as the user wrote them
    data = yaml.load(read_text_file(path), Loader=SAFE_LOADER)
    result = ImportedList(path=path, title=str(data["name"]))
    result.bank_fields = {key: data[key] for key in ("kind", "time_limit", "description") if key in data}
    for item in data["questions"]:
        result.questions.append(
            ImportedQuestion(
                text=" ".join(str(item["text"]).split()),
                line=check.lines.get(str(item["id"]), 0),
                category=_optional_text(item.get("category")),
                talking_points=tuple(" ".join(str(p).split()) for p in item.get("talking_points") or ()),
                kind=item.get("kind"),
                time_limit=item.get("time_limit"),
                tip=_optional_text(item.get("tip")),
                id=str(item["id"]),
            )
        )
    return result


def _optional_text(value: object) -> str | None:
    return None if value is None else " ".join(str(value).split())
