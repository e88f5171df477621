"""`trainer banks import/new/validate`, `--bank PATH` and `points set` through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from trainer import paths
from trainer.cli import main
from trainer.core.banks import check_bank

ROOT = Path(__file__).resolve().parent.parent
REAL_LIST = ROOT.parent / "shared" / "data" / "external" / "behavioral-interview-questions.md"


@pytest.fixture(autouse=True)
def lexical_only(trainer_home: Path) -> None:
    """These tests check banks, not the model: keep scoring lexical and fast."""
    (trainer_home / "config.yaml").write_text("use_judge: false\n", encoding="utf-8")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def banks_folder() -> dict[str, bytes]:
    """Every file in the user's banks folder (hidden temporary files included), with its bytes."""
    return {p.name: p.read_bytes() for p in sorted(paths.banks_dir().iterdir())}


def listed() -> dict[str, dict[str, object]]:
    code, out, _ = run("banks", "list", "--json")
    assert code == 0
    return {q["id"]: q for b in json.loads(out)["banks"] for q in b["questions"]}


# --- import, every format ----------------------------------------------------------------------------------------

FORMATS = [
    pytest.param(
        "list.md",
        "# Interview prep\n\n## Teamwork\n\n1. How do you handle a disagreement with a peer?\n"
        "2. Describe your ideal team.\n\nSome prose.\n",
        "Interview prep",
        ["how-do-you-handle-a-disagreement-with-a-peer", "describe-your-ideal-team"],
        ["line 8: not a list item: 'Some prose.'"],
        id="markdown",
    ),
    pytest.param(
        "my-list.txt",
        "# from the recruiter\nHow do you handle a disagreement with a peer?\nDescribe your ideal team.\n",
        "My list",
        ["how-do-you-handle-a-disagreement-with-a-peer", "describe-your-ideal-team"],
        ["line 1: a comment: '# from the recruiter'"],
        id="text",
    ),
    pytest.param(
        "sheet.csv",
        "question,point1,point2,point3,kind,time_limit\n"
        "How do you handle a disagreement with a peer?,listen first,find the shared goal,agree a test,stock,90\n"
        "Describe your ideal team.,,,,,\nOnly two points?,a,b,,,\n",
        "Sheet",
        ["how-do-you-handle-a-disagreement-with-a-peer", "describe-your-ideal-team"],
        ["line 4: 2 of 3 talking points given; give all three or none: 'Only two points?'"],
        id="csv",
    ),
    pytest.param(
        "bank.yaml",
        "name: Peer questions\nquestions:\n  - id: peer-disagreement\n    text: How do you handle a disagreement?\n"
        "  - id: ideal-team\n    text: Describe your ideal team.\n",
        "Peer questions",
        ["peer-disagreement", "ideal-team"],
        [],
        id="yaml",
    ),
]


@pytest.mark.parametrize(("name", "content", "bank_name", "ids", "skipped"), FORMATS)
def test_import_writes_a_valid_bank(
    tmp_path: Path, name: str, content: str, bank_name: str, ids: list[str], skipped: list[str]
) -> None:
    source = tmp_path / name
    source.write_text(content, encoding="utf-8")
    code, out, err = run("banks", "import", str(source))
    assert code == 0, err
    target = paths.banks_dir() / f"{source.stem}.yaml"
    assert f"imported 2 questions from {source} into {target} (bank {bank_name!r})" in out
    assert [line.strip() for line in out.splitlines() if line.startswith("  line")] == skipped
    check = check_bank(target)
    assert check.problems == [] and check.bank is not None
    assert check.bank.name == bank_name
    assert [q.id for q in check.bank.questions] == ids
    assert set(ids) <= set(listed())
    assert run("banks", "validate", str(target))[0] == 0
    assert [p.name for p in paths.banks_dir().iterdir()] == [target.name]  # no temporary file left


def test_csv_import_keeps_points_kind_and_time_limit(tmp_path: Path) -> None:
    source = tmp_path / "sheet.csv"
    source.write_text(FORMATS[2].values[1], encoding="utf-8")  # type: ignore[index]
    assert run("banks", "import", str(source))[0] == 0
    question = listed()["how-do-you-handle-a-disagreement-with-a-peer"]
    assert question["talking_points"] == ["listen first", "find the shared goal", "agree a test"]
    assert (question["kind"], question["time_limit"]) == ("stock", 90)


