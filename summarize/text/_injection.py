"""Text that addresses the model instead of reporting news ("ignore previous instructions ...")."""

from __future__ import annotations

import re

_ADDRESSES_MODEL = re.compile(
    r"\b(ignore|disregard|forget)\b.{0,40}\b(instructions?|prompts?|rules|above|previous)\b"
    r"|\b(mark|rate|label|judge|treat)\b.{0,30}\b(claims?|statements?|summary|everything)\b.{0,30}"
    r"\b(supported|true|correct|consistent|accurate)\b"
    r"|\b(you are|act as)\b.{0,30}\b(assistant|model|ai|judge|checker)\b"
    r"|\bsystem prompt\b|\banswer (yes|no)\b|\b(as an|dear) (ai|language model|assistant)\b",
    re.IGNORECASE | re.DOTALL,
)


def addresses_model(text: str) -> bool:
    """Whether the text gives instructions to a model (a prompt injection attempt)."""
    return bool(_ADDRESSES_MODEL.search(text))
