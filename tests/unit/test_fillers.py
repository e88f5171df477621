"""Filler words and word counts, told apart from the same words used for their meaning."""

from __future__ import annotations

import pytest

from trainer.core.fillers import count_fillers, count_words, tokenize


@pytest.mark.parametrize(
    ("text", "fillers"),
    [
        ("um so we uh shipped it", ["um", "uh"]),
        ("Umm, er, erm... hmm", ["umm", "er", "erm", "hmm"]),
        ("it was like really hard", ["like"]),
        ("like we literally wrote a list", ["like", "literally"]),
        ("I like working with people", []),
        ("I'd like to lead the team", []),
        ("we would like to ship", []),
        ("it looks like a bug", []),
        ("things like tests and reviews", []),
        ("what kind of manager are you", []),
        ("a sort of ritual", []),
        ("it was kind of messy", []),  # a hedge, counted by core.hedges
        ("we sort of agreed", []),
        ("it was kinda late", ["kind of"]),
        ("you know we had to move", ["you know"]),
        ("do you know what happened", []),
        ("you know how it is", []),
        ("I mean we did ship", ["i mean"]),
        ("I mean it", []),
        ("basically actually literally", ["basically", "actually", "literally"]),
        ("so yeah that's it", ["so yeah"]),
        ("so we shipped yeah", []),
        ("", []),
    ],
)
def test_count_fillers(text: str, fillers: list[str]) -> None:
    assert count_fillers(text) == fillers


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        ("   ", 0),
        ("one", 1),
        ("we didn't ship", 3),
        ("cut costs 40% in 2019", 5),
        ("about 1,500 users, 2.5 times more", 6),
        ("well -- okay... fine!", 3),
        ("café naïve", 2),
        ("8 years in B2B, grew 3x", 6),
    ],
)
def test_count_words(text: str, words: int) -> None:
    assert count_words(text) == words


def test_tokens_point_back_into_the_text() -> None:
    text = "Um, we DIDN’T ship 40% late"
    for token in tokenize(text):
        assert text[token.start : token.end].lower().replace("’", "'") == token.text
