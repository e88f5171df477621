"""Fit the judge's calibration (logistic regression on the best-window entailment logit) on the dev set.

Writes the features it fitted on to bench/data/dev_judge_features.csv and prints the constants to paste
into trainer/core/scoring.py (JUDGE_COEF, JUDGE_THRESHOLD). Needs the NLI model (see README).
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scoring import DEV, best_threshold, items_of, load  # noqa: E402

from trainer.config import Settings  # noqa: E402
from trainer.core.scoring import judge_logit  # noqa: E402
from trainer.judge.nli import load_judge  # noqa: E402

FEATURES = ROOT / "bench" / "data" / "dev_judge_features.csv"


def fit_logistic(x: Sequence[float], y: Sequence[bool], l2: float = 1.0, iters: int = 50) -> tuple[float, float]:
    """(a, b) of p = sigmoid(a*x + b) by Newton's method, with a little L2 on `a` for stability."""
    X = np.column_stack([np.asarray(x, dtype=float), np.ones(len(x))])
    t = np.asarray(y, dtype=float)
    w = np.zeros(2)
    reg = np.diag([l2, 0.0])
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-(X @ w)))
        grad = X.T @ (p - t) + reg @ w
        hess = X.T @ (X * (p * (1 - p))[:, None]) + reg
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    return float(w[0]), float(w[1])


def calibrated(x: Sequence[float], coef: tuple[float, float]) -> list[float]:
    """Scores 0-100 as the product computes them."""
    a, b = coef
    return [round(100.0 / (1.0 + float(np.exp(-(a * v + b))))) for v in x]


def judge_logits(rows: list[dict]) -> list[float]:
    """The judge's best-window logit for every (answer, point) of `rows`, in item order."""
    judge = load_judge(Settings())
    if judge is None:
        raise SystemExit("no NLI model found: install the nli-repackage extra or fetch the official model")
    return [judge_logit(j) for row in rows for j in judge.judge(row["answer"], row["points"])]


def main() -> None:
    rows = load(DEV)
    items = items_of(rows)
    logits = judge_logits(rows)
    gold = [it.gold for it in items]
    FEATURES.parent.mkdir(parents=True, exist_ok=True)
    with FEATURES.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "point", "style", "gold", "judge_logit"])
        for it, value in zip(items, logits, strict=True):
            writer.writerow([rows[it.row]["id"], it.point, it.style, int(it.gold), f"{value:.6f}"])
    coef = fit_logistic(logits, gold)
    cut = best_threshold(calibrated(logits, coef), gold)
    print(f"JUDGE_COEF = ({coef[0]:.4f}, {coef[1]:.4f})")
    print(f"JUDGE_THRESHOLD = {cut:.0f}")
    print(f"features written to {FEATURES.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
