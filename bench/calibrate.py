"""Fit the judge's calibration and cuts for the shipped head, on all dev items, and write them into it.

The rule (trainer/core/scoring.py): score = round(100 * sigmoid(a * logit + b)), logit being the judge's
entailment log-odds averaged over its windows; made at `made` or above, unsure from `unsure`, never made
when the point's number is missing. Fitted on the talking-points dev set plus the specificity set (every
point of it not made) by bench/judge_data.fit_rule; bench/scoring.py measures the same fitting with
5-fold cross-validation by question. Writes the features to bench/data/judge_features.csv and the
calibration into trainer/judge/heads/<head>.json. Needs the NLI model (see README).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from judge_data import DEV, SPECIFICITY, fit_rule, items_of, load, save, with_features  # noqa: E402

from trainer.config import Settings  # noqa: E402
from trainer.judge.heads import HEADS_DIR  # noqa: E402
from trainer.judge.nli import OnnxNliJudge, load_judge  # noqa: E402

FEATURES = ROOT / "bench" / "data" / "judge_features.csv"


def dev_items(judge: object | None) -> list:
    """Dev and specificity items with the judge's features, in a fixed order."""
    out = []
    for name, path in (("dev", DEV), ("specificity", SPECIFICITY)):
        rows = load(path)
        out += with_features(items_of(name, rows), rows, judge)
    return out


def main() -> None:
    judge = load_judge(Settings())
    if not isinstance(judge, OnnxNliJudge) or judge.head is None:
        raise SystemExit("no NLI model with a shipped head found: install the nli-repackage extra")
    items = dev_items(judge)
    save(items, FEATURES)
    rule = fit_rule(items)
    path = HEADS_DIR / f"{judge.head.name}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["calibration"] = {
        "coef": [round(rule.coef[0], 4), round(rule.coef[1], 4)],
        "made": rule.made,
        "unsure": rule.unsure,
        "fitted": True,
        "fitted_on": f"{len(items)} dev points (talking_points_dev + specificity_dev), bench/calibrate.py",
    }
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"features -> {FEATURES}")
    print(f"calibration {rule} -> {path}")


if __name__ == "__main__":
    main()
