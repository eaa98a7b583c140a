"""The people and organisations an article names, from spaCy's recogniser, with roles from the article's words.

en_core_web_sm's labels are noisy on news ("Superintelligence Lab" as a person, "OpenAI" as a place, "Meta
Discussion" as one organisation, "CEO" inside a name, a lone "Adebayor" as an organisation), so rules clean each
mention before mentions are merged: possessives are stripped ("Meta's" -> "Meta"), a span is cut at a possessive,
a comma, a quoted nickname or a lowercase word that cannot be inside a name, an honorific or a title before a name
is cut off and makes it a person's ("Ms Kunis", "Founder Yen Reis"), acronyms of common terms ("AI") and words the
article otherwise writes in lowercase ("Discussion", "Change") are dropped, and names the article uses for a
product ("the Llama family", "AI model, Behemoth") are left out. Mentions merge by name, accents folded: a later
"Zuckerberg" is the earlier "Mark Zuckerberg", a lone "Kristina" the one "Kristina Karo". Each merged name is then
decided as a whole: an organisation's ending ("Lab", "Times") or an inner capital ("TechCrunch", not "McCoy") makes
an organisation, an honorific a person, else the majority of spaCy's labels of the full name; a name mostly
labelled a place, a work or an event ("Aurora", "Frozen") is not listed. Roles come only from a title before the
name ("CEO Mark Zuckerberg", "The CEO of Meta Mark Zuckerberg"), an apposition after it ("Mark Zuckerberg, Meta's
chief executive"), or an organisation cited as a report's source; else None.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from summarize.text._census_names import is_first_name, is_surname
from summarize.text._entities import english_words, parse
from summarize.text._gender import article_genders
from summarize.text._names import CAMEL_CASE
from summarize.text._speakers import PRONOUNS, direct_speaker

Kind = Literal["person", "organization"]

_TITLE = (
    r"(?i:co-?founder|founder|CEO|CFO|CTO|COO|chief executive(?: officer)?|chief \w+ officer|chair(?:man|woman)?"
    r"|(?:vice )?president|director|head|spokes(?:person|man|woman)|(?:prime )?minister|secretary|senator|governor"
    r"|mayor|professor|analyst|executive|manager|coach|editor|reporter|researcher|scientist|lawyer|judge"
    r"|trooper|sergeant|detective|constable|lieutenant|inspector|officer|actor|actress|singer|rapper|comedian"
    r"|presenter|broadcaster|journalist|author|novelist|striker|midfielder|defender|goalkeeper|winger|captain|boss"
    r"|jockey|trainer|footballer|cricketer|boxer|teacher|student|pupil|schoolboy|schoolgirl|teenager)"
)
_NOBLE = r"(?:Duke|Duchess|Prince|Princess|King|Queen|Earl|Countess|Baron|Baroness)"
"""A title of nobility or royalty: part of the name, and a person's ('The Duchess of Cambridge', 'Prince
George'); alone, never a person."""
TITLES = re.compile(rf"^(?:the |a |an )?(?:{_TITLE}|{_NOBLE})s?$", re.IGNORECASE)
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
_PRODUCT_BEFORE = re.compile(
    r"\b(?:model|models|chatbot|app|website|blog|book|(?<!to )show|programme|documentary|film|movie|comedy|drama"
    r"|sitcom|cartoon|musical|album|song|novel|painting|character|horse|dog|town|village|city|suburb)"
    r"(?: of| known as| called| named)? (?:the )?$"
)
"""A noun that says what the name is, right before it: a product, a work, a character, an animal or a place
('AI model, Behemoth', 'political comedy Veep', "Downey Jr.'s character Iron Man", 'his horse Monbeg Dude',
'the tiny town of Medicine Bow'). Not after it: 'an HBO documentary' names HBO."""
_GENERIC = frozenset(
    "AI AGI AG API GPT CEO CFO CTO COO LLM US UK EU UN BST GMT UTC CET EST EDT PST PDT "
    "PHD MD MBA MSC BSC QC KC MP MEP OBE MBE CBE".split()
)
"""Acronyms that name no party to a story: titles, technologies, places, time zones ('06:00 BST' is no firm),
degrees and honours after a name ('Martin Bellander, PhD')."""
_ORG_ENDINGS = frozenset(
    "lab labs laboratory ai inc inc. corp corp. corporation company co co. group times post journal news university "
    "institute agency ministry department council committee party association foundation bank fund ltd llc plc "
    "reuters press media network fc afc cf rovers athletic united villa albion orient wanderers rangers hotspur "
    "museum gallery hospital school college academy trust society court police service commission authority "
    "board charity unionists democrats republicans conservatives nationalists socialists liberals".split()
)
_EVENT_ENDINGS = frozenset(
    "election elections prix cup chase stakes hurdle olympics paralympics championships festival awards marathon "
    "derby war trophy day".split()
)
_PLACE_ENDINGS = frozenset("park stadium arena airport road street square bridge island islands valley".split())
_EVENT_OR_PLACE_START = re.compile(r"(?:The )?(?:Grand National|(?:Battle|Siege) of |World War\b|Olympics$)")
_PRODUCT_NOUNS = frozenset("model models family series app chatbot chip platform software".split())
_CLUB_BEFORE = re.compile(
    r"\b(?:beat|beating|beaten by|signed for|signing for|sign for|joined|(?:home|away) to|loan (?:at|from|to)"
    r"|shares (?:of|in)) (?:the )?$"
)
_CLUB_AFTER = re.compile(
    r"^(?:’s|'s)? \(?(?:manager|boss|coach|striker|forward|midfielder|defender|goalkeeper|winger|captain|chairman"
    r"|fans|supporters|squad|beat|drew|lost to|shares|(?:home|away) to)\b"
)
"""The article's own words that make a town's name its club's or a company's, whatever the recogniser says
('Tottenham beat Chelsea', 'Liverpool manager Brendan Rodgers', 'Preston (home to Swindon)', 'shares of Apple')."""
_CONNECTORS = frozenset({"of", "and", "&", "de", "for", "the", "van", "von", "da", "del"})
_LABELS: dict[str, Kind] = {"PERSON": "person", "ORG": "organization"}
_HONORIFIC = re.compile(r"(?:Mrs?|Ms|Miss|Mx|Dr|Prof|Professor)\.? (?=[A-Z])")
"""An honorific cut off the name ('Ms Kunis' is the 'Mila Kunis' named before); 'Sir', 'Dame', 'Lord' and
'Lady' stay in it ('Lady Gaga'). Either way the name is a person's."""
_QUOTES = "'‘’\"“”"
_HONORIFIC_WORD = re.compile(r"^(?:Mrs?|Ms|Miss|Dr)\.?$")
_WORD_BEFORE = re.compile(r"[^\W\d][\W]{0,2} *$")
"""A word (with a comma or quotation mark after it) just before a name: 'by Spaniard', not '1998 Iconic'."""
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$")
_VOTING_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT"})
"""spaCy's labels whose mentions vote on what a name is: a name it mostly calls a place, a work or an event
('Aurora', 'Frozen') is not listed even where one mention was labelled a person."""


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
    label: str
    """spaCy's label (PERSON, ORG, ...): a vote on the kind, decided per name across its mentions."""
    sentence_id: str
    start: int
    end: int
    product: bool
    titled: bool = False
    """An honorific stood before it ("Ms Kunis", "Dr Fan"): a person, whatever the recogniser said."""
    opens: bool = False
    """No word stands before it: it opens its sentence (or a caption run into it), so its first capital may be
    the sentence's."""
    club: bool = False
    """The words around it make it a club or a company (`_CLUB_BEFORE`, `_CLUB_AFTER`): an organisation's vote."""


