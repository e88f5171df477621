"""`trainer banks ...` and `trainer points ...`: list, check and import banks; the user's own talking points."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from trainer.cli import TrainerGroup, fail, open_store
from trainer.core.files import printable_path

# --- banks -------------------------------------------------------------------------------------------------


def _banks() -> None:
    """List, check, create and import question banks."""


# typed by hand: cli.py imports this module while it is itself being imported, and mypy cannot infer it then
banks: click.Group = click.group("banks", cls=TrainerGroup)(_banks)


@banks.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the banks and their questions as JSON.")
def banks_list(as_json: bool) -> None:
    """The banks you can practise, with their questions."""
    from trainer.catalog import load_catalog

    store = open_store(reading_will_do=True)
    try:
        loaded = load_catalog(user_points=store.user_points())
    finally:
        store.close()
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
        for q in bank.questions:
            click.echo(printable_path(f"  {q.id:<32} {q.text}"))


@banks.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def banks_validate(files: tuple[Path, ...]) -> None:
    """Check bank files; one line per problem, exit 1 if any."""
    from trainer.core.banks import load_banks

    for path in files:
        if not path.is_file():
            fail(f"{path}: no such file")
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
    from trainer.catalog import load_catalog
    from trainer.core.bank_files import bank_document, render_bank, write_bank_file
    from trainer.core.importers import read_question_list, slugify
    from trainer.core.talking_points import point_warnings

    if name is not None and not name.strip():
        fail("--name is empty")
    imported = read_question_list(file)
    title = " ".join((name or imported.title or file.stem.replace("-", " ").replace("_", " ").capitalize()).split())
    folder = paths.banks_dir()
    target = folder / f"{slugify(name or file.stem)}.yaml"
    if target.exists() and not force:
        fail(f"{target}: a bank with this file name exists; add --force to replace it, or choose --name")
    others = [b for b in load_catalog(user_dir=folder).banks if b.path is None or b.path.resolve() != target.resolve()]
    clash = next((b for b in others if b.name.casefold() == title.casefold()), None)
    if clash is not None:
        fail(f"a bank named {title!r} already exists ({clash.path}); choose another with --name")
    document = bank_document(imported, title, {q.id for b in others for q in b.questions})
    write_bank_file(target, render_bank(document, file.name), replace=force)

    count = document.question_count
    shown = printable_path(f"from {file} into {target}")
    click.echo(f"imported {count} question{'s' if count != 1 else ''} {shown} (bank {title!r})")
    for wanted, given in document.renamed:
        click.echo(f"  id {wanted!r} is already used: this question is {given!r}")
    if imported.skipped:
        click.echo(f"skipped {len(imported.skipped)} line{'s' if len(imported.skipped) != 1 else ''}:")
        for skipped in imported.skipped:
            click.echo(printable_path(f"  {skipped}"))
    for question in imported.questions:  # imported as they are, but said, so the user can sharpen them
        for warning in point_warnings(question.talking_points):
            click.echo(printable_path(f"trainer: warning: {file}:{question.line}: {warning}"), err=True)
    click.echo(f"practise it: trainer practice --bank {target.stem}")


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


def _points() -> None:
    """Your own three talking points for a question."""


points: click.Group = click.group("points", cls=TrainerGroup)(_points)


@points.command("set")
@click.argument("question_id")
@click.argument("p1")
@click.argument("p2")
@click.argument("p3")
def points_set(question_id: str, p1: str, p2: str, p3: str) -> None:
    """Set your three talking points for QUESTION_ID (they override the bank's)."""
    from trainer.catalog import load_catalog
    from trainer.core.store import utc_now
    from trainer.core.talking_points import clean_points, point_problems, point_warnings

    problem = next((p for p in point_problems((p1, p2, p3)) if p), None)
    if problem:
        fail(problem)
    cleaned = clean_points((p1, p2, p3))
    store = open_store()
    try:
        if load_catalog().find(question_id) is None:
            fail(f"no question with id {question_id!r} (see: trainer banks list)")
        store.set_user_points(question_id, cleaned, utc_now())
    finally:
        store.close()
    click.echo(f"saved your points for {question_id}")
    for warning in point_warnings(cleaned):
        click.echo(f"trainer: warning: {warning}", err=True)
