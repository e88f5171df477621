"""A countdown of the seconds left for an answer; it turns colour in the last 15 seconds."""

from __future__ import annotations

from textual.widgets import Static

from trainer.core.wording import clock_text

WARN_AT_S = 15


class Countdown(Static):
    """Shows `m:ss left`; gets the `warning` class in the last 15 s and `done` at zero."""

    DEFAULT_CSS = """
    Countdown {
        width: auto;
        min-width: 12;
        content-align: right middle;
        text-style: bold;
        color: $success;
    }
    Countdown.warning {
        color: $warning;
        background: $warning 15%;
    }
    Countdown.done {
        color: $error;
        background: $error 15%;
    }
    """

    def show(self, remaining: float, limit: float) -> None:
        """Show the time left of `limit`."""
        self.set_class(0 < remaining <= WARN_AT_S, "warning")
        self.set_class(remaining <= 0, "done")
        self.update(f"{clock_text(remaining)} left" if remaining > 0 else "time is up")
