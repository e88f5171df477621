"""Questions from a Markdown page: its numbered and bulleted list items, filed under the headings above them.

markdown-it-py (CommonMark) reads the page. Front matter, HTML and MDX (tags, comments, import/export lines),
code blocks and link markup are passed over; prose between the lists is reported as skipped. A nested item
under an item that ends with ?, . or ! is a follow-up and joins the question above it; under any other item
(a label such as "Leadership:") the nested items are questions filed under that label.
"""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from trainer.core.errors import BankError
from trainer.core.importers.questions import ImportedList, ImportedQuestion, SeenQuestions, SkippedLine, keep_question

#: a line of HTML, MDX or a link's definition: passed over alone (CommonMark would let an HTML block run on to the
#: next blank line, and a definition under an item would join the item's text)
_HIDDEN_LINE = re.compile(r"^\s*(?:</?[A-Za-z]|<![A-Za-z]|(?:import|export)\s|\[[^\]]+\]:\s*\S)")
_ONLY_LINK = re.compile(r"^(?:!?\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])|<?https?://\S+?>?)\W*$")
_CHECKBOX = re.compile(r"^\[[ xX]\]\s+")
#: a reference link whose reference is not defined on the page still reads as its text
_UNDEFINED_REFERENCE = re.compile(r"\[([^\]]*)\]\[[^\]]*\]")

_MARKDOWN = MarkdownIt("commonmark").enable("strikethrough")


def clean_inline(text: str) -> str:
    """The words of a line of Markdown: links become their text, images, tags and emphasis marks go."""
    return _plain(_MARKDOWN.parseInline(text)[0].children or [])


def _plain(children: list[Token]) -> str:
    """The text a reader sees in inline tokens: no images, no HTML tags, breaks as spaces."""
    parts: list[str] = []
    for token in children:
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    text = _UNDEFINED_REFERENCE.sub(r"\1", "".join(parts))
    return " ".join(_CHECKBOX.sub("", text.strip()).split())


def parse_markdown(path: Path, text: str) -> ImportedList:
    """The questions in a Markdown page, each with the heading it was listed under as its category."""
    lines = text.splitlines()
    result = ImportedList(path=path)
    start = _front_matter(path, lines, result)
    # lines markdown-it is not to see become blank, so every token's line number is the file's
    shown = ["" if n < start or _HIDDEN_LINE.match(line) else line for n, line in enumerate(lines)]
    tokens = _MARKDOWN.parse("\n".join(shown))
    category: str | None = None
    seen = SeenQuestions()
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "heading_open":
            title = _plain(tokens[index + 1].children or [])
            if token.tag == "h1" and result.title is None:
                result.title = title  # the page's own title, not a section
            else:
                category = title or category
            index += 3
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            index = _list(tokens, index, category, result, seen)
        elif token.type == "paragraph_open":
            _skip_prose(tokens[index + 1], result)
            index += 3
        else:
            _check_closed(path, shown, token)
            index += 1
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


def _check_closed(path: Path, lines: list[str], token: Token) -> None:
    """A code block or HTML comment that runs to the end of the page was never closed: a located error."""
    if token.map is None:
        return
    first, end = token.map
    if token.type == "fence":
        closing = lines[end - 1].strip() if end - 1 > first else ""
        if not (closing.startswith(token.markup) and closing.strip(token.markup[0]) == ""):
            raise BankError(path, first + 1, f"code block opened here with {token.markup} is never closed")
    elif token.type == "html_block" and token.content.lstrip().startswith("<!--") and "-->" not in token.content:
        raise BankError(path, first + 1, "HTML comment opened here with <!-- is never closed")


def _skip_prose(inline: Token, result: ImportedList) -> None:
    """Each line of a paragraph outside the lists, reported as skipped."""
    first = inline.map[0] if inline.map else 0
    for offset, line in enumerate(inline.content.split("\n")):
        result.skipped.append(SkippedLine(first + offset + 1, "not a list item", clean_inline(line)))


def _list(tokens: list[Token], index: int, category: str | None, result: ImportedList, seen: SeenQuestions) -> int:
    """Read the top-level list opened at tokens[index], item by item; the index after it."""
    depth = tokens[index].level
    index += 1
    while tokens[index].level > depth:
        end = index + 1
        while not (tokens[end].type == "list_item_close" and tokens[end].level == tokens[index].level):
            end += 1
        _item(tokens[index:end], category, result, seen)
        index = end + 1
    return index + 1


def _item(tokens: list[Token], category: str | None, result: ImportedList, seen: SeenQuestions) -> None:
    """A top-level item and the items nested in it: one question with follow-ups, or questions under a label."""
    items: list[tuple[int, Token | None]] = []  # (line, the item's own text) for the item, then each nested one
    own: set[int] = set()
    for index, token in enumerate(tokens):
        if token.type == "list_item_open":
            opens_with_text = index + 2 < len(tokens) and tokens[index + 1].type == "paragraph_open"
            items.append(((token.map[0] if token.map else 0) + 1, tokens[index + 2] if opens_with_text else None))
            own.add(index + 2)
        elif token.type == "inline" and index not in own:
            _skip_prose(token, result)  # a second paragraph in an item: prose, as between the lists
    (line, top), children = items[0], items[1:]
    raw = top.content if top is not None else ""
    if _ONLY_LINK.match(raw):
        result.skipped.append(SkippedLine(line, "a link, not a question", raw))
        return
    text = _text(top)
    if not children:
        keep_question(result, seen, ImportedQuestion(text=text, line=line, category=category))
    elif text.endswith(("?", ".", "!")):
        follow_ups = " ".join(_text(child) for _, child in children)
        keep_question(result, seen, ImportedQuestion(text=f"{text} {follow_ups}", line=line, category=category))
    else:
        label = text.rstrip(":").strip() or category
        for child_line, child in children:
            keep_question(result, seen, ImportedQuestion(text=_text(child), line=child_line, category=label))


def _text(inline: Token | None) -> str:
    return _plain(inline.children or []) if inline is not None else ""
