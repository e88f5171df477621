"""STAR parts with their evidence, "I" against only "we", measurable results, and an estimate's shape."""

from __future__ import annotations

import pytest

from trainer.core.estimate import analyse_estimate
from trainer.core.star import Lexicon, analyse_star, clauses
from trainer.core.structure import analyse_structure, structure_lines, structure_to_json

FULL = (
    "So I was a shift lead at a call centre and our wait times were awful. My job was to get them down. "
    "I moved two people onto the morning peak and I wrote a callback script. "
    "Within a month the average wait dropped from nine minutes to three."
)


@pytest.mark.parametrize(
    ("answer", "parts", "measurable"),
    [
        (FULL, "STAR", True),
        (
            "So at the bakery the ovens kept failing. I wanted to stop losing batches. "
            "I called the engineer and I logged every fault. It went well in the end.",
            "STAR",
            False,
        ),
        (
            "We got a call on a Monday that the client was unhappy. We rewrote the plan and we met them. "
            "They renewed for a year.",
            "S..R",
            True,
        ),
        (
            "I was a nurse on a busy ward. My manager asked me to fix handovers. I wrote a new sheet.",
            "STA.",
            False,
        ),
        ("I'm a natural leader and I always step up. People look to me.", "....", False),
        (
            "By the end of the quarter she'd closed nine deals. She was a new hire on my team and my manager "
            "asked me to mentor her. I gave her ten of my calls to shadow.",
            "STAR",
            True,
        ),
        (
            "So we launched a new page and sign ups went down the first week. I was the designer on it. "
            "I watched the recordings and I moved the form. It recovered after that.",
            "S.AR",
            False,
        ),
        ("i think i rewrote the sheet", "..A.", False),
        ("", "....", False),
    ],
    ids=["full", "vague-result", "we-only", "no-result", "generic", "result-first", "problem-not-result",
         "hedged-action", "empty"],
)  # fmt: skip
def test_star_parts(answer: str, parts: str, measurable: bool) -> None:
    star = analyse_star(answer)
    got = "".join(letter if part.present else "." for letter, part in zip("STAR", star.parts.values(), strict=True))
    assert got == parts
    assert star.result_measurable is measurable
    for part in star.parts.values():
        # evidence is the answer's own words, at the offsets given
        assert (part.evidence is None) == (not part.present)
        if part.span is not None:
            assert answer[part.span[0] : part.span[1]] == part.evidence


@pytest.mark.parametrize(
    ("answer", "we_only"),
    [
        ("We called everyone in and we cooked through the night.", True),
        ("We, well I told him no, and I offered tokens.", False),
        ("I'm always calm under pressure.", False),
    ],
    ids=["we", "we-then-i", "no-deeds"],
)
def test_action_told_only_with_we(answer: str, we_only: bool) -> None:
    star = analyse_star(answer)
    assert star.we_only is we_only
    assert not (star.we_only and star.action.present)


def test_evidence_names_the_words_of_each_part() -> None:
    star = analyse_star(FULL)
    assert star.task.evidence == "My job was to get them down"
    assert star.action.evidence == "I moved two people onto the morning peak"
    assert star.result.evidence == "Within a month the average wait dropped from nine minutes to three"
    assert star.missing == ()


def test_numbers_in_the_situation_do_not_make_a_result_measurable() -> None:
    answer = "Our bill was 4000 a month and I was the engineer. I cut two jobs. It went well in the end."
    star = analyse_star(answer)
    assert star.result.present and not star.result_measurable


def test_an_empty_lexicon_finds_no_cued_part() -> None:
    star = analyse_star(FULL, Lexicon(situation=(), task=(), result_anywhere=(), result_after_action=()))
    assert star.missing == ("situation", "task")
    # actions are told by their verbs, and a closing sentence about others by its tense, not by cue lists
    assert star.action.present and star.result.present


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("I went. Then I came back, and it worked", ["I went", "Then I came back", "and it worked"]),
        ("no punctuation and then more so on", ["no punctuation", "and then more", "so on"]),
        ("  ", []),
    ],
    ids=["punctuation", "conjunctions", "blank"],
)
def test_clauses(text: str, pieces: list[str]) -> None:
    found = clauses(text)
    assert [c.text for c in found] == pieces
    assert all(text[c.start : c.end] == c.text for c in found)


PIANO = (
    "Let's assume London has about nine million people. Say one in three households has a piano, and a "
    "household is roughly three people, so that's about a million pianos. Each piano is tuned once a year, "
    "and a tuner does four a day, so about a thousand a year per tuner. So about a thousand piano tuners. "
    "That seems reasonable compared with how many music shops there are."
)


@pytest.mark.parametrize(
    ("answer", "missing"),
    [
        (PIANO, ()),
        ("Let's assume nine million people, so about a thousand tuners.", ("structure", "sanity_check")),
        ("I think there are lots of them, it depends on the city.",
         ("assumptions", "structure", "final_number", "sanity_check")),
    ],
    ids=["full", "no-steps", "no-estimate"],
)  # fmt: skip
def test_estimate_shape(answer: str, missing: tuple[str, ...]) -> None:
    assert analyse_estimate(answer).missing == missing


def test_structure_json_carries_the_contract_fields() -> None:
    data = structure_to_json(analyse_structure("I think I maybe fixed it. It went well in the end."), minutes=0.5)
    assert set(data["star"]) == {"situation", "task", "action", "result"}
    assert data["star"]["result"] == {"present": True, "evidence": "It went well in the end"}
    assert data["result_measurable"] is False
    assert data["hedges"] == 2 and data["hedges_per_min"] == 4.0
    assert "brainteaser" not in data


def test_brainteaser_structure_has_its_own_shape() -> None:
    structure = analyse_structure(PIANO, "brainteaser")
    data = structure_to_json(structure)
    assert data["kind"] == "brainteaser" and data["hedges_per_min"] is None
    assert data["brainteaser"]["final_number"]["present"] is True
    assert structure.missing == ()
    assert structure_lines(structure)[0].startswith("✓ assumptions")


def test_structure_lines_say_what_is_missing() -> None:
    lines = structure_lines(analyse_structure("We cooked through the night. They booked us again."))
    assert lines[2] == '✗ action: only "we"; say what you yourself did'
    assert "result measurable: yes" in lines
    assert lines[-1] == "hedges 0"
