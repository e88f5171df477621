"""After a session: what went well, then what to improve, and the whole session as a Markdown report."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from trainer.core.key_messages import KeyMessageCheck
from trainer.core.models import VERDICT_MARK, Attempt, Delivery, PointVerdict, Question, SessionInfo
from trainer.core.reflection import PROMPTS, Reflection
from trainer.core.scheduling import FILLERS_PER_MIN_MAX
from trainer.core.structure_report import structure_markdown
from trainer.core.wording import clock_text, filler_counts, pace_text


@dataclass(frozen=True)
class SummaryItem:
    """One line of a summary: what happened, and the question it is about (None when about the session)."""

    text: str
    question: str | None = None
    #: the answers it is about, by their number in the session (1 = first); empty when about the session
    answers: tuple[int, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class QuestionOutcome:
    """Every answer to one question in a session, with each point made in any of them or missed in all."""

    question: Question
    attempts: tuple[Attempt, ...]
    made: tuple[PointVerdict, ...]
    #: the latest verdict on each point no answer made, in the order of the points
    missed: tuple[PointVerdict, ...]


@dataclass(frozen=True)
class SessionSummary:
    """What went well, then what to improve, each as lines the screen and the report both show."""

    went_well: tuple[SummaryItem, ...]
    to_improve: tuple[SummaryItem, ...]


def question_outcomes(attempts: Iterable[Attempt]) -> list[QuestionOutcome]:
    """The session's answers grouped by question, in the order first asked.

    A point made on a retry counts as made: the summary and the note are about what still needs saying.
    """
    grouped: dict[str, list[Attempt]] = {}
    for attempt in attempts:
        grouped.setdefault(attempt.question.id, []).append(attempt)
    outcomes = []
    for group in grouped.values():
        latest: dict[str, PointVerdict] = {}
        made: dict[str, PointVerdict] = {}
        for attempt in group:
            for verdict in attempt.score.points:
                latest[verdict.point] = verdict
                if verdict.covered:
                    made[verdict.point] = made.get(verdict.point, verdict)
        outcomes.append(
            QuestionOutcome(
                question=group[-1].question,
                attempts=tuple(group),
                made=tuple(made[p] for p in latest if p in made),
                missed=tuple(v for p, v in latest.items() if p not in made),
            )
        )
    return outcomes


#: what the summary and the report say instead of a verdict when a question has no points to judge by
NO_POINTS = "No talking points to judge it by: add your three"


def totals_phrase(attempts: Sequence[Attempt]) -> str:
    """Points made and answers strong or to practise again, counted answer by answer.

    An answer to a question without talking points is neither: nothing was judged, so it asks for points.
    """
    judged = [a for a in attempts if a.score.points]
    made = sum(a.score.points_made for a in judged)
    total = sum(len(a.score.points) for a in judged)
    strong = sum(not a.score.weak for a in judged)
    phrase = f"{made} of {total} points made · {strong} strong, {len(judged) - strong} to practise again"
    unjudged = len(attempts) - len(judged)
    if unjudged:
        phrase += f" · {unjudged} not judged: no talking points yet"
    return phrase


def summarise(attempts: Sequence[Attempt], skipped: Sequence[Question] = ()) -> SessionSummary:
    """What went well (points made, answers in time, fewest fillers), then what to improve.

    Each item about a question names the answers it is about by their number in the session, so an empty
    retry of question 3 in row 4 is "#4", not "#3".
    """
    outcomes = question_outcomes(attempts)
    rows: dict[str, tuple[int, ...]] = {}
    for number, attempt in enumerate(attempts, start=1):
        rows[attempt.question.text] = (*rows.get(attempt.question.text, ()), number)
    return SessionSummary(
        went_well=_numbered(_went_well(attempts, outcomes), rows),
        to_improve=_numbered(_to_improve(attempts, outcomes, skipped), rows),
    )


def _numbered(items: Sequence[SummaryItem], rows: dict[str, tuple[int, ...]]) -> tuple[SummaryItem, ...]:
    """Items said once each, with the answers they are about (every answer to the question, unless given)."""
    merged: dict[SummaryItem, tuple[int, ...]] = {}
    for item in items:
        answers = item.answers or (rows.get(item.question, ()) if item.question else ())
        merged[item] = tuple(sorted({*merged.get(item, ()), *answers}))
    return tuple(replace(item, answers=answers) for item, answers in merged.items())


def _went_well(attempts: Sequence[Attempt], outcomes: list[QuestionOutcome]) -> list[SummaryItem]:
    items = [
        SummaryItem(v.point, o.question.text, tuple(_answers_with(attempts, o.question.id, v.point, made=True)))
        for o in outcomes
        for v in o.made
    ]
    answered = [a for a in attempts if not a.score.empty]
    # an answer whose length is unknown (scored from the command line) proves nothing about time
    timed = [a for a in answered if a.score.delivery.time_limit_s and a.score.delivery.duration_s is not None]
    in_time = [a for a in timed if not a.score.delivery.over_time]
    if in_time:
        if len(timed) == 1:
            items.append(SummaryItem("The answer finished within its time limit"))
        else:
            # counted over the answers given: an empty one neither finished in time nor ran out of it
            noun = "answers" if len(timed) == len(attempts) else "answers given"
            if len(in_time) == len(timed):
                every = "Both" if len(timed) == 2 else f"All {len(timed)}"
                items.append(SummaryItem(f"{every} {noun} finished within their time limit"))
            else:
                items.append(SummaryItem(f"{len(in_time)} of {len(timed)} {noun} finished within their time limit"))
    rated = [(rate, a) for a in answered if (rate := a.score.delivery.fillers_per_min) is not None]
    if rated:
        # the first of the lowest, so a tie names the earlier answer
        rate, best = min(rated, key=lambda pair: pair[0])
        # a rate above the aim is not something that went well, even if it was the session's lowest
        if rate <= FILLERS_PER_MIN_MAX:
            text = "No filler words" if rate == 0 else f"Fewest filler words: {rate:g} a minute"
            items.append(SummaryItem(text, best.question.text))
    if not items and attempts:
        items.append(SummaryItem(f"You practised {_count(len(attempts), 'answer')}: each one is easier the next time"))
    return items


def _to_improve(
    attempts: Sequence[Attempt], outcomes: list[QuestionOutcome], skipped: Sequence[Question]
) -> list[SummaryItem]:
    items = [SummaryItem(_missed_text(v), o.question.text) for o in outcomes for v in o.missed]
    items += [SummaryItem(NO_POINTS, o.question.text) for o in outcomes if not any(a.score.points for a in o.attempts)]
    for number, attempt in enumerate(attempts, start=1):
        delivery = attempt.score.delivery
        if attempt.score.empty:
            items.append(SummaryItem("No answer was given", attempt.question.text, (number,)))
        elif delivery.over_time and delivery.duration_s is not None and delivery.time_limit_s:
            used = f"{clock_text(delivery.duration_s)} of {clock_text(delivery.time_limit_s)}"
            items.append(SummaryItem(f"Ran out of time ({used})", attempt.question.text, (number,)))
    for number, attempt in enumerate(attempts, start=1):
        rate = attempt.score.delivery.fillers_per_min
        if rate is not None and rate > FILLERS_PER_MIN_MAX:
            aim = f"(aim: at most {FILLERS_PER_MIN_MAX:g})"
            text = f"{rate:g} filler words a minute{_mostly(attempt.score.delivery)} {aim}"
            items.append(SummaryItem(text, attempt.question.text, (number,)))
    # a weak answer counts as one to practise again: when nothing above says why, the retry that fixed it does
    said = {item.question for item in items}
    items += _made_on_a_later_try(attempts, [o for o in outcomes if o.question.text not in said])
    answered = {a.question.id for a in attempts}
    items += [SummaryItem("Skipped", q.text) for q in skipped if q.id not in answered]
    return list(dict.fromkeys(items))  # the same slip on a retry is one thing to improve, said once


def _answers_with(attempts: Sequence[Attempt], question_id: str, point: str, *, made: bool) -> list[int]:
    """The numbers (1 = first) of the session's answers to the question that made (or missed) the point."""
    return [
        number
        for number, attempt in enumerate(attempts, start=1)
        if attempt.question.id == question_id
        and any(v.point == point and v.covered == made for v in attempt.score.points)
    ]


