"""The decision rule: per-document anchors, the rescaled whole-document answer, and which questions get asked."""

from __future__ import annotations

import math
from collections import deque

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summarize import Calibration, article_from_text
from summarize.calibration import rescaled_whole
from summarize.checker import Claim, check_claims
from summarize.testing import FakeModel

RESCALED = Calibration(threshold=0.6, provenance="test", weights={"max": 1.0}, per_document="rescaled")
ARTICLE = article_from_text(
    "Meta has delayed the release of its largest model. The model, Behemoth, finished training in the spring. "
    "Engineers said its internal tests were underwhelming. The company had promised it for April. "
    "A spokesperson declined to comment. Rivals released two models in the same month. "
    "Investors asked about the spending on the earnings call. Shares fell two percent on Friday.",
    source="a.txt",
)


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


def test_an_answer_like_the_empty_anchor_is_one_half_and_like_the_true_anchor_about_0_73():
    anchors = {"anchor_na": 0.45, "anchor_first": 0.85}
    assert rescaled_whole({**anchors, "whole": 0.45}) == pytest.approx(0.5)
    assert rescaled_whole({**anchors, "whole": 0.85}) == pytest.approx(1 / (1 + math.exp(-1)))
    assert rescaled_whole({**anchors, "whole": 0.30}) < 0.5 < rescaled_whole({**anchors, "whole": 0.60})


def test_a_judge_that_barely_tells_the_anchors_apart_is_not_blown_up():
    close = {"anchor_na": 0.50, "anchor_first": 0.52, "whole": 0.60}
    expected = 1 / (1 + math.exp(-(_logit(0.60) - _logit(0.50)) / 0.5))
    assert rescaled_whole(close) == pytest.approx(expected)


def test_without_anchors_the_answer_is_read_as_given():
    assert rescaled_whole({"whole": 0.37}) == 0.37
    assert RESCALED.score({"whole": 0.37, "window": 0.2}) == 0.37


def test_a_rule_on_the_max_is_settled_without_the_window_only_when_the_whole_answer_passes():
    anchors = {"anchor_na": 0.4, "anchor_first": 0.8}
    assert RESCALED.settled_without_window({**anchors, "whole": 0.8})
    assert not RESCALED.settled_without_window({**anchors, "whole": 0.45})
    fitted = Calibration(threshold=0.5, provenance="t", weights={"whole": 1.0, "window": -0.5}, transform="logit")
    assert not fitted.settled_without_window({"whole": 0.99}), "a fitted weight may be negative: always ask"


def _claims() -> list[Claim]:
    return [Claim("Behemoth's internal tests were underwhelming."), Claim("Meta cancelled Behemoth for good.")]


def test_anchors_come_first_and_a_settled_claim_skips_its_window():
    # anchors "N/A" 0.4 and the first sentence 0.8; whole answers 0.9 (settled) and 0.3; one window, for the second
    model = FakeModel(yes_probabilities=deque([0.4, 0.8, 0.9, 0.3, 0.2]))
    report = check_claims("", _claims(), [ARTICLE], model, RESCALED, deterministic=False)
    asked = [messages[-1]["content"] for messages in model.requests]
    assert "CLAIM: N/A" in asked[0] and "CLAIM: Meta has delayed the release of its largest model." in asked[1]
    assert [c.verdict for c in report.claims] == ["supported", "not_in_source"]
    assert "window" not in report.claims[0].signals and report.claims[1].signals["window"] == 0.2
    assert report.claims[0].signals["anchor_na"] == 0.4 and report.claims[1].signals["anchor_first"] == 0.8
    assert report.usage.calls == 5 and not model.yes_probabilities


