"""The verdict on one answer: each talking point made or missed, with the words that show it, and delivery."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from trainer.core.models import Attempt, Delivery, PointVerdict
from trainer.core.star import asks_for_a_story
from trainer.core.wording import clock_text, filler_counts, pace_text, shortened
from trainer.ui.marks import VERDICT_MARKS
from trainer.ui.plain import cleaned, plain_text
from trainer.ui.widgets.calm import calm_feedback_text
from trainer.ui.widgets.structure import hedges_text, mark_hedges, structure_text


def delivery_text(delivery: Delivery) -> str:
    """Words, fillers, long pauses (and where they fell), pace and time used, in one line."""
    parts = [f"{delivery.words} words"]
    fillers = f"{delivery.fillers} filler{'s' if delivery.fillers != 1 else ''}"
    if delivery.fillers_per_min is not None:
        fillers += f" ({delivery.fillers_per_min:g}/min)"
    if delivery.filler_words:
        # every filler counted, most used first
        fillers += ": " + ", ".join(f'"{w}" ×{n}' for w, n in filler_counts(delivery.filler_words))
    parts.append(fillers)
    if delivery.pauses:
        where = ", ".join(f'{p.seconds:.1f} s after "{p.after}"' for p in delivery.pauses[:3])
        more = f" and {len(delivery.pauses) - 3} more" if len(delivery.pauses) > 3 else ""
        count = len(delivery.pauses)
        parts.append(f"{count} long pause{'s' if count != 1 else ''} ({where}{more})")
    if delivery.wpm is not None:
        parts.append(pace_text(delivery.wpm, "words/min"))
    if delivery.duration_s is not None and delivery.time_limit_s:
        used = f"time {clock_text(delivery.duration_s)} of {clock_text(delivery.time_limit_s)}"
        if delivery.over_time:
            used += " — ran out of time"
        parts.append(used)
    return " · ".join(parts)


#: one line in the feedback box at 80 columns; the whole answer, highlighted, is shown below the verdicts
QUOTE_CHARS = 56


def highlighted_answer(answer: str, points: tuple[PointVerdict, ...]) -> Text:
    """The answer with the words that earned each point in green (the closest miss in dim red)."""
    text = plain_text(answer)
    for verdict in points:
        if verdict.span is None:
            continue
        start, end = verdict.span
        if 0 <= start < end <= len(answer):
            style = {"made": "bold green underline", "missed": "dim red", "unsure": "yellow"}[verdict.state]
            text.stylize(style, start, end)
    return text


def verdict_text(verdict: PointVerdict, number: int | None = None) -> Text:
    """One point: ✓ or ✗, the point, and its evidence (or the closest words and why they did not count)."""
    text = Text()
    if number is not None:
        text.append(f"{number} ", style="dim")
    if verdict.state == "unsure":
        text.append(f"{VERDICT_MARKS['unsure'][0]} ", style=VERDICT_MARKS["unsure"][1])
        text.append(verdict.point, style="bold")
        key = f"press {number}" if number is not None else "answer it in the app"
        text.append(f" — unsure: did you make this point? {key}", style="yellow")
        if verdict.evidence:
            text.append("\n    closest: “", style="dim")
            text.append(shortened(verdict.evidence, QUOTE_CHARS, at_word=True), style="dim italic")
            text.append("”", style="dim")
    elif verdict.covered:
        text.append(f"{VERDICT_MARKS['made'][0]} ", style=VERDICT_MARKS["made"][1])
        text.append(verdict.point, style="bold")
        if verdict.overridden:
            text.append("  (you said you made it)" if verdict.unsure else "  (you marked this as made)", style="italic")
        if verdict.evidence:
            text.append("\n    “", style="dim")
            text.append(shortened(verdict.evidence, QUOTE_CHARS, at_word=True), style="green")
            text.append("”", style="dim")
    else:
        text.append(f"{VERDICT_MARKS['missed'][0]} ", style=VERDICT_MARKS["missed"][1])
        text.append(verdict.point, style="bold")
        text.append(f" — {'not made' if verdict.unsure else verdict.reason}", style="red")
        if verdict.overridden:
            text.append(
                "  (you said you did not make it)" if verdict.unsure else "  (you marked this as missed)",
                style="italic",
            )
        if verdict.evidence:
            text.append("\n    closest: “", style="dim")
            text.append(shortened(verdict.evidence, QUOTE_CHARS, at_word=True), style="dim italic")
            text.append("”", style="dim")
    return cleaned(text)


def feedback_text(attempt: Attempt, *, flippable: bool = True) -> Text:
    """The whole feedback for one answer; `flippable` numbers the points for the flip keys."""
    score = attempt.score
    text = Text()
    total = len(score.points)
    if score.empty:
        text.append("No answer was given.", style="bold red")
    elif not total:
        text.append("No talking points to judge this answer by", style="bold yellow")
        text.append(" — add your three (b, then e on the question); until then it counts as weak.", style="yellow")
    else:
        text.append(f"Points made: {score.points_made} of {total}", style="bold")
        if score.weak:
            text.append("  — weak: it will come back for practice", style="yellow")
        else:
            text.append("  — strong answer", style="bold green")
        if score.unsure:
            text.append(
                f"\n{score.unsure} unsure: press its number to say whether you made it; "
                "until you do, it counts as not made for your drills.",
                style="yellow",
            )
    for number, verdict in enumerate(score.points, start=1):
        text.append("\n")
        text.append_text(verdict_text(verdict, number if flippable else None))
    text.append("\n")
    text.append(delivery_text(score.delivery), style="cyan")
    if score.structure is not None and not score.empty:
        text.append(" · " + hedges_text(score.structure, score.delivery), style="cyan")
        if score.structure.estimate is not None or asks_for_a_story(attempt.question.text):
            text.append("\n")
            text.append_text(structure_text(score.structure))
    if flippable and score.points:
        keys = "/".join(str(n) for n in range(1, len(score.points) + 1))
        text.append(f'\nDisagree? Press {keys} to flip that verdict ("I did make that point").', style="dim")
    if attempt.answer.strip():
        text.append("\n\nYour answer" + (" (as heard)" if attempt.transcript else "") + ":\n", style="bold")
        answer = highlighted_answer(attempt.answer, score.points)
        if score.structure is not None:
            mark_hedges(answer, score.structure)
        text.append_text(answer)
    if attempt.question.tip:
        text.append("\nTip: ", style="bold")
        text.append(attempt.question.tip)
    if score.method == "lexical" and total:
        text.append("\nScored by word matching only (no scoring model): less accurate.", style="dim italic")
    return cleaned(text)


class FeedbackPanel(Static):
    """Shows the feedback for the latest answer."""

    DEFAULT_CSS = """
    FeedbackPanel {
        border: round $accent;
        border-title-color: $accent;
        padding: 0 1;
        height: auto;
    }
    """

    def show(self, attempt: Attempt, *, flippable: bool = True, calm: bool = False) -> None:
        """Show the verdict on `attempt` (in calm mode: only what to do next)."""
        self.border_title = "Feedback"
        self.update(calm_feedback_text(attempt) if calm else feedback_text(attempt, flippable=flippable))
