"""Coverage: key facts (given or the article's own), the words before the judge, the decision, the reports."""

from __future__ import annotations

import json
from collections import deque
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarize import (
    Calibration,
    CheckReport,
    EmptyInputError,
    InputError,
    KeyFact,
    article_from_text,
    article_key_facts,
    check,
    coverage,
    json_schema,
    read_key_facts,
    report_html,
    report_markdown,
)
from summarize.checker import fact_signals, summary_coverage
from summarize.cli import cli
from summarize.eval import evaluate_coverage, kendall_tau, load_coverage_dataset, per_document
from summarize.testing import FakeModel

ARTICLE = article_from_text(
    "Meta has delayed the release of its largest model, Behemoth, after disappointing internal tests. "
    "The model finished training in the spring, engineers said. "
    "A spokesperson declined to comment on the delay. "
    "Rivals released two open models in the same month. "
    "Shares of the company fell two percent on Friday.",
    source="a.txt",
)
RULE = Calibration(threshold=0.5, provenance="test rule", weights={"stated": 1.0})
FACTS = [
    KeyFact(text="Meta delayed Behemoth."),  # every content word in one sentence: covered, no judge
    KeyFact(text="Shares fell on Friday."),  # none of its words: not covered, no judge
    KeyFact(text="The delay followed disappointing internal tests of the model."),  # the judge decides
]
SUMMARY = "Meta delayed Behemoth, its largest model. The tests were disappointing."


def test_the_words_decide_copies_and_wordless_facts_and_the_judge_only_the_rest():
    fake = FakeModel(yes_probabilities=deque([0.8]))
    report = summary_coverage(SUMMARY, FACTS, fake, RULE, key_facts_from="given")
    assert [(f.status, f.method) for f in report.facts] == [
        ("covered", "copy"),
        ("not_covered", "no_words"),
        ("covered", "judge"),
    ]
    assert len(fake.requests) == 1 and report.usage.calls == 1
    assert report.score == pytest.approx(2 / 3, abs=1e-4)
    assert report.counts == {"covered": 2, "partly": 0, "not_covered": 1}


def test_the_summary_is_the_cached_prefix_and_the_fact_comes_last():
    fake = FakeModel(yes_probabilities=deque([0.2, 0.9]))
    summary_coverage(SUMMARY, [FACTS[2], KeyFact(text="Behemoth is the largest model of Meta's rivals.")], fake, RULE,
                     key_facts_from="given")  # fmt: skip
    first, second = fake.requests
    assert first[0] == second[0], "every question about one summary shares its system message"
    assert SUMMARY in first[0]["content"] and "delay followed" not in first[0]["content"]
    assert first[1]["content"].startswith("FACT: The delay followed")


def test_a_fact_the_judge_rejects_but_whose_words_are_mostly_there_is_partly_covered():
    fake = FakeModel(yes_probabilities=deque([0.1]))
    report = summary_coverage(SUMMARY, [FACTS[2]], fake, RULE, key_facts_from="given")
    fact = report.facts[0]
    assert fact.status == "partly" and fact.probability == pytest.approx(0.1, abs=1e-3)
    assert report.score == 0.5
    assert fact.covered_by == "Meta delayed Behemoth, its largest model.", "two of its words in each: the earlier"


def test_an_evaluation_asks_about_every_fact_but_the_words_still_decide_their_own():
    fake = FakeModel(yes_probabilities=deque([0.1, 0.9, 0.9]))
    report = summary_coverage(SUMMARY, FACTS, fake, RULE, key_facts_from="given", every_question=True)
    assert len(fake.requests) == 3
    assert [f.status for f in report.facts] == ["covered", "not_covered", "covered"]
    assert report.facts[0].signals["stated"] == pytest.approx(0.1, abs=1e-3), "recorded for any refit"


def test_without_a_judge_nothing_is_covered_that_the_summary_does_not_copy():
    report = summary_coverage(SUMMARY, FACTS, None, RULE, key_facts_from="given")
    assert [(f.status, f.method) for f in report.facts] == [
        ("covered", "copy"),
        ("not_covered", "no_words"),
        ("partly", "unjudged"),
    ]
    assert report.judge is None and report.usage.calls == 0


