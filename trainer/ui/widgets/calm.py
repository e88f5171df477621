"""Calm feedback: no scores, counts or rates, only what to do next (the numbers are still saved)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from trainer.core.models import VERDICT_MARK, Attempt

_PART_ADVICE = {
    "situation": "Set the scene first: when, where, what was going on.",
    "task": "Say what was yours to do.",
    "action": "Say what you did yourself.",
    "result": "End with how it turned out.",
    "assumptions": "Say what you are assuming.",
    "structure": "Build the estimate in steps.",
    "final_number": "Finish with one number.",
    "sanity_check": "Check the number against something you know.",
}


def next_steps(attempt: Attempt) -> list[str]:
    """What to do next time, in the order a listener would notice it."""
    score = attempt.score
    if score.empty:
        return ["Say something, even a first sentence: it gets easier once you start."]
    steps = [f"Bring in: {v.point}" for v in score.points if not v.covered]
    structure = score.structure
    if structure is not None:
        for name in structure.missing:
            if name == "action" and structure.star.we_only:
                steps.append('Say "I" for what you did yourself, not only "we".')
            else:
                steps.append(_PART_ADVICE[name])
        if structure.estimate is None and structure.star.result.present and not structure.star.result_measurable:
            steps.append("Give the result a number, a time or something that visibly happened.")
        if structure.hedges:
            steps.append("Say it plainly: leave out the softeners (" + structure.hedges[0].phrase + ").")
    if score.delivery.over_time:
        steps.append("Keep it shorter, so the ending fits in the time.")
    return steps


def calm_feedback_text(attempt: Attempt) -> Text:
    """The feedback for calm mode."""
    text = Text("Your answer is saved.", style="bold")
    steps = next_steps(attempt)
    if not steps:
        text.append("\nNothing to change: tell it the same way next time.", style="green")
        return text
    text.append("\nWhat to do next:", style="bold")
    for step in steps:
        text.append("\n  → ")
        text.append(step)
    return text


def calm_summary_text(attempts: Sequence[Attempt]) -> Text:
    """The session in calm mode: the points that came across, then what to do next, without a number."""
    text = Text("Your answers are saved.", style="bold")
    made = list(dict.fromkeys(v.point for a in attempts for v in a.score.points if v.covered))
    if made:
        text.append("\nWhat came across:", style="bold")
        for point in made:
            text.append(f"\n  {VERDICT_MARK['made']} ", style="green")
            text.append(point)
    steps = list(dict.fromkeys(step for a in attempts for step in next_steps(a)))
    if steps:
        text.append("\nWhat to do next:", style="bold")
        for step in steps:
            text.append("\n  → ")
            text.append(step)
    return text
