"""The strategy file format: the built-in strategy is complete, bad files are reported by place."""

import json

import pytest

from workshop.strategy.fileformat import StrategyFileError, parse_strategy_data, parse_strategy_file

SEED_FOCUS_AREAS = {
    "Uudistuva ja hyvinvoiva": [
        "Digitaaliset palvelut ja tuotteet",
        "Terveyden ja hyvinvoinnin ala",
        "Uudistuva ja vähäpäästöinen teollisuus",
    ],
    "Ilmastoviisas": [
        "Energian tuotanto ja varastointi",
        "Kestävä rakentaminen, logistiikka ja liikkuminen",
        "Innovatiivinen bio- ja kiertotalous",
        "Älykäs elintarviketuotanto",
    ],
    "Kansainvälinen, verkostoitunut ja vetovoimainen": [
        "Kansainvälisesti kilpailukykyinen ja kiinnostava sijoittumisympäristö",
        "Verkostoitunut innovaatiotoiminta ja vahvat ekosysteemit ja TKI-toiminta",
        "Innovatiivinen matkailu",
    ],
}

# (challenges, solutions) per focus area as the seed's tables give them.
SEED_TABLE_SIZES = {
    "Digitaaliset palvelut ja tuotteet": (3, 6),
    "Terveyden ja hyvinvoinnin ala": (1, 6),
    "Uudistuva ja vähäpäästöinen teollisuus": (6, 12),
    "Energian tuotanto ja varastointi": (3, 13),
    "Kestävä rakentaminen, logistiikka ja liikkuminen": (3, 12),
    "Innovatiivinen bio- ja kiertotalous": (3, 9),
    "Älykäs elintarviketuotanto": (5, 13),
}


def minimal_file(**overrides) -> dict:
    data = {
        "format": "strategiapaja.strategy/1",
        "language": "fi",
        "strategy": {"name": "Testistrategia", "region": "Testimaakunta"},
        "themes": [
            {
                "title": "Teema",
                "focus_areas": [
                    {
                        "title": "Ala",
                        "challenges": [{"title": "Haaste", "solutions": [{"text": "Ratkaisu"}]}],
                    }
                ],
            }
        ],
        "indicators": [{"name": "Mittari", "target_text": "Kasvaa"}],
    }
    data.update(overrides)
    return data


def test_builtin_strategy_has_every_theme_and_focus_area_of_the_seed(builtin_strategy_data):
    themes = {
        theme.title: [area.title for area in theme.focus_areas]
        for theme in builtin_strategy_data.themes
    }
    assert themes == SEED_FOCUS_AREAS


def test_builtin_strategy_has_every_challenge_and_solution_of_the_seed(builtin_strategy_data):
    sizes = {
        area.title: (len(area.challenges), sum(len(c.solutions) for c in area.challenges))
        for theme in builtin_strategy_data.themes
        for area in theme.focus_areas
        if area.challenges
    }
    assert sizes == SEED_TABLE_SIZES


def test_builtin_strategy_keeps_the_seeds_spelling(builtin_strategy_data):
    measures = [measure.text for measure in builtin_strategy_data.measures]
    assert len(measures) == 8
    assert measures[0] == "Toimialat ylittävät verkoistoitumistapahtumat"
    energy = builtin_strategy_data.themes[1].focus_areas[0]
    storage = energy.challenges[1]
    assert storage.title == "Tuotetun energian varastointi"
    assert "Vedyn tuotannon ja verkoston kehittäminen" in [s.text for s in storage.solutions]


def test_theme_three_focus_areas_have_actions_instead_of_challenges(builtin_strategy_data):
    for area in builtin_strategy_data.themes[2].focus_areas:
        assert area.challenges == []
        assert len(area.actions) == 3
    tourism = builtin_strategy_data.themes[2].focus_areas[2]
    assert [action.text for action in tourism.actions] == [
        "Digitaalisten uusien palveluiden ja tuotteiden kehitys liiketoimintalähtöisesti",
        "Palveluinnovaatiot",
        "Kestävä ja kansainvälinen matkailu",
    ]


