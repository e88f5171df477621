"""Read a list of questions from a YAML bank, a Markdown page, a text file or a CSV export, for `banks import`."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from trainer.core.banks import MAX_BANK_BYTES, MAX_POINT_CHARS, MAX_TIME_LIMIT_S, SAFE_LOADER, check_bank
from trainer.core.errors import BankError
from trainer.core.files import FileProblem, has_control, read_bytes
from trainer.core.models import KINDS, Kind
from trainer.core.point_quality import check_point

MAX_QUESTION_CHARS = 500
MAX_ID_CHARS = 60
SUFFIXES = (".yaml", ".yml", ".md", ".markdown", ".txt", ".csv")


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


# --- questions and ids ---------------------------------------------------------------------------------------


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


def slugify(text: str, max_chars: int = MAX_ID_CHARS) -> str:
    """Lower-case letters, digits and dashes from `text`, cut at a word; a short hash when nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower().replace("'", "")).strip("-")
    if len(slug) > max_chars:
        cut = slug[: max_chars + 1]
        slug = cut[: cut.rfind("-")] if "-" in cut else slug[:max_chars]
        slug = slug.strip("-")
    if not slug:
        # text with no Latin letters (e.g. Chinese) still needs a stable id
        slug = "q-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    return slug


def unique_id(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`... whichever is not yet taken."""
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


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


def read_question_list(path: Path) -> ImportedList:
    """The questions in a .yaml/.yml, .md/.markdown, .txt or .csv file; BankError when none can be read."""
    from trainer.core.markdown_list import parse_markdown

    parsers: dict[str, Callable[[Path, str], ImportedList]] = {
        ".md": parse_markdown,
        ".markdown": parse_markdown,
        ".txt": parse_text,
        ".csv": parse_csv,
    }
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        result = parse_yaml_bank(path)
    elif suffix in parsers:
        result = parsers[suffix](path, read_text_file(path))
    else:
        what = suffix or "a file without an extension"
        raise BankError(path, None, f"cannot import {what} (use {', '.join(SUFFIXES)})")
    if not result.questions:
        why = f"; {len(result.skipped)} line(s) skipped, the first: {result.skipped[0]}" if result.skipped else ""
        raise BankError(path, None, f"no questions found{why}")
    return result


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


#: what may come before a question on a line of a text file: a bullet, a number, or "Q1:"
_LINE_MARKER = re.compile(r"^(?:[-*+•]\s+|\(?\d{1,4}[.):]\s+|q\d*[.:)]\s*)", re.IGNORECASE)


def parse_text(path: Path, text: str) -> ImportedList:
    """One question per line; blank lines are passed over and lines starting with # are comments."""
    result = ImportedList(path=path)
    seen = SeenQuestions()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = " ".join(raw.split())
        if not line:
            continue
        if line.startswith("#"):
            result.skipped.append(SkippedLine(number, "a comment", line))
            continue
        keep_question(result, seen, ImportedQuestion(text=_LINE_MARKER.sub("", line), line=number))
    return result


# --- CSV -----------------------------------------------------------------------------------------------------

COLUMNS = ("question", "point1", "point2", "point3", "kind", "time_limit", "category", "tip")
#: header names people use for each column, after lower-casing and dropping spaces, dashes and underscores
_ALIASES = {
    "question": {"question", "questions", "text", "questiontext", "prompt", "q"},
    "point1": {"point1", "talkingpoint1", "tp1", "p1"},
    "point2": {"point2", "talkingpoint2", "tp2", "p2"},
    "point3": {"point3", "talkingpoint3", "tp3", "p3"},
    "kind": {"kind", "type"},
    "time_limit": {"timelimit", "timelimits", "seconds", "time", "limit"},
    "category": {"category", "section", "topic"},
    "tip": {"tip", "tips", "hint"},
}
#: a file without a header gives its columns in this order
_POSITIONAL = COLUMNS[:6]


def _column(name: str) -> str | None:
    key = re.sub(r"[\s_\-()]+", "", name.strip().lower())
    return next((column for column, names in _ALIASES.items() if key in names), None)


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    """Comma, semicolon or tab, whichever the file uses (spreadsheets in many locales export semicolons)."""
    try:
        return csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _rows(path: Path, text: str) -> Iterable[tuple[int, list[str]]]:
    """(first line, cells) for each row; a multi-line quoted cell keeps the line where its row began."""
    dialect = _dialect(text)
    reader = csv.reader(io.StringIO(text, newline=""), dialect, strict=True)
    start = 1
    try:
        for row in reader:
            yield start, [cell.strip() for cell in row]
            start = reader.line_num + 1
    except csv.Error as exc:
        raise BankError(path, start, f"not valid CSV: {exc}") from None


def parse_csv(path: Path, text: str) -> ImportedList:
    """Columns question, point1, point2, point3, kind, time_limit (a header row may name them, in any order)."""
    result = ImportedList(path=path)
    seen = SeenQuestions()
    layout: dict[str, int] | None = None
    for line, cells in _rows(path, text):
        if not any(cells):
            continue
        if layout is None:
            layout = _header(path, line, cells, result)
            if layout is not None:
                continue
            layout = {name: i for i, name in enumerate(_POSITIONAL)}
            if len(cells) > len(_POSITIONAL) and any(cells[len(_POSITIONAL) :]):
                raise BankError(
                    path, line, f"{len(cells)} columns and no header; without one, give {', '.join(_POSITIONAL)}"
                )
        question = _csv_question(line, cells, layout, result)
        if question is not None:
            keep_question(result, seen, question)
    return result


def _header(path: Path, line: int, cells: list[str], result: ImportedList) -> dict[str, int] | None:
    """The column layout when the first row is a header, else None."""
    names = [_column(cell) for cell in cells]
    if names[0] is None and sum(n is not None for n in names) < 2:
        return None
    layout: dict[str, int] = {}
    for index, (cell, name) in enumerate(zip(cells, names, strict=True)):
        if name is None or name in layout:
            if cell:
                why = f"column {index + 1} ignored (known: {', '.join(COLUMNS)})"
                result.skipped.append(SkippedLine(line, why, cell))
            continue
        layout[name] = index
    if "question" not in layout:
        found = ", ".join(repr(c) for c in cells if c)
        raise BankError(path, line, f"the header has no question column (found {found}); name one 'question'")
    return layout


def _csv_question(line: int, cells: list[str], layout: dict[str, int], result: ImportedList) -> ImportedQuestion | None:
    def cell(name: str) -> str:
        index = layout.get(name)
        return " ".join(cells[index].split()) if index is not None and index < len(cells) else ""

    text = cell("question")
    if not text:
        result.skipped.append(SkippedLine(line, "no question in the question column", ",".join(cells)))
        return None
    points = [cell(f"point{i}") for i in (1, 2, 3)]
    given = sum(bool(p) for p in points)
    problem = None
    if given not in (0, 3):
        problem = f"{given} of 3 talking points given; give all three or none"
    elif any(len(p) > MAX_POINT_CHARS for p in points):
        number, long = next((i, p) for i, p in enumerate(points, start=1) if len(p) > MAX_POINT_CHARS)
        problem = f"point {number} is {len(long)} characters; at most {MAX_POINT_CHARS}"
    if problem is None and given == 3:
        flags = [(number, check_point(p)) for number, p in enumerate(points, start=1)]
        problem = next((flag.line(f"point {n}") for n, flag in flags if flag is not None and flag.refused), None)
    kind_text = cell("kind").lower()
    if problem is None and kind_text and kind_text not in KINDS:
        problem = f"kind {cell('kind')!r} is not one of {', '.join(KINDS)}"
    limit_text = cell("time_limit").lower().removesuffix("s").strip()
    # ASCII digits only: "²" and "٣" are digits to str.isdigit but not to int()
    limit = int(limit_text) if re.fullmatch(r"[0-9]{1,9}", limit_text) else None
    if problem is None and limit_text and (limit is None or not 5 <= limit <= MAX_TIME_LIMIT_S):
        problem = f"time_limit {cell('time_limit')!r} is not whole seconds from 5 to {MAX_TIME_LIMIT_S}"
    if problem is not None:
        result.skipped.append(SkippedLine(line, problem, text))
        return None
    kind = next((k for k in KINDS if k == kind_text), None)
    return ImportedQuestion(
        text=text,
        line=line,
        category=cell("category") or None,
        talking_points=tuple(points) if given == 3 else (),
        kind=kind,
        time_limit=limit,
        tip=cell("tip") or None,
    )
