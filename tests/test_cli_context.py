"""The command's context: settings read only when asked for, the store opened once and closed when it ends."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from trainer.cli.context import CliContext, get_context
from trainer.core.errors import ConfigError
from trainer.core.store import Store


def probe_group(seen: list[object], *, settings: bool, store: bool) -> click.Group:
    """A group made as `main` makes its context, with one command that asks for what it is told to."""

    @click.group()
    @click.pass_context
    def group(ctx: click.Context) -> None:
        ctx.obj = CliContext(ctx)

    @group.command()
    @click.pass_obj
    def probe(cli: CliContext) -> None:
        if settings:
            seen.append(cli.settings)
            assert cli.settings is seen[-1]
        if store:
            opened = cli.store()
            assert cli.store(reading_will_do=True) is opened and get_context().store() is opened  # one store
            opened.cards()  # open while the command runs
            seen.append(opened)

    return group


@pytest.mark.parametrize(
    ("settings", "store", "config", "code"),
    [
        (False, False, "rate: [not, a, number]\n", 0),  # never read: a broken config.yaml does not matter
        (True, False, "rate: [not, a, number]\n", 1),
        (False, True, "rate: [not, a, number]\n", 0),
        (True, True, "rate: 170\n", 0),
    ],
    ids=["nothing", "settings-broken", "store-only", "both"],
)
def test_what_a_command_asks_for_is_made_once(
    trainer_home: Path, settings: bool, store: bool, config: str, code: int
) -> None:
    (trainer_home / "config.yaml").write_text(config, encoding="utf-8")
    seen: list[object] = []
    result = CliRunner().invoke(probe_group(seen, settings=settings, store=store), ["probe"])
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, ConfigError) if code else result.exception is None
    assert (trainer_home / "trainer.db").exists() == store
    for opened in (s for s in seen if isinstance(s, Store)):
        with pytest.raises(sqlite3.ProgrammingError):  # closed when the command ended
            opened.cards()