@pytest.mark.skipif(not REAL_LIST.is_file(), reason="the shared data folder is not present")
def test_import_the_real_published_markdown_list() -> None:
    code, out, err = run("banks", "import", str(REAL_LIST))
    assert code == 0, err
    count = int(out.split()[1])
    assert count >= 80
    target = paths.banks_dir() / "behavioral-interview-questions.yaml"
    bank = check_bank(target).bank
    assert bank is not None and len(bank.questions) == count
    # a question the built-in bank also asks keeps a unique id
    assert "id 'tell-me-about-yourself' is already used: this question is 'tell-me-about-yourself-2'" in out
    assert "skipped 14 lines:" in out and "line 89: not a list item: 'Source: Glassdoor'" in out
    categories = {q.category for q in bank.questions}
    assert "Amazon Software Engineer behavioral interview questions" in categories
    assert "practise it: trainer practice --bank behavioral-interview-questions" in out


# --- malformed files: one line, exit 1, nothing written -----------------------------------------------------------

MALFORMED = [
    pytest.param("bad.yaml", "name: x\nquestions:\n  - id: a\n    text: [oops\n", ":5: not valid YAML", id="yaml"),
    pytest.param("bad.yaml", "name: x\nquestions:\n  - id: Bad Id\n    text: Hi?\n", ":3: questions[1]", id="schema"),
    pytest.param("bad.md", "---\ntitle: x\n\n- Why us here?\n", ":1: front matter opened here", id="md-front-matter"),
    pytest.param("bad.md", "- Why us here?\n```\n- code\n", ":2: code block opened here", id="md-fence"),
    pytest.param("bad.md", "Just prose, no list.\n", ": no questions found; 1 line(s) skipped", id="md-no-list"),
    pytest.param("bad.txt", "Why us here?\n\udcff\n", ":2: not UTF-8 text", id="txt-encoding"),
    pytest.param("bad.txt", "#only a comment\n", ": no questions found", id="txt-empty"),
    pytest.param("bad.csv", 'question\n"Why us here?\n', ":2: not valid CSV: unexpected end of data", id="csv-quote"),
    pytest.param("bad.csv", "kind,point1\nstock,a\n", ":1: the header has no question column", id="csv-header"),
    pytest.param("bad.docx", "Why us?", ": cannot import .docx", id="unknown-type"),
]


@pytest.mark.parametrize(("name", "content", "expected"), MALFORMED)
def test_malformed_files_fail_with_one_line_and_write_nothing(
    tmp_path: Path, name: str, content: str, expected: str
) -> None:
    source = tmp_path / name
    source.write_bytes(content.encode("utf-8", "surrogateescape"))
    paths.banks_dir().joinpath("keep.yaml").write_text("name: Keep\nquestions:\n  - id: k\n    text: Hi?\n")
    before = banks_folder()
    code, out, err = run("banks", "import", str(source))
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"trainer: {source}") and expected in err
    assert banks_folder() == before


def test_missing_file() -> None:
    code, _, err = run("banks", "import", "/nonexistent/list.md")
    assert code == 1 and err == "trainer: /nonexistent/list.md: no such file\n"


# --- names and replacing --------------------------------------------------------------------------------------------


def test_import_refuses_to_replace_a_bank_unless_forced_and_ids_stay_stable(tmp_path: Path) -> None:
    source = tmp_path / "list.txt"
    source.write_text("Why do you want this job?\nWhat is your biggest win?\n", encoding="utf-8")
    assert run("banks", "import", str(source))[0] == 0
    before = banks_folder()
    code, _, err = run("banks", "import", str(source))
    assert code == 1 and "a bank with this file name exists; add --force to replace it, or choose --name" in err
    assert banks_folder() == before
    source.write_text("What is your biggest win?\nWhy do you want this job?\nA new question here?\n", encoding="utf-8")
    code, out, _ = run("banks", "import", str(source), "--force")
    assert code == 0 and "imported 3 questions" in out and "already used" not in out
    ids = set(listed())
    assert {"why-do-you-want-this-job", "what-is-your-biggest-win", "a-new-question-here"} <= ids


def test_import_under_another_name_and_a_clashing_name(tmp_path: Path) -> None:
    source = tmp_path / "list.txt"
    source.write_text("Why do you want this job?\n", encoding="utf-8")
    code, out, _ = run("banks", "import", str(source), "--name", "Acme final round")
    assert code == 0 and "(bank 'Acme final round')" in out
    assert (paths.banks_dir() / "acme-final-round.yaml").is_file()
    before = banks_folder()
    code, _, err = run("banks", "import", str(source), "--name", "stock questions")
    assert code == 1 and "a bank named 'stock questions' already exists" in err
    assert banks_folder() == before


# --- new, validate, --bank PATH -------------------------------------------------------------------------------------


