"""While a spoken answer is recorded: what is happening, an input level meter, and the words heard so far."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from trainer.ui.plain import plain, plain_text

METER_WIDTH = 30


def meter_text(level: float, width: int = METER_WIDTH) -> Text:
    """A horizontal bar for a 0-1 input level: green, amber near the top."""
    filled = max(0, min(width, round(level * width)))
    text = Text("level ", style="dim")
    text.append("█" * filled, style="green" if level < 0.85 else "yellow")
    text.append("░" * (width - filled), style="dim")
    return text


class RecordingPanel(Vertical):
    """The state line, the level meter and the live transcript."""

    DEFAULT_CSS = """
    RecordingPanel {
        height: auto;
        border: round $error;
        padding: 0 1;
    }
    RecordingPanel.waiting {
        border: round $primary;
    }
    RecordingPanel #rec-state {
        text-style: bold;
    }
    RecordingPanel #rec-transcript {
        color: $text;
        min-height: 3;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static("", id="rec-state")
        yield Static(meter_text(0.0), id="rec-meter")
        yield Static("", id="rec-transcript")

    def waiting(self, message: str) -> None:
        """Before recording: the question is being read, or the user is thinking."""
        self.add_class("waiting")
        self.border_title = "Your answer"
        self.query_one("#rec-state", Static).update(plain(message))
        self.query_one("#rec-meter", Static).update(meter_text(0.0))
        self.query_one("#rec-transcript", Static).update("")

    def recording(self, source: str) -> None:
        """Recording has started."""
        self.remove_class("waiting")
        self.border_title = "● Recording"
        self.query_one("#rec-state", Static).update(plain(f"Speak your answer ({source}). Space or enter: stop."))

    def level(self, level: float) -> None:
        """Show the input level."""
        self.query_one("#rec-meter", Static).update(meter_text(level))

    def transcript(self, words: str) -> None:
        """Show the words heard so far."""
        self.query_one("#rec-transcript", Static).update(plain_text(words or "…", style="" if words else "dim"))

    def finishing(self) -> None:
        """The answer ended; the last phrase is being transcribed."""
        self.add_class("waiting")
        self.border_title = "Your answer"
        self.query_one("#rec-state", Static).update("Finishing the last words…")
