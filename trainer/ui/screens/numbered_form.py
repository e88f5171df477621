"""A small modal form of numbered inputs: enter moves to the next one, ctrl+s saves, esc cancels."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input

ResultT = TypeVar("ResultT")


class NumberedForm(ModalScreen[ResultT]):
    """Inputs with ids `<FIELD_PREFIX>-1` .. `-<FIELD_COUNT>`; buttons `save` and `cancel`.

    Subclasses compose the fields (then `buttons()`) and define `action_save`; cancelling dismisses with None.
    """

    FIELD_PREFIX: ClassVar[str] = "field"
    FIELD_COUNT: ClassVar[int] = 3
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save", priority=True),
    ]

    def on_mount(self) -> None:
        # the form's own keys in a footer of its own: the screen beneath's footer named keys that do nothing here
        self.mount(Footer())
        self.query_one(f"#{self.FIELD_PREFIX}-1", Input).focus()

    def values(self) -> list[str]:
        """What is typed in the fields, in order."""
        return [self.query_one(f"#{self.FIELD_PREFIX}-{n}", Input).value for n in range(1, self.FIELD_COUNT + 1)]

    def buttons(self) -> ComposeResult:
        """The Save and Cancel buttons under the fields."""
        with Horizontal(id="buttons"):
            yield Button("Save (ctrl+s)", id="save", variant="primary")
            yield Button("Cancel (esc)", id="cancel")

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        number = int((event.input.id or f"{self.FIELD_PREFIX}-1").removeprefix(f"{self.FIELD_PREFIX}-"))
        if number < self.FIELD_COUNT:
            self.query_one(f"#{self.FIELD_PREFIX}-{number + 1}", Input).focus()
        else:
            await self.run_action("save")

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        await self.run_action("save" if event.button.id == "save" else "cancel")

    def action_cancel(self) -> None:
        self.dismiss(None)
