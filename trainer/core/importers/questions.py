"""What every importer shares: the question found, the line skipped, the list read, and the checks on each."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trainer.core.banks import MAX_BANK_BYTES
from trainer.core.errors import BankError
from trainer.core.files import FileProblem, has_control, read_bytes
from trainer.core.models import Kind

MAX_QUESTION_CHARS = 500


@dataclass(frozen=True)
class ImportedQuestion:
    """One question found in the file, with where it was and whatever else the format gave."""

    text: str
    line: int
    category: str | None = None
    talking_points: tuple[str, ...] = ()
    kind: Kind | None = None
    time_limit: int | None = None
    tip: str | None = None
    #: a YAML bank's own id; other formats get one made from the text
    id: str | None = None


@dataclass(frozen=True)
class SkippedLine:
    """A line that looked like content but gave no question, and why."""

    line: int
    reason: str
    text: str = ""

    def __str__(self) -> str:
        shown = self.text if len(self.text) <= 60 else self.text[:59] + "…"
        return f"line {self.line}: {self.reason}" + (f": {shown!r}" if shown else "")


@dataclass
class ImportedList:
    """Everything read from one file: the questions in order, the lines skipped, and the list's own title."""

    path: Path
    questions: list[ImportedQuestion] = field(default_factory=list)
    skipped: list[SkippedLine] = field(default_factory=list)
    title: str | None = None
    #: bank-level fields a YAML bank carries over (kind, time_limit, description)
    bank_fields: dict[str, Any] = field(default_factory=dict)


# --- questions -----------------------------------------------------------------------------------------------


def question_problem(text: str) -> str | None:
    """Why `text` cannot be a question (too short or too long), or None when it can."""
    if has_control(text):
        return "contains a control character (an escape sequence?)"
    words = [w for w in text.split() if any(c.isalnum() for c in w)]
    if len(words) < 2:
        return "too short to be a question"
    if len(text) > MAX_QUESTION_CHARS:
        return f"{len(text)} characters; a question may have at most {MAX_QUESTION_CHARS}"
    return None


class SeenQuestions:
    """Drops a question asked twice in one file, pointing at the first."""

    def __init__(self) -> None:
        self._lines: dict[str, int] = {}

    def duplicate_of(self, text: str, line: int) -> int | None:
        key = " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())
        if key in self._lines:
            return self._lines[key]
        self._lines[key] = line
        return None


def keep_question(result: ImportedList, seen: SeenQuestions, question: ImportedQuestion) -> None:
    """Add the question, or record why its line was skipped (too short, too long, asked before)."""
    problem = question_problem(question.text)
    extras = (question.category or "", question.tip or "", *question.talking_points)
    if problem is None and any(has_control(extra) for extra in extras):
        problem = "its category, tip or points contain a control character (an escape sequence?)"
    if problem is None:
        first = seen.duplicate_of(question.text, question.line)
        problem = None if first is None else f"the same question as line {first}"
    if problem is not None:
        result.skipped.append(SkippedLine(question.line, problem, question.text))
    else:
        result.questions.append(question)


# --- reading files -------------------------------------------------------------------------------------------


def read_text_file(path: Path) -> str:
    """The file's text; BankError for a missing, huge, binary or non-UTF-8 file."""
    try:
        raw = read_bytes(path, MAX_BANK_BYTES, what="imported list")
    except FileProblem as exc:
        raise BankError(path, None, exc.reason.replace("cannot read (no such file)", "no such file")) from None
    if b"\x00" in raw[:8192]:
        raise BankError(path, None, "not a text file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise BankError(path, line, "not UTF-8 text (save the file as UTF-8 and try again)") from None
