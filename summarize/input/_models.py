"""The article as every feature sees it: sentences with the stable ids that summaries cite."""

from __future__ import annotations

from summarize._output import Output


class Sentence(Output):
    """One sentence of an article, with the stable id that summaries cite."""

    id: str
    """`S1`, `S2`, ... in reading order."""
    text: str
    """The sentence as the article has it (an exact slice of its text)."""


class Article(Output):
    """An article as the models see it: page clutter removed, split into sentences."""

    source: str
    """Where it came from: a path, or `<stdin>`."""
    title: str | None = None
    """The page's title, where it gives one."""
    published: str | None = None
    """Publication date (ISO 8601) when the page gives one."""
    sentences: list[Sentence]
    """The article's sentences in reading order, each with its id."""

    @property
    def text(self) -> str:
        """The article body, one sentence after another."""
        return " ".join(s.text for s in self.sentences)

    def sentence(self, sentence_id: str) -> Sentence | None:
        """The sentence with this id, or None."""
        for sentence in self.sentences:
            if sentence.id == sentence_id:
                return sentence
        return None

    def cited(self, sentence_ids: list[str] | tuple[str, ...]) -> list[tuple[str, str]]:
        """(id, text) of each cited sentence that exists, in the order cited."""
        return [(s.id, s.text) for s in (self.sentence(i) for i in sentence_ids) if s is not None]
