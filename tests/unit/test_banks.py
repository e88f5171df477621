"""Bank loading and validation: every problem is located by file, line and field; nothing unsafe is ever run."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
import yaml

from trainer.core import bank_yaml
from trainer.core.bank_yaml import MAX_DEPTH
from trainer.core.banks import (
    MAX_BANK_BYTES,
    check_bank,
    discover_bank_files,
    load_bank,
    load_banks,
    select_banks,
    with_user_points,
)
from trainer.core.errors import BankError
from trainer.core.models import Bank, Question

VALID = """\
name: Test bank
kind: stock
time_limit: 100
questions:
  - id: first-question
    text: What is   the first
      question?
    talking_points:
      - point one
      - point two
      - point three
    tip: a tip
  - id: second
    text: Second?
    kind: brainteaser
    time_limit: 30
  - id: "123"
    text: 42
    category: numbers
"""

#: a bank with one question (lines 1-4), to which a test appends the lines of that question from line 5 on
ONE_QUESTION = "name: Test\nquestions:\n  - id: q\n    text: Q?\n"

LONG_POINT = "x" * 121


@pytest.fixture(autouse=True, params=["libyaml", "python"])
def yaml_loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> type:
    """Every test runs with libyaml's loader (used when installed) and the pure-Python fallback."""
    if request.param == "libyaml":
        if not hasattr(yaml, "CSafeLoader"):
            pytest.skip("libyaml is not available")
        loader: type = yaml.CSafeLoader
    else:
        loader = yaml.SafeLoader
    monkeypatch.setattr(bank_yaml, "SAFE_LOADER", loader)
    return loader


def write(directory: Path, text: str | bytes, name: str = "bank.yaml") -> Path:
    path = directory / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def one_question(*lines: str) -> str:
    return ONE_QUESTION + "".join(f"    {line}\n" for line in lines)


def assert_located(problem: BankError, path: Path, line: int | None, field: str | None, fragment: str) -> None:
    """The one line shown to the user names the file, the line and the field, and says what is wrong."""
    message = str(problem)
    assert problem.path == path
    assert problem.line == line, message
    assert problem.field == field, message
    assert message.startswith(f"{path}:{line}: " if line else f"{path}: "), message
    if field:
        assert f" {field}: " in message, message
    assert fragment in message, message


def only_problem(path: Path) -> BankError:
    result = check_bank(path)
    assert len(result.problems) == 1, [str(p) for p in result.problems]
    with pytest.raises(BankError) as raised:
        load_bank(path)
    assert str(raised.value) == str(result.problems[0])
    return result.problems[0]


# --- the valid bank ------------------------------------------------------------------------------------


def test_valid_bank_loads_every_field(tmp_path: Path) -> None:
    path = write(tmp_path, VALID)
    result = check_bank(path)
    assert result.problems == []
    bank = load_bank(path, builtin=True)
    assert (bank.name, bank.kind, bank.time_limit, bank.path, bank.builtin) == ("Test bank", "stock", 100, path, True)
    first, second, third = bank.questions
    assert first == Question(
        id="first-question",
        text="What is the first question?",  # folded and whitespace-normalised
        kind="stock",
        talking_points=("point one", "point two", "point three"),
        time_limit=100,  # the bank's default
        tip="a tip",
        bank="Test bank",
    )
    assert (second.kind, second.time_limit, second.talking_points, second.tip) == ("brainteaser", 30, (), None)
    assert (third.id, third.text) == ("123", "42")
    assert result.lines == {"first-question": 5, "second": 13, "123": 17}


@pytest.mark.parametrize(
    "bank_header, question_lines, expected_kind, expected_limit",
    [
        ("", [], "stock", None),  # no defaults anywhere
        ("time_limit: 45\n", [], "stock", 45),  # the bank's limit applies to a question with none
        ("time_limit: 45\n", ["time_limit: 5"], "stock", 5),  # the question's own limit wins
        ("time_limit: 45\n", ["time_limit: 1800"], "stock", 1800),  # upper bound is allowed
        ("kind: brainteaser\n", [], "brainteaser", None),  # the bank's kind is the questions' default
        ("kind: brainteaser\n", ["kind: stock"], "stock", None),  # the question's kind wins
        ("kind: stock\n", ["kind: brainteaser"], "brainteaser", None),
    ],
)
def test_bank_defaults_and_overrides(
    tmp_path: Path, bank_header: str, question_lines: list[str], expected_kind: str, expected_limit: int | None
) -> None:
    text = "name: Defaults\n" + bank_header + "questions:\n  - id: q\n    text: Q?\n"
    text += "".join(f"    {line}\n" for line in question_lines)
    (question,) = load_bank(write(tmp_path, text)).questions
    assert (question.kind, question.time_limit) == (expected_kind, expected_limit)


