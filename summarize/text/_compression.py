"""Shortening a sentence by deleting words, never rewording: headlines and leads that cannot invent.

`compress` deletes whole pieces of the sentence's dependency parse that punctuation sets off (asides in parentheses,
appositions and clauses between commas), an opening "But", dates, a perfect's "has", least important first, until
the sentence fits; it never deletes a negation, a hedge (a modal, "reportedly", "alleged"), a condition ("if",
"unless"), an attribution, or part of a name or a number. `deletion_problems` says why a text is not such a
deletion of a sentence (the model's headlines and key points are checked with it): a word the sentence lacks or out
of its order; a negation, hedge, condition or attribution dropped from what is kept; a name or a number cut in
part.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from summarize.text._entities import parse
from summarize.text._normalize import match_words

HEDGES = frozenset(
    "could may might would should must can reportedly allegedly alleged apparently possibly probably likely "
    "suspected presumed purported former ex potential proposed planned expected rumoured rumored".split()
)
"""Words that make what they modify a possibility, a claim or a thing of the past: deleting one states more."""
CONDITIONS = frozenset("if unless until whether".split())
"""Subordinators whose clause limits the one it hangs on: deleting the clause drops the condition."""
OPENERS = frozenset("but and so yet however meanwhile also still now then".split())
"""Discourse words that open a sentence to tie it to the one before: a headline or lead stands alone."""
_SPEECH_LEMMAS = frozenset("say tell add state claim announce report confirm reveal insist".split())
_SIDE_DEPS = ("appos", "parataxis")
_CAPTION = re.compile(r"^\s*(?:scroll down for (?:video|videos)\b[\s.:-]*)", re.IGNORECASE)


def compress(sentence: str, max_words: int) -> str:
    """`sentence` shortened by deletion to at most `max_words` words where it can be (what it cannot delete
    stays), its words in its order; white space and the punctuation left at the cuts tidied."""
    doc = parse(_CAPTION.sub("", sentence))
    tokens = list(doc)
    kept = [True] * len(tokens)
    for group in _deletable(doc):
        if _count(tokens, kept) <= max_words:
            break
        if not _protected(group, tokens, kept):
            for i in group:
                kept[i] = False
    return _text(tokens, kept)


def _deletable(doc: Any) -> Iterable[list[int]]:
    """Pieces of the parse that can go, least important first (token indices of each). Only pieces that
    punctuation sets off, or whose place the parse is sure of: the small parser misplaces prepositions and
    conjuncts often enough that cutting inside a clause garbles it."""
    tokens = list(doc)
    yield [t.i for t in tokens if _in_parentheses(t, tokens)]
    yield _opener(tokens)
    root = _root(doc)
    for token in tokens:
        set_off = _after_comma(token, tokens)
        if set_off and (token.dep_ in _SIDE_DEPS or token.dep_ in ("relcl", "advcl") or token.dep_ == "acl"):
            yield _subtree(token)
    yield from _dates(doc, root)
    yield from ([t.i] for t in tokens if _plain_perfect(t))


def _plain_perfect(token: Any) -> bool:
    """ "has signed" -> "signed": the auxiliary of a present perfect directly before its verb (headline tense)."""
    head = token.head
    return (
        token.dep_ == "aux" and token.lemma_ == "have" and head.tag_ == "VBN" and head.i == token.i + 1
        and not any(c.dep_ in ("aux", "auxpass") and c.i != token.i for c in head.children)
    )  # fmt: skip


def _root(doc: Any) -> Any:
    return next(iter(doc.sents)).root


def _subtree(token: Any) -> list[int]:
    """A token's subtree with the commas that set it off."""
    indices = [t.i for t in token.subtree]
    doc = token.doc
    start, end = indices[0], indices[-1]
    if start > 0 and doc[start - 1].text == ",":
        indices.append(start - 1)
    if end + 1 < len(doc) and doc[end + 1].text == ",":
        indices.append(end + 1)
    return sorted(indices)


def _in_parentheses(token: Any, tokens: Sequence[Any]) -> bool:
    opened = [t.i for t in tokens[: token.i + 1] if t.text in "(["]
    closed = [t.i for t in tokens[: token.i] if t.text in ")]"]
    return len(opened) > len(closed) or (token.text in ")]" and bool(opened))


def _after_comma(token: Any, tokens: Sequence[Any]) -> bool:
    first = min(t.i for t in token.subtree)
    return first > 0 and str(tokens[first - 1].text) == ","


def _opener(tokens: Sequence[Any]) -> list[int]:
    if not tokens or tokens[0].lower_ not in OPENERS or tokens[0].dep_ not in ("cc", "advmod"):
        return []
    return [0, 1] if len(tokens) > 1 and tokens[1].text == "," else [0]


def _dates(doc: Any, root: Any) -> Iterable[list[int]]:
    for entity in doc.ents:
        if entity.label_ in ("DATE", "TIME"):
            head = entity.root.head
            if head.dep_ == "prep" and head.head.i == root.i:
                yield _subtree(head)
            elif entity.root.dep_ == "npadvmod":
                yield _subtree(entity.root)


def _protected(group: list[int], tokens: Sequence[Any], kept: list[bool]) -> bool:
    """Whether deleting `group` would delete a negation, hedge or condition of what stays, or cut a name or a
    number in part."""
    going = {i for i in group if kept[i]}
    if not going:
        return True
    staying = {i for i, k in enumerate(kept) if k} - going
    for i in going:
        token = tokens[i]
        qualifies = token.dep_ == "neg" or token.lower_ in HEDGES or _is_condition(token)
        if qualifies and token.head.i in staying:
            return True
    return any(_cuts(span, going, staying) for span in _wholes(tokens[0].doc))


