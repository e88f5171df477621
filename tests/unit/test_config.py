"""Settings from TRAINER_HOME/config.yaml: defaults, types per field, unknown keys, bad YAML located."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from trainer import paths
from trainer.config import OLDER_NAMES, Settings, load_settings
from trainer.core.errors import ConfigError, TrainerError


def write_config(text: str | bytes) -> Path:
    path = paths.config_path()
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_defaults_when_there_is_no_file(trainer_home: Path) -> None:
    assert not (trainer_home / "config.yaml").exists()
    assert load_settings() == Settings()
    assert not (trainer_home / "config.yaml").exists()  # reading never creates it


@pytest.mark.parametrize("text", ["", "\n\n", "# just a comment\n", "~\n", "null\n"])
def test_defaults_for_an_empty_file(text: str) -> None:
    write_config(text)
    assert load_settings() == Settings()


def test_default_values() -> None:
    defaults = Settings()
    assert (defaults.engine, defaults.rate, defaults.time_limit_s, defaults.question_count) == (
        "faster-whisper",
        160,
        120,
        5,
    )
    assert (defaults.mute, defaults.allow_network, defaults.use_judge, defaults.keep_recordings) == (
        False,
        False,
        True,
        False,
    )
    assert defaults.key_messages == () and defaults.session_minutes is None and defaults.cover_threshold is None


def test_explicit_path_wins(tmp_path: Path) -> None:
    other = tmp_path / "elsewhere.yaml"
    other.write_text("rate: 140\n")
    write_config("rate: 200\n")
    assert load_settings(other).rate == 140
    assert load_settings().rate == 200


@pytest.mark.parametrize(
    "yaml_text, field, expected",
    [
        ("voice: english-us", "voice", "english-us"),
        ("voice: null", "voice", None),
        ("rate: 180", "rate", 180),
        ("mute: true", "mute", True),
        ("engine: sphinx", "engine", "sphinx"),
        ("recogniser_model_path: /models/tiny", "recogniser_model_path", "/models/tiny"),
        ("stt_model_path: /models/tiny", "recogniser_model_path", "/models/tiny"),  # the older name, still read
        ("allow_network: yes", "allow_network", True),  # YAML 1.1 bool
        ("thinking_time_s: 3", "thinking_time_s", 3.0),  # an int is fine for a float field
        ("thinking_time_s: 0", "thinking_time_s", 0.0),
        ("silence_stop_s: 2.5", "silence_stop_s", 2.5),
        ("time_limit_s: 90", "time_limit_s", 90),
        ("question_count: 12", "question_count", 12),
        ("session_minutes: 20", "session_minutes", 20),
        ("session_minutes: null", "session_minutes", None),
        ("cover_threshold: 1", "cover_threshold", 1),
        ("cover_threshold: 100", "cover_threshold", 100),
        ("nli_model_path: ~/nli", "nli_model_path", "~/nli"),
        ("use_judge: false", "use_judge", False),
        ("keep_recordings: true", "keep_recordings", True),
        ("key_messages: []", "key_messages", ()),
        ("key_messages: [I ship, I mentor]", "key_messages", ("I ship", "I mentor")),
        ("key_messages:\n  - '  padded  '\n  - b\n  - c", "key_messages", ("padded", "b", "c")),
    ],
)
def test_each_field_reads(yaml_text: str, field: str, expected: Any) -> None:
    write_config(yaml_text + "\n")
    settings = load_settings()
    assert getattr(settings, field) == expected
    assert type(getattr(settings, field)) is type(expected)
    others = {f.name for f in dataclasses.fields(Settings)} - {field}
    assert all(getattr(settings, name) == getattr(Settings(), name) for name in others)


@pytest.mark.parametrize(
    "yaml_text, field, expected",
    [
        ("voice: 12", "voice", "text"),
        ("voice: [a]", "voice", "text"),
        ("rate: fast", "rate", "a whole number > 0"),
        ("rate: 150.5", "rate", "a whole number > 0"),
        ("rate: true", "rate", "a whole number > 0"),  # a bool is not a number
        ("rate: -1", "rate", "a whole number > 0"),
        ("rate: 0", "rate", "a whole number > 0"),
        ("rate: '160'", "rate", "a whole number > 0"),
        ("mute: 1", "mute", "true or false"),
        ("mute: 'true'", "mute", "true or false"),
        ("mute: null", "mute", "true or false"),
        ("engine: 3", "engine", "text"),
        ("engine: {name: sphinx}", "engine", "text"),
        ("recogniser_model_path: 1", "recogniser_model_path", "text"),
        ("stt_model_path: 1", "stt_model_path", "text"),  # named as the file writes it
        ("allow_network: maybe", "allow_network", "true or false"),
        ("thinking_time_s: soon", "thinking_time_s", "a number of seconds from 0 to 3600"),
        ("thinking_time_s: -0.5", "thinking_time_s", "a number of seconds from 0 to 3600"),
        ("thinking_time_s: false", "thinking_time_s", "a number of seconds from 0 to 3600"),
        ("silence_stop_s: [6]", "silence_stop_s", "a number of seconds from 0 to 3600"),
        ("silence_stop_s: .nan", "silence_stop_s", "a number of seconds from 0 to 3600"),
        ("thinking_time_s: .inf", "thinking_time_s", "a number of seconds from 0 to 3600"),
        ("time_limit_s: 0", "time_limit_s", "a whole number > 0"),  # every answer would time out at once
        ("time_limit_s: 90.0", "time_limit_s", "a whole number > 0"),
        ("time_limit_s: null", "time_limit_s", "a whole number > 0"),
        ("question_count: 0", "question_count", "a whole number > 0"),  # a session with no questions
        ("question_count: five", "question_count", "a whole number > 0"),
        ("session_minutes: 0", "session_minutes", "a whole number > 0"),
        ("session_minutes: -5", "session_minutes", "a whole number > 0"),
        ("session_minutes: 7.5", "session_minutes", "a whole number > 0"),
        ("session_minutes: true", "session_minutes", "a whole number > 0"),
        ("session_minutes: ten", "session_minutes", "a whole number > 0"),
        ("cover_threshold: 0", "cover_threshold", "a whole number > 0"),
        ("cover_threshold: 101", "cover_threshold", "a whole number from 1 to 100"),
        ("cover_threshold: 0.6", "cover_threshold", "a whole number > 0"),
        ("nli_model_path: [a]", "nli_model_path", "text"),
        ("use_judge: on-ish", "use_judge", "true or false"),
        ("keep_recordings: 0", "keep_recordings", "true or false"),
    ],
)
def test_wrong_type_names_the_field(yaml_text: str, field: str, expected: str) -> None:
    path = write_config(yaml_text + "\n")
    with pytest.raises(ConfigError) as raised:
        load_settings()
    message = str(raised.value)
    assert message.startswith(f"{path}: {field}: expected {expected}"), message
    assert "\n" not in message


@pytest.mark.parametrize(
    "value, expected",
    [
        ("I ship", "a list of non-empty strings"),  # not a list
        ("{a: b}", "a list of non-empty strings"),
        ("null", "a list of non-empty strings"),
        ("['']", "a list of non-empty strings"),  # an empty message
        ("['   ']", "a list of non-empty strings"),
        ("[a, 3]", "a list of non-empty strings"),  # not text
        ("[a, [b]]", "a list of non-empty strings"),
        ("[a, b, c, d]", "at most three messages"),
    ],
)
def test_key_messages_rules(value: str, expected: str) -> None:
    path = write_config(f"key_messages: {value}\n")
    with pytest.raises(ConfigError) as raised:
        load_settings()
    assert str(raised.value).startswith(f"{path}: key_messages: expected {expected}")


@pytest.mark.parametrize(
    "text, named",
    [
        ("stt_model_path: /a\nrecogniser_model_path: /b\n", "recogniser_model_path"),
        ("recogniser_model_path: /b\nstt_model_path: /a\n", "stt_model_path"),
    ],
)
def test_a_setting_under_both_its_names_is_refused(text: str, named: str) -> None:
    path = write_config(text)
    with pytest.raises(ConfigError) as raised:
        load_settings()
    expected = "stt_model_path is the older name of recogniser_model_path; keep only recogniser_model_path"
    assert str(raised.value) == f"{path}: {named}: {expected}"


def test_older_names_are_no_settings_of_their_own() -> None:
    fields = {f.name for f in dataclasses.fields(Settings)}
    assert OLDER_NAMES == {"stt_model_path": "recogniser_model_path"}
    assert all(old not in fields and new in fields for old, new in OLDER_NAMES.items())


@pytest.mark.parametrize("key", ["colour", "Rate", "time_limit", "key_message", "1"])
def test_unknown_key(key: str) -> None:
    path = write_config(f"rate: 150\n{key}: x\n")
    with pytest.raises(ConfigError) as raised:
        load_settings()
    message = str(raised.value)
    assert message.startswith(f"{path}: {key}: unknown setting (known: "), message
    assert "time_limit_s" in message  # the known settings are listed


@pytest.mark.parametrize(
    "text, line",
    [
        ("rate: 150\nvoice: [unclosed\n", 3),
        ("rate: 150\nmute: true\n  engine: x: y\n", 3),
        ("rate: 150\n\tmute: true\n", 2),
        ("rate: 150\n---\nrate: 160\n", 2),  # two documents
        ("rate: !!python/object/apply:os.system ['true']\n", 1),  # never constructed
        ("a: 1\nb: 2\nc: 3\nd: 4\n- e\n", 5),
    ],
)
def test_invalid_yaml_names_the_line(text: str, line: int) -> None:
    path = write_config(text)
    with pytest.raises(ConfigError) as raised:
        load_settings()
    assert str(raised.value).startswith(f"{path}:{line}: not valid YAML")


@pytest.mark.parametrize(
    "content, fragment",
    [
        ("- rate: 150\n", "expected a mapping of settings"),
        ("just text\n", "expected a mapping of settings"),
        ("42\n", "expected a mapping of settings"),
        (b"rate: 150\nvoice: caf\xe9\n", "cannot read"),  # not UTF-8
        ("rate: " + "[" * 5000 + "]" * 5000 + "\n", "not valid YAML"),  # nested too deeply: was a RecursionError
    ],
)
def test_unusable_file(content: str | bytes, fragment: str) -> None:
    path = write_config(content)
    with pytest.raises(ConfigError) as raised:
        load_settings()
    assert str(raised.value).startswith(f"{path}")
    assert fragment in str(raised.value)


def test_config_error_is_a_trainer_error() -> None:
    assert issubclass(ConfigError, TrainerError)


def test_every_setting_is_documented() -> None:
    source = Path(__file__).resolve().parents[2] / "trainer" / "config.py"
    text = source.read_text()
    for field in dataclasses.fields(Settings):
        assert f"    {field.name}:" in text
        after = text.split(f"    {field.name}:", 1)[1].splitlines()[1].strip()
        assert after.startswith('"""'), f"{field.name} has no docstring"