def test_an_evaluation_asks_every_question_and_shares_anchors_between_checks_of_one_document():
    model = FakeModel(yes_probabilities=deque([0.4, 0.8, 0.9, 0.3, 0.7, 0.2, 0.5, 0.6]))
    cache: dict = {}
    first = check_claims("", _claims(), [ARTICLE], model, RESCALED, every_question=True, anchor_cache=cache)
    second = check_claims("", _claims()[:1], [ARTICLE], model, RESCALED, every_question=True, anchor_cache=cache)
    assert first.usage.calls == 6, "two anchors, two whole-document questions, two windows"
    assert second.usage.calls == 2, "the anchors come from the first check"
    assert second.claims[0].signals["anchor_first"] == 0.8 and not model.yes_probabilities


def test_a_plain_rule_asks_no_anchor():
    plain = Calibration(threshold=0.6, provenance="test", weights={"max": 1.0})
    model = FakeModel(yes_probabilities=deque([0.9, 0.3, 0.2]))
    report = check_claims("", _claims(), [ARTICLE], model, plain, deterministic=False)
    assert all("anchor_na" not in c.signals for c in report.claims) and report.usage.calls == 3


def test_an_evaluation_under_a_plain_rule_still_asks_the_anchors_so_its_recording_serves_any_rule():
    plain = Calibration(threshold=0.6, provenance="test", weights={"max": 1.0})
    model = FakeModel(yes_probabilities=deque([0.4, 0.8, 0.9, 0.3, 0.7, 0.2]))
    report = check_claims("", _claims(), [ARTICLE], model, plain, every_question=True)
    assert report.usage.calls == 6, "two anchors, two whole-document questions, two windows"
    assert all(c.signals["anchor_na"] == 0.4 for c in report.claims)
    assert report.claims[0].probability == 0.9, "the plain rule reads the whole answer as given"


def test_a_claim_copying_a_source_sentence_is_supported_without_the_judge():
    claims = [Claim("Engineers said its internal tests were underwhelming."), Claim("Meta cancelled Behemoth.")]
    model = FakeModel(yes_probabilities=deque([0.4, 0.8, 0.3, 0.2]))  # anchors, then the second claim only
    report = check_claims("", claims, [ARTICLE], model, RESCALED)
    copied, other = report.claims
    assert copied.verdict == "supported" and copied.probability is None and copied.evidence[0].sentence_id == "S3"
    assert copied.rationale.startswith("copy check: 100% of its word pairs") and other.verdict != "supported"
    assert report.usage.calls == 4 and not model.yes_probabilities


def test_a_copy_that_reverses_a_negation_is_contradicted_and_one_that_swaps_words_goes_to_the_judge():
    reversed_claim = Claim("Engineers said its internal tests were not underwhelming.")
    swapped = Claim("The spokesperson said engineers declined to comment on its tests.")
    model = FakeModel(yes_probabilities=deque([0.4, 0.8, 0.3, 0.3, 0.2, 0.2]))
    report = check_claims("", [reversed_claim, swapped], [ARTICLE], model, RESCALED)
    reversed_report, swapped_report = report.claims
    assert reversed_report.verdict == "contradicted" and reversed_report.probability is None, "the edit check's"
    assert any(c.check == "edit" and not c.passed for c in reversed_report.checks)
    assert swapped_report.probability is not None, "the judge's"
    assert not any(check.check == "copy" for c in report.claims for check in c.checks)


def test_an_evaluation_still_asks_the_judge_about_a_copy_and_records_it_as_a_signal():
    claims = [Claim("Engineers said its internal tests were underwhelming.")]
    model = FakeModel(yes_probabilities=deque([0.4, 0.8, 0.3, 0.2]))
    report = check_claims("", claims, [ARTICLE], model, RESCALED, every_question=True)
    (copied,) = report.claims
    assert copied.verdict == "supported" and copied.signals["copy"] == 1.0 and copied.probability is not None
    assert copied.probability < RESCALED.threshold, "supported by the copy check, whatever the judge said"


def test_a_copy_that_drops_its_sentences_attribution_is_left_to_the_judge():
    article = article_from_text(
        "Meta will close its largest model to outsiders, sources said. The company declined to comment. "
        "Its rivals have released two models this month. Investors asked about the spending on Friday.",
        source="b.txt",
    )
    model = FakeModel(yes_probabilities=deque([0.4, 0.8, 0.9]))
    report = check_claims("", [Claim("Meta will close its largest model to outsiders.")], [article], model, RESCALED)
    (claim,) = report.claims
    assert claim.probability is not None and not any(c.check == "copy" for c in claim.checks)


