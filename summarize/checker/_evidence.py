"""Evidence retrieval: the source sentences most relevant to a claim (BM25 over every source sentence)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from summarize.checker._schema import EvidenceSentence
from summarize.input import Article


@dataclass
class EvidenceIndex:
    """A BM25 index over the sentences of one or more articles."""

    articles: list[Article]
    _retriever: Any = None
    _rows: list[tuple[str, str, str]] | None = None

    def __post_init__(self) -> None:
        import bm25s

        self._rows = [(a.source, s.id, s.text) for a in self.articles for s in a.sentences]
        self._retriever = bm25s.BM25()
        self._retriever.index(_tokenize([row[2] for row in self._rows]), show_progress=False)

    def top(self, claim: str, k: int = 5) -> list[EvidenceSentence]:
        """The `k` sentences with the highest BM25 score for the claim (ties broken by position)."""
        assert self._rows is not None
        k = min(k, len(self._rows))
        indexes, scores = self._retriever.retrieve(_tokenize([claim]), k=k, show_progress=False)
        found = []
        for index, score in zip(indexes[0], scores[0], strict=True):
            source, sentence_id, text = self._rows[int(index)]
            found.append(EvidenceSentence(source=source, sentence_id=sentence_id, text=text, score=float(score)))
        return [e for e in found if e.score > 0] or found[:1]

    def sentence(self, source: str, sentence_id: str) -> EvidenceSentence:
        """A sentence by id, as evidence found by a check rather than by retrieval."""
        assert self._rows is not None
        text = next(t for s, i, t in self._rows if s == source and i == sentence_id)
        return EvidenceSentence(source=source, sentence_id=sentence_id, text=text, score=0.0)


def _tokenize(texts: list[str]) -> Any:
    import bm25s

    return bm25s.tokenize(texts, stopwords="en", show_progress=False)
