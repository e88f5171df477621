"""The domain's nouns: questions, banks, verdicts, scores and attempts, as frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from trainer.core.probe import ProbeAnswer
    from trainer.core.structure import Structure

Kind = Literal["stock", "brainteaser"]
KINDS: tuple[Kind, ...] = ("stock", "brainteaser")
DEFAULT_TIME_LIMIT_S = 120

#: Why a point was judged the way it was; shown to the user beside a missed point.
Reason = Literal["made", "not mentioned", "said the opposite", "number missing", "too vague"]
#: A verdict as the user sees it: made (a tick), missed (a cross) or unsure (a question to the user).
VerdictState = Literal["made", "missed", "unsure"]
#: The mark each state is shown with, everywhere (a mark and a word, never a colour alone).
VERDICT_MARK: dict[VerdictState, str] = {"made": "✓", "missed": "✗", "unsure": "?"}


@dataclass(frozen=True)
class Question:
    """One interview question and the talking points a strong answer makes."""

    id: str
    text: str
    kind: Kind = "stock"
    talking_points: tuple[str, ...] = ()
    time_limit: int | None = None
    tip: str | None = None
    bank: str = ""
    #: a heading the question was listed under (imported lists), for browsing
    category: str | None = None


@dataclass(frozen=True)
class Bank:
    """A named set of questions, built in or the user's own."""

    name: str
    questions: tuple[Question, ...]
    kind: Kind = "stock"
    time_limit: int | None = None
    path: Path | None = None
    builtin: bool = False


@dataclass(frozen=True)
class PointVerdict:
    """The verdict on one talking point: was it made, how sure, and the words that show it."""

    point: str
    score: int
    covered: bool
    evidence: str | None = None
    #: character offsets of `evidence` in the answer text, for highlighting
    span: tuple[int, int] | None = None
    reason: Reason = "not mentioned"
    #: the user said "I did make that point" (or the reverse) and flipped the trainer's verdict; for an
    #: unsure verdict, the user answered "did you make this point?" (with `covered` as the answer)
    overridden: bool = False
    #: the trainer could not tell whether the point was made; until the user answers, it counts as not made
    unsure: bool = False

    @property
    def state(self) -> VerdictState:
        """ "made", "missed" or "unsure" (an unsure verdict the user answered is what they said)."""
        if self.unsure and not self.overridden:
            return "unsure"
        return "made" if self.covered else "missed"


LONG_PAUSE_S = 2.5
"""A silence of this many seconds or more between two words of an answer is a long pause."""


@dataclass(frozen=True)
class Pause:
    """A long silence inside a spoken answer: how long, when (seconds into the audio), and after which words."""

    seconds: float
    at_s: float
    after: str
    """The last few words before it, as heard."""


@dataclass(frozen=True)
class Delivery:
    """How the answer was delivered: length, pace, filler words, long pauses, time used."""

    words: int
    fillers: int
    duration_s: float | None = None
    time_limit_s: float | None = None
    spoken: bool = False
    filler_words: tuple[str, ...] = ()
    pauses: tuple[Pause, ...] = ()
    """Long pauses (LONG_PAUSE_S or more), for spoken answers whose word timings are known."""

    @property
    def long_pauses(self) -> int:
        """How many long pauses the answer had."""
        return len(self.pauses)

    @property
    def minutes(self) -> float | None:
        """Minutes spoken, when the duration is known."""
        return self.duration_s / 60.0 if self.duration_s else None

    @property
    def fillers_per_min(self) -> float | None:
        """Filler words per minute of speech; None for typed answers (typing time says nothing of it)."""
        minutes = self.minutes
        return round(self.fillers / minutes, 1) if (self.spoken and minutes) else None

    @property
    def wpm(self) -> float | None:
        """Words per minute, for spoken answers only (typing speed says nothing of delivery)."""
        minutes = self.minutes
        return round(self.words / minutes, 1) if (self.spoken and minutes) else None

    @property
    def over_time(self) -> bool:
        """True when the answer used all of its time limit."""
        if self.duration_s is None or not self.time_limit_s:
            return False
        return self.duration_s >= self.time_limit_s


@dataclass(frozen=True)
class AnswerScore:
    """An answer judged against its talking points, with its delivery."""

    points: tuple[PointVerdict, ...]
    delivery: Delivery
    #: "lexical" or the entailment judge's name; lexical alone is less accurate
    method: str = "lexical"
    #: STAR parts (or a brainteaser's shape) and hedges; None for answers saved before they were measured
    structure: Structure | None = None

    @property
    def covered(self) -> tuple[bool, ...]:
        """Whether each point was made, in order."""
        return tuple(p.covered for p in self.points)

    @property
    def points_made(self) -> int:
        """How many points were made."""
        return sum(self.covered)

    @property
    def empty(self) -> bool:
        """True when nothing was said or typed."""
        return self.delivery.words == 0

    @property
    def unsure(self) -> int:
        """How many points the trainer could not judge and the user has not answered."""
        return sum(p.state == "unsure" for p in self.points)

    @property
    def weak(self) -> bool:
        """Weak: no points to judge it by, any point missed or unsure, nothing said, or out of time."""
        return not self.points or self.empty or self.delivery.over_time or not all(self.covered)

    def flipped(self, index: int) -> AnswerScore:
        """This score with point `index` reversed by the user ("I did make that point", or the reverse).

        Flipping twice restores the trainer's own verdict. An unsure verdict is answered instead: made,
        then not made, then unanswered again.
        """
        verdict = self.points[index]
        if verdict.unsure:
            if not verdict.overridden:
                changed = replace(verdict, covered=True, overridden=True)
            elif verdict.covered:
                changed = replace(verdict, covered=False, overridden=True)
            else:
                changed = replace(verdict, covered=False, overridden=False)
            return replace(self, points=(*self.points[:index], changed, *self.points[index + 1 :]))
        changed = replace(verdict, covered=not verdict.covered, overridden=not verdict.overridden)
        return replace(self, points=(*self.points[:index], changed, *self.points[index + 1 :]))


@dataclass(frozen=True)
class Attempt:
    """One scored answer to one question, as saved."""

    question: Question
    answer: str
    score: AnswerScore
    started_at: datetime
    ended_at: datetime
    session_id: int | None = None
    id: int | None = None
    transcript: str | None = None
    #: the interviewer's follow-up question after this answer, and the reply (None: none was asked)
    follow_up: ProbeAnswer | None = None


@dataclass(frozen=True)
class SessionInfo:
    """A practice or drill session as saved."""

    id: int
    mode: str
    started_at: datetime
    ended_at: datetime | None = None
    banks: tuple[str, ...] = ()
    attempts: tuple[Attempt, ...] = field(default=())
    #: the key messages in use when the session was held; None for sessions saved before they were kept
    key_messages: tuple[str, ...] | None = None


@dataclass(frozen=True)
class ReviewCard:
    """A question's place in the drill schedule: when it is due again, how often it lapsed, how it went last."""

    question_id: str
    question_text: str
    due: datetime
    #: days on which the question was answered weakly (several weak answers on one day count once)
    lapses: int
    #: lapsed so often that drilling is not fixing it: the story or its points need rewriting
    leech: bool
    #: the latest attempt's verdicts as saved (a verdict the user flipped counts as flipped)
    last_verdicts: tuple[PointVerdict, ...]
    #: what the latest attempt earned: "again", "hard", "good" or "easy"
    last_rating: str
    last_review: datetime
    #: how many attempts the card was built from
    reviews: int
    #: the fsrs card (its JSON), kept opaque here so only core.scheduling depends on fsrs
    fsrs_card: str
