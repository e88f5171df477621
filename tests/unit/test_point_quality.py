"""The point-quality check: empty and invisible points are refused, stopword-only and vague ones flagged."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trainer.core.point_quality import SPECIFIC, check_point, hidden_characters
from trainer.core.talking_points import what_is_said


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("", "empty"),
        ("   \t ", "empty"),
        ("\u200b", "invisible"),
        ("\ufeff", "invisible"),
        ("\u200b \u200d\u2060", "invisible"),
        ("\u3164", "invisible"),
        ("\u2800\u2800", "invisible"),
        ("\u0301", "invisible"),
        ("I rush\u200b code reviews", "invisible"),
        ("\ufeffI rush code reviews", "invisible"),
        ("led the \u202emigration", "invisible"),
        ("a checklist\x07 now", "invisible"),
        ("\u200dled the migration", "invisible"),
        ("I rush\udcff reviews", "invisible"),
        ("what I do about it", "only common words"),
        ("the one thing", "only common words"),
        ("one great story", "too vague to check"),
        ("...", "only common words"),
        ("it is what it is", "only common words"),
        ("teamwork", "too vague to check"),
        ("Good communication", "too vague to check"),
        ("Good Communication Skills", "too vague to check"),
        ("hard work", "too vague to check"),
        ("good results", "too vague to check"),
        ("I am a perfectionist", "too vague to check"),
        ("I improved team communication", "too vague to check"),
        ("resilience", "too vague to check"),
        ("I don't know", "too vague to check"),
        ("Kafka", "too vague to check"),
    ],
    ids=lambda value: repr(value)[:24],
)
def test_a_point_that_cannot_be_checked_is_flagged(text: str, kind: str) -> None:
    flag = check_point(text)
    assert flag is not None and flag.kind == kind
    assert flag.refused == (kind in ("empty", "invisible"))
    line = flag.line("point 2")
    assert line.startswith("point 2 ") and "\n" not in line and line.isprintable()


@pytest.mark.parametrize(
    "text",
    [
        "I rush code reviews",
        "a checklist now",
        "bugs down a third",
        "led the migration",
        "We moved the queue to Kafka",
        "shipped",
        "30%",
        "cut onboarding from 10 days to 3",
        "I name one real weakness, not a strength in disguise",
        "I say what I now do to manage it",
        "my two years on card fraud",
        "une faiblesse réelle: je précipite les revues",
        "家族 👨\u200d👩\u200d👧 旅行",
        "I own the AWS bill",
        "better communication cut escalations by half",
        "good results at Acme",
    ],
    ids=lambda value: repr(value)[:24],
)
def test_a_checkable_point_is_not_flagged(text: str) -> None:
    assert check_point(text) is None


@pytest.mark.parametrize(
    ("text", "why", "suggestion"),
    [
        ("\u200b", "shows nothing but hidden characters", "type it again"),
        ("I rush\u200b code", "has a hidden character (U+200B ZERO WIDTH SPACE)", "type it again without it"),
        ("teamwork", "has only general words, so any answer could claim it", SPECIFIC),
        ("resilience", "is too vague to check", SPECIFIC),
        ("what I do about it", "has only common words", f"say what you did: {SPECIFIC}"),
    ],
    ids=["blank", "hidden", "generic", "one-word", "stopwords"],
)
def test_each_flag_says_what_is_wrong_and_what_to_do(text: str, why: str, suggestion: str) -> None:
    flag = check_point(text)
    assert flag is not None
    assert (flag.why, flag.suggestion) == (why, suggestion)
    assert flag.line("point 1") == f"point 1 {why}; {suggestion}"


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("plain text", []),
        ("a\u200bb\u200bc\ufeff", ["\u200b", "\ufeff"]),
        ("tab\tand new\nline", []),
        ("👩\u200d💻 coder", []),
        ("end joiner\u200d", ["\u200d"]),
        ("soft\u00adhyphen", ["\u00ad"]),
    ],
    ids=["plain", "zwsp-bom", "whitespace", "emoji-zwj", "loose-zwj", "soft-hyphen"],
)
def test_hidden_characters(text: str, hidden: list[str]) -> None:
    assert hidden_characters(text) == hidden


@given(st.text(max_size=140))
def test_any_text_gets_at_most_one_printable_line(text: str) -> None:
    flag = check_point(text)
    hidden = hidden_characters(text)
    if hidden or not text.strip():  # nothing to read, or something hides in it: never saved
        assert flag is not None and flag.refused
    if flag is not None:
        line = flag.line("point 1")
        assert line.isprintable() and line.startswith("point 1 ")


@pytest.mark.parametrize(
    ("point", "said"),
    [
        ("I name one real weakness, not a strength in disguise", "one real weakness, not a strength in disguise"),
        ("I say what I now do to manage it", "what I now do to manage it"),
        ("i gives  the argument", "the argument"),
        ("I led the migration", "I led the migration"),
        ("I say", "I say"),
        ("bugs down a third", "bugs down a third"),
    ],
    ids=["name", "say", "gives-lower", "not-a-speech-act", "nothing-after", "no-i"],
)
def test_what_is_said(point: str, said: str) -> None:
    assert what_is_said(point) == said
