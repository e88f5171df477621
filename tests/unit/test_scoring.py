"""The talking-point scorer: verdicts, evidence, delivery, the batch contract, and the dev-set floor."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

import pytest

from trainer.core.fillers import tokenize
from trainer.core.lexical import EVIDENCE_WORDS, evidence_span, index_answer, match_point, point_terms
from trainer.core.models import AnswerScore, Delivery, PointVerdict
from trainer.core.numbers import normalise_numbers
from trainer.core.scoring import UNCALIBRATED, Calibration, Judgement, score_answer, score_jsonl_line, score_to_json

ROOT = Path(__file__).resolve().parents[2]
POINTS = ["launch date moved up two weeks", "daily priority list with the team", "zero critical bugs"]


def load_bench() -> ModuleType:
    """bench/scoring.py holds the cross-validation the floors below are measured with."""
    spec = importlib.util.spec_from_file_location("bench_scoring", ROOT / "bench" / "scoring.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_scoring"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("forty percent", ["40"]),
        ("40%", ["40"]),
        ("two weeks", ["2"]),
        ("one hundred and twenty people", ["120"]),
        ("a hundred users", ["100"]),
        ("twenty nineteen", ["2019"]),
        ("since 2019", ["2019"]),
        ("nineteen ninety five", ["1995"]),
        ("30 million", ["30000000"]),
        ("thirty million", ["30000000"]),
        ("1,500 users", ["1500"]),
        ("2.50 times", ["2.5"]),
        ("two or three", ["2", "3"]),
        ("eight point five million people", ["8500000"]),
        ("8.5 million residents", ["8500000"]),
        ("half a million golf balls", ["500000"]),
        ("two and a half years", ["2.5"]),
        ("one and a half million", ["1500000"]),
        ("zero point two", ["0.2"]),
        ("half the time", []),
        ("a lot of people", []),
        ("down to a week", ["1"]),
        ("half an hour every monday", ["30"]),
        ("in half a year", ["6"]),
        ("a couple of junior pms", ["2"]),
    ],
)
def test_numbers_in_words_and_digits_alike(text: str, numbers: list[str]) -> None:
    assert [t.text for t in normalise_numbers(tokenize(text)) if t.is_number] == numbers


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("grew signups 3x", ["grew", "signups", "3", "times"]),
        ("grew signups three ex", ["grew", "signups", "3", "times"]),
        ("we tripled sign ups", ["we", "3", "times", "sign", "ups"]),
        ("three times faster", ["3", "times", "faster"]),
        ("b2b and b2c", ["b2b", "and", "b2c"]),
    ],
)
def test_multiples_and_words_with_digits(text: str, terms: list[str]) -> None:
    assert [t.text for t in normalise_numbers(tokenize(text))] == terms


@pytest.mark.parametrize(
    ("answer", "point"),
    [
        ("we cut onboarding time by forty percent", "cut onboarding time 40%"),
        ("i'd also like to be mentoring to or three junior p m s", "mentoring two or three junior PMs"),
        ("we cut report time from five days to won", "cut report time from 5 days to 1"),
        ("we tripled sign ups in about six months", "grew signups 3x in six months"),
        ("i'd start from eight point five million residents", "start from 8.5 million residents"),
        ("not one customer had any downtime", "zero downtime during migration"),
        ("i'm mentoring a couple of junior pms", "mentoring two or three junior PMs"),
        ("we set up weekly check ins of half an hour", "set up weekly 30-minute check-ins"),
        ("it grew to one hundred and twenty customers", "120 customers"),
        ("i've been a daily user since twenty nineteen", "daily user since 2019"),
        ("the launch date moved up to weeks", "launch date moved up two weeks"),
    ],
)
def test_numbers_match_across_forms(answer: str, point: str) -> None:
    match = match_point(index_answer(answer), point_terms(point))
    assert not match.number_missing
    assert match.score > 0.6


@pytest.mark.parametrize(
    ("answer", "point"),
    [
        ("we cut onboarding time by thirty percent", "cut onboarding time 40%"),
        ("i had to wait for the train", "launch moved up two weeks"),
        ("we moved about eighty of our clients to the new platform", "migrated 200 clients to new platform"),
        # its 40 counts something else, and another number counts the point's thing
        (
            "the bus is about a hundred cubic meters and a golf ball is roughly 40 cubic centimeters",
            "bus interior about 40 cubic meters",
        ),
    ],
)
def test_a_missing_number_is_noticed(answer: str, point: str) -> None:
    assert match_point(index_answer(answer), point_terms(point)).number_missing


@pytest.mark.parametrize(
    ("answer", "point"),
    [
        (
            "forty cubic meters for the bus and the ball is 40 cubic centimeters",
            "golf ball roughly 40 cubic centimeters",
        ),
        ("twenty thousand balls per layer so the final answer is five hundred thousand", "about 500,000 balls"),
    ],
)
def test_a_number_said_apart_from_its_words_still_counts(answer: str, point: str) -> None:
    assert not match_point(index_answer(answer), point_terms(point)).number_missing


@pytest.mark.parametrize(
    ("answer", "point", "negated"),
    [
        ("honestly we never set up the review checklist", "set up a review checklist", True),
        ("i didn't really listen to both sides", "listened to both sides", True),
        ("i listened to both sides before deciding", "listened to both sides", False),
        ("there were no critical bugs", "zero critical bugs", False),
    ],
)
def test_negation_by_the_matched_words(answer: str, point: str, negated: bool) -> None:
    assert match_point(index_answer(answer), point_terms(point)).negated is negated


@pytest.mark.parametrize(
    ("answer", "point"),
    [
        ("we wrote a prior it ease list every morning", "priorities list"),
        ("i lissened to both sighs first", "listened to both sides"),
        ("the engineering block on data pipe lines", "engineering blog on data pipelines"),
    ],
)
def test_recognition_errors_still_match(answer: str, point: str) -> None:
    assert match_point(index_answer(answer), point_terms(point)).score >= 0.6


@pytest.mark.parametrize(
    "answer",
    [
        "um so the launch date moved up two weeks and we kept a daily priority list with the team",
        "Launch date?  It MOVED up two weeks — and we had zero critical bugs.",
        "nothing relevant at all",
        "",
    ],
)
def test_evidence_is_the_exact_span_of_the_answer(answer: str) -> None:
    score = score_answer(answer, POINTS)
    for verdict in score.points:
        if verdict.evidence is None:
            assert verdict.span is None
            continue
        assert verdict.span is not None
        start, end = verdict.span
        assert answer[start:end] == verdict.evidence
        assert 0 <= start < end <= len(answer)


def test_a_verbatim_answer_makes_every_point() -> None:
    answer = (
        "our launch date moved up two weeks so we kept a daily priority list with the team and had zero critical bugs"
    )
    score = score_answer(answer, POINTS)
    assert score.covered == (True, True, True)
    assert all(v.reason == "made" for v in score.points)
    assert not score.weak


def test_an_unrelated_answer_makes_none() -> None:
    score = score_answer("i like hiking and cooking on weekends", POINTS)
    assert score.covered == (False, False, False)
    assert all(v.reason == "not mentioned" for v in score.points)
    assert score.weak


@pytest.mark.parametrize(
    ("answer", "duration", "limit", "spoken", "wpm", "per_min", "over"),
    [
        ("um we shipped it uh on time", 6.0, 120.0, True, 70.0, 20.0, False),
        ("um we shipped it uh on time", 6.0, 120.0, False, None, None, False),  # typed: no rates
        ("we shipped it on time", None, 120.0, True, None, None, False),
        ("we shipped it on time", 130.0, 120.0, True, 2.3, 0.0, True),
        ("we shipped it on time", 120.0, 120.0, True, 2.5, 0.0, True),
    ],
)
def test_delivery(
    answer: str,
    duration: float | None,
    limit: float,
    spoken: bool,
    wpm: float | None,
    per_min: float | None,
    over: bool,
) -> None:
    d = score_answer(answer, POINTS, duration_s=duration, time_limit_s=limit, spoken=spoken).delivery
    assert d.wpm == wpm
    assert d.fillers_per_min == per_min
    assert d.over_time is over


@pytest.mark.parametrize(
    ("answer", "duration", "weak"),
    [
        ("", None, True),
        ("launch date moved up two weeks, daily priority list with the team, zero critical bugs", None, False),
        ("launch date moved up two weeks, daily priority list with the team, zero critical bugs", 200.0, True),
        ("launch date moved up two weeks and a daily priority list with the team", None, True),
    ],
)
def test_weak_rule(answer: str, duration: float | None, weak: bool) -> None:
    assert score_answer(answer, POINTS, duration_s=duration, time_limit_s=120.0).weak is weak


def test_threshold_moves_the_cut() -> None:
    answer = "we kept a daily list"
    low = score_answer(answer, POINTS[1:2], threshold=1)
    high = score_answer(answer, POINTS[1:2], threshold=100)
    assert low.points[0].covered and not high.points[0].covered
    assert low.points[0].score == high.points[0].score


def test_scoring_is_deterministic() -> None:
    answer = "uh the launch date moved up to weeks and we like wrote a prior it ease list"
    first = score_to_json(score_answer(answer, POINTS))
    for _ in range(3):
        assert score_to_json(score_answer(answer, POINTS)) == first


def test_json_fields() -> None:
    out = score_to_json(score_answer("um the launch date moved up two weeks", POINTS, duration_s=30.0, spoken=True))
    assert set(out) >= {"covered", "scores", "evidence", "fillers", "words", "reasons", "spans", "method"}
    assert len(out["covered"]) == len(out["scores"]) == len(out["evidence"]) == 3
    assert all(isinstance(s, int) and 0 <= s <= 100 for s in out["scores"])
    assert out["fillers"] == 1 and out["words"] == 8 and out["wpm"] == 16.0
    json.dumps(out)


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ("not json", "JSON"),
        ("", "JSON"),
        ("[1, 2]", "object"),
        ('"text"', "object"),
        ('{"points": ["a"]}', "answer"),
        ('{"answer": 3, "points": ["a"]}', "answer"),
        ('{"answer": null, "points": ["a"]}', "answer"),
        ('{"answer": "hi"}', "points"),
        ('{"answer": "hi", "points": "a"}', "points"),
        ('{"answer": "hi", "points": [], "kind": 3}', "kind"),
        ('{"answer": "hi", "points": [], "question": null}', "question"),
        ('{"answer": "hi", "points": ["p"] }'.replace('["p"]', json.dumps(["p"] * 11)), "points"),
        ('{"answer": "hi", "points": ["a", 2]}', "points[1]"),
        ('{"answer": "hi", "points": ["a", "  "]}', "points[1]"),
        ('{"answer": "hi", "points": [null]}', "points[0]"),
    ],
)
def test_jsonl_bad_lines(line: str, field: str) -> None:
    out = score_jsonl_line(line)
    assert set(out) == {"error"}
    assert field in out["error"]
    assert "\n" not in out["error"]


def test_jsonl_good_line_ignores_other_keys() -> None:
    line = json.dumps({"id": "x", "answer": "we had zero critical bugs", "points": POINTS, "covered": [1, 2]})
    out = score_jsonl_line(line)
    assert "error" not in out
    assert len(out["covered"]) == 3 and out["covered"][2] is True
    assert out == score_to_json(score_answer("we had zero critical bugs", POINTS))


def test_jsonl_ten_points_is_fine() -> None:
    out = score_jsonl_line(json.dumps({"answer": "a b c", "points": [f"point {i}" for i in range(10)]}))
    assert len(out["scores"]) == 10


def test_jsonl_deep_nesting_does_not_raise() -> None:
    assert "error" in score_jsonl_line("[" * 100000)


DEV = ROOT.parent / "shared" / "data" / "talking_points_dev.jsonl"


@pytest.mark.skipif(not DEV.exists(), reason="the dev set (shared/data) is not beside this checkout")
def test_lexical_dev_floor() -> None:
    """Lexical scoring alone, thresholds chosen by cross-validation by question: a regression floor."""
    bench = load_bench()
    rows = bench.load(DEV)
    items = bench.with_features(bench.items_of("dev", rows), rows, None)
    states = bench.cross_validated(items, bench.lexical_states(items))
    _, _, f1, _ = bench.prf([s == "made" for s in states], [it.gold for it in items])
    assert f1 >= 0.77  # measured 0.791 (a denial or a missing number never ticks)


class WindowJudge:
    """A judge that finds every point made (or not) in one given window of the answer."""

    name = "window"
    calibration = UNCALIBRATED

    def __init__(self, window: tuple[int, int] | None, entail: float = 0.95) -> None:
        self.window = window
        self.entail = entail

    def judge(self, answer: str, points: Sequence[str]) -> list[Judgement]:
        span = self.window or (0, len(answer))
        return [Judgement((span,), (self.entail,)) for _ in points]


LONG = (
    "um so yeah the one that comes to mind is last spring we were building the new checkout flow and uh "
    "our launch date moved up two weeks because marketing had already like booked a campaign so suddenly "
    "we had half the time we thought we had and um what i did was every morning i sat down with the four "
    "devs and we went through what absolutely had to get done that day like we literally wrote a ranked "
    "list on the whiteboard top to bottom and anything below the line just didn't happen that day"
)


@pytest.mark.parametrize(
    ("answer", "point", "window", "shown"),
    [
        (LONG, "launch date moved up two weeks", None, "launch date moved up two weeks"),
        (LONG, "checkout flow", None, "checkout flow"),
        # a paraphrase the judge found: the words of the point said inside its window
        (LONG, "daily ranked list with the devs", (250, len(LONG)), "ranked list"),
        # the judge's window holds the point: the evidence comes from it, not from elsewhere
        (LONG + " and the launch was fine", "launch date moved", (0, 200), "launch date moved"),
    ],
)
def test_evidence_for_a_made_point_is_short_and_inside_the_judged_window(
    answer: str, point: str, window: tuple[int, int] | None, shown: str
) -> None:
    verdict = score_answer(answer, [point], judge=WindowJudge(window)).points[0]
    assert verdict.covered and verdict.span and verdict.evidence
    start, end = verdict.span
    assert answer[start:end] == verdict.evidence
    assert 1 <= len(verdict.evidence.split()) <= EVIDENCE_WORDS
    assert shown in verdict.evidence
    if window:
        assert window[0] <= start and end <= window[1]


def test_evidence_without_a_matching_word_is_the_middle_of_the_window() -> None:
    window = (100, 300)
    verdict = score_answer(LONG, ["kept everybody calm"], judge=WindowJudge(window)).points[0]
    assert verdict.covered and verdict.span
    assert window[0] <= verdict.span[0] and verdict.span[1] <= window[1]
    assert len((verdict.evidence or "").split()) <= EVIDENCE_WORDS


@pytest.mark.parametrize(
    ("answer", "point", "reason", "shown"),
    [
        ("so our launch date never moved it stayed where it was", "launch date moved up two weeks",
         "said the opposite", "launch date never moved"),
        ("i didn't really listen to both sides i just decided", "listened to both sides", "said the opposite",
         "didn't really listen to both sides"),
        ("we grew sign ups a lot over the last year", "grew signups 3x in six months", "number missing",
         "grew sign"),
        ("we moved about eighty of our clients to the new platform", "migrated 200 clients to new platform",
         "number missing", "clients to the new platform"),
        ("i like hiking and cooking on weekends", "launch date moved up two weeks", "not mentioned", None),
    ],
)  # fmt: skip
def test_a_missed_point_shows_its_closest_words_and_why(
    answer: str, point: str, reason: str, shown: str | None
) -> None:
    judge = WindowJudge(None, entail=0.9 if reason == "number missing" else 0.001)
    verdict = score_answer(answer, [point], judge=judge).points[0]
    assert not verdict.covered
    assert verdict.reason == reason
    if shown is None:
        assert verdict.evidence is None and verdict.span is None
    else:
        assert verdict.evidence and shown in verdict.evidence
        assert len(verdict.evidence.split()) <= EVIDENCE_WORDS
    lexical = score_answer(answer, [point]).points[0]  # without a judge: the same closest words
    assert lexical.evidence == verdict.evidence


def test_evidence_span_stays_inside_and_short() -> None:
    index = index_answer(LONG)
    terms = point_terms("launch date moved up two weeks")
    for within in [(0, len(LONG)), (90, 160), (0, 40), (300, 330)]:
        span = evidence_span(index, terms, within)
        assert span is not None
        assert within[0] <= span[0] < span[1] <= within[1]
        assert len(LONG[span[0] : span[1]].split()) <= EVIDENCE_WORDS
    assert evidence_span(index_answer(""), terms) is None


def _verdict(covered: bool, unsure: bool = False, overridden: bool = False) -> PointVerdict:
    return PointVerdict("p", 50, covered, unsure=unsure, overridden=overridden)


@pytest.mark.parametrize(
    ("verdict", "state"),
    [
        (_verdict(True), "made"),
        (_verdict(False), "missed"),
        (_verdict(False, unsure=True), "unsure"),
        (_verdict(True, unsure=True, overridden=True), "made"),
        (_verdict(False, unsure=True, overridden=True), "missed"),
    ],
    ids=["made", "missed", "unsure", "unsure-said-made", "unsure-said-not"],
)
def test_verdict_states(verdict: PointVerdict, state: str) -> None:
    assert verdict.state == state


def test_flipping_an_unsure_point_answers_it_then_undoes_the_answer() -> None:
    score = AnswerScore(points=(_verdict(False, unsure=True),), delivery=Delivery(words=3, fillers=0))
    assert score.weak and score.unsure == 1
    states = []
    for _ in range(3):
        score = score.flipped(0)
        states.append(score.points[0].state)
    assert states == ["made", "missed", "unsure"]
    assert score.flipped(0).weak is False


@pytest.mark.parametrize(
    ("entail", "state"),
    [(0.95, "made"), (0.5, "unsure"), (0.1, "missed")],
    ids=["made", "unsure", "missed"],
)
def test_the_calibrated_band_gives_three_states(entail: float, state: str) -> None:
    class BandJudge:
        name = "band"
        calibration = Calibration(coef=(1.0, 0.0), made=80, unsure=30)

        def judge(self, answer: str, points: Sequence[str]) -> list[Judgement]:
            return [Judgement(((0, len(answer)),), (entail,)) for _ in points]

    verdict = score_answer("we shipped on time", ["shipped on time"], judge=BandJudge()).points[0]
    assert verdict.state == state
    assert score_to_json(score_answer("we shipped on time", ["shipped on time"], judge=BandJudge()))["state"] == [state]


def test_a_question_without_points_is_never_strong() -> None:
    score = score_answer("a long and careful answer about the launch", [])
    assert score.points == () and score.weak


@pytest.mark.parametrize(
    "point", ["\u200b\u200b", "ok\ufeffpoint", "\u2060"], ids=["zero-width", "bom-inside", "word-joiner"]
)
def test_a_batch_line_with_an_invisible_point_is_an_error_naming_it(point: str) -> None:
    line = json.dumps({"answer": "we shipped on time", "points": ["shipped on time", point]})
    error = score_jsonl_line(line)["error"]
    assert error.startswith("points[1] ") and "hidden" in error
