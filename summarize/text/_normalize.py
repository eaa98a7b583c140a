"""Small text normalisations shared by validation and the checker."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_QUOTE_MARKS = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‚": "'"})


_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-"})


_SPACE = re.compile(r"\s+")
_TOKENISED = re.compile(r"\s+([,.;:!?%)]|n't\b|'(?:s|m|re|ve|ll|d)\b)", re.IGNORECASE)
"""Spaces that tokenised text puts before punctuation and clitics ("belief , hollywood", "would n't")."""


def normalize_for_match(text: str) -> str:
    """Fold typographic quotes, dashes, ellipses, case and whitespace, so verbatim checks compare words only."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTE_MARKS).translate(_DASHES)
    text = text.replace("…", "...")
    text = _TOKENISED.sub(r"\1", text)
    return _SPACE.sub(" ", text).strip().lower()


_LITERAL_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


_ESCAPED_QUOTE = re.compile(r"\\(['\"])")


def unescape_quotes(text: str) -> str:
    r"""Quotation marks and apostrophes escaped by a JSON or shell export (`city\'s`) as written: read with the
    backslash, "swansea city\'s" held a name "city\" that no source names (FRANK's BBC summaries carry them)."""
    return _ESCAPED_QUOTE.sub(r"\1", text) if "\\" in text else text


def unescape_literal_unicode(text: str) -> str:
    r"""Small models sometimes write `\u2019` as literal characters inside a JSON string; restore the character."""
    return _LITERAL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "\\u" in text else text


def word_overlap(a: str, b: str) -> float:
    """Share of the words of `a` that also occur in `b` (0..1)."""
    words_a, words_b = set(match_words(a)), set(match_words(b))
    return len(words_a & words_b) / len(words_a) if words_a else 0.0


def bigram_containment(a: str, b: str) -> float:
    """Share of the word pairs of `a` (in order) that also occur in `b` (0..1): near 1 only where `a` copies a
    stretch of `b`, not where it reuses its words in another order."""
    pairs_a, pairs_b = _word_pairs(a), _word_pairs(b)
    return len(pairs_a & pairs_b) / len(pairs_a) if pairs_a else 0.0


@lru_cache(maxsize=8192)  # the same source sentences are compared with every claim
def _word_pairs(text: str) -> frozenset[tuple[str, str]]:
    found = match_words(text)
    return frozenset(zip(found, found[1:], strict=False))


@lru_cache(maxsize=8192)
def match_words(text: str) -> tuple[str, ...]:
    """The words of `text`, folded as `normalize_for_match` folds them, in order."""
    return tuple(re.findall(r"\w+", normalize_for_match(text)))


def added_words(text: str, source: str, allowed: frozenset[str] = frozenset()) -> list[str]:
    """The words of `text` that `source` lacks (and `allowed` does not hold), in order, each once."""
    have = set(match_words(source)) | allowed
    return list(dict.fromkeys(w for w in match_words(text) if w not in have))


ENGLISH_FUNCTION_WORDS = set(
    "the a an and or of to in on at for with by from is are was were be been has have had that this it its "
    "as not but he she they we you his her their which who will would said".split()
)


def content_stems(text: str) -> frozenset[str]:
    """Content words, crudely stemmed (their first five letters); function words and short words left out."""
    words = re.findall(r"[a-z0-9]+", normalize_for_match(text))
    return frozenset(w[:5] for w in words if len(w) >= 3 and w not in ENGLISH_FUNCTION_WORDS)


OTHER_FUNCTION_WORDS = frozenset(
    "der das und ist nicht ein eine mit von zu dem des im auf sich auch wird werden sind für über "  # German
    "les et est une du dans pour pas qui sur avec sont cette "  # French
    "los las y es del una por con para como está "  # Spanish
    "della che di è per sono "  # Italian
    "het een van niet zijn voor".split()  # Dutch
)
"""Function words of other languages written in Latin script that English never uses on their own ("die", "in",
"de" and "la" are left out: English has them, in words or names)."""


def looks_english(text: str, minimum_words: int = 30) -> bool:
    """Whether a text reads as English: Latin script, more English function words than another language's, and
    (for texts long enough to tell) enough of them; a very short text is given the benefit of the doubt."""
    letters = [c for c in text if c.isalpha()]
    if letters and sum(c < "\u0250" for c in letters) / len(letters) < 0.5:
        return False
    words = re.findall(r"[^\W\d_]+", text.lower())
    english = sum(w in ENGLISH_FUNCTION_WORDS for w in words)
    if len(words) >= 5 and sum(w in OTHER_FUNCTION_WORDS for w in words) > english:
        return False
    return len(words) < minimum_words or english / len(words) >= 0.12
