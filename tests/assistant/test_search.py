"""The strategy search: Voikko lemmas, compounds, gradation, typos, both languages, the
narrative, nothing found."""

import pytest

from workshop.assistant.search import finnish_groups, index_for


@pytest.fixture
def index(strategy_version):
    return index_for(strategy_version)


def test_the_index_is_built_once_per_version(strategy_version, index):
    assert index_for(strategy_version) is index


def test_inflected_finnish_finds_the_element(index):
    hits = index.search("varastoinnista", limit=3)
    assert hits[0].focus_area_key == "energia"


def test_a_compound_finds_its_parts(index):
    # "energiavarastointi" is not in the text; "Energian ... varastointi" is.
    hits = index.search("energiavarastointi", limit=1)
    assert hits[0].ref.startswith("focus_area/energia")


def test_consonant_gradation_meets(index):
    assert "vety" in finnish_groups("vedyn")[0]
    refs = [hit.ref for hit in index.search("vety", limit=5)]
    assert "focus_area/energia/challenge/energia.h2/solution/energia.h2.r2" in refs


def test_english_finds_the_translation(index):
    hits = index.search("wind power", limit=1)
    assert hits[0].ref == "focus_area/energia/challenge/energia.h1/solution/energia.h1.r2"
    assert hits[0].text["en"].startswith("Developing wind power")


def test_question_words_alone_find_nothing(index):
    assert index.search("mitä strategia sanoo?") == []
    assert index.search("what does the strategy say about pizza?") == []
    assert index.focus_area_ranking("") == []


def test_aliases_and_sub_themes_lead_to_the_focus_area(index):
    assert index.focus_area_ranking("hybridijärjestelmät", limit=1)[0][0] == "energia"
    assert index.focus_area_ranking("Älykkäät sensorit", limit=1)[0][0] == "terveys-ja-hyvinvointi"


def test_a_compound_query_meets_the_parts_in_the_text(index):
    # "ruuantuotanto" is "ruoka" + "tuotanto"; the strategy writes "elintarviketuotanto" and
    # "ruokaketjut".
    assert finnish_groups("ruuantuotannosta")[:2] == (("ruoka",), ("tuotanto", "ruuantuotanto"))
    assert index.focus_area_ranking("no mitäs ruuantuotannosta", limit=1)[0][0] == (
        "elintarviketuotanto"
    )


def test_a_typo_is_read_as_voikkos_suggestion(index):
    assert index.focus_area_ranking("vetytaloudesra", limit=1)[0][0] == "energia"
    assert index.focus_area_ranking("metsäteolisuus", limit=1)[0][0] == "uudistuva-teollisuus"


def test_spoken_and_framing_words_are_not_searched(index):
    assert index.search("mites toi on") == []
    assert index.query_terms("mites toi biotalous") == index.query_terms("biotalous")


def test_the_narrative_sections_are_searched(index):
    hits = index.search("Mitä tarkoittaa älykäs erikoistuminen?", limit=1)
    assert hits[0].ref == "section/alykas-erikoistuminen#0"
    assert index.sentences(hits[0].ref, "älykäs erikoistuminen", "fi")[0].startswith(
        "Älykäs erikoistuminen on alueen innovaatiopolitiikkaa"
    )


def test_a_theme_paragraph_belongs_to_the_focus_area_it_speaks_of(index):
    hits = index.search("kulttuuripääkaupunkivuosi", limit=1)
    assert hits[0].kind == "theme"
    assert hits[0].focus_area_key == "innovatiivinen-matkailu"


def test_the_area_being_scored_is_preferred(index):
    # Education is a dissemination measure and a solution of the health sector.
    assert index.search("koulutus", limit=1)[0].kind == "measure"
    preferred = index.search("koulutus", limit=1, prefer="terveys-ja-hyvinvointi")
    assert preferred[0].focus_area_key == "terveys-ja-hyvinvointi"