def test_builtin_indicators_match_the_seed_table(builtin_strategy_data):
    rows = {
        i.name: (i.baseline_year, i.baseline_text, i.target_text)
        for i in builtin_strategy_data.indicators
    }
    assert rows["Yrityskanta"] == (2019, "23 153", "Kasvaa vuosittain")
    assert rows["Pohjois-Pohjanmaan T&K-menot"] == (2019, "732,6 m/€", "0,9 mrd/€")
    assert len(rows) == 7
    funding = builtin_strategy_data.indicators[-1]
    assert funding.target_text == "Tasainen kasvu"
    assert len(funding.sources) == 4


def _texts_with_translation_fields(node, path="$"):
    """Yield (path, element) for every dict that carries translations."""
    if isinstance(node, dict):
        if "translations" in node:
            yield path, node
        for key, value in node.items():
            if key != "translations":
                yield from _texts_with_translation_fields(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _texts_with_translation_fields(value, f"{path}[{index}]")


def test_every_text_of_the_builtin_strategy_has_an_english_translation(builtin_strategy_data):
    raw = builtin_strategy_data.model_dump()
    missing = []
    for path, element in _texts_with_translation_fields(raw):
        english = element["translations"].get("en") or {}
        for field in ("title", "text", "name", "body", "description", "vision", "target_text"):
            if element.get(field) and not english.get(field):
                missing.append(f"{path}.{field}")
    assert missing == []


def test_a_missing_title_is_reported_with_its_place():
    data = minimal_file()
    data["themes"][0]["focus_areas"][0]["challenges"][0]["title"] = "  "
    with pytest.raises(StrategyFileError) as raised:
        parse_strategy_data(data)
    assert [str(p) for p in raised.value.problems] == [
        "$.themes[0].focus_areas[0].challenges[0].title: must not be empty"
    ]


def test_every_problem_is_reported_not_only_the_first():
    data = minimal_file(format="other/2")
    del data["strategy"]["region"]
    data["themes"][0]["focus_areas"][0]["surprise"] = 1
    with pytest.raises(StrategyFileError) as raised:
        parse_strategy_data(data)
    places = {problem.place for problem in raised.value.problems}
    assert places == {"$.format", "$.strategy.region", "$.themes[0].focus_areas[0].surprise"}


def test_broken_json_is_reported_with_line_and_column():
    text = '{\n  "format": "strategiapaja.strategy/1",\n  "themes": [,]\n}'
    with pytest.raises(StrategyFileError) as raised:
        parse_strategy_file(text)
    assert raised.value.problems[0].place == "line 3, column 14"


def test_duplicate_keys_are_reported_at_the_second_use():
    data = minimal_file()
    data["themes"][0]["focus_areas"].append({"key": "ala", "title": "Toinen"})
    data["themes"][0]["focus_areas"][0]["key"] = "ala"
    with pytest.raises(StrategyFileError) as raised:
        parse_strategy_data(data)
    assert str(raised.value.problems[0]) == (
        "$.themes[0].focus_areas[1].key: key 'ala' is also used at $.themes[0].focus_areas[0]"
    )


def test_an_indicator_needs_some_target():
    data = minimal_file(indicators=[{"name": "Mittari"}])
    with pytest.raises(StrategyFileError) as raised:
        parse_strategy_data(data)
    assert raised.value.problems[0].place == "$.indicators[0]"


def test_a_translation_with_an_unknown_field_is_an_error():
    data = minimal_file()
    data["themes"][0]["translations"] = {"en": {"title": "Theme", "colour": "red"}}
    with pytest.raises(StrategyFileError) as raised:
        parse_strategy_data(data)
    assert raised.value.problems[0].place == "$.themes[0].translations.en.colour"


def test_control_characters_are_removed_and_markup_kept_as_text():
    data = minimal_file()
    data["themes"][0]["title"] = "Tee\x00ma <b>vahva</b>\u200b 🚀"
    parsed = parse_strategy_data(json.loads(json.dumps(data)))
    assert parsed.themes[0].title == "Teema <b>vahva</b>\u200b 🚀"
