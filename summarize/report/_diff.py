"""The words that differ between versions of one sentence, for marking in a page (`<mark class="differs">`)."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

_TOKEN = re.compile(r"\s+|\w+(?:['’]\w+)*|[^\w\s]")
UNRELATED = 0.5
"""Versions that share less than half their words are not aligned word by word: marking nearly every
word would say nothing."""

Runs = list[tuple[str, bool]]
"""A text as consecutive runs of (text, differs); joined, the runs give back the text exactly."""


def differing_words(texts: list[str]) -> list[Runs]:
    """Each text as runs, a word marked where some other version, aligned word by word, does not have it."""
    tokens = [_TOKEN.findall(text) for text in texts]
    words = [[i for i, token in enumerate(found) if not token.isspace()] for found in tokens]
    keys = [[found[i].lower() for i in indices] for found, indices in zip(tokens, words, strict=True)]
    differs: list[set[int]] = [set() for _ in texts]
    for a in range(len(texts)):
        for b in range(a + 1, len(texts)):
            matcher = SequenceMatcher(None, keys[a], keys[b], autojunk=False)
            if matcher.ratio() < UNRELATED:
                continue
            matched_a, matched_b = _matched(matcher)
            differs[a] |= {words[a][k] for k in range(len(keys[a])) if k not in matched_a}
            differs[b] |= {words[b][k] for k in range(len(keys[b])) if k not in matched_b}
    return [_runs(found, marked) for found, marked in zip(tokens, differs, strict=True)]


def _matched(matcher: SequenceMatcher[str]) -> tuple[set[int], set[int]]:
    in_a: set[int] = set()
    in_b: set[int] = set()
    for block in matcher.get_matching_blocks():
        in_a.update(range(block.a, block.a + block.size))
        in_b.update(range(block.b, block.b + block.size))
    return in_a, in_b


def _runs(tokens: list[str], marked: set[int]) -> Runs:
    """Consecutive tokens of one kind joined; only words are marked, and a space or a stop between two marked words
    with them."""
    words = [any(c.isalnum() for c in token) for token in tokens]
    flags = [i in marked and words[i] for i in range(len(tokens))]
    for i in range(1, len(tokens) - 1):
        if not words[i]:
            flags[i] = flags[i - 1] and flags[i + 1]
    runs: Runs = []
    for token, flag in zip(tokens, flags, strict=True):
        if runs and runs[-1][1] == flag:
            runs[-1] = (runs[-1][0] + token, flag)
        else:
            runs.append((token, flag))
    return runs
