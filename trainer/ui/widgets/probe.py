"""The interviewer's follow-up question under the feedback, with a box for the reply."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static, TextArea

from trainer.core.models import VERDICT_MARK
from trainer.core.probe import Probe, ProbeAnswer


def probe_result_text(follow_up: ProbeAnswer) -> Text:
    """What came of a follow-up: made when asked, still missing, or skipped."""
    text = Text("Follow-up: ", style="bold")
    text.append(follow_up.probe.text)
    if follow_up.answer is None:
        text.append("  (skipped)", style="dim")
    elif follow_up.made:
        text.append(f"\n  {VERDICT_MARK['made']} made when asked", style="bold green")
        if follow_up.evidence:
            text.append(f": “{' '.join(follow_up.evidence.split())}”", style="green")
        text.append(" (it counts for less than saying it unprompted)", style="dim")
    else:
        text.append(f"\n  {VERDICT_MARK['missed']} still not said", style="bold red")
    return text


class ProbePanel(Vertical):
    """Asks one follow-up question; `y` opens the reply box, ctrl+s sends it, `n` skips."""

    DEFAULT_CSS = """
    ProbePanel {
        height: auto;
        border: round $warning;
        border-title-color: $warning;
        border-subtitle-color: $text-muted;
        padding: 0 1;
    }
    ProbePanel #probe-question {
        text-style: bold;
    }
    ProbePanel #probe-reply {
        height: 5;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static("", id="probe-question")
        yield TextArea(id="probe-reply", soft_wrap=True, show_line_numbers=False)

    def ask(self, probe: Probe) -> None:
        """Show the question and an empty reply box."""
        self.border_title = "The interviewer asks"
        self.query_one("#probe-question", Static).update(Text(probe.text))
        self.border_subtitle = "y: answer it · n: skip"
        reply = self.reply
        reply.load_text("")
        reply.read_only = False
        reply.display = False
        self.display = True

    def open_reply(self) -> None:
        """Show the reply box, with the cursor in it."""
        self.border_subtitle = "ctrl+s: send · esc: end the session"
        self.reply.display = True
        self.reply.focus()

    def listening(self) -> None:
        """A spoken reply is being recorded."""
        self.border_subtitle = "listening… (y: stop · n: skip)"

    def heard(self, text: str) -> None:
        """Show the transcribed reply, read-only, as it will be judged."""
        self.border_subtitle = "y: say it again · n: skip" if not text.strip() else ""
        self.reply.load_text(text)
        self.reply.read_only = True
        self.reply.display = True

    def answered(self, follow_up: ProbeAnswer) -> None:
        """Show what came of the reply; the box stays, read-only, with the words sent."""
        self.border_title = "Follow-up"
        self.border_subtitle = ""
        self.query_one("#probe-question", Static).update(probe_result_text(follow_up))
        self.reply.read_only = True

    @property
    def reply(self) -> TextArea:
        """The box the reply is typed in."""
        return self.query_one("#probe-reply", TextArea)
