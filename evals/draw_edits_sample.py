"""Draw the judge's recorded sample of SummEdits' other domains: whole documents, the same number per domain.

    python evals/draw_edits_sample.py > evals/data/summedits_other_sample.jsonl

The judge's answers on the seven other domains are recorded on a sample (`summedits-other-sample`): per domain,
its documents shuffled (seed 0) and the first `DOCUMENTS` taken, with `PER_DOCUMENT` of each document's items
drawn at random (seed 0; all where it has fewer). Documents are listed round-robin over the domains (the first
document of every domain, then the second, ...), so that a recording stopped early still holds every domain
equally; items of one document stay together (the model server reuses the cached document). Each line is an
LLM-AggreFact row with its document written out (`doc`), keeping `doc_id`, `edit_types` and `split`.
"""

from __future__ import annotations

import json
import random
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "evals" / "data"
DOCUMENTS = 6
PER_DOCUMENT = 12
SEED = 0


def main() -> int:
    rows = [json.loads(line) for line in (DATA / "summedits_other_domains.jsonl").open()]
    texts = {d["doc_id"]: d["doc"] for d in map(json.loads, (DATA / "summedits_other_domains_docs.jsonl").open())}
    by_document: dict[str, list[dict[str, object]]] = defaultdict(list)
    domains: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        if row["doc_id"] not in by_document:
            domains[row["dataset"]].append(row["doc_id"])
        by_document[row["doc_id"]].append(row)
    chosen: dict[str, list[str]] = {}
    for domain in sorted(domains):
        documents = sorted(domains[domain])
        random.Random(SEED).shuffle(documents)
        chosen[domain] = documents[:DOCUMENTS]
    for rank in range(DOCUMENTS):
        for domain in sorted(chosen):
            if rank >= len(chosen[domain]):
                continue
            document = chosen[domain][rank]
            items = by_document[document]
            picked = sorted(random.Random(SEED).sample(range(len(items)), min(PER_DOCUMENT, len(items))))
            for index in picked:
                row = items[index]
                print(json.dumps({**row, "doc": texts[document]}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
