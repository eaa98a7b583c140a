"""Text: language tools with no model, shared by the summarizer and the checker.

Normalisation for verbatim matching, quotations and their speakers, names, numbers in comparable form, ages said
of people, words that exclude one another (white and blue), and text that addresses a model (prompt injection);
how each sentence presents what it says (attribution and hedging cues) and how newsworthy it is. Add a new
deterministic reading of text here; the checks that decide verdicts with it live in `summarize.checker`.
"""

from summarize.text._cues import SentenceCues, tag_sentences
from summarize.text._entities import load_pipeline
from summarize.text._injection import addresses_model
from summarize.text._newsworthiness import (
    RankedSentence,
    SentenceFeatures,
    Weights,
    distinct_newsworthy,
    most_newsworthy,
    rank_features,
    rank_sentences,
    sentence_features,
)
from summarize.text._normalize import looks_english, normalize_for_match

__all__ = [
    "RankedSentence",
    "SentenceCues",
    "SentenceFeatures",
    "Weights",
    "addresses_model",
    "distinct_newsworthy",
    "load_pipeline",
    "looks_english",
    "most_newsworthy",
    "normalize_for_match",
    "rank_features",
    "rank_sentences",
    "sentence_features",
    "tag_sentences",
]
