"""The summary's key-messages section: each of the user's messages, ✓ with the words that carried it, or ✗."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from trainer.core.key_messages import KeyMessageCheck
from trainer.core.models import VERDICT_MARK
from trainer.ui.plain import cleaned


def key_messages_text(checks: Sequence[KeyMessageCheck]) -> Text:
    """A heading, then one line per message, with its evidence and the question it was said in."""
    text = Text()
    came = sum(check.came_across for check in checks)
    text.append(f"Your key messages: {came} of {len(checks)} came across", style="bold")
    for check in checks:
        if check.came_across:
            text.append(f"\n  {VERDICT_MARK['made']} ", style="bold green")
            text.append(check.message, style="bold")
            if check.evidence:
                text.append("\n      “", style="dim")
                text.append(check.evidence, style="green")
                text.append("”", style="dim")
            if check.question:
                text.append(f"  ({check.question})", style="dim")
        else:
            text.append(f"\n  {VERDICT_MARK['missed']} ", style="bold red")
            text.append(check.message, style="bold")
            text.append(" — not in any answer this session", style="red")
    return cleaned(text)
