"""How attempts, verdicts and review cards map to and from database rows."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from typing import Any

from trainer.core.models import AnswerScore, Attempt, Delivery, PointVerdict, Question, ReviewCard
from trainer.core.probe import ProbeAnswer, probe_from_json, probe_to_json
from trainer.core.structure import Structure, analyse_structure, structure_from_record, structure_record


def to_iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def from_iso(text: str) -> datetime:
    return datetime.fromisoformat(text)


def verdict_json(verdict: PointVerdict) -> dict[str, Any]:
    return {
        "point": verdict.point,
        "score": verdict.score,
        "covered": verdict.covered,
        "evidence": verdict.evidence,
        "span": list(verdict.span) if verdict.span else None,
        "reason": verdict.reason,
        "overridden": verdict.overridden,
        "unsure": verdict.unsure,
    }


def structure_json(structure: Structure | None) -> str:
    # JSON null for an answer scored without structure; SQL NULL only in rows saved before it existed
    return json.dumps(structure_record(structure) if structure is not None else None)


def follow_up_json(follow_up: ProbeAnswer | None) -> str | None:
    return json.dumps(probe_to_json(follow_up)) if follow_up is not None else None


def verdict_from_json(data: dict[str, Any]) -> PointVerdict:
    span = data.get("span")
    return PointVerdict(
        point=data["point"],
        score=int(data["score"]),
        covered=bool(data["covered"]),
        evidence=data.get("evidence"),
        span=(int(span[0]), int(span[1])) if span else None,
        reason=data.get("reason", "not mentioned"),
        overridden=bool(data.get("overridden", False)),
        unsure=bool(data.get("unsure", False)),
    )


def card_from_row(row: sqlite3.Row) -> ReviewCard:
    return ReviewCard(
        question_id=row["question_id"],
        question_text=row["question_text"],
        due=from_iso(row["due"]),
        lapses=row["lapses"],
        leech=bool(row["leech"]),
        last_verdicts=tuple(verdict_from_json(v) for v in json.loads(row["last_verdicts"])),
        last_rating=row["last_rating"],
        last_review=from_iso(row["last_review"]),
        reviews=row["reviews"],
        fsrs_card=row["fsrs_card"],
    )


def _structure(row: sqlite3.Row) -> Structure | None:
    saved = row["structure"]
    if saved is None:
        # saved before structure was measured: it depends on the words alone, so it is measured now
        return analyse_structure(row["answer"], row["kind"])
    data = json.loads(saved)
    return structure_from_record(data) if data is not None else None


def attempt_from_row(row: sqlite3.Row) -> Attempt:
    points = tuple(json.loads(row["points"]))
    question = Question(
        id=row["question_id"],
        text=row["question_text"],
        kind=row["kind"],
        talking_points=points,
        bank=row["bank"],
    )
    delivery = Delivery(
        words=row["words"],
        fillers=row["fillers"],
        duration_s=row["duration_s"],
        time_limit_s=row["time_limit_s"],
        spoken=bool(row["spoken"]),
        filler_words=tuple(json.loads(row["filler_words"])),
    )
    follow_up = row["follow_up"]
    score = AnswerScore(
        points=tuple(verdict_from_json(v) for v in json.loads(row["verdicts"])),
        delivery=delivery,
        method=row["method"],
        structure=_structure(row),
    )
    return Attempt(
        id=row["id"],
        session_id=row["session_id"],
        question=question,
        answer=row["answer"],
        transcript=row["transcript"],
        score=score,
        started_at=from_iso(row["started_at"]),
        ended_at=from_iso(row["ended_at"]),
        follow_up=probe_from_json(json.loads(follow_up)) if follow_up else None,
    )
