"""The follow-up note: the thank-you email drafted from the session, edited here, saved with it, and copied."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Footer, Header, Input, Label, Static, TextArea

from trainer.ui.host import TrainerScreen
from trainer.ui.widgets.notice_line import NoticeLine

HINT = (
    "A draft from your session: thanks, and up to three points your answers left out, added as afterthoughts "
    "(never as an apology). Make it yours: it is saved with the session and goes into trainer report."
)
COPIED = "Copied the note to the clipboard (if your terminal supports OSC 52; if not, select it with the mouse)."


class FollowUpScreen(TrainerScreen[None]):
    """An editor for one session's note: save (also on leaving), copy, or start again from the draft."""

    CSS_PATH = "follow_up.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("ctrl+o", "copy", "Copy", priority=True),
        Binding("ctrl+r", "redraft", "Redraft", priority=True),
        Binding("escape", "close", "Back"),
    ]

    def __init__(
        self, session_id: int, *, draft: str, saved: str | None, redraft: Callable[[str], str] | None = None
    ) -> None:
        super().__init__()
        self.session_id = session_id
        self.draft = draft
        #: the draft for another interviewer's name (None: the name field is not shown)
        self._redraft = redraft
        #: the note as last saved; None until the user saves one (the report then shows the draft)
        self.saved = saved

    @property
    def text(self) -> str:
        """The note as it stands in the editor."""
        return self.query_one("#note", TextArea).text

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(HINT, id="hint")
        if self._redraft is not None:
            with Horizontal(id="name-row"):
                yield Label("Interviewer's name ", id="name-label")
                yield Input(
                    self.host.preferences.interviewer,
                    placeholder="e.g. Ms Ito (goes into the greeting)",
                    id="name",
                    compact=True,
                    max_length=80,
                )
        yield TextArea(self._kept, id="note", soft_wrap=True)
        with Horizontal(id="buttons"):
            yield Button("Save (ctrl+s)", id="save", variant="primary", compact=True)
            yield Button("Copy (ctrl+o)", id="copy", compact=True)
            yield Button("Redraft (ctrl+r)", id="redraft", compact=True)
            yield Button("Back (esc)", id="close", compact=True)
        yield Static(self._state(self._kept), id="state")
        yield NoticeLine(id="notice")
        yield Footer()

    def on_mount(self) -> None:
        note = self.query_one("#note", TextArea)
        note.border_title = "Follow-up note"
        note.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        """A new name: remembered for the next note, and put into the draft if the draft is untouched."""
        if event.input.id != "name" or self._redraft is None:
            return
        self.host.remember(interviewer=event.value.strip())
        untouched = self.saved is None and self.text == self.draft
        self.draft = self._redraft(event.value)
        if untouched:
            self.query_one("#note", TextArea).load_text(self.draft)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#note", TextArea).focus()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.query_one("#state", Static).update(self._state(self.text))

    @property
    def _kept(self) -> str:
        """What the note is without the edits in progress: the saved note, else the draft."""
        return self.saved if self.saved is not None else self.draft

    def _state(self, current: str) -> str:
        if self.saved is None:
            return "Draft, not saved yet." if current == self.draft else "Edited, not saved yet."
        return "Saved." if current == self.saved else "Edited since it was saved."

    def action_save(self) -> None:
        if self._save():
            self.notify("Follow-up note saved with the session.", title="Follow-up note")

    def _save(self) -> bool:
        """Save the note now (True), or keep it to save as soon as it can be (the app says why)."""
        app, text, now = self.host, self.text, self.host.clock()
        done = app.save("your follow-up note", lambda: app.store.save_follow_up(self.session_id, text, now))
        self.saved = self.text
        self.query_one("#state", Static).update(self._state(self.text))
        return done

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.text)
        self.notify(COPIED, title="Follow-up note")

    def action_redraft(self) -> None:
        """Put the trainer's draft back (undo with ctrl+z)."""
        note = self.query_one("#note", TextArea)
        # replace rather than load_text, so the user's version stays in the undo history
        note.replace(self.draft, note.document.start, note.document.end)

    def action_close(self) -> None:
        # leaving keeps what was written: an edit is saved, an untouched draft is left as a draft
        if self.text != self._kept and self._save():
            self.notify("Follow-up note saved with the session.", title="Follow-up note")
        self.app.pop_screen()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        await self.run_action(event.button.id or "")
