"""`trainer doctor`'s checks: each says OK or the exact fix, and whether a spoken session can run."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.config import Settings
from trainer.speech import doctor
from trainer.speech.devices import DeviceStatus, has_device
from trainer.speech.doctor import run_checks, spoken_session_possible

pytestmark = pytest.mark.speech

NAMES = ["voice", "audio output", "microphone", "recogniser", "spoken session"]


def fake_devices(monkeypatch: pytest.MonkeyPatch, mic: bool, speakers: bool) -> None:
    def status(direction: str) -> DeviceStatus:
        present = mic if direction == "input" else speakers
        if present:
            return DeviceStatus(True, "Built-in", ("Built-in",), "Built-in")
        return DeviceStatus(False, f"no {direction} device", fix=f"connect an {direction} device")

    monkeypatch.setattr(doctor, "device_status", status)


@pytest.mark.skipif(has_device("input"), reason="this machine has a microphone")
def test_this_machine_cannot_run_a_spoken_session_and_says_how_to_answer() -> None:
    checks = run_checks(Settings(), load_model=False)
    assert [c.name for c in checks] == NAMES
    by_name = {c.name: c for c in checks}
    assert by_name["voice"].ok
    assert by_name["recogniser"].ok and "sha256 ok" in by_name["recogniser"].detail
    assert not by_name["microphone"].ok
    assert "--audio-in" in by_name["microphone"].fix and "--typed" in by_name["microphone"].fix
    assert not spoken_session_possible(checks)
    assert by_name["spoken session"].fix == by_name["microphone"].fix


def test_all_present_means_a_spoken_session_can_run(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_devices(monkeypatch, mic=True, speakers=True)
    checks = run_checks(Settings(), load_model=True)
    assert all(c.ok for c in checks), checks
    assert "loads in" in checks[3].detail
    assert checks[-1].detail == "can run"
    assert spoken_session_possible(checks)


def test_no_speakers_still_runs_with_questions_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_devices(monkeypatch, mic=True, speakers=False)
    checks = run_checks(Settings(), load_model=False)
    assert not checks[1].ok and checks[1].fix
    assert spoken_session_possible(checks)
    assert checks[-1].detail == "can run (questions shown, not spoken)"


def test_a_broken_model_path_is_the_fix(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake_devices(monkeypatch, mic=True, speakers=True)
    checks = run_checks(Settings(recogniser_model_path=str(tmp_path / "nowhere")), load_model=False)
    recogniser = checks[3]
    assert not recogniser.ok
    assert "recogniser_model_path" in recogniser.fix
    assert not spoken_session_possible(checks)


def test_unknown_voice_lists_the_english_ones() -> None:
    check = doctor.check_voice(Settings(voice="no-such-voice"))
    assert not check.ok
    assert "no-such-voice" in check.detail
    assert check.fix.startswith("set voice: one of ") and "gmw/en-us" in check.fix


def test_muted_voice_is_fine() -> None:
    assert doctor.check_voice(Settings(mute=True)).ok


@pytest.mark.parametrize(
    ("settings", "ok", "fix_part"),
    [
        (Settings(engine="google"), False, "allow_network: true"),
        (Settings(engine="google", allow_network=True), True, ""),
        (Settings(engine="vosk"), False, "set engine: one of"),
    ],
)
def test_recogniser_engines(settings: Settings, ok: bool, fix_part: str) -> None:
    check = doctor.check_recogniser(settings, load_model=False)
    assert check.ok is ok
    assert fix_part in check.fix