@pytest.mark.parametrize(
    "qid, valid",
    [
        ("a", True),
        ("greatest-weakness", True),
        ("q1-2-3", True),
        ("123", True),  # a YAML int is read as text
        ("Greatest-weakness", False),  # upper case
        ("greatest_weakness", False),  # underscore
        ("greatest weakness", False),  # space
        ("-leading", False),
        ("trailing-", False),
        ("double--dash", False),
        ("dot.ted", False),
        ("café", False),
    ],
)
def test_id_pattern(tmp_path: Path, qid: str, valid: bool) -> None:
    path = write(tmp_path, f'name: Ids\nquestions:\n  - id: "{qid}"\n    text: Q?\n')
    if valid:
        assert load_bank(path).questions[0].id == qid
    else:
        assert_located(only_problem(path), path, 3, "questions[1].id", "lower-case letters, digits and dashes")


def test_bom_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, b"\xef\xbb\xbf" + ONE_QUESTION.encode())
    assert load_bank(path).name == "Test"


# --- every error path ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, line, field, fragment",
    [
        # YAML syntax errors name the line
        ("name: x\nquestions:\n  - id: a\n   text: b\n", 4, None, "not valid YAML"),  # bad indentation
        ("name: x\nquestions:\n  - id: a\n    text: b: c\n", 4, None, "not valid YAML"),  # colon in plain text
        ("name: x\nquestions:\n  - id: a\n    text: [b\n", 5, None, "not valid YAML"),  # unclosed bracket
        ("name: x\nquestions:\n\t- id: a\n", 3, None, "not valid YAML"),  # a tab
        ("name: x\n---\nname: y\n", 2, None, "not valid YAML"),  # two documents
        ('name: x\nquestions:\n  - id: a\n    text: "b\x07"\n', 4, None, "not valid YAML"),  # control character
        # the bank itself
        ("- id: a\n  text: b\n", 1, None, "a bank must be a mapping"),
        ("just some text\n", 1, None, "a bank must be a mapping"),
        ("questions:\n  - id: a\n    text: b\n", 1, "name", "missing"),
        ("\n\nquestions:\n  - id: a\n    text: b\n", 3, "name", "missing"),
        ('name: ""\nquestions:\n  - id: a\n    text: b\n', 1, "name", "must not be empty"),
        ("name: [a, b]\nquestions:\n  - id: a\n    text: b\n", 1, "name", "expected text"),
        ("name: x\n", 1, "questions", "missing"),
        ("name: x\nquestions: []\n", 2, "questions", "expected a non-empty list"),
        ("name: x\nquestions:\n", 2, "questions", "expected a non-empty list"),
        ("name: x\nquestions:\n  a: b\n", 3, "questions", "expected a non-empty list"),
        ("name: x\nquestions: some\n", 2, "questions", "expected a non-empty list"),
        ("name: x\nauthor: me\nquestions:\n  - id: a\n    text: b\n", 2, "author", "unknown field"),
        ("name: x\nkind: behavioural\nquestions:\n  - id: a\n    text: b\n", 2, "kind", "'behavioural' is not one of"),
        ("name: x\nkind: [stock]\nquestions:\n  - id: a\n    text: b\n", 2, "kind", "a list is not one of"),
        ("name: x\ntime_limit: true\nquestions:\n  - id: a\n    text: b\n", 2, "time_limit", "got True"),
        ("name: x\ntime_limit: '90'\nquestions:\n  - id: a\n    text: b\n", 2, "time_limit", "got '90'"),
        ("name: x\ntime_limit: 4\nquestions:\n  - id: a\n    text: b\n", 2, "time_limit", "got 4"),
        ("name: x\ntime_limit: 1801\nquestions:\n  - id: a\n    text: b\n", 2, "time_limit", "got 1801"),
        ("name: x\ntime_limit: [90]\nquestions:\n  - id: a\n    text: b\n", 2, "time_limit", "got a list"),
        # a question that is not a mapping, or lacks id or text
        ("name: x\nquestions:\n  - just text\n", 3, "questions[1]", "expected a mapping with id and text"),
        ("name: x\nquestions:\n  - id: a\n    text: b\n  - [c, d]\n", 5, "questions[2]", "expected a mapping"),
        ("name: x\nquestions:\n  - text: b\n", 3, "questions[1].id", "missing"),
        ("name: x\nquestions:\n  - id: a\n", 3, "questions[1].text", "missing"),
        ("name: x\nquestions:\n  - id: a\n    text:\n", 4, "questions[1].text", "expected text"),
        ("name: x\nquestions:\n  - id: a\n    text: '   '\n", 4, "questions[1].text", "must not be empty"),
        ("name: x\nquestions:\n  - id: a\n    text: yes\n", 4, "questions[1].text", "expected text"),  # a bool
        ("name: x\nquestions:\n  - id: ''\n    text: b\n", 3, "questions[1].id", "must not be empty"),
        ("name: x\nquestions:\n  - id: [a]\n    text: b\n", 3, "questions[1].id", "expected text"),
        # duplicate id within one bank: the second entry's line
        ("name: x\nquestions:\n  - id: a\n    text: b\n  - id: a\n    text: c\n", 5, "id", "duplicate id 'a'"),
    ],
)
def test_bank_errors(tmp_path: Path, text: str, line: int, field: str | None, fragment: str) -> None:
    path = write(tmp_path, text)
    assert_located(only_problem(path), path, line, field, fragment)


