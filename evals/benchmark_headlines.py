"""Headlines and leads against CNN/DM highlights: the model's free text beside compressions by deletion.

    python evals/benchmark_headlines.py [--out evals/benchmark-headlines.json]

For each of the 75 CNN/DM development articles (`evals/data/cnndm_valid_references.jsonl`; 1-37 the half the
ranking was tuned on, 38-75 held out), the summary's first key point's sentence (the most newsworthy, as the
summarizer plans it; no model) is compressed by deletion (`summarize.text.compress`) into a headline and a lead.
Reported per half, as ROUGE-1/2/L F1 (%): headlines against the highlights' first line, leads against all the
highlights, beside Lead-1 (the article's first sentence) and, where the summaries were recorded
(`evals/runs/cnndm-rouge*`, articles 38-75), the shipped headline and lead, and the share of headlines that are the
model's own shortening (the rest are the deletion fallback). Also the mean length in words.
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

from rouge_score import rouge_scorer

from summarize import SummaryResult, article_from_text
from summarize.summarizer import plan_summary
from summarize.text import compress, match_words

ROOT = Path(__file__).resolve().parent.parent
METRICS = ("rouge1", "rouge2", "rougeL")
TUNED = 37
"""Articles 1-37 are the half the ranking (and any choice here) may be tuned on."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(ROOT / "evals/data/cnndm_valid_references.jsonl"))
    parser.add_argument("--out", default=str(ROOT / "evals/benchmark-headlines.json"))
    args = parser.parse_args()
    rows = [json.loads(line) for line in Path(args.data).read_text().splitlines() if line.strip()]
    recorded = _recorded()
    report = {
        "articles 1-37 (tuned on)": _half(rows[:TUNED], recorded),
        "articles 38-75 (held out)": _half(rows[TUNED:], recorded),
    }
    Path(args.out).write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


def _recorded() -> dict[str, SummaryResult]:
    found = {}
    for path in sorted((ROOT / "evals" / "runs").glob("cnndm-rouge*/*.summary.json")):
        result = SummaryResult.model_validate_json(path.read_text())
        found[path.name.removesuffix(".summary.json")] = result
    return found


def _half(rows: list[dict[str, str]], recorded: dict[str, SummaryResult]) -> dict[str, object]:
    candidates: dict[str, dict[str, list[str]]] = {"headline": {}, "lead": {}}
    references: dict[str, list[str]] = {"headline": [], "lead": []}
    for row in rows:
        article = article_from_text(row["doc"], source=row["id"])
        sentence = article.sentence(plan_summary(article).point_ids[0])
        assert sentence is not None
        references["headline"].append(row["reference"].split(" . ")[0])
        references["lead"].append(row["reference"])
        texts = _candidates(sentence.text, article.sentences[0].text, recorded.get(row["id"]))
        for part in ("headline", "lead"):
            for name, text in texts[part].items():
                candidates[part].setdefault(name, []).append(text)
    return {
        part: {name: _scores(texts, references[part]) for name, texts in by_name.items() if len(texts) == len(rows)}
        for part, by_name in candidates.items()
    }


def _candidates(top: str, first: str, result: SummaryResult | None) -> dict[str, dict[str, str]]:
    texts = {
        "headline": {f"deletion, at most {n} words": compress(top, n) for n in (10, 12, 14, 16)},
        "lead": {"Lead-1": first, "the top sentence": top}
        | {f"deletion, at most {n} words": compress(top, n) for n in (25, 30, 35, 40, 50)},
    }
    if result is not None:
        kept = not any(c.startswith("headline:") for c in result.summary.corrections)
        texts["headline"]["shipped (recorded)"] = result.summary.headline
        texts["headline"]["shipped: the model's own shortening"] = str(kept)
        texts["lead"]["shipped (recorded)"] = result.summary.summary
    return texts


def _scores(texts: list[str], references: list[str]) -> dict[str, float]:
    if all(t in ("True", "False") for t in texts):
        return {"share": round(texts.count("True") / len(texts), 3)}
    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    scores = [scorer.score(r, t) for t, r in zip(texts, references, strict=True)]
    found = {m: round(statistics.mean(s[m].fmeasure * 100 for s in scores), 2) for m in METRICS}
    found["words"] = round(statistics.mean(len(match_words(t)) for t in texts), 1)
    return found


if __name__ == "__main__":
    main()
