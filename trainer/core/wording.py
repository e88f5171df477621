"""Figures said the same way on every screen and in the Markdown report: clock, pace, fillers, shortening."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from trainer.core.scheduling import WPM_MAX, WPM_MIN


def clock_text(seconds: float) -> str:
    """Seconds as m:ss, rounded up so 0:00 appears only at the very end of a countdown."""
    whole = max(0, int(-(-seconds // 1)))
    return f"{whole // 60}:{whole % 60:02d}"


def pace_advice(wpm: float) -> str:
    """What to say about a speaking pace: in the aim band, or the band to aim for."""
    return "good pace" if WPM_MIN <= wpm <= WPM_MAX else f"aim for {WPM_MIN:g}-{WPM_MAX:g}"


def pace_text(wpm: float, unit: str = "words a minute") -> str:
    """A pace as a whole number with what to say about it: "227 words a minute (aim for 130-160)".

    The advice is about the number shown, so "130 (aim for 130-160)" is never said of 129.9.
    """
    shown = round(wpm)
    return f"{shown} {unit} ({pace_advice(shown)})"


def filler_counts(words: Iterable[str]) -> list[tuple[str, int]]:
    """Each filler word with how often it was said, most used first (ties alphabetical, so the order is stable)."""
    return sorted(Counter(words).items(), key=lambda kv: (-kv[1], kv[0]))


def shortened(text: str, width: int, *, at_word: bool = False) -> str:
    """`text` cut to fit `width` characters, ending in an ellipsis when cut.

    `at_word`: for a quote, whose spacing is collapsed and which is cut after a whole word (" …"); otherwise
    the cut is at the character, for a label in a table or a notice.
    """
    if at_word:
        text = " ".join(text.split())
        if len(text) <= width:
            return text
        return text[:width].rsplit(" ", 1)[0] + " …"
    return text if len(text) <= width else text[: width - 1] + "…"
