"""A countdown of the seconds left for an answer; it turns colour in the last 15 seconds."""

from __future__ import annotations

from textual.widgets import Static

WARN_AT_S = 15


def clock_text(seconds: float) -> str:
    """Seconds as m:ss, rounded up so 0:00 appears only at the very end."""
    whole = max(0, int(-(-seconds // 1)))
    return f"{whole // 60}:{whole % 60:02d}"


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
