"""What a command needs from the user's setup, made on first use and shared by the command's parts."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from trainer.config import Settings
    from trainer.core.store import Store


def user_settings() -> Settings:
    """The settings in config.yaml (defaults where it says nothing)."""
    from trainer.config import load_settings

    return load_settings()


def open_store(*, reading_will_do: bool = False) -> Store:
    """The user's practice data; `reading_will_do`: read-only where it cannot be written (export, report)."""
    from trainer import paths
    from trainer.core.store import Store

    return Store.open(paths.db_path(), reading_will_do=reading_will_do)


class CliContext:
    """The settings and the store of one command: loaded when first asked for, the store closed when it ends.

    Made by the group (`main`) and handed to the commands with `click.pass_obj`, so a command and the helpers
    it calls read config.yaml once and open the database once.
    """

    def __init__(self, click_context: click.Context) -> None:
        self._click_context = click_context
        self._settings: Settings | None = None
        self._store: Store | None = None

    @property
    def settings(self) -> Settings:
        """The settings in config.yaml, read on first use."""
        if self._settings is None:
            self._settings = user_settings()
        return self._settings

    def store(self, *, reading_will_do: bool = False) -> Store:
        """The user's practice data, opened on first use and closed when the command ends.

        `reading_will_do`: opened read-only where it cannot be written (export, report, review); the first
        caller decides, so a command that writes asks for the store before anything that only reads.
        """
        if self._store is None:
            opened = open_store(reading_will_do=reading_will_do)
            self._store = self._click_context.with_resource(contextlib.closing(opened))
        return self._store


def get_context() -> CliContext:
    """The running command's context (for a helper called without it); made here when no group made one."""
    root = click.get_current_context().find_root()
    if not isinstance(root.obj, CliContext):
        root.obj = CliContext(root)
    return root.obj
