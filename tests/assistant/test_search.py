"""The strategy search: stemming, compounds, gradation, both languages, nothing found."""

import pytest

from workshop.assistant.search import index_for, stem


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
    assert stem("vedyn", "fi") == stem("vety", "fi")
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
