"""The `trainer` command line: parses arguments, builds the parts, then opens the TUI or calls the core.

Heavy modules (Textual, the scorer, speech) are imported inside the commands that need them, so
`trainer --help` stays fast.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from trainer.core.errors import TrainerError
from trainer.core.files import printable_path, printable_text

if TYPE_CHECKING:
    from trainer.config import Settings
    from trainer.core.store import Store


def fail(message: str) -> NoReturn:
    """Print one line on stderr and exit 1 (what it quotes, a file name or a bank's text, escaped to stay one line)."""
    click.echo(f"trainer: {printable_path(message)}", err=True)
    sys.exit(1)


class TrainerGroup(click.Group):
    """A click group that turns our own errors into one line and exit code 1, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TrainerError as exc:
            fail(str(exc))
        except KeyboardInterrupt:
            click.echo("", err=True)
            sys.exit(130)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except Exception as exc:
            if os.environ.get("TRAINER_DEBUG"):
                raise
            fail(f"unexpected error: {type(exc).__name__}: {exc} (run with TRAINER_DEBUG=1 for details)")


def user_settings() -> Settings:
    from trainer.config import load_settings

    return load_settings()


def open_store(*, reading_will_do: bool = False) -> Store:
    """The user's practice data; `reading_will_do`: read-only where it cannot be written (export, report)."""
    from trainer import paths
    from trainer.core.store import Store

    return Store.open(paths.db_path(), reading_will_do=reading_will_do)


@click.group(cls=TrainerGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="trainer", prog_name="trainer")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Practise job interviews out loud: questions spoken, answers heard, your three points checked.

    With no command, opens the home screen.
    """
    if ctx.invoked_subcommand is None:
        _run_tui(mode="home")


@main.command()
@click.option("--bank", "banks", multiple=True, metavar="NAME|PATH", help="Bank to draw from (repeatable).")
@click.option("--count", type=click.IntRange(1, 200), default=None, help="Number of questions.")
@click.option("--time-limit", type=click.IntRange(5, 1800), default=None, metavar="SECONDS", help="Seconds per answer.")
@click.option("--minutes", type=click.IntRange(1, 600), default=None, help="Optional session length in minutes.")
@click.option("--typed", is_flag=True, help="Type answers instead of speaking them.")
@click.option("--mute", is_flag=True, help="Show questions without speaking them.")
@click.option(
    "--audio-in",
    "audio_in",
    multiple=True,
    metavar="[ID=]FILE",
    help="Answer from these audio files in turn (replayed in real time); ID=FILE answers that question.",
)
@click.option("--question", "question_ids", multiple=True, metavar="ID", help="Ask this question (repeatable).")
def practice(
    banks: tuple[str, ...],
    count: int | None,
    time_limit: int | None,
    minutes: int | None,
    typed: bool,
    mute: bool,
    audio_in: tuple[str, ...],
    question_ids: tuple[str, ...],
) -> None:
    """Go straight into a timed practice session."""
    from trainer.cli_practice import split_audio_in

    paired, files = split_audio_in(audio_in)
    if paired and question_ids:
        raise click.UsageError("name the questions either with --question or with --audio-in ID=FILE, not both")
    if files:
        from trainer.speech.capture import check_audio_path

        for path in files:
            check_audio_path(path)  # missing, not audio, or too long: one line, before anything loads
    _run_tui(
        mode="practice",
        banks=banks,
        count=count,
        time_limit=time_limit,
        minutes=minutes,
        typed=typed,
        mute=mute,
        audio_in=files,
        question_ids=paired or question_ids,
    )


def _run_tui(mode: str, **options: Any) -> None:
    from trainer.ui.app import make_app
    from trainer.ui.options import PracticeOptions

    settings = user_settings()
    store = open_store(reading_will_do=True)  # read-only data can still be reviewed; saves then say why not
    try:
        catalog = None
        if mode == "practice":
            from trainer.catalog import load_catalog
            from trainer.cli_practice import check_practice

            extra = [Path(b) for b in options.get("banks", ()) if _is_path(b)]
            catalog = load_catalog(extra, store.user_points())
            check_practice(catalog, options["banks"], options["question_ids"], options["audio_in"])
        app = make_app(
            settings=settings,
            store=store,
            mode=mode,
            practice=PracticeOptions.from_cli(settings, **options) if mode in ("practice", "drill") else None,
            catalog=catalog,
        )
        app.run()
    finally:
        store.close()
    for what in app.unsaved():  # the app kept it to the end; the terminal is the last place to show it
        click.echo(f"trainer: not saved ({app.saves.reason}): {printable_path(what)}", err=True)
    if app.return_code:
        sys.exit(app.return_code)


def _is_path(value: str) -> bool:
    from trainer.catalog import is_bank_path

    return is_bank_path(value)


# --- score -------------------------------------------------------------------------------------------------


@main.command()
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
def score(
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
        _score_jsonl(jsonl)
        return
    if extra_points and not points_:
        raise click.UsageError(f"unexpected argument {extra_points[0]!r} (points follow --points)")
    if sum(x is not None for x in (text, text_file, audio)) != 1:
        raise click.UsageError("give the answer with exactly one of --text, --text-file or --audio")
    point_list, kind = _points_for(question_id, [*points_, *extra_points])
    settings = user_settings()
    extra: dict[str, Any] = {}
    duration_s = None
    if audio is not None:
        from trainer.cli_speech import transcribe_audio
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
        judge=_load_judge(settings),
        threshold=settings.cover_threshold,
        kind=kind,
    )
    if audio is not None:
        from dataclasses import replace

        result = replace(result, delivery=replace(result.delivery, pauses=heard.pauses))
    if save:
        from trainer.cli_review import save_scored_answer

        result, saved = save_scored_answer(question_id or "", answer, result, transcript=answer if audio else None)
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


def _points_for(question_id: str | None, given: Sequence[str]) -> tuple[list[str], Any]:
    """The points to score against, and the kind of question (points given by hand: a stock question)."""
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

    store = open_store(reading_will_do=True)
    try:
        question = load_catalog(user_points=store.user_points()).find(question_id or "")
    finally:
        store.close()
    if question is None:
        fail(f"no question with id {question_id!r} (see: trainer banks list)")
    if not question.talking_points:
        fail(f"question {question_id!r} has no talking points yet (set them: trainer points set {question_id} ...)")
    return list(question.talking_points), question.kind


#: A batch line longer than this is answered with an error and skipped, never held in memory whole.
MAX_JSONL_LINE_BYTES = 64 * 1024 * 1024


def _score_jsonl(source: str) -> None:
    from trainer.core.files import FileProblem, open_stream
    from trainer.core.scoring import score_jsonl_line

    judge = _load_judge(user_settings())
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


def _load_judge(settings: Settings) -> Any:
    if not settings.use_judge:
        return None
    from trainer.judge.nli import load_judge

    return load_judge(settings)


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


# the command groups that live in their own modules register themselves on `main`
from trainer import cli_banks  # noqa: E402

main.add_command(cli_banks.banks)
main.add_command(cli_banks.points)

from trainer import cli_review  # noqa: E402

main.add_command(cli_review.drill)
main.add_command(cli_review.review)
main.add_command(cli_review.queue)

from trainer import cli_report  # noqa: E402

main.add_command(cli_report.report)


from trainer import cli_data  # noqa: E402

main.add_command(cli_data.data)

from trainer import cli_speech  # noqa: E402

main.add_command(cli_speech.transcribe)
main.add_command(cli_speech.say)
main.add_command(cli_speech.doctor)
main.add_command(cli_speech.models)

from trainer import cli_settings  # noqa: E402

main.add_command(cli_settings.settings)
