"""People and organisations from the recogniser, cleaned by rules, with roles from the article's own words."""

from __future__ import annotations

from functools import cache

import pytest

from summarize import load_article
from summarize.text._people import StoryEntity, story_entities
from tests.conftest import SAMPLES


@cache
def entities(letter: str) -> dict[str, StoryEntity]:
    article = load_article(SAMPLES / f"meta-open-models-{letter}.txt")
    return {e.name: e for e in story_entities([(s.id, s.text) for s in article.sentences])}


def test_sample_d_has_none_of_the_models_bad_entities():
    d = entities("d")
    assert not {"Meta Discussion", "CEO", "Open Source Ai", "Reports"} & set(d)
    assert not any(e.kind == "person" and e.name.isupper() for e in d.values())
    assert d["Mark Zuckerberg"].kind == "person" and d["Mark Zuckerberg"].role == "CEO of Meta"
    assert d["Techcrunch"].kind == "organization" and "spokes" not in (d["Techcrunch"].role or "")
    assert d["Meta"].kind == "organization"
    assert d["The New York Times"].kind == "organization"  # 'Reports the New York Times' and 'the Times'
    assert {"S1", "S2"} <= set(d["The New York Times"].sentence_ids)


@pytest.mark.parametrize("letter", ["a", "b", "c", "d"])
def test_zuckerberg_is_one_person_across_mentions_with_his_title(letter):
    found = entities(letter)
    people = [e for e in found.values() if e.kind == "person"]
    assert [p.name for p in people] == ["Mark Zuckerberg"]
    assert people[0].role is not None and "CEO" in people[0].role
    assert len(people[0].sentence_ids) >= 3  # the later 'Zuckerberg' merged in


@pytest.mark.parametrize("letter", ["a", "b", "c", "d"])
def test_possessives_stripped_and_meta_an_organization(letter):
    found = entities(letter)
    assert found["Meta"].kind == "organization"
    assert not any(name.endswith(("’s", "'s", "‘s")) for name in found)


def test_outlets_cited_as_sources_are_organizations():
    for letter, outlet in [("a", "The New York Times"), ("a", "TechCrunch"), ("c", "The New York Times")]:
        entity = entities(letter)[outlet]
        assert entity.kind == "organization" and entity.role == "cited as a source"


def test_recogniser_errors_fixed_on_the_samples():
    a, c = entities("a"), entities("c")
    assert a["Superintelligence Lab"].kind == "organization"  # spaCy: PERSON
    assert a["Google DeepMind"].kind == "organization"  # spaCy: PERSON
    assert a["OpenAI"].kind == "organization"  # spaCy: GPE
    assert a["Moonshot AI"].kind == "organization"  # spaCy: PERSON
    assert "Llama" not in a and "Llama" not in c  # 'the Llama family of models': a product
    assert "Behemoth" not in a and "Behemoth" not in c  # 'AI model, Behemoth'
    assert not {"AI", "AGI", "Promotes", "Change", "Startups"} & set(c)
    assert not any("Future" in name for name in c)  # 'the Future of AI Models Meta' (a heading run into a sentence)


def test_spokesperson_is_not_a_person():
    for letter in "abcd":
        assert not any("spokes" in name.lower() or "representative" in name.lower() for name in entities(letter))


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("Mark Zuckerberg, Meta's chief executive, said so.", "Mark Zuckerberg", "Meta's chief executive"),
        ("Microsoft CEO Satya Nadella spoke on Friday.", "Satya Nadella", "CEO of Microsoft"),
        ("The company hired Jane Doe last year.", "Jane Doe", None),
    ],
)
def test_roles_from_titles_and_appositions(text, name, role):
    found = {e.name: e for e in story_entities([("S1", text), ("S2", "Microsoft makes software in Redmond.")])}
    assert found[name].kind == "person" and found[name].role == role


def test_a_title_alone_is_never_a_person():
    found = story_entities([("S1", "The CEO said the company would grow."), ("S2", "CEO Jane Doe agreed.")])
    assert [e.name for e in found if e.kind == "person"] == ["Jane Doe"]
