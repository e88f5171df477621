"""An answer's structure and its follow-up question, as Markdown lines for the session report."""

from __future__ import annotations

from collections.abc import Callable

from trainer.core.models import Attempt
from trainer.core.star import asks_for_a_story
from trainer.core.structure import part_line


def structure_markdown(attempt: Attempt, inline: Callable[[str], str]) -> list[str]:
    """The STAR parts (or the estimate's shape) with their words, hedges, and the follow-up with its reply.

    `inline` makes the user's words safe inside Markdown (the report's own escaping).
    """
    lines: list[str] = []
    structure = attempt.score.structure
    story = structure is not None and (structure.estimate is not None or asks_for_a_story(attempt.question.text))
    if structure is not None and story and not attempt.score.empty:
        title = "Estimate" if structure.estimate is not None else "STAR"
        parts = structure.parts
        told = sum(p.present for p in parts.values())
        head = f"{title}: {told} of {len(parts)}"
        if structure.estimate is None and structure.star.result.present:
            head += ", result measurable" if structure.star.result_measurable else ", result not measurable"
        hedges = ", ".join(h.phrase for h in structure.hedges)
        count = len(structure.hedges)
        lines += ["", f"{head} · {count} hedge{'' if count == 1 else 's'}" + (f" ({inline(hedges)})" if hedges else "")]
        for name in parts:
            lines.append(
                "- " + part_line(structure, name, quote=lambda words: f"“{inline(words)}”", only_we="only “we”")
            )
    follow_up = attempt.follow_up
    if follow_up is not None:
        lines += ["", f"Follow-up asked: “{inline(follow_up.probe.text)}”"]
        if follow_up.answer is None:
            lines.append("- skipped")
        else:
            outcome = "made when asked" if follow_up.made else "still not said"
            lines.append(f"- your reply ({outcome}): “{inline(follow_up.answer)}”")
    return lines
