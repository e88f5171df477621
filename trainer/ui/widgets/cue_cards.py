"""Cue cards: the three talking points and the tip, shown before answering (or hidden, to practise recall)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from trainer.core.models import Question


def cue_text(question: Question) -> Text:
    """The points, numbered, and the tip; all of it the bank's or the user's own words, so never markup."""
    text = Text()
    if question.talking_points:
        for number, point in enumerate(question.talking_points, start=1):
            if number > 1:
                text.append("\n")
            text.append(f"{number} ", style="dim")
            text.append(point)
    else:
        text.append("No talking points yet: add yours in the bank browser (b, then e).", style="dim italic")
    if question.tip:
        text.append("\nTip: ", style="bold")
        text.append(question.tip, style="italic")
    return text


class CueCards(Static):
    """The points to make and the tip, above the answer; ctrl+t shows or hides them (remembered)."""

    DEFAULT_CSS = """
    CueCards {
        border: round $panel;
        border-title-color: $text-muted;
        padding: 0 1;
        height: auto;
    }
    """

    def show(self, question: Question) -> None:
        """The cue cards for `question`."""
        self.border_title = "Your points (ctrl+t hides them)"
        self.update(cue_text(question))
