"""Who said a quotation, from the sentence structure: the subject of a speech verb, or "according to X".

The dependency parse of spaCy's pipeline finds the speaker the article names ("the spokesperson", "Zuckerberg");
a pronoun ("he", "they") is resolved to the nearest speaker or person named just before, and a quotation that
continues the previous sentence's quotation keeps its speaker. Where no rule finds one, the quotation has no
speaker: the summarizer leaves it out rather than guess (the small model, asked, named the wrong person or the
outlet).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from summarize.text._entities import parse
from summarize.text._gender import Gender, article_genders, can_be, pronoun_gender
from summarize.text._names import CAMEL_CASE
from summarize.text._normalize import match_words
from summarize.text._quotes import CONTINUED_QUOTATION, inside_quotation, quoted_ranges, speaker_words

SPEECH_VERBS = frozenset(
    "say tell add state explain write note insist confirm deny argue claim ask reply announce warn declare clarify "
    "acknowledge admit comment respond stress emphasise emphasize mention tweet post remark affirm reiterate assert "
    "contend recall".split()
)
PRONOUNS = frozenset("he she they it we i".split())
_RELATIVES = frozenset({"who", "that", "which"})
_BREAKS = (",", "(", ")", ":", ";")
_OPENING_QUOTES = ("“", '"', "‘", "'")


def speakers(sentences: Sequence[str]) -> list[str | None]:
    """For each sentence, who speaks in it (as the article names them), or None."""
    return [who for who, _before in _resolved(tuple(sentences))]


@lru_cache(maxsize=64)
def _resolved(sentences: tuple[str, ...]) -> list[tuple[str | None, list[str]]]:
    """For each sentence, its speaker and the speakers and people named before it, the latest last."""
    found: list[tuple[str | None, list[str]]] = []
    named: list[str] = []
    genders = article_genders(sentences)
    for index, text in enumerate(sentences):
        said = direct_speaker(text)
        direct = _antecedent(said, named, genders) if said is not None and said.lower() in PRONOUNS else said
        if said is None and index and found[index - 1][0] and text.lstrip().startswith(_OPENING_QUOTES):
            direct = found[index - 1][0]  # a quotation that goes on from the previous sentence's
        found.append((direct, named))
        named = [*named, *_people(text), *([direct] if direct else [])]
    return found


def _antecedent(pronoun: str, named: Sequence[str], genders: dict[str, Gender]) -> str | None:
    """Whom a pronoun means: the person named last whose gender, as the article shows it, the pronoun allows
    (and, for "he" or "she", not a plural: 'The activists'); "they" and "we" take the last one named."""
    gender = pronoun_gender(pronoun)  # "he" or "she": also never a plural
    return next(
        (who for who in reversed(named) if can_be(who, gender, genders) and not (gender and _plural(who))), None
    )


def _plural(phrase: str) -> bool:
    """A plural noun phrase ('The activists'), which a "he" or "she" cannot mean."""
    root = next((t for t in parse(phrase) if t.dep_ == "ROOT"), None)
    return root is not None and root.tag_ == "NNS"  # not NNPS: spaCy tags surnames such as "Amores" so


def quotation_speaker(sentences: Sequence[str], index: int, span: tuple[int, int]) -> str | None:
    """Who says the quotation at characters `span` of sentence `index`: the subject of the speech verb nearest to
    it and outside every quotation ("Janine Gamblen wrote: '...,' while Sarah Edwards added: 'Only in Oldham.'";
    not the "say" of "'You can say I'm hooked,' Josh Hatfield told the Post"), 'according to X' only where
    no speech verb has a subject; "he" or "she" is the person named last before that verb, in the sentence or
    before it, that the article does not show to be of the other gender; with no speech verb, the sentence's
    speaker as `speakers` finds it (a quotation going on from the previous sentence's)."""
    text = sentences[index]
    found = _outside_quotations(text)
    verbs = [(offset, who) for offset, who in found if not text[offset:].lower().startswith("according")]
    if not found:
        return speakers(sentences)[index]
    offset, who = min(verbs or found, key=lambda attribution: _distance(attribution[0], span))
    if who.lower() in ("he", "she"):
        before = [*_resolved(tuple(sentences))[index][1], *_people(_unquoted(text[:offset]))]
        return _antecedent(who, before, article_genders(tuple(sentences)))
    if who.lower() in PRONOUNS:
        return speakers(sentences)[index]
    return who


def name_and_role(speaker: str) -> tuple[str, str | None]:
    """A speaker as a name and the title or description before it, kept apart ("Three-time Formula One champion
    Niki Lauda" -> "Niki Lauda", "Three-time Formula One champion"); the phrase as it is, and no role, where it
    does not end with one person's name."""
    people = [e for e in parse(speaker).ents if e.label_ == "PERSON"]
    if len(people) != 1 or people[0].end_char != len(speaker.rstrip(" ,.")) or people[0].start_char == 0:
        return speaker, None
    role = speaker[: people[0].start_char].strip(" ,")
    return people[0].text, role or None


def _unquoted(text: str) -> str:
    """The text with its quotations blanked out (a name inside a quotation is not who speaks it)."""
    for start, end in quoted_ranges(text):
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _distance(offset: int, span: tuple[int, int]) -> int:
    start, end = span
    return start - offset if offset < start else max(0, offset - end)


@lru_cache(maxsize=2048)
def direct_speaker(text: str) -> str | None:
    """The subject of the sentence's first speech verb outside a quotation (a verb joined to another by "and"
    shares its subject; a relative "who" is the noun it follows), or the X of 'according to X'; None when there is
    neither."""
    found = _outside_quotations(text)
    return found[0][1] if found else None


def _outside_quotations(text: str) -> list[tuple[int, str]]:
    """The sentence's attributions whose verb is not inside a quotation ('June said ...' quoted by another)."""
    quoted = quoted_ranges(text)
    return [(at, who) for at, who in _attributions(text) if not inside_quotation(at, quoted)]


@lru_cache(maxsize=2048)
def _attributions(text: str) -> tuple[tuple[int, str], ...]:
    """Every (offset of the verb, speaker) the sentence structure gives, in order."""
    found = []
    for token in parse(text):
        if token.lemma_.lower() in SPEECH_VERBS and token.pos_ in ("VERB", "AUX"):
            subjects = _subjects(token) or (_subjects(token.head) if _shares_subject(token) else [])
            if subjects and subjects[0].lower_ in _RELATIVES:  # "a singer who claims": the noun it follows
                subjects = [token.head] if token.dep_ == "relcl" else []  # a "which" left unresolved names no one
            if subjects and (speaker := _phrase(subjects[0])):
                found.append((token.idx, speaker))
        if token.lower_ == "according":
            for preposition in (c for c in token.children if c.dep_ == "prep"):
                for target in (c for c in preposition.children if c.dep_ == "pobj"):
                    if speaker := _phrase(target):
                        found.append((token.idx, speaker))
    return tuple(found)


def _shares_subject(verb: Any) -> bool:
    """A verb joined right after "and" ("confessed to the crime and told her"): its subject is its head's. Not
    one with its own subject the parse missed ("X should sign and a spokesman told Techcrunch")."""
    before = [t for t in verb.doc[: verb.i] if t.pos_ not in ("ADV", "PART")]
    return verb.dep_ == "conj" and bool(before) and before[-1].lower_ in ("and", "but", "or", "then", ",")


def _subjects(verb: Any) -> list[Any]:
    return [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]


def _phrase(token: Any) -> str | None:
    """The speaker as the sentence names them, without a relative clause ('a singer who claims ...') or what
    a comma or bracket sets off ('His mother Lucy, 32, of Upminster'; 'Another local, Richard Rhoades, who ...'),
    a name in apposition joined to its description ("Luna's lawyer, Jim Berry," -> "Luna's lawyer Jim Berry");
    None for a bare common noun, which names no one ('peace')."""
    words = _segment(token)
    appositions = [c for c in token.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
    if token.pos_ != "PROPN" and appositions:
        words += _segment(appositions[0])
    phrase = " ".join(t.text for t in words).replace(" ’s", "’s").replace(" 's", "'s").strip(" ,")
    phrase = phrase.lstrip('"“”‘ ')  # a quotation's closing mark taken in: '" Watson's attorney Lanny Breuer'
    first = words[0] if words else token
    named = any(c.isupper() for c in phrase) or first.pos_ in ("DET", "PRON") or first.dep_ == "poss"
    return phrase if phrase and named else None


def _segment(token: Any) -> list[Any]:
    """The words of a token's phrase between the commas or brackets around it, without its clauses and
    appositions."""
    aside = {t.i for c in token.children if c.dep_ in ("relcl", "acl", "appos") for t in c.subtree}
    breaks = [t.i for t in token.subtree if t.text in _BREAKS]
    start = max((i for i in breaks if i < token.i), default=-1)
    end = min((i for i in breaks if i > token.i), default=len(token.doc))
    return [t for t in token.subtree if start < t.i < end and t.i not in aside]


@lru_cache(maxsize=2048)
def _people(text: str) -> tuple[str, ...]:
    """The people (the recogniser's PERSON names) the text names outside its quotations, in order; not a name with
    an organisation's inner capital (md's recogniser calls sample a's "xAI" a person, who then took Zuckerberg's
    "he remarked")."""
    quoted = quoted_ranges(text)
    return tuple(
        e.text
        for e in parse(text).ents
        if e.label_ == "PERSON" and not inside_quotation(e.start_char, quoted) and not CAMEL_CASE.search(e.text)
    )


QUOTED_RUN = 6
"""Words in a row of a quotation that make a claim the quotation's (fewer may be a shared phrase)."""


def unattributed_quotation(claim: str, sentences: Sequence[tuple[str, str]]) -> str | None:
    """The speaker of a quotation whose words `claim` keeps (`QUOTED_RUN` or more in a row) while naming neither
    them nor any speech ('as good a four days of cricket as you could wish for' from '"...," Vaughan told Test
    Match Special'): an opinion passed off as the summary's own. None when the claim says who spoke, or keeps no
    quotation of a sentence whose speaker the structure names."""
    if _says_who_spoke(claim):
        return None
    words = match_words(claim)
    runs = _runs(words)
    for _sentence_id, text in sentences:
        speaker = direct_speaker(text)
        if speaker is None:
            continue
        for start, end in quoted_ranges(text) or _continued(text):
            kept = _runs(match_words(text[start:end])) & runs
            if kept and not set(speaker_words(speaker)) & set(words):
                return speaker
    return None


def _runs(words: Sequence[str]) -> set[tuple[str, ...]]:
    """Every `QUOTED_RUN` words in a row."""
    return {tuple(words[i : i + QUOTED_RUN]) for i in range(len(words) - QUOTED_RUN + 1)}


def _continued(text: str) -> list[tuple[int, int]]:
    """The quotation this sentence closes after the sentence before opened it, as a range (or none)."""
    match = CONTINUED_QUOTATION.match(text)
    return [(0, match.end())] if match else []


def _says_who_spoke(claim: str) -> bool:
    lemmas = {t.lemma_.lower() for t in parse(claim)}
    return bool(lemmas & SPEECH_VERBS) or "according" in lemmas
