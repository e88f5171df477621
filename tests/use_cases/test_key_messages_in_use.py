"""key_messages_now and judge_key_messages: which messages are in use, and which came across."""

from __future__ import annotations

import pytest

from tests.use_cases.conftest import GOOD, PRESSURE, T0
from trainer.config import Settings
from trainer.core.models import Attempt
from trainer.core.store import Store
from trainer.use_cases.key_messages import judge_key_messages, key_messages_now


@pytest.mark.parametrize(
    ("saved", "configured", "in_use"),
    [
        ([], (), ()),
        ([], ("I ship on time",), ("I ship on time",)),
        (["I lead by example"], ("I ship on time",), ("I lead by example",)),  # set in the app: it wins
    ],
    ids=["none", "config", "app-wins"],
)
def test_the_key_messages_in_use(
    store: Store, saved: list[str], configured: tuple[str, ...], in_use: tuple[str, ...]
) -> None:
    if saved:
        store.set_key_messages(saved, T0)
    assert key_messages_now(store, Settings(key_messages=configured)) == in_use


def said(text: str) -> Attempt:
    return Attempt(question=PRESSURE, answer=text, score=GOOD, started_at=T0, ended_at=T0)


@pytest.mark.parametrize(
    ("answers", "messages", "came_across"),
    [
        ([], ["I ship on time"], [False]),
        ([said("we shipped the launch on time despite the new date")], ["shipped the launch on time"], [True]),
        (
            [said("um"), said("the daily priority list kept us on track")],
            ["a daily priority list", "hiring"],
            [True, False],
        ),
        ([said("anything")], [], []),
    ],
    ids=["no-answers", "made", "one-of-two", "no-messages"],
)
def test_which_key_messages_came_across(answers: list[Attempt], messages: list[str], came_across: list[bool]) -> None:
    checks = judge_key_messages(answers, messages, judge=None)
    assert [c.message for c in checks] == messages
    assert [c.came_across for c in checks] == came_across
    assert all((c.evidence is not None) == c.came_across for c in checks)
