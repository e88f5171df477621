"""`trainer banks ...` and `trainer points ...`: list, check and import banks; the user's own talking points."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from trainer.cli import TrainerGroup, fail, open_store

# --- banks -------------------------------------------------------------------------------------------------


@click.group(cls=TrainerGroup)
def banks() -> None:
    """List, check and import question banks."""


@banks.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the banks and their questions as JSON.")
def banks_list(as_json: bool) -> None:
    """The banks you can practise, with their questions."""
    from trainer.catalog import load_catalog

    store = open_store()
    try:
        loaded = load_catalog(user_points=store.user_points())
    finally:
        store.close()
    for problem in loaded.problems:
        click.echo(f"trainer: skipped: {problem}", err=True)
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
        click.echo(f"{bank.name} ({len(bank.questions)} questions, {bank.kind}, {where})")
        for q in bank.questions:
            click.echo(f"  {q.id:<32} {q.text}")


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
        click.echo(str(problem), err=True)
    if loaded.problems:
        sys.exit(1)
    total = sum(len(b.questions) for b in loaded.banks)
    click.echo(f"ok: {len(loaded.banks)} bank(s), {total} questions")


# --- points ------------------------------------------------------------------------------------------------


@click.group(cls=TrainerGroup)
def points() -> None:
    """Your own three talking points for a question."""


@points.command("set")
@click.argument("question_id")
@click.argument("p1")
@click.argument("p2")
@click.argument("p3")
def points_set(question_id: str, p1: str, p2: str, p3: str) -> None:
    """Set your three talking points for QUESTION_ID (they override the bank's)."""
    from trainer.catalog import load_catalog
    from trainer.core.banks import MAX_POINT_CHARS
    from trainer.core.store import utc_now

    cleaned = [" ".join(p.split()) for p in (p1, p2, p3)]
    for number, point in enumerate(cleaned, start=1):
        if not point:
            fail(f"point {number} is empty")
        if len(point) > MAX_POINT_CHARS:
            fail(f"point {number} is {len(point)} characters; at most {MAX_POINT_CHARS}")
    store = open_store()
    try:
        if load_catalog().find(question_id) is None:
            fail(f"no question with id {question_id!r} (see: trainer banks list)")
        store.set_user_points(question_id, cleaned, utc_now())
    finally:
        store.close()
    click.echo(f"saved your points for {question_id}")
