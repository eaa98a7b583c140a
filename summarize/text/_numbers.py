"""Numbers, amounts, percentages and years in text, in comparable form ("$1.5 billion" == "1.5bn")."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

_SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}


_NUMBER = re.compile(
    r"(?P<currency>[$€£])?\s?(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<scale>trillion|billion|million|thousand|bn|mln|mn|tn|[kmb])\b)?"
    r"(?:\s?(?P<percent>%|percent\b|per cent\b))?",
    re.IGNORECASE,
)


_TOKENISED_TENS = re.compile(
    r"\b(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety) - (one|two|three|four|five|six|seven|eight|nine)\b",
    re.IGNORECASE,
)
"""Transcripts tokenise "twenty-five" as "twenty - five", which reads as two numbers."""


def _part_of_a_word(text: str, match: re.Match[str]) -> bool:
    """Digits that belong to a word or a code, not an amount: Q2, F1, COVID-19, F-35, 3D, 5G (a number then one
    capital letter; "10am", "18th", "5km" are amounts)."""
    start = match.start("currency") if match.group("currency") else match.start("number")
    before = text[max(start - 2, 0) : start]
    after = text[match.end() : match.end() + 2]
    glued_after = re.fullmatch(r"[A-Z]\W?", after) is not None and not match.group("scale")
    return before[-1:].isalpha() or (before[-1:] == "-" and before[:1].isupper()) or glued_after


_DIGIT_SCALE = re.compile(r"(\d)\s+(trillion|billion|million|thousand)\b", re.IGNORECASE)


_ABBREVIATIONS = {"trillion": "tn", "billion": "bn", "million": "mn", "thousand": "k"}


_FIGURES = re.compile(r"\b(?P<digits>\d+)[- ]figure\b", re.IGNORECASE)


_DIGIT_WORDS = {"six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "five": 5, "four": 4, "three": 3}


_SMALL_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
# Amounts written in words that text2num reads wrongly ("half a million" as 1,000,000): rewritten first.
_WORD_AMOUNTS: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    (re.compile(r"\bhalf a dozen\b", re.I), "6"),
    (re.compile(r"\b(?:a|one) dozen\b", re.I), "12"),
    (re.compile(r"\b(two|three|four|five|six) dozen\b", re.I), lambda m: str(12 * _SMALL_WORDS[m.group(1).lower()])),
    (re.compile(r"\bhalf an? (million|billion|trillion)\b", re.I), r"0.5 \1"),
    (re.compile(r"\ba quarter of an? (million|billion|trillion)\b", re.I), r"0.25 \1"),
]
# Vague amounts ("hundreds of jobs", "dozens") state no number: removed, so no check fires on them.
_VAGUE = re.compile(r"(?<![\d,.]\s)\b(dozens|hundreds|thousands|millions|billions|tens of thousands)\b", re.I)
_DENOMINATORS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5,
                 "fifths": 5, "tenth": 10, "tenths": 10}  # fmt: skip
_NUMERATORS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "nine": 9}
_FRACTION = re.compile(
    r"\b(?P<numerator>an?|one|two|three|four|nine)[- ](?P<denominator>half|halves|thirds?|quarters?|fifths?|tenths?)\b"
    r"|\b(?P<one>one|1) in (?P<of>two|three|four|five|six|seven|eight|nine|ten|[1-9]\d{0,5})\b",
    re.I,
)
_SMALL = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


@dataclass(frozen=True)
class Quantity:
    """One number as written and as a value."""

    text: str
    value: float
    kind: str
    """percent, money, year, count, share (a fraction: 'two-thirds' = 0.667), or figures (an order of
    magnitude: 'nine-figure')."""


@lru_cache(maxsize=8192)  # the checker asks again for every source sentence of every claim
def quantities(text: str, codes: bool = True) -> tuple[Quantity, ...]:
    """Every quantity in `text`, number words included ("twenty-three" -> 23, "half a million" -> 500,000);
    without `codes`, digits that belong to a word or code are left out (Q2, 3D, COVID-19: no amount a claim
    states; sources keep them, where "F1" may be what "Formula 1" refers to)."""
    for pattern, replacement in _WORD_AMOUNTS:
        text = pattern.sub(replacement, text)
    shares = [Quantity(m.group(0), _share(m), "share") for m in _FRACTION.finditer(text)]
    text = _FRACTION.sub(" ", text)
    text = _VAGUE.sub("many", text)
    text = _TOKENISED_TENS.sub(r"\1-\2", text)
    text = _figures_to_digits(text)
    # alpha2digit would turn the "billion" of "1.5 billion" into a second number: abbreviate it first.
    text = _DIGIT_SCALE.sub(lambda m: f"{m.group(1)}{_ABBREVIATIONS[m.group(2).lower()]}", text)
    from text_to_num import alpha2digit

    converted = alpha2digit(text, "en")
    found = [Quantity(m.group(0), float(m.group("digits")), "figures") for m in _FIGURES.finditer(converted)]
    plain = _FIGURES.sub(" ", converted)
    found += [_quantity(m) for m in _NUMBER.finditer(plain) if codes or not _part_of_a_word(plain, m)]
    return tuple(q for q in shares + found if math.isfinite(q.value))  # 400 digits is no amount anyone checks


def _share(match: re.Match[str]) -> float:
    if match.group("one"):
        of = match.group("of").lower()
        return 1 / (_SMALL[of] if of in _SMALL else int(of))
    return _NUMERATORS[match.group("numerator").lower()] / _DENOMINATORS[match.group("denominator").lower()]


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
        if "share" in (claimed.kind, other.kind):
            if _same_share(claimed, other):
                return True
        elif claimed.kind == "figures" or other.kind == "figures":
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


def _same_share(a: Quantity, b: Quantity) -> bool:
    """'two-thirds' = 0.667 = '67%' (within a rounding point); a share and a plain count never match."""
    values = [q.value if q.kind == "share" else q.value / 100 if q.kind == "percent" else None for q in (a, b)]
    if values[0] is None or values[1] is None:
        return False
    return abs(values[0] - values[1]) <= 0.01
