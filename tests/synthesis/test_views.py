"""The synthesis page: what it shows of the demo round, the council's saving of assessments
and summary (a new version each time, the draft mark gone once a person edits), who may do
what, and refusals that keep what was typed."""
# ruff: noqa: F811  (the fixtures come from tests.review.conftest and tests.conftest)

import re

import pytest

from tests.conftest import TEST_PASSWORD
from workshop.demo import create_demo
from workshop.extensions import db
from workshop.strategy.services import ensure_strategy_loaded
from workshop.synthesis import services
from workshop.synthesis.records import ROUND_SUMMARY

DRAFT_MARK = "Ei vielä ihmisen muokkaama"


@pytest.fixture
def demo_round(app):
    ensure_strategy_loaded()
    review_round = create_demo(participants=40, seed=7)
    db.session.commit()
    return review_round


def _login(app, make_user, email, role):
    make_user(email, role=role, name=email.split("@")[0].title())
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


@pytest.fixture
def council(app, make_user):
    return _login(app, make_user, "neuvosto@example.org", "council")


@pytest.fixture
def facilitator(app, make_user):
    return _login(app, make_user, "vetaja@example.org", "facilitator")


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_the_page_shows_the_summary_table_and_every_focus_area_with_a_marked_draft(
    council, demo_round
):
    page = council.get(f"/review/rounds/{demo_round.id}/synthesis").get_data(as_text=True)
    areas = demo_round.strategy_version.focus_areas
    assert "Kierroksen yhteenveto" in page
    for area in areas:
        assert f'id="area-{area.key}"' in page
        assert f'href="#area-{area.key}"' in page  # its row in the summary table
    # Every text is the built-in draft and says so (the summary and each focus area).
    assert page.count(DRAFT_MARK) == len(areas) + 1
    assert "Missä ryhmät ovat samaa mieltä ja missä eri mieltä" in page
    assert "Teemat sidosryhmien teksteissä" in page
    assert "<blockquote" in page  # representative quotes of the themes
    # No names, no organisations: as words (a random CSRF token once held "Oy").
    assert not re.search(r"\b(Maija|Oy)\b", page)


def test_a_saved_assessment_is_shown_with_its_author_and_no_draft_mark(council, demo_round):
    area = demo_round.strategy_version.focus_areas[0].key
    url = f"/review/rounds/{demo_round.id}/synthesis"
    token = _csrf(council.get(url).get_data(as_text=True))
    response = council.post(
        url, data={"csrf_token": token, "scope": area, "text": "Neuvoston <em>arvio</em>."}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"#area-{area}")
    page = council.get(url).get_data(as_text=True)
    assert "Neuvoston &lt;em&gt;arvio&lt;/em&gt;." in page
    assert page.count(DRAFT_MARK) == len(demo_round.strategy_version.focus_areas)
    assert "Tallentanut Neuvosto" in page
    history = council.get(f"{url}/history?scope={area}").get_data(as_text=True)
    assert "Neuvoston &lt;em&gt;arvio&lt;/em&gt;." in history and "Neuvosto" in history


def test_the_summary_is_saved_as_versions(council, demo_round):
    url = f"/review/rounds/{demo_round.id}/synthesis"
    for text in ("Ensimmäinen yhteenveto.", "Toinen yhteenveto."):
        token = _csrf(council.get(url).get_data(as_text=True))
        assert (
            council.post(url, data={"csrf_token": token, "scope": "", "text": text}).status_code
            == 302
        )
    assert [v.text for v in services.versions(demo_round, ROUND_SUMMARY)] == [
        "Toinen yhteenveto.",
        "Ensimmäinen yhteenveto.",
    ]
    history = council.get(f"{url}/history").get_data(as_text=True)
    assert history.index("Toinen yhteenveto.") < history.index("Ensimmäinen yhteenveto.")


def test_an_empty_text_is_refused_and_nothing_is_saved(council, demo_round):
    area = demo_round.strategy_version.focus_areas[1].key
    url = f"/review/rounds/{demo_round.id}/synthesis"
    token = _csrf(council.get(url).get_data(as_text=True))
    response = council.post(url, data={"csrf_token": token, "scope": area, "text": "   "})
    assert response.status_code == 400
    assert "Kirjoita teksti ennen tallentamista." in response.get_data(as_text=True)
    assert services.versions(demo_round, area) == []


def test_a_too_long_text_is_refused_and_kept_in_the_form(council, demo_round):
    area = demo_round.strategy_version.focus_areas[1].key
    url = f"/review/rounds/{demo_round.id}/synthesis"
    token = _csrf(council.get(url).get_data(as_text=True))
    text = "Pitkä arvio. " * 2000
    response = council.post(url, data={"csrf_token": token, "scope": area, "text": text})
    assert response.status_code == 400
    assert "Pitkä arvio. Pitkä arvio." in response.get_data(as_text=True)
    assert services.versions(demo_round, area) == []


def test_an_unknown_focus_area_is_not_found(council, demo_round):
    url = f"/review/rounds/{demo_round.id}/synthesis"
    token = _csrf(council.get(url).get_data(as_text=True))
    response = council.post(url, data={"csrf_token": token, "scope": "ei-ole", "text": "Arvio"})
    assert response.status_code == 404
    assert council.get(f"{url}/history?scope=ei-ole").status_code == 404


def test_a_facilitator_reads_the_assessments_but_may_not_write_them(facilitator, demo_round):
    url = f"/review/rounds/{demo_round.id}/synthesis"
    page = facilitator.get(url).get_data(as_text=True)
    assert "<textarea" not in page
    assert "Neuvosto kirjoittaa arviot." in page
    response = facilitator.post(url, data={"scope": "", "text": "Yritys"})
    assert response.status_code == 403
    assert services.versions(demo_round, ROUND_SUMMARY) == []


def test_the_round_page_links_to_the_synthesis(council, demo_round):
    page = council.get(f"/review/rounds/{demo_round.id}").get_data(as_text=True)
    assert f'href="/review/rounds/{demo_round.id}/synthesis"' in page
