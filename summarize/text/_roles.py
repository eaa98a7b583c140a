"""Who did what to whom: the role each name plays in a sentence, read from its dependency parse.

A name's role is its path to the sentence's main verb, each step a dependency ("the subject of executed", "the
object of of, under agents, under accused, under men, the object of executed"), with the passive turned active:
the subject of a passive verb is its patient, the object of its "by" its agent. Two names that trade roles between a
source sentence and a claim ("Islamic State executes men accused of spying for Iraq" and "Iraq executes men accused
of spying for Islamic State") are what a small judge cannot see: the claim has every word of the sentence.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from summarize.text._entities import parse
from summarize.text._normalize import normalize_for_match

_KEPT_STEPS = {"nsubj": "agent", "nsubjpass": "patient", "dobj": "patient", "pobj": "object", "dative": "recipient"}
_PASSIVE_AGENT = "agent"
"""spaCy's label for the "by" of a passive verb."""
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "EVENT", "PRODUCT", "WORK_OF_ART"})


@lru_cache(maxsize=4096)
def name_roles(sentence: str) -> dict[str, tuple[str, ...]]:
    """Each name of `sentence` (its entities, folded for matching) with its role: the path from the name to its
    main verb, as (relation, word) steps. A name named twice with two roles is left out (no swap can be read)."""
    roles: dict[str, tuple[str, ...]] = {}
    doubled: set[str] = set()
    for name, head in _names(parse(sentence)):
        key = _key(name)
        path = _path(head)
        if not key or not path:
            continue
        if key in roles and roles[key] != path:
            doubled.add(key)
        roles[key] = path
    return {k: v for k, v in roles.items() if k not in doubled}


def _names(doc: Any) -> list[tuple[str, Any]]:
    """The sentence's names with their head words: the recogniser's, and proper nouns it missed ("Arsenal")."""
    found = [(e.text, e.root) for e in doc.ents if e.label_ in _NAME_LABELS]
    covered = {t.i for e in doc.ents for t in e}
    for token in doc:
        if token.pos_ == "PROPN" and token.i not in covered and token.dep_ != "compound":
            words = [t for t in token.subtree if t.dep_ == "compound" and t.pos_ == "PROPN"] + [token]
            found.append((" ".join(t.text for t in sorted(words, key=lambda t: t.i)), token))
    return found


def swapped_roles(claim: str, sentence: str) -> tuple[str, str] | None:
    """Two names that trade roles between `sentence` and `claim` (each has in the claim the role the other has in
    the sentence), as the claim writes them, or None."""
    found = _swapped_keys(claim, sentence)
    if found is None:
        return None
    shown = {_key(name): name for name, _head in _names(parse(claim))}
    return shown.get(found[0], found[0]), shown.get(found[1], found[1])


def _swapped_keys(claim: str, sentence: str) -> tuple[str, str] | None:
    said, source = name_roles(claim), name_roles(sentence)
    shared = {name: match for name in said if (match := _matching(name, source)) is not None}
    names = list(shared)
    for n, first in enumerate(names):
        for second in names[n + 1 :]:
            in_source = source[shared[first]], source[shared[second]]
            if said[first] == in_source[1] and said[second] == in_source[0] and in_source[0] != in_source[1]:
                return first, second
    return None


def _matching(name: str, roles: dict[str, tuple[str, ...]]) -> str | None:
    """The name of `roles` that is `name`, whole or with words of its own ("islamic" and "islamic state")."""
    if name in roles:
        return name
    words = set(name.split())
    found = [other for other in roles if words <= set(other.split()) or set(other.split()) <= words]
    return found[0] if len(found) == 1 else None


def keeps_roles(claim: str, names: tuple[str, str], sentence: str) -> bool:
    """Whether `sentence` gives both names the roles `claim` gives them (another sentence may say it that way)."""
    said, source = name_roles(claim), name_roles(sentence)
    keys = [_matching(_key(name), said) for name in names]
    found = [_matching(key, source) if key else None for key in keys]
    return all(k is not None and f is not None and source[f] == said[k] for k, f in zip(keys, found, strict=True))


def _path(token: Any) -> tuple[str, ...]:
    """The steps from a name's head word up to the main verb: the relations that say what it is to the verb
    (subject, object, the object of a preposition) with the words they hang on; modifiers in between are skipped."""
    steps: list[str] = []
    while token.dep_ != "ROOT" and token.head is not token:
        step = _step(token)
        if step:
            steps.append(step)
        token = token.head
    steps.append(f"verb:{token.lemma_.lower()}")
    return tuple(steps) if len(steps) > 1 else ()


def _step(token: Any) -> str | None:
    if token.dep_ == "pobj" and token.head.dep_ == _PASSIVE_AGENT:
        return "agent"  # "executed by X": X did it
    role = _KEPT_STEPS.get(token.dep_)
    if role is None:
        return (
            f"under:{token.head.lemma_.lower()}" if token.dep_ in ("prep", "acl", "relcl", "xcomp", "ccomp") else None
        )
    if role == "object":
        return f"object of:{token.head.lemma_.lower()}"
    return role


def _key(text: str) -> str:
    words = normalize_for_match(text).split()
    while words and words[0] in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words).removesuffix("'s").strip()
