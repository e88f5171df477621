"""The `trainer` command line: parses arguments, builds the parts, then opens the TUI or calls a use case.

One module per command group; each registers nothing itself: the group below adds them. Heavy modules
(Textual, the scorer, speech) are imported inside the commands that need them, so `trainer --help` stays fast.
"""

from __future__ import annotations

import click

from trainer.cli import banks, data, practice, report, review, score, settings, speech
from trainer.cli.common import TrainerGroup, run_tui
from trainer.cli.context import CliContext


@click.group(cls=TrainerGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="trainer", prog_name="trainer")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Practise job interviews out loud: questions spoken, answers heard, your three points checked.

    With no command, opens the home screen.
    """
    ctx.obj = CliContext(ctx)
    if ctx.invoked_subcommand is None:
        run_tui(mode="home")


main.add_command(practice.practice)
main.add_command(score.score)
main.add_command(banks.banks)
main.add_command(banks.points)
main.add_command(review.drill)
main.add_command(review.review)
main.add_command(review.queue)
main.add_command(report.report)
main.add_command(data.data)
main.add_command(speech.transcribe)
main.add_command(speech.say)
main.add_command(speech.doctor)
main.add_command(speech.models)
main.add_command(settings.settings)
