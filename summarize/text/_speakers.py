"""Who said a quotation, from the sentence structure: the subject of a speech verb, or "according to X".

The dependency parse of spaCy's pipeline finds the speaker the article names ("the spokesperson", "Zuckerberg");
a pronoun ("he", "they") is resolved to the nearest speaker or person named just before, and a quotation that
continues the previous sentence's quotation keeps its speaker. Where no rule finds one, the caller falls back
(the summarizer to the model's choice).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from summarize.text._entities import parse

SPEECH_VERBS = frozenset(
    "say tell add state explain write note insist confirm deny argue claim ask reply announce warn declare clarify "
    "acknowledge admit comment respond stress emphasise emphasize mention tweet post remark affirm reiterate assert "
    "contend recall".split()
)
PRONOUNS = frozenset("he she they it we i".split())
_OPENING_QUOTES = ("“", '"', "‘")


def speakers(sentences: Sequence[str]) -> list[str | None]:
    """For each sentence, who speaks in it (as the article names them), or None."""
    found: list[str | None] = []
    last_named: str | None = None
    for index, text in enumerate(sentences):
        direct = direct_speaker(text)
        if direct is not None and direct.lower() in PRONOUNS:
            direct = last_named
        if direct is None and index and found[index - 1] and text.lstrip().startswith(_OPENING_QUOTES):
            direct = found[index - 1]  # a quotation that goes on from the previous sentence's
        found.append(direct)
        last_named = direct or _last_person(text) or last_named
    return found


@lru_cache(maxsize=2048)
def direct_speaker(text: str) -> str | None:
    """The subject of the sentence's speech verb, or the X of 'according to X'; None when neither."""
    doc = parse(text)
    for token in doc:
        if token.lemma_.lower() in SPEECH_VERBS and token.pos_ in ("VERB", "AUX"):
            subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subjects:
                return _phrase(subjects[0])
        if token.lower_ == "according":
            for preposition in (c for c in token.children if c.dep_ == "prep"):
                for target in (c for c in preposition.children if c.dep_ == "pobj"):
                    return _phrase(target)
    return None


def _phrase(token: Any) -> str:
    words = [t.text for t in token.subtree]
    return " ".join(words).replace(" ’s", "’s").replace(" 's", "'s").strip(" ,")


@lru_cache(maxsize=2048)
def _last_person(text: str) -> str | None:
    people = [e.text for e in parse(text).ents if e.label_ == "PERSON"]
    return people[-1] if people else None
