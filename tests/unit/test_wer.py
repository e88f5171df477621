"""Word error rate: normalisation and edit counting, as tables."""

from __future__ import annotations

import pytest

from bench.wer import corpus_wer, edit_distance, normalise_words, wer


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("And so, my fellow Americans!", ["and", "so", "my", "fellow", "americans"]),
        ("Mr. John Dashwood", ["mister", "john", "dashwood"]),
        ("cold-hearted", ["cold", "hearted"]),
        ("thirty percent", ["30", "percent"]),
        ("30%", ["30", "percent"]),
        ("1,000 users", ["1000", "users"]),
        ("about a thousand pianos", ["about", "1000", "pianos"]),
        ("three million people", ["3000000", "people"]),
        ("3 million people", ["3000000", "people"]),
        ("don't 'quote'", ["don't", "quote"]),
        ("", []),
    ],
)
def test_normalise_words(text: str, words: list[str]) -> None:
    assert normalise_words(text) == words


@pytest.mark.parametrize(
    ("reference", "hypothesis", "distance"),
    [
        ([], [], 0),
        (["a"], [], 1),
        ([], ["a"], 1),
        (["a", "b", "c"], ["a", "b", "c"], 0),
        (["a", "b", "c"], ["a", "x", "c"], 1),
        (["a", "b", "c"], ["a", "c"], 1),
        (["a", "b"], ["x", "a", "b"], 1),
        (["kitten"], ["sitting", "on"], 2),
    ],
)
def test_edit_distance(reference: list[str], hypothesis: list[str], distance: int) -> None:
    assert edit_distance(reference, hypothesis) == distance


@pytest.mark.parametrize(
    ("reference", "hypothesis", "rate"),
    [
        ("ask not what your country can do", "Ask not what your country can do.", 0.0),
        ("he was not an ill disposed young man", "He was not an old-sposed young man.", 2 / 8),
        ("a b c d", "", 1.0),
        ("", "", 0.0),
        ("", "noise", 1.0),
    ],
)
def test_wer(reference: str, hypothesis: str, rate: float) -> None:
    assert wer(reference, hypothesis) == pytest.approx(rate)


def test_corpus_wer_weights_by_reference_length() -> None:
    pairs = [("a b c d e f g h i j", "a b c d e f g h i j"), ("k l", "k x")]
    assert corpus_wer(pairs) == pytest.approx(1 / 12)
    assert corpus_wer([]) == 0.0
