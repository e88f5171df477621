"""Hostile and broken input through the real commands: a clear one-line error or a sensible result, never a
traceback, a hang or a half-written file."""

from __future__ import annotations

import json
import os
import random
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import numpy as np
import pytest
from reliability_support import assert_one_line_error, invoke

from trainer.config import Settings
from trainer.speech import recognisers
from trainer.speech.capture import MAX_AUDIO_S, write_wav
from trainer.speech.recognisers import Recogniser

T = TypeVar("T")
POINTS = ["led the migration", "cut costs by 30%", "shipped on time"]
FIFTY_MB = 50 * 1024 * 1024
#: a small file whose aliases would expand to 9^9 (387 million) strings if anything expanded them
BILLION_LAUGHS = "\n".join(
    ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
)
#: the same bomb inside one value (a flow list), so that value is the one a checker looks at
BOMB_VALUE = (
    "["
    + ", ".join(
        ["&b0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        + [f"&b{i} [{', '.join([f'*b{i - 1}'] * 9)}]" for i in range(1, 10)]
    )
    + "]"
)


@pytest.fixture(autouse=True)
def lexical_home(lexical: Path) -> Path:
    return lexical


def banks_dir_is_clean(home: Path) -> bool:
    """No bank and no temporary file left by a refused import."""
    folder = home / "banks"
    return not folder.exists() or not any(folder.iterdir())


def timed(call: Callable[[], T], limit_s: float) -> T:
    started = time.perf_counter()
    result = call()
    took = time.perf_counter() - started
    assert took < limit_s, f"took {took:.1f} s (limit {limit_s} s)"
    return result


# --- question banks ------------------------------------------------------------------------------------------

UNSAFE_TAGS = [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/new:subprocess.Popen [['touch', '{marker}']]",
    "!!python/name:os.system",
    "!!python/module:os",
]


@pytest.mark.parametrize("tag", UNSAFE_TAGS)
@pytest.mark.parametrize("where", ["text", "tip", "name"])
def test_python_tags_in_a_bank_are_refused_by_validate_and_import_and_never_run(
    tmp_path: Path, lexical_home: Path, tag: str, where: str
) -> None:
    marker = tmp_path / "pwned"
    fields = {"name": "Mine", "text": "Why?", "tip": "none"}
    fields[where] = tag.format(marker=marker)
    bank = tmp_path / "evil.yaml"
    bank.write_text(
        f"name: {fields['name']}\nquestions:\n  - id: evil\n    text: {fields['text']}\n    tip: {fields['tip']}\n",
        encoding="utf-8",
    )
    result = invoke("banks", "validate", str(bank))
    assert result.exit_code == 1 and "is not allowed in a bank" in result.stderr
    assert all(line.startswith(str(bank)) for line in result.stderr.splitlines())
    result = invoke("banks", "import", str(bank))
    assert_one_line_error(result.exit_code, result.stderr, "is not allowed in a bank")
    assert not marker.exists()
    assert banks_dir_is_clean(lexical_home)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(BILLION_LAUGHS + "\nname: x\nquestions:\n  - id: a\n    text: b\n", id="top-level"),
        pytest.param(f"name: x\ndescription: {BOMB_VALUE}\nquestions:\n  - id: a\n    text: b\n", id="description"),
        pytest.param(f"name: {BOMB_VALUE}\nquestions:\n  - id: a\n    text: b\n", id="name"),
        pytest.param(
            f"name: x\nquestions:\n  - id: a\n    text: b\n    talking_points: {BOMB_VALUE}\n", id="talking_points"
        ),
        pytest.param(f"name: x\nquestions: {BOMB_VALUE}\n", id="questions"),
        pytest.param("name: x\nquestions: &q\n  - id: a\n    text: b\n    tip: *q\n", id="recursive"),
    ],
)
def test_alias_bombs_in_a_bank_are_rejected_fast(tmp_path: Path, lexical_home: Path, text: str) -> None:
    bank = tmp_path / "bomb.yaml"
    bank.write_text(text, encoding="utf-8")
    result = timed(lambda: invoke("banks", "validate", str(bank)), 2.0)
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    result = timed(lambda: invoke("banks", "import", str(bank)), 2.0)
    assert_one_line_error(result.exit_code, result.stderr)
    assert banks_dir_is_clean(lexical_home)


