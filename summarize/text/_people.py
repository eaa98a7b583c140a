"""The people and organisations an article names, from spaCy's recogniser, with roles from the article's words.

en_core_web_sm's labels are noisy on news ("Superintelligence Lab" as a person, "OpenAI" as a place, "Meta
Discussion" as one organisation, "CEO" inside a name), so rules clean each mention before mentions are merged:
possessives are stripped ("Meta's" -> "Meta"), a span is cut at a possessive or a lowercase word that cannot be
inside a name, a title is never a name, acronyms of common terms ("AI") and words the article otherwise writes in
lowercase ("Discussion", "Change") are dropped, names with an organisation's ending ("Lab", "AI", "Times") or an
inner capital ("TechCrunch") are organisations, and names the article uses for a product ("the Llama family", "AI
model, Behemoth") are left out. A later "Zuckerberg" is the earlier "Mark Zuckerberg". Roles come only from a
title before the name ("CEO Mark Zuckerberg", "The CEO of Meta Mark Zuckerberg"), an apposition after it
("Mark Zuckerberg, Meta's chief executive"), or an organisation cited as a report's source; else None.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from summarize.text._entities import parse

Kind = Literal["person", "organization"]

_TITLE = (
    r"(?i:co-?founder|founder|CEO|CFO|CTO|COO|chief executive(?: officer)?|chief \w+ officer|chair(?:man|woman)?"
    r"|(?:vice )?president|director|head|spokes(?:person|man|woman)|(?:prime )?minister|secretary|senator|governor"
    r"|mayor|professor|analyst|executive|manager|coach|editor|reporter|researcher|scientist|lawyer|judge)"
)
TITLES = re.compile(rf"^(?:the |a |an )?{_TITLE}s?$", re.IGNORECASE)
"""A title alone (never a person's name)."""
_NAME = r"[A-Z][\w&.’'-]*(?: [A-Z][\w&.’'-]*)*"
_TITLE_BEFORE = re.compile(rf"(?:(?P<org>{_NAME})(?:’s|'s)? )?(?P<title>{_TITLE})(?: of (?P<of>{_NAME}))?,? $")
_APPOSITION = re.compile(
    rf"^, (?:the |a |an )?(?P<role>(?:{_NAME}(?:’s|'s) )?(?:[\w-]+ ){{0,2}}?{_TITLE}"
    rf"(?: (?:of|at|for) (?:the )?{_NAME})?)\b"
)
_SOURCE = (
    r"(?:according to (?:a |the )?(?:report|reports|story) (?:by|in|from) |reports? (?:by|from|in) "
    r"|(?:told|(?:said|affirmed|confirmed|stated) to) |reports )"
)
_PRODUCT_BEFORE = re.compile(r"\b(?:model|models|assistant|chatbot|app)(?: known as| called| named)? (?:the )?$")
_GENERIC = frozenset("AI AGI AG API GPT CEO CFO CTO COO LLM US UK EU UN".split())
_ORG_ENDINGS = frozenset(
    "lab labs laboratory ai inc inc. corp corp. corporation company co co. group times post journal news university "
    "institute agency ministry department council committee party association foundation bank fund ltd llc plc "
    "reuters press media network".split()
)
_PRODUCT_NOUNS = frozenset("model models family series assistant app chatbot chip platform software".split())
_CONNECTORS = frozenset({"of", "and", "&", "de", "for", "the", "van", "von", "da", "del"})
_LABELS: dict[str, Kind] = {"PERSON": "person", "ORG": "organization"}
_CAMEL = re.compile(r"[a-z][A-Z]")


@dataclass(frozen=True)
class StoryEntity:
    """A person or organisation the article names: the fullest name it uses, the role it states (or None), and
    the ids of the sentences that name them."""

    name: str
    kind: Kind
    role: str | None
    sentence_ids: tuple[str, ...]


@dataclass(frozen=True)
class _Mention:
    name: str
    kind: str
    """spaCy's label before cleaning, then person or organization."""
    sentence_id: str
    start: int
    end: int
    product: bool


def story_entities(sentences: Sequence[tuple[str, str]]) -> list[StoryEntity]:
    """The people and organisations in these (id, text) sentences, merged across mentions, in order of first
    mention (one cached spaCy parse per sentence)."""
    texts = dict(sentences)
    common = _common_words(texts.values())
    raw = [m for sid, text in sentences for m in _mentions(sid, text)]
    known = {m.name for m in raw}
    mentions = [m for m in (_cleaned(r, known, common) for r in raw) if m is not None]
    organizations = {m.name for m in mentions if m.kind == "organization"}
    mentions = [_without_leading_organization(m, organizations, texts[m.sentence_id]) for m in mentions]
    groups = [g for g in _merge(mentions) if not any(m.product for m in g) and not _stray(g, texts)]
    return [_entity(group, texts, organizations) for group in groups]


def _stray(group: list[_Mention], texts: dict[str, str]) -> bool:
    """A one-word name seen once, just after a colon: a list item's first word ('Promotes'), not a name."""
    (first, *others) = group
    return not others and " " not in first.name and texts[first.sentence_id][: first.start].endswith(": ")


def _mentions(sentence_id: str, text: str) -> list[_Mention]:
    """The raw mentions of one sentence: spans cut into names, each with spaCy's label mapped to a kind."""
    found = []
    for span in parse(text).ents:
        if span.label_ not in ("PERSON", "ORG", "GPE", "NORP", "PRODUCT"):
            continue
        product = (span.root.head.lemma_.lower() in _PRODUCT_NOUNS and span.root.dep_ in ("compound", "appos")) or bool(
            _PRODUCT_BEFORE.search(text[: span.start_char])
        )
        for name, start in _pieces(span.text, span.start_char):
            found.append(_Mention(name, span.label_, sentence_id, start, start + len(name), product))
    return found


def _cleaned(mention: _Mention, known: set[str], common: set[str]) -> _Mention | None:
    """The mention trimmed, with its kind, or None where it is no person's or organisation's name."""
    name, start = (mention.name, mention.start) if mention.product else _trim(mention, known, common)
    kind = _kind(name, mention.kind)
    if kind is None or not _is_name(name, common):
        return None
    return _Mention(name, kind, mention.sentence_id, start, start + len(name), mention.product)


def _pieces(text: str, start: int) -> list[tuple[str, int]]:
    """A span cut into names: at a possessive, at a lowercase word that is not a connector, from an inner 'the'."""
    pieces: list[tuple[list[str], int]] = []
    current: list[str] = []
    offset = start
    position = start
    for word in re.split(r"( +)", text):
        if not word.strip():
            position += len(word)
            continue
        owner = re.match(r"^(.*?)(?:’s|'s|‘s)$", word)
        lowercase = word[0].islower() and word not in _CONNECTORS
        if word == "the" and current:
            pieces.append((current, offset))
            current, offset = [], position
        if lowercase:
            pieces.append((current, offset))
            current, offset = [], position + len(word) + 1
        elif owner:
            current.append(owner.group(1))
            pieces.append((current, offset))
            current, offset = [], position + len(word) + 1
        else:
            current.append(word)
        position += len(word)
    pieces.append((current, offset))
    return [(_clean(words), at) for words, at in pieces if _clean(words)]


def _trim(mention: _Mention, known: set[str], common: set[str]) -> tuple[str, int]:
    """A name without the article's common words around another name it uses on its own: 'Meta Discussion' ->
    'Meta', 'Zuckerberg Open Source' -> 'Zuckerberg', 'the Future of AI Models Meta' -> 'Meta'. A person's
    first name stays ('Mark' is also a verb)."""
    name, start, words = mention.name, mention.start, mention.name.split(" ")
    for cut in range(len(words) - 1, 0, -1):
        if " ".join(words[:cut]) in known and all(_filler(w, common) for w in words[cut:]):
            return " ".join(words[:cut]), start
    for cut in range(1, len(words) if mention.kind != "PERSON" else 1):
        if " ".join(words[cut:]) in known and all(_filler(w, common) for w in words[:cut]):
            return " ".join(words[cut:]), start + len(" ".join(words[:cut])) + 1
    return name, start


def _filler(word: str, common: set[str]) -> bool:
    return word in ("The", "the") or _common(word, common) or word.upper() in _GENERIC


def _common(word: str, common: set[str]) -> bool:
    lowered = word.lower()
    return lowered in common or lowered.rstrip("s") in common


def _clean(words: list[str]) -> str:
    name = " ".join(words).strip(" .,;:!?‘’'\"“”()")
    name = re.sub(r"^(?:the|a|an) ", "", name, flags=re.IGNORECASE) if len(words) < 3 else name
    return re.sub(r"^the ", "The ", name)


def _kind(name: str, label: str) -> Kind | None:
    if not name:
        return None
    last = name.split()[-1].lower()
    if last in _ORG_ENDINGS or _CAMEL.search(name):
        return "organization"
    return _LABELS.get(label)


def _is_name(name: str, common: set[str]) -> bool:
    """Not a title, not a common acronym, not words the article otherwise writes in lowercase, not all capitals."""
    words = [w for w in re.split(r"[ -]", name.removeprefix("The ")) if w]
    if not words or TITLES.match(name) or name.upper() in _GENERIC or all(w in _GENERIC for w in words):
        return False
    if len(name) > 4 and name.isupper():
        return False
    return not all(_common(w, common) or w.upper() in _GENERIC for w in words)


def _common_words(texts: Any) -> set[str]:
    """Words (and their lemmas) the article writes in lowercase more often than capitalised inside a sentence."""
    lower: Counter[str] = Counter()
    upper: Counter[str] = Counter()
    for text in texts:
        for token in parse(text):
            if not token.is_alpha:
                continue
            keys = {token.lower_, token.lemma_.lower()}
            if token.text.islower():
                lower.update(keys)
            elif token.i > 0 and token.text[0].isupper():
                upper.update(keys)
    return {word for word, count in lower.items() if count >= upper[word]}


def _without_leading_organization(mention: _Mention, organizations: set[str], text: str) -> _Mention:
    """'Meta Mark Zuckerberg' (from 'The CEO of Meta Mark Zuckerberg') is Mark Zuckerberg."""
    if mention.kind != "person":
        return mention
    for organization in sorted(organizations, key=len, reverse=True):
        rest = mention.name.removeprefix(organization + " ")
        if rest != mention.name and rest[:1].isupper():
            start = mention.end - len(rest)
            return _Mention(rest, "person", mention.sentence_id, start, mention.end, mention.product)
    return mention


def _merge(mentions: list[_Mention]) -> list[list[_Mention]]:
    """Mentions grouped by name: a single word joins the longer name it ends ('Zuckerberg', 'Times')."""
    full = sorted({m.name for m in mentions}, key=lambda n: -len(n.split()))
    canonical: dict[str, str] = {}
    for name in full:
        key = name.removeprefix("The ").lower()
        longer = [c for c in canonical.values() if c.lower().endswith(" " + key) and len(name.split()) == 1]
        canonical[name] = longer[0] if longer else next((c for c in canonical.values() if c.lower() == key), name)
    groups: dict[str, list[_Mention]] = {}
    for mention in mentions:
        groups.setdefault(canonical[mention.name], []).append(mention)
    return list(groups.values())


def _entity(group: list[_Mention], texts: dict[str, str], organizations: set[str]) -> StoryEntity:
    kinds = Counter(m.kind for m in group)
    kind: Kind = "person" if kinds["person"] > kinds["organization"] else "organization"
    name = max((m.name for m in group), key=lambda n: (len(n.split()), n[:1].isupper()))
    roles = [_role(m, texts[m.sentence_id], kind, organizations) for m in group]
    role = next((r for r in roles if r), None)
    return StoryEntity(name, kind, role, tuple(dict.fromkeys(m.sentence_id for m in group)))


def _role(mention: _Mention, text: str, kind: Kind, organizations: set[str]) -> str | None:
    before, after = text[: mention.start], text[mention.end :]
    if kind == "organization":
        source = re.search(rf"{_SOURCE}(?:the )?$", before, re.IGNORECASE)
        return "cited as a source" if source else None
    titled = _TITLE_BEFORE.search(before)
    if titled:
        of = titled.group("of") or titled.group("org")
        return f"{titled.group('title')} of {of}" if of in organizations else titled.group("title")
    apposition = _APPOSITION.match(after)
    return apposition.group("role") if apposition else None
