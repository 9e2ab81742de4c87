"""The strategy browser pages, in Finnish and English."""

import json

import pytest

from tests.conftest import TEST_PASSWORD
from workshop.extensions import db
from workshop.strategy import services
from workshop.strategy.fileformat import parse_strategy_data

PAGES = ["/strategy/", "/strategy/indicators", "/strategy/about", "/strategy/versions"]


@pytest.mark.parametrize("path", PAGES + ["/strategy/export.json"])
def test_strategy_pages_ask_to_log_in_first(client, strategy_version, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_front_page_leads_participants_to_joining_and_facilitators_to_reviews(client, facilitator):
    assert client.get("/").headers["Location"] == "/join"
    client.post("/login", data={"email": facilitator.email, "password": TEST_PASSWORD})
    assert client.get("/").headers["Location"] == "/review/"


def test_overview_lists_every_theme_and_focus_area(logged_in_client, strategy_version):
    page = logged_in_client.get("/strategy/").get_data(as_text=True)
    for theme in strategy_version.themes:
        assert theme.title in page
        for area in theme.focus_areas:
            assert f'href="/strategy/focus-areas/{area.key}"' in page
    assert "Pohjois-Pohjanmaa on kansainvälinen, vetovoimainen" in page
    assert "Toimenpiteet innovaatioiden levittämiseksi" in page
    assert '<html lang="fi">' in page


def test_focus_area_page_shows_challenges_with_their_solutions(logged_in_client, strategy_version):
    area = strategy_version.focus_areas[3]
    page = logged_in_client.get(f"/strategy/focus-areas/{area.key}").get_data(as_text=True)
    assert "<h1>Energian tuotanto ja varastointi</h1>" in page
    for challenge in area.challenges:
        assert challenge.title in page
        for solution in challenge.solutions:
            assert f"<li>{solution.text}</li>" in page
    for sub_theme in area.sub_themes:
        assert sub_theme.title in page


def test_focus_area_page_of_theme_three_shows_actions(logged_in_client, strategy_version):
    area = strategy_version.focus_areas[-1]
    page = logged_in_client.get(f"/strategy/focus-areas/{area.key}").get_data(as_text=True)
    assert "Toimenpiteet" in page
    assert "<li>Kestävä ja kansainvälinen matkailu</li>" in page


def test_unknown_focus_area_is_a_translated_404(logged_in_client, strategy_version):
    response = logged_in_client.get("/strategy/focus-areas/no-such-area")
    assert response.status_code == 404
    assert "Sivua ei löytynyt." in response.get_data(as_text=True)


def test_indicator_table_has_every_indicator(logged_in_client, strategy_version):
    page = logged_in_client.get("/strategy/indicators").get_data(as_text=True)
    for indicator in strategy_version.indicators:
        assert indicator.name.replace("&", "&amp;") in page
    assert "732,6 m/€" in page
    assert "Horisontti Eurooppa -ohjelman kautta" in page


def test_english_switch_shows_english_content_and_interface(logged_in_client, strategy_version):
    switched = logged_in_client.get("/language/en?next=/strategy/indicators")
    assert switched.headers["Location"] == "/strategy/indicators"
    page = logged_in_client.get("/strategy/").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Themes and focus areas" in page
    assert strategy_version.themes[1].translations["en"]["title"] in page
    assert "Suomeksi" in page
    assert "Ilmastoviisas<" not in page


def test_language_switch_never_redirects_to_another_site(client):
    response = client.get("/language/en?next=https://evil.example/")
    assert response.headers["Location"] == "/"
    response = client.get("/language/en?next=//evil.example/")
    assert response.headers["Location"] == "/"
    assert client.get("/language/xx").status_code == 404


def test_about_page_shows_the_narrative_chapters(logged_in_client, strategy_version):
    page = logged_in_client.get("/strategy/about").get_data(as_text=True)
    for section in strategy_version.sections:
        assert section.title in page
    assert "<li>Pohjois-Pohjanmaan liitto kokoaa tulokset</li>" in page


def test_versions_page_lists_versions_with_status(
    logged_in_client, strategy_version, builtin_strategy_data
):
    services.load_strategy(builtin_strategy_data, make_current=False)
    db.session.commit()
    page = logged_in_client.get("/strategy/versions").get_data(as_text=True)
    assert "badge--current" in page and "Voimassa" in page
    assert "badge--draft" in page and "Luonnos" in page


def test_export_download_is_the_strategy_file(logged_in_client, strategy_version):
    response = logged_in_client.get("/strategy/export.json")
    assert response.headers["Content-Disposition"] == 'attachment; filename="strategy-v1.json"'
    assert len(json.loads(response.data)["themes"]) == 3


def test_markup_in_strategy_texts_is_shown_as_text(logged_in_client):
    data = parse_strategy_data(
        {
            "format": "strategiapaja.strategy/1",
            "strategy": {"name": "<script>alert(1)</script>", "region": "R"},
            "themes": [
                {
                    "title": "T",
                    "focus_areas": [
                        {
                            "key": "a",
                            "title": "A\u202e🚀",
                            "challenges": [
                                {
                                    "title": "<img src=x onerror=alert(1)>",
                                    "solutions": [{"text": "x" * 5000}],
                                }
                            ],
                        }
                    ],
                }
            ],
        }
    )
    services.load_strategy(data)
    db.session.commit()
    overview = logged_in_client.get("/strategy/").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in overview
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in overview
    page = logged_in_client.get("/strategy/focus-areas/a")
    assert page.status_code == 200
    assert "<img src=x" not in page.get_data(as_text=True)


def test_a_missing_strategy_is_a_404_not_a_crash(logged_in_client):
    assert logged_in_client.get("/strategy/").status_code == 404
