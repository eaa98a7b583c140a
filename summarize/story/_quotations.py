"""Quotations across outlets: who is quoted, in which words, on which occasion; aligned by speaker and wording,
then compared (the same words, shortened, reworded, or reversed in meaning)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from summarize.input import Article
from summarize.text import content_stems, named_entities, normalize_for_match, reversals, speakers

Relation = Literal["same", "shortened", "reworded", "reversed"]

MATCHING_WORDS = 0.4
"""Share of the shorter quotation's content words the longer one must share to be the same remark..."""
MATCHING_WORDS_NAMED = 0.25
"""... or, when both outlets name the same speaker, this share and at least `SHARED_WORDS_NAMED` words."""
SHARED_WORDS_NAMED = 3
_SPAN = re.compile(r"[“\"]([^”\"]+?)(?:[”\"]|$)")
_COLON_SPEECH = re.compile(r"\b(?:said|says|stated|states|told \w+|added|wrote)\s*:\s*(?P<words>.{12,})$", re.I)
_SPOKESPERSON = re.compile(r"spokes(?:person|man|woman)|representative|official communications?", re.I)
_OCCASION = re.compile(
    r"\b(?:podcast|interview|conference|speech|hearing|earnings call|memo|blog post|statement|recently|"
    r"yesterday|last (?:week|month|year|spring|summer|autumn|fall|winter)|this (?:week|month|year))\b",
    re.I,
)


@dataclass(frozen=True)
class Quotation:
    """The quoted words in one sentence of one outlet, with their speaker and occasion as the outlet gives them."""

    source: str
    sentence_id: str
    words: str
    speaker: str | None
    occasion: tuple[str, ...]
    sentence: str

    @property
    def speaker_key(self) -> str | None:
        """Who speaks, comparably across outlets: 'spokesperson', a surname, or None when unknown."""
        return speaker_key(self.speaker)


def speaker_key(speaker: str | None) -> str | None:
    """A speaker as the outlets can be compared on: 'spokesperson' for a company's spokesperson or
    representative, a person's surname, else None ("sources", "the report", an unresolved pronoun)."""
    if speaker is None:
        return None
    if _SPOKESPERSON.search(speaker):
        return "spokesperson"
    people = [e.text for e in named_entities(speaker) if e.label == "PERSON"]
    return people[-1].split()[-1].lower() if people else None


def speaker_of(sentences: tuple[str, ...], sentence_id: str) -> str | None:
    """Who a sentence's words are attributed to (a person or a spokesperson, as `speaker_key`), or None."""
    return speaker_key(_speakers(sentences)[int(sentence_id[1:]) - 1])


@lru_cache(maxsize=64)
def _speakers(sentences: tuple[str, ...]) -> list[str | None]:
    return speakers(list(sentences))


@dataclass(frozen=True)
class QuotationPair:
    """Two outlets' quotations of the same remark, and how their words relate."""

    first: Quotation
    second: Quotation
    relation: Relation
    reversed: tuple[str, ...] = ()
    """The predicates one negates and the other asserts, for a reversal."""


def outlet_quotations(label: str, article: Article) -> list[Quotation]:
    """Every quotation of an outlet, one per sentence it spans (a quotation over two sentences is two), plus
    speech reported after a colon without quotation marks ("he said: Obviously we ...")."""
    texts = [s.text for s in article.sentences]
    who = speakers(texts)
    found = []
    for index, parts in enumerate(_quoted_parts(texts)):
        for part, opened in parts:
            occasion = _occasion(texts[max(0, opened - 1) : opened + 1])
            sentence = article.sentences[index]
            found.append(Quotation(label, sentence.id, part, who[index] or who[opened], occasion, sentence.text))
    return found


def compare(first: Quotation, second: Quotation) -> QuotationPair:
    """How two quotations of the same remark relate."""
    flipped = reversals(first.words, second.words)
    if flipped:
        return QuotationPair(first, second, "reversed", tuple(flipped))
    a, b = _plain(first.words), _plain(second.words)
    if a == b:
        return QuotationPair(first, second, "same")
    shorter, longer = sorted((a, b), key=len)
    return QuotationPair(first, second, "shortened" if shorter in longer else "reworded")


def same_remark(first: Quotation, second: Quotation) -> tuple[float, float]:
    """How much two quotations look like the same remark: the share of the shorter's content words in the
    longer (is it the same remark?) and their Dice overlap (which of several candidates is closest); both 0 when
    their speakers differ."""
    keys = {first.speaker_key, second.speaker_key} - {None}
    a, b = content_stems(first.words), content_stems(second.words)
    if len(keys) > 1 or not a or not b:
        return 0.0, 0.0
    shared = len(a & b)
    return shared / min(len(a), len(b)), 2 * shared / (len(a) + len(b))


def pair_quotations(quotations: dict[str, list[Quotation]]) -> list[QuotationPair]:
    """For each quotation, the best match in every other outlet, compared; each pair once."""
    pairs: dict[tuple[Quotation, Quotation], QuotationPair] = {}
    for label, own in quotations.items():
        for other_label, others in quotations.items():
            if other_label == label:
                continue
            for quotation in own:
                best = max(others, key=lambda o: same_remark(quotation, o)[1], default=None)
                if best is not None and _is_same_remark(quotation, best):
                    key = (quotation, best) if label < other_label else (best, quotation)
                    pairs.setdefault(key, compare(*key))
    return list(pairs.values())


def _is_same_remark(first: Quotation, second: Quotation) -> bool:
    share = same_remark(first, second)[0]
    if first.speaker_key is None or first.speaker_key != second.speaker_key:
        return share >= MATCHING_WORDS
    shared = len(content_stems(first.words) & content_stems(second.words))
    return share >= MATCHING_WORDS or (share >= MATCHING_WORDS_NAMED and shared >= SHARED_WORDS_NAMED)


def _quoted_parts(texts: list[str]) -> list[list[tuple[str, int]]]:
    """Per sentence, the quoted words inside it and the index of the sentence where their quotation opened: a
    quotation that runs over several sentences is cut at them."""
    joined, starts = "", []
    for text in texts:
        starts.append(len(joined))
        joined += text + " "
    parts: list[list[tuple[str, int]]] = [[] for _ in texts]
    for match in _SPAN.finditer(joined):
        opened = max(i for i, start in enumerate(starts) if start <= match.start())
        for index, start in enumerate(starts):
            piece = joined[max(match.start(1), start) : min(match.end(1), start + len(texts[index]))].strip(" ,;")
            if len(piece.split()) >= 3:
                parts[index].append((piece, opened))
    for index, text in enumerate(texts):
        colon = _COLON_SPEECH.search(text)
        if colon and not parts[index]:
            parts[index].append((colon.group("words").strip(), index))
    return parts


def _occasion(texts: list[str]) -> tuple[str, ...]:
    outside = " ".join(_SPAN.sub(" ", t) for t in texts)
    return tuple(dict.fromkeys(m.group(0).lower() for m in _OCCASION.finditer(outside)))


def _plain(words: str) -> str:
    return " ".join(re.findall(r"[a-z0-9']+", normalize_for_match(words)))