def test_facts_come_most_important_first_and_weigh_in_the_score():
    facts = [KeyFact(text="Shares fell on Friday.", weight=0.5), KeyFact(text="Meta delayed Behemoth.", weight=2.0)]
    report = summary_coverage(SUMMARY, facts, None, RULE, key_facts_from="given")
    assert [f.text for f in report.facts] == ["Meta delayed Behemoth.", "Shares fell on Friday."]
    assert report.score == pytest.approx(2.0 / 2.5)


def test_the_signals_are_shares_of_content_words_in_the_summary_and_in_its_best_sentence():
    signals, sentence = fact_signals("Meta delayed Behemoth after tests.", ["Meta delayed Behemoth.", "Tests ran."])
    assert signals == {"fact_words": 0.8, "sentence_words": 0.6}  # "after" is in neither sentence
    assert sentence == "Meta delayed Behemoth."


def test_the_articles_key_facts_are_its_most_newsworthy_distinct_sentences_citing_their_ids():
    facts = article_key_facts(ARTICLE, count=3)
    assert len(facts) == 3
    assert facts[0].weight == 1.0 and all(0 < f.weight <= 1.0 for f in facts)
    assert all(ARTICLE.sentence(f.sentence_id or "") is not None for f in facts)
    assert facts[0].sentence_id == "S1"


def test_key_facts_read_from_lines_or_json_lines(tmp_path: Path):
    plain = tmp_path / "facts.txt"
    plain.write_text("# the editor's list\nMeta delayed Behemoth.\n\nShares fell.\n")
    assert [f.text for f in read_key_facts(plain)] == ["Meta delayed Behemoth.", "Shares fell."]
    lines = tmp_path / "facts.jsonl"
    lines.write_text('{"text": "Meta delayed Behemoth.", "weight": 3}\n"Shares fell."\n')
    assert [(f.text, f.weight) for f in read_key_facts(lines)] == [
        ("Meta delayed Behemoth.", 3.0),
        ("Shares fell.", 1.0),
    ]


@pytest.mark.parametrize(
    ("text", "error", "message"),
    [
        ("# only a comment\n\n", EmptyInputError, "no key facts"),
        ('{"text": "x", "weight": -1}\n', InputError, "line 1: weight must be a positive number"),
        ('{"text": "x"\n', InputError, "line 1: not valid JSON"),
        ('{"weight": 2}\n', InputError, "a string or an object with a non-empty text"),
    ],
)
def test_a_bad_key_facts_file_is_refused_in_one_line(tmp_path: Path, text: str, error: type, message: str):
    path = tmp_path / "facts.txt"
    path.write_text(text)
    with pytest.raises(error, match=message):
        read_key_facts(path)


def test_check_with_coverage_reports_it_typed_and_in_every_format():
    report = check(SUMMARY, ARTICLE, use_llm=False, coverage=True, key_facts=["Meta delayed Behemoth.", "Shares fell."])
    assert report.coverage is not None and report.coverage.key_facts_from == "given"
    document = json.loads(report.model_dump_json())
    assert document["coverage"]["score"] == 0.5
    assert [f["status"] for f in document["coverage"]["facts"]] == ["covered", "not_covered"]
    markdown = report_markdown(report)
    assert "Coverage 50% of 2 key facts (given): 1 covered, 0 partly, 1 left out" in markdown
    assert "**✗ left out**: Shares fell." in markdown
    page = report_html(report)
    assert '<ol class="omitted">' in page and "Shares fell." in page.split('<ol class="omitted">')[1]
    schema = json_schema("check-report")
    assert "coverage" in schema["properties"] and "CoverageReport" in schema["$defs"]


def test_the_html_escapes_a_key_fact():
    report = check(SUMMARY, ARTICLE, use_llm=False, coverage=True, key_facts=["<script>alert(1)</script> fell."])
    assert "<script>alert(1)" not in report_html(report)


def test_coverage_of_our_own_summary_reads_its_lead_and_key_points():
    report = coverage("Meta delayed Behemoth, its largest model.", ARTICLE, use_llm=False)
    assert report.key_facts_from == "article" and report.facts[0].sentence_id == "S1"
    with pytest.raises(EmptyInputError):
        coverage("  ", ARTICLE, use_llm=False)


