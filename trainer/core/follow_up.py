"""The thank-you note after an interview: thanks, and up to three left-out points added as afterthoughts.

The advice it follows: a follow-up note is the chance to make a point the interview did not hear, as a
thought that came later, never as an apology; it names no slip. Built from the session alone, the
same session always gives the same draft.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from trainer.core.models import Attempt
from trainer.core.report import question_outcomes
from trainer.core.talking_points import SPEECH_ACTS

#: A note adds at most this many points: more would turn thanks into a second interview.
MAX_ADDED_POINTS = 3

#: Words a draft never uses: they name the slip the note is there to make up for quietly.
NEVER_SAID = (
    "forgot",
    "forget",
    "failed",
    "fail to",
    "sorry",
    "apolog",
    "missed",
    "mistake",
    "should have",
    "didn't mention",
    "did not mention",
    "left out",
    "neglected",
    "omitted",
)

SUBJECT = "Subject: Thank you for today"
GREETING = "Hello,"
#: with the interviewer's name, set in the note's name field (remembered for the next note)
GREETING_NAMED = "Dear {name},"
THANKS = (
    "Thank you for taking the time to speak with me today. I enjoyed our conversation and learning more about the role."
)
#: One sentence per added point, each worded differently so three of them do not read as a form letter.
ADDITIONS = (
    "I've been thinking about {question} and wanted to add {addition}.",
    "Coming back to {question}, I would also add {addition}.",
    "And on {question}, I would add {addition}.",
)
CLOSING_AFTER_ADDITIONS = "Thank you again for your time. I look forward to hearing from you."
CLOSING = "I am very interested in the role and look forward to hearing from you."
SIGN_OFF = "Best regards,"


def draft_follow_up(attempts: Sequence[Attempt], *, name: str = "") -> str:
    """The note for a session: for the first three questions with a point no answer made, that point, added.

    `name` is the interviewer's, as the user typed it; without one the greeting names nobody.
    """
    additions: list[str] = []
    for outcome in question_outcomes(attempts):
        told = told_when_asked(outcome.attempts)
        if not (outcome.missed or told) or len(additions) == MAX_ADDED_POINTS:
            continue
        # the first point left out (points are in the order the story is told); with none, an outcome the
        # answer lacked and the reply to the interviewer's follow-up gave, in the user's own words
        sentence = ADDITIONS[len(additions)]
        added = addition(outcome.missed[0].point) if outcome.missed else "that " + _lower_first(told or "")
        additions.append(sentence.format(question=question_phrase(outcome.question.text), addition=added))
    name = " ".join(name.split())
    paragraphs = [SUBJECT, GREETING_NAMED.format(name=name) if name else GREETING, THANKS]
    if additions:
        paragraphs += [" ".join(additions), CLOSING_AFTER_ADDITIONS]
    else:
        paragraphs.append(CLOSING)
    paragraphs.append(SIGN_OFF)
    return "\n\n".join(paragraphs) + "\n"


def told_when_asked(attempts: Sequence[Attempt]) -> str | None:
    """The latest reply to a follow-up that gave the result the answer lacked, as a clause (no end stop)."""
    for attempt in reversed(attempts):
        follow_up = attempt.follow_up
        if follow_up and follow_up.made and follow_up.answer and follow_up.probe.asks in ("result", "measurable"):
            reply = " ".join(follow_up.answer.split()).rstrip(".!;:, ")
            # a reply that names the slip ("sorry, I forgot: ...") is not what the note says
            return None if any(word in reply.lower() for word in NEVER_SAID) else reply
    return None


# --- the question, as the note refers to it --------------------------------------------------------------------

_ASKING = re.compile(
    r"^(?:tell (?:me|us) about|describe|give (?:me |us )?an example of|(?:walk|talk) (?:me|us) through)\s+",
    re.IGNORECASE,
)
_WH_DO = re.compile(r"^(how|why|where|when|what)\s+do\s+you\s+(.+)$", re.IGNORECASE)
_WH_MODAL = re.compile(r"^(how|why|where|when|what)\s+(would|should|will|can|could)\s+(you|we)\s+(.+)$", re.IGNORECASE)
_WH_ARE = re.compile(r"^(how|why|where|when|what)\s+(are|were)\s+you\s+(.+)$", re.IGNORECASE)
_WHAT_YOUR = re.compile(r"^what\s+(?:is|are)\s+your\s+(.+)$", re.IGNORECASE)


def question_phrase(question: str) -> str:
    """How the note names a question: "your question on my greatest weakness", or the question quoted."""
    text = " ".join(question.split()).rstrip(".?! ")
    topic = _topic(text)
    if topic is None:
        return f"your question “{' '.join(question.split())}”"
    return f"your question on {topic}"


def _topic(text: str) -> str | None:
    """The question turned round to the speaker ("how do you handle stress" -> "how I handle stress"), if it can be."""
    if match := _ASKING.match(text):
        rest = swap_person(text[match.end() :])
        if rest.lower() in ("", "myself"):
            return None  # "tell me about yourself" has no topic to name
        return re.sub(r"^a time\b", "the time", rest, flags=re.IGNORECASE)
    if match := _WH_DO.match(text):
        return f"{match[1].lower()} I {swap_person(match[2])}"
    if match := _WH_MODAL.match(text):
        subject = "I" if match[3].lower() == "you" else "you"
        return f"{match[1].lower()} {subject} {match[2].lower()} {swap_person(match[4])}"
    if match := _WH_ARE.match(text):
        verb = "am" if match[2].lower() == "are" else "was"
        return f"{match[1].lower()} I {verb} {swap_person(match[3])}"
    if match := _WHAT_YOUR.match(text):
        return f"my {swap_person(match[1])}"
    return None


_SWAPS = {
    "your": "my",
    "yours": "mine",
    "yourself": "myself",
    "you're": "I'm",
    "you've": "I've",
    "you'd": "I'd",
    "you'll": "I'll",
    "we": "you",
    "us": "you",
    "our": "your",
    "ours": "yours",
}
#: after these, "you" is an object ("disagreed with you", "hire you"): "me"; elsewhere it is "I"
_BEFORE_OBJECT = {"to", "with", "for", "at", "about", "from", "of", "by", "hire", "told", "asked", "gave", "helped"}


def swap_person(text: str) -> str:
    """The interviewer's words as the candidate says them back: you -> I/me, your -> my, we -> you."""
    words = text.split()
    swapped: list[str] = []
    for index, word in enumerate(words):
        core = word.rstrip(",;:")
        tail = word[len(core) :]
        lower = core.lower()
        if lower == "you":
            before = words[index - 1].lower() if index else ""
            last = index == len(words) - 1 or bool(tail)
            new = "me" if (last or before in _BEFORE_OBJECT) else "I"
        elif lower in ("were", "are") and swapped and swapped[-1] == "I":
            new = "was" if lower == "were" else "am"
        else:
            new = _SWAPS.get(lower, core)
        swapped.append(new + tail)
    return " ".join(swapped)


