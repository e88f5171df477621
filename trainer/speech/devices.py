"""The sound devices PortAudio sees, asked through sounddevice without ever failing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Direction = Literal["input", "output"]


@dataclass(frozen=True)
class DeviceStatus:
    """Whether a direction (microphone or speakers) is usable, and the one line that says why."""

    ok: bool
    detail: str
    devices: tuple[str, ...] = ()
    default: str | None = None
    fix: str = ""


def _sounddevice() -> Any:
    # sounddevice raises OSError at import when the PortAudio library itself is missing
    import sounddevice

    return sounddevice


def device_status(direction: Direction) -> DeviceStatus:
    """What PortAudio offers for `direction`; no device, no PortAudio or a query error is `ok=False`."""
    what = "microphone" if direction == "input" else "audio output device"
    try:
        sd = _sounddevice()
        devices = sd.query_devices()
    except OSError as exc:
        return DeviceStatus(False, f"PortAudio not found ({exc})", fix="sudo apt install libportaudio2")
    except Exception as exc:  # PortAudioError and friends: a broken audio stack must not crash callers
        return DeviceStatus(False, f"cannot list sound devices ({exc})", fix="check the sound system")
    channels = "max_input_channels" if direction == "input" else "max_output_channels"
    names = tuple(str(d["name"]) for d in devices if int(d[channels]) > 0)
    if not names:
        fix = (
            "connect a microphone, or answer from files: trainer practice --audio-in FILE..., "
            "or type: trainer practice --typed"
            if direction == "input"
            else "connect speakers or headphones, or set mute: true in config.yaml"
        )
        return DeviceStatus(False, f"no {what}", fix=fix)
    try:
        default = str(sd.query_devices(kind=direction)["name"])
    except Exception:  # devices exist but none is the default: PortAudio picks nothing by itself
        return DeviceStatus(
            False,
            f"no default {what} (found: {', '.join(names)})",
            names,
            None,
            fix="choose a default device in the system sound settings",
        )
    return DeviceStatus(True, default, names, default)


def has_device(direction: Direction) -> bool:
    """True when a default device exists for `direction`."""
    return device_status(direction).ok
