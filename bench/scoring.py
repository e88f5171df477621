"""Talking-point scorer accuracy (dev set with cross-validated thresholds, unseen Beetle answers) and speed.

Prints, in one run: P/R/F1 overall and per style on the dev set (5-fold CV grouped by question: the
calibration and cut are fitted on the training folds only), the same on the Beetle answers with the
shipped constants, and p50/p95 latency of lexical scoring and of scoring with the judge. Latency is wall
time on this machine as it is: the load average is printed beside it (other processes share the cores).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from trainer.config import Settings  # noqa: E402
from trainer.core.lexical import index_answer, match_point, point_terms  # noqa: E402
from trainer.core.models import PointVerdict  # noqa: E402
from trainer.core.scoring import (  # noqa: E402
    DEFAULT_THRESHOLD,
    JUDGE_THRESHOLD,
    EntailmentJudge,
    judge_logit,
    number_vetoes,
    score_answer,
)
from trainer.judge.nli import OnnxNliJudge, WindowPlan, load_judge  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
DEV = SHARED / "talking_points_dev.jsonl"
BEETLE = SHARED / "external" / "beetle_unseen_questions.jsonl"
STYLES = ("verbatim", "paraphrase", "asr", "near miss", "absent")
_STYLE_RE = re.compile(r"p(\d+)\s+(verbatim|paraphrase|asr|near miss|absent)")


@dataclass(frozen=True)
class Item:
    """One (answer, point) pair with its gold label."""

    row: int
    group: str
    point: int
    gold: bool
    style: str


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def styles_of(row: dict) -> list[str]:
    """The style of each point, parsed from the free-text `style` field ("p1 near miss (...); ...")."""
    found = {int(m.group(1)): m.group(2) for m in _STYLE_RE.finditer(row.get("style", ""))}
    return [found.get(i + 1, "?") for i in range(len(row["points"]))]


def items_of(rows: list[dict]) -> list[Item]:
    out = []
    for r, row in enumerate(rows):
        for p, (gold, style) in enumerate(zip(row["covered"], styles_of(row), strict=True)):
            out.append(Item(r, row.get("question", str(r)), p, bool(gold), style))
    return out


def prf(pred: Sequence[bool], gold: Sequence[bool]) -> tuple[float, float, float, int]:
    tp = sum(p and g for p, g in zip(pred, gold, strict=True))
    fp = sum(p and not g for p, g in zip(pred, gold, strict=True))
    fn = sum(g and not p for p, g in zip(pred, gold, strict=True))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, len(gold)


def best_threshold(scores: Sequence[float], gold: Sequence[bool]) -> float:
    """The cut that maximises F1 on these items (ties: the higher cut, as a wrong tick costs more)."""
    best, best_f1 = 50.0, -1.0
    for cut in sorted(set(scores)):
        f1 = prf([s >= cut for s in scores], gold)[2]
        if f1 >= best_f1:
            best, best_f1 = cut, f1
    return best


def folds_by_group(items: Sequence[Item], k: int) -> list[list[int]]:
    """k folds that keep every answer to one question together, so a fold's questions are unseen."""
    groups = sorted({it.group for it in items})
    fold_of = {g: i % k for i, g in enumerate(groups)}
    return [[i for i, it in enumerate(items) if fold_of[it.group] == f] for f in range(k)]


def cross_validated(
    items: Sequence[Item], fit_predict: Callable[[list[int], list[int]], list[bool]], k: int = 5
) -> list[bool]:
    """Predictions for every item from a model fitted on the other folds only."""
    pred = [False] * len(items)
    for test in folds_by_group(items, k):
        test_set = set(test)
        train = [i for i in range(len(items)) if i not in test_set]
        for i, p in zip(test, fit_predict(train, test), strict=True):
            pred[i] = p
    return pred


def threshold_fit_predict(
    scores: Sequence[float], gold: Sequence[bool]
) -> Callable[[list[int], list[int]], list[bool]]:
    """Pick the F1-best cut on the training items, apply it to the test items."""

    def fit_predict(train: list[int], test: list[int]) -> list[bool]:
        cut = best_threshold([scores[i] for i in train], [gold[i] for i in train])
        return [scores[i] >= cut for i in test]

    return fit_predict