@dataclass(frozen=True)
class _Context:
    """What the whole article shows about its names, read before any mention is cleaned."""

    known: set[str]
    """Every mention's name."""
    parties: set[str]
    """The names of mentions the recogniser calls a person or an organisation."""
    once: set[str]
    """The names seen in one mention only."""
    common: set[str]
    """Words the article writes in lowercase (`_common_words`)."""
    inside: set[str]
    """Capitalised words the article writes inside a sentence (`_capitalised_inside`)."""

    @classmethod
    def of(cls, raw: list[_Mention], common: set[str], inside: set[str]) -> _Context:
        counts = Counter(m.name for m in raw)
        parties = {m.name for m in raw if m.label in _LABELS}
        return cls(set(counts), parties, {n for n, c in counts.items() if c == 1}, common, inside)


def story_entities(sentences: Sequence[tuple[str, str]]) -> list[StoryEntity]:
    """The people and organisations in these (id, text) sentences, merged across mentions, in order of first
    mention (one cached spaCy parse per sentence)."""
    texts = dict(sentences)
    common = _common_words(texts.values())
    raw = [m for sid, text in sentences for m in _mentions(sid, text)]
    context = _Context.of(raw, common, _capitalised_inside(texts.values()))
    mentions = [m for m in (_cleaned(r, context) for r in raw) if m is not None]
    first = [(_name(g), _group_kind(g, set())) for g in _merge(mentions)]
    organizations = {name for name, kind in first if kind == "organization"}
    people = {name for name, kind in first if kind == "person" and " " in name}
    mentions = [_without_leading_name(m, organizations, people) for m in mentions]
    shown = _shown_people(texts)
    speaking = {
        _folded(who) for text in texts.values() if (who := direct_speaker(text)) and who.lower() not in PRONOUNS
    }
    groups = [(g, _group_kind(g, shown)) for g in _merge(mentions) if _is_party(g)]
    groups = [(g, kind) for g, kind in groups if not _unsure_person(g, kind, shown | speaking)]
    organizations = {_name(g) for g, kind in groups if kind == "organization"}
    return [_entity(group, kind, texts, organizations) for group, kind in groups]


