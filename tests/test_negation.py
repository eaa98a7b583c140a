"""Negation from the parse, on the sample articles' own sentences: what story mode calls a reversal of meaning."""

from pathlib import Path

from summarize import load_article
from summarize.text._negation import polarity, reversals

SAMPLES = Path(__file__).parent / "data" / "samples"


def sentence(letter: str, sentence_id: str) -> str:
    found = load_article(SAMPLES / f"meta-open-models-{letter}.txt").sentence(sentence_id)
    assert found is not None
    return found.text


C16, D7, A9 = sentence("c", "S16"), sentence("d", "S7"), sentence("a", "S9")
C37, D17, B12 = sentence("c", "S37"), sentence("d", "S17"), sentence("b", "S12")
A10, C17, D19 = sentence("a", "S10"), sentence("c", "S17"), sentence("d", "S19")


def test_a_dropped_negation_reverses_the_spokespersons_words():
    assert polarity(C16)["release"] is True and polarity(D7)["release"] is False
    assert reversals(C16, D7) == ["release"]


def test_not_all_negates_the_predicate_of_its_subject():
    assert polarity(A9)["release"] is True
    assert reversals(A9, C16) == [] and reversals(A9, D7) == ["release"]


def test_the_machine_translation_reverses_zuckerbergs_remark_and_the_paraphrase_does_not():
    assert reversals(C37, D17) == ["commit"]
    assert reversals(C37, B12) == [], "'am not committed' negates commit through the copula, as 'haven't committed'"
    assert reversals(B12, D17) == ["commit"]


def test_refraining_from_commenting_is_not_commenting():
    assert polarity(A10)["comment"] is True and polarity(C17)["comment"] is True
    assert reversals(A10, C17) == []


def test_the_same_negations_in_other_words_are_no_reversal():
    assert reversals(C37, D19) == [], "'not responsible' in both; 'do' is too general to compare"


def test_a_predicate_both_asserted_and_negated_is_not_compared():
    mixed = "We plan to continue releasing models. We haven't released everything."
    assert "release" not in polarity(mixed)
    assert reversals(mixed, "We have released everything.") == []