def report(title: str, items: Sequence[Item], pred: Sequence[bool]) -> None:
    p, r, f, n = prf(pred, [it.gold for it in items])
    print(f"{title:<40} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (n={n})")


def report_styles(items: Sequence[Item], pred: Sequence[bool]) -> None:
    """Per style: recall where every point was made, false ticks where none was."""
    for style in STYLES:
        idx = [i for i, it in enumerate(items) if it.style == style]
        if not idx:
            continue
        gold = [items[i].gold for i in idx]
        got = [pred[i] for i in idx]
        if all(gold):
            print(f"  {style:<12} recall {sum(got) / len(got):.3f}  ({sum(got)}/{len(got)} ticked)")
        else:
            print(f"  {style:<12} false ticks {sum(got) / len(got):.3f}  ({sum(got)}/{len(got)} ticked)")


def lexical_scores(rows: list[dict]) -> list[float]:
    return [float(s) for row in rows for s in (p.score for p in score_answer(row["answer"], row["points"]).points)]


def judge_features(rows: list[dict], judge: EntailmentJudge) -> tuple[list[float], list[bool]]:
    """Per (answer, point): the judge's log-odds and whether the number veto applies, in item order."""
    logits: list[float] = []
    vetoes: list[bool] = []
    for row in rows:
        logits += [judge_logit(j) for j in judge.judge(row["answer"], row["points"])]
        index = index_answer(row["answer"])
        vetoes += [number_vetoes(match_point(index, point_terms(p))) for p in row["points"]]
    return logits, vetoes


def judge_fit_predict(
    logits: Sequence[float], vetoes: Sequence[bool], gold: Sequence[bool]
) -> Callable[[list[int], list[int]], list[bool]]:
    """Fit the calibration and pick the cut on the training items only; apply both to the test items."""
    from fit_combiner import calibrated, fit_rule, vetoed

    def fit_predict(train: list[int], test: list[int]) -> list[bool]:
        coef, cut = fit_rule([logits[i] for i in train], [vetoes[i] for i in train], [gold[i] for i in train])
        scores = vetoed(calibrated([logits[i] for i in test], coef), [vetoes[i] for i in test])
        return [s >= cut for s in scores]

    return fit_predict


def accuracy(args: argparse.Namespace, judge: EntailmentJudge | None) -> None:
    dev = load(DEV)
    items = items_of(dev)
    gold = [it.gold for it in items]
    print(f"== dev set: {len(dev)} answers, {len(items)} points, {args.folds}-fold CV by question ==")
    scores = lexical_scores(dev)
    pred = cross_validated(items, threshold_fit_predict(scores, gold), k=args.folds)
    report("lexical (CV threshold)", items, pred)
    report_styles(items, pred)
    print(f"  cut on all dev items (shipped as DEFAULT_THRESHOLD): {best_threshold(scores, gold):.0f}")
    if judge is not None:
        logits, vetoes = judge_features(dev, judge)
        no_veto = [False] * len(vetoes)
        pred = cross_validated(items, judge_fit_predict(logits, no_veto, gold), k=args.folds)
        report(f"{judge.name}, no number veto (CV)", items, pred)
        report_styles(items, pred)
        pred = cross_validated(items, judge_fit_predict(logits, vetoes, gold), k=args.folds)
        report(f"{judge.name} + number veto (CV)", items, pred)
        report_styles(items, pred)
        shipped = [s.covered for s in _scored(dev, judge)]
        report("  shipped constants (fitted on all dev)", items, shipped)

    beetle = load(BEETLE)
    b_items = items_of(beetle)
    print(f"== Beetle unseen questions: {len(beetle)} answers (never tuned on; shipped constants) ==")
    b_scores = lexical_scores(beetle)
    b_pred = [s >= DEFAULT_THRESHOLD for s in b_scores]
    report(f"lexical (threshold {DEFAULT_THRESHOLD})", b_items, b_pred)
    report_labels(beetle, b_pred)
    if judge is not None:
        b_pred = [s.covered for s in _scored(beetle, judge)]
        report(f"{judge.name} (threshold {JUDGE_THRESHOLD})", b_items, b_pred)
        report_labels(beetle, b_pred)


