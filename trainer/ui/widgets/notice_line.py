"""A one-line notice inside a screen's layout, where a toast would cover the answer or the recording panel."""

from __future__ import annotations

from rich.text import Text
from textual.timer import Timer
from textual.widgets import Static


class NoticeLine(Static):
    """The latest notice, as plain text on a line of its own; it clears itself after its timeout."""

    DEFAULT_CSS = """
    NoticeLine {
        height: auto;
        max-height: 2;
        padding: 0 1;
        display: none;
    }
    NoticeLine.-warning { color: $warning; }
    NoticeLine.-error { color: $error; text-style: bold; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self._clear_timer: Timer | None = None
        self.message = ""

    def show(self, message: str, *, title: str = "", severity: str = "information", timeout: float = 5) -> None:
        """Show `message` (never read as markup) until `timeout` seconds pass or another notice replaces it."""
        # the title leads unless the message already starts with it ("Follow-up note saved ...")
        self.message = f"{title}: {message}" if title and not message.startswith(title) else message
        self.set_classes(f"-{severity}")
        self.update(Text(self.message))
        self.display = True
        if self._clear_timer is not None:
            self._clear_timer.stop()
        self._clear_timer = self.set_timer(timeout, self.clear)

    def clear(self) -> None:
        """Hide the notice."""
        self.message = ""
        self.update("")
        self.display = False
