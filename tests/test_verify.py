"""Verification before a summary is returned, on the fake model: re-citation, misattributed speakers, unsupported
points dropped (never all of them), and what the result records."""

from __future__ import annotations

from collections import deque

from summarize import Calibration, KeyPoint, Summary, SummaryResult, Usage, Verification, load_article
from summarize.checker._verify import verify_summary

from .fakes import FakeModel

PINNED = Calibration(threshold=0.5, provenance="pinned for the tests")


def result_for(sample, points: list[KeyPoint], letter: str = "b") -> SummaryResult:
    article = load_article(sample(letter))
    summary = Summary(
        headline="Meta weighs a closed model", summary="Meta may move away from Behemoth.", key_points=points
    )
    return SummaryResult(
        summary=summary, article=article, model="fake/model", prompt_version="test", usage=Usage(calls=1)
    )


def checked(result: SummaryResult) -> Verification:
    assert result.verification is not None
    return result.verification


def point(text: str, *ids: str, presented_as: str = "reported") -> KeyPoint:
    return KeyPoint(text=text, sentence_ids=list(ids), presented_as=presented_as)


def test_a_point_the_judge_does_not_support_is_dropped_and_recorded(sample):
    model = FakeModel(yes_probabilities=deque([0.9, 0.1]))  # one whole-document question per point (PINNED)
    points = [
        point("After training, internal evaluations revealed underwhelming results and the release was delayed.", "S2"),
        point("Meta has sold its Superintelligence Lab to a rival company.", "S4", presented_as="established_fact"),
    ]
    verified = verify_summary(result_for(sample, points), model, PINNED)
    assert [p.text for p in verified.summary.key_points] == [points[0].text]
    assert checked(verified).dropped == 1
    assert [(p.verdict == "supported", p.kept) for p in checked(verified).points] == [(True, True), (False, False)]
    assert verified.usage.calls == 1 + checked(verified).usage.calls, "the summary call and the judge calls"


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
    assert checked(verified).points[0].verdict == "supported" and "repeats" in checked(verified).points[0].rationale
    assert model.requests == [], "a copy of its cited sentence needs no judge"


def test_when_no_point_is_supported_all_are_kept_and_marked(sample):
    model = FakeModel(yes_probabilities=deque([0.1] * 2))
    points = [point("Meta sold its lab.", "S4"), point("Meta bought OpenAI.", "S6")]
    verified = verify_summary(result_for(sample, points), model, PINNED)
    assert len(verified.summary.key_points) == 2 and checked(verified).dropped == 0
    assert all(p.kept and p.verdict != "supported" for p in checked(verified).points)
