"""Whom an article's "he" and "she" can mean: each person's gender as the article itself shows it.

A "she said" after "Mr Lane" is not Mr Lane's. The article shows a person's gender by an honorific ("Mr", "Mrs"),
a gendered noun right before the name ("his mother Lucy", "actress Mila Kunis") or the subject or possessive
pronoun that follows a name that is its sentence's only person and its subject ("Kristina Karo claims her ...").
Nothing is guessed from first names: a person the article gives no sign for can be either.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Literal

from summarize.text._entities import parse
from summarize.text._quotes import inside_quotation, quoted_ranges

Gender = Literal["male", "female"]

_HONORIFICS: dict[str, Gender] = {
    "mr": "male",
    "sir": "male",
    "lord": "male",
    "mrs": "female",
    "ms": "female",
    "miss": "female",
    "dame": "female",
    "lady": "female",
}
_NOUNS: dict[str, Gender] = {
    **dict.fromkeys(
        "man boy father dad son brother husband boyfriend grandfather uncle nephew actor king prince duke "
        "businessman chairman spokesman sportsman policeman fireman".split(),
        "male",
    ),
    **dict.fromkeys(
        "woman girl mother mum mom daughter sister wife girlfriend grandmother aunt niece actress queen princess "
        "duchess businesswoman chairwoman spokeswoman sportswoman policewoman".split(),
        "female",
    ),
}
_PRONOUNS: dict[str, Gender] = {
    **dict.fromkeys(("he", "him", "his", "himself"), "male"),
    **dict.fromkeys(("she", "her", "hers", "herself"), "female"),
}


_REFERRING = frozenset({"nsubj", "nsubjpass", "poss"})
"""A pronoun that is a subject or a possessive after a sentence's only named subject is that person's ("Karo
claims her ..."); an object is more often someone else ("Rojo sent her a message")."""


def pronoun_gender(word: str) -> Gender | None:
    """The gender a pronoun refers to ("she" -> female), or None for one that says none ("they", "I")."""
    return _PRONOUNS.get(word.lower())


def can_be(person: str, gender: Gender | None, genders: dict[str, Gender]) -> bool:
    """Whether `person` can be what a pronoun of `gender` refers to: the article shows no other gender for them."""
    return gender is None or genders.get(_key(person), gender) == gender


@lru_cache(maxsize=64)
def article_genders(sentences: tuple[str, ...]) -> dict[str, Gender]:
    """Each person's gender where the article shows it, by surname (the last word of the name); a surname the
    article shows both ways (a couple, a family) is left out."""
    votes: dict[str, Counter[Gender]] = {}
    for text in sentences:
        for name, gender in _signs(text):
            votes.setdefault(_key(name), Counter())[gender] += 1
    return {name: count.most_common(1)[0][0] for name, count in votes.items() if len(count) == 1}


def _signs(text: str) -> list[tuple[str, Gender]]:
    """(person, gender) for every sign of a person's gender in one sentence."""
    doc = parse(text)
    people = [e for e in doc.ents if e.label_ == "PERSON"]
    found = []
    for person in people:
        before = doc[person.start - 1].lower_.rstrip(".") if person.start else ""
        if gender := _HONORIFICS.get(before) or _NOUNS.get(before):
            found.append((person.text, gender))
    if len(people) == 1 and people[0].root.dep_ in ("nsubj", "nsubjpass"):
        quoted = quoted_ranges(text)
        after = {
            gender
            for token in doc[people[0].end :]
            if token.dep_ in _REFERRING
            and (gender := pronoun_gender(token.text))
            and not inside_quotation(token.idx, quoted)
        }
        if len(after) == 1:
            found.append((people[0].text, after.pop()))
    return found


def _key(person: str) -> str:
    words = person.replace("’", "'").removesuffix("'s").split()
    return words[-1].lower().strip(".,'") if words else ""
