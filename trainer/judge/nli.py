"""The entailment judge: an NLI cross-encoder in ONNX asked whether each window of an answer makes a point."""

from __future__ import annotations

import bisect
import os
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

from trainer.config import Settings
from trainer.core.fillers import tokenize
from trainer.core.lexical import index_answer, match_point, point_terms
from trainer.core.scoring import EntailmentJudge, Judgement
from trainer.judge.source import ModelSource, find_nli_model

# Hesitation sounds, which a plan may leave out of the premise.
_SOUNDS = frozenset({"um", "umm", "uh", "uhh", "uhm", "er", "erm", "ah", "hmm", "mm", "mhm"})
_DEFAULT_MAX_TOKENS = 512  # for models whose sequence length is not fixed in the graph


@dataclass(frozen=True)
class WindowPlan:
    """How the answer is cut for the model: the hypothesis wording and the window size and overlap."""

    template: str = "The speaker said: {point}."
    """Hypothesis wording; the point is put in as written, without a final full stop."""
    max_words: int = 110
    """Longest window in words (fewer when the model's token budget runs out first)."""
    overlap: float = 0.5
    """Share of a window repeated in the next, so a point said across a cut is still seen whole."""
    drop_sounds: bool = False
    """Leave hesitation sounds (um, uh) out of the premise (measured worse on the dev set: off)."""
    premise: str = "{window}"
    """Premise wording around the window's words."""
    lower: bool = True
    """Lower-case premise and hypothesis alike: transcripts have no capitals, typed answers some."""
    per_point: int = 2
    """Most windows judged per point; a long answer's others are skipped by lexical relevance."""


class NliModelError(RuntimeError):
    """The model file loaded but does not look like an NLI cross-encoder we can read."""


