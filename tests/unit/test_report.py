"""After a session: the summary (good first), the follow-up note, and the Markdown report, as tables of cases."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trainer import paths
from trainer.core.follow_up import MAX_ADDED_POINTS, NEVER_SAID, addition, draft_follow_up, question_phrase
from trainer.core.key_messages import KeyMessageCheck
from trainer.core.models import AnswerScore, Attempt, Delivery, PointVerdict, Question, Reason
from trainer.core.reflection import Reflection
from trainer.core.report import NO_POINTS, SummaryItem, delivery_figures, session_markdown, summarise, totals_phrase
from trainer.core.store import Store

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
PRESSURE = Question(
    id="pressure",
    text="Tell me about a time you worked under pressure.",
    talking_points=(
        "launch date moved up two weeks",
        "daily priority list with the team",
        "shipped on time with zero critical bugs",
    ),
    bank="Test bank",
)
WEAKNESS = Question(
    id="weakness",
    text="What is your greatest weakness?",
    talking_points=("I take on too much work myself", "I now delegate code reviews", "my team ships faster since"),
    bank="Test bank",
)
CONFLICT = Question(
    id="conflict",
    text="How do you handle conflict?",
    talking_points=("listen first", "found common ground with design", "we agreed a weekly review"),
)
STRESS = Question(
    id="stress",
    text="How do you handle stress?",
    talking_points=("a walk at lunch", "plan the week on Monday", "fewer late nights"),
)


def attempt(
    question: Question,
    marks: str,
    *,
    words: int = 60,
    fillers: int = 0,
    seconds: float | None = 40.0,
    limit: float | None = 60.0,
    spoken: bool = False,
    reason: Reason = "not mentioned",
    filler_words: tuple[str, ...] = (),
    answer: str | None = None,
    transcript: str | None = None,
    session_id: int | None = None,
) -> Attempt:
    """An attempt whose points are made (✓) or missed (✗) as `marks` says."""
    verdicts = tuple(
        PointVerdict(
            point=point,
            score=80 if mark == "✓" else 10,
            covered=mark == "✓",
            evidence=point if mark == "✓" else None,
            reason="made" if mark == "✓" else reason,
        )
        for point, mark in zip(question.talking_points, marks, strict=True)
    )
    delivery = Delivery(
        words=words,
        fillers=fillers,
        duration_s=seconds,
        time_limit_s=limit,
        spoken=spoken,
        filler_words=filler_words,
    )
    text = answer if answer is not None else " ".join(v.point for v in verdicts if v.covered) or "well"
    return Attempt(
        question=question,
        answer=text,
        score=AnswerScore(points=verdicts, delivery=delivery),
        started_at=NOW,
        ended_at=NOW + timedelta(seconds=seconds or 0),
        transcript=transcript,
        session_id=session_id,
    )


def item(text: str, question: Question | None = None) -> SummaryItem:
    return SummaryItem(text, question.text if question else None)


# --- the summary: what went well first, then what to improve ---------------------------------------------------

P, W = PRESSURE, WEAKNESS
SUMMARY_CASES = [
    pytest.param([], (), (), id="no answers: nothing to say either way"),
    pytest.param(
        [attempt(P, "✓✓✓")],
        (*(item(p, P) for p in P.talking_points), item("The answer finished within its time limit")),
        (),
        id="one strong answer: every point, and in time",
    ),
    pytest.param(
        [attempt(P, "✓✓✗", reason="number missing"), attempt(W, "✓✗✓", seconds=90, limit=90)],
        (
            item(P.talking_points[0], P),
            item(P.talking_points[1], P),
            item(W.talking_points[0], W),
            item(W.talking_points[2], W),
            item("1 of 2 answers finished within their time limit"),
        ),
        (
            item("shipped on time with zero critical bugs (number missing)", P),
            item("I now delegate code reviews", W),
            item("Ran out of time (1:30 of 1:30)", W),
        ),
        id="a missed point with its reason, and an answer over time",
    ),
    pytest.param(
        [attempt(P, "✓✓✓"), attempt(W, "✓✓✓")],
        (
            *(item(p, P) for p in P.talking_points),
            *(item(p, W) for p in W.talking_points),
            item("Both answers finished within their time limit"),
        ),
        (),
        id="both answers in time",
    ),
    pytest.param(
        [
            attempt(P, "✓✓✓", spoken=True, fillers=2, seconds=60, limit=None),
            attempt(W, "✓✓✓", spoken=True, fillers=9, seconds=90, limit=None, filler_words=("um",) * 6 + ("like",) * 3),
        ],
        (
            *(item(p, P) for p in P.talking_points),
            *(item(p, W) for p in W.talking_points),
            item("Fewest filler words: 2 a minute", P),
        ),
        (item('6 filler words a minute, mostly "um" (aim: at most 4)', W),),
        id="spoken: the lowest filler rate goes well, a filler-heavy answer is to improve",
    ),
    pytest.param(
        [attempt(P, "✓✓✓", spoken=True, fillers=0, seconds=60, limit=None)],
        (*(item(p, P) for p in P.talking_points), item("No filler words", P)),
        (),
        id="spoken without a filler",
    ),
    pytest.param(
        [attempt(P, "✗✗✗", spoken=True, fillers=12, seconds=60, limit=60)],
        (item("You practised 1 answer: each one is easier the next time"),),
        (
            *(item(p, P) for p in P.talking_points),
            item("Ran out of time (1:00 of 1:00)", P),
            item("12 filler words a minute (aim: at most 4)", P),
        ),
        id="nothing went well: the lowest rate is still too high, so it is not praised",
    ),
    pytest.param(
        [attempt(P, "✓✗✗"), attempt(P, "✓✓✗")],
        (
            item(P.talking_points[0], P),
            item(P.talking_points[1], P),
            item("Both answers finished within their time limit"),
        ),
        (item(P.talking_points[2], P),),
        id="a point made on the retry counts as made",
    ),
    pytest.param(
        [attempt(P, "✗✗✗", words=0, answer="")],
        (item("You practised 1 answer: each one is easier the next time"),),
        (*(item(p, P) for p in P.talking_points), item("No answer was given", P)),
        id="an empty answer",
    ),
    pytest.param(
        [attempt(W, "✓✓✓", seconds=None)],
        tuple(item(p, W) for p in W.talking_points),
        (),
        id="length unknown (trainer score --save): nothing said about time",
    ),
]


@pytest.mark.parametrize(("attempts", "went_well", "to_improve"), SUMMARY_CASES)
def test_summary(attempts: list[Attempt], went_well: tuple[SummaryItem, ...], to_improve: tuple[SummaryItem, ...]):
    summary = summarise(attempts)
    assert summary.went_well == went_well
    assert summary.to_improve == to_improve


def test_summary_lists_skipped_questions() -> None:
    summary = summarise([attempt(P, "✓✗✗"), attempt(P, "✓✓✗"), attempt(W, "✓✓✓")], skipped=[CONFLICT, W])
    # a question skipped and then answered (it came back) is not "skipped"
    assert summary.to_improve[-1] == item("Skipped", CONFLICT)
    assert item("Skipped", W) not in summary.to_improve


def test_the_same_slip_on_a_retry_is_listed_once() -> None:
    summary = summarise([attempt(W, "✓✓✓", seconds=90, limit=90), attempt(W, "✓✓✓", seconds=90, limit=90)])
    assert summary.to_improve == (item("Ran out of time (1:30 of 1:30)", W),)


# --- the follow-up note ------------------------------------------------------------------------------------------

THANKS_ONLY = """\
Subject: Thank you for today

