"""The checks written for SummEdits' kinds of edit, on sentences of its development domains (a sales call, an
earnings call, a meeting), and the rule that lets them decide."""

from __future__ import annotations

from collections import deque

from summarize.calibration import EMBEDDED_CALIBRATION, Calibration, LabelledItem, cross_validated, item_score
from summarize.checker import check_claims, claims_of
from summarize.checker._checks import run_checks
from summarize.checker._evidence import EvidenceIndex
from summarize.input import Article, article_from_text
from summarize.testing import FakeModel
from summarize.text import are_opposites, mined_antonyms, opposite_words, polarity_against, quantities

CALL = article_from_text(
    "Sales Agent: Our premiums are affordable and the monthly premium will increase only slightly next year.\n"
    "Client: Is the plan suitable for a family of four?\n"
    "Sales Agent: Yes, the family plan is suitable for families and we offer a 15% discount to new customers.\n"
    "Client: That sounds good, please send me the details by email.\n",
    source="call",
)
EARNINGS = article_from_text(
    "Revenues in the second quarter were up 19% year-over-year and adjusted earnings per share increased 38%. "
    "Conditions remain uncertain due to the impact of COVID. We expect growth in the low double digits.",
    source="earnings",
)


def failed(claim: str, article: Article) -> dict[str, str]:
    index = EvidenceIndex([article])
    results, _evidence = run_checks(claim, [article], index.top(claim), index)
    return {r.check: r.detail for r in results if not r.passed}


def test_a_word_swapped_for_its_opposite_is_found_and_a_synonym_is_not() -> None:
    assert "antonym" in failed("The agent says the monthly premium will decrease slightly next year.", CALL)
    assert (
        "'decrease'" in failed("The agent says the monthly premium will decrease slightly next year.", CALL)["antonym"]
    )
    assert "antonym" in failed("The client hears that the family plan is unsuitable for families.", CALL)
    assert "antonym" not in failed("The agent says the monthly premium will rise slightly next year.", CALL)


def test_opposites_come_from_morphology_and_from_the_mined_pairs() -> None:
    assert are_opposites("suitable", "unsuitable") and are_opposites("agree", "disagree")
    assert not are_opposites("ion", "union")  # too short to tell
    assert not are_opposites("count", "discount", pos="NOUN") and not are_opposites("form", "inform", pos="VERB")
    assert are_opposites("certainty", "uncertainty", pos="NOUN")
    assert frozenset(("increase", "decrease")) in mined_antonyms()
    assert are_opposites("increase", "decrease", pairs=frozenset()) is False
    found = opposite_words("Prices will decrease.", ["Prices will increase.", "Costs decreased."])
    assert found == []  # the sources use "decrease" themselves: no swap to see


def test_a_negation_the_sources_never_make_is_a_reversal() -> None:
    assert "negation" in failed("The agent does not offer a discount to new customers.", CALL)
    assert polarity_against("We offer a discount.", ["We do not offer discounts.", "We offer insurance."]) == []
    assert polarity_against("They offer a discount.", ["We do not offer discounts to anyone."]) == [("offer", 0)]


def test_a_clause_the_sources_barely_cover_is_an_insertion() -> None:
    text, claims = claims_of(
        "The agent offers a 15% discount to new customers, but the enrollment deadline was moved to the winter."
    )
    report = check_claims(text, claims, [CALL], None, EMBEDDED_CALIBRATION)
    insertion = [c for c in report.claims[0].checks if c.check == "insertion"]
    assert insertion and not insertion[0].passed and not insertion[0].decides


def test_the_rule_lets_an_edit_check_decide_without_the_judge() -> None:
    text, claims = claims_of("The client hears that the family plan is unsuitable for families.")
    unsure = check_claims(text, claims, [CALL], FakeModel(yes_probabilities=deque([0.9, 0.9])), EMBEDDED_CALIBRATION)
    assert unsure.claims[0].verdict == "supported"  # shown, but the judge decided
    rule = EMBEDDED_CALIBRATION.model_copy(update={"deciding_checks": ["antonym"]})
    decided = check_claims(text, claims, [CALL], FakeModel(), rule)  # no answer queued: no question asked
    assert decided.claims[0].verdict == "contradicted"
    assert decided.claims[0].rationale.startswith("antonym check failed")


def test_codes_list_numbers_and_transcript_numbers_are_no_false_alarms() -> None:
    claim = "Company's Q2 revenues rose by 19% YoY, with uncertainty from COVID-19 and 3D printing."
    assert "number" not in failed(claim, EARNINGS) and "name" not in failed(claim, EARNINGS)
    assert "number" not in failed("9) The document says revenues were up 19%.", EARNINGS)
    assert [q.value for q in quantities("we may loose 5 mln bucks")] == [5e6]
    assert [q.value for q in quantities("they got twenty - five machines")] == [25]
    assert "number" in failed("Company's Q2 revenues rose by 21% year-over-year.", EARNINGS)


def test_the_core_scores_an_item_decided_by_an_edit_check_zero_and_folds_by_group() -> None:
    claim = {"whole": 0.9, "window": 0.9, "antonym": 1.0, "clause_coverage": 0.2}
    item = LabelledItem(0, "d1", (claim,), "podcast")
    assert item_score(item, EMBEDDED_CALIBRATION) == 0.9
    assert item_score(item, EMBEDDED_CALIBRATION.model_copy(update={"deciding_checks": ["antonym"]})) == 0.0
    insertion = EMBEDDED_CALIBRATION.model_copy(update={"deciding_checks": ["insertion"], "inserted_coverage": 0.25})
    assert item_score(item, insertion) == 0.0
    items = [LabelledItem(n % 2, f"d{n}", ({"whole": 0.2 + 0.6 * (n % 2)},), ["a", "b", "c"][n % 3]) for n in range(12)]
    rule = EMBEDDED_CALIBRATION.model_copy(update={"weights": {"whole": 1.0}})
    seen: list[set[str]] = []

    def fit(train: list[LabelledItem]) -> Calibration:
        seen.append({i.group for i in train})
        return rule

    decided = cross_validated(items, fit, by_group=True)
    assert decided is not None and len(decided) == 12
    assert sorted(map(sorted, seen)) == [["a", "b"], ["a", "c"], ["b", "c"]]
