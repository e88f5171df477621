"""`trainer banks ...` and `trainer points ...`: list, check and import banks; the user's own talking points."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from trainer.cli.common import TrainerGroup, fail
from trainer.cli.context import CliContext
from trainer.core.files import printable_path

# --- banks -------------------------------------------------------------------------------------------------


@click.group(cls=TrainerGroup)
def banks() -> None:
    """List, check, create and import question banks."""


@banks.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the banks and their questions as JSON.")
@click.pass_obj
def banks_list(cli: CliContext, as_json: bool) -> None:
    """The banks you can practise, with their questions."""
    from trainer.catalog import load_catalog

    loaded = load_catalog(user_points=cli.store(reading_will_do=True).user_points())
    for problem in loaded.problems:
        click.echo(f"trainer: skipped: {printable_path(str(problem))}", err=True)
    if as_json:
        data = [
            {
                "name": bank.name,
                "kind": bank.kind,
                "builtin": bank.builtin,
                "path": str(bank.path) if bank.path else None,
                "time_limit": bank.time_limit,
                "questions": [
                    {
                        "id": q.id,
                        "text": q.text,
                        "kind": q.kind,
                        "talking_points": list(q.talking_points),
                        "time_limit": q.time_limit,
                        "tip": q.tip,
                        "category": q.category,
                    }
                    for q in bank.questions
                ],
            }
            for bank in loaded.banks
        ]
        click.echo(json.dumps({"banks": data}, ensure_ascii=False, indent=2))
        return
    for bank in loaded.banks:
        where = "built in" if bank.builtin else str(bank.path)
        count = len(bank.questions)
        click.echo(printable_path(f"{bank.name} ({count} question{'s' if count != 1 else ''}, {bank.kind}, {where})"))
        # the texts line up in a bank however long its ids are
        id_width = max((len(q.id) for q in bank.questions), default=0)
        for q in bank.questions:
            click.echo(printable_path(f"  {q.id:<{max(32, id_width)}} {q.text}"))


@banks.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def banks_validate(files: tuple[Path, ...]) -> None:
    """Check bank files; one line per problem, exit 1 if any."""
    from trainer.core.banks import load_banks

    for path in files:
        if not path.is_file():
            fail(f"{path}: no such file")
        if path.suffix.lower() in (".md", ".markdown", ".txt", ".csv"):  # a list, read only by the importer
            fail(f"{path}: a list of questions, not a bank (.yaml): trainer banks import {path} makes it one")
    loaded = load_banks((p, False) for p in files)
    for problem in loaded.problems:
        click.echo(printable_path(str(problem)), err=True)
    for warning in loaded.warnings:  # a point that loads but may never be judged made: said, never a failure
        click.echo(printable_path(f"warning: {warning}"), err=True)
    if loaded.problems:
        sys.exit(1)
    total = sum(len(b.questions) for b in loaded.banks)
    banks = len(loaded.banks)
    click.echo(f"ok: {banks} bank{'s' if banks != 1 else ''}, {total} question{'s' if total != 1 else ''}")


@banks.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--name", default=None, help="The bank's name (default: the list's title, else the file name).")
@click.option("--force", is_flag=True, help="Replace a bank already imported under the same file name.")
def banks_import(file: Path, name: str | None, force: bool) -> None:
    """Import a list of questions (.yaml, .md, .txt or .csv) as a bank of your own."""
    from trainer import paths
    from trainer.use_cases.import_bank import BankFileExists, BankNameTaken, import_bank, outcome_lines

    if name is not None and not name.strip():
        fail("--name is empty")
    try:
        result = import_bank(file, name, force, banks_dir=paths.banks_dir())
    except BankFileExists as exc:
        fail(f"{exc}; add --force to replace it, or choose --name")
    except BankNameTaken as exc:
        fail(f"{exc}; choose another with --name")
    for line in outcome_lines(result):
        click.echo(printable_path(line))
    for warning in result.warnings:
        click.echo(printable_path(f"trainer: warning: {warning}"), err=True)
    click.echo(f"practise it: trainer practice --bank {result.target.stem}")


@banks.command("new")
@click.argument("name")
@click.option("--force", is_flag=True, help="Replace a bank file of the same name.")
def banks_new(name: str, force: bool) -> None:
    """Write a commented bank template to fill in, in your banks folder."""
    from trainer import paths
    from trainer.core.bank_files import bank_template, write_bank_file
    from trainer.core.importers import slugify

    if not name.strip():
        fail("the bank's name is empty")
    target = paths.banks_dir() / f"{slugify(name)}.yaml"
    if target.exists() and not force:
        fail(f"{target}: already exists; add --force to replace it, or choose another name")
    write_bank_file(target, bank_template(name), replace=force)
    click.echo(f"wrote {target}")
    click.echo(f"edit it, then check it with: trainer banks validate {target}")


# --- points ------------------------------------------------------------------------------------------------


@click.group(cls=TrainerGroup)
def points() -> None:
    """Your own three talking points for a question."""


@points.command("set")
@click.argument("question_id")
@click.argument("p1")
@click.argument("p2")
@click.argument("p3")
@click.pass_obj
def points_set(cli: CliContext, question_id: str, p1: str, p2: str, p3: str) -> None:
    """Set your three talking points for QUESTION_ID (they override the bank's)."""
    from trainer.catalog import load_catalog
    from trainer.core.store import utc_now
    from trainer.core.talking_points import clean_points, point_problems, point_warnings

    problem = next((p for p in point_problems((p1, p2, p3)) if p), None)
    if problem:
        fail(problem)
    cleaned = clean_points((p1, p2, p3))
    store = cli.store()
    if load_catalog().find(question_id) is None:
        fail(f"no question with id {question_id!r} (see: trainer banks list)")
    store.set_user_points(question_id, cleaned, utc_now())
    click.echo(f"saved your points for {question_id}")
    for warning in point_warnings(cleaned):
        click.echo(f"trainer: warning: {warning}", err=True)