class OnnxNliJudge:
    """An NLI cross-encoder run with onnxruntime and a Hugging Face tokenizer; no torch."""

    def __init__(self, source: ModelSource, *, threads: int | None = None, plan: WindowPlan | None = None):
        self.source = source
        self.plan = plan or WindowPlan()
        self.name = f"nli:{source.label}"
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or min(4, os.cpu_count() or 1)
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(str(source.onnx), options, providers=["CPUExecutionProvider"])
        self._inputs = [i.name for i in self._session.get_inputs()]
        seq = self._session.get_inputs()[0].shape[-1]
        self._fixed_len = seq if isinstance(seq, int) else None
        self.max_tokens = self._fixed_len or _DEFAULT_MAX_TOKENS
        self._tok = Tokenizer.from_file(str(source.tokenizer))
        self._tok.no_padding()
        self._tok.no_truncation()
        labels = source.labels or ()
        width = self._session.get_outputs()[0].shape[-1]
        if isinstance(width, int) and labels and len(labels) != width:
            raise NliModelError(f"{source.onnx}: {width} outputs but {len(labels)} labels in its config")
        if "entailment" not in labels:
            raise NliModelError(f"{source.onnx}: no 'entailment' label among {labels or 'its outputs'}")
        self._entail = labels.index("entailment")
        self._contra = labels.index("contradiction") if "contradiction" in labels else None
        self._pad = self._tok.token_to_id("[PAD]") or 0

    # -- model -----------------------------------------------------------------------------------

    def probabilities(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Softmax over the model's labels for each (premise, hypothesis) pair."""
        if not pairs:
            return np.zeros((0, 2), dtype=np.float32)
        encodings = self._tok.encode_batch(list(pairs))
        longest = max(len(e.ids) for e in encodings)
        length = self._fixed_len or min(longest, self.max_tokens)
        ids = np.full((len(pairs), length), self._pad, dtype=np.int64)
        mask = np.zeros((len(pairs), length), dtype=np.int64)
        for row, enc in enumerate(encodings):
            n = min(len(enc.ids), length)
            ids[row, :n] = enc.ids[:n]
            mask[row, :n] = 1
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feed["token_type_ids"] = np.zeros_like(ids)
        logits = self._session.run(None, {k: v for k, v in feed.items() if k in self._inputs})[0]
        logits = logits - logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return np.asarray(exp / exp.sum(axis=1, keepdims=True))

    # -- windows ---------------------------------------------------------------------------------

    def hypothesis(self, point: str) -> str:
        """The sentence the model is asked whether the answer entails."""
        text = point.strip().rstrip(".!?;: ")
        return self.plan.template.format(point=text.lower() if self.plan.lower else text)

    def windows(self, answer: str, budget: int) -> list[tuple[str, tuple[int, int]]]:
        """Premise texts of at most `budget` model tokens each, with their spans in the answer."""
        words = [t for t in tokenize(answer) if not (self.plan.drop_sounds and t.text in _SOUNDS)]
        if not words:
            return []
        texts = [answer[t.start : t.end] for t in words]
        cleaned = " ".join(texts)
        starts = []
        pos = 0
        for text in texts:
            starts.append(pos)
            pos += len(text) + 1
        enc = self._tok.encode(cleaned, add_special_tokens=False)
        per_word = [0] * len(words)
        for start, _end in enc.offsets:
            per_word[max(0, bisect.bisect_right(starts, start) - 1)] += 1
        out: list[tuple[str, tuple[int, int]]] = []
        first = 0
        while first < len(words):
            last, used = first, 0
            while last < len(words) and last - first < self.plan.max_words and used + per_word[last] <= budget:
                used += per_word[last]
                last += 1
            last = max(last, first + 1)
            text = " ".join(texts[first:last])
            out.append((text.lower() if self.plan.lower else text, (words[first].start, words[last - 1].end)))
            if last >= len(words):
                break
            step = max(1, round((last - first) * (1 - self.plan.overlap)))
            first += step
        return out

    def judge(self, answer: str, points: Sequence[str]) -> list[Judgement]:
        """Per point, the entailment (and contradiction, for 3-way models) of every window."""
        hyps = [self.hypothesis(p) for p in points]
        lengths = [len(self._tok.encode(h, add_special_tokens=False).ids) for h in hyps]
        # One window cut serves all points: the budget leaves room for the longest hypothesis.
        extra = len(self._tok.encode(self.plan.premise.format(window=""), add_special_tokens=False).ids)
        budget = self.max_tokens - 3 - extra - max(lengths, default=0)
        wins = self.windows(answer, max(16, budget))
        if not wins:
            return [Judgement((), (), () if self._contra is not None else None) for _ in points]
        chosen = [self._relevant(wins, point) for point in points]
        pairs = [
            (self.plan.premise.format(window=wins[w][0]), hyp)
            for hyp, picks in zip(hyps, chosen, strict=True)
            for w in picks
        ]
        probs = self.probabilities(pairs)
        out = []
        row = 0
        for picks in chosen:
            rows = probs[row : row + len(picks)]
            row += len(picks)
            spans = tuple(wins[w][1] for w in picks)
            entail = tuple(float(x) for x in rows[:, self._entail])
            contra = tuple(float(x) for x in rows[:, self._contra]) if self._contra is not None else None
            out.append(Judgement(spans, entail, contra))
        return out

    def _relevant(self, wins: list[tuple[str, tuple[int, int]]], point: str) -> list[int]:
        """The windows worth judging for a point: all of a short answer; of a long one, those that
        share most words with the point, so a 300-word answer costs no more than a 150-word one."""
        if len(wins) <= self.plan.per_point:
            return list(range(len(wins)))
        terms = point_terms(point)
        ranked = sorted(range(len(wins)), key=lambda w: (-match_point(index_answer(wins[w][0]), terms).anywhere, w))
        return sorted(ranked[: self.plan.per_point])


def load_judge(settings: Settings) -> EntailmentJudge | None:
    """The entailment judge, or None when judging is off, no model is found, or its file is not ours.

    Slow (a second or two): call it once, from a background thread.
    """
    if not settings.use_judge:
        return None
    source = find_nli_model(settings)
    if source is None or source.sha256_ok is False:
        return None
    return OnnxNliJudge(source)
