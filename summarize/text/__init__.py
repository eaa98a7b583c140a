"""Text: language tools with no model, shared by the summarizer and the checker.

Normalisation for verbatim matching, quotations and their speakers, names, numbers in comparable form, and text
that addresses a model (prompt injection). Add a new deterministic reading of text here; the checks that decide
verdicts with it live in `summarize.checker`.
"""

from summarize.text._injection import addresses_model
from summarize.text._normalize import looks_english, normalize_for_match

__all__ = ["addresses_model", "looks_english", "normalize_for_match"]
