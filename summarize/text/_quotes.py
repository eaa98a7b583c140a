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


CONTINUED_QUOTATION = re.compile(r"^[^“”\"]*[,.!?][”\"]")
"""The words up to a closing double mark that no mark opens in this sentence: a quotation that began in the
sentence before ('... point of view," Vaughan told Test Match Special.')."""
_SPAN_WITH_MARKS = re.compile(r'[“"](?!\s)([^”"]{2,}?)(?<!\s)[”"]')
"""A quotation in double marks: an opening mark is not followed by a space, a closing one not preceded by one, so a
stray mark ('lions led by donkeys,"') does not pair every mark after it the wrong way round."""
_SINGLE_QUOTED = re.compile(
    r"(?<![^\s(\[—–\"“])['‘](?=\S)"  # opens after a space, a bracket, a dash or a double quote
    r"((?:[^'‘’\"“”]|(?<=\w)['’](?=\w)|(?<=s)['’](?=\s[a-z])){2,}?)"  # "I'd", "the players' wages" inside
    r"(?<=\S)(?:(?<!s)['’]|(?<=s)['’](?!\s[a-z]))(?=$|[\s,.;:!?)\]—–\"”])"
)
"""A quotation in single marks, as British outlets write them ('I just wish I'd never got involved,' she said):
an apostrophe inside a word, or after a plural's s before a lowercase word, does not close it."""


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Where `text` has words in quotation marks (double or single), as (start, end) offsets."""
    return [m.span() for pattern in (_SPAN_WITH_MARKS, _SINGLE_QUOTED) for m in pattern.finditer(text)]


def inside_quotation(offset: int, ranges: Sequence[tuple[int, int]]) -> bool:
    """Whether character `offset` lies inside one of the quotation `ranges` (as `quoted_ranges` gives them)."""
    return any(start <= offset < end for start, end in ranges)


def quotations(sentences: Sequence[tuple[str, str]], min_words: int = 3) -> list[tuple[str, str]]:
    """Every quotation of at least `min_words` words, in double or single marks, as (id of the sentence where it
    starts, its words), in the text's order; single marks inside a double-quoted span are not another quotation."""
    offsets: list[tuple[int, str]] = []
    joined = ""
    for sentence_id, text in sentences:
        offsets.append((len(joined), sentence_id))
        joined += text + " "
    double = list(_SPAN_WITH_MARKS.finditer(joined))
    inside = [range(m.start(), m.end()) for m in double]
    single = [m for m in _SINGLE_QUOTED.finditer(joined) if not any(m.start() in span for span in inside)]
    found: list[tuple[str, str]] = []
    for match in sorted([*double, *single], key=lambda m: m.start()):
        words = match.group(1).strip()
        if len(words.split()) >= min_words:
            start_id = [sid for offset, sid in offsets if offset <= match.start()][-1]
            found.append((start_id, words))
    return found
