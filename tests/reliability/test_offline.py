"""Offline by default: a spoken answer scored end to end with the network blocked; online engines only by opt-in,
saying what leaves the machine before anything does."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from reliability_support import PYTHON, REPO, assert_one_line_error, env_for, invoke

from trainer.config import Settings
from trainer.core.errors import RecogniserError
from trainer.speech import recognisers, whisper_models

ANSWER = (
    "When our launch date moved up two weeks, I wrote a daily priority list with the team, "
    "and we shipped on time with zero critical bugs."
)
POINTS = ["launch date moved up two weeks", "daily priority list with the team", "shipped on time, zero critical bugs"]

#: Installed before trainer is imported: every attempt to reach another machine is written to stderr and fails.
#: Local (AF_UNIX) sockets are left alone: they are not the network.
GUARD = textwrap.dedent(
    """
    import socket, sys

    def _refuse(what):
        def refuse(*args, **kwargs):
            target = (args[1:2] if what.startswith("socket.") else args[:1]) or kwargs
            if what.startswith("socket.") and args and getattr(args[0], "family", None) == socket.AF_UNIX:
                return _originals[what](*args, **kwargs)
            sys.stderr.write(f"NETWORK ATTEMPT {what} {target!r}\\n")
            raise OSError(101, "network blocked by the offline test")
        return refuse

    _originals = {
        "socket.connect": socket.socket.connect,
        "socket.connect_ex": socket.socket.connect_ex,
        "socket.sendto": socket.socket.sendto,
    }
    socket.socket.connect = _refuse("socket.connect")
    socket.socket.connect_ex = _refuse("socket.connect_ex")
    socket.socket.sendto = _refuse("socket.sendto")
    socket.create_connection = _refuse("create_connection")
    socket.getaddrinfo = _refuse("getaddrinfo")
    """
)


def _network_namespace() -> list[str]:
    """`unshare -n`: a process with no network interface at all, when this machine allows it (else [])."""
    tool = shutil.which("unshare")
    if tool is None:
        return []
    trial = subprocess.run([tool, "-n", "true"], capture_output=True)
    return [tool, "-n"] if trial.returncode == 0 else []


def _offline_env(home: Path) -> dict[str, str]:
    env = env_for(home)
    # nothing that would itself keep the model libraries offline: the app must not need it
    for name in list(env):
        if (
            name.startswith(("HF_", "HUGGINGFACE_", "TRANSFORMERS_"))
            or name.endswith("_PROXY")
            or name.endswith("_proxy")
        ):
            del env[name]
    return env


@pytest.fixture(scope="module")
def spoken_answer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real espeak-ng recording of a strong answer."""
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        pytest.skip("espeak-ng is not installed")
    path = tmp_path_factory.mktemp("offline") / "answer.wav"
    subprocess.run([espeak, "-s", "150", "-w", str(path), ANSWER], check=True, capture_output=True)
    return path


@pytest.mark.speech
def test_spoken_scoring_end_to_end_with_the_network_blocked(tmp_path: Path, spoken_answer: Path) -> None:
    home = tmp_path / "home"  # default settings: the real recogniser and the scoring model, as a user gets them
    script = GUARD + textwrap.dedent(
        f"""
        from trainer.cli import main
        main(["score", "--audio", {str(spoken_answer)!r}, "--points", *{POINTS!r}, "--json"])
        """
    )
    result = subprocess.run(
        [*_network_namespace(), PYTHON, "-c", script],
        capture_output=True,
        text=True,
        timeout=180,
        env=_offline_env(home),
        cwd=REPO,
    )
    assert "NETWORK ATTEMPT" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert "priority list" in data["transcript"].lower()
    assert data["covered"] == [True, True, True]
    assert data["method"] != "lexical", "the scoring model should load offline too"
    assert data["audio_s"] > 3 and data["wpm"] > 0


@pytest.fixture
def blocked(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The network blocked in this process; yields the attempts made."""
    attempts: list[str] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(repr(args[1:] if len(args) > 1 else args))
        raise OSError(101, "network blocked by the offline test")

    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield attempts


def _wav(path: Path) -> Path:
    import numpy as np

    from trainer.speech.capture import write_wav

    rng = np.random.default_rng(1)
    write_wav(path, (0.3 * np.sin(np.arange(16_000) / 5) + rng.normal(0, 0.05, 16_000)).astype(np.float32), 16_000)
    return path


def test_an_online_engine_without_opt_in_is_refused_before_anything_is_sent(
    trainer_home: Path, tmp_path: Path, blocked: list[str]
) -> None:
    (trainer_home / "config.yaml").write_text("engine: google\nuse_judge: false\n", encoding="utf-8")
    wav = _wav(tmp_path / "answer.wav")
    for args in (["transcribe", str(wav)], ["score", "--audio", str(wav), "--points", "a point"]):
        result = invoke(*args)
        assert_one_line_error(
            result.exit_code, result.stderr, "engine google sends your answers' audio off this machine"
        )
    assert blocked == []


def test_an_opted_in_online_engine_says_what_leaves_the_machine_first(
    trainer_home: Path, tmp_path: Path, blocked: list[str]
) -> None:
    (trainer_home / "config.yaml").write_text(
        "engine: google\nallow_network: true\nuse_judge: false\n", encoding="utf-8"
    )
    wav = _wav(tmp_path / "answer.wav")
    result = invoke("transcribe", str(wav))
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 1 and len(lines) == 2, lines
    assert "the audio of each spoken answer is sent over the internet to Google's speech API" in lines[0]
    assert "nothing else is sent" in lines[0]
    assert lines[1].startswith("trainer: ") and "online recogniser google failed" in lines[1]
    assert "Traceback" not in result.stderr
    assert blocked, "the opted-in engine is what tried the network, after the notice"


def test_no_model_and_no_opt_in_means_no_download(monkeypatch: pytest.MonkeyPatch, blocked: list[str]) -> None:
    monkeypatch.setattr(whisper_models, "_bundled_model_dir", lambda: None)
    with pytest.raises(RecogniserError, match="allow_network: true"):
        recognisers.load_recogniser(Settings())
    result = invoke("models", "fetch")
    assert_one_line_error(result.exit_code, result.stderr, "allow_network")
    assert blocked == []


def test_the_default_settings_are_offline() -> None:
    defaults = Settings()
    assert defaults.allow_network is False and defaults.engine not in recognisers.ONLINE_ENGINES
    assert os.environ.get("TRAINER_HOME")  # and every test has its own data dir (conftest)