@pytest.mark.parametrize(
    "lines, line, field, fragment",
    [
        (["colour: red"], 5, "questions[1].colour", "unknown field"),
        (["kind: behavioural"], 5, "questions[1].kind", "'behavioural' is not one of stock, brainteaser"),
        (["kind: 1"], 5, "questions[1].kind", "1 is not one of"),
        # time_limit: bool, string, too small, too large, fraction, null
        (["time_limit: true"], 5, "questions[1].time_limit", "got True"),
        (["time_limit: yes"], 5, "questions[1].time_limit", "got True"),  # YAML 1.1 bool
        (["time_limit: '60'"], 5, "questions[1].time_limit", "got '60'"),
        (["time_limit: sixty"], 5, "questions[1].time_limit", "got 'sixty'"),
        (["time_limit: 4"], 5, "questions[1].time_limit", "from 5 to 1800, got 4"),
        (["time_limit: 0"], 5, "questions[1].time_limit", "got 0"),
        (["time_limit: -30"], 5, "questions[1].time_limit", "got -30"),
        (["time_limit: 1801"], 5, "questions[1].time_limit", "got 1801"),
        (["time_limit: 90.5"], 5, "questions[1].time_limit", "got 90.5"),
        (["time_limit:"], 5, "questions[1].time_limit", "got None"),
        # talking_points: not a list, wrong count, empty or over-long point
        (["talking_points: one point"], 5, "questions[1].talking_points", "expected a list of three points"),
        (["talking_points: {a: b}"], 5, "questions[1].talking_points", "expected a list of three points"),
        (["talking_points: [a, b]"], 5, "questions[1].talking_points", "exactly three points, got 2"),
        (["talking_points: [a, b, c, d]"], 5, "questions[1].talking_points", "exactly three points, got 4"),
        (["talking_points: []"], 5, "questions[1].talking_points", "exactly three points, got 0"),
        (["talking_points:", "  - a", "  - ''", "  - c"], 7, "questions[1].talking_points[2]", "must not be empty"),
        (["talking_points:", "  - '  '", "  - b", "  - c"], 6, "questions[1].talking_points[1]", "must not be empty"),
        (["talking_points:", "  -", "  - b", "  - c"], 6, "questions[1].talking_points[1]", "expected text"),
        (["talking_points:", "  - a", "  - b", "  - [c]"], 8, "questions[1].talking_points[3]", "expected text"),
        (
            ["talking_points:", "  - a", "  - b", f"  - {LONG_POINT}"],
            8,
            "questions[1].talking_points[3]",
            "at most 120 characters, got 121",
        ),
        (["tip: ''"], 5, "questions[1].tip", "must not be empty"),
        (["tip: [a]"], 5, "questions[1].tip", "expected text"),
    ],
)
def test_question_field_errors(tmp_path: Path, lines: list[str], line: int, field: str, fragment: str) -> None:
    path = write(tmp_path, one_question(*lines))
    assert_located(only_problem(path), path, line, field, fragment)


