"""How an article presents a sentence: the attribution and hedging cues in it, found without a model.

A sentence that reports what others say ("reportedly", "according to", "sources said", "discussions") or
speculates ("may", "could", "would", "if", "plans to") is not an established fact, and a summary that states
it as one changes the news. These cues are what the summarizer's `presented_as` is checked against.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from summarize.text._entities import parse
from summarize.text._normalize import ENGLISH_FUNCTION_WORDS
from summarize.text._quotes import CONTINUED_QUOTATION

CueKind = Literal["reported", "statement", "speculation"]

_QUOTED = re.compile(rf"{CONTINUED_QUOTATION.pattern}|[“\"][^”\"]*(?:[”\"]|$)")
"""A quotation: an unclosed one runs to the end of the sentence, one closed without opening began in the sentence
before (`CONTINUED_QUOTATION`)."""
_CUES: dict[CueKind, re.Pattern[str]] = {
    "reported": re.compile(
        r"\breportedly\b|\baccording to (?:what was |a |the )?(?:reports?|sources?|people|persons|insiders|documents"
        r"|[A-Z][\w.&'’-]*(?: [A-Z][\w.&'’-]*)*)\b|\b(?:sources?|insiders|people familiar|persons familiar|officials)"
        r"\b[^.]{0,40}\b(?:said|say|says|told|referred|indicated?|indicates|claimed|suggest(?:s|ed)?|familiar)\b|\b(?:was|were|is|are|"
        r"has been|have been) (?:reported|said|understood|believed|rumou?red)\b|\b(?:reports?|reported|reporting)\b"
        r"|\ballegedly\b|\balleged\b|\bdiscuss(?:ed|ions?|ing)\b|\btalks\b|\brumou?rs?\b|\bclaims?\b|\bunconfirmed\b",
        re.IGNORECASE,
    ),
    "statement": re.compile(
        r"\b(?:said|says|told|stated|claimed|announced|added|explained|wrote|noted|insisted|confirmed|denied|argued|affirmed"
        r"|reiterated|remarked|stressed|clarified|commented|responded|acknowledged|admitted|warned)\b"
        r"|\bin a statement\b|\bspokes(?:person|man|woman)\b|\b(?:company|official) representative\b",
        re.IGNORECASE,
    ),
    "speculation": re.compile(
        r"\b(?:may|might|could|would|should)\b|\bif\b|\bwhether\b|\b(?:possibly|possible|likely|unlikely|perhaps|"
        r"potentially|probably)\b|\b(?:expected|plans?|planning|aims?|considering|consider|weighing|hopes?|intends?)"
        r" to\b|\bplans\b|\bspeculat\w*\b|\bconsidering\b|\bmulling\b"
        r"|\b(?:faced?|faces|facing) (?:being|the prospect of)\b|\bthreatened with\b|\bat risk of\b"
        r"|\brisk(?:ed|s)? being\b|\b(?:set|poised) to\b",
        re.IGNORECASE,
    ),
}


@dataclass(frozen=True)
class Cue:
    """One cue: its kind and the words that carry it."""

    kind: CueKind
    text: str


def cues(sentence: str) -> list[Cue]:
    """The attribution and hedging cues of a sentence, outside its quotations (a quote's 'could' is the
    speaker's, and already attributed)."""
    text = _QUOTED.sub(" ", sentence)
    found = []
    for kind, pattern in _CUES.items():
        found += [Cue(kind, m.group(0)) for m in pattern.finditer(text)]
    return found


def presentation(sentence: str) -> tuple[str, list[Cue]]:
    """How the sentence presents what it says, and the cues that show it: reported, speculation, statement
    (someone's words: a speech verb, or a sentence that is mostly a quotation), else established_fact."""
    found = cues(sentence)
    for kind in ("reported", "speculation", "statement"):
        if any(c.kind == kind for c in found):
            return kind, [c for c in found if c.kind == kind]
    outside = _QUOTED.sub(" ", sentence)
    if len(outside.split()) < len(sentence.split()) / 2:
        return "statement", [Cue("statement", "a quotation")]
    return "established_fact", []


def unsupported_certainty(sentences: list[tuple[str, str]]) -> tuple[str, str] | None:
    """For a point stated as established fact that cites these (id, text) sentences: how they present it, and
    the evidence ("S3 reported ('according to what was reported')"), when none of them states it as fact and
    one reports or speculates; else None. The summarizer corrects such a point; the checker flags it."""
    shown = [(sid, *presentation(text)) for sid, text in sentences]
    kinds = [kind for _sid, kind, _cues in shown]
    if not shown or "established_fact" in kinds or not ({"reported", "speculation"} & set(kinds)):
        return None
    kind = "reported" if "reported" in kinds else "speculation"
    evidence = "; ".join(f"{sid} {kind_} ('{cues[0].text}')" for sid, kind_, cues in shown)
    return kind, evidence


def possibility_only(sentences: list[tuple[str, str]]) -> str | None:
    """Where every one of these (id, text) sentences carries a hedge on its main clause ("could be banned", "faced
    being auctioned"), the evidence ("S1 speculation ('could')"); else None. A report of a possibility is still a
    possibility: "Up to 100 teachers could be banned ... into their alleged links" reads as reported, and
    speculates. A hedge inside a side clause leaves the main clause a fact: "Watson ... was arrested ... amid
    revelations of possibly deceptive business practices", "The plant will close, which could affect 300 jobs"."""
    found = [(sid, _main_clause_hedge(text)) for sid, text in sentences]
    if not found or any(cue is None for _sid, cue in found):
        return None
    return "; ".join(f"{sid} speculation ('{cue.text}')" for sid, cue in found if cue is not None)


def _main_clause_hedge(text: str) -> Cue | None:
    """The first speculation cue of the sentence that bears on its main clause (spaCy's parse): the cue is a main
    verb ('faced', 'plans'), its auxiliary or adverb ('could be banned'), or the 'if' of a condition on it."""
    doc = parse(text)
    main = {t for t in doc if t.dep_ == "ROOT"}
    main |= {t for t in doc if t.dep_ == "conj" and t.head in main}
    outside = _QUOTED.sub(lambda m: " " * len(m.group(0)), text)  # the same offsets, quotations blanked
    for match in _CUES["speculation"].finditer(outside):
        cue = Cue("speculation", match.group(0))
        token = next((t for t in doc if t.idx <= match.start() < t.idx + len(t)), None)
        if token is None or token in main:
            return cue
        if token.head in main and token.dep_ in _ON_THE_VERB:
            return cue
        if token.dep_ == "mark" and token.head.dep_ == "advcl" and token.head.head in main:
            return cue
    return None


_ON_THE_VERB = frozenset({"aux", "auxpass", "advmod", "neg", "xcomp", "prep", "acomp", "attr", "prt"})


@dataclass(frozen=True)
class SentenceCues:
    """How one sentence presents what it says, with every attribution and hedging cue in it."""

    id: str
    presented_as: str
    """reported, speculation, statement or established_fact, as `presentation` decides."""
    cues: tuple[Cue, ...]

    @property
    def attributed(self) -> bool:
        """Whether the sentence says who says it: a report, sources, a speech verb, a spokesperson."""
        return any(c.kind in ("reported", "statement") for c in self.cues)

    @property
    def hedged(self) -> bool:
        """Whether the sentence speculates: may, could, would, if, plans to, ..."""
        return any(c.kind == "speculation" for c in self.cues)


def tag_sentences(sentences: Sequence[tuple[str, str]]) -> list[SentenceCues]:
    """Every (id, text) sentence tagged with its cues and presentation, in order; for the ranking and the prompt."""
    tagged = []
    for sentence_id, text in sentences:
        kind, _shown = presentation(text)
        tagged.append(SentenceCues(sentence_id, kind, tuple(cues(text))))
    return tagged


def as_reported(text: str) -> str:
    """A sentence stated as fact, read as the report that its label says it is: "Reportedly, Meta has delayed
    ..."; a sentence with a cue of its own ("sources said", "reportedly", a quotation) is returned unchanged."""
    if presentation(text)[0] != "established_fact":
        return text
    first, _space, rest = text.partition(" ")
    lowered = first.lower() if first.lower() in ENGLISH_FUNCTION_WORDS else first  # "The company" -> "the company"
    return f"Reportedly, {lowered} {rest}".rstrip()
