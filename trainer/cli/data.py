"""`trainer data export` and `trainer data delete`: everything the app keeps about you, as JSON, or gone."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from trainer.cli.common import TrainerGroup, fail
from trainer.cli.context import CliContext
from trainer.core.files import os_reason, printable_path

EXPORT_FORMAT = "trainer-export"
EXPORT_VERSION = 1
#: Columns the store keeps as JSON text; exported as the lists and objects they hold
JSON_COLUMNS = frozenset({"banks", "points", "verdicts", "filler_words", "last_verdicts", "fsrs_card"})
#: Where an interrupted `data delete` left what it had set aside; the next one finishes it
DELETING_PREFIX = ".deleting-"


@click.group(cls=TrainerGroup)
def data() -> None:
    """Export everything the app keeps about you as JSON, or delete it."""


# --- export --------------------------------------------------------------------------------------------------


@data.command("export")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write to FILE (mode 0600)."
)
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@click.pass_obj
def data_export(cli: CliContext, output: Path | None, force: bool) -> None:
    """Everything as one JSON object: sessions, attempts, cards, your points, key messages, notes, banks, settings."""
    from trainer.core.files import FileExists, is_stdout, write_atomically

    if output is not None and os.path.lexists(output) and not force and not is_stdout(output):
        fail(f"{printable_path(output)}: already exists; add --force to replace it")
    text = json.dumps(export_everything(cli), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        write_atomically(output, text, replace=force)
    except FileExists:
        fail(f"{printable_path(output)}: already exists; add --force to replace it")
    if not is_stdout(output):
        click.echo(f"exported to {printable_path(output)}", err=True)


def export_everything(cli: CliContext) -> dict[str, Any]:
    """The export: every table of the database, the user's bank files, and the settings."""
    from trainer import paths

    home = paths.home()
    database: dict[str, list[dict[str, Any]]] = {}
    schema = None
    if paths.db_path().is_file():  # exporting never creates a database
        store = cli.store(reading_will_do=True)
        schema = store.schema_version
        database = {name: [_decoded(row) for row in rows] for name, rows in store.dump().items()}
    settings = dataclasses.asdict(cli.settings)
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "trainer_home": str(home),
        "schema_version": schema,
        "database": database,
        "banks": [_bank_entry(p) for p in _user_banks()],
        "settings": {key: list(value) if isinstance(value, tuple) else value for key, value in settings.items()},
        # what the app remembered between runs (Home's last choices, the interviewer's name, ...)
        "preferences": {k: list(v) if isinstance(v, tuple) else v for k, v in _preferences().items()},
    }


def _preferences() -> dict[str, Any]:
    from trainer.preferences import load_preferences

    return dataclasses.asdict(load_preferences())


def _decoded(row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    for key, value in row.items():
        if key in JSON_COLUMNS and isinstance(value, str):
            with contextlib.suppress(ValueError):
                out[key] = json.loads(value)
    return out


def _bank_entry(path: Path) -> dict[str, str]:
    """A user bank file as exported: its text, or why it could not be read (the export goes on)."""
    from trainer.core.banks import MAX_BANK_BYTES
    from trainer.core.files import FileProblem, read_bytes

    try:
        return {"file": path.name, "text": read_bytes(path, MAX_BANK_BYTES, what="bank").decode("utf-8", "replace")}
    except FileProblem as exc:
        return {"file": path.name, "error": exc.reason}


def _user_banks() -> list[Path]:
    from trainer import paths

    folder = paths.home() / "banks"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in (".yaml", ".yml"))


# --- delete --------------------------------------------------------------------------------------------------


@data.command("delete")
@click.option("--yes", is_flag=True, help="Do not ask first.")
def data_delete(yes: bool) -> None:
    """Delete your practice history (the database and its backups) and your own banks; settings are kept."""
    from trainer import paths

    home = paths.home()
    _finish_interrupted(home)
    doomed = _to_delete(home)
    if not doomed:
        click.echo(f"nothing to delete in {home}")
        return
    click.echo(f"This deletes, in {home}:")
    for path in doomed:
        click.echo(f"  {path.name}{'/' if path.is_dir() else ''}")
    click.echo("and keeps config.yaml (your settings) and models/ (downloaded models).")
    if not yes and not _confirmed():
        fail("nothing deleted")
    if not os.access(home, os.W_OK):
        fail(f"{printable_path(home)} cannot be written ({_why_read_only(home)}); nothing deleted")
    _quiesce(paths.db_path())
    # everything is first moved aside in one folder (each move is atomic), then that folder removed:
    # a kill part-way leaves each item whole, either in place or set aside, and the next delete finishes
    aside = home / f"{DELETING_PREFIX}{datetime.now(UTC).strftime('%Y%m%dT%H%M%S%fZ')}"
    try:
        aside.mkdir(mode=0o700)
    except OSError as exc:
        fail(f"{printable_path(home)}: cannot delete ({os_reason(exc)}); nothing deleted")
    try:
        for path in doomed:
            if path.exists():
                os.replace(path, aside / path.name)
    except OSError as exc:
        # what was set aside is put back, so nothing is half deleted
        for moved in aside.iterdir():
            with contextlib.suppress(OSError):
                os.replace(moved, home / moved.name)
        with contextlib.suppress(OSError):
            aside.rmdir()
        fail(f"{printable_path(home)}: cannot delete ({os_reason(exc)}); nothing deleted")
    shutil.rmtree(aside)
    click.echo(f"deleted {len(doomed)} item{'s' if len(doomed) != 1 else ''}")


def _why_read_only(folder: Path) -> str:
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return "a read-only file system"
    except OSError:
        pass
    return "permission denied"


def _confirmed() -> bool:
    try:
        return click.confirm("Delete them? This cannot be undone", default=False, err=True)
    except click.Abort:  # no answer (end of input, Ctrl-C): nothing is deleted
        click.echo("", err=True)
        return False


def _to_delete(home: Path) -> list[Path]:
    """In the order they are moved: the WAL before the database, so a database never meets an old WAL."""
    found = [home / f"trainer.db{suffix}" for suffix in ("-wal", "-shm", "")]
    found += sorted(home.glob("trainer.db.corrupt-*"))
    found += [home / "banks", home / "recordings", home / "preferences.json"]
    return [p for p in found if p.exists() or p.is_symlink()]


def _quiesce(db: Path) -> None:
    """Refuse while another trainer has the database open; fold the WAL into the file first."""
    if not db.is_file():
        return
    try:
        connection = sqlite3.connect(db, timeout=2.0, isolation_level=None)
    except sqlite3.Error as exc:
        fail(f"{db}: cannot open ({exc}); nothing deleted")
    try:
        # exclusive locking is refused while any other connection has the file open, even an idle one
        connection.execute("PRAGMA locking_mode = EXCLUSIVE")
        connection.execute("BEGIN EXCLUSIVE")
        connection.execute("COMMIT")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            fail("another trainer has the database open; close it, then delete again (nothing deleted)")
        # a damaged or foreign file: nothing to fold in, and deleting it is what was asked
    except sqlite3.DatabaseError:
        pass
    finally:
        connection.close()


def _finish_interrupted(home: Path) -> None:
    """Remove what an earlier, interrupted delete had already set aside."""
    for leftover in home.glob(f"{DELETING_PREFIX}*"):
        if leftover.is_dir():
            shutil.rmtree(leftover)
