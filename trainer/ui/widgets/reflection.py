"""The user's reflection on a session as text, for the summary and the review screen."""

from __future__ import annotations

from rich.text import Text

from trainer.core.reflection import Reflection
from trainer.ui.plain import cleaned


def reflection_text(reflection: Reflection, title: str = "Your reflection") -> Text:
    """A heading, then each prompt answered with its answer (a skipped prompt is left out)."""
    text = Text()
    text.append(title, style="bold")
    for prompt, answer in reflection.pairs():
        text.append(f"\n  {prompt} ", style="bold dim")
        text.append(answer)
    return cleaned(text)
