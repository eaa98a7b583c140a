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


@pytest.mark.parametrize(
    "letter",
    [
        "a",
        "b",
        "c",
        pytest.param(
            "d",
            marks=pytest.mark.xfail(
                strict=True, reason="md's recogniser calls the translation's 'Google Deepmind' a person (sm: ORG)"
            ),
        ),
    ],
)
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
    assert a["Google"].kind == "organization"  # md 3.7.1 reads 'Google DeepMind' as 'Google' ORG; sm: PERSON
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


KUNIS = [  # CNN/Daily Mail validation article 345bb7 (development half)
    (
        "S1",
        "Mila Kunis is being sued by a Ukrainian wannabe singer who claims the Hollywood actress 'stole her pet "
        "chicken' as children.",
    ),
    (
        "S2",
        "Kristina Karo alleges that she was a classmate of Ms Kunis, 31, who moved to the U.S. from Ukraine in "
        "1991, and that the pair were 'inseparable' growing up.",
    ),
    (
        "S3",
        "Karo, now living in Los Angeles, claims a seven-year-old Ms Kunis had been 'envious' of her pet hen, and "
        "that 25 years ago, she stole it from her.",
    ),
    (
        "S5",
        "She alleges that when 'Doggie' disappeared, Ms Kunis confessed to the crime and told her 'Kristina, you "
        "can have any other chicken as a pet, you have a whole chicken farm', the website states.",
    ),
]


def test_an_honorific_and_a_first_name_join_the_full_name():
    found = {e.name: e for e in story_entities(KUNIS)}
    assert found["Mila Kunis"].kind == "person" and set(found["Mila Kunis"].sentence_ids) == {"S1", "S2", "S3", "S5"}
    assert found["Kristina Karo"].kind == "person"  # spaCy: 'Karo' ORG, 'Kristina' PERSON
    assert {"S2", "S3"} <= set(found["Kristina Karo"].sentence_ids)
    assert not {"Ms Kunis", "Kunis", "Karo", "Kristina"} & set(found)


def test_a_surname_the_recogniser_calls_an_organisation_keeps_the_full_names_kind():
    sentences = [  # CNN/Daily Mail validation article 8f828f: spaCy labels 'Adebayor' ORG
        ("S1", "Emmanuel Adebayor is sometimes branded 'eccentric' by pundits, writers and fans alike."),
        (
            "S4",
            "Adebayor has one year left to run on his current contract at White Hart Lane, but his inconsistent "
            "form has led to few assurances over his future.",
        ),
        (
            "S6",
            "Since then, however, Adebayor's goal return has become significantly more modest and he has not "
            "scored in the league for Spurs since the 2-1 defeat to Newcastle back in October.",
        ),
    ]
    found = {e.name: e for e in story_entities(sentences)}
    assert found["Emmanuel Adebayor"].kind == "person"
    assert found["Emmanuel Adebayor"].sentence_ids[0] == "S1"
    assert "Adebayor" not in found


def test_a_mc_surname_is_no_inner_capital_and_a_place_is_not_listed():
    sentences = [  # CNN/Daily Mail validation article a449a6
        (
            "S1",
            "Arsenal legend Ian Wright has been confirmed as the man who will present AP McCoy with his 20th and "
            "final champion jockeys trophy at Sandown on Saturday.",
        ),
        (
            "S3",
            "Wright, who had seven seasons at Arsenal and broke every scoring record in the book, will hand over "
            "McCoy’s trophy before travelling back into London to present his BBC5Live radio phone in.",
        ),
    ]
    found = {e.name: e for e in story_entities(sentences)}
    assert "AP McCoy" in found and found["Ian Wright"].kind == "person"  # md: 'AP McCoy' ORG (sm: PERSON)
    assert "London" not in found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Dr. Pengfei Fan of Dali University led the survey.", "Pengfei Fan"),
        ("Founder Yen Reis opened the clinic in 2013.", "Yen Reis"),
    ],
)
def test_honorifics_and_titles_are_cut_from_a_name(text, name):
    people = [e for e in story_entities([("S1", text)]) if e.kind == "person"]
    assert [p.name for p in people] == [name]


def test_a_quoted_nickname_is_no_part_of_a_name():
    # spaCy: "Mike 'Sugar Bear'" ORG, "Thompson" ORG (CNN/Daily Mail validation article cda745)
    found = story_entities(
        [
            (
                "S1",
                "Reality star 'Mama' June Shannon and her estranged husband Mike 'Sugar Bear' "
                "Thompson have filed a missing persons report.",
            )
        ]
    )
    assert found and not any(mark in e.name for e in found for mark in "'‘’\"“”")


