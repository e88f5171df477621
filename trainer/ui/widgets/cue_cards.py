"""Cue cards: the three talking points and the tip, shown before answering (or hidden, to practise recall)."""

from __future__ import annotations

from collections.abc import Collection

from rich.text import Text
from textual.widgets import Static

from trainer.core.models import VERDICT_MARK, Question


def cue_text(question: Question, missed: Collection[str] = ()) -> Text:
    """The points, numbered, and the tip; all of it the bank's or the user's own words, so never markup.

    `missed`: the points the last answer missed (in a drill), marked so the user knows what to add this time.
    """
    text = Text()
    if question.talking_points:
        for number, point in enumerate(question.talking_points, start=1):
            if number > 1:
                text.append("\n")
            text.append(f"{number} ", style="dim")
            text.append(point)
            if point in missed:
                text.append(f"  {VERDICT_MARK['missed']} missed last time", style="yellow")
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

    def show(self, question: Question, missed: Collection[str] = (), *, hidden: bool = False) -> None:
        """The cue cards for `question`; `hidden` (recall practice) leaves one line saying what was missed."""
        if hidden:
            self.border_title = None
            count = len(missed)
            self.update(Text(f"Last time {count} point{'s' if count != 1 else ''} missed (ctrl+t shows them)."))
            return
        self.border_title = "Your points (ctrl+t hides them)"
        self.update(cue_text(question, missed))
