"""Words of opposite meaning: where a claim uses a word its sources never use, and they use its opposite ("the
premium will decrease" where the call says it will increase), the claim says the reverse.

Two resources, both offline (no WordNet with its antonym relations installs from the package index here):

- morphology: a word and the same word with a negating prefix ("suitable" / "unsuitable", "agree" / "disagree"),
  both listed as English words by WordNet's word index that spaCy's lemmatiser ships (`english_words`);
- `antonyms.txt` beside this module: pairs mined from SummEdits' development edits (`evals/mine_antonyms.py`:
  single-word replacements in edits labelled `antonym_swap` and inconsistent, seen in at least two documents of
  two domains, never a replacement in a consistent edit). Derived from SummEdits (Apache-2.0).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from summarize.text._entities import english_words, parse_all

NEGATING_PREFIXES = ("un", "in", "im", "il", "ir", "dis", "non")
_VERB_PREFIXES = ("un", "dis")
"""For verbs only these negate ("agree" / "disagree", "lock" / "unlock"); "in" and "im" make other verbs ("form"
/ "inform", "port" / "import")."""
_ADJECTIVE_NOUN = ("ity", "ance", "ence", "ness", "cy")
"""A noun with a prefix negates where it is made from an adjective ("certainty" / "uncertainty"); other nouns
take prefixes in other senses ("count" / "discount", "course" / "discourse")."""
_CONTENT = frozenset({"ADJ", "VERB", "NOUN", "ADV"})
AntonymPairs = frozenset[frozenset[str]]


@cache
def mined_antonyms() -> AntonymPairs:
    """The shipped pairs (`antonyms.txt`: two lemmas a line; `#` starts a comment)."""
    text = (files("summarize.text") / "antonyms.txt").read_text(encoding="utf-8")
    lines = (line.split("#", 1)[0].split() for line in text.splitlines())
    return frozenset(frozenset(words) for words in lines if len(words) == 2)


def prefixed_opposites(a: str, b: str, pos: str | None = None) -> bool:
    """Whether one word is the other with a negating prefix, both English words of four letters or more ("able"
    / "unable"); with the part of speech, only the prefixes that negate it (see `_VERB_PREFIXES`,
    `_ADJECTIVE_NOUN`)."""
    shorter, longer = sorted((a, b), key=len)
    prefix = next((p for p in NEGATING_PREFIXES if longer == p + shorter), None)
    if prefix is None or len(shorter) < 4 or shorter not in english_words() or longer not in english_words():
        return False
    if pos == "VERB":
        return prefix in _VERB_PREFIXES
    if pos == "NOUN":
        return longer.endswith(_ADJECTIVE_NOUN)
    return True


def are_opposites(a: str, b: str, pairs: AntonymPairs | None = None, pos: str | None = None) -> bool:
    """Whether two lemmas are antonyms by morphology (for `pos`, the part of speech of `a`) or by the pairs (the
    shipped ones by default)."""
    if a == b:
        return False
    return frozenset((a, b)) in (mined_antonyms() if pairs is None else pairs) or prefixed_opposites(a, b, pos)


@dataclass(frozen=True)
class Opposite:
    """A word of the claim that the sources never use, and its opposite in a source sentence."""

    claimed: str
    stated: str
    sentence: int
    """Index of the source sentence that uses `stated`."""
    morphological: bool = False
    """Whether the two are opposites by a negating prefix (else by the pairs)."""


def _negated(token: Any) -> bool:
    """Whether the sentence negates the word ("it's not easy" says "difficult"): a negation on it or, for a
    complement, on its verb."""
    heads = [token, token.head] if token.dep_ in ("acomp", "attr", "xcomp", "dobj") else [token]
    return any(child.dep_ == "neg" for head in heads for child in head.children)


def content_lemmas(text: str) -> frozenset[str]:
    """The lowercase lemmas of a text's content words (adjectives, verbs, nouns, adverbs)."""
    return frozenset(t.lemma_.lower() for t in parse_all([text])[0] if t.pos_ in _CONTENT and t.is_alpha)


def opposite_words(
    claim: str, sentences: Sequence[str], pairs: AntonymPairs | None = None, near: Iterable[int] | None = None
) -> list[Opposite]:
    """Each content word of the claim that no source sentence uses (as a word or a lemma), with each of its
    opposites that a sentence uses, not negated there ("not easy" is "difficult") and not used by the claim too
    (the first such sentence); with `near`, only those sentences count for the opposite (the claim's evidence)."""
    docs = parse_all(list(sentences))
    used = {t.lower_ for d in docs for t in d} | {t.lemma_.lower() for d in docs for t in d}
    lemmas = [{t.lemma_.lower() for t in d if t.pos_ in _CONTENT and t.is_alpha and not _negated(t)} for d in docs]
    wanted = range(len(docs)) if near is None else sorted({i for i in near if 0 <= i < len(docs)})
    claimed = {(t.lemma_.lower(), t.pos_) for t in parse_all([claim])[0] if t.pos_ in _CONTENT and t.is_alpha}
    own = {word for word, _pos in claimed}
    found: dict[tuple[str, str], Opposite] = {}
    for word, pos in sorted(c for c in claimed if c[0] not in used):
        for index in wanted:
            for other in sorted(lemmas[index] - own):  # a claim using both contrasts them itself
                if (word, other) not in found and are_opposites(word, other, pairs, pos):
                    found[(word, other)] = Opposite(word, other, index, prefixed_opposites(word, other, pos))
    return list(found.values())