def _is_party(group: list[_Mention]) -> bool:
    """A person or organisation: not a product, and no fewer of its mentions say so than call it something else
    (of the full name's mentions where it has several words: spaCy calls a lone 'Barrientos' a place)."""
    if any(m.product for m in group):
        return False
    name = _name(group)
    if any(m.titled for m in group):
        return True
    if _event_or_place_form(name):
        return False
    if _organization_form(name):
        return True
    voters = [m for m in group if m.name == name] if " " in name else group
    kinds = Counter(_mention_kind(m) for m in voters)
    return kinds["person"] + kinds["organization"] >= kinds[None]


def _mentions(sentence_id: str, text: str) -> list[_Mention]:
    """The raw mentions of one sentence: spans cut into names, each with spaCy's label."""
    found = []
    for span in parse(text).ents:
        if span.label_ not in _VOTING_LABELS:
            continue
        product = (span.root.head.lemma_.lower() in _PRODUCT_NOUNS and span.root.dep_ in ("compound", "appos")) or bool(
            _PRODUCT_BEFORE.search(text[: span.start_char])
        )
        for name, start in _pieces(span.text, span.start_char):
            end = start + len(name)
            opens = not _WORD_BEFORE.search(text[:start])
            club = span.label_ != "NORP" and bool(_CLUB_BEFORE.search(text[:start]) or _CLUB_AFTER.match(text[end:]))
            found.append(_Mention(name, span.label_, sentence_id, start, end, product, opens=opens, club=club))
    return _joined(found, text)


def _joined(mentions: list[_Mention], text: str) -> list[_Mention]:
    """Two mentions joined by 'and' where the second has an organisation's ending that the recogniser took for
    a person's name are one organisation's: 'Victoria' ORG and 'Albert Museum' PERSON are 'Victoria and Albert
    Museum'."""
    joined: list[_Mention] = []
    for mention in mentions:
        before = joined[-1] if joined else None
        if (
            before is not None
            and text[before.end : mention.start] in (" and ", " & ")
            and _organization_form(mention.name)
            and not mention.name.startswith("The ")  # 'the OPCW and the UN Security Council' are two
            and not _organization_form(before.name)  # 'DeepSeek and Moonshot AI' are two
            and not before.product
        ):
            name = text[before.start : mention.end]
            joined[-1] = replace(before, name=name, label="ORG", end=mention.end)
        else:
            joined.append(mention)
    return joined


def _cleaned(mention: _Mention, context: _Context) -> _Mention | None:
    """The mention trimmed (honorific and title cut off), or None where it is no person's or organisation's
    name."""
    name, start = (mention.name, mention.start) if mention.product else _trim(mention, context)
    honorific = _HONORIFIC.match(name)
    if honorific:
        name, start = name[honorific.end() :], start + honorific.end()
    titled = mention.titled or bool(honorific)
    if not name or not _is_name(name, context.common):
        return None
    return replace(mention, name=name, start=start, end=start + len(name), titled=titled)


