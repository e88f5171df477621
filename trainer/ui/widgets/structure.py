"""An answer's structure in the feedback: four small marks (STAR, or an estimate's shape) with evidence, and hedges."""

from __future__ import annotations

from rich.text import Text

from trainer.core.models import VERDICT_MARK, Delivery, VerdictState
from trainer.core.structure import MISSING_HINTS, Structure

_QUOTE = 70


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _QUOTE else text[:_QUOTE].rsplit(" ", 1)[0] + " …"


def hedges_text(structure: Structure, delivery: Delivery) -> str:
    """How many hedges, per minute when spoken, and the commonest ones: shown beside the fillers."""
    count = len(structure.hedges)
    text = f"{count} hedge{'s' if count != 1 else ''}"
    minutes = delivery.minutes if delivery.spoken else None
    if minutes:
        text += f" ({count / minutes:.1f}/min)"
    if structure.hedges:
        counts: dict[str, int] = {}
        for hedge in structure.hedges:
            counts[hedge.phrase] = counts.get(hedge.phrase, 0) + 1
        top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        text += ": " + ", ".join(f'"{w}" ×{n}' for w, n in top)
    return text


def mark_hedges(answer: Text, structure: Structure) -> None:
    """Underline the hedges in the shown answer (in yellow), so the user sees where they softened it."""
    for hedge in structure.hedges:
        if 0 <= hedge.start < hedge.end <= len(answer.plain):
            answer.stylize("yellow underline", hedge.start, hedge.end)


def structure_text(structure: Structure) -> Text:
    """The four marks on one line, then the words that show each part or what is missing."""
    brainteaser = structure.estimate is not None
    parts = structure.parts
    text = Text("Estimate:" if brainteaser else "STAR:", style="bold")
    for name, part in parts.items():
        state: VerdictState = "made" if part.present else "missed"
        text.append(f" {VERDICT_MARK[state]} ", style="bold green" if part.present else "bold red")
        text.append(name.replace("_", " "))
    if not brainteaser and structure.star.result.present:
        measurable = structure.star.result_measurable
        text.append(", measurable" if measurable else ", not measurable", style="green" if measurable else "yellow")
    for name, part in parts.items():
        label = name.replace("_", " ")
        text.append(f"\n  {label}: ", style="dim")
        if part.present and part.evidence:
            text.append(f"“{_quote(part.evidence)}”", style="green")
        elif name == "action" and structure.star.we_only:
            text.append('only "we": say what you yourself did', style="red")
        else:
            text.append(MISSING_HINTS[name], style="red")
    return text
