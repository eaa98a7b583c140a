"""Words that exclude one another: where a claim keeps a sentence's words, or only the words around one of these,
but puts another of the same set in its place (white for blue, murder for manslaughter, woman for man, later for
earlier), it says something else.

Closed sets only: a word outside them may be a paraphrase ("pled" for "pleaded", "haunt" for "meeting place"),
which is the judge's to read. "Second" (an ordinal as often as a unit of time) and "may" (a modal as often as a
month) are left out.
"""

from __future__ import annotations

from functools import cache

from summarize.text._normalize import match_words

_SETS = (
    "red orange yellow green blue purple pink brown black white grey gray gold silver bronze",
    "minute hour day week fortnight month year decade century",
    "minutes hours days weeks fortnights months years decades centuries",
    "monday tuesday wednesday thursday friday saturday sunday",
    "january february march april june july august september october november december",
    "spring summer autumn winter",
    "man woman",
    "men women",
    "boy girl",
    "boys girls",
    "husband wife",
    "son daughter",
    "sons daughters",
    "brother sister",
    "mother father",
    "grandmother grandfather",
    "king queen",
    "prince princess",
    "male female",
    "ceo founder chairman chairwoman president chancellor governor mayor",
    "murder manslaughter homicide rape assault robbery theft fraud",
    "north south east west",
    "higher lower",
    "increase decrease",
    "increased decreased",
    "rise fall",
    "rose fell",
    "more fewer less",
    "largest smallest",
    "biggest smallest",
    "oldest youngest",
    "older younger",
    "first last",
    "won lost",
    "win lose",
    "before after",
    "above below",
    "gain loss",
    "guilty innocent",
    "convicted acquitted",
)


@cache
def _sets_of() -> dict[str, frozenset[int]]:
    found: dict[str, set[int]] = {}
    for number, words in enumerate(_SETS):
        for word in words.split():
            found.setdefault(word, set()).add(number)
    return {word: frozenset(numbers) for word, numbers in found.items()}


def swapped_words(claim: str, sentence: str) -> list[tuple[str, str]]:
    """(claim's word, sentence's word) pairs from one set of exclusive words, where the claim has the first and
    not the second and the sentence the reverse."""
    sets = _sets_of()
    ours, theirs = set(match_words(claim)), set(match_words(sentence))
    return [
        (new, old)
        for new in sorted(ours - theirs)
        for old in sorted(theirs - ours)
        if sets.get(new, frozenset()) & sets.get(old, frozenset())
    ]


def swapped_in_place(claim: str, sentences: list[str]) -> tuple[str, str, int] | None:
    """(claim's word, sentence's word, index of the sentence) where the claim puts a word of a set where a
    sentence has another of it, between the same words ("yellow and white paint" for "yellow and blue paint"):
    the same word on either side, or the same two words on one side. None where the sources use the claim's word
    anywhere, or nothing was swapped in place."""
    sets = _sets_of()
    ours = match_words(claim)
    words = [match_words(sentence) for sentence in sentences]
    known = {word for theirs in words for word in theirs}
    for at, new in enumerate(ours):
        if new not in sets or new in known:
            continue
        for index, theirs in enumerate(words):
            for place, old in enumerate(theirs):
                if sets.get(old, frozenset()) & sets[new] and _same_context(ours, at, theirs, place):
                    return new, old, index
    return None


def _same_context(ours: tuple[str, ...], at: int, theirs: tuple[str, ...], place: int) -> bool:
    before, after = ours[max(at - 2, 0) : at], ours[at + 1 : at + 3]
    their_before, their_after = theirs[max(place - 2, 0) : place], theirs[place + 1 : place + 3]
    both_sides = bool(before and after) and before[-1:] == their_before[-1:] and after[:1] == their_after[:1]
    two_on_a_side = (len(before) == 2 and before == their_before) or (len(after) == 2 and after == their_after)
    return both_sides or two_on_a_side
