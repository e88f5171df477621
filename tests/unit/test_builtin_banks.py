"""The built-in banks shipped in question_banks/: valid, big enough, complete, and with the classic questions."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from trainer import paths
from trainer.core.banks import check_bank, discover_bank_files, load_banks
from trainer.core.models import Bank, Question
from trainer.core.point_quality import check_point

BUILTIN = paths.builtin_banks_dir()
FILES = {"stock": BUILTIN / "stock.yaml", "brainteasers": BUILTIN / "brainteasers.yaml"}


def _all_questions() -> list[Question]:
    return load_banks(discover_bank_files(BUILTIN, None)).questions()


@pytest.fixture(scope="module")
def banks() -> dict[str, Bank]:
    loaded = load_banks([(path, True) for path in FILES.values()])
    assert [str(p) for p in loaded.problems] == []
    return {stem: bank for stem, bank in zip(FILES, loaded.banks, strict=True)}


@pytest.mark.parametrize("stem", sorted(FILES))
def test_builtin_bank_has_no_problems(stem: str) -> None:
    result = check_bank(FILES[stem], builtin=True)
    assert [str(p) for p in result.problems] == []
    assert result.bank is not None and result.bank.builtin


def test_discovery_finds_both_builtin_banks_without_problems() -> None:
    files = discover_bank_files(BUILTIN, None)
    assert {path.name for path, _ in files} >= {"stock.yaml", "brainteasers.yaml"}
    assert all(builtin for _, builtin in files)
    assert load_banks(files).problems == []


@pytest.mark.parametrize(
    "stem, name, kind, at_least",
    [
        ("stock", "Stock questions", "stock", 40),
        ("brainteasers", "Brainteasers", "brainteaser", 25),
    ],
)
def test_bank_size_name_and_kind(banks: dict[str, Bank], stem: str, name: str, kind: str, at_least: int) -> None:
    bank = banks[stem]
    assert bank.name == name
    assert bank.kind == kind
    assert len(bank.questions) >= at_least
    assert all(q.kind == kind and q.bank == name for q in bank.questions)


@pytest.mark.parametrize("question", _all_questions(), ids=lambda q: q.id)
def test_every_question_is_complete(question: Question) -> None:
    assert len(question.talking_points) == 3
    assert all(point.strip() for point in question.talking_points)
    assert len(set(question.talking_points)) == 3
    assert question.tip and question.tip.strip()
    assert question.text.rstrip().endswith(("?", "."))
    assert question.time_limit is not None and 5 <= question.time_limit <= 1800


@pytest.mark.parametrize("question", _all_questions(), ids=lambda q: q.id)
def test_every_point_is_one_checkable_statement_in_the_speakers_voice(question: Question) -> None:
    for point in question.talking_points:
        assert point.startswith("I "), point
        assert len(point.split()) <= 12, point
        assert " and " not in point and " or " not in point, point
        assert check_point(point) is None, point


def test_ids_are_unique_across_builtin_banks(banks: dict[str, Bank]) -> None:
    ids = Counter(q.id for bank in banks.values() for q in bank.questions)
    assert [qid for qid, n in ids.items() if n > 1] == []


def test_texts_are_unique(banks: dict[str, Bank]) -> None:
    texts = Counter(q.text.lower() for bank in banks.values() for q in bank.questions)
    assert [text for text, n in texts.items() if n > 1] == []


@pytest.mark.parametrize(
    "stem, qid, text",
    [
        ("stock", "greatest-weakness", "What is your greatest weakness?"),
        ("stock", None, "How do you handle conflict?"),
        ("stock", None, "Tell me about yourself"),
        ("stock", None, "Why do you want to leave your current job?"),
        ("brainteasers", None, "animal"),
        ("brainteasers", None, "refrigerator"),
        ("brainteasers", None, "when you were 10 years old"),
    ],
)
def test_required_questions_are_present(banks: dict[str, Bank], stem: str, qid: str | None, text: str) -> None:
    questions = banks[stem].questions
    matches = [q for q in questions if text.lower() in q.text.lower()]
    assert matches, f"no question in {stem} with {text!r}"
    if qid is not None:
        assert qid in {q.id for q in matches}


def test_greatest_weakness_has_the_documented_points(banks: dict[str, Bank]) -> None:
    (question,) = [q for q in banks["stock"].questions if q.id == "greatest-weakness"]
    assert question.talking_points == (
        "I name one real weakness, not a strength in disguise",
        "I say what I now do to manage it",
        "I give evidence that it is improving",
    )


def test_builtin_dir_is_the_checkout_or_the_installed_copy() -> None:
    assert BUILTIN.is_dir()
    assert BUILTIN.name in {"question_banks", "_question_banks"}
    assert Path(BUILTIN / "stock.yaml").is_file()
