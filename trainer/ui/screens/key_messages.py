"""My three key messages: what every interviewer should remember, set in a small form and saved in the database."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from trainer.core.key_messages import MAX_KEY_MESSAGES, key_messages_in_use
from trainer.core.talking_points import point_problem
from trainer.ui.host import TrainerScreen
from trainer.ui.plain import plain
from trainer.ui.screens.numbered_form import NumberedForm

PLACEHOLDERS = (
    "e.g. I ship under pressure without cutting corners",
    "e.g. I make the people around me better",
    "e.g. I learn a new domain fast",
)


class KeyMessagesScreen(NumberedForm[tuple[str, ...] | None]):
    """Up to three messages (empty ones are dropped); dismissed with them, or None if cancelled."""

    CSS_PATH = "key_messages.tcss"
    FIELD_PREFIX = "message"
    FIELD_COUNT = MAX_KEY_MESSAGES

    def __init__(self, messages: tuple[str, ...], *, from_config: bool) -> None:
        super().__init__()
        self.messages = messages
        self.from_config = from_config

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("My three key messages", id="title")
            source = "These come from config.yaml; saving keeps them in the app instead. " if self.from_config else ""
            yield Static(
                f"{source}The three things every interviewer should remember. Each session's summary shows which "
                "came across in your answers. Leave all empty to use config.yaml's.",
                id="hint",
            )
            for number in range(1, MAX_KEY_MESSAGES + 1):
                value = self.messages[number - 1] if number <= len(self.messages) else ""
                field = Input(value, placeholder=PLACEHOLDERS[number - 1], id=f"message-{number}")
                field.border_title = f"Message {number}"
                yield field
                yield Static("", id=f"error-{number}", classes="error")
            yield from self.buttons()

    def action_save(self) -> None:
        values = self.values()
        first_bad = None
        for number, value in enumerate(values, start=1):
            problem = point_problem(number, value, required=False, noun="message")
            error = self.query_one(f"#error-{number}", Static)
            error.update(plain(problem[0].upper() + problem[1:] + "." if problem else ""))
            error.display = problem is not None
            self.query_one(f"#message-{number}", Input).set_class(problem is not None, "-invalid")
            first_bad = first_bad or (number if problem else None)
        if first_bad is not None:
            self.query_one(f"#message-{first_bad}", Input).focus()
            return
        self.dismiss(tuple(" ".join(v.split()) for v in values if v.strip()))


def edit_key_messages(screen: TrainerScreen[Any]) -> None:
    """Open the form over `screen`; what is saved goes to the database."""
    app = screen.host
    saved = app.store.key_messages()

    def save(messages: tuple[str, ...] | None) -> None:
        if messages is None:
            return
        now = app.clock()
        if not app.save("your key messages", lambda: app.store.set_key_messages(messages, now)):
            return
        in_use = key_messages_in_use(messages, app.settings.key_messages)
        if messages:
            screen.notify(
                f"Saved {len(messages)} key message{'s' if len(messages) != 1 else ''}.", title="Key messages"
            )
        elif in_use:
            screen.notify("Cleared: config.yaml's key messages apply again.", title="Key messages")
        else:
            screen.notify("Cleared: no key messages set.", title="Key messages")

    in_use = key_messages_in_use(saved, app.settings.key_messages)
    screen.app.push_screen(KeyMessagesScreen(in_use, from_config=bool(in_use) and not saved), save)