@pytest.mark.slow
def test_parses_from_several_threads_at_once_share_the_cache_safely(monkeypatch):
    """The async API verifies in worker threads while the event loop plans the next summary: many threads
    parsing through a tiny cache (evicting all the time), switching as often as the interpreter allows, get the
    analyses one thread gets. Without the lock this raised KeyError (a text evicted by another thread between
    being parsed and being read back)."""
    import sys
    from concurrent.futures import ThreadPoolExecutor

    from summarize.text import _entities

    monkeypatch.setattr(_entities, "PARSE_CACHE", 2)
    texts = [f"Mark Zuckerberg met {n} reporters from The New York Times." for n in range(30)]
    expected = {t: [e.text for e in _entities.parse(t).ents] for t in texts}

    def names(text: str) -> list[str]:
        return [e.text for e in _entities.parse_all([text, texts[0], texts[1]])[0].ents]

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        with ThreadPoolExecutor(max_workers=16) as pool:
            found = list(pool.map(names, texts * 10))
    finally:
        sys.setswitchinterval(interval)
    assert found == [expected[t] for t in texts * 10]


@pytest.mark.slow
def test_a_surname_several_people_share_joins_the_first_named_whatever_the_hash_seed():
    """'Mr Lane' and 'Lane' of 'Chris Lane' and 'Donna Lane' (CNN/Daily Mail validation article 39dbbe) went to
    either, depending on Python's string hashing (set order): the same article gave other entities run to run."""
    import os
    import subprocess
    import sys

    script = (
        "from summarize.text._people import story_entities\n"
        "s = [('S1', 'Chris Lane was shot while jogging in Duncan, Oklahoma.'),"
        " ('S2', 'His mother Donna Lane said she was devastated.'),"
        " ('S3', \"Mr Lane was visiting his girlfriend's family.\"),"
        " ('S4', 'Police said Lane had been a talented baseball player.')]\n"
        "print([(e.name, e.sentence_ids) for e in story_entities(s)])\n"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", script],
            env=os.environ | {"PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in range(6)
    }
    assert runs == {"[('Chris Lane', ('S1', 'S3', 'S4')), ('Donna Lane', ('S2',))]\n"}


def test_a_one_word_person_is_listed_only_when_the_article_shows_a_person():
    """spaCy's small pipeline calls towns' clubs people; a one-word name stays a person only with a sign of one:
    an honorific, a gendered noun or pronoun, a speech verb (CNN/Daily Mail validation articles deccd2, 93073d)."""
    sentences = [
        ("S1", "The situation at the bottom is complicated by Rotherham's three-point deduction for fielding an "
               "ineligible player."),
        ("S2", "If Rotherham win, Wigan will be relegated if they fail to win."),
        ("S3", "If Rotherham win, Millwall will be relegated if they lose."),
        ("S4", "His mother Lucy, 32, of Upminster, east London, said he loves football."),
        ("S5", "'He is very good at football,' Montoya said."),
    ]  # fmt: skip
    found = {e.name: e.kind for e in story_entities(sentences)}
    assert not {"Rotherham", "Wigan"} & {name for name, kind in found.items() if kind == "person"}
    assert found.get("Lucy") == "person" and "Montoya" in found  # spaCy calls this Montoya an organisation


def test_a_he_said_resolved_to_a_place_shows_no_person():
    """A "he said" is resolved to the last name before it, here a county cricket club spaCy calls a person: the
    resolution shows nothing about that name (CNN/Daily Mail validation article 810445)."""
    sentences = [
        ("S1", "Stewart, who played in a record 133 Tests for England and is currently director of cricket at "
               "Surrey, has not yet been approached by the ECB."),
        ("S2", "But he said: ‘When England come calling, you shouldn’t say no.’"),
    ]  # fmt: skip
    assert "Surrey" not in {e.name for e in story_entities(sentences)}


def test_a_rank_before_a_name_and_a_degree_after_it_are_no_part_of_it():
    """CNN/Daily Mail validation articles 7bd0f5 and 7c56bf."""
    sentences = [
        ("S1", "Colorado State Patrol Trooper James Schmidt said the crash closed the highway for hours."),
        ("S2", "The idea came from Martin Bellander, PhD, a researcher at the Karolinska Institute."),
    ]
    found = {e.name: e for e in story_entities(sentences)}
    assert "James Schmidt" in found and found["James Schmidt"].kind == "person"
    assert "Trooper James Schmidt" not in found and "PhD" not in found


def test_a_gender_sign_on_an_accented_name_is_found_whatever_the_accents():
    """The gender signs are keyed by the name as written, the people by its folded form ('Müller' is 'muller'):
    a one-word name the article shows to be a man ('his temper') is a person."""
    sentences = [
        ("S1", "Müller lost his temper with the referee in Munich on Monday."),
        ("S2", "Müller later met the mayor at the town hall."),
    ]
    assert [(e.name, e.kind) for e in story_entities(sentences)] == [("Müller", "person")]


def test_clubs_places_and_time_zones_from_frank_bbc_articles():
    """spaCy's small pipeline called 'Hereford United' and 'Aston Villa' people and '06:00 BST' a firm."""
    from summarize.text._people import story_entities

    sentences = [
        ("S1", "Paramedics were called to Joe's Bar at 06:00 BST on 6 October 2014, the court was told."),
        ("S2", "Colleen O'Neill, 43, of Victor Avenue in the town, was charged."),
        ("S3", "Hereford United were expelled and Chester FC were reinstated, said chairman David Keyte."),
        ("S4", "Hereford United had been in the Conference since 2012."),
        ("S5", "Tim Sherwood's Aston Villa face Liverpool in the FA Cup semi-final."),  # CNN/DM 41c910, 38259b
        ("S6", "Aston Villa beat Leyton Orient on Saturday."),
    ]
    found = {e.name: e.kind for e in story_entities(sentences)}
    assert found.get("Hereford United") == "organization" and found.get("Chester FC") == "organization"
    assert found.get("Aston Villa") == "organization" and found.get("Leyton Orient", "organization") == "organization"
    assert "BST" not in found
    assert found.get("Colleen O'Neill") == "person"


def test_events_and_places_are_not_listed():
    """spaCy's small pipeline calls races, elections and a county or ground used as an adjective organisations
    (CNN/Daily Mail validation articles, development half)."""
    sentences = [
        ("S1", "Gordon Brown has warned that the Scottish nationalists want an SNP vote in the General Election to "
               "force a second referendum on independence."),
        ("S2", "It follows a flurry of bets after Mr Waley Cohen's win on Radjhani Express in Aintree's Crabbies "
               "Topham Chase."),
        ("S3", "Negotiations were being finalised at the Ayrshire club."),
        ("S4", "An announcement will be made by the Rugby Park club on Friday morning."),
        ("S5", "Monbeg Dude finished third in the Grand National at Aintree."),
    ]  # fmt: skip
    found = {e.name for e in story_entities(sentences)}
    assert "SNP" in found and "Gordon Brown" in found
    assert not {"General Election", "Topham Chase", "Ayrshire", "Rugby Park", "Grand National"} & found


def test_words_run_into_the_front_of_a_name_are_cut_off():
    """A league before a club at the start of a line, a nationality or a description before a person (CNN/Daily
    Mail validation articles, development half); 'The New York Post' inside a sentence keeps its first words."""
    sentences = [
        ("S1", "Iconic Arsenal striker Ian Wright scored twice."),
        ("S2", "Arsenal won the league."),
        ("S3", "Now Champions League quarter-finalists Porto, coached by Spaniard Julen Lopetegui, are ready to "
               "poach him."),
        ("S4", "Actress Julia Louis-Dreyfus has revealed that the ultra-short hairstyle she models is a wig."),
        ("S5", "The man was arrested on Monday, according to The New York Post."),
        ("S6", "A spokesman told the Post that the case was closed."),
    ]  # fmt: skip
    found = {e.name: e for e in story_entities(sentences)}
    assert "Arsenal" in found and "Iconic Arsenal" not in found
    assert found["Julen Lopetegui"].kind == "person" and found["Julen Lopetegui"].role is None
    assert found["Julia Louis-Dreyfus"].role == "actress"  # the sentence's capital is not the role's
    assert "The New York Post" in found and "Post" not in found


def test_a_caption_glued_to_a_name_is_cut_off():
    """Daily Mail captions run into the sentence ('Sebastian Vettel Vettel, who won ...'), a grid position
    after a name (CNN/Daily Mail validation article, development half); a name that repeats a short word stays."""
    sentences = [
        ("S1", "He will start ahead of Nico Rosberg and Sebastian Vettel Vettel, who won last time out in Malaysia, "
               "shakes hands with his countryman Rosberg."),
        ("S2", "Max Verstappen and Carlos Sainz Jr start 13th and 14th, with Sergio Perez 15th in a Force India."),
        ("S3", "Reality star Honey Boo Boo appeared on TLC with her mother."),
    ]  # fmt: skip
    found = {e.name for e in story_entities(sentences)}
    assert {"Sebastian Vettel", "Sergio Perez", "Carlos Sainz Jr", "Honey Boo Boo"} <= found
    assert not {"Sebastian Vettel Vettel", "Sergio Perez 15th"} & found


def test_a_noun_before_a_name_that_says_it_is_a_work_an_animal_or_a_place():
    """CNN/Daily Mail validation articles, development half: spaCy's small pipeline calls a sitcom an
    organisation and a horse, a film character and a town people."""
    sentences = [
        ("S1", "The hairstyle she models in the newest season of HBO's political comedy Veep was inspired by none "
               "other than Hillary Clinton."),
        ("S2", "Tindall was beaming from ear-to-ear having just seen his horse Monbeg Dude finish third."),
        ("S3", "James Haskell posted the photo dressed as Downey Jr.'s character Iron Man."),
        ("S4", "Captured near the tiny town of Medicine Bow in Wyoming, this beacon was on the famous route."),
    ]  # fmt: skip
    found = {e.name for e in story_entities(sentences)}
    assert {"HBO", "Hillary Clinton", "James Haskell"} <= found
    assert not {"Veep", "Monbeg Dude", "Iron Man", "Medicine Bow"} & found


def test_an_honorific_or_a_quotation_mark_inside_a_span_ends_a_name():
    """Captions glued to sentences (CNN/Daily Mail validation articles bc57e5 and 8b59ee, held-out half): the span runs
    across them."""
    sentences = [
        ("S1", "Speaking outside of the Court of Appeal Mr Beavis said he would now be taking the case to the "
               "Supreme Court."),
        ("S2", "Here, Wil floats above his sister's head as she reads 'Peter Pan' Wil Doesn't Need A Bike."),
    ]  # fmt: skip
    found = {e.name for e in story_entities(sentences)}
    assert "The Court of Appeal" in found
    assert not any(name.endswith(" Mr") or "'" in name for name in found)


@pytest.mark.xfail(strict=True, reason="md's recogniser offers 'Albert Museum' without 'Victoria' here (sm: two names)")
def test_a_name_the_recogniser_cut_at_and_is_one_organisation():
    """FRANK BBC validation article 30280942: spaCy reads 'Victoria' ORG and 'Albert Museum' PERSON."""
    sentences = [
        ("S1", "The Art Fund, which led the campaign, will gift the collection to the Victoria and Albert Museum, "
               "before it is loaned to the Wedgwood Museum."),
    ]  # fmt: skip
    found = {e.name: e.kind for e in story_entities(sentences)}
    assert found.get("Victoria and Albert Museum") == "organization"
    assert not {"Victoria", "Albert Museum"} & set(found)


def test_a_race_day_a_name_made_an_adjective_and_a_partys_members():
    """FRANK BBC validation articles (Many Clouds at Cheltenham; the Ulster Unionists' manifesto)."""
    sentences = [
        ("S1", "The 10-year-old Irish-bred horse collapsed after narrowly beating Thistlecrack to win the Cotswold "
               "Chase at Cheltenham's Festival Trials Day."),
        ("S6", "In Saturday's race, King George winner Thistlecrack caught Many Clouds close to the finish but the "
               "Trevor Hemmings-owned gelding, ridden by Leighton Aspell, fought back to win."),
        ("S9", 'Trainer Oliver Sherwood described him as the "horse of a lifetime".'),
        ("S10", "What I have said consistently is vote Ulster Unionists and then for any candidate that you believe "
                "will do the right thing within your community,\" he said."),
    ]  # fmt: skip
    found = {e.name: e for e in story_entities(sentences)}
    assert "Festival Trials Day" not in found and not any("-owned" in name for name in found)
    assert found["Oliver Sherwood"].role == "trainer"
    assert found["Ulster Unionists"].kind == "organization"


def test_a_speaker_after_a_quotation_does_not_take_its_closing_mark():
    """SummEdits news (AP): '"We are really disappointed," Watson's attorney, Lanny Breuer, told the Journal'."""
    from summarize.text._speakers import direct_speaker

    text = '"We are really disappointed," Watson\'s attorney, Lanny Breuer, told the Journal after the arrest.'
    assert direct_speaker(text) == "Watson's attorney Lanny Breuer"


def test_a_sentences_opening_word_run_into_a_persons_name_is_cut_off():
    """An English word that is no first name, opening a sentence, before a name spaCy calls a person and the
    article uses alone (CNN/Daily Mail validation article); a first name written with a capital inside a sentence
    or a club's English second word ('Hereford United', in a test above) keeps it."""
    sentences = [
        ("S1", "Maverick Tottenham are fourth after beating Arsenal, who had beaten Tottenham in August."),
        ("S2", "Jak Trueman, 15, was suffering from a rare form of blood cancer."),
        ("S3", "Since he was diagnosed, Jak had been posting updates on a Facebook page."),
    ]  # fmt: skip
    found = {e.name: e for e in story_entities(sentences)}
    assert "Maverick Tottenham" not in found and found["Tottenham"].kind == "organization"
    assert found["Jak Trueman"].kind == "person", "'Jak' is a name inside S3"


def test_a_clubs_words_make_a_town_its_club():
    """CNN/Daily Mail validation articles, development half: md's recogniser calls these clubs places."""
    sentences = [
        ("S1", "Liverpool manager Brendan Rodgers has reminded Raheem Sterling and Jordon Ibe about their professional "
               "responsibilities."),
        ("S2", "League One Preston (home to Swindon) will be promoted if they win and MK Dons (away to Rochdale) "
               "lose."),
        ("S3", "Eastleigh (home to Kidderminster) and Forest Green (home to Dover) will guarantee play-off places if "
               "they win or if Macclesfield (away to Torquay) fail to win."),
    ]  # fmt: skip
    found = {e.name: e.kind for e in story_entities(sentences)}
    assert found.get("Liverpool") == "organization" and found.get("Swindon") == "organization"
    assert found.get("Forest Green") == "organization" and found.get("Macclesfield") == "organization"
    assert found.get("Brendan Rodgers") == "person"


def test_a_possessive_inside_an_organisations_name_and_odds():
    """CNN/Daily Mail validation article, development half."""
    sentences = [
        ("S1", "The Duchess of Cambridge is to return to the Lindo wing at St Mary's Hospital in London to give "
               "birth."),
        ("S2", "Mr Waley Cohen's high-profile win on Radjhani Express on Friday in Aintree's Crabbies Topham Chase - "
               "prompting their odds to tumble from 66/1 to 20/1."),
    ]  # fmt: skip
    found = {e.name for e in story_entities(sentences)}
    assert "St Mary's Hospital" in found and not {"St Mary", "Hospital"} & found
    assert not any("/" in name for name in found)


def test_a_website_a_show_are_works_and_an_assistant_is_a_person():
    """CNN/Daily Mail validation articles, development half: 'assistant Locke' is Kilmarnock's assistant manager."""
    sentences = [
        ("S1", "The couple say they have found 102 arrows so far and have set up their website Arrows Across America "
               "as part of their photography site."),
        ("S2", "'I really enjoy myself, I party hard,' she admitted on the Channel 5 show OAPs Behaving Badly."),
        ("S3", "Gary Locke will be confirmed as Kilmarnock's permanent manager on Friday."),
        ("S4", "After Johnston was immediately relieved of his duties by the club hierarchy, assistant Locke was put "
               "in charge."),
    ]  # fmt: skip
    found = {e.name: e.kind for e in story_entities(sentences)}
    assert not any("Arrows" in name or "OAPs" in name for name in found)
    assert found.get("Gary Locke") == "person" and set(found) >= {"Channel 5", "Kilmarnock"}


def test_a_companys_second_word_stays_where_its_full_name_recurs():
    """SummEdits news (AP): 'Ozy Media' recurs and 'Ozy' is used alone; a heading's glue ('Meta Discussion',
    sample d) is seen once."""
    sentences = [
        ("S1", "Watson, founder of the troubled digital start-up Ozy Media, was arrested Thursday."),
        ("S2", "The founder of the troubled digital start-up Ozy Media was arrested Thursday on fraud charges."),
        ("S3", "Executives pleaded guilty, including Ozy's then-chief operating officer."),
        ("S4", "The media business grew fast."),
    ]  # fmt: skip
    assert "Ozy Media" in {e.name for e in story_entities(sentences)}


def test_common_words_before_a_name_of_english_words_stay():
    """FRANK BBC validation articles: 'School Food Trust' is no 'Trust' (the article writes 'school' and 'food' in
    lowercase); 'Devon and Cornwall Police' is one force, 'the OPCW and the UN Security Council' two bodies."""
    sentences = [
        ("S1", "England's School Food Trust commissioned the research after a survey."),
        ("S2", "The Trust said school food had improved and children ate more food at school."),
        ("S3", "Det Con Jonathan Watts, from Devon and Cornwall Police, said Mr Pring was hit by a car."),
        ("S4", 'Mr Mekdad stressed: "Syria is committed to all its agreements, with the OPCW and the UN Security '
               'Council."'),
    ]  # fmt: skip
    found = {e.name for e in story_entities(sentences)}
    assert "School Food Trust" in found and "Devon and Cornwall Police" in found
    assert "OPCW" in found and not any(name.startswith("OPCW and") for name in found)
