"""A CSV export from a spreadsheet: a question and its points a row, with or without a header."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path

from trainer.core.bank_schema import MAX_POINT_CHARS, MAX_TIME_LIMIT_S
from trainer.core.errors import BankError
from trainer.core.importers.questions import ImportedList, ImportedQuestion, SeenQuestions, SkippedLine, keep_question
from trainer.core.models import KINDS
from trainer.core.point_quality import check_point

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
