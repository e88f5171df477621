"""The typed answer: a text box for the answer itself, or for fixing the words the recogniser misheard."""

from __future__ import annotations

from textual.widgets import TextArea


class TypedAnswer(TextArea):
    """The answer box; the practice screen submits it with ctrl+s."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, soft_wrap=True, show_line_numbers=False)

    def ask(self) -> None:
        """Empty and ready for a new answer."""
        self.load_text("")
        self.read_only = False
        self.border_title = "Your answer"

    def fix(self, heard: str) -> None:
        """The transcript as heard, to correct and score again."""
        self.load_text(heard)
        self.move_cursor(self.document.end)  # after the words: typing adds to them, it never goes in front
        self.read_only = False
        self.border_title = "Fix any misheard words, then ctrl+s to score again"
        self.display = True

    def submitted(self) -> None:
        """Submitted: kept on screen, no longer editable."""
        self.read_only = True
