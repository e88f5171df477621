"""Property-based (hypothesis): bank loading, import and scoring never raise on any input, stay in range, and give
the same output for the same input. Example counts are modest so the suite stays fast; the figures in the README
are the `max_examples` here."""

from __future__ import annotations

import json
import string
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trainer.config import load_settings
from trainer.core.bank_files import bank_document, render_bank, write_bank_file
from trainer.core.bank_schema import ID_PATTERN, MAX_POINT_CHARS, MAX_TIME_LIMIT_S
from trainer.core.banks import check_bank, load_bank
from trainer.core.errors import BankError, ConfigError
from trainer.core.importers import read_question_list
from trainer.core.scoring import DEFAULT_THRESHOLD, score_answer, score_jsonl_line, score_to_json

BANK_EXAMPLES = 200
IMPORT_EXAMPLES = 300
SCORING_EXAMPLES = 300
CONFIG_EXAMPLES = 150
#: no deadline (a loaded CI machine is slow now and then) and no example database written into the checkout
common = settings(deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    """One folder for a module's examples (hypothesis reruns a test body many times in one test)."""
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


# --- strategies ------------------------------------------------------------------------------------------------

WORDS = [
    "led", "the", "migration", "cut", "costs", "by", "30%", "thirty", "percent", "not", "never", "team", "of",
    "five", "shipped", "on", "time", "um", "like", "you", "know", "I", "we", "didn't", "two", "weeks", "early",
    "قدت", "الترحيل", "נשלח", "בזמן", "迁移", "é", "naïve", "🚀", "\u200d", "\u202e", "-", "—", "?", ".", ",",
]  # fmt: skip
#: text that looks like answers (shared words, numbers, negation, other scripts) or is anything at all
answer_text = st.one_of(
    st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join),
    st.text(max_size=300),
    st.lists(st.sampled_from(WORDS) | st.text(max_size=8), max_size=40).map(" ".join),
)
point_text = st.one_of(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join), st.text(min_size=1, max_size=40)
)
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**40), 2**40), st.floats(allow_nan=True), st.text(max_size=30)
)
yaml_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)
question_id = st.one_of(st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,4}){0,2}", fullmatch=True), st.text(max_size=12))
question = st.fixed_dictionaries(
    {"id": question_id | scalars, "text": st.text(max_size=60) | scalars},
    optional={
        "talking_points": st.lists(point_text | scalars, max_size=4) | scalars,
        "kind": st.sampled_from(["stock", "brainteaser", "other"]) | scalars,
        "time_limit": st.integers(-10, 4000) | scalars,
        "tip": st.text(max_size=30) | yaml_values,
        "category": st.text(max_size=20) | scalars,
        "description": yaml_values,
    },
)
bank_mapping = st.fixed_dictionaries(
    {"questions": st.lists(question, max_size=5) | yaml_values},
    optional={
        "name": st.text(max_size=30) | scalars,
        "kind": st.sampled_from(["stock", "brainteaser"]) | scalars,
        "time_limit": st.integers(-10, 4000) | scalars,
        "description": yaml_values,
        "extra": yaml_values,
    },
)


