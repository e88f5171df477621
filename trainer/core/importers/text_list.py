"""A plain text list: one question a line, with any bullet or number before it dropped."""

from __future__ import annotations

import re
from pathlib import Path

from trainer.core.importers.questions import ImportedList, ImportedQuestion, SeenQuestions, SkippedLine, keep_question

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