def test_point_of_exactly_120_chars_is_fine(tmp_path: Path) -> None:
    point = "y" * 120
    path = write(tmp_path, one_question("talking_points:", "  - a", "  - b", f"  - {point}"))
    assert load_bank(path).questions[0].talking_points == ("a", "b", point)


def test_every_problem_is_reported_not_just_the_first(tmp_path: Path) -> None:
    text = "name: x\nauthor: me\nquestions:\n  - id: Bad\n    text: b\n  - id: ok\n    time_limit: 1\n"
    problems = check_bank(write(tmp_path, text)).problems
    assert [(p.line, p.field) for p in problems] == [
        (2, "author"),
        (4, "questions[1].id"),
        (6, "questions[2].text"),
        (7, "questions[2].time_limit"),
    ]


@pytest.mark.parametrize(
    "content, fragment",
    [
        ("", "the file is empty"),
        ("\n\n   \n", "the file is empty"),
        ("# only a comment\n", "the file is empty"),
    ],
)
def test_empty_file(tmp_path: Path, content: str, fragment: str) -> None:
    path = write(tmp_path, content)
    assert_located(only_problem(path), path, 1, None, fragment)


@pytest.mark.parametrize(
    "content, fragment",
    [
        (b"\x00\x01\x02\x03binary\xff\xfe", "not a text file"),  # NUL bytes: binary
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
        (b"name: caf\xe9\nquestions: []\n", "not UTF-8 text"),  # Latin-1
        (b"\xff\xfen\x00a\x00", "not a text file"),  # UTF-16
    ],
)
def test_unreadable_content(tmp_path: Path, content: bytes, fragment: str) -> None:
    path = write(tmp_path, content)
    assert_located(only_problem(path), path, None, None, fragment)


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    assert_located(only_problem(path), path, None, None, "cannot read")


def test_too_large_file_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(MAX_BANK_BYTES + 1)  # sparse: cheap to make
    assert_located(only_problem(path), path, None, None, "at most 5 MB")


@pytest.mark.parametrize(
    "text, line",
    [
        # deeper than Python's recursion limit (was a RecursionError) and than the C stack (was a segfault)
        ("name: x\nquestions: " + "[" * 1_000_000 + "]" * 1_000_000 + "\n", 2),
        ("name: x\nquestions:\n" + "- " * 1_000_000 + "x\n", 3),  # block lists, all on one line
        ("name: x\nquestions:\n" + "".join(" " * i + f"k{i}:\n" for i in range(200)), 35),  # block mappings
        ("name: x\nquestions: " + "{a: " * 33 + "b" + "}" * 33 + "\n", 2),  # just past the limit
    ],
)
def test_deep_nesting_is_a_problem_not_a_crash(tmp_path: Path, text: str, line: int) -> None:
    path = write(tmp_path, text)
    assert_located(only_problem(path), path, line, None, f"nested more than {MAX_DEPTH} levels deep")


def test_nesting_up_to_the_limit_is_parsed(tmp_path: Path) -> None:
    path = write(tmp_path, "name: x\nquestions: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n")
    assert_located(only_problem(path), path, 2, "questions[1]", "expected a mapping with id and text")


# --- unsafe YAML: nothing is constructed or run, wherever the tag is -----------------------------------

PAYLOAD = "!!python/object/apply:os.system"


