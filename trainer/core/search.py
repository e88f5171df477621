"""Find questions by a few typed words, forgiving typos and word order (rapidfuzz)."""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz, utils

from trainer.core.models import Question

#: a typed word matches when some stretch of the question is at least this similar to it (0-100);
#: 75 lets one slipped letter through ("confilct" scores 88) while unrelated words score about 50
WORD_CUTOFF = 75


def search_questions(query: str, questions: Sequence[Question]) -> list[Question]:
    """The questions matching every word of `query` (in their text, category, bank or points), best first.

    An empty query matches everything, in the order given.
    """
    words = utils.default_process(query).split()
    if not words:
        return list(questions)
    found: list[tuple[float, int, Question]] = []
    for index, question in enumerate(questions):
        haystack = utils.default_process(
            " ".join([question.text, question.category or "", question.bank, *question.talking_points])
        )
        scores = [fuzz.partial_ratio(word, haystack) for word in words]
        if min(scores) >= WORD_CUTOFF:
            # the question's own text counts a little more than where it is filed
            bonus = fuzz.partial_ratio(" ".join(words), utils.default_process(question.text)) / 100
            found.append((-(sum(scores) / len(scores) + bonus), index, question))
    found.sort(key=lambda item: (item[0], item[1]))
    return [question for _, _, question in found]
