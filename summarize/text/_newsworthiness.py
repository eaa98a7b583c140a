"""Which sentences carry the news: a ranking of an article's sentences without a model.

A sentence is newsworthy when it is about what the headline and the rest of the article are about (its terms are
central), says who says it (a named source, an attribution), is concrete (names, numbers, dates, quotations) and
comes early. Framing is not news: rhetorical questions, headings, "In the rapidly evolving world of...", calls to
read more, the outlet's own conclusions ("This suggests...", "only time will tell"); such sentences are flagged
and sink. Unattributed speculation ("could", "would") counts against a sentence. The weights were tuned on half
of 75 CNN/DM validation articles (`evals/benchmark_extractive.py`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from summarize.text._cues import tag_sentences
from summarize.text._entities import parse, parse_all
from summarize.text._normalize import word_overlap

_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "EVENT", "PRODUCT", "LAW", "LOC"})
_FACT_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "QUANTITY", "ORDINAL"})
_QUOTE = re.compile(r"[“\"‘][^”\"’]{8,}")
_FRAMING = re.compile(
    r"^(?:in|amid) (?:the|today[’']s) (?:\w+ ){0,2}(?:evolving|changing|paced|moving|dynamic) (?:world|landscape|era)"
    r"|\bfor those (?:tracking|following|interested|who)\b|\b(?:learn|read|find out|discover) more\b"
    r"|\bscroll down for videos?\b"
    r"|\bsubscribe\b|\bsign up\b|\bnewsletter\b|\bfollow us\b|\bclick here\b|\bexplore our\b|\bstay tuned\b"
    r"|\bremains to be seen\b|\bonly time will tell\b|\btime will tell\b|^(?:in )?conclusion\b|^(?:consider|imagine)\b"
    r"|\bat a crossroads\b|\bsends? ripples\b|\bpivotal (?:moment|juncture)\b|\bgame[- ]changer\b"
    r"|\bwhat does (?:this|it) mean\b|\bwhy (?:it|this) matters\b|\bundoubtedly\b|\bis crucial\b"
    r"|^(?:this|these|such|the) (?:\w+ ){0,2}(?:suggests?|highlights?|underscores?|reflects?|signals?|illustrates?"
    r"|leaves|risks)\b|^this (?:ambiguity|uncertainty)\b|^(?:the )?(?:outcome|future) will\b",
    re.IGNORECASE,
)


_PHOTO_CAPTION = re.compile(r"^FILE\b|\((?:AP|Reuters|AFP|Getty Images)(?: Photo)?[/)]")
"""A wire photo's caption kept in the text ("FILE - Steve Johnson, right, and his wife...", "(AP Photo/Rick
Rycroft, File)"): it describes a picture, often an old one, not the news."""


_CAPTION_LABEL = re.compile(
    r"^(?!(?:With|In|On|At|For|From|After|Before|During|Of|To|By|As|When|If)\b)"
    r"[A-Z][\w'’-]*(?: [\w'’-]+){0,2}: (?=[A-Z'‘\"“])"
)
"""Daily Mail's caption form, a label and a colon ("Close ties: ...", "Wanted: Police in Maryland ..."): it
describes a picture beside the story. A label with a verb of saying ("He said: ...") is speech, not a caption."""
_SAYING = re.compile(r"\b(?:said|says|told|tells|added|adds|explained|wrote|writes|asked|insisted|replied|stated)\b")
_TITLE_WORDS = frozenset("of the a an in on at to for and or with by from".split())


def caption_label(text: str) -> str | None:
    """The label of a sentence that opens as a Daily Mail caption does ("Close ties: Soumbadze has been..."), or
    None: a few words and a colon, then a clause, not a title ("Avengers: Age of Ultron"), and no verb of saying in
    the label ("A spokeswoman said: 'We...'" is speech)."""
    stripped = text.strip()
    label = _CAPTION_LABEL.match(stripped)
    if label and not _SAYING.search(label.group(0)) and _clause_follows(stripped[label.end() :]):
        return label.group(0).strip()
    return None


def needs_next_word(piece: str) -> bool:
    """Whether a piece of text ends in a word that needs the next one, so that a cut after it breaks a sentence: a
    preposition or article ("uploaded to" LiveLeak: ...), or a verb of saying before a name ("told MailOnline"
    Travel: ...)."""
    words = piece.split()
    return bool(words) and (
        words[-1].lower() in _TITLE_WORDS or (len(words) >= 2 and _SAYING.fullmatch(words[-2].lower()) is not None)
    )


def _clause_follows(text: str) -> bool:
    """A clause, not a title, after a label: a lower-case word among the next four that is no title's small word
    ("Avengers: Age of Ultron" is a film)."""
    return any(word[:1].islower() and word.lower() not in _TITLE_WORDS for word in text.split()[:4])


