"""Which predicates a sentence asserts and which it negates, from its dependency parse; and where two versions
of the same statement disagree on that (a negation added or dropped reverses the meaning).

"I haven't committed to releasing every single thing" negates *commit*; "I have committed myself to release
every single thing" asserts it. Negation is read from `neg` dependents, from negated quantifier subjects ("Not
all of our developments have been released" negates *release*), from a negated copula passed to its complement
("I am not committed") and from verbs that negate what they govern ("refrained from commenting").
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from summarize.text._entities import nlp, parse

LIGHT_VERBS = frozenset("be have do will would can could may might shall should must get make go seem".split())
"""Predicates too general to compare: "we do" and "we won't" are about different things in one quotation."""
NEGATING_VERBS = frozenset("refrain decline fail refuse avoid".split())
"""Verbs that negate the predicate they govern: "refrained from commenting" = did not comment."""
_QUANTIFIERS = frozenset("all every everything everyone everybody any anything".split())
_PREDICATE_POS = frozenset({"VERB", "AUX", "ADJ"})
_COMPLEMENTS = frozenset({"acomp", "xcomp", "attr", "oprd"})


@lru_cache(maxsize=4096)
def polarity(text: str) -> dict[str, bool]:
    """For each content predicate (its lemma), whether the text negates it; predicates the text both asserts
    and negates are left out (there is nothing to compare)."""
    doc = nlp()(text)
    negated = {t.i for t in _negated_tokens(doc)}
    found: dict[str, set[bool]] = {}
    for token in doc:
        lemma = token.lemma_.lower()
        if token.pos_ in _PREDICATE_POS and token.is_alpha and lemma not in LIGHT_VERBS | NEGATING_VERBS:
            found.setdefault(lemma, set()).add(token.i in negated)
    return {lemma: values.pop() for lemma, values in found.items() if len(values) == 1}


def reversals(a: str, b: str) -> list[str]:
    """The predicates one text negates and the other asserts: each a reversal of meaning between them."""
    first, second = polarity(a), polarity(b)
    return sorted(lemma for lemma in first.keys() & second.keys() if first[lemma] != second[lemma])


def _negated_tokens(doc: Any) -> list[Any]:
    negated: list[Any] = []
    for token in doc:
        if token.dep_ == "neg":
            negated += _negated_by(token.head)
        if token.lemma_.lower() in NEGATING_VERBS:
            negated += [t for t in token.subtree if t is not token and t.pos_ in ("VERB", "AUX")][:1]
    return negated


def _negated_by(head: Any) -> list[Any]:
    """What a negation attached to `head` negates: the head, its predicate when the head is a quantifier
    subject ("not all ... released"), and a copula's complement ("am not committed")."""
    if head.lower_ in _QUANTIFIERS and head.dep_.startswith("nsubj"):
        return [head, head.head]
    return [head, *(c for c in head.children if c.dep_ in _COMPLEMENTS)]


_CLAUSE_HEADS = frozenset({"ROOT", "conj", "ccomp", "xcomp", "advcl", "relcl", "acomp", "parataxis"})
"""Where a predicate states something of its own; a negated gerund inside a noun phrase ("the importance of not
operating from the ego") is advice, not a reversal of what the source says."""


_CONDITIONS = frozenset({"if", "unless", "whether", "until"})


def stated_predicates(text: str) -> frozenset[str]:
    """The lemmas of the predicates that head a clause of the text, other than a condition's ("contact IT if the
    website is not working" states nothing about the website)."""
    return frozenset(
        t.lemma_.lower()
        for t in parse(text)
        if t.dep_ in _CLAUSE_HEADS and not any(c.dep_ == "mark" and c.lower_ in _CONDITIONS for c in t.children)
    )


def polarity_against(claim: str, sentences: Sequence[str]) -> list[tuple[str, int]]:
    """The claim's predicates whose polarity the sources state only the other way: (lemma, index of a sentence
    that does), where the claim negates what some sentence asserts and no sentence negates, or asserts what some
    sentence negates and none asserts; only predicates that head a clause of the claim. A predicate the sources
    state both ways, or never, is no evidence."""
    stated: dict[str, dict[bool, int]] = {}
    for index, sentence in enumerate(sentences):
        for lemma, negated in polarity(sentence).items():
            stated.setdefault(lemma, {}).setdefault(negated, index)
    found = []
    heads = stated_predicates(claim)
    for lemma, negated in sorted(polarity(claim).items()):
        ways = stated.get(lemma, {}) if lemma in heads else {}
        if len(ways) == 1 and negated not in ways:
            found.append((lemma, ways[not negated]))
    return found
