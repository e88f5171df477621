"""A whole-number field that lets letters through to the screen's keys (`p` still means Practise)."""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class NumberInput(Input):
    """An Input for a whole number: it claims digits, a sign and editing keys, never a letter."""

    def __init__(self, value: str = "", **kwargs: object) -> None:
        super().__init__(value, type="integer", **kwargs)  # type: ignore[arg-type]

    def check_consume_key(self, key: str, character: str | None) -> bool:
        # a plain Input claims every printable key, which hid the screen's one-letter bindings while it had focus
        return character is not None and (character.isdigit() or character in "+-")

    async def _on_key(self, event: events.Key) -> None:
        if event.is_printable and not self.check_consume_key(event.key, event.character):
            # not Input's handler, which would swallow the letter: it goes on up to the screen's bindings
            event.prevent_default()
