"""Import a bank from the bank browser: a file's list of questions written as a bank of the user's own.

The TUI's `trainer banks import`: the same use case, the same outcome lines (how many questions, the ids
renamed, the lines skipped, the points that may never be judged made), or the one line that says why not.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Static

from trainer import paths
from trainer.core.errors import TrainerError
from trainer.ui.plain import cleaned, one_line, plain
from trainer.ui.screens.numbered_form import NumberedForm
from trainer.ui.widgets.ticks import TickBox
from trainer.use_cases.import_bank import BankFileExists, BankNameTaken, ImportedBank, import_bank, outcome_lines


class ImportBankScreen(NumberedForm[ImportedBank | None]):
    """A file and an optional name; dismissed with the bank imported, or None when nothing was."""

    CSS_PATH = "import_bank.tcss"
    FIELD_COUNT = 2
    # the footer names the keys as the buttons do
    BINDINGS = [
        Binding("escape", "cancel", "Close"),
        Binding("ctrl+s", "save", "Import", priority=True),
    ]

    def __init__(self, banks_dir: Path | None = None) -> None:
        super().__init__()
        #: where the bank is written (the user's banks folder unless a test says otherwise)
        self.banks_dir = banks_dir
        #: the bank imported, once it is
        self.imported: ImportedBank | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Import a bank", id="title")
            yield Static(
                "A list of questions (.md, .txt, .csv, or a .yaml bank) becomes a bank of your own; the file is "
                "only read.",
                id="hint",
            )
            file = Input(placeholder="~/Downloads/interview-questions.md", id="field-1")
            file.border_title = "File"
            yield file
            name = Input(placeholder="the list's title, else the file's name", id="field-2")
            name.border_title = "Name (optional)"
            yield name
            yield TickBox("Replace my bank of the same file name", id="replace", compact=True)
            yield Static("", id="error", markup=False)
            yield Static("", id="outcome")
            yield from self.buttons()

    def buttons(self) -> ComposeResult:
        with Horizontal(id="buttons"):
            yield Button("Import (ctrl+s)", id="save", variant="primary", compact=True)
            yield Button("Close (esc)", id="cancel", compact=True)

    def action_save(self) -> None:
        """Import the file; say what came of it here, and keep the form for another try after a refusal."""
        if self.imported is not None:
            return
        file, name = (value.strip() for value in self.values())  # a path's inner spaces are its own
        if not file:
            self._show_error("Give the file to import.")
            return
        replace = self.query_one("#replace", Checkbox).value
        try:
            result = import_bank(
                Path(file).expanduser(), name or None, replace, banks_dir=self.banks_dir or paths.banks_dir()
            )
        except BankFileExists as exc:
            self._show_error(f"{exc}; tick Replace to replace it, or give another name.")
            return
        except BankNameTaken as exc:
            self._show_error(f"{exc}; give it another name.")
            return
        except TrainerError as exc:
            self._show_error(str(exc))
            return
        self.imported = result
        self._show_error(None)
        self._show_outcome(result)

    def action_cancel(self) -> None:
        self.dismiss(self.imported)

    def _show_error(self, message: str | None) -> None:
        error = self.query_one("#error", Static)
        error.update(plain(one_line(message or "")))
        error.display = message is not None

    def _show_outcome(self, result: ImportedBank) -> None:
        """The lines `trainer banks import` prints, then the warnings; the form done with."""
        text = Text("\n".join(outcome_lines(result)))
        for warning in result.warnings:
            text.append(f"\nwarning: {warning}", style="yellow")
        text.append(f"\nThe bank “{result.title}” is in the browser now; esc to see it.", style="bold")
        self.query_one("#outcome", Static).update(cleaned(text))
        for widget in (*self.query(Input), self.query_one("#replace", Checkbox), self.query_one("#save", Button)):
            widget.disabled = True
        self.query_one("#cancel", Button).focus()
