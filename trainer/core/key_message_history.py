"""How often each key message came across, session by session."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from trainer.core.key_messages import key_messages_across
from trainer.core.models import Attempt
from trainer.core.scoring import EntailmentJudge


@dataclass(frozen=True)
class SessionMessages:
    """One session: whether each key message came across in any of its answers."""

    session_id: int | None
    started_at: datetime
    came_across: tuple[bool, ...]


def key_messages_per_session(
    attempts: Sequence[Attempt], messages: Sequence[str], judge: EntailmentJudge | None = None
) -> list[SessionMessages]:
    """Each session with answers, oldest first, judged as the summary judges it."""
    groups: dict[int | None, list[Attempt]] = {}
    for attempt in attempts:
        groups.setdefault(attempt.session_id, []).append(attempt)
    sessions = [
        SessionMessages(
            session_id=session_id,
            started_at=min(a.started_at for a in group),
            came_across=tuple(c.came_across for c in key_messages_across(group, messages, judge)),
        )
        for session_id, group in groups.items()
    ]
    return sorted(sessions, key=lambda s: (s.started_at, s.session_id or 0))
