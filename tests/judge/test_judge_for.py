"""judge_for, the one way the app, the commands and the benches load the judge: each case as a row."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from trainer.config import Settings
from trainer.core.errors import TrainerError
from trainer.judge import judge_for, source
from trainer.judge.nli import OnnxNliJudge

ROOT = Path(__file__).resolve().parents[2]


def test_judging_off_loads_nothing_heavy() -> None:
    code = (
        "import sys\n"
        "from trainer.config import Settings\n"
        "from trainer.judge import judge_for\n"
        "assert judge_for(Settings(use_judge=False)) is None\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('onnxruntime', 'tokenizers', 'numpy')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def _garbage_model(folder: Path) -> Settings:
    (folder / "model.onnx").write_bytes(b"not really a model")
    (folder / "tokenizer.json").write_text("{}", encoding="utf-8")
    return Settings(nli_model_path=str(folder))


def _tampered_repackage(monkeypatch: pytest.MonkeyPatch) -> None:
    found = source._repackage()
    if found is None:
        pytest.skip("the repackaged model is not installed")
    monkeypatch.setattr(source, "_repackage", lambda: type(found)(**{**found.__dict__, "sha256_ok": False}))


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        pytest.param("off", None, id="use_judge-false-is-none"),
        pytest.param("no-model", None, id="no-model-is-none"),
        pytest.param("tampered", None, id="a-file-that-is-not-ours-is-none"),
        pytest.param("garbage", TrainerError, id="an-unreadable-model-is-one-line"),
    ],
)
def test_judge_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str, expected: object) -> None:
    settings = Settings()
    if case == "off":
        settings = Settings(use_judge=False)
    elif case == "no-model":
        monkeypatch.setattr(source, "_repackage", lambda: None)
    elif case == "tampered":
        _tampered_repackage(monkeypatch)
    elif case == "garbage":
        settings = _garbage_model(tmp_path)
    if expected is TrainerError:
        with pytest.raises(TrainerError) as raised:
            judge_for(settings)
        assert str(raised.value).startswith("nli_model_path in config.yaml: ") and "\n" not in str(raised.value)
    else:
        assert judge_for(settings) is expected


def test_an_installed_model_gives_the_onnx_judge() -> None:
    if source.find_nli_model(Settings()) is None:
        pytest.skip("no NLI model installed")
    assert isinstance(judge_for(Settings()), OnnxNliJudge)
