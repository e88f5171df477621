"""`trainer report`: a session as Markdown (answers, verdicts with evidence, delivery, note, reflection)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from trainer.cli.context import CliContext
from trainer.core.errors import TrainerError
from trainer.core.files import is_stdout, printable_path, printable_text, write_atomically


@click.command()
@click.option("--last", is_flag=True, help="The most recent session with answers (a `trainer score --save` counts).")
@click.option("--session", "session_id", type=int, default=None, metavar="ID", help="The session with this id.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
    help="Write the report here (atomically; a new file is private to you; - for standard output).",
)
@click.pass_obj
def report(cli: CliContext, last: bool, session_id: int | None, output: Path | None) -> None:
    """Write a Markdown report of a session: each question, the transcript, the verdict on each point with its
    evidence, delivery figures, the follow-up note and your reflection."""
    if last == (session_id is not None):
        raise click.UsageError("give exactly one of --last or --session ID")
    markdown = session_report(cli, session_id)
    if output is None:
        click.echo(printable_text(markdown), nl=False)
        return
    write_atomically(output, markdown)
    if not is_stdout(output):
        click.echo(f"trainer: report written to {printable_path(output)}", err=True)


def session_report(cli: CliContext, session_id: int | None) -> str:
    """The Markdown report of session `session_id`, or of the latest session with answers when None."""
    from trainer.core.follow_up import draft_follow_up
    from trainer.core.report import session_markdown
    from trainer.use_cases.key_messages import judge_key_messages, key_messages_now

    settings = cli.settings
    store = cli.store(reading_will_do=True)
    chosen = store.last_session_id() if session_id is None else session_id
    if chosen is not None and not 0 < chosen < 2**63:  # SQLite's ids are 64-bit
        raise TrainerError(f"--session: no session with id {chosen} (trainer report --last shows the latest)")
    if chosen is None:
        raise TrainerError("no session with answers yet (practise first: trainer practice)")
    info = store.session(chosen)
    if info is None:
        raise TrainerError(f"--session: no session with id {chosen} (trainer report --last shows the latest)")
    saved = store.follow_up(chosen)
    reflection = store.reflection(chosen)
    # as they were when the session was held; sessions saved before that was kept: today's
    messages = info.key_messages
    if messages is None:
        messages = key_messages_now(store, settings)
    return session_markdown(
        info,
        note=saved if saved is not None else draft_follow_up(info.attempts),
        note_saved=saved is not None,
        reflection=reflection,
        key_messages=judge_key_messages(info.attempts, messages, judge=_judge(settings, messages))
        if info.attempts
        else (),
    )


def _judge(settings: Any, messages: tuple[str, ...]) -> Any:
    """The entailment judge for the key messages (none needed when there are no messages)."""
    if not messages:
        return None
    from trainer.judge import judge_for

    return judge_for(settings)