def _yaml(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


bank_text = st.one_of(
    bank_mapping.map(_yaml),
    yaml_values.map(_yaml),
    st.text(max_size=400),
    # YAML's own syntax: anchors, aliases, tags, flow collections, documents
    st.lists(
        st.sampled_from(["name: x", "questions:", "  - id: a", "    text: b", "&a [1]", "*a", "!!python/none", "---",
                         "{", "[", "? k", ": v", "  - *a", "!!binary aGk=", "!custom x", "\t", "%YAML 1.1", "..."])
        | st.text(max_size=20),
        max_size=12,
    ).map("\n".join),
)  # fmt: skip


# --- bank loading ------------------------------------------------------------------------------------------------


@settings(common, max_examples=BANK_EXAMPLES)
@given(text=bank_text)
def test_bank_loading_never_raises_and_is_deterministic(scratch: Path, text: str) -> None:
    path = scratch / "bank.yaml"
    path.write_text(text, encoding="utf-8")
    first = check_bank(path)
    again = check_bank(path)
    assert [str(p) for p in first.problems] == [str(p) for p in again.problems]
    assert first.bank == again.bank
    assert (first.bank is None) == bool(first.problems)
    for problem in first.problems:
        assert isinstance(problem, BankError) and "\n" not in str(problem)
    if first.bank is not None:
        ids = [q.id for q in first.bank.questions]
        assert len(ids) == len(set(ids)) and all(ID_PATTERN.match(i) for i in ids)
        for q in first.bank.questions:
            assert q.text and len(q.talking_points) in (0, 3)
            assert all(0 < len(p) <= MAX_POINT_CHARS for p in q.talking_points)
            assert q.time_limit is None or 5 <= q.time_limit <= MAX_TIME_LIMIT_S


# --- import -------------------------------------------------------------------------------------------------------

QUESTION_LINES = [
    "What is your greatest weakness?", "Tell me about a time you failed.", "# Behavioural", "## Leadership",
    "- Why do you want this job?", "1. Where do you see yourself in five years?", "Q3: Describe a conflict.",
    "question,point1,point2,point3", '"A quoted, question?",a,b,c', "x", "", "   ", "ما هي أكبر نقاط ضعفك؟",
    "| a | b |", "```", "> quoted?", "---", "title: x", "* [link](http://x) question?",
]  # fmt: skip
list_text = st.lists(st.sampled_from(QUESTION_LINES) | st.text(max_size=60), max_size=25).map("\n".join)


@settings(common, max_examples=IMPORT_EXAMPLES)
@given(text=list_text, suffix=st.sampled_from([".md", ".txt", ".csv"]))
def test_any_list_imports_to_a_valid_bank_or_one_bank_error(scratch: Path, text: str, suffix: str) -> None:
    source = scratch / f"list{suffix}"
    source.write_text(text, encoding="utf-8")
    try:
        imported = read_question_list(source)
    except BankError as exc:
        assert "\n" not in str(exc)
        with pytest.raises(BankError) as again:
            read_question_list(source)
        assert str(again.value) == str(exc)
        return
    assert imported.questions
    assert read_question_list(source) == imported
    document = bank_document(imported, "Imported", {"greatest-weakness"})
    target = scratch / "out" / "imported.yaml"
    target.parent.mkdir(exist_ok=True)
    write_bank_file(target, render_bank(document, source.name), replace=True)
    bank = load_bank(target)
    assert [q.text for q in bank.questions] == [q.text for q in imported.questions]
    assert "greatest-weakness" not in {q.id for q in bank.questions}
    assert sorted(p.name for p in target.parent.iterdir()) == ["imported.yaml"]  # no temporary file left


# --- scoring --------------------------------------------------------------------------------------------------------


@settings(common, max_examples=SCORING_EXAMPLES)
@given(answer=answer_text, points=st.lists(point_text, min_size=1, max_size=5))
def test_scoring_never_raises_stays_in_range_and_is_deterministic(answer: str, points: list[str]) -> None:
    score = score_answer(answer, points, duration_s=60.0, spoken=True)
    assert score_answer(answer, points, duration_s=60.0, spoken=True) == score
    assert len(score.points) == len(points)
    for verdict, point in zip(score.points, points, strict=True):
        assert verdict.point == point
        assert 0 <= verdict.score <= 100
        assert verdict.covered == (verdict.score >= DEFAULT_THRESHOLD)
        if verdict.span is not None:
            assert 0 <= verdict.span[0] <= verdict.span[1] <= len(answer)
            assert verdict.evidence == answer[verdict.span[0] : verdict.span[1]]
    assert score.delivery.words >= 0 and score.delivery.fillers >= 0
    if not all(v.covered for v in score.points):
        assert score.weak  # a missed point always makes the answer weak


@settings(common, max_examples=SCORING_EXAMPLES)
@given(
    line=st.one_of(
        st.text(max_size=200),
        st.builds(lambda a, p: json.dumps({"answer": a, "points": p}), answer_text, st.lists(point_text, max_size=12)),
        st.builds(lambda v: json.dumps({"answer": v, "points": v}), yaml_values),
        yaml_values.map(lambda v: json.dumps(v, default=str)),
    )
)
def test_a_batch_line_never_raises(line: str) -> None:
    out = score_jsonl_line(line)
    assert out == score_jsonl_line(line)
    json.dumps(out)  # always printable as one JSON line
    if "error" in out:
        assert set(out) == {"error"} and "\n" not in out["error"]
        return
    data = json.loads(line)
    assert out == score_to_json(score_answer(data["answer"], data["points"]))
    assert all(0 <= s <= 100 for s in out["scores"])


# --- settings -------------------------------------------------------------------------------------------------------

config_text = st.one_of(
    st.dictionaries(
        st.sampled_from(["rate", "engine", "key_messages", "time_limit_s", "allow_network", "cover_threshold", "x"]),
        yaml_values,
        max_size=4,
    ).map(_yaml),
    st.text(alphabet=string.printable, max_size=200),
)


@settings(common, max_examples=CONFIG_EXAMPLES)
@given(text=config_text)
def test_config_yaml_gives_settings_or_one_config_error(scratch: Path, text: str) -> None:
    path = scratch / "config.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_settings(path)
    except ConfigError as exc:
        assert "\n" not in str(exc) and len(str(exc)) < 600