# --- the point, as a clause ---------------------------------------------------------------------------------

_FIRST_PERSON = {"i", "i'm", "i've", "i'd", "i'll", "my", "me", "we", "we're", "we've", "we'd", "our", "us"}
_IRREGULAR_PAST = {
    "led", "built", "made", "grew", "cut", "ran", "won", "took", "gave", "got", "found", "brought", "taught",
    "wrote", "kept", "sold", "spent", "drove", "began", "chose", "did", "went", "met", "told", "thought", "set",
}  # fmt: skip
_WH_WORDS = {"what", "how", "why", "when", "where", "which", "who", "whom", "whose"}
#: words ending in -ed that are not past tenses
_NOT_PAST = {"speed", "breed", "indeed", "embed", "need", "seed", "feed", "bed", "red", "shed", "hundred"}


#: a noun phrase that starts with one of these needs no "the" in front of it
_DETERMINERS = {
    "a", "an", "the", "my", "our", "your", "their", "his", "her", "its", "this", "that", "these", "those", "some",
    "any", "each", "every", "what", "how", "why", "when", "where", "which", "who", "one", "two", "three", "both",
}  # fmt: skip


def addition(point: str) -> str:
    """A talking point as what the note adds: "that I now delegate", "that I shipped on time", "a word about ...".

    A point written as a label ("daily priority list with the team") is never pasted bare: it becomes
    "a word about the daily priority list with the team".
    """
    text = " ".join(point.split()).rstrip(".;:,")
    if not text:
        return "a thought I had afterwards"
    words = text.split()
    first = words[0].lower()
    if first == "i" and len(words) > 2 and words[1].lower() in SPEECH_ACTS:
        rest = " ".join(words[2:])
        if words[1].lower() == "say" and words[2].lower() not in _WH_WORDS:
            return addition(rest) if words[2].lower() == "i" else "that " + _lower_first(rest)
        return _word_about(rest)
    if first == "i" or first.startswith("i'"):
        return "that I" + text[1:]
    if first in _FIRST_PERSON:
        return "that " + _lower_first(text)
    if first in _IRREGULAR_PAST or (first.endswith("ed") and len(first) > 4 and first not in _NOT_PAST):
        return "that I " + _lower_first(text)
    return _word_about(text)


def _word_about(label: str) -> str:
    """A point written as a label, as the note adds it: "a word about the daily priority list with the team"."""
    phrase = _lower_first(label)
    first_word = phrase.split()[0]
    # a bare label reads as a sentence with an article: "the daily priority list", but "API latency", "my plan"
    bare = first_word.lower() not in _DETERMINERS and not first_word[:1].isdigit() and first_word == first_word.lower()
    return "a word about " + ("the " if bare else "") + phrase


def _lower_first(text: str) -> str:
    """Lower-case the first letter unless the first word is an acronym ("API", "CEO")."""
    first = text.split()[0]
    if len(first) > 1 and first[:2].isupper():
        return text
    return text[0].lower() + text[1:]
