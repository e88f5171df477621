"""Looking back on a session: three optional prompts (what went well, what went wrong, what next time)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Label, Static, TextArea

from trainer.core.reflection import PROMPTS, Reflection

PLACEHOLDERS = {
    "went_well": "e.g. my pressure story landed, with the numbers",
    "went_wrong": "e.g. I rushed the weakness answer",
    "next_time": "e.g. pause after the question, then lead with the result",
}


class ReflectionScreen(ModalScreen[Reflection | None]):
    """The three prompts, each optional; dismissed with the answers, or None when skipped."""

    CSS_PATH = "reflection.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "skip", "Skip"),
    ]

    def __init__(self, saved: Reflection | None = None) -> None:
        super().__init__()
        self.saved = saved or Reflection()

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog"):
            yield Static("Looking back (optional)", id="title")
            yield Static("Answer any, leave any empty; tab moves on, ctrl+s saves, esc skips.", id="hint")
            for (key, prompt), answer in zip(PROMPTS, self.saved.answers(), strict=True):
                yield Label(prompt, classes="prompt")
                yield TextArea(answer or "", id=key, soft_wrap=True, compact=True, placeholder=PLACEHOLDERS[key])
            with Horizontal(id="buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary", compact=True)
                yield Button("Skip (esc)", id="skip", compact=True)
        # its own keys, not the summary's beneath it
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(f"#{PROMPTS[0][0]}", TextArea).focus()

    def action_save(self) -> None:
        answers = [self.query_one(f"#{key}", TextArea).text for key, _ in PROMPTS]
        self.dismiss(Reflection.from_answers(*answers))

    def action_skip(self) -> None:
        self.dismiss(None)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        await self.run_action(event.button.id or "")
