"""The follow-up note's greeting: the interviewer's name when given, as given (spaces tidied), else no name."""

from __future__ import annotations

import pytest

from tests.unit.test_report import PRESSURE, attempt
from trainer.core.follow_up import draft_follow_up


@pytest.mark.parametrize(
    ("name", "greeting"),
    [("", "Hello,"), ("   ", "Hello,"), ("Ms Ito", "Dear Ms Ito,"), ("  Dr   Ana Okafor ", "Dear Dr Ana Okafor,")],
    ids=["none", "blank", "name", "spaces"],
)
def test_greeting(name: str, greeting: str) -> None:
    note = draft_follow_up([attempt(PRESSURE, "✓✓✗")], name=name)
    assert note.split("\n\n")[1] == greeting