def _made_on_a_later_try(attempts: Sequence[Attempt], outcomes: list[QuestionOutcome]) -> list[SummaryItem]:
    """Points one answer made and another to the same question missed (or contradicted), named by the misses."""
    items = []
    for outcome in outcomes:
        for verdict in outcome.made:
            missed_in = _answers_with(attempts, outcome.question.id, verdict.point, made=False)
            if not missed_in:
                continue
            made_in = _answers_with(attempts, outcome.question.id, verdict.point, made=True)
            miss = next(v for n in missed_in for v in attempts[n - 1].score.points if v.point == verdict.point)
            reason = "" if miss.reason in ("made", "not mentioned") else f", {miss.reason}"
            when = "made only on a later try" if missed_in[0] < made_in[0] else "made at first, missed on a retry"
            items.append(SummaryItem(f"{verdict.point} ({when}{reason})", outcome.question.text, tuple(missed_in)))
    return items


def _missed_text(verdict: PointVerdict) -> str:
    # "not mentioned" is what missed means; the other reasons say something the point alone does not
    if verdict.reason in ("made", "not mentioned"):
        return verdict.point
    return f"{verdict.point} ({verdict.reason})"


def _mostly(delivery: Delivery) -> str:
    if not delivery.filler_words:
        return ""
    word, _ = Counter(delivery.filler_words).most_common(1)[0]
    return f', mostly "{word}"'


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


