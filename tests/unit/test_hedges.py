"""Hedges counted by the label rules' phrase list, told apart from the same words used for their meaning."""

from __future__ import annotations

import pytest

from trainer.core.fillers import count_fillers
from trainer.core.hedges import count_hedges, find_hedges


@pytest.mark.parametrize(
    ("text", "hedges"),
    [
        ("I think we shipped it", ["i think"]),
        ("maybe it was late, probably a week", ["maybe", "probably"]),
        ("it was kind of messy and sort of slow", ["kind of", "sort of"]),
        ("what kind of manager are you", []),
        ("a sort of ritual", []),
        ("I guess I was a little bit defensive", ["i guess", "a little bit"]),
        ("I'm not sure but I think it worked", ["i'm not sure but", "i think"]),
        ("I am not sure but it helped", ["i'm not sure but"]),
        ("I just wanted to help", ["just"]),
        ("we made it just in time", []),
        ("just two of us were left", []),
        ("I had just started there", []),
        ("a half hour just for the icons", []),
        ("I feel like perhaps it was kinda late", []),
        ("um like you know it was fine", []),
        ("I’m not sure but I THINK so", ["i'm not sure but", "i think"]),
        ("", []),
    ],
    ids=[
        "i-think", "maybe-probably", "kind-sort", "what-kind", "a-sort", "guess-little-bit", "not-sure-but",
        "i-am-not-sure", "just-minimiser", "just-in-time", "just-number", "had-just", "just-for",
        "not-listed", "fillers-are-not-hedges", "curly-and-caps", "empty",
    ],
)  # fmt: skip
def test_find_hedges(text: str, hedges: list[str]) -> None:
    assert [h.phrase for h in find_hedges(text)] == hedges
    assert count_hedges(text) == len(hedges)


def test_hedge_offsets_point_at_the_words() -> None:
    text = "So I think it was, maybe, fine."
    assert [text[h.start : h.end] for h in find_hedges(text)] == ["I think", "maybe"]


@pytest.mark.parametrize(
    ("text", "fillers", "hedges"),
    [
        ("um it was kind of messy", ["um"], 1),
        ("like I think it went fine", ["like"], 1),
        ("it was kinda late", ["kind of"], 0),
    ],
    ids=["um-kind-of", "like-i-think", "kinda"],
)
def test_fillers_and_hedges_are_different_lists(text: str, fillers: list[str], hedges: int) -> None:
    assert count_fillers(text) == fillers
    assert count_hedges(text) == hedges