@pytest.mark.parametrize(
    "template, line, field",
    [
        ("{tag} ['touch {marker}']\n", 1, None),  # the whole document
        ("name: {tag} ['touch {marker}']\nquestions:\n  - id: a\n    text: b\n", 1, "name"),
        ("name: x\nkind: {tag} ['touch {marker}']\nquestions:\n  - id: a\n    text: b\n", 2, "kind"),
        ("name: x\ntime_limit: {tag} ['touch {marker}']\nquestions:\n  - id: a\n    text: b\n", 2, "time_limit"),
        ("name: x\ndescription: {tag} ['touch {marker}']\nquestions:\n  - id: a\n    text: b\n", 2, "description"),
        ("name: x\nquestions: {tag}\n  - id: a\n    text: b\n", 2, "questions"),
        ("name: x\nquestions:\n  - {tag} {{id: a, text: 'touch {marker}'}}\n", 3, "questions[1]"),
        ("name: x\nquestions:\n  - id: {tag} ['touch {marker}']\n    text: b\n", 3, "questions[1].id"),
        ("name: x\nquestions:\n  - id: a\n    text: {tag} ['touch {marker}']\n", 4, "questions[1].text"),
        ("name: x\nquestions:\n  - id: a\n    text: b\n    tip: {tag} ['touch {marker}']\n", 5, "questions[1].tip"),
        (
            "name: x\nquestions:\n  - id: a\n    text: b\n    category: {tag} ['touch {marker}']\n",
            5,
            "questions[1].category",
        ),
        (
            "name: x\nquestions:\n  - id: a\n    text: b\n    talking_points: {tag} ['touch {marker}', b, c]\n",
            5,
            "questions[1].talking_points",
        ),
        (
            "name: x\nquestions:\n  - id: a\n    text: b\n    talking_points:\n      - {tag} ['touch {marker}']\n"
            "      - b\n      - c\n",
            6,
            "questions[1].talking_points[1]",
        ),
        ("name: x\n{tag} ['touch {marker}']: 1\nquestions:\n  - id: a\n    text: b\n", 2, "a list"),  # as a key
        ("name: x\nanchor: &a {tag} ['touch {marker}']\nquestions:\n  - id: a\n    text: *a\n", 2, "anchor"),
    ],
)
@pytest.mark.parametrize(
    "tag",
    [
        PAYLOAD,
        "!!python/object/new:os.system",
        "!!python/object:os.system",
        "!<tag:yaml.org,2002:python/object/apply:os.system>",
        "!custom",
    ],
)
def test_unsafe_tag_anywhere_is_refused_and_never_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, template: str, line: int, field: str | None, tag: str
) -> None:
    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"bank loading tried to run something: {args}")

    monkeypatch.setattr(os, "system", forbidden)
    monkeypatch.setattr(subprocess, "Popen", forbidden)
    marker = tmp_path / "pwned"
    path = write(tmp_path, template.format(tag=tag, marker=marker))
    problems = check_bank(path).problems
    assert problems, "an unsafe tag must be reported"
    assert not marker.exists()
    first = problems[0]
    if template.startswith("{tag}"):
        assert_located(first, path, line, None, "is not allowed in a bank")
    else:
        assert_located(first, path, line, field, "is not allowed in a bank")
    with pytest.raises(BankError):
        load_bank(path)
    assert load_banks([(path, False)]).banks == []
    assert not marker.exists()


def test_safe_standard_tags_are_fine(tmp_path: Path) -> None:
    path = write(tmp_path, "name: !!str Tagged\nquestions: !!seq\n  - !!map {id: a, text: !!str 12}\n")
    bank = load_bank(path)
    assert (bank.name, bank.questions[0].text) == ("Tagged", "12")


# --- many banks ----------------------------------------------------------------------------------------

BANK_A = "name: Alpha\nquestions:\n  - id: x\n    text: X?\n  - id: y\n    text: Y?\n"
BANK_B = "name: Beta\nquestions:\n  - id: z\n    text: Z?\n  - id: y\n    text: Y again?\n  - id: w\n    text: W?\n"