def report_labels(rows: list[dict], pred: Sequence[bool]) -> None:
    """Beetle's own labels (correct, partially correct, contradictory, ...): how many were ticked."""
    labels = [str(row.get("label", "?")) for row in rows for _ in row["points"]]
    for label in sorted(set(labels)):
        got = [p for p, lab in zip(pred, labels, strict=True) if lab == label]
        print(f"  {label:<28} ticked {sum(got)}/{len(got)}")


def _scored(rows: list[dict], judge: EntailmentJudge) -> list[PointVerdict]:
    return [v for row in rows for v in score_answer(row["answer"], row["points"], judge=judge).points]


def _latency(fn: Callable[[str, list[str]], object], answers: list[str], points: list[list[str]]) -> str:
    """p50/p95 of wall time, p50 of this process's CPU time, and the load average while measuring."""
    times = []
    cpu = []
    for text, pts in zip(answers, points, strict=True):
        t0 = time.perf_counter()
        c0 = time.process_time()
        fn(text, pts)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    times.sort()
    p50 = statistics.median(times) * 1000
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))] * 1000
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"p50 {p50:.1f} ms  p95 {p95:.1f} ms  (cpu p50 {statistics.median(cpu) * 1000:.1f} ms; "
        f"n={len(times)}; load {load:.1f} on {os.cpu_count()} cores)"
    )


def long_answers(dev: list[dict], n: int) -> tuple[list[tuple[str, list[str]]], list[tuple[str, list[str]]]]:
    """300-word answers: (mixed) runs of dev answers with another answer's points, mostly not made;
    (made) a dev answer with other answers' words around it, so its points are made inside."""
    words = " ".join(r["answer"] for r in dev).split()
    mixed_text = [" ".join(words[i : i + 300]) for i in range(0, len(words) - 300, 97)][:n]
    mixed = [(text, dev[k % len(dev)]["points"]) for k, text in enumerate(mixed_text)]
    made = []
    for k in range(n):
        row = dev[(k * 7) % len(dev)]
        pad = dev[(k * 7 + 1) % len(dev)]["answer"].split() + dev[(k * 7 + 2) % len(dev)]["answer"].split()
        need = max(0, 300 - len(row["answer"].split()))
        made.append((" ".join(pad[: need // 2] + row["answer"].split() + pad[need // 2 : need]), row["points"]))
    return mixed, made


def speed(args: argparse.Namespace, judge: EntailmentJudge | None) -> None:
    dev = load(DEV)
    mixed, made = long_answers(dev, 60)
    print("== speed ==")
    texts = [t for t, _ in mixed]
    pts = [p for _, p in mixed]
    print("lexical, 300-word answer x 3 points:", _latency(score_answer, texts * 3, pts * 3))
    batch = [dev[i % len(dev)] for i in range(1000)]
    t0 = time.perf_counter()
    for row in batch:
        score_answer(row["answer"], row["points"])
    print(f"lexical, 1,000 dev answers: {time.perf_counter() - t0:.2f} s")
    if judge is not None:
        n = args.judge_runs
        judged = lambda text, pts: score_answer(text, pts, judge=judge)  # noqa: E731
        judged("warm up the model", ["one point"])
        for label, data in (("300-word answer x 3 points (made)", made), ("300-word answer x 3 points (mixed)", mixed)):
            print(f"{judge.name}, {label}:", _latency(judged, [t for t, _ in data][:n], [p for _, p in data][:n]))
        dev_answers = [r["answer"] for r in dev][:n]
        dev_points = [r["points"] for r in dev][:n]
        print(f"{judge.name}, dev answers (avg 93 words) x 3 points:", _latency(judged, dev_answers, dev_points))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--lexical", action="store_true", help="skip the entailment judge")
    parser.add_argument("--judge-runs", type=int, default=40, help="answers timed with the judge")
    parser.add_argument("--views", help="window sizes in words to judge each point on, e.g. 70,110")
    args = parser.parse_args()
    judge = None if args.lexical else load_judge(Settings())
    if judge is None and not args.lexical:
        print("(no NLI model found: lexical figures only)")
    if args.views and isinstance(judge, OnnxNliJudge):
        views = tuple(int(v) for v in args.views.split(","))
        judge = OnnxNliJudge(judge.source, plan=WindowPlan(views=views))
        print(f"(judging on windows of {views} words, not the shipped plan; shipped constants do not apply)")
    accuracy(args, judge)
    speed(args, judge)


if __name__ == "__main__":
    main()