def _is_condition(token: Any) -> bool:
    return bool(token.dep_ == "advcl") and any(c.dep_ == "mark" and c.lower_ in CONDITIONS for c in token.children)


def _wholes(doc: Any) -> list[range]:
    """Token ranges that go whole or stay whole: names and numbers (the recogniser's entities)."""
    return [range(e.start, e.end) for e in doc.ents]


def _cuts(span: range, going: set[int], staying: set[int]) -> bool:
    return any(i in going for i in span) and any(i in staying for i in span)


def _count(tokens: Sequence[Any], kept: list[bool]) -> int:
    return len(match_words(_text(tokens, kept)))


def _text(tokens: Sequence[Any], kept: list[bool]) -> str:
    """The kept tokens, a space between two where the sentence had white space anywhere between them."""
    parts: list[str] = []
    previous = None
    for token, keep in zip(tokens, kept, strict=True):
        if not keep:
            continue
        if previous is not None:
            gap = token.doc.text[previous.idx + len(previous.text) : token.idx]
            parts.append(" " if re.search(r"\s", gap) else "")
        parts.append(token.text)
        previous = token
    pieces = "".join(parts)
    pieces = re.sub(r"\s+([,.;:!?)\]])", r"\1", pieces)
    pieces = re.sub(r"\s+(['’])(?=\s|$|[,.;:!?])", r"\1", pieces)  # a closing quote, never an opening one
    pieces = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", pieces)
    pieces = re.sub(r"^[\s,;:—–-]+|[\s,;:—–-]+$", "", pieces)
    return pieces[:1].upper() + pieces[1:] if pieces else pieces


def deletion_problems(text: str, sentence: str, *, headline: bool = False) -> list[str]:
    """Why `text` is not `sentence` shortened by deletion alone (empty when it is): a word the sentence lacks or
    out of its order; a negation, hedge, condition or attribution of a kept word dropped; a name or a number cut in
    part (a person's surname alone, or a name without its article, is no cut). A `headline` may drop a report's
    attribution ("according to X", "X said"), as headlines do; never a hedge."""
    doc = parse(sentence)
    words = [(m.start(), m.end(), w) for m in re.finditer(r"\w+", sentence) for w in match_words(m.group())]
    kept_spans: list[tuple[int, int]] = []
    position = 0
    for word in match_words(text):
        while position < len(words) and words[position][2] != word:
            position += 1
        if position == len(words):
            return [f"'{word}' is not a word of the sentence, or not in its order"]
        kept_spans.append(words[position][:2])
        position += 1
    kept = {t.i for t in doc if any(start < t.idx + len(t.text) and t.idx < end for start, end in kept_spans)}
    return _meaning_problems(doc, kept, headline)


def _pieces_joined(doc: Any, kept: set[int]) -> list[str]:
    """Words kept without the word they hang on, beside another such piece: pieces of different clauses joined
    into a statement the sentence does not make ("moves away from the powerful model to the company's open source
    ... and instead developing a closed model" cut to "moves from powerful model to closed model")."""
    words = [doc[i] for i in sorted(kept) if not doc[i].is_punct]
    tops = [t for t in words if _stands_for(t, kept).head.i not in kept or _stands_for(t, kept).head.i == t.i]
    loose = [t for t in tops if _stands_for(t, kept).head.i != t.i]
    if len(tops) <= 1 or not loose:  # one piece, or whole clauses of a sentence parsed as several
        return []
    return [f"'{loose[0].text}' is kept without the word it hangs on ('{_stands_for(loose[0], kept).head.text}')"]


def _stands_for(token: Any, kept: set[int]) -> Any:
    """The word a kept word stands for where the words it renames are deleted: an apposition ("the company's
    model, Behemoth" cut to "Behemoth") takes its head's place."""
    while token.dep_ == "appos" and token.head.i not in kept and token.head.i != token.i:
        token = token.head
    return token


def _meaning_problems(doc: Any, kept: set[int], headline: bool) -> list[str]:
    problems: list[str] = []
    for token in doc:
        if token.i in kept or token.is_punct:
            continue
        head_kept = token.head.i in kept and token.head.i != token.i
        if head_kept and (token.dep_ == "neg" or token.lower_ in HEDGES):
            problems.append(f"'{token.text}' dropped from '{token.head.text}'")
        elif head_kept and _is_condition(token):
            problems.append(f"the condition '{' '.join(t.text for t in token.subtree)}' dropped")
        elif headline:
            continue
        elif head_kept and token.lower_ == "according":
            problems.append(f"the attribution '{' '.join(t.text for t in token.subtree)}' dropped")
        elif token.lemma_ in _SPEECH_LEMMAS and any(c.dep_ == "ccomp" and c.i in kept for c in token.children):
            problems.append(f"who '{token.text}' it dropped")
    for entity in doc.ents:
        inside = [t.i in kept for t in entity if not t.is_punct and t.dep_ != "det"]
        surname = entity.label_ == "PERSON" and inside[-1:] == [True] and inside == sorted(inside)
        if any(inside) and not all(inside) and not surname:
            problems.append(f"'{entity.text}' cut in part")
    return problems + _pieces_joined(doc, kept)
