"""The labelled sets the verdicts are measured on, the judge's features for them, and the fitting rules.

Shared by tools/fit_nli_head.py (fits the judge's head and calibration) and bench/scoring.py (prints the
figures).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
DEV = SHARED / "talking_points_dev.jsonl"
SPECIFICITY = SHARED / "specificity_dev.jsonl"
BEETLE = SHARED / "external" / "beetle_unseen_questions.jsonl"
STYLES = ("verbatim", "paraphrase", "asr", "near miss", "absent")
_STYLE_RE = re.compile(r"p(\d+)\s+(verbatim|paraphrase|asr|near miss|absent)")


@dataclass(frozen=True)
class Item:
    """One (answer, point) pair with its gold label and what the judge and word matching found."""

    set: str
    row: int
    group: str
    point: int
    gold: bool
    style: str
    logit: float = 0.0
    contra: float = 0.0
    lexical: float = 0.0
    anywhere: float = 0.0
    number_missing: bool = False
    negated: bool = False


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def styles_of(row: dict) -> list[str]:
    """The style of each point: parsed from the dev set's `style` field, else the specificity subkind."""
    if "pointset" in row:  # a specificity row: its kind (and subkind)
        kind = f"{row['kind']}:{row['subkind']}" if row.get("subkind") else str(row["kind"])
        return [kind] * len(row["points"])
    found = {int(m.group(1)): m.group(2) for m in _STYLE_RE.finditer(row.get("style", ""))}
    return [found.get(i + 1, str(row.get("label", "?"))) for i in range(len(row["points"]))]


def items_of(name: str, rows: list[dict]) -> list[Item]:
    out = []
    for r, row in enumerate(rows):
        for p, (gold, style) in enumerate(zip(row["covered"], styles_of(row), strict=True)):
            out.append(Item(name, r, row.get("question", f"{name}{r}"), p, bool(gold), style))
    return out


def with_features(items: list[Item], rows: list[dict], judge: object | None) -> list[Item]:
    """Items with the judge's log-odds (averaged over its windows), its strongest contradiction, and the
    lexical evidence; judge None leaves the judge's fields at 0."""
    from dataclasses import replace

    from trainer.core.lexical import index_answer, match_point, point_terms
    from trainer.core.scoring import judge_logit

    out = []
    by_row: dict[int, list[Item]] = {}
    for it in items:
        by_row.setdefault(it.row, []).append(it)
    for r, row in enumerate(rows):
        judged = list(judge.judge(row["answer"], row["points"])) if judge is not None else []  # type: ignore[attr-defined]
        index = index_answer(row["answer"])
        for it in by_row.get(r, []):
            m = match_point(index, point_terms(row["points"][it.point]))
            j = judged[it.point] if judged else None
            out.append(
                replace(
                    it,
                    logit=judge_logit(j) if j is not None else 0.0,
                    contra=max(j.contradict or (0.0,)) if j is not None else 0.0,
                    lexical=m.score,
                    anywhere=m.anywhere,
                    number_missing=m.number_missing,
                    negated=m.negated,
                )
            )
    return out


# --- measures ----------------------------------------------------------------------------------------


def prf(pred: Sequence[bool], gold: Sequence[bool]) -> tuple[float, float, float, int]:
    tp = sum(p and g for p, g in zip(pred, gold, strict=True))
    fp = sum(p and not g for p, g in zip(pred, gold, strict=True))
    fn = sum(g and not p for p, g in zip(pred, gold, strict=True))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, len(gold)


def folds_by_group(items: Sequence[Item], k: int) -> list[list[int]]:
    """k folds that keep every answer to one question together, so a fold's questions are unseen."""
    groups = sorted({it.group for it in items})
    fold_of = {g: i % k for i, g in enumerate(groups)}
    return [[i for i, it in enumerate(items) if fold_of[it.group] == f] for f in range(k)]


def cross_validated(
    items: Sequence[Item], fit_predict: Callable[[list[Item], list[Item]], list[str]], k: int = 5
) -> list[str]:
    """Each item's state ("made" / "unsure" / "missed") from a rule fitted on the other folds only."""
    states = ["missed"] * len(items)
    for test in folds_by_group(items, k):
        test_set = set(test)
        train = [items[i] for i in range(len(items)) if i not in test_set]
        for i, state in zip(test, fit_predict(train, [items[i] for i in test]), strict=True):
            states[i] = state
    return states


# --- the rule ----------------------------------------------------------------------------------------


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
