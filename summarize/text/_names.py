"""Capitalised names in a text ('Mark Zuckerberg', 'Google DeepMind'); used by the checker and the summary prompt."""

from __future__ import annotations

import re

_NAME = re.compile(r"\b[A-Z][\w'’&.-]*(?:\s+(?:of|de|van|von|&)?\s*[A-Z][\w'’&.-]*)*")


_INNER_CAPITAL = re.compile(r".[A-Z0-9]")
CAMEL_CASE = re.compile(r"(?<!\b[MDL])(?<!\bMa)[a-z][A-Z]")
"""An organisation's inner capital ('TechCrunch', 'DeepMind', 'xAI'), but not a surname's ('McCoy', 'MacDonald',
'DiCaprio', 'LeBron')."""


NOT_NAMES = set(
    "the a an in on at it its this that these those he she they we i you but and or if when while after before as "
    "according however meanwhile also despite although such their his her our there here what why how who which "
    "mr ms mrs dr ceo no yes some many most all any both each every other another more less one two three "
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december".split()
)


def capitalised_names(text: str) -> list[str]:
    """Capitalised names in a text, in order and without repeats; common sentence words left out."""
    names = []
    for match in _NAME.finditer(text):
        word = match.group(0)
        if match.start() == len(text) - len(text.lstrip()) and " " not in word and not _INNER_CAPITAL.search(word):
            continue  # a lone capitalised first word is usually the start of the sentence, unless it is 'TechCrunch'

        words = word.replace("’s", "").replace("'s", "").split()
        while words and words[0].lower() in NOT_NAMES:
            words.pop(0)
        if words and not (len(words) == 1 and len(words[0]) < 2):
            names.append(" ".join(words))
    return list(dict.fromkeys(names))
