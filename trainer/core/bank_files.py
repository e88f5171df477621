"""Write the user's banks (an imported list, or a new commented template) as YAML, atomically and checked."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from trainer.core.banks import check_bank
from trainer.core.errors import BankError
from trainer.core.files import FileExists, write_atomically
from trainer.core.importers import slugify, unique_id
from trainer.core.importers.questions import ImportedList


@dataclass
class BankDocument:
    """A bank ready to be written: its YAML mapping, and the ids changed to stay unique."""

    data: dict[str, Any]
    #: (the id the question would have had, the id it was given) when another bank already used it
    renamed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def question_count(self) -> int:
        """How many questions the bank has."""
        return len(self.data["questions"])


def bank_document(imported: ImportedList, name: str, taken_ids: set[str]) -> BankDocument:
    """The bank for an imported list: ids from the text (or the YAML bank's own), unique against `taken_ids`."""
    document = BankDocument(data={"name": name, **imported.bank_fields, "questions": []})
    taken = set(taken_ids)
    for question in imported.questions:
        wanted = question.id or slugify(question.text)
        qid = unique_id(wanted, taken)
        if qid != wanted:
            document.renamed.append((wanted, qid))
        taken.add(qid)
        entry: dict[str, Any] = {"id": qid, "text": question.text}
        if question.category:
            entry["category"] = question.category
        if question.talking_points:
            entry["talking_points"] = list(question.talking_points)
        if question.kind:
            entry["kind"] = question.kind
        if question.time_limit is not None:
            entry["time_limit"] = question.time_limit
        if question.tip:
            entry["tip"] = question.tip
        document.data["questions"].append(entry)
    return document


def render_bank(document: BankDocument, source: str) -> str:
    """The bank as YAML, with a comment saying where it came from."""
    body = yaml.safe_dump(document.data, sort_keys=False, allow_unicode=True, width=110, default_flow_style=False)
    header = (
        f"# Imported with `trainer banks import` from {source}.\n"
        "# Edit freely; check it with `trainer banks validate` afterwards.\n"
    )
    return header + body


def write_bank_file(path: Path, text: str, *, replace: bool = False) -> None:
    """Write a bank in one step (a temporary file, checked, then renamed), so no half-written bank is ever seen.

    Raises BankError when the file exists and `replace` is False, or when the text would not load as a bank;
    FileProblem when it cannot be written (a full disk, a read-only folder, a device in its place).
    """

    def loads_as_a_bank(temp: Path) -> None:
        check = check_bank(temp)
        if check.problems:
            first = check.problems[0]
            raise BankError(path, first.line, f"would not load as a bank: {first.message}", first.field)

    try:
        write_atomically(path, text, replace=replace, check=loads_as_a_bank)
    except FileExists:
        raise BankError(path, None, "already exists; use --force to replace it") from None


def bank_template(name: str) -> str:
    """A commented bank with two example questions, that loads as it is (ids prefixed so they stay unique)."""
    prefix = slugify(name, max_chars=40)
    quoted = json.dumps(" ".join(name.split()), ensure_ascii=False)  # a JSON string is a valid YAML scalar
    return f"""\
# {" ".join(name.split())}: your own question bank.
# Edit the examples, add questions, delete what you do not need, then check the file with
#   trainer banks validate <this file>
# and practise it with
#   trainer practice --bank {slugify(name)}
name: {quoted}   # required: the bank's name in the app
kind: stock                 # the default kind of its questions: stock or brainteaser
time_limit: 120             # optional: seconds per answer (5 to 1800) unless a question sets its own
questions:
  - id: {prefix}-tell-me-about-yourself   # required: lower-case letters, digits and dashes, unique in all banks
    text: Tell me about yourself.     # required: the question as it is asked
    category: Warm-up                 # optional: a heading to browse by
    talking_points:                   # optional; when given, exactly three, each at most 120 characters
      - I say what I do in my current role      # each one thing a listener can check you said
      - I name the experience that led me here
      - I say why this role is my next step
    tip: Present, then past, then future, in about two minutes.   # optional: shown after answering

  - id: {prefix}-a-time-you-failed
    text: Tell me about a time you failed.
    time_limit: 90                    # optional: this question's own limit in seconds
    # no talking points yet: write your own in the app (Banks, then e) or with `trainer points set`
"""
