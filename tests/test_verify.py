"""Verification before a summary is returned, on the fake model: re-citation, misattributed speakers, unsupported
points dropped (never all of them), and what the result records."""

from __future__ import annotations

from collections import deque

from summarize import Calibration, KeyPoint, Summary, SummaryResult, Usage, Verification, load_article
from summarize.report._markdown import summary_markdown
from summarize.summarizer import verify_summary
from summarize.summarizer._summarizer import presented_as
from summarize.testing import FakeModel

PINNED = Calibration(threshold=0.5, provenance="pinned for the tests")


def result_for(
    sample, points: list[KeyPoint], letter: str = "b", lead: str | None = None, headline: str | None = None
) -> SummaryResult:
    """A summary of the sample with these key points; its lead and headline are the article's S2 word for word
    unless given (a copy needs no judge call)."""
    article = load_article(sample(letter))
    s2 = dict(article.cited(["S2"]))["S2"]
    summary = Summary(headline=headline or s2, summary=lead if lead is not None else s2, key_points=points)
    return SummaryResult(
        summary=summary, article=article, model="fake/model", prompt_version="test", usage=Usage(calls=1)
    )


def checked(result: SummaryResult) -> Verification:
    assert result.verification is not None
    return result.verification


def point(text: str, *ids: str, presented_as: str = "reported") -> KeyPoint:
    return KeyPoint(text=text, sentence_ids=list(ids), presented_as=presented_as)


def test_a_point_the_judge_does_not_support_gives_way_to_its_sentences_own_words(sample):
    model = FakeModel(yes_probabilities=deque([0.9, 0.1]))  # one whole-document question per point (PINNED)
    points = [
        point("After training, internal evaluations revealed underwhelming results and the release was delayed.", "S2"),
        point("Meta has sold its Superintelligence Lab to a rival company.", "S4", presented_as="established_fact"),
    ]
    verified = verify_summary(result_for(sample, points), model, PINNED)
    s4 = verified.article.sentence("S4")
    assert s4 is not None
    assert [p.text for p in verified.summary.key_points] == [points[0].text, s4.text]
    stand_in = verified.summary.key_points[1]
    assert stand_in.sentence_ids == ["S4"] and stand_in.presented_as == presented_as(verified.article, "S4")
    assert checked(verified).dropped == 0
    assert [(p.verdict == "supported", p.kept) for p in checked(verified).points] == [(True, True), (False, False)]
    assert checked(verified).points[1].replaced_by == s4.text
    assert (
        verified.summary.corrections[-1].startswith("key point 2: ")
        and "S4's own words stand in" in (verified.summary.corrections[-1])
    )
    assert "- replaced by S4's own words: Meta has sold" in summary_markdown(verified)
    assert verified.usage.calls == 1 + checked(verified).usage.calls, "the summary call and the judge calls"


def test_a_point_whose_sentence_another_point_already_holds_is_dropped(sample):
    model = FakeModel(yes_probabilities=deque([0.9, 0.1]))
    points = [
        point("After training, internal evaluations revealed underwhelming results and the release was delayed.", "S2"),
        point("Meta has sold its Superintelligence Lab after the delay.", "S2", presented_as="established_fact"),
    ]
    verified = verify_summary(result_for(sample, points), model, PINNED)
    assert [p.text for p in verified.summary.key_points] == [points[0].text]
    assert checked(verified).dropped == 1 and checked(verified).points[1].replaced_by is None
    assert "- dropped: Meta has sold" in summary_markdown(verified)


def test_a_point_said_by_someone_the_cited_sentence_does_not_name_is_dropped_without_a_model_call(sample):
    model = FakeModel(yes_probabilities=deque([0.9]))
    points = [
        point("After training, internal evaluations revealed underwhelming results and the release was delayed.", "S2"),
        point("Zuckerberg states that Meta intends to maintain a dual approach.", "S5", presented_as="statement"),
    ]
    verified = verify_summary(result_for(sample, points), model, PINNED)
    misattributed = checked(verified).points[1]
    assert misattributed.verdict == "contradicted" and not misattributed.kept
    assert "Zuckerberg" in misattributed.rationale and len(model.requests) == 1, "no judge call for it"


def test_a_point_copied_from_the_sentence_next_to_the_one_it_cites_is_re_cited_and_needs_no_judge(sample):
    article = load_article(sample("a"))
    copied = next(s.text for s in article.sentences if s.id == "S2")
    model = FakeModel(yes_probabilities=deque([0.9]))
    verified = verify_summary(result_for(sample, [point(copied, "S3")], "a"), model, PINNED)
    assert verified.summary.key_points[0].sentence_ids == ["S2"]
    assert any("cited S3 -> S2" in c for c in verified.summary.corrections)
    assert checked(verified).points[0].verdict == "supported" and "copy check" in checked(verified).points[0].rationale
    assert model.requests == [], "a copy of its cited sentence needs no judge"


def test_when_no_point_is_supported_and_no_sentence_can_stand_in_all_are_kept_and_marked(sample, monkeypatch):
    monkeypatch.setattr("summarize.summarizer._verify.KEY_POINT_CHARACTERS", 10)  # every sentence too long
    model = FakeModel(yes_probabilities=deque([0.1] * 2))
    points = [point("Meta sold its lab.", "S4"), point("Meta bought OpenAI.", "S6")]
    verified = verify_summary(result_for(sample, points), model, PINNED)
    assert len(verified.summary.key_points) == 2 and checked(verified).dropped == 0
    assert all(p.kept and p.verdict != "supported" for p in checked(verified).points)


S2_POINT = "After training, internal evaluations revealed underwhelming results and the release was delayed."


def test_the_lead_and_the_headline_are_recorded_as_deletions_and_need_no_judge(sample):
    model = FakeModel(yes_probabilities=deque([0.9]))
    verified = verify_summary(result_for(sample, [point(S2_POINT, "S2")], lead=S2_POINT), model, PINNED)
    assert verified.summary.summary == S2_POINT
    for part in (checked(verified).summary, checked(verified).headline):
        assert part is not None and part.verdict == "supported" and part.sentence_ids == ["S2"]
        assert "shortened by deletion alone" in part.rationale
    assert len(model.requests) == 1, "one judge question, for the key point; none for the lead or headline"


def test_when_key_point_1_gives_way_the_lead_is_taken_again_from_the_first_point_kept(sample):
    model = FakeModel(yes_probabilities=deque([0.1, 0.9]))
    points = [point("Meta sold its Superintelligence Lab.", "S4"), point(S2_POINT, "S2")]
    verified = verify_summary(result_for(sample, points, lead="Meta sold its Superintelligence Lab."), model, PINNED)
    first = verified.summary.key_points[0]
    assert verified.summary.summary == first.text != points[0].text, "the first point kept is the lead"
    assert any(c.startswith("summary: key point 1 gave way") for c in verified.summary.corrections)
