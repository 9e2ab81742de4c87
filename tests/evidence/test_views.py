"""Evidence pages: roles, the value form, uploads with their problem report, funding page."""

import io

import pytest
from sqlalchemy import func, select

from tests.evidence.conftest import finnish_csv
from workshop.evidence import services
from workshop.evidence.models import FundedProject, IndicatorValue
from workshop.extensions import db


def upload(client, url, data: bytes, name="data.csv"):
    return client.post(
        url, data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data"
    )


@pytest.mark.parametrize(
    "url",
    ["/evidence/", "/evidence/funding", "/evidence/indicators/import", "/evidence/funding/import"],
)
def test_evidence_pages_need_a_login(client, strategy, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_indicator_list_shows_latest_value_and_status(logged_in_client, strategy, example_values):
    services.import_indicator_values(strategy, example_values)
    db.session.commit()
    page = logged_in_client.get("/evidence/").get_data(as_text=True)
    assert "Yrityskanta" in page
    assert "24 120" in page.replace("\u00a0", " ")
    assert "Ei tavoitteen mukainen" in page or "status--off_track" in page
    assert 'role="img"' in page
    assert page.count("<svg") == 7


def test_value_form_saves_a_value_with_a_decimal_comma(logged_in_client, strategy):
    response = logged_in_client.post(
        "/evidence/indicators/liikevaihto", data={"year": "2023", "value": "25,7", "source": "TK"}
    )
    assert response.status_code == 302
    [value] = db.session.scalars(select(IndicatorValue)).all()
    assert (value.indicator_key, value.year, value.value, value.source) == (
        "liikevaihto",
        2023,
        25.7,
        "TK",
    )
    page = logged_in_client.get("/evidence/indicators/liikevaihto").get_data(as_text=True)
    assert "25,7" in page


def test_value_form_refuses_text_as_a_value(logged_in_client, strategy):
    response = logged_in_client.post(
        "/evidence/indicators/liikevaihto", data={"year": "2023", "value": "paljon"}
    )
    assert response.status_code == 400
    assert db.session.scalar(select(func.count(IndicatorValue.id))) == 0


def test_a_value_can_be_removed(logged_in_client, strategy):
    services.set_indicator_value(strategy, "yrityskanta", 2022, 23000)
    db.session.commit()
    response = logged_in_client.post("/evidence/indicators/yrityskanta/values/2022/delete")
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(IndicatorValue.id))) == 0


def test_unknown_indicator_is_not_found(logged_in_client, strategy):
    assert logged_in_client.get("/evidence/indicators/nope").status_code == 404


def test_upload_of_a_bad_file_lists_every_problem_and_imports_nothing(logged_in_client, strategy):
    data = finnish_csv(
        "indikaattori;vuosi;arvo",
        "yrityskanta;2021;23 500",
        "tuntematon;2021;1",
        "yrityskanta;kaksi;abc",
    )
    response = upload(logged_in_client, "/evidence/indicators/import", data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "tuntematon" in page
    assert "kaksi" in page
    assert "abc" in page
    assert "Mitään ei tuotu" in page
    assert db.session.scalar(select(func.count(IndicatorValue.id))) == 0


def test_upload_of_projects_then_funding_page(logged_in_client, strategy, example_projects):
    response = upload(logged_in_client, "/evidence/funding/import", example_projects)
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(FundedProject.id))) == 30
    page = logged_in_client.get("/evidence/funding").get_data(as_text=True)
    assert "Digitaaliset palvelut ja tuotteet" in page
    assert "ESIM-2022-0001" in page
    assert "Uudistuva ja osaava Suomi 2021–2027 (EAKR)" in page


def test_upload_needs_a_file(logged_in_client, strategy):
    response = logged_in_client.post("/evidence/funding/import", data={})
    assert response.status_code == 400


def test_example_files_can_be_downloaded(logged_in_client, strategy, example_projects):
    response = logged_in_client.get("/evidence/examples/funding.csv")
    assert response.status_code == 200
    assert response.data == example_projects


def test_an_import_racing_another_is_undone_with_a_message(logged_in_client, strategy, monkeypatch):
    services.set_indicator_value(strategy, "yrityskanta", 2021, 1)
    db.session.commit()
    # As if another import stored the row after this one looked: the insert then collides.
    monkeypatch.setattr(services, "indicator_values", lambda strategy: {})
    data = finnish_csv("indikaattori;vuosi;arvo", "yrityskanta;2022;5", "yrityskanta;2021;2")
    response = upload(logged_in_client, "/evidence/indicators/import", data)
    assert response.status_code == 409
    assert "Yritä uudelleen" in response.get_data(as_text=True)
    db.session.expire_all()
    values = db.session.scalars(select(IndicatorValue)).all()
    assert [(value.year, value.value) for value in values] == [(2021, 1.0)]