_MEDIA_POINTER = re.compile(
    r"\b(?:video|footage|clip|pictures|photos|gallery|interview)\b[^.]{0,40}\b(?:above|below|here"
    r"|at the (?:top|bottom) of (?:this|the) (?:story|page|article))\b"
    r"|\b(?:watch|see) (?:the|our) (?:video|footage|pictures|gallery)\b",
    re.IGNORECASE,
)
"""A pointer to other media ("The video can be seen at the top of this story", "Watch the video below")."""


_RELATIVE_OPENING = re.compile(r"(?:And |But )?(?:which|who)\b", re.IGNORECASE)
"""A sentence that is the relative clause of the one before ("And which still, despite its dire current results,
has two world champions in the cockpit"): it says nothing on its own."""


_TURN = re.compile(
    r"^(?:However|But|Yet),? (?:\w+ ){0,2}(?:now|recent(?:ly)?|latest|new|reportedly|reports?"
    r"|this (?:week|month|year)|today|yesterday)\b"
)
"""A turn from background to the news ("However, recent reports from The New York Times suggest...", "But now"):
a contrast opening the sentence, then within three words one that makes what follows new or reported. Further
on, such a word said nothing: the first version, which looked at the whole sentence, took a match report's lead
for background before "But if you show like today that you cannot cope..." (FRANK's BBC articles)."""
DELAYED_LEDE = 4
"""How early among the sentences that are not framing a turn must come for what precedes it to be background.
Later, a "But yesterday judges said" is a development of a story whose lead is already news (CNN/DM)."""


@dataclass(frozen=True)
class Weights:
    """How much each feature of a sentence counts towards its score (tuned on CNN/DM's development half)."""

    title: float = 0.5
    """Not tuned: CNN/DM articles come without a title."""
    centrality: float = 1.0
    attribution: float = 0.25
    concrete: float = 0.25
    position: float = 2.0
    speculation: float = 0.0
    """Tuned to 0: CNN/DM's highlights keep hedged sentences ("could face"), so unattributed hedges are not
    penalised by default; framing phrases still are."""
    framing: float = 0.25
    """A framing sentence's score is multiplied by this."""


@dataclass(frozen=True)
class SentenceFeatures:
    """What the ranking reads in one sentence, each in [0, 1]; `framing` says why it is not news, or None."""

    id: str
    title: float
    centrality: float
    attribution: float
    concrete: float
    position: float
    speculation: float
    framing: str | None
    background: bool = False
    """Before a delayed lede's turn ("For years, Meta has built..." then "However, recent reports..."): it keeps
    its other features, but its place is not the lead's (position 0)."""


@dataclass(frozen=True)
class RankedSentence:
    """One sentence's newsworthiness: its score, its rank (1 is the most newsworthy) and its framing flag."""

    id: str
    score: float
    rank: int
    framing: bool
    why_framing: str | None
    features: SentenceFeatures


def sentence_features(sentences: Sequence[tuple[str, str]], title: str | None = None) -> list[SentenceFeatures]:
    """The features of every (id, text) sentence, in order: one spaCy parse per sentence, cached by text."""
    docs = parse_all([text for _id, text in sentences])
    terms = [_terms(doc) for doc in docs]
    document_frequency = Counter(t for sentence_terms in terms for t in sentence_terms)
    title_terms = _terms(parse(title)) if title else set()
    centrality = [_centrality(t, document_frequency) for t in terms]
    top = max(centrality, default=0.0) or 1.0
    tags = tag_sentences(sentences)
    found, place = [], 0
    for index, ((sentence_id, text), doc) in enumerate(zip(sentences, docs, strict=True)):
        framing = _framing(doc, text)
        found.append(
            SentenceFeatures(
                id=sentence_id,
                title=len(terms[index] & title_terms) / len(title_terms) if title_terms else 0.0,
                centrality=centrality[index] / top,
                attribution=_attribution(doc, tags[index].attributed),
                concrete=_concreteness(doc, text),
                position=_position(place),
                speculation=float(tags[index].hedged and not tags[index].attributed),
                framing=framing,
            )
        )
        place += framing is None  # framing before the news does not push the lead down
    return _delayed_lede(found, [text for _id, text in sentences])


def _delayed_lede(features: list[SentenceFeatures], texts: list[str]) -> list[SentenceFeatures]:
    """Where one of the first `DELAYED_LEDE` sentences that are not framing turns to the news, the ones before it
    are background: their position is 0 and the lead's place starts at the turn."""
    news = [i for i, f in enumerate(features) if f.framing is None][:DELAYED_LEDE]
    turn = next((i for i in news[1:] if _TURN.match(texts[i].strip())), None)
    if turn is None:
        return features
    moved, place = [], 0
    for index, found in enumerate(features):
        if index < turn:
            moved.append(found if found.framing else replace(found, position=0.0, background=True))
            continue
        moved.append(replace(found, position=_position(place)))
        place += found.framing is None
    return moved


