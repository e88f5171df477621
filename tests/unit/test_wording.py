"""The wording helpers shared by the screens and the Markdown report, as tables."""

from __future__ import annotations

import pytest

from trainer.core.wording import clock_text, filler_counts, pace_advice, pace_text, shortened


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(0, "0:00"), (-3, "0:00"), (0.2, "0:01"), (59, "0:59"), (59.5, "1:00"), (65, "1:05"), (600, "10:00")],
)
def test_clock_text(seconds: float, shown: str) -> None:
    assert clock_text(seconds) == shown


@pytest.mark.parametrize(
    ("wpm", "said"),
    [(129.9, "aim for 130-160"), (130, "good pace"), (145, "good pace"), (160, "good pace"), (161, "aim for 130-160")],
)
def test_pace_advice(wpm: float, said: str) -> None:
    assert pace_advice(wpm) == said


@pytest.mark.parametrize(
    ("wpm", "unit", "said"),
    [
        (226.8, "words/min", "227 words/min (aim for 130-160)"),
        (145.0, "words a minute", "145 words a minute (good pace)"),
        (129.9, "words a minute", "130 words a minute (good pace)"),  # the advice is about the number shown
        (129.4, "words/min", "129 words/min (aim for 130-160)"),
        (160.4, "words/min", "160 words/min (good pace)"),
    ],
)
def test_pace_text(wpm: float, unit: str, said: str) -> None:
    assert pace_text(wpm, unit) == said


@pytest.mark.parametrize(
    ("words", "counts"),
    [
        ((), []),
        (("um",), [("um", 1)]),
        (("um", "like", "um", "so", "like", "um"), [("um", 3), ("like", 2), ("so", 1)]),
        (("so", "like"), [("like", 1), ("so", 1)]),
    ],
)
def test_filler_counts(words: tuple[str, ...], counts: list[tuple[str, int]]) -> None:
    assert filler_counts(words) == counts


@pytest.mark.parametrize(
    ("text", "width", "at_word", "shown"),
    [
        ("short", 10, False, "short"),
        ("exactly10!", 10, False, "exactly10!"),
        ("eleven chars", 10, False, "eleven ch…"),
        ("one two three", 20, True, "one two three"),
        ("alpha beta gamma delta", 12, True, "alpha beta …"),
        ("  spaced\n  out  ", 20, True, "spaced out"),
        ("alpha  beta gamma", 11, False, "alpha  bet…"),
    ],
)
def test_shortened(text: str, width: int, at_word: bool, shown: str) -> None:
    assert shortened(text, width, at_word=at_word) == shown
