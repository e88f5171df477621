"""The user's own look back at a session: what went well, what went wrong, what they will do next time."""

from __future__ import annotations

from dataclasses import dataclass

#: The three prompts, in the order they are asked: the good first, so the look back starts from strength.
PROMPTS: tuple[tuple[str, str], ...] = (
    ("went_well", "What went well?"),
    ("went_wrong", "What went wrong?"),
    ("next_time", "What will I do next time?"),
)


@dataclass(frozen=True)
class Reflection:
    """The answers to the three prompts; a prompt the user skipped is None."""

    went_well: str | None = None
    went_wrong: str | None = None
    next_time: str | None = None

    @classmethod
    def from_answers(cls, went_well: str, went_wrong: str, next_time: str) -> Reflection:
        """A reflection from what was typed: blank answers count as skipped."""
        return cls(_kept(went_well), _kept(went_wrong), _kept(next_time))

    @property
    def empty(self) -> bool:
        """True when every prompt was skipped."""
        return not any(self.answers())

    def answers(self) -> tuple[str | None, ...]:
        """The three answers, in the order of `PROMPTS`."""
        return tuple(getattr(self, key) for key, _ in PROMPTS)

    def pairs(self) -> list[tuple[str, str]]:
        """(prompt, answer) for each prompt that was answered."""
        return [(prompt, answer) for (_, prompt), answer in zip(PROMPTS, self.answers(), strict=True) if answer]


def _kept(answer: str) -> str | None:
    answer = answer.strip()
    return answer or None
