"""Read a list of questions from a YAML bank, a Markdown page, a text file or a CSV export, for `banks import`."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

from trainer.core.errors import BankError
from trainer.core.importers.csv_list import parse_csv
from trainer.core.importers.markdown_page import parse_markdown
from trainer.core.importers.questions import ImportedList, read_text_file
from trainer.core.importers.text_list import parse_text
from trainer.core.importers.yaml_bank import parse_yaml_bank

MAX_ID_CHARS = 60
SUFFIXES = (".yaml", ".yml", ".md", ".markdown", ".txt", ".csv")


def read_question_list(path: Path) -> ImportedList:
    """The questions in a .yaml/.yml, .md/.markdown, .txt or .csv file; BankError when none can be read."""
    parsers: dict[str, Callable[[Path, str], ImportedList]] = {
        ".md": parse_markdown,
        ".markdown": parse_markdown,
        ".txt": parse_text,
        ".csv": parse_csv,
    }
    suffix = path.suffix.lower()
    if path.is_dir():  # said before its name is judged: "/tmp" has no extension, but that is not the problem
        raise BankError(path, None, "a folder, not a file: give the list's file inside it")
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
