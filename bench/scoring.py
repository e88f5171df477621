"""Talking-point scorer accuracy (dev set with cross-validated thresholds, unseen Beetle answers) and speed.

Prints, in one run: P/R/F1 overall and per style on the dev set (5-fold CV grouped by question: the
calibration and cut are fitted on the training folds only), the same on the Beetle answers with the
shipped constants, and p50/p95 latency of lexical scoring and of scoring with the judge. Latency is wall
time on this machine as it is: the load average is printed beside it (other processes share the cores).
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from judge_data import (  # noqa: E402
    BEETLE,
    DEV,
    SPECIFICITY,
    STYLES,
    Item,
    cross_validated,
    items_of,
    load,
    prf,
    with_features,
)

from trainer.config import Settings  # noqa: E402
from trainer.core.models import PointVerdict  # noqa: E402
from trainer.core.scoring import (  # noqa: E402
    EntailmentJudge,
    score_answer,
)
from trainer.judge import judge_for  # noqa: E402
from trainer.judge.nli import OnnxNliJudge, WindowPlan  # noqa: E402

CV_STATES = ROOT / "bench" / "data" / "head_cv_states.csv"


def report(title: str, items: Sequence[Item], states: Sequence[str]) -> None:
    p, r, f, n = prf([s == "made" for s in states], [it.gold for it in items])
    unsure = sum(s == "unsure" for s in states) / max(1, len(states))
    print(f"{title:<44} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  unsure {unsure:.1%}  (n={n})")


def report_styles(items: Sequence[Item], states: Sequence[str]) -> None:
    """Per style (or specificity kind): recall where every point was made, false ticks where none was."""
    for style in sorted({it.style for it in items}, key=lambda s: (s not in STYLES, s)):
        idx = [i for i, it in enumerate(items) if it.style == style]
        made = sum(states[i] == "made" for i in idx)
        unsure = sum(states[i] == "unsure" for i in idx)
        what = "recall" if all(items[i].gold for i in idx) else "false ticks"
        print(f"  {style:<28} {what:<11} {made / len(idx):.3f}  ({made}/{len(idx)}; unsure {unsure})")


def lexical_states(items: Sequence[Item]) -> list[str]:
    """Word matching alone, as the product does with no model: a denial or a missing number never ticks."""

    def fit_predict(train: list[Item], test: list[Item]) -> list[str]:
        def score(it: Item) -> float:
            return -1.0 if (it.number_missing or it.negated) else it.lexical * 100

        gold = [it.gold for it in train]
        scores = [score(it) for it in train]
        cut = max(range(1, 100), key=lambda c: (prf([s >= c for s in scores], gold)[2], c))
        return ["made" if score(it) >= cut else "missed" for it in test]

    return fit_predict  # type: ignore[return-value]


def _scored(rows: list[dict], judge: EntailmentJudge | None) -> list[PointVerdict]:
    return [v for row in rows for v in score_answer(row["answer"], row["points"], judge=judge).points]


def accuracy(args: argparse.Namespace, judge: EntailmentJudge | None) -> None:
    dev_rows, spec_rows = load(DEV), load(SPECIFICITY)
    dev = with_features(items_of("dev", dev_rows), dev_rows, judge)
    spec = with_features(items_of("specificity", spec_rows), spec_rows, judge)
    items = dev + spec
    k = args.folds
    print(f"== dev sets: {len(dev_rows)} answers ({len(dev)} points) + {len(spec_rows)} answers that make none of")
    print(f"   their points ({len(spec)} points); {k}-fold CV by question: everything fitted on training folds ==")
    fp = lexical_states(items)
    states = cross_validated(items, fp, k=k)  # type: ignore[arg-type]
    report("lexical (CV cut), realistic answers", dev, states[: len(dev)])
    report_styles(items, states)
    if judge is not None:
        if CV_STATES.is_file():
            with CV_STATES.open(newline="", encoding="utf-8") as fh:
                cv = list(csv.DictReader(fh))
            cv_items = [Item(r["set"], i, r["group"], 0, r["gold"] == "True", r["style"]) for i, r in enumerate(cv)]
            cv_states = [r["state"] for r in cv]
            cv_dev = [it for it in cv_items if it.set == "dev"]
            print("-- the judge, head + calibration + cuts fitted on training folds only (nested CV by question;")
            print(f"   written by tools/fit_nli_head.py fit to {CV_STATES.relative_to(ROOT)}) --")
            report(f"{judge.name}, realistic answers (CV)", cv_dev, cv_states[: len(cv_dev)])
            report_styles(cv_items, cv_states)
        shipped = [v.state for v in _scored(dev_rows, judge) + _scored(spec_rows, judge)]
        print("-- the shipped head and constants, fitted on all of these items (not a held-out figure) --")
        report(f"{judge.name}, realistic answers (in-sample)", dev, shipped[: len(dev)])
        report_styles(items, shipped)

    beetle = load(BEETLE)
    b_items = items_of("beetle", beetle)
    print(f"== Beetle unseen questions: {len(beetle)} answers (never tuned on; shipped constants) ==")
    b_states = [v.state for v in _scored(beetle, None)]
    report("lexical", b_items, b_states)
    if judge is not None:
        b_states = [v.state for v in _scored(beetle, judge)]
        report(f"{judge.name}", b_items, b_states)
        report_styles(b_items, b_states)


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
    judge = None if args.lexical else judge_for(Settings())
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
