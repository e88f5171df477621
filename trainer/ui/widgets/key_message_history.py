"""Review's line per key message: ✓ or ✗ for each session, oldest first, and how many sessions it came across in."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from trainer.core.key_message_history import SessionMessages
from trainer.core.models import VERDICT_MARK

#: The most recent sessions shown (one mark each, so a line fits at 80 columns).
SHOWN = 20


def key_message_history_text(messages: Sequence[str], sessions: Sequence[SessionMessages]) -> Text:
    """Each key message with a mark per session."""
    text = Text("Key messages, session by session (oldest first)", style="bold")
    if not messages:
        text.append("\n  No key messages set: press k on Home to set your three.", style="dim")
        return text
    if not sessions:
        text.append("\n  No sessions yet.", style="dim")
        return text
    recent = sessions[-SHOWN:]
    for index, message in enumerate(messages):
        text.append("\n  ")
        for session in recent:
            came = session.came_across[index]
            text.append(VERDICT_MARK["made" if came else "missed"], style="green" if came else "red")
        count = sum(s.came_across[index] for s in sessions)
        text.append(f"  {count} of {len(sessions)}  ", style="dim")
        text.append(message)
    return text
