"""Which sentences of two outlets tell the same thing: content-word similarity, weighted by rarity across the
whole story, and an order-preserving alignment (rewrites of one story keep its order), plus any pair similar
enough on its own."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from summarize.input import Article
from summarize.text import content_stems

IN_ORDER = 0.15
"""Similarity enough for two sentences at matching places in their articles."""
ALONE = 0.35
"""Similarity enough for two sentences wherever they are."""
SURE = 0.3
"""From this similarity on, an aligned sentence supports without asking the judge."""
NEAR = 0.12
"""Below this, an outlet has nothing like the sentence: no judge is asked."""


@dataclass(frozen=True)
class Pair:
    """Two sentences of two outlets that tell the same thing."""

    first: str
    second: str
    similarity: float


class Similarity:
    """Cosine similarity of sentences' content words, each weighted by its rarity across all the outlets."""

    def __init__(self, articles: list[Article]) -> None:
        texts = [s.text for a in articles for s in a.sentences]
        counts = Counter(stem for text in texts for stem in content_stems(text))
        self._idf = {stem: math.log(len(texts) / n) for stem, n in counts.items()}

    def __call__(self, a: str, b: str) -> float:
        first, second = self._weights(a), self._weights(b)
        dot = sum(w * second[k] for k, w in first.items() if k in second)
        norms = math.sqrt(sum(w * w for w in first.values())) * math.sqrt(sum(w * w for w in second.values()))
        return dot / norms if norms else 0.0

    def _weights(self, text: str) -> dict[str, float]:
        return {stem: self._idf.get(stem, 1.0) for stem in content_stems(text)}


def align(first: Article, second: Article, similar: Similarity) -> list[Pair]:
    """The pairs of sentences that tell the same thing: the best order-preserving alignment, and any pair
    similar enough alone."""
    scores = [[similar(a.text, b.text) for b in second.sentences] for a in first.sentences]
    pairs = {(i, j) for i, j in _in_order(scores)}
    pairs |= {(i, j) for i, row in enumerate(scores) for j, s in enumerate(row) if s >= ALONE}
    return [Pair(first.sentences[i].id, second.sentences[j].id, round(scores[i][j], 4)) for i, j in sorted(pairs)]


def _in_order(scores: list[list[float]]) -> list[tuple[int, int]]:
    """The order-preserving pairing that maximises total similarity over pairs above `IN_ORDER`."""
    rows, cols = len(scores), len(scores[0]) if scores else 0
    best = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(1, rows + 1):
        for j in range(1, cols + 1):
            gain = scores[i - 1][j - 1] if scores[i - 1][j - 1] >= IN_ORDER else -math.inf
            best[i][j] = max(best[i - 1][j], best[i][j - 1], best[i - 1][j - 1] + gain)
    pairs, i, j = [], rows, cols
    while i and j:
        if scores[i - 1][j - 1] >= IN_ORDER and best[i][j] == best[i - 1][j - 1] + scores[i - 1][j - 1]:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif best[i][j] == best[i - 1][j]:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]
