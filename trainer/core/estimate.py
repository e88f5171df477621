"""The shape of a brainteaser (estimation) answer: assumptions stated, the estimate built in steps, a final
number, and a sanity check."""

from __future__ import annotations

import re
from dataclasses import dataclass

from trainer.core.star import StarPart, clauses

NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
    r"sixty|seventy|eighty|ninety|hundred|thousand|million|billion|half|quarter|third|percent|dozen)\b",
    re.IGNORECASE,
)
ASSUMPTION = re.compile(
    r"\b(?:assum\w*|let's say|let us say|say there (?:are|is)|suppose|i'll take|i'd guess|my guess is|"
    r"call it|round (?:it|that) (?:up|down|to)|ballpark of)\b",
    re.IGNORECASE,
)
# a step that combines numbers: "times", "per", "divided by", "so that's"
_STEP = re.compile(
    r"\b(?:times|multipl\w*|divid\w*|per|each|out of|a day|a week|a year|so that's|that's|which gives|"
    r"that gives|gives (?:us|me)|which is|add|plus|minus|percent|of them|of those)\b|\s[x×*/]\s|%",
    re.IGNORECASE,
)
_FINAL = re.compile(
    r"\b(?:so (?:about|around|roughly|that's|my|the|in total)|in total|all in all|my (?:answer|estimate)|"
    r"the answer|i'd (?:say|estimate)|that gives|which gives|comes (?:to|out at)|total of)\b",
    re.IGNORECASE,
)
CHECK = re.compile(
    r"\b(?:sanity[ -]check\w*|check\w*|cross[ -]check\w*|double[ -]check\w*|sounds (?:about )?right|"
    r"seems (?:about )?(?:right|reasonable|plausible|high|low)|makes sense|too (?:high|low|big|small)|"
    r"compare\w*|which matches|in line with|order of magnitude|plausible|reasonable)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class EstimateShape:
    """What a brainteaser answer shows of a good estimate, each with the words that show it."""

    assumptions: StarPart
    structure: StarPart
    final_number: StarPart
    sanity_check: StarPart

    @property
    def parts(self) -> dict[str, StarPart]:
        """The four parts by name, in the order a good answer tells them."""
        return {
            "assumptions": self.assumptions,
            "structure": self.structure,
            "final_number": self.final_number,
            "sanity_check": self.sanity_check,
        }

    @property
    def missing(self) -> tuple[str, ...]:
        """The names of the parts the answer lacks."""
        return tuple(name for name, part in self.parts.items() if not part.present)


def _found(answer: str, start: int, end: int) -> StarPart:
    return StarPart(present=True, evidence=answer[start:end], span=(start, end))


def analyse_estimate(answer: str) -> EstimateShape:
    """The estimate's shape: an assumption cue; at least two numbered steps; a number told as the
    conclusion (after the steps); a check of that number against something known."""
    pieces = clauses(answer.replace("’", "'"))
    numbered = [c for c in pieces if NUMBER.search(c.text)]
    assumption = next((c for c in pieces if ASSUMPTION.search(c.text)), None)
    steps = [c for c in numbered if _STEP.search(c.text)]
    final = next((c for c in reversed(numbered) if _FINAL.search(c.text)), None)
    if final is None and len(steps) >= 2:
        final = numbered[-1]
    check = next((c for c in pieces if CHECK.search(c.text) and (final is None or c.start >= final.start)), None)
    absent = StarPart(present=False)
    return EstimateShape(
        assumptions=_found(answer, assumption.start, assumption.end) if assumption else absent,
        structure=_found(answer, steps[0].start, steps[1].end) if len(steps) >= 2 else absent,
        final_number=_found(answer, final.start, final.end) if final else absent,
        sanity_check=_found(answer, check.start, check.end) if check else absent,
    )


def estimate_to_json(shape: EstimateShape) -> dict[str, dict[str, object]]:
    """Each part's presence and evidence, as in the "star" object."""
    return {name: {"present": part.present, "evidence": part.evidence} for name, part in shape.parts.items()}