def _position(place: int) -> float:
    """The position feature of the sentence with `place` sentences of the story before it (framing not counted)."""
    return 1.0 / (1.0 + place / 3.0)


def score(features: SentenceFeatures, weights: Weights) -> float:
    """One sentence's newsworthiness under `weights`."""
    value = (
        weights.title * features.title
        + weights.centrality * features.centrality
        + weights.attribution * features.attribution
        + weights.concrete * features.concrete
        + weights.position * features.position
        - weights.speculation * features.speculation
    )
    return value * weights.framing if features.framing else value


def rank_features(features: Sequence[SentenceFeatures], weights: Weights | None = None) -> list[RankedSentence]:
    """Scores and ranks for precomputed features, in article order (ties go to the earlier sentence)."""
    chosen = weights or Weights()
    scores = [score(f, chosen) for f in features]
    order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
    ranks = {index: place for place, index in enumerate(order, start=1)}
    return [
        RankedSentence(f.id, round(s, 4), ranks[i], f.framing is not None, f.framing, f)
        for i, (f, s) in enumerate(zip(features, scores, strict=True))
    ]


def rank_sentences(
    sentences: Sequence[tuple[str, str]], title: str | None = None, weights: Weights | None = None
) -> list[RankedSentence]:
    """Every (id, text) sentence of an article with its newsworthiness score, rank and framing flag, in order."""
    return rank_features(sentence_features(sentences, title), weights)


def most_newsworthy(ranked: Sequence[RankedSentence], count: int) -> list[str]:
    """The ids of the `count` best-ranked sentences that are not framing, in article order."""
    news = sorted((r for r in ranked if not r.framing), key=lambda r: r.rank)[:count]
    return [r.id for r in sorted(news, key=lambda r: ranked.index(r))]


REPEATS = 0.6
"""Share of a sentence's words found in a better-ranked one beyond which it repeats that one."""


def distinct_newsworthy(
    ranked: Sequence[RankedSentence], texts: dict[str, str], count: int, overlap: float = REPEATS
) -> list[str]:
    """The ids of the `count` best-ranked sentences that are not framing, best first, leaving out a sentence
    that mostly repeats one already chosen (outlets restate their news: "reportedly discussed ..." twice)."""
    chosen: list[str] = []
    for sentence in sorted((r for r in ranked if not r.framing), key=lambda r: r.rank):
        text = texts[sentence.id]
        if len(chosen) == count:
            break
        if all(max(word_overlap(text, texts[c]), word_overlap(texts[c], text)) < overlap for c in chosen):
            chosen.append(sentence.id)
    return chosen


def _terms(doc: Any) -> set[str]:
    return {t.lemma_.lower() for t in doc if t.pos_ in _CONTENT_POS and not t.is_stop and t.is_alpha and len(t) > 1}


def _centrality(terms: set[str], document_frequency: Counter[str]) -> float:
    """How much of the rest of the article shares this sentence's terms (the sentence's own mention left out)."""
    if not terms:
        return 0.0
    return sum(math.log1p(document_frequency[t] - 1) for t in terms) / math.sqrt(len(terms))


def _attribution(doc: Any, attributed: bool) -> float:
    """1 for an attribution to a named source (a person or organisation in the sentence), 0.5 for an unnamed one."""
    if not attributed:
        return 0.0
    return 1.0 if any(e.label_ in ("PERSON", "ORG") for e in doc.ents) else 0.5


def _concreteness(doc: Any, text: str) -> float:
    names = {e.text for e in doc.ents if e.label_ in _NAME_LABELS}
    facts = {e.text for e in doc.ents if e.label_ in _FACT_LABELS}
    quoted = 1 if _QUOTE.search(text) else 0
    return min(1.0, (len(names) + len(facts) + quoted) / 3.0)


def _framing(doc: Any, text: str) -> str | None:
    """Why a sentence is framing rather than news, or None."""
    stripped = text.strip()
    match = _FRAMING.search(stripped)
    if match:
        return f"framing phrase ({match.group(0).strip()!r})"
    if _PHOTO_CAPTION.search(stripped):
        return "photo caption"
    label = caption_label(stripped)
    if label:
        return f"photo caption ({label!r})"
    if _MEDIA_POINTER.search(stripped):
        return "a pointer to other media"
    if _RELATIVE_OPENING.match(stripped) and not stripped.endswith("?"):
        return "fragment (a relative clause)"
    if stripped.endswith("?") and not _QUOTE.search(stripped):
        return "rhetorical question"
    words = [t for t in doc if t.is_alpha]
    if len(words) >= 3 and sum(t.text[0].isupper() for t in words) / len(words) > 0.6:
        return "heading"
    if not any(t.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for t in doc):
        return "fragment (no subject)"
    return None
