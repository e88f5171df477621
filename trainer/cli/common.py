"""What the commands share: one-line failures, the group that turns our errors into them, opening the TUI."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any, NoReturn

import click

from trainer.cli.context import get_context
from trainer.core.errors import TrainerError
from trainer.core.files import printable_path

if TYPE_CHECKING:
    from trainer.core.banks import LoadedBanks


def fail(message: str) -> NoReturn:
    """Print one line on stderr and exit 1 (what it quotes, a file name or a bank's text, escaped to stay one line)."""
    click.echo(f"trainer: {printable_path(message)}", err=True)
    sys.exit(1)


class TrainerGroup(click.Group):
    """A click group that turns our own errors into one line and exit code 1, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TrainerError as exc:
            fail(str(exc))
        except KeyboardInterrupt:
            click.echo("", err=True)
            sys.exit(130)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except Exception as exc:
            if os.environ.get("TRAINER_DEBUG"):
                raise
            fail(f"unexpected error: {type(exc).__name__}: {exc} (run with TRAINER_DEBUG=1 for details)")


def run_tui(mode: str, catalog: LoadedBanks | None = None, **options: Any) -> None:
    """Open the TUI in `mode` (home, practice, drill, review) over the command's settings and store.

    `catalog`: the banks, when the command has loaded them already (practice checks its arguments on them).
    """
    from trainer.ui.app import make_app
    from trainer.ui.options import PracticeOptions

    cli = get_context()
    settings = cli.settings
    app = make_app(
        settings=settings,
        store=cli.store(reading_will_do=True),  # read-only data can still be reviewed; saves then say why not
        mode=mode,
        practice=PracticeOptions.from_cli(settings, **options) if mode in ("practice", "drill") else None,
        catalog=catalog,
    )
    app.run()
    for what in app.unsaved():  # the app kept it to the end; the terminal is the last place to show it
        click.echo(f"trainer: not saved ({app.saves.reason}): {printable_path(what)}", err=True)
    if app.return_code:
        sys.exit(app.return_code)
