"""Settings (voice, recogniser, thresholds, time limits) read from TRAINER_HOME/config.yaml."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from trainer import paths
from trainer.core.errors import ConfigError
from trainer.core.files import FileProblem, read_bytes

#: far more than any settings file needs; a bigger one (or a device) is never read
MAX_CONFIG_BYTES = 1024 * 1024

RECOGNISER_CHOICES = ("auto", "accurate", "fast")
#: Older names a user's config.yaml may still use, and the setting each sets: their file keeps working.
OLDER_NAMES = {"stt_model_path": "recogniser_model_path"}


@dataclass(frozen=True)
class Settings:
    """Everything a user can set in config.yaml; every field is optional there."""

    voice: str | None = None
    """Unset or "hibari": the neural voice (else espeak-ng); "hibari:NAME"; "espeak"; or an espeak-ng voice."""
    rate: int = 160
    """Speaking rate of the voice in words per minute."""
    read_typed_questions: bool = False
    """Read questions aloud in typed sessions too (spoken sessions always read them unless muted)."""
    mute: bool = False
    """Show questions without speaking them."""
    engine: str = "faster-whisper"
    """Recogniser: faster-whisper (default, offline), sphinx (offline, low accuracy), or an online engine."""
    recogniser: str = "auto"
    """faster-whisper model: accurate (base), fast (tiny.en), or auto (accurate where this machine keeps up)."""
    recogniser_model_path: str | None = None
    """A faster-whisper model folder to use instead of the bundled ones (older name: stt_model_path)."""
    allow_network: bool = False
    """Allow downloading models, and (with an online engine) sending audio off this machine."""
    thinking_time_s: float = 0.0
    """Seconds to think after the question is spoken before recording starts by itself."""
    silence_stop_s: float = 6.0
    """Stop recording after this many seconds of silence once the user has spoken."""
    time_limit_s: int = 120
    """Default seconds per answer when neither the question nor its bank sets one."""
    question_count: int = 5
    """Questions per practice session."""
    session_minutes: int | None = None
    """Optional length of a session in minutes; it ends after the answer that crosses it."""
    cover_threshold: int | None = None
    """Score (0-100) at which a point counts as made; None uses the calibrated default."""
    nli_model_path: str | None = None
    """A folder with an NLI cross-encoder in ONNX (model.onnx, tokenizer.json, config.json)."""
    use_judge: bool = True
    """Use the entailment judge when a model is available (lexical scoring otherwise)."""
    key_messages: tuple[str, ...] = field(default=())
    """The three things you want every interviewer to remember."""
    keep_recordings: bool = False
    """Keep the audio of spoken answers in TRAINER_HOME/recordings."""
    calm: bool = False
    """Calm mode: feedback without scores, counts or rates, only what to do next (everything is still saved)."""
    follow_up_questions: bool = True
    """After a weak answer, the interviewer asks one follow-up question (answer it, or skip with n)."""


def load_settings(path: Path | None = None) -> Settings:
    """Read settings; a missing file gives the defaults, a bad one a ConfigError naming the field."""
    path = path or paths.config_path()
    if not path.exists():
        return Settings()
    try:
        text = read_bytes(path, MAX_CONFIG_BYTES, what="config.yaml").decode("utf-8")
    except FileProblem as exc:
        raise ConfigError(str(exc)) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.reason}: not UTF-8 text)") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{path}{line}: not valid YAML") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read ({exc})") from None
    except RecursionError:
        raise ConfigError(f"{path}: not valid YAML (nested too deeply)") from None
    except ValueError as exc:  # an integer of more than 4300 digits
        raise ConfigError(f"{path}: a value cannot be read ({str(exc).split(';')[0]})") from None
    if data is None:
        return Settings()
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of settings")
    return _from_mapping(data, path)


def _from_mapping(data: dict[str, Any], path: Path) -> Settings:
    known = {f.name: f for f in dataclasses.fields(Settings)}
    defaults = Settings()
    values: dict[str, Any] = {}
    written: dict[str, str] = {}
    for key, value in data.items():
        name = OLDER_NAMES.get(key, key)
        if name not in known:
            raise ConfigError(f"{path}: {key}: unknown setting (known: {', '.join(sorted(known))})")
        if name in written:  # the setting under both its names
            older = key if key != name else written[name]
            raise ConfigError(f"{path}: {key}: {older} is the older name of {name}; keep only {name}")
        written[name] = key
        values[name] = _coerce(name, value, getattr(defaults, name), path, written=key)
    return dataclasses.replace(defaults, **values)


#: The whole-number settings and the range each must be in (a voice at 1e12 words a minute, or a limit of
#: 400 digits, is a typing slip that would otherwise surface mid-session): (lowest, highest, unit)
WHOLE_RANGES: dict[str, tuple[int, int, str]] = {
    "rate": (60, 400, " words a minute"),
    "time_limit_s": (5, 1800, " seconds"),
    "question_count": (1, 200, ""),
    "session_minutes": (1, 600, " minutes"),
    "cover_threshold": (1, 100, ""),
}


def whole_range(key: str) -> tuple[int, int]:
    """The lowest and highest value of a whole-number setting: config.yaml, Home's form and the flags agree."""
    low, high, _unit = WHOLE_RANGES[key]
    return low, high


def _coerce(key: str, value: Any, default: Any, path: Path, *, written: str | None = None) -> Any:
    """`value` checked and converted for setting `key`; a ConfigError names the key as `written` in the file."""

    def bad(expected: str) -> ConfigError:
        return ConfigError(f"{path}: {written or key}: expected {expected}, got {_shown(value)}")

    if key == "key_messages":
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise bad("a list of non-empty strings")
        if len(value) > 3:
            raise bad("at most three messages")
        return tuple(v.strip() for v in value)
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise bad("true or false")
        return value
    if key in WHOLE_RANGES:
        low, high, unit = WHOLE_RANGES[key]
        if value is None and default is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise bad("a whole number > 0")
        if not low <= value <= high:
            raise bad(f"a whole number from {low} to {high}{unit}")
        return value
    if isinstance(default, float):
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < 3600:
            raise bad("a number of seconds from 0 to 3600")
        return float(value)
    if value is not None and not isinstance(value, str):
        raise bad("text")
    if key == "recogniser" and value not in RECOGNISER_CHOICES:
        raise bad(" or ".join(RECOGNISER_CHOICES))
    return value


def _shown(value: Any) -> str:
    """A wrong value for a message, kept short: YAML aliases can make a small file a list of billions of items."""
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"
