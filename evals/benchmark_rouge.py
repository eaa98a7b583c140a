"""The summarizer against CNN/DM highlights: ROUGE of its key points and short summary beside Lead-3, the share
of key points the checker supports, and the time per article; recorded, so it replays offline.

    python evals/benchmark_rouge.py --start 37 --limit 12 --record cnndm-rouge   # with `summarize model serve`
    python evals/benchmark_rouge.py --start 37 --limit 12 --replay cnndm-rouge --check evals/benchmark-rouge.json
    python evals/benchmark_rouge.py --start 49 --limit 12 --replay cnndm-rouge-b --check evals/benchmark-rouge-b.json
    python evals/benchmark_rouge.py --start 61 --limit 14 --replay cnndm-rouge-c --check evals/benchmark-rouge-c.json

The articles are `--limit` of evals/data/cnndm_valid_references.jsonl from index `--start`, in file
order. The newsworthiness ranking's weights were tuned on the first 37 (`evals/benchmark_extractive.py`), so
`--start 37` measures on articles nothing was tuned on. Each is summarized (with its verification) and checked
against itself by `summarize eval summaries`; ROUGE-1/2/L F1 (`rouge-score`, stemmed) is computed for the key
points joined, for the short summary, and for Lead-3 (the article's first three sentences) against the reference
highlights, on the same articles in the same run. Writes evals/runs/NAME/ (the eval's own files) and
evals/benchmark-rouge.json;
with `--check FILE` it writes nothing and exits 1 unless the replayed figures equal FILE's (time is not compared:
a replay takes none).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

from rouge_score import rouge_scorer

from summarize import SummaryResult, evaluate_summaries, resolve_settings

ROOT = Path(__file__).resolve().parent.parent
METRICS = ("rouge1", "rouge2", "rougeL")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(ROOT / "evals/data/cnndm_valid_references.jsonl"))
    parser.add_argument("--start", type=int, default=37, help="index of the first article (0-based)")
    parser.add_argument("--limit", type=int, default=12)
    parser.add_argument("--record", metavar="NAME")
    parser.add_argument("--replay", metavar="NAME")
    parser.add_argument("--api-base", help="a running embedded server (default: the embedded model's)")
    parser.add_argument("--out", default=str(ROOT / "evals/benchmark-rouge.json"))
    parser.add_argument("--check", metavar="FILE", help="compare with published figures instead of writing them")
    args = parser.parse_args()
    name = args.record or args.replay
    if not name:
        parser.error("give --record NAME or --replay NAME")

    rows = [json.loads(line) for line in Path(args.data).read_text().splitlines() if line.strip()]
    rows = rows[args.start : args.start + args.limit]
    folder = Path(tempfile.mkdtemp(prefix="cnndm-"))
    paths = []
    for row in rows:
        path = folder / f"{row['id']}.txt"
        path.write_text(row["doc"])
        paths.append(path)
    run = Path(tempfile.mkdtemp(prefix="rouge-run-")) if args.check else ROOT / "evals/runs" / name
    settings = resolve_settings(api_base=args.api_base, recordings=ROOT / "cassettes" / "evals")
    metrics = evaluate_summaries(paths, run, settings=settings, record=args.record, replay=args.replay)
    report = {"first_article_index": args.start} | _scores(rows, run, metrics.shares.get("supported", 0.0))
    if args.check:
        sys.exit(_compare(report, json.loads(Path(args.check).read_text())))
    Path(args.out).write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


def _compare(replayed: dict[str, object], published: dict[str, object]) -> int:
    keys = ("first_article_index", "articles", "rouge_f1_percent", "key_points_supported_by_the_checker")
    differing = [k for k in keys if replayed[k] != published[k]]
    scores = json.dumps(replayed["rouge_f1_percent"])
    print(f"replayed ROUGE: {scores}; differs from the published in: {differing or 'nothing'}")
    return 1 if differing else 0


def _scores(rows: list[dict[str, str]], run: Path, supported_share: float) -> dict[str, object]:
    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    found: dict[str, dict[str, list[float]]] = {k: {m: [] for m in METRICS} for k in ("key_points", "summary", "lead3")}
    seconds = []
    for row in rows:
        result = SummaryResult.model_validate_json((run / f"{row['id']}.summary.json").read_text())
        texts = {
            "key_points": " ".join(p.text for p in result.summary.key_points),
            "summary": result.summary.summary,
            "lead3": " ".join(s.text for s in result.article.sentences[:3]),
        }
        for kind, text in texts.items():
            scores = scorer.score(row["reference"], text)
            for metric in METRICS:
                found[kind][metric].append(scores[metric].fmeasure * 100)
        seconds.append(result.usage.seconds)
    return {
        "articles": len(rows),
        "rouge_f1_percent": {
            kind: {m: round(statistics.mean(v), 2) for m, v in by_metric.items()} for kind, by_metric in found.items()
        },
        "key_points_supported_by_the_checker": supported_share,
        "seconds_per_article_summary_and_verification": {
            "median": round(statistics.median(seconds), 1),
            "min": round(min(seconds), 1),
            "max": round(max(seconds), 1),
        },
    }


if __name__ == "__main__":
    main()