def test_duplicate_ids_across_banks_reported_while_the_rest_load(tmp_path: Path) -> None:
    a, b = write(tmp_path, BANK_A, "a.yaml"), write(tmp_path, BANK_B, "b.yaml")
    loaded = load_banks([(a, True), (b, False)])
    assert [bank.name for bank in loaded.banks] == ["Alpha", "Beta"]
    assert [q.id for q in loaded.banks[0].questions] == ["x", "y"]
    assert [q.id for q in loaded.banks[1].questions] == ["z", "w"]  # y kept from the first bank only
    (problem,) = loaded.problems
    assert_located(problem, b, 5, "id", "duplicate id 'y'")
    assert str(a) in str(problem)
    assert [q.id for q in loaded.questions()] == ["x", "y", "z", "w"]
    assert loaded.find("y") is not None and loaded.find("y").text == "Y?"  # type: ignore[union-attr]
    assert loaded.find("nope") is None
    assert loaded.banks[0].builtin and not loaded.banks[1].builtin


def test_a_bank_left_empty_by_duplicates_is_not_listed(tmp_path: Path) -> None:
    a = write(tmp_path, BANK_A, "a.yaml")
    copy = write(tmp_path, BANK_A.replace("Alpha", "Copy"), "copy.yaml")
    loaded = load_banks([(a, True), (copy, False)])
    assert [bank.name for bank in loaded.banks] == ["Alpha"]
    assert len(loaded.problems) == 2


@pytest.mark.parametrize(
    ("content", "line", "field", "first"),
    [
        ("name: x\nname: y\nquestions:\n  - id: a\n    text: b\n", 2, "name", 1),
        ("name: x\nquestions:\n  - id: a\n    text: b\n    text: c\n", 5, "questions[1].text", 4),
        ("name: x\nquestions:\n  - id: a\n    id: b\n    text: c\n", 4, "questions[1].id", 3),
    ],
)
def test_a_field_given_twice_is_an_error(tmp_path: Path, content: str, line: int, field: str, first: int) -> None:
    path = write(tmp_path, content, "twice.yaml")
    result = check_bank(path)
    assert result.bank is None
    (problem,) = result.problems
    assert_located(problem, path, line, field, f"given twice (first on line {first})")


@pytest.mark.parametrize(
    "bad",
    [
        "name: x\nquestions:\n  - id: a\n   text: b\n",  # YAML syntax
        "",  # empty
        b"\x00\x01\x02",  # binary
        b"name: caf\xe9\n",  # not UTF-8
        "questions:\n  - id: a\n    text: b\n",  # no name
        "name: x\nquestions: []\n",  # no questions
        "name: x\nquestions:\n  - id: ok\n    text: b\n  - id: BAD\n    text: c\n",  # one bad question
        f"name: x\nquestions: {PAYLOAD} ['true']\n",  # unsafe tag
    ],
)
def test_one_bad_bank_never_stops_the_others(tmp_path: Path, bad: str | bytes) -> None:
    a = write(tmp_path, BANK_A, "a.yaml")
    broken = write(tmp_path, bad, "broken.yaml")
    c = write(tmp_path, "name: Gamma\nquestions:\n  - id: g\n    text: G?\n", "c.yaml")
    loaded = load_banks([(a, True), (broken, False), (c, False)])
    assert [bank.name for bank in loaded.banks] == ["Alpha", "Gamma"]
    assert loaded.problems and all(p.path == broken for p in loaded.problems)


def test_a_bank_with_problems_is_not_partly_loaded(tmp_path: Path) -> None:
    path = write(tmp_path, "name: x\nquestions:\n  - id: ok\n    text: b\n  - id: BAD\n    text: c\n")
    result = check_bank(path)
    assert result.bank is None and len(result.problems) == 1
    assert load_banks([(path, False)]).banks == []


def test_discover_bank_files(tmp_path: Path) -> None:
    builtin, user = tmp_path / "builtin", tmp_path / "user"
    builtin.mkdir()
    user.mkdir()
    for name in ("z.yaml", "a.yaml", "notes.txt"):
        (builtin / name).write_text("x")
    for name in ("b.yml", "a.yaml", "c.md"):
        (user / name).write_text("x")
    assert discover_bank_files(builtin, user) == [
        (builtin / "a.yaml", True),
        (builtin / "z.yaml", True),
        (user / "a.yaml", False),
        (user / "b.yml", False),
    ]
    assert discover_bank_files(builtin, None) == [(builtin / "a.yaml", True), (builtin / "z.yaml", True)]
    assert discover_bank_files(builtin, tmp_path / "missing") == discover_bank_files(builtin, None)


# --- choosing banks and the user's own points -----------------------------------------------------------


