"""Ages in apposition ("Louis Jordan, 37, took his sailboat out"): how old a news text says each person is.

Summaries swap them between people ("frank jordan, 37" where the article's 37-year-old is his son Louis), and
the number check cannot see it: 37 is in the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarize.text._normalize import normalize_for_match

_WORD = r"[^\W\d_][\w'\-]*"
_IN_APPOSITION = re.compile(rf"((?:{_WORD} ){{0,2}}{_WORD}) ?, (\d{{1,3}}) ?,")
_NOT_NAMES = frozenset("the a an he she his her mr mrs ms miss dr unk".split())


@dataclass(frozen=True)
class StatedAge:
    """A name (its words, folded) and the age the text gives it."""

    name: tuple[str, ...]
    years: str

    def same_person(self, other: StatedAge) -> bool:
        """Full names where both have one ("frank jordan" is not "louis jordan"), else the surname."""
        if len(self.name) > 1 and len(other.name) > 1:
            return self.name[-2:] == other.name[-2:]
        return self.name[-1] == other.name[-1]


def name_words(text: str) -> frozenset[str]:
    """The words a text capitalises, folded: its names (a lowercased summary is read with its article's)."""
    return frozenset(word.lower() for word in re.findall(_WORD, text) if word[0].isupper())


def stated_ages(text: str, names: frozenset[str]) -> list[StatedAge]:
    """Each "Name, 37," in `text`: the words before the age that are in `names` are the name."""
    found = []
    for match in _IN_APPOSITION.finditer(normalize_for_match(text)):
        name: list[str] = []
        for word in reversed(match.group(1).split()):
            if word not in names or word in _NOT_NAMES:
                break
            name.insert(0, word)
        if name:
            found.append(StatedAge(tuple(name), match.group(2)))
    return found
