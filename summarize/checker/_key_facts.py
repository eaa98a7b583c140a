"""Key facts: the short facts a summary of an article should carry, most important first.

Given by an editor or a dataset (`read_key_facts`: one per line, or JSONL), or picked by the tool
(`article_key_facts`): the article's most newsworthy sentences that do not repeat one another, weighed by their
newsworthiness, each citing its sentence.
"""

from __future__ import annotations

import json
from pathlib import Path

from summarize._errors import EmptyInputError, InputError
from summarize.checker._schema import KeyFact
from summarize.input import Article, read_document
from summarize.text import addresses_model, distinct_newsworthy, rank_sentences

KEY_FACTS = 6
"""How many key facts the tool picks from an article (CNN/DM highlights carry three or four sentences; REALSumm's
annotators split them into about ten facts)."""


def article_key_facts(article: Article, count: int = KEY_FACTS) -> list[KeyFact]:
    """The article's `count` most newsworthy sentences that do not repeat a better one, best first, each weighed
    by its newsworthiness relative to the best (1.0). Sentences that address a model are never key facts."""
    usable = [(s.id, s.text) for s in article.sentences if not addresses_model(s.text)]
    if not usable:
        return []
    ranked = rank_sentences(usable, title=article.title)
    texts = dict(usable)
    chosen = distinct_newsworthy(ranked, texts, count)
    scores = {r.id: r.score for r in ranked}
    top = max((scores[i] for i in chosen), default=1.0) or 1.0
    return [KeyFact(text=texts[i], weight=round(max(scores[i], 0.01) / top, 4), sentence_id=i) for i in chosen]


def read_key_facts(path: Path) -> list[KeyFact]:
    """Key facts from a file (`-`: stdin), most important first: plain text with one fact per line (blank lines
    and lines starting with `#` skipped), or JSON Lines, each a string or an object with `text` and optionally
    `weight` (default 1)."""
    lines = read_document(str(path)).text.splitlines()
    facts = [_fact(line.strip(), path, number) for number, line in enumerate(lines, start=1) if _is_fact(line)]
    if not facts:
        raise EmptyInputError(f"{path}: no key facts (one per line, or JSON Lines)")
    return facts


def _is_fact(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _fact(line: str, path: Path, number: int) -> KeyFact:
    if not line.startswith(("{", '"')):
        return KeyFact(text=line)
    try:
        value = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputError(f"{path}, line {number}: not valid JSON ({error.msg})") from None
    if isinstance(value, str) and value.strip():
        return KeyFact(text=value.strip())
    if isinstance(value, dict) and isinstance(value.get("text"), str) and value["text"].strip():
        weight = value.get("weight", 1.0)
        if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
            raise InputError(f"{path}, line {number}: weight must be a positive number")
        return KeyFact(text=value["text"].strip(), weight=float(weight))
    raise InputError(f"{path}, line {number}: a key fact is a string or an object with a non-empty text")
