"""Coverage of our own summaries: against CNN/DM's highlights beside Lead-3, and what they leave out.

    python evals/coverage_own_summaries.py --record coverage-own-summaries    # with `summarize model serve`
    python evals/coverage_own_summaries.py --replay coverage-own-summaries --check evals/coverage-own-summaries.json

Reads our recorded summaries (no summarizer call): the 38 held-out CNN/DM validation articles of the ROUGE
benchmark (`evals/runs/cnndm-rouge*`) and the four samples (`evals/runs/summaries`).

1. **Highlights as key facts**: each article's published highlights, one key fact per highlight sentence, looked
   for in our three key points and in Lead-3 (the article's first three sentences), by the coverage check under
   the shipped rule. Per summary kind: the mean coverage score, and the articles where ours covers more, as
   much, less. The key points and Lead-3 are three sentences each; the highlights were written by the outlet,
   so neither copies them.
2. **Omissions of our own summaries** (reference-free, the key facts the tool picks from the article): for the
   four samples and the first six held-out CNN/DM articles, every key fact our summary (lead and key points)
   leaves out, for reading by hand. The tool's key facts and our key points come from the same newsworthiness
   ranking, so the best-ranked facts are ours by construction: this part shows what is left out, it is no
   measure of quality.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import sys
from pathlib import Path
from typing import Any

from summarize import KeyFact, SummaryResult, coverage, resolve_settings
from summarize.eval import Recordings

ROOT = Path(__file__).resolve().parent.parent
RUNS = ROOT / "evals" / "runs"
CNNDM = [RUNS / name for name in ("cnndm-rouge", "cnndm-rouge-b", "cnndm-rouge-c")]
READ_BY_HAND = 6


def highlights() -> dict[str, list[str]]:
    """Each CNN/DM article's highlight sentences (the references separate them with ' . ')."""
    rows = map(json.loads, (ROOT / "evals" / "data" / "cnndm_valid_references.jsonl").open())
    return {r["id"]: [s.strip() + "." for s in r["reference"].split(" . ") if s.strip(" .")] for r in rows}


def summaries() -> tuple[dict[str, SummaryResult], dict[str, SummaryResult]]:
    """Our recorded summaries: the CNN/DM held-out articles (by id, in file order) and the four samples."""
    cnndm = {p.name.removesuffix(".summary.json"): p for run in CNNDM for p in sorted(run.glob("*.summary.json"))}
    order = [r["id"] for r in map(json.loads, (ROOT / "evals" / "data" / "cnndm_valid_references.jsonl").open())]
    ours = {i: SummaryResult.model_validate_json(cnndm[i].read_text()) for i in order if i in cnndm}
    samples = {
        p.name.removesuffix(".summary.json"): SummaryResult.model_validate_json(p.read_text())
        for p in sorted((RUNS / "summaries").glob("*.summary.json"))
    }
    return ours, samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--record", metavar="NAME")
    parser.add_argument("--replay", metavar="NAME")
    parser.add_argument("--out", type=Path, default=ROOT / "evals" / "coverage-own-summaries.json")
    parser.add_argument("--check", type=Path, metavar="FILE", help="compare with published figures instead")
    options = parser.parse_args()
    settings = resolve_settings(recordings=ROOT / "cassettes" / "evals")
    recorder = Recordings.open(record=options.record, replay=options.replay, folder=settings.recordings)
    llm = dataclasses.replace(settings, model=recorder.configure(settings.model)).client()
    ours, samples = summaries()
    facts_of = highlights()
    rows: list[dict[str, Any]] = []
    for article_id, result in ours.items():
        with recorder.item(f"highlights-{article_id}"):
            kinds = {
                "key_points": " ".join(p.text for p in result.summary.key_points),
                "lead3": " ".join(s.text for s in result.article.sentences[:3]),
            }
            facts = [KeyFact(text=f) for f in facts_of[article_id]]
            reports = {k: coverage(text, result.article, key_facts=facts, client=llm) for k, text in kinds.items()}
        rows.append({"id": article_id, **{k: r.score for k, r in reports.items()},
                     "calls": sum(r.usage.calls for r in reports.values())})  # fmt: skip
    omissions: dict[str, Any] = {}
    readable = {**samples, **dict(list(ours.items())[:READ_BY_HAND])}
    for name, result in readable.items():
        with recorder.item(f"omissions-{name}"):
            report = coverage(result, result.article, client=llm)
        omissions[name] = {
            "score": report.score,
            "calls": report.usage.calls,
            "summary": [result.summary.summary, *(p.text for p in result.summary.key_points)],
            "facts": [
                {"status": f.status, "method": f.method, "sentence_id": f.sentence_id, "text": f.text}
                for f in report.facts
            ],  # fmt: skip
        }
    found: dict[str, Any] = {
        "highlights_as_key_facts": {
            "articles": len(rows),
            "mean_score": {k: round(statistics.mean(r[k] for r in rows), 4) for k in ("key_points", "lead3")},
            "key_points_cover_more": sum(r["key_points"] > r["lead3"] for r in rows),
            "as_much": sum(r["key_points"] == r["lead3"] for r in rows),
            "less": sum(r["key_points"] < r["lead3"] for r in rows),
            "judge_calls_per_summary": round(sum(r["calls"] for r in rows) / (2 * len(rows)), 3),
            "per_article": rows,
        },
        "omissions_of_our_summaries": omissions,
    }
    if options.check:
        published = json.loads(options.check.read_text())
        differing = [k for k in found if found[k] != published.get(k)]
        print(f"replayed: mean coverage {found['highlights_as_key_facts']['mean_score']}; "
              f"differs from the published in: {differing or 'nothing'}")  # fmt: skip
        return 1 if differing else 0
    options.out.write_text(json.dumps(found, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(found["highlights_as_key_facts"]["mean_score"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
