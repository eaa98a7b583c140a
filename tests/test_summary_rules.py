"""What the summarizer does without the model: speakers from sentence structure, hedges kept on key points."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarize import SummaryResult, load_article
from summarize.summarizer._summarizer import article_quotations, attribute_quotes, keep_presentation
from summarize.text._speakers import speakers

SAMPLES = Path(__file__).parent.parent / "evals" / "samples"


@pytest.mark.parametrize(
    ("letter", "expected"),
    [
        ("a", {"S8": "the spokesperson", "S9": "the spokesperson"}),  # S9 goes on with S8's quotation
        ("b", {"S11": "Zuckerberg", "S12": "Zuckerberg"}),
        ("c", {"S15": "A Meta spokesperson", "S37": "Zuckerberg"}),  # "They stated", "he once stated"
        ("d", {"S6": "the spokesperson", "S7": "the spokesperson"}),
    ],
)
def test_every_quotation_of_the_samples_gets_its_speaker_from_the_sentences(sample, letter, expected):
    article = load_article(sample(letter))
    who = dict(zip((s.id for s in article.sentences), speakers([s.text for s in article.sentences]), strict=True))
    assert {q.sentence_id: who[q.sentence_id] for q in article_quotations(article)} == expected


def test_according_to_names_the_source():
    assert speakers(["The talks stalled, according to a person familiar with the matter."]) == [
        "a person familiar with the matter"
    ]


def result(letter: str) -> SummaryResult:
    return SummaryResult.model_validate_json((SAMPLES / f"summary-{letter}.json").read_text())


def test_a_reported_discussion_is_not_stated_as_fact_and_the_summary_says_so():
    """Sample d's first key point turned what S3 reports into an established fact."""
    d = result("d")
    kept = keep_presentation(d.summary, d.article)
    assert [p.presented_as for p in kept.key_points] == ["reported", "reported", "statement"]
    (correction,) = kept.corrections
    assert correction.startswith("key point 1: established_fact -> reported") and "S3 reported" in correction


def test_a_fact_the_article_states_stays_a_fact(sample):
    c = result("c")
    assert keep_presentation(c.summary, c.article).key_points == c.summary.key_points


def test_the_model_speaker_is_replaced_by_the_one_the_sentence_names():
    d = result("d")
    quotes = [q.model_copy(update={"speaker": "Techcrunch"}) for q in article_quotations(d.article)]
    fixed = attribute_quotes(d.summary.model_copy(update={"quotes": quotes}), d.article)
    assert [q.speaker for q in fixed.quotes] == ["the spokesperson", "the spokesperson"]