Hello,

Thank you for taking the time to speak with me today. I enjoyed our conversation and learning more about the role.

I am very interested in the role and look forward to hearing from you.

Best regards,
"""

NOTE_CASES = [
    pytest.param([], [], id="no answers: thanks only"),
    pytest.param([attempt(P, "✓✓✓"), attempt(W, "✓✓✓")], [], id="nothing left out: thanks only"),
    pytest.param(
        [attempt(P, "✓✓✗"), attempt(W, "✓✓✓")],
        [
            "I've been thinking about your question on the time I worked under pressure and wanted to add "
            "that I shipped on time with zero critical bugs."
        ],
        id="one point left out",
    ),
    pytest.param(
        [attempt(W, "✓✗✗"), attempt(P, "✗✓✓")],
        [
            "I've been thinking about your question on my greatest weakness and wanted to add "
            "that I now delegate code reviews.",
            "Coming back to your question on the time I worked under pressure, I would also add "
            "a word about the launch date moved up two weeks.",
        ],
        id="two questions: the first point left out of each, in the order asked",
    ),
    pytest.param(
        [attempt(P, "✓✗✓"), attempt(W, "✗✓✓"), attempt(CONFLICT, "✓✓✗"), attempt(STRESS, "✗✓✓")],
        [
            "I've been thinking about your question on the time I worked under pressure and wanted to add "
            "a word about the daily priority list with the team.",
            "Coming back to your question on my greatest weakness, I would also add "
            "that I take on too much work myself.",
            "And on your question on how I handle conflict, I would add that we agreed a weekly review.",
        ],
        id="four questions with gaps: three added, never more",
    ),
    pytest.param(
        [attempt(P, "✗✗✗"), attempt(P, "✓✓✓")],
        [],
        id="a retry that made every point: nothing to add",
    ),
]


@pytest.mark.parametrize(("attempts", "additions"), NOTE_CASES)
def test_follow_up_note(attempts: list[Attempt], additions: list[str]) -> None:
    note = draft_follow_up(attempts)
    if not additions:
        assert note == THANKS_ONLY
        return
    paragraphs = note.split("\n\n")
    assert paragraphs[:3] == [
        "Subject: Thank you for today",
        "Hello,",
        "Thank you for taking the time to speak with me today. I enjoyed our conversation and learning more about "
        "the role.",
    ]
    assert paragraphs[3] == " ".join(additions)
    assert paragraphs[4:] == ["Thank you again for your time. I look forward to hearing from you.", "Best regards,\n"]
    lowered = note.lower()
    assert [word for word in NEVER_SAID if word in lowered] == []
    assert note.count("your question") <= MAX_ADDED_POINTS
    assert draft_follow_up(attempts) == note  # the same session, the same draft


@pytest.mark.parametrize(
    ("question", "phrase"),
    [
        ("Tell me about a time you worked under pressure.", "your question on the time I worked under pressure"),
        ("Tell me about yourself.", "your question “Tell me about yourself.”"),
        ("Describe a difficult problem you solved.", "your question on a difficult problem I solved"),
        ("Give an example of when you took the initiative.", "your question on when I took the initiative"),
        ("Tell me about a time you disagreed with your manager.",
         "your question on the time I disagreed with my manager"),
        ("Tell me about a time your manager criticised you.", "your question on the time my manager criticised me"),
        ("Tell me about a time you were late.", "your question on the time I was late"),
        ("How do you handle conflict?", "your question on how I handle conflict"),
        ("Where do you see yourself in five years?", "your question on where I see myself in five years"),
        ("Why should we hire you?", "your question on why you should hire me"),
        ("How would you describe yourself in three words?",
         "your question on how I would describe myself in three words"),
        ("Why are you interested in this role?", "your question on why I am interested in this role"),
        ("What do you know about our company?", "your question on what I know about your company"),
        ("What is your greatest weakness?", "your question on my greatest weakness"),
        ("What are your salary expectations?", "your question on my salary expectations"),
        ("How would your colleagues describe you?", "your question “How would your colleagues describe you?”"),
        ("Why did you stay such a short time at your last job?",
         "your question “Why did you stay such a short time at your last job?”"),
        ("  What   motivates you?  ", "your question “What motivates you?”"),
    ],
)  # fmt: skip
def test_question_phrase(question: str, phrase: str) -> None:
    assert question_phrase(question) == phrase


@pytest.mark.parametrize(
    ("point", "added"),
    [
        ("I now delegate code reviews", "that I now delegate code reviews"),
        ("i'm calm under pressure.", "that I'm calm under pressure"),
        ("My team ships faster since", "that my team ships faster since"),
        ("we agreed a weekly review", "that we agreed a weekly review"),
        ("shipped on time with zero critical bugs", "that I shipped on time with zero critical bugs"),
        ("Led the migration", "that I led the migration"),
        ("what I do about it", "a word about what I do about it"),
        ("Evidence that it is improving", "a word about the evidence that it is improving"),
        ("speed of the new pipeline", "a word about the speed of the new pipeline"),
        ("I say what I now do to manage it", "a word about what I now do to manage it"),
        ("I give evidence that it is improving", "a word about the evidence that it is improving"),
        ("I name one real weakness, not a strength", "a word about one real weakness, not a strength"),
        ("I say I raised it respectfully in private", "that I raised it respectfully in private"),
        ("I say the work was delivered on time", "that the work was delivered on time"),
        ("I say", "that I say"),
        ("API latency halved", "a word about API latency halved"),
        ("3 releases a week", "a word about 3 releases a week"),
        ("their move into payments", "a word about their move into payments"),
        ("   ", "a thought I had afterwards"),
    ],
)
def test_a_point_becomes_what_the_note_adds(point: str, added: str) -> None:
    assert addition(point) == added


NEUTRAL = st.text(alphabet="abcdefghijklmnoprstuvwy ", min_size=1, max_size=30).filter(str.strip)


@given(
    st.lists(
        st.tuples(
            NEUTRAL, st.lists(NEUTRAL, min_size=3, max_size=3, unique=True), st.text("✓✗", min_size=3, max_size=3)
        ),
        max_size=6,
    )
)
def test_the_note_never_names_the_slip_and_adds_at_most_three_points(sessions: list) -> None:
    attempts = [
        attempt(Question(id=f"q{n}", text=text, talking_points=tuple(points)), marks)
        for n, (text, points, marks) in enumerate(sessions)
    ]
    note = draft_follow_up(attempts)
    # the questions and points are the only words the draft did not choose itself
    supplied = " ".join([text for text, _, _ in sessions] + [p for _, points, _ in sessions for p in points]).lower()
    assert [w for w in NEVER_SAID if w in note.lower() and w not in supplied] == []
    gaps = sum("✗" in marks for _, _, marks in sessions)
    assert len(re.findall(r"\byour question\b", note)) <= min(MAX_ADDED_POINTS, gaps)
    assert note.startswith("Subject: Thank you for today\n\nHello,\n\nThank you for taking the time")


# --- the Markdown report --------------------------------------------------------------------------------------------


@pytest.fixture
def utc_local_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is UTC, so the report's times are the same on every machine."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def store(trainer_home: object) -> Iterator[Store]:
    opened = Store.open(paths.db_path())
    yield opened
    opened.close()


def test_report_of_a_session_read_back_from_the_store(store: Store, utc_local_time: None) -> None:
    session_id = store.start_session("practice", ["Test bank"], NOW)
    spoken = attempt(
        P,
        "✓✗✗",
        spoken=True,
        words=90,
        fillers=2,
        seconds=40,
        filler_words=("um", "like"),
        transcript="um the launch date moved up two weeks so we kept a daily priority list with the team",
        answer="the launch date moved up two weeks so we kept a daily priority list with the team",
    )
    spoken = replace(spoken, score=spoken.score.flipped(1))  # "I did make that point"
    typed = attempt(W, "✓✗✓", seconds=95, limit=90, answer="I take on too much work myself | *my* team ships faster")
    for each in (spoken, typed):
        store.save_attempt(session_id, each)
    store.end_session(session_id, NOW + timedelta(minutes=5))
    store.save_reflection(session_id, Reflection("the launch story", None, "lead with the result"), NOW)
    info = store.session(session_id)
    assert info is not None
    checks = [
        KeyMessageCheck("I ship under pressure", True, "launch date moved up", P.text, 70),
        KeyMessageCheck("I learn fast", False),
    ]
    markdown = session_markdown(
        info,
        note=draft_follow_up(info.attempts),
        note_saved=False,
        reflection=store.reflection(session_id),
        key_messages=checks,
    )
    expected_lines = [
        "# Practice session 1: Sun 22 Nov 2026, 09:00",
        "Banks: Test bank  ",
        "2 answers · 4 of 6 points made · 0 strong, 2 to practise again · 2:15 answering",
        "## What went well",
        "- launch date moved up two weeks (Tell me about a time you worked under pressure.)",
        "- 1 of 2 answers finished within their time limit",
        "- Fewest filler words: 3 a minute (Tell me about a time you worked under pressure.)",
        "## What to improve",
        "- I now delegate code reviews (What is your greatest weakness?)",
        "- Ran out of time (1:35 of 1:30) (What is your greatest weakness?)",
        "## Key messages: 1 of 2 came across",
        "- ✓ I ship under pressure: “launch date moved up” (Tell me about a time you worked under pressure.)",
        "- ✗ I learn fast: not in any answer this session",
        "## 1. Tell me about a time you worked under pressure.",
        "`pressure` · 2 of 3 points · weak · scored by word matching only",
        "Transcript (as heard):",
        "> um the launch date moved up two weeks so we kept a daily priority list with the team",
        "Corrected by you:",
        "- ✓ **launch date moved up two weeks** (score 80): “launch date moved up two weeks”",
        "- ✓ **daily priority list with the team** (score 10) (you marked this as made)",
        "- ✗ **shipped on time with zero critical bugs** (score 10, not mentioned)",
        'Delivery: 90 words · 2 fillers (3 a minute): "like" ×1, "um" ×1 · 135 words a minute (good pace) · '
        "time 0:40 of 1:00",
        "## 2. What is your greatest weakness?",
        "Answer (typed):",
        "> I take on too much work myself \\| \\*my\\* team ships faster",
        "Delivery: 60 words · 0 fillers · time 1:35 of 1:30, ran out of time",
        "## Follow-up note",
        "Drafted from the session (not edited yet):",
        "```text",
        "I've been thinking about your question on the time I worked under pressure and wanted to add that I shipped "
        "on time with zero critical bugs. Coming back to your question on my greatest weakness, I would also add that "
        "I now delegate code reviews.",
        "## Reflection",
        "**What went well?** the launch story  ",
        "**What went wrong?** (skipped)  ",
        "**What will I do next time?** lead with the result",
    ]
    lines = markdown.splitlines()
    missing = [line for line in expected_lines if line not in lines]
    assert missing == []
    # in this order: the summary, the key messages, each answer, then the note and the reflection
    positions = [lines.index(line) for line in expected_lines]
    assert positions == sorted(positions)
    assert markdown.endswith("lead with the result\n")


def test_report_of_a_session_without_answers_or_reflection(utc_local_time: None) -> None:
    from trainer.core.models import SessionInfo

    info = SessionInfo(id=4, mode="drill", started_at=NOW)
    markdown = session_markdown(info, note="Thanks ``` a lot", note_saved=True, reflection=None)
    assert markdown.splitlines()[:3] == [
        "# Drill session 4: Sun 22 Nov 2026, 09:00",
        "",
        "No answers were scored in this session.",
    ]
    assert "As saved:\n\n``````text\nThanks ``` a lot\n``````" in markdown  # a fence longer than any in the note
    assert markdown.endswith("## Reflection\n\nNo reflection written.\n")
    assert "## What went well" not in markdown and "## Key messages" not in markdown


@pytest.mark.parametrize(
    ("delivery", "line"),
    [
        (Delivery(words=1, fillers=0), "1 word · 0 fillers"),
        (Delivery(words=20, fillers=1, duration_s=12.2, time_limit_s=60), "20 words · 1 filler · time 0:13 of 1:00"),
        (
            Delivery(words=200, fillers=2, duration_s=60, spoken=True, filler_words=("so", "um")),
            '200 words · 2 fillers (2 a minute): "so" ×1, "um" ×1 · 200 words a minute (aim for 130-160) · time 1:00',
        ),
    ],
)
def test_delivery_figures(delivery: Delivery, line: str) -> None:
    assert delivery_figures(delivery) == line


# --- a question without talking points is never called strong ----------------------------------------------

OPEN = Question(id="open", text="Why should we hire you?", talking_points=())


@pytest.mark.parametrize(
    ("attempts", "phrase"),
    [
        ([attempt(PRESSURE, "✓✓✓")], "3 of 3 points made · 1 strong, 0 to practise again"),
        (
            [attempt(PRESSURE, "✓✓✓"), attempt(OPEN, "")],
            "3 of 3 points made · 1 strong, 0 to practise again · 1 not judged: no talking points yet",
        ),
        (
            [attempt(OPEN, ""), attempt(OPEN, "", words=0)],
            "0 of 0 points made · 0 strong, 0 to practise again · 2 not judged: no talking points yet",
        ),
        (
            [attempt(WEAKNESS, "✓✗✓"), attempt(OPEN, "")],
            "2 of 3 points made · 0 strong, 1 to practise again · 1 not judged: no talking points yet",
        ),
    ],
    ids=["judged", "one-open", "only-open", "weak-and-open"],
)
def test_totals_never_count_an_answer_without_points_as_strong(attempts: list[Attempt], phrase: str) -> None:
    assert totals_phrase(attempts) == phrase


def test_summary_asks_for_points_for_a_question_without_them() -> None:
    summary = summarise([attempt(OPEN, ""), attempt(OPEN, ""), attempt(PRESSURE, "✓✓✓")])
    assert summary.to_improve.count(item(NO_POINTS, OPEN)) == 1  # once per question, not per answer
    assert item(NO_POINTS, PRESSURE) not in summary.to_improve


def test_report_of_an_answer_without_points_asks_for_them(utc_local_time: None) -> None:
    from trainer.core.models import SessionInfo

    answers = (attempt(OPEN, "", answer="I ship fast."), attempt(OPEN, "", words=0, answer=""))
    info = SessionInfo(id=5, mode="practice", started_at=NOW, attempts=answers)
    markdown = session_markdown(info, note="", note_saved=False, reflection=None)
    lines = markdown.splitlines()
    assert "`open` · not judged: no talking points yet (trainer points set) · scored by word matching only" in lines
    assert (
        "`open` · no answer · not judged: no talking points yet (trainer points set) · scored by word matching only"
        in lines
    )
    assert (
        "2 answers · 0 of 0 points made · 0 strong, 0 to practise again · 2 not judged: no talking points yet · "
        "1:20 answering" in lines
    )
    assert f"- {NO_POINTS} (Why should we hire you?)" in lines
    assert "strong" not in markdown.replace("0 strong", "")
