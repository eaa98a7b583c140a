"""The summaries' entity lists on CNN/DM articles, and what analysing a new article costs.

    python evals/benchmark_entities.py                    # the held-out half (articles 38-75), lists and timing
    python evals/benchmark_entities.py --first 1 --last 37 --out /tmp/dev.json

For each article of evals/data/cnndm_valid_references.jsonl (1-based, file order) it prints the summary's
`entities` as `summarize` lists them (`recognised_entities`: no model is involved), one per line with its kind
and role, so that they can be judged by hand (evals/entities-heldout.md). It also times the analysis of each
article as a new one (its sentences parsed for the first time): the split into sentences, the parse, the
newsworthiness ranking, the quotations and their speakers, and the entities; the pipelines' load (about 2 s, once
per process) is timed apart. It reports the median and the range over all 75 articles, and the process's peak
resident memory. Timings on a shared machine are noisy: run it on a quiet one, and read the median.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import time
from pathlib import Path
from typing import Any

from summarize import article_from_text
from summarize.summarizer import SummaryPlan, plan_summary, recognised_entities
from summarize.text import load_pipeline

ROOT = Path(__file__).resolve().parent.parent


def analyse(row: dict[str, str]) -> tuple[float, list[dict[str, Any]], SummaryPlan]:
    """Seconds to analyse one article as a new one, its entity list, and its plan."""
    started = time.perf_counter()
    article = article_from_text(row["doc"], source=row["id"])
    plan = plan_summary(article)
    entities = recognised_entities(article, plan)
    seconds = time.perf_counter() - started
    return seconds, [e.model_dump() for e in entities], plan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(ROOT / "evals/data/cnndm_valid_references.jsonl"))
    parser.add_argument("--first", type=int, default=38, help="first article listed (1-based)")
    parser.add_argument("--last", type=int, default=75, help="last article listed")
    parser.add_argument("--out", default=str(ROOT / "evals/benchmark-entities.json"))
    args = parser.parse_args()
    rows = [json.loads(line) for line in Path(args.data).read_text().splitlines() if line.strip()]
    started = time.perf_counter()
    load_pipeline()
    load = time.perf_counter() - started
    seconds, lists = [], {}
    for number, row in enumerate(rows, start=1):
        took, entities, plan = analyse(row)
        seconds.append(took)
        if args.first <= number <= args.last:
            lists[number] = {"id": row["id"], "entities": entities, "quotes": [q.speaker for q in plan.quotes]}
    for number, listed in lists.items():
        print(f"\n{number} {listed['id']}")
        for entity in listed["entities"]:
            role = f" ({entity['role']})" if entity["role"] else ""
            print(f"  {entity['name']} [{entity['kind']}]{role}")
    milliseconds = sorted(round(s * 1000) for s in seconds)
    cost = {
        "articles": len(seconds),
        "pipeline_load_seconds": round(load, 2),
        "analysis_ms_median": round(statistics.median(milliseconds)),
        "analysis_ms_range": [milliseconds[0], milliseconds[-1]],
        "analysis_ms_quartiles": [round(q) for q in statistics.quantiles(milliseconds, n=4)],
        "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    print("\n" + json.dumps(cost, indent=2))
    Path(args.out).write_text(json.dumps({"cost": cost, "lists": lists}, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
