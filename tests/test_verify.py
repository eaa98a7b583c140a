"""Verification before a summary is returned, on the fake model: re-citation, misattributed speakers, unsupported
points dropped (never all of them), and what the result records."""

from __future__ import annotations

from collections import deque

from summarize import Calibration, KeyPoint, Summary, SummaryResult, Usage, Verification, load_article
from summarize.report._markdown import summary_markdown
from summarize.summarizer import verify_summary
from summarize.summarizer._summarizer import plan_summary, presented_as, summary_messages
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
DISCUSSION_AS_DONE = "Meta abandons open source and sells its Superintelligence Lab"


def test_a_lead_the_judge_does_not_support_gives_way_to_the_first_key_point(sample):
    """The lead is checked like a key point, against the three sentences holding most of its words; the headline
    is a copy of S2 (no judge call)."""
    written = "Meta has cancelled Behemoth and released all of its models."
    model = FakeModel(yes_probabilities=deque([0.9, 0.1]))  # the point, then the lead
    points = [point(S2_POINT, "S2")]
    verified = verify_summary(result_for(sample, points, lead=written), model, PINNED)
    assert verified.summary.summary == points[0].text
    record = checked(verified).summary
    assert record is not None and record.text == written and not record.kept and record.verdict != "supported"
    assert 1 <= len(record.sentence_ids) <= 3 and "CLAIM: " + written in model.requests[-1][-1]["content"]
    assert "- summary replaced by" in summary_markdown(verified), "the terminal report says so too"
    assert (
        verified.summary.corrections[-1]
        == f"summary: {record.verdict} by the sentences closest to it; key point 1 stands in"
    )


def test_a_headline_not_supported_is_written_again_once_and_checked_again(sample):
    """The model writes the headline again from key point 1's sentence, on the summary's own messages (the
    server's cached prefix), not shown the rejected one (shown it, it wrote it again word for word); the new
    headline is checked like the first and kept where it is supported."""
    again = "Meta's lab reportedly discusses a closed model"
    model = FakeModel(structured_answers=deque([{"headline": again}]), yes_probabilities=deque([0.9, 0.1, 0.9]))
    verified = verify_summary(result_for(sample, [point(S2_POINT, "S2")], headline=DISCUSSION_AS_DONE), model, PINNED)
    rewrite = next(r for r in model.requests if r[-1]["content"].startswith("Write a headline"))
    assert rewrite[:2] == summary_messages(plan_summary(verified.article)), "the summary's messages, unchanged"
    assert "sentence S2 says" in rewrite[-1]["content"] and DISCUSSION_AS_DONE not in rewrite[-1]["content"]
    assert verified.summary.headline == again
    first, second = checked(verified).headline, checked(verified).headline_rewritten
    assert first is not None and not first.kept and second is not None and second.kept and second.text == again
    assert (
        verified.summary.corrections[-1] == f"headline: {first.verdict} by the sentences closest to it; written again"
    )
    assert "- headline replaced by the headline written again" in summary_markdown(verified)


def test_a_headline_written_again_and_still_not_supported_gives_way_to_the_first_key_point(sample):
    model = FakeModel(structured_answers=deque([{"headline": DISCUSSION_AS_DONE}]), yes_probabilities=deque([0.9, 0.1]))
    verified = verify_summary(result_for(sample, [point(S2_POINT, "S2")], headline=DISCUSSION_AS_DONE), model, PINNED)
    assert verified.summary.headline == S2_POINT
    second = checked(verified).headline_rewritten
    assert second is not None and not second.kept, "the same headline again: answered from the first question"
    assert verified.summary.corrections[-1].endswith("; written again, not supported either; key point 1 stands in")
    assert "- headline written again, not kept either" in summary_markdown(verified)


def test_a_supported_lead_is_kept_and_recorded(sample):
    model = FakeModel(yes_probabilities=deque([0.9, 0.9]))
    points = [
        point("After training, internal evaluations revealed underwhelming results and the release was delayed.", "S2")
    ]
    lead = "Meta's Superintelligence Lab is reconsidering its strategy after underwhelming internal results."
    verified = verify_summary(result_for(sample, points, lead=lead), model, PINNED)
    record = checked(verified).summary
    assert verified.summary.summary == lead and record is not None and record.kept and record.verdict == "supported"


