"""The core stays pure: importing every trainer.core module pulls in no UI, speech, audio or CLI library."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORE_MODULES = sorted(
    ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
    for path in (ROOT / "trainer" / "core").rglob("*.py")
    if path.parent != ROOT / "trainer" / "core" or path.stem != "__init__"
)
FORBIDDEN = [
    "textual",
    "pyttsx3",
    "speech_recognition",
    "faster_whisper",
    "sounddevice",
    "ctranslate2",
    "onnxruntime",
    "click",
]


def _run(code: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_the_core_modules_are_found() -> None:
    assert {"trainer.core.banks", "trainer.core.models", "trainer.core.session", "trainer.core.store"} <= set(
        CORE_MODULES
    )


@pytest.mark.parametrize("modules", [CORE_MODULES, *([m] for m in CORE_MODULES)], ids=["all", *CORE_MODULES])
def test_core_imports_no_ui_speech_or_cli_library(modules: list[str]) -> None:
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    result = _run(code)
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    leaked = sorted({name for name in loaded for bad in FORBIDDEN if name == bad or name.startswith(bad + ".")})
    assert leaked == [], f"{modules} pulled in {leaked}"


def test_import_linter_contracts_are_kept() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    if not lint_imports.exists():
        pytest.fail(f"import-linter is not installed next to {sys.executable} (pip install import-linter)")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    result = subprocess.run(
        [str(lint_imports), "--no-cache"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
