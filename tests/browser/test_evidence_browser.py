"""Evidence in real headless Chromium: uploads with their problem report, indicator pages with
charts, structural-fund statistics, and the workshop's evidence step on a phone and projector."""

import pytest

from tests.browser.conftest import PHONE, accessibility_violations, screenshot
from tests.browser.test_strategy_browser import log_in
from tests.evidence.conftest import PROJECT_HEADER_FI, finnish_csv
from tests.review import conftest as review_fixtures
from workshop.evidence import demo
from workshop.extensions import db
from workshop.review import services as review_services
from workshop.review.models import StepKind

pytestmark = pytest.mark.browser

# The workshop fixtures of tests/review, shared.
make_round = review_fixtures.make_round
review_round = review_fixtures.review_round
open_session = review_fixtures.open_session


def upload(page, path, data: bytes, name: str):
    page.get_by_label("CSV-tiedosto").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": data}]
    )
    page.get_by_role("button", name="Tuo", exact=True).click()


def test_staff_import_evidence_and_read_indicators_and_funding(
    live_server, new_page, facilitator, strategy_version
):
    page = new_page()
    log_in(page, live_server, facilitator.email)
    page.get_by_role("link", name="Seurantatiedot").click()
    page.get_by_role("link", name="Tuo rahoitetut hankkeet").click()

    bad = finnish_csv(
        PROJECT_HEADER_FI,
        "A-1;Nimi;Org;EAKR;paljon;0;;31.2.2024;;Oulu;energia",
        "A-2;Nimi;Org;EAKR;1;0;;;;Oulu;Kuukävely",
    )
    upload(page, live_server, bad, "huono.csv")
    alert = page.get_by_role("alert")
    assert "Tiedostossa on 3 ongelmaa. Mitään ei tuotu." in alert.inner_text()
    assert alert.get_by_role("row", name="Kuukävely").is_visible()
    screenshot(page, "evidence-upload-problems-fi")
    assert accessibility_violations(page) == []

    upload(page, live_server, demo.example_file_bytes("funding"), "hankkeet.csv")
    assert "Tuotiin 30 riviä: 30 uutta" in page.get_by_role("status").inner_text()
    assert page.get_by_role("heading", name="Rakennerahastotilastot", level=1).is_visible()
    page.get_by_role("link", name="Tuo indikaattorien arvot").click()
    upload(page, live_server, demo.example_file_bytes("indicators"), "arvot.csv")
    assert page.get_by_role("heading", name="Indikaattorit ja niiden tilanne").is_visible()
    assert page.get_by_role("img", name="Yrityskanta").is_visible()
    screenshot(page, "evidence-indicators-fi")
    assert accessibility_violations(page) == []

    page.get_by_role("link", name="Pohjois-Pohjanmaan T&K-menot").click()
    assert page.get_by_text("Tavoitteen mukainen").first.is_visible()
    page.get_by_label("Vuosi", exact=True).fill("2025")
    page.get_by_label("Arvo", exact=True).fill("905,5")
    page.get_by_role("button", name="Tallenna arvo").click()
    assert page.get_by_role("row", name="2025").is_visible()
    screenshot(page, "evidence-indicator-detail-fi")
    assert accessibility_violations(page) == []

    page.get_by_role("link", name="Rakennerahastotilastot").click()
    assert page.get_by_role("heading", name="TKI-rahoituksen seuranta ÄES-painopistealoittain")
    screenshot(page, "evidence-funding-fi")
    assert accessibility_violations(page) == []

    page.get_by_role("link", name="In English").click()
    assert page.get_by_role("heading", name="Structural-fund statistics", level=1).is_visible()
    page.get_by_role("link", name="Indicators", exact=True).last.click()
    assert page.get_by_role("img", name="Number of companies").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "evidence-indicators-en")
    assert accessibility_violations(page) == []


def test_indicator_pages_read_on_a_phone(live_server, new_page, facilitator, strategy_version):
    demo.create_demo_evidence(strategy_version.strategy)
    db.session.commit()
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    log_in(page, live_server, facilitator.email)
    page.goto(f"{live_server}/evidence/indicators/tk-henkilosto")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "evidence-indicator-phone-fi")
    assert accessibility_violations(page) == []


@pytest.fixture
def evidence_step(open_session):
    """The session's indicators step, opened, with the example evidence."""
    demo.create_demo_evidence(open_session.review_round.strategy_version.strategy)
    step = next(s for s in open_session.steps if s.kind == StepKind.INDICATORS)
    review_services.open_step(step)
    db.session.commit()
    return step


def test_participants_and_projector_see_the_evidence_step(
    live_server, new_page, facilitator, open_session, evidence_step
):
    phone = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    phone.goto(f"{live_server}/j/{open_session.join_code}")
    phone.get_by_label("Klusterit").check()
    phone.get_by_role("button", name="Liity").click()
    step = phone.locator(".evidence-step")
    step.wait_for()
    assert step.get_by_role("img", name="Yrityskanta").is_visible()
    assert step.get_by_role("row", name="Digitaaliset palvelut ja tuotteet").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(phone, "evidence-step-phone-fi")
    assert accessibility_violations(phone) == []

    projector = new_page(viewport={"width": 1920, "height": 1080})
    log_in(projector, live_server, facilitator.email)
    projector.goto(f"{live_server}/review/sessions/{open_session.id}/projector")
    view = projector.locator(".evidence-step--projector")
    view.wait_for()
    assert view.get_by_role("img", name="Pohjois-Pohjanmaan T&K-menot").is_visible()
    screenshot(projector, "evidence-step-projector-fi")
    # Projectors cannot scroll: everything fits on the screen.
    assert projector.evaluate(
        "(() => { const v = document.getElementById('evidence-view');"
        " return v.scrollHeight <= v.clientHeight + 1; })()"
    )
    assert projector.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert accessibility_violations(projector) == []
