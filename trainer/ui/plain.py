"""Outside text (banks, answers, transcripts, points, notes, file names, errors) shown as text, never as markup.

Textual reads a plain `str` given to most widgets as content markup: `[b]` vanishes, `[/usr/bin]` raises
MarkupError, `[@click=app.quit]` becomes a live link. Every piece of text that did not come from this code
passes through here on its way to the screen; control characters (an escape sequence would reach the
terminal itself) are shown escaped.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from trainer.core.files import printable_path


def shown(text: object) -> str:
    """`text` with each control character (ESC, BEL, C1 codes...) drawn as its symbol ("␛"); layout kept.

    One character for one, so spans found in the text (evidence to highlight) still fit it.
    """
    value = str(text)
    if value.isprintable():
        return value
    return value.translate(_SYMBOLS)


def _symbol(code: int) -> str:
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␀ ... ␛ ...
    return "␡" if code == 0x7F else "\ufffd"


_SYMBOLS = {code: _symbol(code) for code in (*range(0x20), *range(0x7F, 0xA0)) if chr(code) not in "\n\t"}


def plain(text: object) -> Content:
    """Outside text as Textual content: never parsed as markup."""
    return Content(shown(text))


def plain_text(text: object, style: str = "") -> Text:
    """Outside text as a Rich Text (for tables and texts built in parts): never parsed as markup."""
    return Text(shown(text), style=style)


def one_line(text: object) -> str:
    """Outside text for a single line (a notice, a title): control characters, line breaks included, escaped."""
    return printable_path(str(text))


def cleaned(text: Text) -> Text:
    """A Rich Text built from outside text, its control characters drawn as symbols (styles kept)."""
    text.plain = shown(text.plain)  # one character for one: every span still fits
    return text
