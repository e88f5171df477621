"""The verdict marks as the screens show them: core's ✓ ✗ ? with a colour each (the mark carries the meaning)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text

from trainer.core.models import VERDICT_MARK, PointVerdict, VerdictState

#: Each verdict state's mark and colour (the mark and the words beside it carry the meaning).
VERDICT_MARKS: dict[VerdictState, tuple[str, str]] = {
    "made": (VERDICT_MARK["made"], "bold green"),
    "missed": (VERDICT_MARK["missed"], "bold red"),
    "unsure": (VERDICT_MARK["unsure"], "bold yellow"),
}


def marks_text(verdicts: Iterable[PointVerdict]) -> Text:
    """One coloured mark per point, in order."""
    text = Text()
    for verdict in verdicts:
        mark, style = VERDICT_MARKS[verdict.state]
        text.append(mark, style=style)
    return text
