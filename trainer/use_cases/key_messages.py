"""The user's key messages: which are in use, and which came across in a session's answers."""

from __future__ import annotations

from collections.abc import Sequence

from trainer.config import Settings
from trainer.core.key_messages import KeyMessageCheck, key_messages_across, key_messages_in_use
from trainer.core.models import Attempt
from trainer.core.scoring import EntailmentJudge
from trainer.core.store import Store


def key_messages_now(store: Store, settings: Settings) -> tuple[str, ...]:
    """The key messages in use now: those set in the app, else those in config.yaml."""
    return key_messages_in_use(store.key_messages(), settings.key_messages)


def judge_key_messages(
    attempts: Sequence[Attempt], messages: Sequence[str], judge: EntailmentJudge | None
) -> list[KeyMessageCheck]:
    """Each message, and whether any answer made it (with the words that did), judged like a talking point.

    The one check the summary screen and `trainer report` share; `judge` None: word matching only.
    """
    return key_messages_across(attempts, messages, judge=judge)
