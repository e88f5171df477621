"""The user's own talking points for a question: exactly three, each non-empty, visible and at most 120 characters."""

from __future__ import annotations

from collections.abc import Sequence

from trainer.core.bank_schema import MAX_POINT_CHARS
from trainer.core.point_quality import check_point


def clean_points(values: Sequence[str]) -> tuple[str, ...]:
    """Each point with its whitespace collapsed, as it is saved."""
    return tuple(" ".join(value.split()) for value in values)


def point_problem(number: int, value: str, *, required: bool = True, noun: str = "point") -> str | None:
    """What keeps one point (numbered from 1) from being saved, in a few words, or None."""
    text = " ".join(value.split())
    if not text:
        return f"{noun} {number} is empty" if required else None
    if len(text) > MAX_POINT_CHARS:
        return f"{noun} {number} is {len(text)} characters; at most {MAX_POINT_CHARS}"
    flag = check_point(text)
    if flag is not None and flag.refused:
        return flag.line(f"{noun} {number}")
    return None


def point_problems(values: Sequence[str]) -> list[str | None]:
    """One entry per point: what is wrong with it, or None; a missing or extra point is a problem too."""
    if len(values) != 3:
        return [f"expected exactly three points, got {len(values)}"]
    return [point_problem(number, value) for number, value in enumerate(values, start=1)]


def point_warning(number: int, value: str, *, noun: str = "point") -> str | None:
    """Why a point that can be saved may not be checkable (only common words, too vague), with what to add."""
    text = " ".join(value.split())
    flag = check_point(text) if text else None
    if flag is None or flag.refused:
        return None
    return flag.line(f"{noun} {number}")


def point_warnings(values: Sequence[str]) -> list[str]:
    """The warning for each point that has one, in order."""
    found = (point_warning(number, value) for number, value in enumerate(values, start=1))
    return [warning for warning in found if warning]


#: "I say / I name / I give ...": a point in the built-in banks' voice, about what the answer does; what it
#: asks the speaker to say is what follows the verb
SPEECH_ACTS = frozenset("say name give describe explain mention state tell show quote admit share outline list".split())


def what_is_said(point: str) -> str:
    """The point as what the speaker says: "I name one real weakness" -> "one real weakness"; others as
    they are (nobody says "I name", so an entailment model would read the point as not made)."""
    words = point.split()
    if len(words) > 2 and words[0].lower() == "i" and words[1].lower().removesuffix("s") in SPEECH_ACTS:
        return " ".join(words[2:])
    return " ".join(words)