# --- the Markdown report --------------------------------------------------------------------------------------


def delivery_figures(delivery: Delivery) -> str:
    """Words, fillers, pace and time used, in one line of plain text."""
    parts = [_count(delivery.words, "word")]
    fillers = _count(delivery.fillers, "filler")
    if delivery.fillers_per_min is not None:
        fillers += f" ({delivery.fillers_per_min:g} a minute)"
    if delivery.filler_words:
        top = filler_counts(delivery.filler_words)[:3]
        fillers += ": " + ", ".join(f'"{word}" ×{n}' for word, n in top)
    parts.append(fillers)
    if delivery.wpm is not None:
        parts.append(pace_text(delivery.wpm))
    if delivery.duration_s is not None and delivery.time_limit_s:
        used = f"time {clock_text(delivery.duration_s)} of {clock_text(delivery.time_limit_s)}"
        parts.append(used + (", ran out of time" if delivery.over_time else ""))
    elif delivery.duration_s is not None:
        parts.append(f"time {clock_text(delivery.duration_s)}")
    return " · ".join(parts)


def session_markdown(
    info: SessionInfo,
    *,
    note: str,
    note_saved: bool,
    reflection: Reflection | None,
    key_messages: Sequence[KeyMessageCheck] = (),
) -> str:
    """The whole session in Markdown: the summary, each answer with its verdicts, the note and the reflection."""
    attempts = info.attempts
    summary = summarise(attempts)
    when = info.started_at.astimezone().strftime("%a %d %b %Y, %H:%M")
    lines = [f"# {info.mode.capitalize()} session {info.id}: {when}", ""]
    if info.banks:
        lines.append(f"Banks: {', '.join(_inline(b) for b in info.banks)}  ")
    if attempts:
        # counted answer by answer, as the summary screen's totals are
        durations = [d for a in attempts if (d := a.score.delivery.duration_s) is not None]
        line = f"{_count(len(attempts), 'answer')} · {totals_phrase(attempts)}"
        lines.append(line + (f" · {clock_text(sum(durations))} answering" if durations else ""))
    else:
        lines.append("No answers were scored in this session.")
    lines += _section("What went well", summary.went_well)
    lines += _section("What to improve", summary.to_improve)
    if key_messages:
        came = sum(c.came_across for c in key_messages)
        lines += ["", f"## Key messages: {came} of {len(key_messages)} came across", ""]
        for check in key_messages:
            if check.came_across:
                said = f"“{_inline(check.evidence or '')}” ({_inline(check.question or '')})"
                lines.append(f"- {VERDICT_MARK['made']} {_inline(check.message)}: {said}")
            else:
                lines.append(f"- {VERDICT_MARK['missed']} {_inline(check.message)}: not in any answer this session")
    for number, attempt in enumerate(attempts, start=1):
        lines += ["", *_answer_markdown(number, attempt)]
    lines += ["", "## Follow-up note", ""]
    lines.append("As saved:" if note_saved else "Drafted from the session (not edited yet):")
    fence = "```" + "`" * _longest_backtick_run(note)
    lines += ["", fence + "text", note.rstrip("\n"), fence]
    lines += ["", "## Reflection", ""]
    if reflection is None or reflection.empty:
        lines.append("No reflection written.")
    else:
        for (_, prompt), answer in zip(PROMPTS, reflection.answers(), strict=True):
            lines.append(f"**{prompt}** {_inline(answer) if answer else '(skipped)'}  ")
    return "\n".join(lines).rstrip() + "\n"


