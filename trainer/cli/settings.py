"""`trainer settings`: what the app remembered between runs (the form on Home, cue cards, theme), and forgetting it."""

from __future__ import annotations

import dataclasses
import json

import click

from trainer.cli.common import TrainerGroup


@click.group(cls=TrainerGroup)
def settings() -> None:
    """The choices the app remembers between runs; config.yaml is yours and never rewritten."""


@settings.command("show")
def settings_show() -> None:
    """Print the remembered choices as JSON."""
    from trainer.preferences import load_preferences, preferences_path

    data = dataclasses.asdict(load_preferences())
    click.echo(json.dumps({"file": str(preferences_path()), **data}, ensure_ascii=False, indent=2))


@settings.command("reset")
def settings_reset() -> None:
    """Forget the remembered choices: the next run starts as a first run would (config.yaml stays)."""
    from trainer.preferences import preferences_path, reset_preferences

    if reset_preferences():
        click.echo(f"forgot the remembered choices ({preferences_path()})")
    else:
        click.echo("nothing remembered yet")
