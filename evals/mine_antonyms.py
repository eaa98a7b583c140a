"""Mine antonym pairs from SummEdits' development edits; write the shipped list (`summarize/text/antonyms.txt`).

    python evals/mine_antonyms.py [--write summarize/text/antonyms.txt]

Each edited summary of SummEdits' other domains is compared with its seed (the `_og` item of the same id): a
single word replaced by a single word is a pair (as lemmas, both content words). A pair is kept where it was a
replacement in inconsistent edits labelled `antonym_swap` of at least `DOCUMENTS` documents of at least `DOMAINS`
domains, and never a replacement in a consistent edit (there it was a synonym). `evals/fit_edits.py` mines
again on the training domains of every fold, so that no figure counts a pair mined on the domain it tests.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarize.text import parse

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "evals" / "data" / "summedits_other_domains.jsonl"
DOCUMENTS = 2
DOMAINS = 2
_CONTENT = frozenset({"ADJ", "VERB", "NOUN", "ADV"})
Pair = frozenset[str]


def replacements(seed: str, edited: str) -> list[Pair]:
    """The single-word replacements from the seed to the edit, as pairs of content-word lemmas."""
    before = [t for t in parse(seed) if not t.is_space]
    after = [t for t in parse(edited) if not t.is_space]
    matcher = difflib.SequenceMatcher(None, [t.lower_ for t in before], [t.lower_ for t in after], autojunk=False)
    found = []
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation != "replace" or i2 - i1 != 1 or j2 - j1 != 1:
            continue
        a, b = before[i1], after[j1]
        if {a.pos_, b.pos_} <= _CONTENT and a.is_alpha and b.is_alpha and min(len(a.text), len(b.text)) > 2:
            pair = frozenset((a.lemma_.lower(), b.lemma_.lower()))
            if len(pair) == 2:
                found.append(pair)
    return found


@dataclass(frozen=True)
class Edit:
    """One edited summary's replacements, with what the pairs are counted by."""

    pairs: tuple[Pair, ...]
    label: int
    antonym_swap: bool
    document: str
    domain: str


def edits(rows: Iterable[dict[str, Any]]) -> dict[str, Edit]:
    """Each edited item's replacements by id (SummEdits rows: `id`, `doc_id`, `dataset`, `label`, `edit_types`)."""
    rows = list(rows)
    seeds = {r["id"][: -len("_og")]: r["claim"] for r in rows if r["id"].endswith("_og")}
    found = {}
    for row in rows:
        seed = seeds.get(row["id"].rsplit("_", 1)[0])
        if seed is None or row["id"].endswith("_og"):
            continue
        antonym_swap = "antonym_swap" in row["edit_types"]
        pairs = tuple(replacements(seed, row["claim"]))
        found[row["id"]] = Edit(pairs, row["label"], antonym_swap, row["doc_id"], row["dataset"])
    return found


def select_pairs(found: Iterable[Edit]) -> frozenset[Pair]:
    """The pairs of inconsistent antonym edits of enough documents and domains, never a consistent replacement."""
    documents: dict[Pair, set[str]] = defaultdict(set)
    domains: dict[Pair, set[str]] = defaultdict(set)
    synonyms: set[Pair] = set()
    for edit in found:
        for pair in edit.pairs:
            if edit.label == 1:
                synonyms.add(pair)
            elif edit.antonym_swap:
                documents[pair].add(edit.document)
                domains[pair].add(edit.domain)
    return frozenset(
        p for p in documents if len(documents[p]) >= DOCUMENTS and len(domains[p]) >= DOMAINS and p not in synonyms
    )


def mine(rows: Iterable[dict[str, Any]]) -> frozenset[Pair]:
    """The antonym pairs of these rows."""
    return select_pairs(edits(rows).values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", type=Path, help="write the list here")
    options = parser.parse_args()
    pairs = sorted(sorted(p) for p in mine(json.loads(line) for line in DATA.open()))
    lines = [
        "# Antonym pairs mined from SummEdits' development edits (evals/mine_antonyms.py; SummEdits, Apache-2.0).",
        f"# {len(pairs)} pairs: single-word replacements in inconsistent antonym_swap edits of >= {DOCUMENTS} "
        f"documents of >= {DOMAINS} domains, never in a consistent edit.",
        *(" ".join(p) for p in pairs),
    ]
    text = "\n".join(lines) + "\n"
    if options.write:
        options.write.write_text(text, encoding="utf-8")
    print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