@pytest.mark.parametrize("setting", ["rate", "key_messages", "engine", "voice"])
def test_an_alias_bomb_in_config_yaml_is_one_line_fast(lexical_home: Path, setting: str) -> None:
    (lexical_home / "config.yaml").write_text(f"{setting}: {BOMB_VALUE}\n", encoding="utf-8")
    result = timed(lambda: invoke("score", "--text", "hi", "--points", "hello"), 2.0)
    assert_one_line_error(result.exit_code, result.stderr, "config.yaml", setting)


@pytest.fixture(scope="module")
def fifty_mb_text(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """50 MB of plausible text: question-like lines, so only the size can be what is wrong with it."""
    path = tmp_path_factory.mktemp("big") / "fifty.txt"
    line = b"What is your greatest weakness and what do you do about it?\n"
    with path.open("wb") as out:
        out.write(line * (FIFTY_MB // len(line) + 1))
    return path


@pytest.mark.parametrize("suffix", [".yaml", ".md", ".txt", ".csv"])
def test_fifty_mb_bank_or_import_source_is_refused_without_reading_it(
    tmp_path: Path, lexical_home: Path, fifty_mb_text: Path, suffix: str
) -> None:
    source = tmp_path / f"big{suffix}"
    os.link(fifty_mb_text, source)
    result = timed(lambda: invoke("banks", "import", str(source)), 2.0)
    assert_one_line_error(result.exit_code, result.stderr, "at most 5 MB")
    assert banks_dir_is_clean(lexical_home)
    if suffix == ".yaml":
        result = timed(lambda: invoke("banks", "validate", str(source)), 2.0)
        assert result.exit_code == 1 and "at most 5 MB" in result.stderr


def test_fifty_mb_answer_file_is_refused_without_reading_it(fifty_mb_text: Path) -> None:
    result = timed(lambda: invoke("score", "--text-file", str(fifty_mb_text), "--points", *POINTS), 2.0)
    assert_one_line_error(result.exit_code, result.stderr, "at most 50000 characters")


def test_a_fifty_mb_jsonl_line_is_an_error_line_and_the_batch_goes_on(tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    with batch.open("w", encoding="utf-8") as out:
        out.write(json.dumps({"answer": "I led the migration. " * (FIFTY_MB // 21), "points": POINTS}) + "\n")
        out.write(json.dumps({"answer": "x", "points": ["p" * 5000]}) + "\n")
        out.write(json.dumps({"answer": "I led the migration and shipped on time", "points": POINTS}) + "\n")
    result = timed(lambda: invoke("score", "--jsonl", str(batch)), 10.0)
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines[0] == {"error": f"line 1: answer: {FIFTY_MB // 21 * 21} characters; at most 50000"}
    assert lines[1] == {"error": "line 2: points[0]: 5000 characters; at most 1000"}
    assert lines[2]["covered"][0] is True and lines[2]["covered"][2] is True


def test_the_longest_accepted_answer_is_scored_in_bounded_time() -> None:
    answer = ("I led the migration and we cut costs by 30% um " * 1100)[:50_000]
    result = timed(lambda: invoke("score", "--text", answer, "--points", *POINTS, "--json"), 5.0)
    data = json.loads(result.stdout)
    assert data["covered"][:2] == [True, True]
    assert all(0 <= s <= 100 for s in data["scores"])


BINARY = random.Random(7).randbytes(20_000)


@pytest.mark.parametrize("suffix", [".yaml", ".md", ".txt", ".csv"])
def test_binary_import_source_is_one_line(tmp_path: Path, lexical_home: Path, suffix: str) -> None:
    source = tmp_path / f"blob{suffix}"
    source.write_bytes(BINARY)
    result = invoke("banks", "import", str(source))
    assert_one_line_error(result.exit_code, result.stderr, str(source))
    assert any(f in result.stderr for f in ("not a text file", "not UTF-8"))
    assert banks_dir_is_clean(lexical_home)


@pytest.mark.parametrize(
    "content, message",
    [
        pytest.param(BINARY, "not a text file", id="random-bytes"),
        pytest.param("I led the migration".encode("utf-16"), "not a text file", id="utf-16"),
        pytest.param(b"I led the migration \xff\xfe costs", "not UTF-8 text", id="latin-1"),
    ],
)
def test_binary_answer_file_is_one_line(tmp_path: Path, content: bytes, message: str) -> None:
    answer = tmp_path / "answer.txt"
    answer.write_bytes(content)
    result = invoke("score", "--text-file", str(answer), "--points", *POINTS)
    assert_one_line_error(result.exit_code, result.stderr, message)


def test_binary_jsonl_lines_are_error_lines_and_the_good_lines_are_scored(tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    batch.write_bytes(b'{"answer": "a", "points": ["b"]}\n' + BINARY)
    result = invoke("score", "--jsonl", str(batch))
    assert result.exit_code == 0 and result.stderr == ""
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert "covered" in lines[0]
    assert all(set(out) == {"error"} and out["error"].startswith("line ") for out in lines[1:])


@pytest.mark.parametrize(
    "line, error",
    [
        ('{"answer": 42, "points": ["a"]}', "answer: expected a string"),
        ('{"answer": "a", "points": "a, b"}', "points: expected a list of strings"),
        ('{"answer": "a", "points": [1, 2]}', "points[0]: expected a string"),
        ('{"answer": "a", "points": [], "kind": ["stock"]}', "kind: expected a string (stock or brainteaser)"),
        ('{"answer": "a", "points": [], "question": 7}', "question: expected a string"),
        ('{"answer": "a", "points": [null]}', "points[0]: expected a string"),
        ('["answer", "points"]', "expected a JSON object with 'answer' and 'points'"),
        ("[" * 100_000, "not valid JSON"),
        ('{"answer": "\\ud800", "points": ["a"]}', None),  # a lone surrogate: scored, not crashed
    ],
)
def test_wrong_types_in_a_batch_line(line: str, error: str | None) -> None:
    result = invoke("score", "--jsonl", "-", input=line + "\n")
    assert result.exit_code == 0
    out = json.loads(result.stdout)
    if error is None:
        assert "error" not in out and out["covered"] == [False]
    else:
        assert out == {"error": f"line 1: {error}"}


def test_wrong_types_in_an_imported_yaml_bank(tmp_path: Path, lexical_home: Path) -> None:
    bank = tmp_path / "types.yaml"
    bank.write_text(
        "name: [a, list]\ntime_limit: soon\nquestions:\n  - id: Not_An_Id\n    text: {a: b}\n"
        "    talking_points: just one\n  - 42\n",
        encoding="utf-8",
    )
    result = invoke("banks", "import", str(bank))
    assert_one_line_error(result.exit_code, result.stderr, "name: expected text", "more problems")
    assert banks_dir_is_clean(lexical_home)


def test_duplicate_ids_are_reported_or_renamed(tmp_path: Path, lexical_home: Path) -> None:
    twice = tmp_path / "twice.yaml"
    twice.write_text("name: T\nquestions:\n  - id: a-q\n    text: A?\n  - id: a-q\n    text: B?\n", encoding="utf-8")
    result = invoke("banks", "validate", str(twice))
    assert result.exit_code == 1 and "duplicate id 'a-q'" in result.stderr
    clash = tmp_path / "clash.yaml"
    clash.write_text("name: Clash\nquestions:\n  - id: greatest-weakness\n    text: My own?\n", encoding="utf-8")
    result = invoke("banks", "validate", str(clash))
    assert result.exit_code == 0  # alone it is fine; loaded with the built-ins the id is taken:
    result = invoke("banks", "import", str(clash))
    assert result.exit_code == 0 and "'greatest-weakness' is already used" in result.stdout
    listed = json.loads(invoke("banks", "list", "--json").stdout)
    ids = [q["id"] for bank in listed["banks"] for q in bank["questions"]]
    assert len(ids) == len(set(ids)) and "greatest-weakness-2" in ids


def test_a_question_id_that_does_not_exist(lexical_home: Path) -> None:
    for args in (
        ["score", "--text", "x", "--question", "no-such-question"],
        ["score", "--text", "x", "--question", "no-such-question", "--save"],
        ["points", "set", "no-such-question", "a", "b", "c"],
        ["score", "--text", "x", "--question", "' OR 1=1 --"],
    ):
        result = invoke(*args)
        assert_one_line_error(result.exit_code, result.stderr, "no question with id")
    assert json.loads(invoke("queue", "--json").stdout)["cards"] == []  # nothing was saved


# --- unicode, right-to-left text and empty answers ------------------------------------------------------------

RTL_ANSWER = "قدت عملية الترحيل وخفضنا التكاليف بنسبة 30% ‏ and shipped on time 🚀 — נשלח בזמן"
RTL_POINTS = ["قدت عملية الترحيل", "shipped on time", "נשלח בזמן"]


@pytest.mark.parametrize(
    "answer, points",
    [
        (RTL_ANSWER, RTL_POINTS),
        ("I led the mi\u0301gration\u200d and cut costs 👩🏽‍💻", POINTS),
        ("\u202eemit no deppihs\u202c I shipped on time", POINTS),  # a right-to-left override
        ("我领导了迁移，节省了30%的成本", ["领导了迁移", "节省成本", "按时交付"]),
    ],
)
def test_unicode_and_right_to_left_answers_and_points(answer: str, points: list[str]) -> None:
    result = invoke("score", "--text", answer, "--points", *points, "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert len(data["scores"]) == len(points) and all(0 <= s <= 100 for s in data["scores"])
    for evidence, span in zip(data["evidence"], data["spans"], strict=True):
        assert evidence is None or answer[span[0] : span[1]] == evidence


def test_right_to_left_bank_text_imports_and_lists_exactly(tmp_path: Path, lexical_home: Path) -> None:
    source = tmp_path / "arabic.txt"
    questions = ["ما هي أكبر نقاط ضعفك؟", "מה החוזקה הגדולה שלך?", "Why this role? 🙂"]
    source.write_text("\n".join(questions) + "\n", encoding="utf-8")
    result = invoke("banks", "import", str(source), "--name", "أسئلة")
    assert result.exit_code == 0, result.stderr
    listed = json.loads(invoke("banks", "list", "--json").stdout)
    mine = next(b for b in listed["banks"] if b["name"] == "أسئلة")
    assert [q["text"] for q in mine["questions"]] == questions
    qid = mine["questions"][0]["id"]
    assert qid.startswith("q-")  # no Latin letters: a stable hash id
    assert invoke("points", "set", qid, *RTL_POINTS).exit_code == 0
    scored = invoke("score", "--text", RTL_ANSWER, "--question", qid, "--save", "--json")
    assert scored.exit_code == 0, scored.stderr
    assert json.loads(scored.stdout)["covered"][0] is True


@pytest.mark.parametrize("answer", ["", "   ", "\n\t", "\u200b"])
def test_empty_answers_are_scored_as_all_points_missed(tmp_path: Path, answer: str) -> None:
    result = invoke("score", "--text", answer, "--points", *POINTS, "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["covered"] == [False, False, False] and data["weak"] is True and data["words"] == 0
    file = tmp_path / "empty.txt"
    file.write_text(answer, encoding="utf-8")
    assert json.loads(invoke("score", "--text-file", str(file), "--points", *POINTS, "--json").stdout) == data
    line = json.dumps({"answer": answer, "points": POINTS})
    assert json.loads(invoke("score", "--jsonl", "-", input=line + "\n").stdout)["covered"] == [False] * 3


def test_an_empty_answer_saved_against_a_question(lexical_home: Path) -> None:
    result = invoke("score", "--text", "", "--question", "greatest-weakness", "--save")
    assert result.exit_code == 0 and "saved as session" in result.stderr
    assert "greatest-weakness" in invoke("queue").stdout  # an empty answer is weak: it comes back


# --- audio ---------------------------------------------------------------------------------------------------


@pytest.fixture
def real_recogniser(whisper: Recogniser, monkeypatch: pytest.MonkeyPatch) -> Iterator[Recogniser]:
    monkeypatch.setattr(recognisers, "load_recogniser", lambda settings: whisper)
    yield whisper


@pytest.fixture
def no_recogniser(monkeypatch: pytest.MonkeyPatch) -> None:
    """The file must be refused before the model is even loaded."""

    def refuse(settings: Settings) -> Recogniser:
        raise AssertionError("the recogniser was loaded for a file that should have been refused")

    monkeypatch.setattr(recognisers, "load_recogniser", refuse)


def silent_wav(path: Path, seconds: float, rate: int = 16_000) -> Path:
    write_wav(path, np.zeros(int(seconds * rate), dtype=np.float32), rate)
    return path


@pytest.mark.speech
@pytest.mark.parametrize("seconds", [3.0, 40.0])
def test_silence_is_an_empty_transcript_and_every_point_missed(
    tmp_path: Path, real_recogniser: Recogniser, seconds: float
) -> None:
    wav = silent_wav(tmp_path / "silence.wav", seconds)
    result = invoke("transcribe", str(wav), "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["text"] == ""
    result = invoke("score", "--audio", str(wav), "--points", *POINTS, "--json")
    data = json.loads(result.stdout)
    assert data["transcript"] == "" and data["covered"] == [False, False, False] and data["weak"] is True


@pytest.mark.speech
def test_silence_replayed_live_is_an_empty_transcript(tmp_path: Path, real_recogniser: Recogniser) -> None:
    wav = silent_wav(tmp_path / "silence.wav", 1.5)
    result = timed(lambda: invoke("transcribe", str(wav), "--live"), 10.0)
    assert result.exit_code == 0 and result.stdout.strip() == ""


def test_thirty_minute_wav_is_refused_from_its_header(tmp_path: Path, no_recogniser: None) -> None:
    wav = silent_wav(tmp_path / "long.wav", 1800, rate=16_000)
    for args in (["transcribe", str(wav)], ["score", "--audio", str(wav), "--points", *POINTS]):
        result = timed(lambda args=args: invoke(*args), 2.0)
        assert_one_line_error(result.exit_code, result.stderr, "30 min 0 s of audio", "at most 10 minutes")


def test_long_flac_aiff_and_ogg_are_refused_from_their_headers(tmp_path: Path, no_recogniser: None) -> None:
    for suffix in (".flac", ".aiff", ".ogg"):
        path = tmp_path / f"long{suffix}"
        # sox writes the header; 12 minutes of quiet at 8 kHz takes a moment to encode
        subprocess.run(["sox", "-n", "-r", "8000", "-c", "1", str(path), "trim", "0", "720"], check=True)
        result = invoke("transcribe", str(path))
        assert_one_line_error(result.exit_code, result.stderr, "12 min 0 s of audio")


def test_a_wav_whose_header_claims_4_gb_is_judged_by_its_real_size(tmp_path: Path, real_recogniser: Recogniser) -> None:
    wav = silent_wav(tmp_path / "streamed.wav", 2.0)
    data = bytearray(wav.read_bytes())
    data[40:44] = (0xFFFFFFFF - 8).to_bytes(4, "little")  # a recorder that never went back to fill in the size
    wav.write_bytes(bytes(data))
    result = invoke("transcribe", str(wav), "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["text"] == ""


def test_just_under_the_limit_is_accepted(tmp_path: Path, real_recogniser: Recogniser) -> None:
    wav = silent_wav(tmp_path / "nine.wav", MAX_AUDIO_S - 60)
    result = timed(lambda: invoke("transcribe", str(wav), "--json"), 15.0)
    assert result.exit_code == 0 and json.loads(result.stdout)["audio_s"] == MAX_AUDIO_S - 60


def _three_channels(path: Path) -> None:
    import wave

    with wave.open(str(path), "wb") as out:
        out.setnchannels(3)
        out.setsampwidth(2)
        out.setframerate(16_000)
        out.writeframes(bytes(6 * 1600))


@pytest.mark.parametrize(
    "name, make, message",
    [
        ("answer.mp3", lambda p: p.write_bytes(b"ID3\x03" + BINARY), "unsupported audio format"),
        ("answer.opus", lambda p: p.write_bytes(b"OggS" + BINARY), "unsupported audio format"),
        ("answer.ogg", lambda p: p.write_bytes(b"OggS" + BINARY), "not a readable WAV"),
        ("answer.m4a", lambda p: p.write_bytes(BINARY), "unsupported audio format"),
        ("notes.wav", lambda p: p.write_text("this is a text file, not audio\n" * 50), "not a readable WAV"),
        ("noise.wav", lambda p: p.write_bytes(BINARY), "not a readable WAV"),
        ("empty.wav", lambda p: p.write_bytes(b""), "not a readable WAV"),
        ("fake.flac", lambda p: p.write_bytes(b"fLaC" + BINARY[:100]), "not a readable WAV"),
        ("three.wav", _three_channels, "only mono or stereo"),
        ("missing.wav", lambda p: None, "no such audio file"),
    ],
)
def test_unsupported_or_broken_audio_is_one_line(
    tmp_path: Path, real_recogniser: Recogniser, name: str, make: Callable[[Path], object], message: str
) -> None:
    path = tmp_path / name
    make(path)
    for args in (["transcribe", str(path)], ["score", "--audio", str(path), "--points", *POINTS]):
        result = invoke(*args)
        assert_one_line_error(result.exit_code, result.stderr, message)