def test_the_lead_is_checked_against_the_sentences_that_together_cover_it():
    """A lead joins facts from several sentences: each evidence sentence is chosen for the words the ones before
    it left uncovered (a CNN/DM article's lead, whose third fact only S3 holds)."""
    from summarize.input import as_article
    from summarize.summarizer._verify import _best_sentences

    article = as_article(
        "A new species of monkey has been discovered after scientists learned to distinguish it by the appearance "
        "of its penis. The white-cheeked macaque was discovered in the remote highland forests of south-east Tibet "
        "after researchers set up camera traps. The monkey has a distinctive rounded penis rather than the arrow "
        "shaped genitalia found on other species in the area. Scientists said the new species of monkey lives in "
        "forests. It was named after its pale whiskers."
    )
    lead = (
        "Scientists have discovered a new species of monkey in remote highland forests of south-east Tibet, "
        "with a distinctive rounded penis."
    )
    assert _best_sentences(lead, article) == ("S1", "S2", "S3")


def test_a_lead_sharing_no_word_with_the_article_is_judged_against_the_first_point_sentences(sample):
    model = FakeModel(yes_probabilities=deque([0.9, 0.1]))
    points = [
        point("After training, internal evaluations revealed underwhelming results and the release was delayed.", "S2")
    ]
    verified = verify_summary(result_for(sample, points, lead="Xyzzy plugh."), model, PINNED)
    record = checked(verified).summary
    assert record is not None and record.sentence_ids == ["S2"] and not record.kept
    assert verified.summary.summary == points[0].text


def test_a_key_point_standing_in_for_a_headline_is_cut_at_a_word():
    from summarize.summarizer._verify import _as_headline
    from summarize.summary import HEADLINE_CHARACTERS

    long = "Meta's Superintelligence Lab discussed " + "moving away from its most powerful open model " * 6
    cut = _as_headline(long)
    assert len(cut) <= HEADLINE_CHARACTERS and cut.endswith("…") and long.startswith(cut[:-1])
    assert _as_headline("Meta delays Behemoth") == "Meta delays Behemoth"


def test_a_headline_too_long_in_key_point_1_gets_the_first_point_that_fits(sample):
    model = FakeModel(  # two points, then the headline; written again the same, answered from the first question
        structured_answers=deque([{"headline": "Meta sells its lab"}]), yes_probabilities=deque([0.9, 0.9, 0.1])
    )
    long = "Meta's Superintelligence Lab discussed " + "moving away from its most powerful open model, " * 5
    points = [point(long.strip(" ,") + ".", "S1"), point("Meta delayed the release of its largest model.", "S2")]
    verified = verify_summary(result_for(sample, points, headline="Meta sells its lab"), model, PINNED)
    assert verified.summary.headline == "Meta delayed the release of its largest model."
    assert verified.summary.corrections[-1].endswith("key point 2 stands in")


def test_a_headline_made_of_its_sentence_s_words_in_another_order_goes_to_the_judge(sample):
    """A bag of the cited sentence's words is no copy: sample d's "Meta Discussion Moves from Powerful Model to
    Open Source" reorders S1's words into the opposite move; it is judged, and rejected, instead of passing."""
    article = load_article(sample("d"))
    s1 = article.sentence("S1")
    assert s1 is not None
    written = "Meta Discussion Moves from Powerful Model to Open Source"
    model = FakeModel(structured_answers=deque([{"headline": written}]), yes_probabilities=deque([0.1]))
    result = result_for(sample, [point(s1.text, "S1")], "d")
    result = result.model_copy(update={"summary": result.summary.model_copy(update={"headline": written})})
    verified = verify_summary(result, model, PINNED)
    headline = checked(verified).headline
    judged = [r for r in model.requests if r[-1]["content"].startswith("CLAIM:")]
    assert len(judged) == 1 and headline is not None and headline.verdict != "supported"
    assert verified.summary.headline != written


def test_a_headline_the_model_cannot_write_again_gives_way_to_a_key_point(sample):
    """An answer still invalid after the re-asks costs the summary nothing: key point 1 stands in, as before."""
    from summarize import InvalidModelOutputError

    model = FakeModel(
        structured_answers=deque([InvalidModelOutputError("cut off at the token limit")]),
        yes_probabilities=deque([0.9, 0.1]),
    )
    verified = verify_summary(result_for(sample, [point(S2_POINT, "S2")], headline=DISCUSSION_AS_DONE), model, PINNED)
    assert verified.summary.headline == S2_POINT and checked(verified).headline_rewritten is None
    assert verified.summary.corrections[-1].endswith("by the sentences closest to it; key point 1 stands in")
