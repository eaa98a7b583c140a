"""Input: reading articles from files, HTML pages and stdin; page clutter removed; sentences with stable ids.

Owns `Article` and `Sentence`, the form every other feature reads. Knows nothing of models or prompts.
"""

from summarize.files import STDIN
from summarize.input._article import (
    MAX_CHARACTERS,
    MAX_SENTENCE_CHARACTERS,
    MAX_SENTENCES,
    RawDocument,
    article_from_text,
    as_article,
    load_article,
    read_document,
    split_sentences,
)
from summarize.input._models import Article, Sentence

__all__ = [
    "MAX_CHARACTERS",
    "MAX_SENTENCES",
    "MAX_SENTENCE_CHARACTERS",
    "STDIN",
    "Article",
    "RawDocument",
    "Sentence",
    "article_from_text",
    "as_article",
    "load_article",
    "read_document",
    "split_sentences",
]
