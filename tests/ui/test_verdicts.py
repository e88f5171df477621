"""Pilot tests of the feedback panel's evidence and of flipping a verdict ("I did make that point")."""

from __future__ import annotations

from textual.widgets import TextArea

from trainer.core.scoring import Calibration, Judgement
from trainer.core.session import Phase
from trainer.core.store import Store
from trainer.core.wording import shortened
from trainer.ui.screens.practice import PracticeScreen
from trainer.ui.widgets.feedback import FeedbackPanel, highlighted_answer

ANSWER = "Honestly the launch date moved up two weeks, and I kept my own list in a notebook."


async def answered(app, pilot, clock) -> PracticeScreen:  # type: ignore[no-untyped-def]
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, PracticeScreen)
    screen.query_one("#answer", TextArea).load_text(ANSWER)
    clock.advance(20)
    await pilot.press("ctrl+s")
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert screen.session.phase is Phase.SCORED
    return screen


async def test_flipping_a_verdict_is_saved_and_flipping_back_restores_it(build_app, clock, store: Store) -> None:
    app = build_app(count=1, question_ids=("pressure",))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await answered(app, pilot, clock)
        trainer_said = screen.session.last_attempt.score.covered  # type: ignore[union-attr]
        await pilot.press("2")
        await pilot.pause()
        flipped = store.attempts()[0].score.points[1]
        assert flipped.covered is not trainer_said[1] and flipped.overridden
        said = "made" if flipped.covered else "missed"
        assert f"you marked this as {said}" in str(screen.query_one("#feedback", FeedbackPanel).render())
        await pilot.press("2")
        await pilot.pause()
        restored = store.attempts()[0].score.points[1]
        assert restored.covered is trainer_said[1] and not restored.overridden
        await pilot.press("3", "3", "3")
        await pilot.pause()
        assert store.attempts()[0].score.points[2].overridden


async def test_feedback_quotes_the_evidence_inside_the_answer(build_app, clock) -> None:
    app = build_app(count=1, question_ids=("pressure",))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await answered(app, pilot, clock)
        attempt = screen.session.last_attempt
        assert attempt is not None
        made = attempt.score.points[0]
        assert made.span is not None and ANSWER[made.span[0] : made.span[1]] == made.evidence
        shown = str(screen.query_one("#feedback", FeedbackPanel).render())
        assert "Your answer:" in shown and "Press 1/2/3 to flip" in shown


def test_short_quote_cuts_at_a_word() -> None:
    assert shortened("one two three", 20, at_word=True) == "one two three"
    assert shortened("alpha beta gamma delta", 12, at_word=True) == "alpha beta …"


def test_highlighted_answer_styles_each_span() -> None:
    from trainer.core.models import PointVerdict

    answer = "we shipped on time"
    points = (
        PointVerdict("shipped on time", 90, True, "shipped on time", (3, 18), "made"),
        PointVerdict("zero bugs", 10, False, None, None),
        PointVerdict("bad span", 10, False, "x", (50, 60)),  # out of range: ignored, never a crash
    )
    text = highlighted_answer(answer, points)
    assert text.plain == answer
    assert [(s.start, s.end) for s in text.spans] == [(3, 18)]


class UnsureJudge:
    """A judge whose calibrated score for every point falls in the unsure band (fake, for the UI)."""

    name = "unsure-judge"
    calibration = Calibration(coef=(1.0, 0.0), made=80, unsure=30)

    def judge(self, answer: str, points: tuple[str, ...] | list[str]) -> list[Judgement]:
        return [Judgement(((0, len(answer)),), (0.5,)) for _ in points]


async def test_an_unsure_point_asks_the_user_and_counts_as_not_made_until_answered(
    build_app, clock, store: Store
) -> None:
    app = build_app(count=1, question_ids=("pressure",), judge_loader=UnsureJudge)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await answered(app, pilot, clock)
        score = screen.session.last_attempt.score  # type: ignore[union-attr]
        unsure = [i for i, v in enumerate(score.points) if v.state == "unsure"]
        assert unsure, [v.state for v in score.points]
        assert score.weak and not any(score.points[i].covered for i in unsure)
        shown = str(screen.query_one("#feedback", FeedbackPanel).render())
        assert "unsure: did you make this point?" in shown
        assert "counts as not made for your drills" in shown
        index = unsure[0]
        await pilot.press(str(index + 1))  # "yes, I made it"
        await pilot.pause()
        saved = store.attempts()[0].score.points[index]
        assert saved.state == "made" and saved.unsure and saved.overridden
        assert "you said you made it" in str(screen.query_one("#feedback", FeedbackPanel).render())
        await pilot.press(str(index + 1))  # "no, I did not"
        await pilot.pause()
        assert store.attempts()[0].score.points[index].state == "missed"
        await pilot.press(str(index + 1))  # back to unanswered
        await pilot.pause()
        assert store.attempts()[0].score.points[index].state == "unsure"
