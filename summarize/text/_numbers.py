"""Numbers, amounts, percentages and years in text, in comparable form ("$1.5 billion" == "1.5bn")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

_SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}


_NUMBER = re.compile(
    r"(?P<currency>[$€£])?\s?(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<scale>trillion|billion|million|thousand|bn|mn|tn|[kmb])\b)?"
    r"(?:\s?(?P<percent>%|percent\b|per cent\b))?",
    re.IGNORECASE,
)


_DIGIT_SCALE = re.compile(r"(\d)\s+(trillion|billion|million|thousand)\b", re.IGNORECASE)


_ABBREVIATIONS = {"trillion": "tn", "billion": "bn", "million": "mn", "thousand": "k"}


_FIGURES = re.compile(r"\b(?P<digits>\d+)[- ]figure\b", re.IGNORECASE)


_DIGIT_WORDS = {"six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "five": 5, "four": 4, "three": 3}


@dataclass(frozen=True)
class Quantity:
    """One number as written and as a value."""

    text: str
    value: float
    kind: str
    """percent, money, year, count, or figures (an order of magnitude: 'nine-figure')."""


@lru_cache(maxsize=8192)  # the checker asks again for every source sentence of every claim
def quantities(text: str) -> tuple[Quantity, ...]:
    """Every quantity in `text`, number words included ("twenty-three" -> 23)."""
    text = _figures_to_digits(text)
    # alpha2digit would turn the "billion" of "1.5 billion" into a second number: abbreviate it first.
    text = _DIGIT_SCALE.sub(lambda m: f"{m.group(1)}{_ABBREVIATIONS[m.group(2).lower()]}", text)
    from text_to_num import alpha2digit

    converted = alpha2digit(text, "en")
    found = [Quantity(m.group(0), float(m.group("digits")), "figures") for m in _FIGURES.finditer(converted)]
    for match in _NUMBER.finditer(_FIGURES.sub(" ", converted)):
        found.append(_quantity(match))
    return tuple(found)


def _figures_to_digits(text: str) -> str:
    return re.sub(
        r"\b(six|seven|eight|nine|ten|five|four|three)[- ]figure\b",
        lambda m: f"{_DIGIT_WORDS[m.group(1).lower()]}-figure",
        text,
        flags=re.IGNORECASE,
    )


def _quantity(match: re.Match[str]) -> Quantity:
    value = float(match.group("number").replace(",", ""))
    scale = (match.group("scale") or "").lower()
    value *= _SCALES.get(scale, 1.0)
    if match.group("percent"):
        kind = "percent"
    elif match.group("currency"):
        kind = "money"
    elif not scale and re.fullmatch(r"(19|20)\d\d", match.group("number")):
        kind = "year"
    else:
        kind = "count"
    return Quantity(match.group(0).strip(), value, kind)


def is_mentioned(claimed: Quantity, available: Sequence[Quantity]) -> bool:
    """Whether a quantity of the claim is stated, in any equivalent form, among `available`."""
    for other in available:
        if claimed.kind == "figures" or other.kind == "figures":
            if _same_magnitude(claimed, other):
                return True
        elif abs(claimed.value - other.value) <= 1e-9 * max(1.0, abs(claimed.value)):
            return True
    return False


def _same_magnitude(a: Quantity, b: Quantity) -> bool:
    if a.kind == b.kind == "figures":
        return a.value == b.value
    figures, amount = (a, b) if a.kind == "figures" else (b, a)
    return 10 ** (figures.value - 1) <= amount.value < 10**figures.value
