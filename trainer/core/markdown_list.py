"""Questions from a Markdown page: its numbered and bulleted list items, filed under the headings above them.

Front matter, HTML and MDX (tags, comments, import/export lines), code blocks and link markup are passed
over; prose between the lists is reported as skipped. A nested item under an item that ends with ?, . or !
is a follow-up and joins the question above it; under any other item (a label such as "Leadership:") the
nested items are questions filed under that label.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from trainer.core.errors import BankError
from trainer.core.importers import ImportedList, ImportedQuestion, SeenQuestions, SkippedLine, keep_question

_FENCE = re.compile(r"^(`{3,}|~{3,})")
_HEADING = re.compile(r"^(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^(=+|-+)\s*$")
_BREAK = re.compile(r"^(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$")
_ITEM = re.compile(r"^(\s*)(?:[-*+]|\d{1,9}[.)])(?:\s+(.*))?$")
_HTML_LINE = re.compile(r"^</?[A-Za-z!]")
_MDX = re.compile(r"^(?:import|export)\s")
_LINK_DEFINITION = re.compile(r"^\[[^\]]+\]:\s*\S+")
_ONLY_LINK = re.compile(r"^(?:!?\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])|<?https?://\S+?>?)\W*$")

_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_CHECKBOX = re.compile(r"^\[[ xX]\]\s+")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])")
_TAG = re.compile(r"<[^>\s][^>]*>")
_CODE = re.compile(r"`+([^`]*)`+")
_STRONG = re.compile(r"(\*\*|__)(?!\s)(.+?)(?<!\s)\1")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])|(?<![\w_])_(?!\s)(.+?)(?<!\s)_(?![\w_])")
_STRIKE = re.compile(r"~~(.+?)~~")


def clean_inline(text: str) -> str:
    """The words of a line of Markdown: links become their text, images, tags and emphasis marks go."""
    # escaped characters are set aside first, so "\_" or "\*" never starts emphasis
    text = _ESCAPED.sub(lambda m: f"\ue000{ord(m.group(1))}\ue001", text)
    text = _CHECKBOX.sub("", text)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    text = _CODE.sub(r"\1", text)
    text = _STRONG.sub(r"\2", text)
    text = _EMPHASIS.sub(lambda m: m.group(1) or m.group(2), text)
    text = _STRIKE.sub(r"\1", text)
    text = re.sub("\ue000(\\d+)\ue001", lambda m: chr(int(m.group(1))), text)
    # entities last: "&lt;role&gt;" is text to show, not a tag to drop
    return " ".join(html.unescape(text).split())


@dataclass
class _Item:
    line: int
    indent: int
    text: str
    category: str | None
    block: int


def parse_markdown(path: Path, text: str) -> ImportedList:
    """The questions in a Markdown page, each with the heading it was listed under as its category."""
    lines = text.splitlines()
    result = ImportedList(path=path)
    start = _front_matter(path, lines, result)
    items: list[_Item] = []
    category: str | None = None
    fence: tuple[str, int] | None = None
    comment_line: int | None = None
    block = 0  # list items in one block (no heading or prose between) can nest
    last = "blank"
    for number in range(start + 1, len(lines) + 1):
        raw = lines[number - 1]
        stripped = raw.strip()
        if comment_line is not None:
            if "-->" in raw:
                comment_line = None
            continue
        if fence is not None:
            if stripped.startswith(fence[0]):
                fence = None
            continue
        if not stripped:
            last = "blank"
            continue
        opening = _FENCE.match(stripped)
        if opening:
            fence, last, block = (opening.group(1), number), "other", block + 1
            continue
        if stripped.startswith("<!--"):
            comment_line = None if "-->" in stripped[4:] else number
            continue
        if _HTML_LINE.match(stripped) or _MDX.match(stripped) or _LINK_DEFINITION.match(stripped):
            continue
        heading = _HEADING.match(stripped)
        if heading:
            title = clean_inline(heading.group(2) or "")
            if len(heading.group(1)) == 1 and result.title is None:
                result.title = title  # the page's own title, not a section
            else:
                category = title or category
            last, block = "heading", block + 1
            continue
        if _SETEXT.match(stripped) and last == "prose" and result.skipped and result.skipped[-1].line == number - 1:
            # the prose line above was a heading written with a line of = or - under it
            title = result.skipped.pop().text
            if stripped.startswith("=") and result.title is None:
                result.title = title
            else:
                category = title
            last, block = "heading", block + 1
            continue
        if _BREAK.match(stripped):
            last, block = "other", block + 1
            continue
        item = _ITEM.match(raw)
        if item:
            indent = len(item.group(1).expandtabs(4))
            items.append(_Item(number, indent, (item.group(2) or "").strip(), category, block))
            last = "item"
            continue
        if last == "item" and items:
            # a lazy continuation: the item's text wrapped onto the next line
            items[-1].text += " " + stripped
            continue
        result.skipped.append(SkippedLine(number, "not a list item", clean_inline(stripped)))
        last, block = "prose", block + 1
    if fence is not None:
        raise BankError(path, fence[1], f"code block opened here with {fence[0]} is never closed")
    if comment_line is not None:
        raise BankError(path, comment_line, "HTML comment opened here with <!-- is never closed")
    _questions(items, result)
    result.skipped.sort(key=lambda s: s.line)
    return result


def _front_matter(path: Path, lines: list[str], result: ImportedList) -> int:
    """How many lines the front matter (YAML between ---, or TOML between +++) takes; its title is kept."""
    if len(lines) < 2 or lines[0].strip() not in ("---", "+++"):
        return 0
    fence = lines[0].strip()
    # a --- on line 1 that is not followed by a "key: value" is a horizontal rule, not front matter
    if not re.match(r"^[\w-]+\s*[:=]", lines[1]):
        return 0
    ends = ("---", "...") if fence == "---" else ("+++",)
    for index in range(1, len(lines)):
        if lines[index].strip() in ends:
            for line in lines[1:index]:
                title = re.match(r"^title\s*[:=]\s*(.+?)\s*$", line)
                if title:
                    result.title = clean_inline(title.group(1).strip("'\""))
            return index + 1
    raise BankError(path, 1, f"front matter opened here with {fence} is never closed")


def _questions(items: list[_Item], result: ImportedList) -> None:
    """Turn list items into questions: nested items are follow-ups or questions under a label."""
    seen = SeenQuestions()
    index = 0
    while index < len(items):
        top = items[index]
        children = []
        index += 1
        while index < len(items) and items[index].block == top.block and items[index].indent > top.indent + 1:
            children.append(items[index])
            index += 1
        if _ONLY_LINK.match(top.text):
            result.skipped.append(SkippedLine(top.line, "a link, not a question", top.text))
            continue
        text = clean_inline(top.text)
        if not children:
            keep_question(result, seen, ImportedQuestion(text=text, line=top.line, category=top.category))
        elif text.endswith(("?", ".", "!")):
            follow_ups = " ".join(clean_inline(child.text) for child in children)
            question = ImportedQuestion(text=f"{text} {follow_ups}", line=top.line, category=top.category)
            keep_question(result, seen, question)
        else:
            label = text.rstrip(":").strip() or top.category
            for child in children:
                question = ImportedQuestion(text=clean_inline(child.text), line=child.line, category=label)
                keep_question(result, seen, question)
