"""The role check (two names trading roles between a claim and its evidence) on the development data: its hits on
inconsistent items and its false alarms on consistent ones, per error or edit type. No model.

    python evals/role_check.py [--out evals/role-check.json] [--other-domains N]

Datasets: SummEdits news (eval split), FRANK validation (with its annotators' error types: `EntE` wrong entity,
`RelE` wrong relation, ...; an item counts under each type its summary's sentences carry), and SummEdits' seven
other domains (`--other-domains N`: the first N items in file order, all by default), with their edit types.
An item is flagged when the check fails on one of its claims (the summary's sentences).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

from summarize import EMBEDDED_CALIBRATION, article_from_text
from summarize.checker import Claim, check_claims
from summarize.input import split_sentences

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "evals" / "data"


def flagged(doc: str, summary: str, check: str = "roles") -> str | None:
    """The failed check's detail on the first claim it fails, or None."""
    article = article_from_text(doc, source="doc")
    claims = [Claim(s.text) for s in split_sentences(summary)]
    if not claims:
        return None
    report = check_claims("", claims, [article], None, EMBEDDED_CALIBRATION)
    for claim in report.claims:
        for result in claim.checks:
            if result.check == check and not result.passed:
                return result.detail
    return None


def tally(rows: list[tuple[int, list[str], str | None]]) -> dict[str, object]:
    """Per type: items, flagged; and false alarms on consistent items."""
    by_type: dict[str, Counter[str]] = defaultdict(Counter)
    for label, types, detail in rows:
        for kind in types or (["consistent"] if label == 1 else ["unknown"]):
            by_type[kind]["items"] += 1
            by_type[kind]["flagged"] += detail is not None
    consistent = [d for label, _t, d in rows if label == 1]
    inconsistent = [d for label, _t, d in rows if label == 0]
    return {
        "items": len(rows),
        "inconsistent_flagged": f"{sum(d is not None for d in inconsistent)} of {len(inconsistent)}",
        "consistent_flagged": f"{sum(d is not None for d in consistent)} of {len(consistent)}",
        "by_type": {k: dict(v) for k, v in sorted(by_type.items())},
        "examples": [d for _l, _t, d in rows if d is not None][:8],
    }


def summedits_news() -> list[tuple[int, list[str], str | None]]:
    rows = [json.loads(line) for line in (DATA / "summedits_news_eval.jsonl").read_text().splitlines()]
    return [(r["label"], [], flagged(r["doc"], r["claim"])) for r in rows]


def frank() -> list[tuple[int, list[str], str | None]]:
    rows = [json.loads(line) for line in (DATA / "frank_valid_error_types.jsonl").read_text().splitlines()]
    found = []
    for r in rows:
        types = [kind for kind, share in r["error_share"].items() if share > 0]
        found.append((r["label"], types, flagged(r["doc"], r["claim"])))
    return found


def other_domains(limit: int | None) -> list[tuple[int, list[str], str | None]]:
    docs = {
        d["doc_id"]: d["doc"]
        for d in map(json.loads, (DATA / "summedits_other_domains_docs.jsonl").read_text().splitlines())
    }
    rows = [json.loads(line) for line in (DATA / "summedits_other_domains.jsonl").read_text().splitlines()][:limit]
    return [(r["label"], list(r.get("edit_types") or []), flagged(docs[r["doc_id"]], r["claim"])) for r in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "evals" / "role-check.json")
    parser.add_argument("--other-domains", type=int, default=None, help="first N items (default: all)")
    args = parser.parse_args()
    report = {"summedits_news": tally(summedits_news()), "frank_valid": tally(frank())}
    if (DATA / "summedits_other_domains.jsonl").exists():
        report["summedits_other_domains"] = tally(other_domains(args.other_domains))
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
