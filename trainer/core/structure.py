"""How an answer is built, beside what it says: its STAR parts (or an estimate's shape) and its hedges."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from trainer.core.estimate import EstimateShape, analyse_estimate, estimate_to_json
from trainer.core.hedges import Hedge, find_hedges
from trainer.core.models import VERDICT_MARK, Kind
from trainer.core.star import Star, StarPart, analyse_star, star_to_json

#: a part told or missing, marked as a point made or missed is
MADE, MISSED = VERDICT_MARK["made"], VERDICT_MARK["missed"]

#: What each part is, told to a user whose answer lacks it.
MISSING_HINTS = {
    "situation": "not set (when, where, what was going on)",
    "task": "not said (what was yours to do)",
    "action": "not said (what you did)",
    "result": "not told (how it turned out)",
    "assumptions": "none stated",
    "structure": "no steps (break the estimate into numbers you multiply)",
    "final_number": "no final number",
    "sanity_check": "not checked against anything you know",
}


@dataclass(frozen=True)
class Structure:
    """An answer's structure: STAR for a behavioural question, an estimate's shape for a brainteaser."""

    kind: Kind
    star: Star
    hedges: tuple[Hedge, ...] = ()
    #: for a brainteaser: assumptions, steps, a final number and a sanity check
    estimate: EstimateShape | None = None

    @property
    def parts(self) -> dict[str, StarPart]:
        """The parts told or missing, by name, for its kind of question: an estimate's, else STAR's."""
        return self.estimate.parts if self.estimate is not None else self.star.parts

    @property
    def missing(self) -> tuple[str, ...]:
        """The parts the answer lacks, for its kind of question."""
        return self.estimate.missing if self.estimate is not None else self.star.missing


def analyse_structure(answer: str, kind: Kind = "stock") -> Structure:
    """The answer's STAR parts, hedges and (for a brainteaser) the shape of its estimate."""
    return Structure(
        kind=kind,
        star=analyse_star(answer),
        hedges=tuple(find_hedges(answer)),
        estimate=analyse_estimate(answer) if kind == "brainteaser" else None,
    )


def part_line(structure: Structure, name: str, *, quote: Callable[[str], str], only_we: str) -> str:
    """One part: ✓ and the words that told it, or ✗ and what is missing (`only_we` when "we" hid the "I")."""
    part, label = structure.parts[name], name.replace("_", " ")
    if part.present:
        return f"{MADE} {label}: {quote(part.evidence or '')}"
    if name == "action" and structure.star.we_only:
        return f"{MISSED} {label}: {only_we}"
    return f"{MISSED} {label}: {MISSING_HINTS[name]}"


def structure_lines(structure: Structure) -> list[str]:
    """The structure as plain lines: one per part (✓ with its words, ✗ with what is missing), then hedges."""
    lines = [
        part_line(structure, name, quote=lambda words: f'"{words}"', only_we='only "we"; say what you yourself did')
        for name in structure.parts
    ]
    if structure.estimate is None and structure.star.result.present:
        lines.append(
            "result measurable: " + ("yes" if structure.star.result_measurable else "no (a number, a time, an outcome)")
        )
    hedges = ", ".join(h.phrase for h in structure.hedges)
    lines.append(f"hedges {len(structure.hedges)}" + (f" ({hedges})" if hedges else ""))
    return lines


def structure_to_json(structure: Structure, minutes: float | None = None) -> dict[str, Any]:
    """The batch-contract fields: "star", "result_measurable", "hedges" (and per minute when spoken)."""
    data: dict[str, Any] = {
        "kind": structure.kind,
        "star": star_to_json(structure.star),
        "result_measurable": structure.star.result_measurable,
        "action_we_only": structure.star.we_only,
        "hedges": len(structure.hedges),
        "hedge_words": [h.phrase for h in structure.hedges],
        "hedges_per_min": round(len(structure.hedges) / minutes, 1) if minutes else None,
    }
    if structure.estimate is not None:
        data["brainteaser"] = estimate_to_json(structure.estimate)
    return data


def _part_record(part: StarPart) -> dict[str, Any]:
    return {"present": part.present, "evidence": part.evidence, "span": list(part.span) if part.span else None}


def _part_from(data: dict[str, Any]) -> StarPart:
    span = data.get("span")
    return StarPart(bool(data["present"]), data.get("evidence"), (int(span[0]), int(span[1])) if span else None)


def structure_record(structure: Structure) -> dict[str, Any]:
    """The structure as saved with its attempt (with offsets, unlike the batch contract)."""
    data: dict[str, Any] = {
        "kind": structure.kind,
        "star": {name: _part_record(part) for name, part in structure.star.parts.items()},
        "result_measurable": structure.star.result_measurable,
        "we_only": structure.star.we_only,
        "hedges": [[h.phrase, h.start, h.end] for h in structure.hedges],
    }
    if structure.estimate is not None:
        data["estimate"] = {name: _part_record(part) for name, part in structure.estimate.parts.items()}
    return data


def structure_from_record(data: dict[str, Any]) -> Structure:
    """A saved structure, as `structure_record` wrote it."""
    star = data["star"]
    estimate = data.get("estimate")
    return Structure(
        kind=data["kind"],
        star=Star(
            situation=_part_from(star["situation"]),
            task=_part_from(star["task"]),
            action=_part_from(star["action"]),
            result=_part_from(star["result"]),
            result_measurable=bool(data["result_measurable"]),
            we_only=bool(data.get("we_only", False)),
        ),
        hedges=tuple(Hedge(str(p), int(s), int(e)) for p, s, e in data.get("hedges", [])),
        estimate=EstimateShape(**{name: _part_from(part) for name, part in estimate.items()}) if estimate else None,
    )
