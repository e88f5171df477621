"""Banks: every bank's questions, searched as you type; tick some to practise, or write your own three points."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from trainer.core.bank_problems import SkippedFile, skipped_files
from trainer.core.banks import with_user_points
from trainer.core.errors import BankError
from trainer.core.models import Question
from trainer.core.search import search_questions
from trainer.core.talking_points import point_warnings
from trainer.core.wording import shortened
from trainer.ui.host import TrainerScreen
from trainer.ui.messages import StartPractice
from trainer.ui.options import PracticeOptions
from trainer.ui.plain import cleaned, plain, plain_text
from trainer.ui.screens.edit_points import EditPointsScreen
from trainer.ui.screens.key_messages import edit_key_messages

ALL_BANKS = "all"
#: the bank list's entry for the files that did not load (or lost questions), with why
SKIPPED = "skipped"
#: what the table needs besides the question text: a scroll bar, the other two columns and one space of
#: padding each side of every cell
_TABLE_CHROME = 2 + 1 + 6 + 3 * 2
_BANK_LABEL = 20


class BanksScreen(TrainerScreen[None]):
    """Browse and search the questions of every bank; pick questions for a session; edit talking points."""

    CSS_PATH = "banks.tcss"
    BINDINGS = [
        Binding("escape", "back", "Home"),
        Binding("slash", "search", "Search", show=False),
        Binding("space", "tick", "Tick"),
        Binding("e", "edit", "Edit"),
        Binding("s", "practise", "Practise"),
        Binding("k", "key_messages", "Key messages"),
        Binding("i", "import_bank", "Import"),
    ]

    def __init__(self) -> None:
        super().__init__()
        #: the ids of the questions picked for a session, in the order picked
        self.ticked: list[str] = []
        self.bank_filter: str = ALL_BANKS
        self.search_text = ""
        self._own: set[str] = set()
        self._shown: list[Question] = []
        self._skipped_rows: list[tuple[SkippedFile, BankError]] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Search: a few words, typos are fine (/)", id="search")
        with Horizontal(id="browser"):
            yield OptionList(id="bank-list")
            yield DataTable(id="questions", cursor_type="row", zebra_stripes=True)
        yield Static("", id="detail")
        yield Static("", id="picked")
        yield Footer()

    def on_mount(self) -> None:
        banks = self.host.catalog.banks
        bank_list = self.query_one("#bank-list", OptionList)
        bank_list.border_title = "Banks"
        total = sum(len(b.questions) for b in banks)
        bank_list.add_options(
            [Option(f"All banks ({total})", id=ALL_BANKS)]
            + [
                Option(plain(_bank_label(bank.name, len(bank.questions))), id=f"bank-{i}")
                for i, bank in enumerate(banks)
            ]
        )
        skipped = skipped_files(self.host.catalog.problems, banks)
        if skipped:
            bank_list.add_option(Option(Text(f"⚠ Skipped ({len(skipped)})", style="yellow"), id=SKIPPED))
        table = self.query_one("#questions", DataTable)
        table.border_title = "Questions"
        self._own = set(self.host.store.user_points())
        self._fill()
        self._show_picked()
        table.focus()

    def on_screen_resume(self) -> None:
        self._own = set(self.host.store.user_points())
        self._fill()

    def on_resize(self, event: events.Resize) -> None:
        self._fill()

    # --- the question table -----------------------------------------------------------------------------------------

    def _questions(self) -> list[Question]:
        if self.bank_filter == SKIPPED:
            return []
        banks = self.host.catalog.banks
        if self.bank_filter != ALL_BANKS:
            banks = [banks[int(self.bank_filter.removeprefix("bank-"))]]
        return search_questions(self.search_text, [q for bank in banks for q in bank.questions])

    def _fill(self) -> None:
        """Show the questions that match the bank and the search, keeping the cursor on the same question."""
        table = self.query_one("#questions", DataTable)
        current = self.highlighted()
        width = max(20, (table.size.width or 56) - _TABLE_CHROME)
        self._shown = self._questions()
        # columns too are rebuilt, so the question column fits the table's width as it is now
        table.clear(columns=True)
        if self.bank_filter == SKIPPED:
            self._fill_skipped(width)
            return
        table.add_column("✓", key="tick", width=1)
        table.add_column("Question", key="text", width=width)
        table.add_column("Points", key="points", width=6)
        for question in self._shown:
            table.add_row(
                self._tick_mark(question.id),
                plain_text(shortened(question.text, width)),
                self._points_mark(question),
                key=question.id,
            )
        table.border_subtitle = f"{len(self._shown)} shown"
        # the bank list cuts long names to fit: the table's title gives the chosen bank's whole name
        if self.bank_filter.startswith("bank-"):
            bank = self.host.catalog.banks[int(self.bank_filter.removeprefix("bank-"))]
            table.border_title = Text(f"Questions · {bank.name}")
        else:
            table.border_title = "Questions"
        if current is not None and current in self._shown:
            table.move_cursor(row=self._shown.index(current), animate=False)
        self._show_detail()

    def _fill_skipped(self, width: int) -> None:
        """One row per problem: the file, and what is wrong where (the file's own words, never markup)."""
        table = self.query_one("#questions", DataTable)
        why_width = max(20, width - 7)
        table.add_column("File", key="file", width=16)
        table.add_column("Why it was skipped", key="why", width=why_width)
        files = skipped_files(self.host.catalog.problems, self.host.catalog.banks)
        self._skipped_rows = [(file, problem) for file in files for problem in file.problems]
        for file, problem in self._skipped_rows:
            table.add_row(Text(shortened(file.path.name, 16)), Text(shortened(_problem_text(file, problem), why_width)))
        table.border_subtitle = f"{len(files)} file{'s' if len(files) != 1 else ''}"
        self._show_skipped()

    def _show_skipped(self) -> None:
        """The highlighted problem in full, with where the file is and how to list all of its problems."""
        row = self.query_one("#questions", DataTable).cursor_row
        detail = Text()
        if 0 <= row < len(self._skipped_rows):
            file, problem = self._skipped_rows[row]
            detail.append(str(file.path), style="bold")
            detail.append("\n" + _problem_text(file, problem))
        detail.append("\nFix the file and start trainer again; ", style="italic dim")
        detail.append("trainer banks validate FILE", style="bold")
        detail.append(" lists every problem.", style="italic dim")
        self.query_one("#detail", Static).update(detail)

    def _tick_mark(self, question_id: str) -> Text:
        return Text("✓", style="bold green") if question_id in self.ticked else Text(" ")

    def _points_mark(self, question: Question) -> Text:
        if question.id in self._own:
            return Text("yours", style="bold")
        return Text("bank") if question.talking_points else Text("none", style="dim")

    def highlighted(self) -> Question | None:
        """The question under the table's cursor."""
        row = self.query_one("#questions", DataTable).cursor_row
        return self._shown[row] if 0 <= row < len(self._shown) else None

    def _show_detail(self) -> None:
        if self.bank_filter == SKIPPED:
            self._show_skipped()
            return
        question = self.highlighted()
        detail = Text()
        if question is None:
            detail.append("No question matches. Clear the search, or choose All banks.", style="dim")
        else:
            detail.append(question.text, style="bold")
            if question.talking_points:
                whose = "your points" if question.id in self._own else "the bank's suggested points"
                whose += " (e to edit)"
            else:
                whose = "no talking points yet: e to write your three"
            where = " · ".join(part for part in (whose, question.bank, question.category) if part)
            # one line, so the points below it always show
            detail.append("\n" + shortened(where, max(20, self.size.width - 4)), style="italic dim")
            for number, point in enumerate(question.talking_points, start=1):
                detail.append(f"\n  {number}. {point}")
        self.query_one("#detail", Static).update(cleaned(detail))

    def _show_picked(self) -> None:
        count = len(self.ticked)
        line = (
            f"{count} question{'s' if count != 1 else ''} ticked: s to practise them"
            if count
            else "Space ticks a question for a session; s practises the ticked ones."
        )
        self.query_one("#picked", Static).update(line)

    # --- events -------------------------------------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        self.search_text = event.value
        self._fill()
        self.query_one("#questions", DataTable).move_cursor(row=0, animate=False)
        self._show_detail()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#questions", DataTable).focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.bank_filter = event.option_id or ALL_BANKS
        self._fill()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_edit()

    # --- actions ------------------------------------------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_tick(self) -> None:
        question = self.highlighted()
        if question is None:
            return
        if question.id in self.ticked:
            self.ticked.remove(question.id)
        else:
            self.ticked.append(question.id)
        table = self.query_one("#questions", DataTable)
        table.update_cell(question.id, "tick", self._tick_mark(question.id))
        table.action_cursor_down()
        self._show_picked()

    def action_edit(self) -> None:
        question = self.highlighted()
        if question is None:
            self.notify("No question is highlighted.", severity="warning")
            return
        self.app.push_screen(
            EditPointsScreen(question, own=question.id in self._own), partial(self._save_points, question)
        )

    def _save_points(self, question: Question, points: tuple[str, str, str] | None) -> None:
        if points is None:
            return
        app = self.host
        now = app.clock()
        app.save("your talking points", lambda: app.store.set_user_points(question.id, points, now))
        # the app's catalog is what sessions draw from: give it the new points at once
        app.catalog.banks = with_user_points(app.catalog.banks, {question.id: points})
        self._own.add(question.id)
        self._fill()
        self.notify(f"Saved your points for: {shortened(question.text, 60)}", title="Talking points")
        for warning in point_warnings(points):
            self.notify(warning[0].upper() + warning[1:] + ".", title="Saved, but hard to check", severity="warning")

    def action_practise(self) -> None:
        if not self.ticked:
            self.notify("Tick questions first: space on a question's line.", severity="warning")
            return
        options = PracticeOptions(count=len(self.ticked), question_ids=tuple(self.ticked), typed=True)
        self.post_message(StartPractice(options))

    def action_key_messages(self) -> None:
        edit_key_messages(self)

    def action_import_bank(self) -> None:
        """Import a list of questions as a bank of the user's own; the browser shows it once the form closes."""
        from trainer.ui.screens.import_bank import ImportBankScreen
        from trainer.use_cases.import_bank import ImportedBank, add_to_catalog

        async def imported(result: ImportedBank | None) -> None:
            if result is None:
                return
            add_to_catalog(self.host.catalog, result.target, self.host.store.user_points())
            # the bank list is made on mount: made again, over the catalogue with the new bank
            self.bank_filter, self.search_text = ALL_BANKS, ""
            await self.recompose()
            self.on_mount()

        self.app.push_screen(ImportBankScreen(), imported)


def _bank_label(name: str, count: int) -> str:
    """A bank's name and question count on one line of the bank list."""
    suffix = f" ({count})"
    return shortened(name, _BANK_LABEL - len(suffix)) + suffix


def _problem_text(file: SkippedFile, problem: BankError) -> str:
    where = f"line {problem.line}: " if problem.line else ""
    what = f"{problem.field}: " if problem.field else ""
    return ("" if file.whole else "question left out: ") + where + what + problem.message
