"""Classification heads and calibrations shipped with the package, chosen by the model they belong to.

A head file (trainer/judge/heads/*.json) names the model it is for (the sha256 of its ONNX file, or a
source label such as "official"), the graph tensor it reads (the encoder's pooled output) or none when
the model's own trained head is used, its weights, and the calibration of the verdicts fitted for that
model and head. tools/fit_nli_head.py writes both (bench/scoring.py prints the figures they give).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from trainer.core.scoring import Calibration
from trainer.judge.source import NliModelSource
from trainer.model_files import sha256_of

HEADS_DIR = Path(__file__).resolve().parent / "heads"


@dataclass(frozen=True)
class Head:
    """How a model's verdicts are read: its own head, or a linear head over a pooled tensor."""

    name: str
    """The head file's name (without .json), shown by `trainer doctor`."""
    description: str
    """One line: what the head is and what it was fitted on."""
    labels: tuple[str, ...]
    """Output labels in order (lower case); for the model's own head, its config's labels."""
    calibration: Calibration
    """Score calibration and the made / unsure cuts for this model with this head."""
    tensor: str | None = None
    """The graph tensor the head reads; None when the model's own head (its first output) is used."""
    weight: np.ndarray | None = None
    """[features, labels] weights of a linear head over `tensor`."""
    bias: np.ndarray | None = None
    """[labels] bias of that head."""

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """Softmax of the head over pooled features ([n, features] -> [n, labels])."""
        assert self.weight is not None and self.bias is not None
        z = np.asarray(features, dtype=np.float64) @ self.weight + self.bias
        z -= z.max(axis=-1, keepdims=True)
        e = np.exp(z)
        return np.asarray(e / e.sum(axis=-1, keepdims=True))


class HeadFileError(ValueError):
    """A shipped head file that does not read as one (a packaging bug, not a user error)."""


def read_head(path: Path) -> Head:
    """A head from its JSON file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        cal = data["calibration"]
        calibration = Calibration(
            coef=(float(cal["coef"][0]), float(cal["coef"][1])),
            made=int(cal["made"]),
            unsure=int(cal["unsure"]),
            fitted=bool(cal.get("fitted", True)),
        )
        weight = np.asarray(data["weight"], dtype=np.float64) if data.get("weight") is not None else None
        bias = np.asarray(data["bias"], dtype=np.float64) if data.get("bias") is not None else None
        labels = tuple(str(x).lower() for x in data.get("labels", ()))
        if weight is not None and (bias is None or weight.shape[1] != len(labels) or bias.shape != (len(labels),)):
            raise HeadFileError(f"{path}: weight, bias and labels do not agree")
        return Head(
            name=path.stem,
            description=str(data.get("description", "")),
            labels=labels,
            calibration=calibration,
            tensor=data.get("tensor"),
            weight=weight,
            bias=bias,
        )
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        if isinstance(exc, HeadFileError):
            raise
        raise HeadFileError(f"{path}: {exc}") from exc


def _matches(data: dict[str, object], source: NliModelSource, digest: str | None) -> bool:
    wanted = data.get("for") or {}
    if not isinstance(wanted, dict):
        return False
    if "sha256" in wanted:
        return digest is not None and wanted["sha256"] == digest
    return wanted.get("label") == source.label


def head_for(source: NliModelSource, heads_dir: Path = HEADS_DIR) -> Head | None:
    """The shipped head for this model: by its file's sha256 first, else by its source label."""
    digest = sha256_of(source.onnx) if source.onnx.is_file() else None
    by_label: Path | None = None
    for path in sorted(heads_dir.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise HeadFileError(f"{path}: {exc}") from exc
        wanted = data.get("for") or {}
        if _matches(data, source, digest):
            if isinstance(wanted, dict) and "sha256" in wanted:
                return read_head(path)
            by_label = by_label or path
    return read_head(by_label) if by_label is not None else None
