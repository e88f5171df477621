"""The entailment judge: an NLI cross-encoder in ONNX asked whether the answer, around where it speaks of a
point, makes it."""

from __future__ import annotations

import bisect
import os
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import onnxruntime as ort
from tokenizers import Encoding, Tokenizer

from trainer.core.errors import TrainerError
from trainer.core.fillers import Token, tokenize
from trainer.core.lexical import index_answer, match_point, point_terms
from trainer.core.scoring import UNCALIBRATED, Judgement
from trainer.core.talking_points import what_is_said
from trainer.judge.heads import Head, head_for
from trainer.judge.onnx_graph import judge_graph
from trainer.judge.source import NliModelSource

_DEFAULT_MAX_TOKENS = 512  # for models whose sequence length is not fixed in the graph
_SPECIAL_TOKENS = 3  # [CLS] premise [SEP] hypothesis [SEP]
_MIN_PREMISE_TOKENS = 16


@dataclass(frozen=True)
class WindowPlan:
    """How the answer is put to the model for each point: the hypothesis wording and the views.

    Each view is a window of the answer centred on where it best shows the point's words (lexical
    alignment), so a long answer costs no more than a short one: a point is judged on one window per
    view, never on every window of the answer.
    """

    template: str = "The speaker said: {point}."
    """Hypothesis wording; the point is put in as written, without a final full stop."""
    views: tuple[int, ...] = (70,)
    """Window sizes in words (fewer when the model's token budget runs out first); a shorter answer is
    judged whole. With several, their log-odds are averaged. One window of 70 words measured as well
    on the dev set as 70 and 110 averaged, at half the cost (bench/scoring.py --views)."""
    lower: bool = True
    """Lower-case premise and hypothesis alike: transcripts have no capitals, typed answers some."""


class NliModelError(TrainerError):
    """The model file does not load, or does not look like an NLI cross-encoder we can read."""


