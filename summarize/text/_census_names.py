"""People's first names and surnames from the US Census Bureau's 1990 lists, as the `names` package ships them.

spaCy's small pipeline often calls a person an organisation ("Eddie Izzard", "Marcus Ericsson") and a sentence's
opening word part of a person's name ("Sorry Ruud", "Conference Barnet"); a first-name list tells the two apart
where the pipeline cannot. The lists are American (5,163 first names, 88,799 surnames, by frequency) and miss many
names from elsewhere ("Thierry", "Liam"), so a name absent from them says little; only presence is used.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

COMMON_FIRST_NAMES = 1000
"""A first name this common (by rank among men's or among women's) is more often a person's than a word's or a
place's ("Eddie" 136, "Julia" 89; "Page" 2,048 and "Golden" 3,969 are not taken)."""


@cache
def first_name_ranks() -> dict[str, int]:
    """Each first name (lowercase) and its best rank among the men's and the women's lists."""
    ranks: dict[str, int] = {}
    for listing in ("dist.male.first", "dist.female.first"):
        for rank, line in enumerate(_lines(listing), 1):
            name = line.split()[0].lower()
            ranks[name] = min(ranks.get(name, rank), rank)
    return ranks


@cache
def surnames() -> frozenset[str]:
    """Every surname of the list (lowercase)."""
    return frozenset(line.split()[0].lower() for line in _lines("dist.all.last"))


def is_first_name(word: str) -> bool:
    """Whether the census lists `word` as a first name at all."""
    return word.lower() in first_name_ranks()


def is_common_first_name(word: str) -> bool:
    """Whether `word` is among the `COMMON_FIRST_NAMES` commonest first names."""
    return first_name_ranks().get(word.lower(), COMMON_FIRST_NAMES + 1) <= COMMON_FIRST_NAMES


def is_surname(word: str) -> bool:
    """Whether the census lists `word` as a surname."""
    return word.lower() in surnames()


def _lines(listing: str) -> list[str]:
    return [line for line in (files("names") / listing).read_text(encoding="ascii").splitlines() if line.strip()]
