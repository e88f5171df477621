"""`trainer score`: one answer (typed, from a file, or spoken) or a batch of JSON lines, against talking points."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from trainer.cli.common import fail
from trainer.cli.context import CliContext
from trainer.core.files import printable_path, printable_text
from trainer.judge import judge_for

if TYPE_CHECKING:
    from trainer.config import Settings
    from trainer.core.models import AnswerScore


@click.command()
@click.option("--text", "text", default=None, help="The answer as text.")
@click.option(
    "--text-file", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Read the answer from a file."
)
@click.option(
    "--audio",
    "audio",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="A spoken answer (WAV, FLAC, OGG or AIFF).",
)
@click.option("--question", "question_id", default=None, help="Score against this question's points.")
@click.option(
    "--points",
    "points_",
    multiple=True,
    metavar="P",
    help="A talking point (repeat, or give several after one --points).",
)
@click.option("--jsonl", "jsonl", default=None, metavar="FILE|-", help="Batch: one JSON object per line in, one out.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--save", is_flag=True, help="Record it as a one-answer practice session (updates the drill schedule).")
@click.argument("extra_points", nargs=-1)
@click.pass_obj
def score(
    cli: CliContext,
    text: str | None,
    text_file: Path | None,
    audio: Path | None,
    question_id: str | None,
    points_: tuple[str, ...],
    jsonl: str | None,
    as_json: bool,
    save: bool,
    extra_points: tuple[str, ...],
) -> None:
    """Score an answer against talking points (typed text, or a batch of JSON lines)."""
    if save and (jsonl is not None or question_id is None):
        raise click.UsageError("--save records one answer to a question: give --question ID (not --points or --jsonl)")
    if jsonl is not None:
        if text is not None or text_file is not None or audio is not None or question_id or points_ or extra_points:
            raise click.UsageError("--jsonl takes no other answer or points")
        _score_jsonl(jsonl, cli.settings)
        return
    if extra_points and not points_:
        raise click.UsageError(f"unexpected argument {extra_points[0]!r} (points follow --points)")
    if sum(x is not None for x in (text, text_file, audio)) != 1:
        raise click.UsageError("give the answer with exactly one of --text, --text-file or --audio")
    point_list, kind = _points_for(cli, question_id, [*points_, *extra_points], saving=save)
    settings = cli.settings
    extra: dict[str, Any] = {}
    duration_s = None
    if audio is not None:
        from trainer.cli.speech import transcribe_audio
        from trainer.speech.transcribe import pause_fields

        heard = transcribe_audio(audio, settings, live=False, hotwords=point_list)
        answer, duration_s = heard.text, heard.speech_s
        extra = {"transcript": heard.text, "audio_s": round(heard.audio_s, 3), **pause_fields(heard.pauses)}
    else:
        answer = _answer_text(text, text_file)
    from trainer.core.scoring import score_answer, score_to_json

    result = score_answer(
        answer,
        point_list,
        duration_s=duration_s,
        spoken=audio is not None,
        judge=judge_for(settings),
        threshold=settings.cover_threshold,
        kind=kind,
    )
    if audio is not None:
        from dataclasses import replace

        result = replace(result, delivery=replace(result.delivery, pauses=heard.pauses))
    if save:
        result, saved = save_scored_answer(cli, question_id or "", answer, result, transcript=answer if audio else None)
        click.echo(saved, err=True)
    if as_json:
        data = score_to_json(result)
        if audio is not None:
            data.update(extra, wpm=result.delivery.wpm)
        click.echo(json.dumps(data, ensure_ascii=False))
        return
    if audio is not None:
        click.echo(printable_text(f'heard: "{answer}"'))
    _print_score(result)


def _answer_text(text: str | None, text_file: Path | None) -> str:
    from trainer.core.scoring import MAX_ANSWER_CHARS

    if text_file is not None:
        from trainer.core.files import FileProblem, read_bytes

        try:
            # a UTF-8 character is at most 4 bytes: a bigger file cannot be an answer, so it is never read whole
            raw = read_bytes(text_file, 4 * MAX_ANSWER_CHARS, what=f"answer (at most {MAX_ANSWER_CHARS} characters)")
        except FileProblem as exc:
            fail(str(exc).replace("cannot read (no such file)", "no such file"))
        if b"\x00" in raw:
            fail(f"{printable_path(text_file)}: not a text file")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            fail(f"{printable_path(text_file)}: not UTF-8 text")
    assert text is not None
    if len(text) > MAX_ANSWER_CHARS:
        fail(f"the answer has {len(text)} characters; at most {MAX_ANSWER_CHARS}")
    return text


def _points_for(
    cli: CliContext, question_id: str | None, given: Sequence[str], *, saving: bool
) -> tuple[list[str], Any]:
    """The points to score against, and the kind of question (points given by hand: a stock question).

    `saving`: the answer will be saved, so the store is opened to be written (never read-only).
    """
    if (question_id is None) == (not given):
        raise click.UsageError("give exactly one of --question ID or --points P [P ...]")
    if given:
        cleaned = [" ".join(p.split()) for p in given]
        if any(not p for p in cleaned):
            fail("a talking point is empty")
        if len(cleaned) > 10:
            fail(f"{len(cleaned)} points given; at most 10")
        from trainer.core.scoring import MAX_POINT_CHARS

        if any(len(p) > MAX_POINT_CHARS for p in cleaned):
            fail(f"a talking point has more than {MAX_POINT_CHARS} characters")
        from trainer.core.talking_points import point_problem

        problem = next((p for n, text in enumerate(cleaned, start=1) if (p := point_problem(n, text))), None)
        if problem:  # an invisible point can never be heard in an answer
            fail(problem)
        return cleaned, "stock"
    from trainer.catalog import load_catalog

    store = cli.store(reading_will_do=not saving)
    question = load_catalog(user_points=store.user_points()).find(question_id or "")
    if question is None:
        fail(f"no question with id {question_id!r} (see: trainer banks list)")
    if not question.talking_points:
        fail(f"question {question_id!r} has no talking points yet (set them: trainer points set {question_id} ...)")
    return list(question.talking_points), question.kind


#: A batch line longer than this is answered with an error and skipped, never held in memory whole.
MAX_JSONL_LINE_BYTES = 64 * 1024 * 1024


def _score_jsonl(source: str, settings: Settings) -> None:
    from trainer.core.files import FileProblem, open_stream
    from trainer.core.scoring import score_jsonl_line

    judge = judge_for(settings)
    try:
        stream = sys.stdin.buffer if source == "-" else open_stream(source)
    except FileProblem as exc:
        fail(str(exc))
    try:
        for number, raw in enumerate(_byte_lines(stream, MAX_JSONL_LINE_BYTES), start=1):
            if raw is None:
                result: dict[str, Any] = {"error": f"longer than {MAX_JSONL_LINE_BYTES >> 20} MB; skipped"}
            else:
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    result = {"error": f"not UTF-8 text (byte {exc.start + 1} of the line)"}
                else:
                    if not line.strip():
                        continue
                    result = score_jsonl_line(line, judge=judge)
            if "error" in result:
                result = {"error": f"line {number}: {result['error']}"}
            click.echo(json.dumps(result, ensure_ascii=False))
    except OSError as exc:
        fail(f"{printable_path(source)}: cannot read ({exc.strerror or exc})")
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()


def _byte_lines(stream: Any, limit: int) -> Any:
    """Each line of a binary stream (without its newline), or None for a line over `limit` bytes (skipped)."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # the rest of the long line, read and dropped
                line = stream.readline(1 << 20)
            yield None
            continue
        yield line.rstrip(b"\r\n") if line.endswith(b"\n") else line