@pytest.fixture
def loaded(tmp_path: Path):  # type: ignore[no-untyped-def]
    stock = write(tmp_path, "name: Stock questions\nquestions:\n  - id: s\n    text: S?\n", "stock.yaml")
    teasers = write(tmp_path, "name: Brainteasers\nquestions:\n  - id: b\n    text: B?\n", "my-teasers.yaml")
    return load_banks([(stock, True), (teasers, False)])


@pytest.mark.parametrize(
    "wanted, expected",
    [
        (["Stock questions"], ["Stock questions"]),  # by name
        (["stock QUESTIONS"], ["Stock questions"]),  # case-insensitive
        (["  Brainteasers "], ["Brainteasers"]),  # surrounding spaces ignored
        (["stock"], ["Stock questions"]),  # by file stem
        (["MY-TEASERS"], ["Brainteasers"]),  # file stem, case-insensitive
        (["brainteasers", "stock"], ["Brainteasers", "Stock questions"]),  # in the order asked
        (["stock", "Stock questions"], ["Stock questions"]),  # the same bank once
        ([], []),
    ],
)
def test_select_banks(loaded, wanted: list[str], expected: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert [bank.name for bank in select_banks(loaded, wanted)] == expected


@pytest.mark.parametrize("wanted", [["nope"], ["stock", "nope"], ["stock.yaml"], [""]])
def test_select_unknown_bank(loaded, wanted: list[str]) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(BankError) as raised:
        select_banks(loaded, wanted)
    message = str(raised.value)
    assert "no bank of that name or file" in message
    assert "'Stock questions'" in message and "'Brainteasers'" in message


BANKS = [
    Bank(
        name="One", questions=(Question(id="a", text="A?", talking_points=("1", "2", "3")), Question(id="b", text="B?"))
    ),
    Bank(name="Two", questions=(Question(id="c", text="C?"),)),
]


@pytest.mark.parametrize(
    "overrides, expected",
    [
        ({}, {"a": ("1", "2", "3"), "b": (), "c": ()}),
        ({"a": ["x", "y", "z"]}, {"a": ("x", "y", "z"), "b": (), "c": ()}),  # replaces the bank's points
        ({"b": ("p", "q", "r")}, {"a": ("1", "2", "3"), "b": ("p", "q", "r"), "c": ()}),  # fills in missing ones
        (
            {"c": ["m", "n", "o"], "zzz": ["no", "such", "question"]},
            {"a": ("1", "2", "3"), "b": (), "c": ("m", "n", "o")},
        ),
    ],
)
def test_with_user_points(overrides: dict[str, list[str]], expected: dict[str, tuple[str, ...]]) -> None:
    result = with_user_points(BANKS, overrides)
    assert {q.id: q.talking_points for bank in result for q in bank.questions} == expected
    assert [bank.name for bank in result] == ["One", "Two"]
    assert BANKS[0].questions[0].talking_points == ("1", "2", "3")  # the originals are untouched


@pytest.mark.parametrize(
    ("point", "builtin", "problems", "warnings"),
    [
        ("I read their payments blog", False, [], []),
        ("\u200b", False, ["questions[1].talking_points[2]: the point shows nothing but hidden characters"], []),
        ("teamwork", False, [], ["questions[1].talking_points[2]: the point has only general words"]),
        ("teamwork", True, [], []),
    ],
    ids=["checkable", "invisible", "vague", "vague-builtin"],
)
def test_points_are_checked_for_being_checkable(
    tmp_path: Path, point: str, builtin: bool, problems: list[str], warnings: list[str]
) -> None:
    path = tmp_path / "b.yaml"
    path.write_text(
        "name: B\nquestions:\n  - id: q\n    text: Q?\n    talking_points:\n"
        f"      - I want to own a product\n      - {json.dumps(point)}\n      - I can start in May\n",
        encoding="utf-8",
    )
    result = check_bank(path, builtin=builtin)
    assert len(result.problems) == len(problems) and len(result.warnings) == len(warnings)
    for found, wanted in zip([*result.problems, *result.warnings], [*problems, *warnings], strict=True):
        assert str(found).startswith(f"{path}:7: {wanted}")
    assert (result.bank is None) == bool(problems)
