"""The user's own talking points for a question: exactly three, each non-empty and at most 120 characters."""

from __future__ import annotations

from collections.abc import Sequence

from trainer.core.banks import MAX_POINT_CHARS


def clean_points(values: Sequence[str]) -> tuple[str, ...]:
    """Each point with its whitespace collapsed, as it is saved."""
    return tuple(" ".join(value.split()) for value in values)


def point_problem(number: int, value: str, *, required: bool = True, noun: str = "point") -> str | None:
    """What is wrong with one point (numbered from 1), in a few words, or None."""
    text = " ".join(value.split())
    if not text and required:
        return f"{noun} {number} is empty"
    if len(text) > MAX_POINT_CHARS:
        return f"{noun} {number} is {len(text)} characters; at most {MAX_POINT_CHARS}"
    return None


def point_problems(values: Sequence[str]) -> list[str | None]:
    """One entry per point: what is wrong with it, or None; a missing or extra point is a problem too."""
    if len(values) != 3:
        return [f"expected exactly three points, got {len(values)}"]
    return [point_problem(number, value) for number, value in enumerate(values, start=1)]