class OnnxNliJudge:
    """An NLI cross-encoder run with onnxruntime and a Hugging Face tokenizer; no torch.

    Each (window, point) pair is run on its own: an int8 model quantizes its activations over the whole
    batch, so a pair's score would otherwise depend on the other points of the answer. Pairs run on
    `workers` threads side by side, which on 2 cores is faster than one run with two intra-op threads.
    """

    def __init__(
        self,
        source: NliModelSource,
        *,
        threads: int | None = None,
        plan: WindowPlan | None = None,
        relax_length: bool = True,
        head: Head | None = None,
        expose: str | None = None,
    ):
        """`head`: how verdicts are read (default: the shipped head for this model, else its own);
        `expose`: a graph tensor to read as features (`features()`), for fitting a head."""
        self.source = source
        self.head = head if head is not None else head_for(source)
        self._tensor = self.head.tensor if self.head is not None and self.head.tensor else expose
        self.plan = plan or WindowPlan()
        self.name = f"nli:{source.label}"
        self.workers = max(1, threads or min(4, os.cpu_count() or 1))
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # Spinning threads wait for work by burning a core: under any other load (the recogniser, a
        # test run) that made a 45 ms call take 200 ms here.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._options = options
        self._tok = Tokenizer.from_file(str(source.tokenizer))  # counts: never truncates
        self._tok.no_padding()
        self._tok.no_truncation()
        self._pad = self._tok.token_to_id("[PAD]") or 0
        session = self._relaxed(source) if relax_length and source.fixed_sequence else None
        if session is None:
            model = judge_graph(source.onnx.read_bytes(), expose=self._tensor)
            session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
            del model
        self._session = session
        self._outputs = [o.name for o in session.get_outputs()]
        if self._tensor is not None and self._tensor not in self._outputs:
            raise NliModelError(f"{source.onnx}: no tensor {self._tensor!r} to read")
        self._inputs = [i.name for i in self._session.get_inputs()]
        seq = self._session.get_inputs()[0].shape[-1]
        self._fixed_len: int | None = seq if isinstance(seq, int) else None
        if self._fixed_len is not None:
            self.max_tokens = self._fixed_len
        elif source.fixed_sequence is not None:  # relaxed: still the longest input it was made for
            self.max_tokens = source.fixed_sequence[1]
        else:
            self.max_tokens = _DEFAULT_MAX_TOKENS
        # Premises are cut to fit before they are sent; this only guards a point too long for the model.
        self._pair_tok = Tokenizer.from_file(str(source.tokenizer))
        self._pair_tok.no_padding()
        self._pair_tok.enable_truncation(self.max_tokens, strategy="longest_first")
        own_head = self.head is None or self.head.weight is None
        labels = (self.head.labels if self.head is not None and self.head.labels else source.labels) or ()
        width = self._session.get_outputs()[0].shape[-1] if own_head else len(labels)
        if isinstance(width, int) and labels and len(labels) != width:
            raise NliModelError(f"{source.onnx}: {width} outputs but {len(labels)} labels in its config")
        self.labels = labels
        self.calibration = self.head.calibration if self.head is not None else UNCALIBRATED
        if "entailment" not in labels:
            raise NliModelError(f"{source.onnx}: no 'entailment' label among {labels or 'its outputs'}")
        self._entail = labels.index("entailment")
        self._contra = labels.index("contradiction") if "contradiction" in labels else None
        self._pool: ThreadPoolExecutor | None = None
        self._pool_lock = threading.Lock()

    def _relaxed(self, source: NliModelSource) -> ort.InferenceSession | None:
        """The model run at each input's own length (see onnx_graph.relax_sequence_length), or None when its
        file does not allow it: then the caller loads it as it is and pads every input."""
        assert source.fixed_sequence is not None
        length = source.fixed_sequence[1]
        relaxed = judge_graph(source.onnx.read_bytes(), expose=self._tensor, relax=source.fixed_sequence)
        if relaxed is None:
            return None
        try:
            session = ort.InferenceSession(relaxed, self._options, providers=["CPUExecutionProvider"])
        except Exception:  # onnxruntime raises its own kinds; the file as it is still loads
            return None
        del relaxed
        if isinstance(session.get_inputs()[0].shape[-1], int):
            return None
        inputs = [i.name for i in session.get_inputs()]
        probe = self._tok.encode("we moved the launch up by two weeks", "the launch date moved up two weeks")
        try:
            short = self._logits(session, self._feed(probe, None, inputs))
            padded = self._logits(session, self._feed(probe, length, inputs))
        except Exception:  # a graph that does need the fixed length
            return None
        # The same pair, padded to the declared length or not, must read the same (within int8 noise).
        return session if np.allclose(padded, short, atol=0.25) else None

    # -- model -----------------------------------------------------------------------------------

    def _feed(self, enc: Encoding, length: int | None, inputs: list[str] | None = None) -> dict[str, np.ndarray]:
        names = inputs if inputs is not None else self._inputs
        n = min(len(enc.ids), length or len(enc.ids))
        size = length or n
        ids = np.full((1, size), self._pad, dtype=np.int64)
        mask = np.zeros((1, size), dtype=np.int64)
        ids[0, :n] = enc.ids[:n]
        mask[0, :n] = 1
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in names:
            types = np.zeros_like(ids)
            types[0, :n] = enc.type_ids[:n]
            feed["token_type_ids"] = types
        return {k: v for k, v in feed.items() if k in names}

    @staticmethod
    def _logits(session: ort.InferenceSession, feed: dict[str, np.ndarray]) -> np.ndarray:
        return np.asarray(session.run(None, feed)[0][0], dtype=np.float64)

    def _outputs_of(self, enc: Encoding) -> list[np.ndarray]:
        return list(self._session.run(None, self._feed(enc, self._fixed_len)))

    def _run(self, enc: Encoding) -> np.ndarray:
        outputs = self._outputs_of(enc)
        if self.head is not None and self.head.weight is not None:
            features = outputs[self._outputs.index(self.head.tensor)]
            return self.head.probabilities(np.asarray(features, dtype=np.float64))[0]
        logits = np.asarray(outputs[0][0], dtype=np.float64)
        exp = np.exp(logits - logits.max())
        return np.asarray(exp / exp.sum())

    def _features_of(self, enc: Encoding) -> np.ndarray:
        outputs = self._outputs_of(enc)
        return np.asarray(outputs[self._outputs.index(self._tensor)][0], dtype=np.float32)

    def features(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """The exposed tensor (the encoder's pooled output) for each pair, each pair run alone."""
        if self._tensor is None:
            raise NliModelError("no tensor exposed: load the judge with expose=...")
        encodings = self._pair_tok.encode_batch(list(pairs))
        return np.stack([self._features_of(e) for e in encodings]) if encodings else np.zeros((0, 0), np.float32)

    def probabilities(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Softmax over the model's labels for each (premise, hypothesis) pair, each pair run alone."""
        if not pairs:
            return np.zeros((0, max(2, len(self.labels))), dtype=np.float64)
        encodings = self._pair_tok.encode_batch(list(pairs))
        if len(encodings) == 1 or self.workers == 1:
            rows = [self._run(e) for e in encodings]
        else:
            rows = list(self._executor().map(self._run, encodings))
        return np.stack(rows)

    def _executor(self) -> ThreadPoolExecutor:
        with self._pool_lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="nli")
            return self._pool

    # -- windows ---------------------------------------------------------------------------------

    def hypothesis(self, point: str) -> str:
        """The sentence the model is asked whether the answer entails.

        A point written as what the speaker does in the answer ("I name one real weakness", "I give the
        argument I used") is put as what they said ("one real weakness", "the argument I used"): nobody
        says "I name", so the model would read that as not entailed.
        """
        text = what_is_said(point).rstrip(".!?;: ")
        return self.plan.template.format(point=text.lower() if self.plan.lower else text)

    def _word_tokens(self, answer: str, words: list[Token]) -> list[int]:
        """How many model tokens each word of the answer takes (the answer is encoded once)."""
        texts = [answer[t.start : t.end] for t in words]
        starts = []
        pos = 0
        for text in texts:
            starts.append(pos)
            pos += len(text) + 1
        enc = self._tok.encode(" ".join(texts), add_special_tokens=False)
        per_word = [0] * len(words)
        for _start, end in enc.offsets:
            # By its last character: a word-initial piece's offsets may begin at the space before it.
            per_word[max(0, bisect.bisect_right(starts, end - 1) - 1)] += 1
        return per_word

    @staticmethod
    def _around(centre: int, size: int, per_word: list[int], budget: int) -> tuple[int, int]:
        """Words [first, last) of at most `size` words and `budget` tokens, centred on word `centre`."""
        n = len(per_word)
        first = max(0, min(centre - size // 2, n - size))
        last = min(n, first + size)
        used = sum(per_word[first:last])
        while used > budget and last - first > 1:
            # Drop the word farther from the centre.
            if centre - first > last - 1 - centre:
                used -= per_word[first]
                first += 1
            else:
                last -= 1
                used -= per_word[last]
        return first, last

    def views(self, answer: str, point: str, budget: int) -> list[tuple[str, tuple[int, int]]]:
        """The premise texts a point is judged on, with their character spans in the answer."""
        words = tokenize(answer)
        if not words:
            return []
        per_word = self._word_tokens(answer, words)
        match = match_point(index_answer(answer), point_terms(point))
        centre = 0
        if match.span is not None:
            middle = (match.span[0] + match.span[1]) // 2
            centre = max(0, bisect.bisect_right([t.start for t in words], middle) - 1)
        out: list[tuple[str, tuple[int, int]]] = []
        for size in self.plan.views:
            first, last = self._around(centre, size, per_word, budget)
            span = (words[first].start, words[last - 1].end)
            if any(span == seen for _, seen in out):
                continue
            text = " ".join(answer[t.start : t.end] for t in words[first:last])
            out.append((text.lower() if self.plan.lower else text, span))
        return out

    def judge(self, answer: str, points: Sequence[str]) -> list[Judgement]:
        """Per point, the entailment (and contradiction, for 3-way models) of each view of the answer."""
        hyps = [self.hypothesis(p) for p in points]
        plans = []
        for point, hyp in zip(points, hyps, strict=True):
            room = len(self._tok.encode(hyp, add_special_tokens=False).ids)
            budget = max(_MIN_PREMISE_TOKENS, self.max_tokens - _SPECIAL_TOKENS - room)
            plans.append(self.views(answer, point, budget))
        pairs = [(text, hyp) for hyp, views in zip(hyps, plans, strict=True) for text, _ in views]
        probs = self.probabilities(pairs)
        out = []
        row = 0
        for views in plans:
            rows = probs[row : row + len(views)]
            row += len(views)
            spans = tuple(span for _, span in views)
            entail = tuple(float(x) for x in rows[:, self._entail]) if len(views) else ()
            contra = None
            if self._contra is not None:
                contra = tuple(float(x) for x in rows[:, self._contra]) if len(views) else ()
            out.append(Judgement(spans, entail, contra))
        return out
