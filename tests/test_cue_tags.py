"""Every sentence tagged with its attribution and hedging cues, on the samples' own sentences."""

from __future__ import annotations

from functools import cache

import pytest

from summarize import load_article
from summarize.text import SentenceCues, tag_sentences
from tests.conftest import SAMPLES


@cache
def tagged(letter: str) -> dict[str, SentenceCues]:
    article = load_article(SAMPLES / f"meta-open-models-{letter}.txt")
    return {t.id: t for t in tag_sentences([(s.id, s.text) for s in article.sentences])}


def words(tags: SentenceCues) -> set[str]:
    return {c.text.lower() for c in tags.cues}


@pytest.mark.parametrize(
    ("letter", "sid", "presented_as", "cue"),
    [
        ("a", "S1", "reported", "reportedly"),
        ("a", "S2", "reported", "according to a report"),
        ("a", "S2", "reported", "discussions"),
        ("a", "S3", "reported", "sources familiar with the matter have indicated"),
        ("a", "S7", "statement", "affirmed"),
        ("a", "S11", "speculation", "would"),
        ("a", "S19", "speculation", "could"),
        ("c", "S14", "statement", "clarified"),
        ("c", "S10", "reported", "discussed"),
        ("b", "S6", "statement", "reiterated"),
        ("d", "S2", "reported", "sources referred"),
        ("d", "S3", "reported", "according to what was reported"),
        ("d", "S6", "statement", "said"),
        ("d", "S9", "speculation", "if"),
    ],
)
def test_sample_sentences_carry_their_cues(letter, sid, presented_as, cue):
    tags = tagged(letter)[sid]
    assert tags.presented_as == presented_as
    assert cue in words(tags)


def test_every_sentence_is_tagged_in_order():
    article = load_article(SAMPLES / "meta-open-models-c.txt")
    assert list(tagged("c")) == [s.id for s in article.sentences]


def test_attributed_and_hedged():
    a = tagged("a")
    assert a["S7"].attributed and not a["S7"].hedged
    assert a["S22"].hedged and not a["S22"].attributed
    assert not a["S4"].cues and a["S4"].presented_as == "established_fact"


def test_an_unclosed_quotation_keeps_its_speakers_hedges():
    # c S15: 'They stated, “We plan to continue...' - the quotation runs on into S16; its 'plan to' is the speaker's.
    tags = tagged("c")["S15"]
    assert tags.presented_as == "statement" and not tags.hedged


def test_a_quotation_closed_in_its_sentence_but_opened_in_the_one_before_keeps_its_speakers_hedges():
    """FRANK BBC: '...point of view," Vaughan told Test Match Special.' - the quotation began a sentence earlier; its
    'could' is Vaughan's."""
    text = (
        "It's as good a four days of cricket that you could wish for from an England point of view,\" Vaughan told "
        "Test Match Special."
    )
    (tags,) = tag_sentences([("S1", text)])
    assert tags.presented_as == "statement" and not tags.hedged


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The company's plans were not disclosed.", "speculation"),
        ("Officials said the bridge would reopen.", "reported"),
        ("The minister told reporters the vote was held.", "statement"),
        ("The bridge reopened on Monday.", "established_fact"),
        (  # someone's claim is their statement, not a fact (CNN/Daily Mail validation article fd635c)
            "A university undergraduate has claimed that the cost of trying to study in London left her with no "
            "other choice than to turn to prostitution.",
            "statement",
        ),
    ],
)
def test_cue_kinds_on_plain_sentences(text, kind):
    (tags,) = tag_sentences([("S1", text)])
    assert tags.presented_as == kind


@pytest.mark.parametrize(
    ("text", "read"),
    [
        (
            "Meta has delayed the release of its open source model due to disappointing internal performance.",
            "Reportedly, Meta has delayed the release of its open source model due to disappointing internal "
            "performance.",
        ),
        ("The company finished training Behemoth.", "Reportedly, the company finished training Behemoth."),
        ("Sources told the Times that Meta delayed it.", "Sources told the Times that Meta delayed it."),
        ("Meta has reportedly discussed a closed model.", "Meta has reportedly discussed a closed model."),
    ],
)
def test_a_point_labelled_reported_is_read_as_a_report_unless_its_words_say_so(text, read):
    from summarize.text._cues import as_reported

    assert as_reported(text) == read


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("About 80,000 works of art faced being auctioned to help pay off the pension debt.", "speculation"),
        ("The plant is set to close next year, with 300 jobs at risk of being lost.", "speculation"),
        ("The release was delayed due to disappointing internal performance.", "established_fact"),
    ],
)
def test_a_threat_or_a_prospect_is_no_fact(sentence, kind):
    from summarize.text._cues import presentation

    assert presentation(sentence)[0] == kind
