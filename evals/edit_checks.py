"""The deterministic checks on every development item (no model), saved per claim for the fitting to re-read.

    python evals/edit_checks.py [--out evals/edit-checks.json] [--limit N]

Items: SummEdits' seven other domains (3,862, with `edit_types`), SummEdits news (evaluation split, 133) and
FRANK's validation split (671, with FRANK's error types). Each item is checked as `summarize eval` checks it
(`check_claims` without a judge, the shipped rule), and for each claim the output keeps:

- `failed`: the checks that failed, each with whether it decides under the shipped rule;
- `copy`: whether the copy check supports it;
- what the per-fold fitting (`evals/fit_edits.py`) needs to redo the checks that depend on fitted resources
  without parsing again: `opposites` (each content word of the claim that no source sentence uses, with an
  opposite a source sentence uses, by morphology or by any pair ever mined from SummEdits' antonym edits,
  whether one of the claim's evidence sentences uses it, and whether the two are opposites by morphology),
  `reversed` (predicates the claim negates or asserts that the sources state only the other way),
  `clause_coverage` (the share of its least-covered clause's content words that the sources use; null for a
  claim of one clause).

Also saved: every single-word replacement of SummEdits' edits (`evals/mine_antonyms.py`), so that each fold
mines its antonyms from its training documents alone. Parsing the long dialogue documents is the slow part (a
few minutes on 2 cores); the output is read by `evals/fit_edits.py` and the tests need none of it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mine_antonyms import replacements

from summarize.calibration import EMBEDDED_CALIBRATION
from summarize.checker import check_claims, claims_of
from summarize.input import Article, article_from_text

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "evals" / "data"
OUT = ROOT / "evals" / "edit-checks.json"
EVIDENCE = 5
"""The claim's evidence: its best BM25 sentences, as the checker retrieves them."""


def document_key(text: str) -> str:
    """A document's name in the output: the first 12 hex digits of its text's SHA-1."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def development_items() -> Iterator[dict[str, Any]]:
    """Every development item: `id`, `set`, `group` (domain or style), `document`, `doc`, `claim`, `label`,
    `edit_types` (SummEdits' other domains) or `error_types` (FRANK: those any annotator marked)."""
    texts = {d["doc_id"]: d["doc"] for d in map(json.loads, (DATA / "summedits_other_domains_docs.jsonl").open())}
    for row in map(json.loads, (DATA / "summedits_other_domains.jsonl").open()):
        doc = texts[row["doc_id"]]
        yield _item(row, "summedits-other", row["dataset"], doc, edit_types=row["edit_types"])
    for row in map(json.loads, (DATA / "summedits_news_eval.jsonl").open()):
        yield _item(row, "summedits-news", "summedits-news", row["doc"], edit_types=None)
    error_types = [json.loads(line)["error_share"] for line in (DATA / "frank_valid_error_types.jsonl").open()]
    for row, shares in zip(map(json.loads, (DATA / "frank_valid.jsonl").open()), error_types, strict=True):
        marked = sorted(kind for kind, share in shares.items() if share > 0)
        yield _item(row, "frank-valid", row["dataset"], row["doc"], error_types=marked)


def _item(row: dict[str, Any], name: str, group: str, doc: str, **types: list[str] | None) -> dict[str, Any]:
    return {
        "id": row["id"],
        "set": name,
        "group": group,
        "document": document_key(doc),
        "doc": doc,
        "claim": row["claim"],
        "label": int(row["label"]),
        **types,
    }


def claim_outcomes(
    item: dict[str, Any], article: Article, candidates: frozenset[frozenset[str]] | None
) -> list[dict[str, Any]]:
    """Each claim's checks as `summarize eval` runs them, and (with `candidates`) the raw material of the fitted
    ones."""
    text, claims = claims_of(item["claim"])
    report = check_claims(text, claims, [article], None, EMBEDDED_CALIBRATION)
    if candidates is None:  # today's checks: the code of a revision without the edit checks
        return [
            {
                "failed": [[c.check, c.decides] for c in claim.checks if not c.passed],
                "copy": any(c.check == "copy" and c.passed for c in claim.checks),
            }
            for claim in report.claims
        ]
    from summarize.text import (
        content_lemmas,
        least_covered_clause,
        opposite_words,
        polarity_against,
    )

    sentences = [s.text for s in article.sentences]
    outcomes = []
    for claim in report.claims:
        near = {int(e.sentence_id[1:]) - 1 for e in claim.evidence[:EVIDENCE]}
        near_lemmas = frozenset().union(*(content_lemmas(sentences[i]) for i in near if 0 <= i < len(sentences)))
        opposites = opposite_words(claim.claim, sentences, pairs=candidates)
        weakest = least_covered_clause(claim.claim, sentences)
        outcomes.append(
            {
                "failed": [[c.check, c.decides] for c in claim.checks if not c.passed],
                "copy": any(c.check == "copy" and c.passed for c in claim.checks),
                "opposites": [[o.claimed, o.stated, o.stated in near_lemmas, o.morphological] for o in opposites],
                "reversed": [lemma for lemma, _at in polarity_against(claim.claim, sentences)],
                "clause_coverage": None if weakest is None else round(weakest[1], 4),
            }
        )
    return outcomes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--limit", type=int, help="only the first N items (a quick look)")
    parser.add_argument(
        "--checks-only", action="store_true", help="only each claim's failed checks and copy (today's code)"
    )
    options = parser.parse_args()
    started = time.monotonic()
    items = list(development_items())[: options.limit]
    if options.checks_only:
        return _write(options.out, [], _checked(items, None), started)
    other = [i for i in items if i["set"] == "summedits-other"]
    seeds = {i["id"][: -len("_og")]: i["claim"] for i in other if i["id"].endswith("_og")}
    edits = []
    for item in other:
        seed = seeds.get(item["id"].rsplit("_", 1)[0])
        if seed is not None and not item["id"].endswith("_og"):
            edits.append({"id": item["id"], "pairs": [sorted(p) for p in replacements(seed, item["claim"])]})
    inconsistent = {i["id"] for i in other if i["label"] == 0 and "antonym_swap" in i["edit_types"]}
    candidates = frozenset(frozenset(p) for e in edits if e["id"] in inconsistent for p in e["pairs"])
    return _write(options.out, edits, _checked(items, candidates), started)


def _checked(items: list[dict[str, Any]], candidates: frozenset[frozenset[str]] | None) -> list[dict[str, Any]]:
    articles: dict[str, Article] = {}
    started = time.monotonic()
    for number, item in enumerate(items, 1):
        if item["document"] not in articles:
            articles[item["document"]] = article_from_text(item["doc"], source=item["document"])
        item["claims"] = claim_outcomes(item, articles[item["document"]], candidates)
        if number % 250 == 0:
            print(f"{number} items, {time.monotonic() - started:.0f} s", file=sys.stderr)
    return [{k: v for k, v in item.items() if k not in ("doc", "claim")} for item in items]


def _write(out: Path, edits: list[dict[str, Any]], items: list[dict[str, Any]], started: float) -> int:
    output = {"replacements": edits, "items": items}
    out.write_text(json.dumps(output, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out}: {len(items)} items in {time.monotonic() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