def _section(title: str, items: Sequence[SummaryItem]) -> list[str]:
    if not items:
        return []
    lines = ["", f"## {title}", ""]
    for item in items:
        about = f" ({_inline(item.question)})" if item.question else ""
        lines.append(f"- {_inline(item.text)}{about}")
    return lines


def answer_markdown(attempt: Attempt) -> str:
    """One answer on its own, as Markdown (the question, each verdict with its evidence, delivery, the words)."""
    lines = _answer_markdown(1, attempt)
    lines[0] = f"# {_inline(attempt.question.text)}"
    return "\n".join(lines).rstrip() + "\n"


def _answer_markdown(number: int, attempt: Attempt) -> list[str]:
    score = attempt.score
    verdict = "no answer" if score.empty else ("weak" if score.weak else "strong")
    made = f"{score.points_made} of {len(score.points)} points · {verdict}"
    if not score.points:  # nothing to judge by: never "0 of 0 points · strong"
        made = ("no answer · " if score.empty else "") + "not judged: no talking points yet (trainer points set)"
    lines = [f"## {number}. {_inline(attempt.question.text)}", ""]
    lines.append(
        f"`{attempt.question.id}` · {made}"
        + (" · scored by word matching only" if score.method == "lexical" else f" · scored by {score.method}")
    )
    if attempt.transcript is not None:
        lines += ["", "Transcript (as heard):", "", *_quote(attempt.transcript)]
        if attempt.answer.strip() != attempt.transcript.strip():
            lines += ["", "Corrected by you:", "", *_quote(attempt.answer)]
    else:
        lines += ["", "Answer (typed):", "", *_quote(attempt.answer)]
    lines.append("")
    for verdict_ in score.points:
        lines.append(_verdict_markdown(verdict_))
    lines += ["", f"Delivery: {delivery_figures(score.delivery)}"]
    return lines + structure_markdown(attempt, _inline)


def _verdict_markdown(verdict: PointVerdict) -> str:
    if verdict.state == "unsure":
        line = f"- {VERDICT_MARK['unsure']} **{_inline(verdict.point)}** (score {verdict.score}, unsure: not answered"
        line += ", counted as not made)"
        if verdict.evidence:
            line += f"; closest: “{_inline(verdict.evidence)}”"
        return line
    if verdict.covered:
        line = f"- {VERDICT_MARK['made']} **{_inline(verdict.point)}** (score {verdict.score})"
        if verdict.evidence:
            line += f": “{_inline(verdict.evidence)}”"
        if verdict.overridden:
            line += " (you marked this as made)"
        return line
    line = f"- {VERDICT_MARK['missed']} **{_inline(verdict.point)}** (score {verdict.score}, {verdict.reason})"
    if verdict.evidence:
        line += f"; closest: “{_inline(verdict.evidence)}”"
    if verdict.overridden:
        line += " (you marked this as missed)"
    return line


def _quote(text: str) -> list[str]:
    lines = text.strip().splitlines() or ["(nothing)"]
    return [f"> {_inline(line)}".rstrip() for line in lines]


_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#"})


def _inline(text: str) -> str:
    """User text made safe inside Markdown: its own symbols shown as typed, not read as formatting."""
    return " ".join(text.split()).translate(_SPECIAL)


def _longest_backtick_run(text: str) -> int:
    longest = run = 0
    for char in text:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    return longest
