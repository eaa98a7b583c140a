"""Where quotations are in a text and who is named beside them; used by validation and by the checker."""

from __future__ import annotations

import re
from collections.abc import Sequence

from summarize.text._normalize import normalize_for_match, word_overlap

_QUOTED = re.compile(r'"([^"]{2,})"')


_SPEAKER_STOPWORDS = {"the", "a", "an", "of", "for", "and", "company", "said", "mr", "ms", "mrs", "dr"}


def quoted_spans(text: str) -> list[str]:
    """The normalised contents of every double-quoted span (typographic quotes folded)."""
    return _QUOTED.findall(normalize_for_match(text))


def speaker_words(speaker: str) -> list[str]:
    """The distinctive words of a speaker's name or role ('Mark Zuckerberg' -> mark, zuckerberg)."""
    words = re.findall(r"[\w'-]+", normalize_for_match(speaker))
    return [w for w in words if len(w) >= 3 and w not in _SPEAKER_STOPWORDS]


def speaker_named_near(speaker: str, sentences: Sequence[str], index: int, before: int = 1, after: int = 1) -> bool:
    """Whether the speaker is named in the quote's sentence or the ones just around it."""
    window = " ".join(normalize_for_match(s) for s in sentences[max(0, index - before) : index + after + 1])
    window_words = set(re.findall(r"[\w'-]+", window))
    return any(word in window_words for word in speaker_words(speaker))


def closest_quotation(words: str, text: str) -> str | None:
    """The quoted span of `text` (original wording) that shares the most words with `words`."""
    spans = re.findall(r'[“"]([^”"]{2,})[”"]', text)
    scored = sorted(((word_overlap(words, span), span) for span in spans), reverse=True)
    return f"“{scored[0][1]}”" if scored and scored[0][0] >= 0.5 else None


_SPAN_WITH_MARKS = re.compile(r'[“"]([^”"]{2,}?)[”"]')


def quotations(sentences: Sequence[tuple[str, str]], min_words: int = 3) -> list[tuple[str, str]]:
    """Every quotation of at least `min_words` words, as (id of the sentence where it starts, its words)."""
    found: list[tuple[str, str]] = []
    offsets: list[tuple[int, str]] = []
    joined = ""
    for sentence_id, text in sentences:
        offsets.append((len(joined), sentence_id))
        joined += text + " "
    for match in _SPAN_WITH_MARKS.finditer(joined):
        words = match.group(1).strip()
        if len(words.split()) >= min_words:
            start_id = [sid for offset, sid in offsets if offset <= match.start()][-1]
            found.append((start_id, words))
    return found
