"""Whisper's doubled runs are said once; real speech (short repeats, stutters) is left as it is."""

from __future__ import annotations

import pytest

from trainer.speech.heard import collapse_repeats


@pytest.mark.parametrize(
    ("heard", "kept"),
    [
        (
            "I used to avoid delegating, now I hand off one task. I used to avoid delegating, now I hand off one task.",
            "I used to avoid delegating, now I hand off one task.",
        ),
        ("we shipped on time we shipped on time we shipped on time", "we shipped on time"),
        ("so the plan was the plan was the plan was good", "so the plan was the plan was the plan was good"),
        ("I I think that that is right", "I I think that that is right"),  # stutters stay
        ("one two three four five six", "one two three four five six"),
        ("", ""),
        ("Then we found the shared goal. then we found the shared goal!", "Then we found the shared goal."),
    ],
)
def test_collapse_repeats(heard: str, kept: str) -> None:
    assert collapse_repeats(heard) == kept
