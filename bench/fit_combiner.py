"""Fit the judge's calibration and cut on the dev set: the constants shipped in trainer/core/scoring.py.

The rule (trainer/core/scoring.py): p = sigmoid(A * judge_logit + B), where judge_logit is the judge's
log-odds averaged over the windows it judged; a point counts as made when round(100 p) >= the cut and
the point's number is not missing (a number the answer never says vetoes it). This script fits A and B
by logistic regression on all 240 dev points, picks the F1-best cut with the veto applied, writes the
features it fitted on to bench/data/dev_judge_features.csv and prints the constants. bench/scoring.py
measures the same rule with both fitted on training folds only. Needs the NLI model (see README).
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

from scoring import DEV, best_threshold, items_of, judge_features, load  # noqa: E402

from trainer.config import Settings  # noqa: E402
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


def vetoed(scores: Sequence[float], vetoes: Sequence[bool]) -> list[float]:
    """Scores with the number veto applied: a vetoed point is never made (-1 is under every cut)."""
    return [-1.0 if v else s for s, v in zip(scores, vetoes, strict=True)]


def fit_rule(
    logits: Sequence[float], vetoes: Sequence[bool], gold: Sequence[bool]
) -> tuple[tuple[float, float], float]:
    """The calibration (A, B) and the F1-best cut, the veto applied, fitted on these points."""
    coef = fit_logistic(logits, gold)
    cut = best_threshold(vetoed(calibrated(logits, coef), vetoes), gold)
    return coef, cut


def main() -> None:
    rows = load(DEV)
    items = items_of(rows)
    judge = load_judge(Settings())
    if judge is None:
        raise SystemExit("no NLI model found: install the nli-repackage extra or fetch the official model")
    logits, vetoes = judge_features(rows, judge)
    gold = [it.gold for it in items]
    FEATURES.parent.mkdir(parents=True, exist_ok=True)
    with FEATURES.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "point", "style", "gold", "judge_logit", "number_missing"])
        for it, value, veto in zip(items, logits, vetoes, strict=True):
            writer.writerow([rows[it.row]["id"], it.point, it.style, int(it.gold), f"{value:.6f}", int(veto)])
    coef, cut = fit_rule(logits, vetoes, gold)
    print(f"JUDGE_COEF = ({coef[0]:.4f}, {coef[1]:.4f})")
    print(f"JUDGE_THRESHOLD = {cut:.0f}")
    print(f"features written to {FEATURES.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