def _best_threshold_by_brute_force(groups):
    """The definition `best_threshold` implements: every candidate, every item, scored afresh."""
    import statistics

    from summarize.calibration import balanced_accuracy

    values = sorted({round(x, 4) for _labels, scores in groups for x in scores})
    candidates = [(a + b) / 2 for a, b in zip(values, values[1:], strict=False)] or [0.5]

    def mean_accuracy(t):
        return statistics.mean(
            balanced_accuracy(labels, [int(x >= t) for x in scores]) or 0.0 for labels, scores in groups
        )

    best = max(candidates, key=lambda t: (round(mean_accuracy(t), 6), -abs(t - 0.5)))
    return best, mean_accuracy(best)


@given(
    st.lists(
        st.lists(st.tuples(st.integers(0, 1), st.floats(0, 1) | st.sampled_from([0.0, 0.25, 0.5, 1.0])), max_size=25),
        min_size=1,
        max_size=3,
    )
)
def test_the_threshold_search_by_binary_search_equals_scoring_every_item_at_every_candidate(groups):
    from summarize.calibration import best_threshold

    as_groups = [([label for label, _s in group], [score for _l, score in group]) for group in groups]
    assert best_threshold(as_groups) == _best_threshold_by_brute_force(as_groups)


COUNCIL = " ".join(f"Council item {n} was read, seconded and carried without debate." for n in range(60))
LONG = article_from_text(f"{ARTICLE.text} {COUNCIL}", source="long.txt")
PLAIN = Calibration(threshold=0.6, provenance="test", weights={"max": 1.0})


class AnswersByReading(FakeModel):
    """P(Yes) by what the question reads: the whole article, or a window of it (the order they come in aside)."""

    def __init__(self, whole: float, window: float) -> None:
        super().__init__()
        self.whole, self.window = whole, window

    def next_token_logprobs(self, messages):
        whole = "Council item 59" in messages[0]["content"]
        self.yes_probabilities.append(self.whole if whole else self.window)
        return super().next_token_logprobs(messages)


def _reads(model: FakeModel) -> list[str]:
    return ["whole" if "Council item 59" in m[0]["content"] else "window" for m in model.requests]


@given(whole=st.floats(0.01, 0.99), window=st.floats(0.01, 0.99))
def test_the_cheapest_order_gives_the_same_verdict_as_the_usual_one(whole, window):
    claim = [Claim("Engineers said Behemoth's internal tests were underwhelming.")]
    usual = check_claims("", claim, [LONG], AnswersByReading(whole, window), PLAIN, deterministic=False)
    model = AnswersByReading(whole, window)
    cheapest = check_claims("", claim, [LONG], model, PLAIN, deterministic=False, cheapest_order=True)
    assert [c.verdict for c in cheapest.claims] == [c.verdict for c in usual.claims]
    assert _reads(model)[0] == "window", "one claim against a long article: its window first"
    assert _reads(model) == (["window"] if window >= 0.6 else ["window", "whole"]), "the whole only if still open"


def test_many_claims_on_one_article_read_it_first_and_a_rescaled_rule_always_does():
    claims = [Claim(f"Council item {n} was carried.") for n in range(8)]
    model = AnswersByReading(whole=0.9, window=0.9)
    check_claims("", claims, [LONG], model, PLAIN, deterministic=False, cheapest_order=True)
    assert _reads(model) == ["whole"] * 8, "eight windows would read more than the article once"
    model = AnswersByReading(whole=0.9, window=0.9)
    check_claims("", claims[:1], [LONG], model, RESCALED, deterministic=False, cheapest_order=True)
    assert _reads(model)[:2] == ["whole", "whole"], "the anchors read the whole article anyway"
