"""Where the outlets differ: quotations (reversed, reworded, shortened, on another occasion, in one outlet only),
facts an aligned sentence reverses or gives another number for, words attributed to someone in one outlet that
another gives as its own analysis, and attributed statements only one outlet makes."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from summarize.story._facts import Alignment
from summarize.story._quotations import Quotation, QuotationPair
from summarize.story._schema import Disagreement, DisagreementKind, Excerpt, StoryFact
from summarize.text import cues, polarity, quantities


def quotation_disagreements(
    quotations: dict[str, list[Quotation]], pairs: list[QuotationPair], alignment: Alignment
) -> list[Disagreement]:
    """Reversals, rewordings, changed occasions and one-outlet quotations of the same speakers."""
    found = _reversed(pairs) + _reworded(pairs) + _occasions(pairs)
    paired = {q for p in pairs for q in (p.first, p.second)}
    for own in quotations.values():
        found += [_only_in_one(q, alignment) for q in own if q not in paired]
    return found


def fact_disagreements(
    facts: list[StoryFact], alignment: Alignment, quoted: set[tuple[str, str]]
) -> list[Disagreement]:
    """Facts another outlet reverses or gives other numbers for; attributions moved; attributed statements that
    only one outlet makes. Sentences already compared as quotations (`quoted`) are left to those."""
    found: list[Disagreement] = []
    for fact in facts:
        origin = fact.origin
        for stance in fact.support:
            if stance.stance == "contradicts" and (stance.source, stance.sentence_ids[0]) not in quoted:
                found.append(_contradiction(fact, stance.source, stance.sentence_ids[0], stance.method, alignment))
        found += _moved_attribution(fact, alignment, quoted)
        alone = fact.carried_by == 1 and (origin.source, origin.sentence_id) not in quoted
        if alone and alignment.speaker(origin.source, origin.sentence_id):
            found.append(_statement_in_one(fact))
    return found


def _reversed(pairs: list[QuotationPair]) -> list[Disagreement]:
    """One disagreement per quotation that reverses others: it, and the quotations it reverses."""
    reversing: dict[Quotation, list[QuotationPair]] = defaultdict(list)
    for pair in (p for p in pairs if p.relation == "reversed"):
        reversing[pair.first].append(pair)
        reversing[pair.second].append(pair)
    found, done = [], set()
    for quotation, its_pairs in sorted(reversing.items(), key=lambda item: -len(item[1])):
        open_pairs = [p for p in its_pairs if id(p) not in done]
        if not open_pairs:
            continue
        done |= {id(p) for p in open_pairs}
        others = [p.second if p.first == quotation else p.first for p in open_pairs]
        words = ", ".join(sorted({w for p in open_pairs for w in p.reversed}))
        theirs = _polarity(others[0], words, plural=len(others) > 1)
        explanation = (
            f"{_who(quotation)} quoted with the opposite meaning: {quotation.source} {_polarity(quotation, words)}"
            f" '{words}' where {_list(others)} {theirs} it (a negation added or dropped)"
        )
        found.append(_disagreement("quotation_reversed", [quotation, *others], explanation))
    return found


def _reworded(pairs: list[QuotationPair]) -> list[Disagreement]:
    """One disagreement per remark whose outlets quote it in different words (not reversed)."""
    groups = _components([p for p in pairs if p.relation in ("reworded", "shortened", "same")])
    found = []
    for members, group_pairs in groups:
        differing = [p for p in group_pairs if p.relation != "same"]
        if not differing:
            continue
        kind: DisagreementKind = (
            "quotation_reworded" if any(p.relation == "reworded" for p in differing) else "quotation_shortened"
        )
        how = "; ".join(
            f"{p.first.source} {p.first.sentence_id} vs {p.second.source} {p.second.sentence_id}: {p.relation}"
            for p in differing
        )
        found.append(_disagreement(kind, members, f"{_who(members[0])} quoted in different words ({how})"))
    return found


def _occasions(pairs: list[QuotationPair]) -> list[Disagreement]:
    """Quotations of one remark that the outlets place on different occasions ('recently' vs 'on a podcast')."""
    found, seen = [], set()
    for pair in pairs:
        first, second = pair.first, pair.second
        if not first.occasion or not second.occasion or set(first.occasion) & set(second.occasion):
            continue
        key = frozenset({(first.source, first.occasion), (second.source, second.occasion)})
        if key in seen:
            continue
        seen.add(key)
        explanation = (
            f"{_who(first)}'s words placed on different occasions: {first.source} says "
            f"{', '.join(first.occasion)}; {second.source} says {', '.join(second.occasion)}"
        )
        found.append(_disagreement("attribution", [first, second], explanation))
    return found


def _only_in_one(quotation: Quotation, alignment: Alignment) -> Disagreement:
    echoes = [
        o.label
        for o in alignment.outlets
        if o.label != quotation.source and alignment.aligned(quotation.source, quotation.sentence_id, o.label)
    ]
    tail = f"; {', '.join(echoes)} report it without quoting these words" if echoes else "; no other outlet reports it"
    return _disagreement(
        "quotation_only_in_one", [quotation], f"{_who(quotation)} quoted only by {quotation.source}{tail}"
    )


def _contradiction(fact: StoryFact, label: str, sentence_id: str, method: str, alignment: Alignment) -> Disagreement:
    text = alignment.text(label, sentence_id)
    origin = fact.origin
    if method == "number":
        why = f"different numbers for the same fact: {origin.source} {_numbers(origin.text)}; {label} {_numbers(text)}"
        kind: DisagreementKind = "number"
    else:
        why = f"{label} reverses what {origin.source} says (a negation added or dropped)"
        kind = "contradiction"
    excerpts = [origin, Excerpt(source=label, sentence_id=sentence_id, text=text)]
    return Disagreement(kind=kind, sources=[origin.source, label], excerpts=excerpts, explanation=why)


def _numbers(text: str) -> str:
    return ", ".join(q.text for q in quantities(text)) or "none"


def _moved_attribution(fact: StoryFact, alignment: Alignment, quoted: set[tuple[str, str]]) -> list[Disagreement]:
    """Aligned sentences where one outlet puts the words in someone's mouth and another gives them as its own
    analysis, or in someone else's (quotations are compared as quotations)."""
    origin = fact.origin
    if (origin.source, origin.sentence_id) in quoted:
        return []
    speaker = alignment.speaker(origin.source, origin.sentence_id)
    differing = []
    for stance in (s for s in fact.support if s.stance == "supports" and s.source != origin.source):
        for sentence_id in (i for i in stance.sentence_ids if (stance.source, i) not in quoted):
            sentence = alignment.text(stance.source, sentence_id)
            other = alignment.speaker(stance.source, sentence_id)
            if _moved(speaker, origin.text, other, sentence):
                differing.append((stance.source, sentence_id, sentence, other))
    if not differing:
        return []
    excerpts = [origin] + [Excerpt(source=s, sentence_id=i, text=t) for s, i, t, _speaker in differing]
    named = [(origin.source, speaker)] + [(s, w) for s, _i, _t, w in differing]
    says = [f"{s} attributes it to {w}" if w else f"{s} gives it as its own account" for s, w in named]
    return [
        Disagreement(
            kind="attribution",
            sources=list(dict.fromkeys(e.source for e in excerpts)),
            excerpts=excerpts,
            explanation="the same statement attributed differently: " + "; ".join(says),
        )
    ]


