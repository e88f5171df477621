"""Tick boxes whose state shows as a mark, not only as a colour: ✓ when ticked, a blank and a word when not."""

from __future__ import annotations

from typing import Any, TypeVar

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Checkbox, SelectionList

ValueT = TypeVar("ValueT")

TICKED = "✓"
#: said after an unticked line, so the state reads without colour (colour-blind users, monochrome terminals)
UNTICKED_WORD = " · not used"


class TickList(SelectionList[ValueT]):
    """A SelectionList with ✓ in a ticked box and an empty box plus a word on an unticked line."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        _, scroll_y = self.scroll_offset
        index = scroll_y + y
        if index >= self.option_count:
            return strip
        segments = list(strip)
        if len(segments) < 4:
            return strip
        ticked = self.get_option_at_index(index).value in self._selected
        # the box Textual draws is [left, inner, right, space, *prompt]; its inner is an X in both states
        inner = segments[1]
        segments[1] = Segment(TICKED if ticked else " ", inner.style)
        if not ticked:
            segments = _with_word(segments, UNTICKED_WORD)
        return Strip(segments).crop(0, strip.cell_length)


def _with_word(segments: list[Segment], word: str) -> list[Segment]:
    """Put `word` right after the prompt's text, over the padding that follows it."""
    text_end = len(segments)
    while text_end > 4 and not segments[text_end - 1].text.strip():
        text_end -= 1
    last = segments[text_end - 1]
    stripped = last.text.rstrip()
    pad = len(last.text) - len(stripped)
    tail = [Segment(stripped, last.style), Segment(word, last.style)]
    rest = segments[text_end:]
    if pad > len(word):
        tail.append(Segment(" " * (pad - len(word)), last.style))
    return [*segments[: text_end - 1], *tail, *rest]


class TickBox(Checkbox):
    """A Checkbox that shows ✓ when ticked and an empty box when not."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.BUTTON_INNER = TICKED if self.value else " "

    def watch_value(self) -> None:
        super().watch_value()  # it posts Checkbox.Changed
        self.BUTTON_INNER = TICKED if self.value else " "
        self.refresh()
