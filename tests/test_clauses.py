"""A claim's clauses, the one its source supports least, and the judge's question about that clause alone."""

from __future__ import annotations

from collections import deque

from summarize.calibration import EMBEDDED_CALIBRATION
from summarize.checker import check_claims, claims_of
from summarize.input import article_from_text
from summarize.testing import FakeModel
from summarize.text import clauses, least_covered_clause

SOURCE = (
    "The agent explains the benefits of the life insurance policy to the caller. "
    "The premium depends on age, health and lifestyle."
)


def test_clauses_break_at_commas_and_conjunctions_but_keep_short_pieces_joined() -> None:
    sentence = "The agent explains the policy, but there is a discrepancy in the enrollment date."
    assert clauses(sentence) == ["The agent explains the policy", "but there is a discrepancy in the enrollment date."]
    assert clauses("Tom tells Anna that the concert was cancelled, which upset her.") == [
        "Tom tells Anna that the concert was cancelled, which upset her."
    ]


def test_the_least_covered_clause_is_the_inserted_one_without_its_conjunction() -> None:
    sentence = "The agent explains the benefits of the policy, but there is a discrepancy in the enrollment date."
    assert least_covered_clause(sentence, [SOURCE]) == ("there is a discrepancy in the enrollment date", 0.0)
    assert least_covered_clause("The agent explains the benefits of the policy.", [SOURCE]) is None


def test_the_judge_is_asked_about_the_weakest_clause_only_where_asked() -> None:
    article = article_from_text(SOURCE, source="a")
    text, claims = claims_of("The agent explains the benefits of the policy, but the enrollment date is disputed.")
    model = FakeModel(yes_probabilities=deque([0.4, 0.9, 0.9, 0.2]))  # anchors, whole, clause (the window is the whole)
    report = check_claims(text, claims, [article], model, EMBEDDED_CALIBRATION, every_question=True, ask_clauses=True)
    assert report.claims[0].signals is not None
    assert report.claims[0].signals["clause"] == 0.2
    assert model.requests[3][-1]["content"].count("the enrollment date is disputed") == 1
    assert "explains" not in model.requests[3][-1]["content"]
    plain = FakeModel(yes_probabilities=deque([0.4, 0.9, 0.9]))
    report = check_claims(text, claims, [article], plain, EMBEDDED_CALIBRATION, every_question=True)
    assert "clause" not in report.claims[0].signals
    assert len(plain.requests) == 3


def test_an_evaluation_can_ask_about_claims_a_check_decided_without_changing_their_verdict() -> None:
    article = article_from_text(SOURCE, source="a")
    text, claims = claims_of("The agent explains the benefits of the policy to Harold Finch.")
    model = FakeModel(yes_probabilities=deque([0.4, 0.9, 0.8]))
    report = check_claims(text, claims, [article], model, EMBEDDED_CALIBRATION, every_question=True, judge_decided=True)
    assert report.claims[0].verdict == "not_in_source"  # the name check decided
    assert report.claims[0].signals["whole"] == 0.8
    plain = FakeModel()
    assert not check_claims(text, claims, [article], plain, EMBEDDED_CALIBRATION, every_question=True).claims[0].signals
    assert not plain.requests
