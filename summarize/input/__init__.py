"""Input: reading articles from files, HTML pages, stdin and http(s) URLs; page clutter removed; sentences with
stable ids.

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
from summarize.input._url import URL_TIMEOUT, is_url

__all__ = [
    "MAX_CHARACTERS",
    "MAX_SENTENCES",
    "MAX_SENTENCE_CHARACTERS",
    "STDIN",
    "URL_TIMEOUT",
    "Article",
    "RawDocument",
    "Sentence",
    "article_from_text",
    "as_article",
    "load_article",
    "read_document",
    "is_url",
    "split_sentences",
]