def _pieces(text: str, start: int) -> list[tuple[str, int]]:
    """A span cut into names: at a possessive (not one inside an organisation's name: "St Mary's Hospital"), at a
    lowercase word that is not a connector or an ordinal ('Sergio Perez 15th'), from an inner 'the' or 'The', at a
    repeated word, after a comma, colon or lone dash, at a quotation mark."""
    pieces: list[tuple[list[str], int]] = []
    current: list[str] = []
    offset = start
    position = start
    words = re.split(r"( +)", text)
    for index, word in enumerate(words):
        if not word.strip():
            position += len(word)
            continue
        following = words[index + 2].lower() if index + 2 < len(words) else ""
        owner = None if following in _ORG_ENDINGS else re.match(r"^(.*?)(?:’s|'s|‘s)$", word)
        lowercase = word[0].islower() and word not in _CONNECTORS
        if word in ("the", "The") and current:
            pieces.append((current, offset))
            current, offset = [], position
        if len(current) > 1 and word == current[-1] and len(word) > 3:  # a caption: "Sebastian Vettel Vettel"
            pieces.append((current, offset))
            current, offset = [], position
        if lowercase or _ORDINAL.match(word):
            pieces.append((current, offset))
            current, offset = [], position + len(word) + 1
        elif owner:
            current.append(owner.group(1))
            pieces.append((current, offset))
            current, offset = [], position + len(word) + 1
        elif word in ("-", "–", "—") or (current and _HONORIFIC_WORD.match(word)):  # 'The Court of Appeal Mr'
            pieces.append((current, offset))
            current, offset = [], position + len(word) + 1
        elif word[0] in _QUOTES:  # a quotation mark opens a nickname or a title
            pieces.append((current, offset))
            current, offset = [word.lstrip(_QUOTES)], position + 1
        elif word[-1] in _QUOTES:  # and closes it: "The Big Bopper" Richardson"
            current.append(word.rstrip(_QUOTES))
            pieces.append((current, offset))
            current, offset = [], position + len(word) + 1
        elif word[-1] in ",:;":
            current.append(word[:-1])
            pieces.append((current, offset))
            current, offset = [], position + len(word) + 1
        else:
            current.append(word)
        position += len(word)
    pieces.append((current, offset))
    return [(_clean(words), at) for words, at in pieces if _clean(words)]


def _trim(mention: _Mention, context: _Context) -> tuple[str, int]:
    """A name without the article's common words around another name it uses on its own: 'Meta Discussion' ->
    'Meta', 'Zuckerberg Open Source' -> 'Zuckerberg', 'the Future of AI Models Meta' -> 'Meta'; words run into
    its front (`_leading_words`)."""
    name, start, words = mention.name, mention.start, mention.name.split(" ")
    for cut in range(len(words) - 1, 0, -1):
        head = " ".join(words[:cut])
        if head in context.parties and name in context.once and all(_filler(w, context.common) for w in words[cut:]):
            return head, start
    for cut in range(1, len(words)):
        if _leading_words(words[:cut], words[cut:], mention, context):
            return " ".join(words[cut:]), start + len(" ".join(words[:cut])) + 1
    return name, start


def _leading_words(lead: list[str], rest: list[str], mention: _Mention, context: _Context) -> bool:
    """Whether `lead` is words run into the front of a name the article also uses alone (`rest`): its common words
    ('the Future of AI Models Meta'), or English words that open a sentence ('Iconic Arsenal', 'League One
    Preston'), where a capital says nothing; not inside one ('Real Madrid', 'The New York Post'). A person's
    name keeps its first word unless `_not_a_first_name`: half the common first names are English words."""
    if mention.label == "PERSON":
        return _not_a_first_name(lead, rest, mention, context)
    if " ".join(rest) not in context.known:
        return False
    if all(_filler(w, context.common) for w in lead) and not all(_english(w) or w in _CONNECTORS for w in rest):
        return True
    return mention.opens and all(_english(w) for w in lead)


def _not_a_first_name(lead: list[str], rest: list[str], mention: _Mention, context: _Context) -> bool:
    """A sentence's opening word that spaCy ran into a name it calls a person's ('Sorry Ruud', 'Maverick
    Tottenham'): an English word and no first name the census lists ('Mark', 'Frank' stay), before a name the
    article also uses alone that is no surname ('Brooklyn Beckham' and 'Pixie Lott' stay) and not all English
    words ('Hereford United'); the word is never capitalised inside a sentence ('Jak Trueman' is 'Jak' later
    on), and no title ('Striker Keating' is the striker Keating)."""
    word, name = lead[0], " ".join(rest)
    if len(lead) > 1 or not mention.opens or word in context.inside:
        return False
    if name not in context.known or is_surname(rest[-1]) or all(_english(w) for w in rest):
        return False
    return _english(word) and not is_first_name(word)


