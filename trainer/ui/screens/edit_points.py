"""Edit a question's three talking points: a small form that says under each point what is wrong with it.

A point that cannot be saved (empty, invisible, too long) is an error; one that can be saved but not checked
(only common words, too vague) is a warning under its field, shown when the field is left or the form opens.
"""

from __future__ import annotations

from typing import cast

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from trainer.core.bank_schema import MAX_POINT_CHARS
from trainer.core.models import Question
from trainer.core.talking_points import clean_points, point_problem, point_problems, point_warning
from trainer.ui.plain import plain
from trainer.ui.screens.numbered_form import NumberedForm

PLACEHOLDERS = ("the situation and what was at stake", "what I did myself", "the result, with a number")


class EditPointsScreen(NumberedForm[tuple[str, str, str] | None]):
    """Three inputs, each non-empty and at most 120 characters; dismissed with the points, or None if cancelled."""

    CSS_PATH = "edit_points.tcss"
    FIELD_PREFIX = "point"

    def __init__(self, question: Question, *, own: bool) -> None:
        super().__init__()
        self.question = question
        self.own = own

    def compose(self) -> ComposeResult:
        points = self.question.talking_points if len(self.question.talking_points) == 3 else ("", "", "")
        with Vertical(id="dialog"):
            yield Static(plain(self.question.text), id="question")
            whose = "The bank's suggested points." if any(points) else "No points yet."
            whose = "Your own points." if self.own else whose
            yield Static(
                f"{whose} What you save is yours and replaces the bank's; the bank file is never changed.", id="hint"
            )
            for number, point in enumerate(points, start=1):
                field = Input(point, placeholder=PLACEHOLDERS[number - 1], id=f"point-{number}", classes="point")
                field.border_title = f"Point {number}"
                field.border_subtitle = f"{len(point)}/{MAX_POINT_CHARS}"
                yield field
                yield Static("", id=f"error-{number}", classes="error", markup=False)
                warning = Static(
                    plain(_sentence(point_warning(number, point))), id=f"warning-{number}", classes="warning"
                )
                warning.display = point_warning(number, point) is not None
                yield warning
            yield from self.buttons()

    def _show_error(self, number: int, problem: str | None) -> None:
        error = self.query_one(f"#error-{number}", Static)
        error.update(plain(_sentence(problem)))
        error.display = problem is not None
        self.query_one(f"#point-{number}", Input).set_class(problem is not None, "-invalid")
        if problem is not None:  # one line under a field: what keeps it from being saved comes first
            self._show_warning(number, None)

    def _show_warning(self, number: int, warning: str | None) -> None:
        shown = self.query_one(f"#warning-{number}", Static)
        shown.update(plain(_sentence(warning)))
        shown.display = warning is not None

    def _check(self, number: int, value: str) -> None:
        """Say under the field what keeps it from being saved, else what keeps it from being checked."""
        problem = point_problem(number, value)
        self._show_error(number, problem)
        if problem is None:
            self._show_warning(number, point_warning(number, value))

    def on_input_blurred(self, event: Input.Blurred) -> None:
        number = int((event.input.id or "point-1").removeprefix("point-"))
        # an empty field is said only once the user tried to save, so a fresh form is not all red
        if " ".join(event.value.split()):
            self._check(number, event.value)

    def on_input_changed(self, event: Input.Changed) -> None:
        field = event.input
        number = int((field.id or "point-1").removeprefix("point-"))
        length = len(" ".join(event.value.split()))
        field.border_subtitle = f"{length}/{MAX_POINT_CHARS}"
        shown = self.query_one(f"#error-{number}", Static).display
        # too long is said at once; empty only once the user tried to save, so a fresh form is not all red
        if length > MAX_POINT_CHARS or shown or self.query_one(f"#warning-{number}", Static).display:
            self._check(number, event.value)

    def action_save(self) -> None:
        values = self.values()
        problems = point_problems(values)
        for number, value in enumerate(values, start=1):
            self._check(number, value)
        bad = [number for number, problem in enumerate(problems, start=1) if problem]
        if bad:
            self.query_one(f"#point-{bad[0]}", Input).focus()
            return
        self.dismiss(cast("tuple[str, str, str]", clean_points(values)))


def _sentence(text: str | None) -> str:
    """A problem or warning as shown under its field: capitalised, with a full stop."""
    return text[0].upper() + text[1:] + "." if text else ""