def test_the_cli_adds_coverage_to_the_check_report(tmp_path: Path):
    article, summary, facts = tmp_path / "a.txt", tmp_path / "s.txt", tmp_path / "facts.txt"
    article.write_text(ARTICLE.text)
    summary.write_text(SUMMARY)
    facts.write_text("Meta delayed Behemoth.\nShares fell on Friday.\n")
    result = CliRunner().invoke(cli, ["check", "--no-llm", "--key-facts", str(facts), "-s", str(article),
                                       str(summary), "--json"])  # fmt: skip
    assert result.exit_code in (0, 1, 13), result.output
    document = json.loads(result.stdout)
    assert [f["status"] for f in document["coverage"]["facts"]] == ["covered", "not_covered"]
    CheckReport.model_validate(document)
    missing = CliRunner().invoke(cli, ["check", "--no-llm", "--key-facts", str(tmp_path / "nope.txt"),
                                        "-s", str(article), str(summary)])  # fmt: skip
    assert missing.exit_code == 4, "a missing file: the table's code for every command"
    assert "nope.txt" in missing.stderr and len(missing.stderr.strip().splitlines()) == 1


def test_kendall_tau_b_counts_concordant_pairs_and_corrects_for_ties():
    assert kendall_tau([1, 2, 3, 4], [10, 20, 30, 40]) == 1.0
    assert kendall_tau([1, 2, 3, 4], [40, 30, 20, 10]) == -1.0
    assert kendall_tau([1, 2, 3], [1, 3, 2]) == pytest.approx(1 / 3)
    assert kendall_tau([1, 1, 2], [1, 2, 3]) == pytest.approx(2 / (3 * 2) ** 0.5)
    assert kendall_tau([1, 1], [1, 2]) is None


def _dataset(tmp_path: Path) -> tuple[Path, Path]:
    articles, summaries = tmp_path / "articles.jsonl", tmp_path / "summaries.jsonl"
    articles.write_text(json.dumps({"doc_id": "d1", "doc": ARTICLE.text, "key_facts": [f.text for f in FACTS]}) + "\n")
    rows = [
        {"doc_id": "d1", "system": "full", "summary": SUMMARY + " Shares fell on Friday.", "present": [1, 1, 1]},
        {"doc_id": "d1", "system": "half", "summary": SUMMARY, "present": [1, 0, 1]},
        {"doc_id": "d1", "system": "none", "summary": "Rivals released open models.", "present": [0, 0, 0]},
    ]
    summaries.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return summaries, articles


def test_the_coverage_eval_scores_facts_summaries_and_systems_and_resumes(tmp_path: Path):
    summaries, articles = _dataset(tmp_path)
    samples, digest = load_coverage_dataset(summaries, articles)
    assert [s.id for s in samples] == ["d1-full", "d1-half", "d1-none"] and len(digest) == 12
    metrics = evaluate_coverage(samples, tmp_path / "run", use_llm=False)
    assert metrics.n == 3 and metrics.facts == 9 and metrics.systems == 3
    assert metrics.summary_pearson is not None and metrics.summary_pearson > 0.9
    assert metrics.per_summary.calls == 0
    again = evaluate_coverage(samples, tmp_path / "run", use_llm=False)
    assert again == metrics
    assert len((tmp_path / "run" / "predictions.jsonl").read_text().splitlines()) == 3, "finished ones skipped"


def test_per_document_deals_the_systems_in_rotation(tmp_path: Path):
    summaries, articles = _dataset(tmp_path)
    samples, _ = load_coverage_dataset(summaries, articles)
    chosen = per_document(samples, 2, seed=0)
    assert len(chosen) == 2 and len({s.system for s in chosen}) == 2


def test_a_coverage_dataset_with_labels_that_do_not_match_its_facts_is_refused(tmp_path: Path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"summary": "x", "key_facts": ["a", "b"], "present": [1]}) + "\n")
    with pytest.raises(InputError, match="one 0/1 label in `present` per key fact"):
        load_coverage_dataset(path)