def _capitalised_inside(texts: Iterable[str]) -> set[str]:
    """The capitalised words the article writes after a lowercase word or a comma: names, not sentence openers."""
    return {m.group(1) for text in texts for m in re.finditer(r"(?<=[a-z,;] )([A-Z][a-z]+)\b", text)}


def _english(word: str) -> bool:
    """A capitalised English word ('Iconic', 'Championship'), not an acronym ('AP')."""
    return word[:1].isupper() and not word.isupper() and word.lower() in english_words()


def _filler(word: str, common: set[str]) -> bool:
    return word in ("The", "the") or _common(word, common) or word.upper() in _GENERIC


def _common(word: str, common: set[str]) -> bool:
    lowered = word.lower()
    return lowered in common or lowered.rstrip("s") in common


def _clean(words: list[str]) -> str:
    name = " ".join(words).strip(" .,;:!?‘’'\"“”()-–—")
    name = re.sub(r"^(?:the|a|an) ", "", name, flags=re.IGNORECASE) if len(words) < 3 else name
    return re.sub(r"^the ", "The ", name)


def _mention_kind(mention: _Mention) -> Kind | None:
    """What one mention says on its own: an organisation's form or a club's words, else spaCy's label, else None
    (a place...)."""
    if mention.club or _organization_form(mention.name):
        return "organization"
    return _LABELS.get(mention.label)


def _organization_form(name: str) -> bool:
    """An organisation's ending ('Lab', 'Times', 'University') or an inner capital ('TechCrunch')."""
    return bool(name) and (name.split()[-1].lower() in _ORG_ENDINGS or bool(CAMEL_CASE.search(name)))


def _event_or_place_form(name: str) -> bool:
    """An event's name ('Grand National', 'FA Cup', 'General Election', 'Battle of Agincourt') or a place's
    ('Ayrshire', 'Rugby Park', 'Heathrow Airport'), which the small pipeline often calls an organisation."""
    words = name.removeprefix("The ").split()
    last = words[-1].lower() if words else ""
    if last.endswith("shire") or _EVENT_OR_PLACE_START.match(name):
        return True
    return len(words) > 1 and (last in _EVENT_ENDINGS or last in _PLACE_ENDINGS)


def _is_name(name: str, common: set[str]) -> bool:
    """Not a title, not a common acronym, not words the article otherwise writes in lowercase, not all capitals."""
    words = [w for w in re.split(r"[ -]", name.removeprefix("The ")) if w]
    if not words or TITLES.match(name) or name.upper() in _GENERIC or all(w in _GENERIC for w in words):
        return False
    if (len(name) > 4 and name.isupper()) or not any(c.isalpha() for c in name):  # 'BBC NEWS', odds of '20/1'
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


def _without_leading_name(mention: _Mention, organizations: set[str], people: set[str]) -> _Mention:
    """A person's name with another name or a stray word run into its front is that person: 'Meta Mark
    Zuckerberg' (from 'The CEO of Meta Mark Zuckerberg'), 'McLaren Fernando Alonso', 'RIP Stan Freberg' when the
    article also names 'Stan Freberg'."""
    if mention.label != "PERSON":
        return mention
    for organization in sorted(organizations, key=len, reverse=True):
        rest = mention.name.removeprefix(organization + " ")
        if rest != mention.name and rest[:1].isupper():
            return replace(mention, name=rest, start=mention.end - len(rest))
    person = max((p for p in people if mention.name.endswith(" " + p)), key=len, default=None)
    if person is not None:
        return replace(mention, name=person, start=mention.end - len(person))
    return mention