def test_banks_new_writes_a_template_that_validates() -> None:
    code, out, _ = run("banks", "new", "Acme onsite")
    target = paths.banks_dir() / "acme-onsite.yaml"
    assert code == 0 and f"wrote {target}" in out
    assert target.read_text(encoding="utf-8").startswith("# Acme onsite: your own question bank.")
    assert run("banks", "validate", str(target)) == (0, "ok: 1 bank, 2 questions\n", "")
    assert "acme-onsite-tell-me-about-yourself" in listed()
    code, _, err = run("banks", "new", "Acme onsite")
    assert code == 1 and "already exists; add --force" in err
    assert run("banks", "new", "Acme onsite", "--force")[0] == 0


@pytest.mark.parametrize("name", ["prep.md", "prep.TXT", "prep.csv"])
def test_validate_says_a_list_is_imported_not_validated(tmp_path: Path, name: str) -> None:
    listed = tmp_path / name
    listed.write_text("# Prep\n\n- Why us?\n", encoding="utf-8")
    assert run("banks", "validate", str(listed)) == (
        1,
        "",
        f"trainer: {listed}: a list of questions, not a bank (.yaml): trainer banks import {listed} makes it one\n",
    )


def test_validate_reports_every_problem_with_its_line(tmp_path: Path) -> None:
    bank = tmp_path / "bank.yaml"
    bank.write_text("name: x\nquestions:\n  - id: Bad Id\n    text: Hi?\n  - text: no id\n", encoding="utf-8")
    code, _, err = run("banks", "validate", str(bank))
    assert code == 1
    assert err.splitlines() == [
        f"{bank}:3: questions[1].id: 'Bad Id' must be lower-case letters, digits and dashes",
        f"{bank}:5: questions[2].id: missing",
    ]


def test_practice_accepts_a_yaml_bank_file_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from trainer.ui.app import TrainerApp

    bank = tmp_path / "elsewhere" / "onsite.yaml"
    bank.parent.mkdir()
    bank.write_text("name: Onsite\nquestions:\n  - id: onsite-why\n    text: Why this team?\n", encoding="utf-8")
    started: list[TrainerApp] = []
    monkeypatch.setattr(TrainerApp, "run", lambda self, *a, **k: started.append(self))
    code, _, err = run("practice", "--bank", str(bank), "--typed")
    assert code == 0, err
    app = started[0]
    assert app.practice_options is not None
    chosen = app.banks_for(app.practice_options)
    assert [(b.name, b.path) for b in chosen] == [("Onsite", bank.resolve())]
    assert [q.id for q in chosen[0].questions] == ["onsite-why"]


# --- the user's own points ------------------------------------------------------------------------------------------


def test_points_set_on_an_imported_question_is_listed_and_scored(tmp_path: Path) -> None:
    source = tmp_path / "list.txt"
    source.write_text("Why do you want this job?\n", encoding="utf-8")
    assert run("banks", "import", str(source))[0] == 0
    before = (paths.banks_dir() / "list.yaml").read_bytes()
    points = ["the mission matters to me", "my payments experience fits", "I want to lead a team"]
    assert run("points", "set", "why-do-you-want-this-job", *points) == (
        0,
        "saved your points for why-do-you-want-this-job\n",
        "",
    )
    assert listed()["why-do-you-want-this-job"]["talking_points"] == points
    assert (paths.banks_dir() / "list.yaml").read_bytes() == before  # the bank file is never written
    answer = "The mission matters to me, and my payments experience fits well."
    code, out, err = run("score", "--question", "why-do-you-want-this-job", "--text", answer, "--json")
    assert code == 0, err
    assert json.loads(out)["covered"] == [True, True, False]


def test_imported_yaml_is_plain_safe_yaml(tmp_path: Path) -> None:
    source = tmp_path / "odd.txt"
    source.write_text("yes: no?\n'Quoted' & <tagged> # hash?\n", encoding="utf-8")
    assert run("banks", "import", str(source))[0] == 0
    data = yaml.safe_load((paths.banks_dir() / "odd.yaml").read_text(encoding="utf-8"))
    assert [q["text"] for q in data["questions"]] == ["yes: no?", "'Quoted' & <tagged> # hash?"]


def test_banks_list_lines_up_the_texts_of_a_bank_with_long_ids(tmp_path: Path) -> None:
    listed = tmp_path / "long.txt"
    listed.write_text(
        "Why us?\nTell me about a time you disagreed with your manager and what came of it?\n", encoding="utf-8"
    )
    assert run("banks", "import", str(listed), "--name", "Long ids")[0] == 0
    code, out, _ = run("banks", "list")
    assert code == 0
    lines = out.split("Long ids (2 questions", 1)[1].splitlines()[1:3]
    assert lines[0].split()[0] == "why-us" and len(lines[1].split()[0]) > 32  # an id longer than the column
    assert lines[0].index(" Why us?") == lines[1].index(" Tell me")