def _moved(first: str | None, first_text: str, second: str | None, second_text: str) -> bool:
    """Two speakers named and different, or one named while the other sentence attributes it to no one."""
    if first and second:
        return first != second
    if first is None and second is None:
        return False
    unnamed_text = first_text if first is None else second_text
    return not is_attributed(unnamed_text)


def is_attributed(text: str) -> bool:
    """Whether a sentence gives its words as someone's: a speech verb, a spokesperson, or a quotation."""
    return any(c.kind in ("statement", "reported") for c in cues(text)) or bool(re.search(r"[“”\"]", text))


def _statement_in_one(fact: StoryFact) -> Disagreement:
    origin = fact.origin
    return Disagreement(
        kind="only_in_one",
        sources=[origin.source],
        excerpts=[origin],
        explanation=f"a statement attributed to someone that only {origin.source} reports",
    )


def _components(pairs: list[QuotationPair]) -> list[tuple[list[Quotation], list[QuotationPair]]]:
    parent: dict[Quotation, Quotation] = {}

    def root(q: Quotation) -> Quotation:
        while parent.setdefault(q, q) != q:
            q = parent[q]
        return q

    for pair in pairs:
        parent[root(pair.first)] = root(pair.second)
    groups: dict[Quotation, list[QuotationPair]] = defaultdict(list)
    for pair in pairs:
        groups[root(pair.first)].append(pair)
    return [(_members(p), p) for p in groups.values()]


def _members(pairs: Iterable[QuotationPair]) -> list[Quotation]:
    found = dict.fromkeys(q for p in pairs for q in (p.first, p.second))
    return sorted(found, key=lambda q: (q.source, int(q.sentence_id[1:])))


def _disagreement(kind: DisagreementKind, quotations: list[Quotation], explanation: str) -> Disagreement:
    excerpts = [Excerpt(source=q.source, sentence_id=q.sentence_id, text=q.sentence) for q in quotations]
    return Disagreement(
        kind=kind, sources=list(dict.fromkeys(q.source for q in quotations)), excerpts=excerpts, explanation=explanation
    )


def _who(quotation: Quotation) -> str:
    return quotation.speaker or "an unnamed speaker"


def _polarity(quotation: Quotation, words: str, plural: bool = False) -> str:
    negated = any(polarity(quotation.words).get(w) for w in words.split(", "))
    verb = "negate" if negated else "assert"
    return verb if plural else verb + "s"


def _list(quotations: list[Quotation]) -> str:
    return ", ".join(f"{q.source} {q.sentence_id}" for q in quotations)
