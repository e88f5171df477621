"""Writes to the practice data that failed (a full disk, another program's lock), kept and tried again.

A failed save never loses what the user did: the write is kept, in order, the reason is shown, and it is
tried again every few seconds until it succeeds. Nothing already saved is touched meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from trainer.core.errors import SaveError


@dataclass
class _Write:
    what: str
    write: Callable[[], None]


class PendingSaves:
    """The writes waiting to be saved, oldest first, and why the last try failed."""

    def __init__(self) -> None:
        self._queue: list[_Write] = []
        #: why the last try failed, in the user's words; None when nothing is waiting
        self.reason: str | None = None

    @property
    def waiting(self) -> list[str]:
        """What is waiting to be saved ("your answer to ..."), oldest first."""
        return [item.what for item in self._queue]

    def run(self, what: str, write: Callable[[], None]) -> bool:
        """Do `write` now (True), or keep it to try again later (False, with `reason` set).

        While anything is waiting, a new write waits behind it: a later write may build on an earlier one.
        """
        self._queue.append(_Write(what, write))
        if len(self._queue) > 1:
            return False
        self.retry()
        return not self._queue

    def retry(self) -> list[str]:
        """Try the waiting writes in order until one fails; what was saved."""
        saved: list[str] = []
        while self._queue:
            item = self._queue[0]
            try:
                item.write()
            except SaveError as exc:
                self.reason = exc.reason
                break
            saved.append(item.what)
            self._queue.pop(0)
        if not self._queue:
            self.reason = None
        return saved