def _print_score(result: Any) -> None:
    from trainer.core.models import VERDICT_MARK

    for verdict in result.points:
        line = f"{VERDICT_MARK[verdict.state]} {verdict.point}  (confidence {verdict.score} of 100)"
        if verdict.state == "unsure":
            line += "  — unsure: did you make this point? (counts as not made)"
        elif verdict.covered and verdict.evidence:
            line += f'  — "{verdict.evidence}"'
        elif not verdict.covered:
            line += f"  — {verdict.reason}"
        click.echo(printable_text(line))
    delivery = result.delivery
    fillers = f" ({', '.join(delivery.filler_words)})" if delivery.filler_words else ""
    click.echo(
        f"words {delivery.words}, fillers {delivery.fillers}{fillers}" + (" — weak" if result.weak else " — strong")
    )
    for pause in delivery.pauses:
        click.echo(f'long pause: {pause.seconds:.1f} s after "{pause.after}" ({pause.at_s:.1f} s in)')
    if result.structure is not None:
        from trainer.core.structure import structure_lines

        for line in structure_lines(result.structure):
            click.echo(line)
    if result.method == "lexical":
        click.echo("(lexical scoring only: less accurate; run `trainer doctor` to see why the model is missing)")


def save_scored_answer(
    cli: CliContext, question_id: str, answer: str, score: AnswerScore, *, transcript: str | None = None
) -> tuple[AnswerScore, str]:
    """Record a `trainer score` answer as a one-answer practice session and update its card.

    Returns the score as saved (with the question's time limit) and one line saying what happened.
    """
    from trainer.catalog import load_catalog
    from trainer.core.scheduling import due_in_words
    from trainer.core.store import utc_now
    from trainer.use_cases.recording import record_single_answer

    store = cli.store()
    question = load_catalog(user_points=store.user_points()).find(question_id)
    if question is None:  # checked before scoring; a bank changed in between
        raise click.UsageError(f"no question with id {question_id!r}")
    now = utc_now()
    recorded, session_id = record_single_answer(store, cli.settings, question, answer, score, transcript, now)
    saved, card = recorded.attempt.score, recorded.card
    if card is None:
        return saved, f"trainer: saved as session {session_id}; {question.id} has no weak answer to drill"
    return saved, f"trainer: saved as session {session_id}; {question.id} comes back {due_in_words(card.due, now)}"