def _merge(mentions: list[_Mention]) -> list[list[_Mention]]:
    """Mentions grouped by name (accents folded): a single word joins the longer name it ends ('Zuckerberg',
    'Times'; of several, the longest, then the first named: 'Lane' of 'Chris Lane' and 'Donna Lane' is Chris) or,
    as a first name, the one person's name of two words it begins ('Kristina' -> 'Kristina Karo'; not 'Meta' ->
    'Meta Mark Zuckerberg')."""
    full = sorted(dict.fromkeys(m.name for m in mentions), key=lambda n: -len(n.split()))  # ties: first named first
    people = {m.name for m in mentions if m.label == "PERSON" or m.titled}
    canonical: dict[str, str] = {}
    for name in full:
        key = _folded(name.removeprefix("The "))
        if len(name.split()) == 1:
            ends = [c for c in canonical.values() if _folded(c).endswith(" " + key)]
            begins = {c for c in people & set(canonical.values()) if _first_of_two(key, c)}
            if ends or len(begins) == 1:
                canonical[name] = ends[0] if ends else begins.pop()
                continue
        canonical[name] = next((c for c in canonical.values() if _folded(c) == key), name)
    groups: dict[str, list[_Mention]] = {}
    for mention in mentions:
        groups.setdefault(canonical[mention.name], []).append(mention)
    return list(groups.values())


def _first_of_two(word: str, name: str) -> bool:
    """Whether `word` (folded) is the first of the two words of `name`."""
    return len(name.split()) == 2 and _folded(name).startswith(word + " ")


def _folded(name: str) -> str:
    """A name compared without case, accents or typographic apostrophes ('Näslund' is 'Naslund')."""
    decomposed = unicodedata.normalize("NFKD", name.lower().replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _name(group: list[_Mention]) -> str:
    """The fullest name the article uses for the group."""
    return max((m.name for m in group), key=lambda n: (len(n.split()), n[:1].isupper()))


def _shown_people(texts: dict[str, str]) -> set[str]:
    """The names (folded; a person's by surname) the article shows to be people by a gender sign: an honorific,
    a gendered noun ("his mother Lucy"), a pronoun after them ("Karo claims her ...")."""
    return {_folded(name) for name in article_genders(tuple(texts.values()))}


def _unsure_person(group: list[_Mention], kind: Kind, shown: set[str]) -> bool:
    """A person named by one word only that the article never shows to be one (`shown`: the names with a gender
    sign and the speech verbs' named subjects, folded; a "he said" resolved to the name before it shows nothing,
    it took "Surrey" and "Twitter" for speakers): more often a town's club, a place, a horse or a pet that spaCy's
    small pipeline called a person ('Rotherham', 'Dagenham', 'Doggie') than a person known by one name."""
    name = _name(group)
    return kind == "person" and " " not in name and not any(m.titled for m in group) and _folded(name) not in shown


def _group_kind(group: list[_Mention], shown: set[str]) -> Kind:
    """A person or an organisation, decided across the mentions: an organisation's form decides, then an
    honorific or another sign of a person's gender (`_shown_people`), then spaCy's labels of the full name (it
    often calls a lone surname an organisation: 'Adebayor' ORG three times, 'Emmanuel Adebayor' PERSON), a tie
    going to the person when the name has several words."""
    name = _name(group)
    if _organization_form(name):
        return "organization"
    if any(m.titled for m in group) or _folded(name.split()[-1]) in shown:
        return "person"
    votes = Counter(_mention_kind(m) for m in group if m.name == name)
    if not votes["person"] and not votes["organization"]:
        votes = Counter(_mention_kind(m) for m in group)
    if votes["person"] == votes["organization"]:
        return "person" if " " in name else "organization"
    return "person" if votes["person"] > votes["organization"] else "organization"


def _entity(group: list[_Mention], kind: Kind, texts: dict[str, str], organizations: set[str]) -> StoryEntity:
    roles = [_role(m, texts[m.sentence_id], kind, organizations) for m in group]
    role = next((r for r in roles if r), None)
    return StoryEntity(_name(group), kind, role, tuple(dict.fromkeys(m.sentence_id for m in group)))


def _role(mention: _Mention, text: str, kind: Kind, organizations: set[str]) -> str | None:
    before, after = text[: mention.start], text[mention.end :]
    if kind == "organization":
        source = re.search(rf"{_SOURCE}(?:the )?$", before, re.IGNORECASE)
        return "cited as a source" if source else None
    titled = _TITLE_BEFORE.search(before)
    if titled:
        title, of = titled.group("title"), titled.group("of") or titled.group("org")
        if not before[: titled.start("title")].strip() and title[1:2].islower():
            title = title[0].lower() + title[1:]  # the sentence's capital: 'Actress Julia Louis-Dreyfus won...'
        return f"{title} of {of}" if of in organizations else title
    apposition = _APPOSITION.match(after)
    return apposition.group("role") if apposition else None
