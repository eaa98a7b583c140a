"""Text: language tools with no model, shared by the summarizer and the checker.

Normalisation for verbatim matching, quotations and their speakers, names, numbers in comparable form, ages said
of people, words that exclude one another (white and blue), and text that addresses a model (prompt injection);
how each sentence presents what it says (attribution and hedging cues) and how newsworthy it is. Add a new
deterministic reading of text here; the checks that decide verdicts with it live in `summarize.checker`.
"""

from summarize.text._ages import name_words, stated_ages
from summarize.text._antonyms import (
    AntonymPairs,
    Opposite,
    are_opposites,
    content_lemmas,
    mined_antonyms,
    opposite_words,
    prefixed_opposites,
)
from summarize.text._clauses import clause_coverage, clauses, least_covered_clause
from summarize.text._compression import compress, deletion_problems
from summarize.text._contrasts import swapped_in_place, swapped_words
from summarize.text._cues import (
    SentenceCues,
    as_reported,
    cues,
    possibility_only,
    presentation,
    tag_sentences,
    unsupported_certainty,
)
from summarize.text._entities import load_pipeline, named_entities, parse
from summarize.text._injection import addresses_model, without_instructions
from summarize.text._names import NOT_NAMES
from summarize.text._negation import polarity, polarity_against, reversals
from summarize.text._newsworthiness import (
    RankedSentence,
    SentenceFeatures,
    Weights,
    caption_label,
    distinct_newsworthy,
    most_newsworthy,
    needs_next_word,
    rank_features,
    rank_sentences,
    sentence_features,
)
from summarize.text._normalize import (
    ENGLISH_FUNCTION_WORDS,
    added_words,
    bigram_containment,
    content_stems,
    looks_english,
    match_words,
    normalize_for_match,
    unescape_literal_unicode,
    unescape_quotes,
    word_overlap,
)
from summarize.text._numbers import Quantity, is_mentioned, quantities
from summarize.text._people import story_entities
from summarize.text._quotes import closest_quotation, quotations, quoted_ranges, speaker_named_near, speaker_words
from summarize.text._roles import keeps_roles, swapped_roles
from summarize.text._speakers import (
    PRONOUNS,
    direct_speaker,
    name_and_role,
    quotation_speaker,
    speakers,
    unattributed_quotation,
)

__all__ = [
    "AntonymPairs",
    "Opposite",
    "ENGLISH_FUNCTION_WORDS",
    "NOT_NAMES",
    "PRONOUNS",
    "Quantity",
    "RankedSentence",
    "SentenceCues",
    "SentenceFeatures",
    "Weights",
    "added_words",
    "addresses_model",
    "are_opposites",
    "as_reported",
    "bigram_containment",
    "caption_label",
    "clause_coverage",
    "clauses",
    "closest_quotation",
    "compress",
    "content_lemmas",
    "content_stems",
    "cues",
    "deletion_problems",
    "direct_speaker",
    "distinct_newsworthy",
    "is_mentioned",
    "least_covered_clause",
    "looks_english",
    "match_words",
    "mined_antonyms",
    "most_newsworthy",
    "name_words",
    "keeps_roles",
    "load_pipeline",
    "name_and_role",
    "named_entities",
    "needs_next_word",
    "normalize_for_match",
    "opposite_words",
    "parse",
    "polarity",
    "prefixed_opposites",
    "polarity_against",
    "possibility_only",
    "presentation",
    "quantities",
    "quotation_speaker",
    "quoted_ranges",
    "quotations",
    "rank_features",
    "rank_sentences",
    "reversals",
    "sentence_features",
    "speaker_named_near",
    "speaker_words",
    "speakers",
    "stated_ages",
    "story_entities",
    "swapped_in_place",
    "swapped_roles",
    "swapped_words",
    "tag_sentences",
    "unattributed_quotation",
    "unescape_literal_unicode",
    "unescape_quotes",
    "unsupported_certainty",
    "without_instructions",
    "word_overlap",
]
