"""What the summarizer does without the model: the sentences its key points rest on, their presentation,
speakers from sentence structure, hedges kept on key points."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarize import SummaryResult, load_article
from summarize.summarizer._schema import draft_model_for
from summarize.summarizer._summarizer import keep_presentation, plan_summary, presented_as
from summarize.text._quotes import quotations
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
    found = quotations([(s.id, s.text) for s in article.sentences])
    assert {sentence_id: who[sentence_id] for sentence_id, _words in found} == expected


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


def test_the_summary_quotes_come_with_the_speakers_the_sentences_name(sample):
    plan = plan_summary(load_article(sample("c")))
    assert [(q.sentence_id, q.speaker) for q in plan.quotes] == [("S15", "A Meta spokesperson"), ("S37", "Zuckerberg")]
    assert plan.quotes[0].text.startswith("We plan to continue releasing leading open source models.")


def test_key_points_rest_on_distinct_newsworthy_sentences_not_on_framing(sample):
    """Sample c's S24-S33 are the page's own speculation: no key point rests on them; each point's sentence is
    shown to the model and labelled as the sentence presents it."""
    article = load_article(sample("c"))
    plan = plan_summary(article)
    assert plan.point_ids == ["S6", "S7", "S10", "S14"]
    assert set(plan.point_ids) <= {s.id for s in plan.excerpt}
    assert [presented_as(article, i) for i in plan.point_ids] == [
        "established_fact", "established_fact", "reported", "statement",
    ]  # fmt: skip


def test_the_model_must_state_the_news_not_describe_the_article():
    draft = draft_model_for(["S1", "S2"])
    points = {"S1": "Meta delayed Behemoth.", "S2": "A spokesperson said its position is unchanged."}
    ok = draft.model_validate({"key_points": points, "headline": "Meta delays Behemoth", "lead": "Meta delayed it."})
    assert ok.point_texts() == points
    with pytest.raises(ValueError, match="describes the article"):
        draft.model_validate({"key_points": points, "headline": "Meta", "lead": "The article discusses Meta."})
    with pytest.raises(ValueError, match="S2"):
        draft.model_validate({"key_points": {"S1": "x"}, "headline": "Meta", "lead": "Meta delayed it."})
