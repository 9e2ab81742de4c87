"""Privacy in real Chromium: the notice at phone and laptop size, the join page's link to it,
and a participant's own download and deletion of their data."""

import json

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, accessibility_violations, screenshot
from tests.browser.test_live_session import join
from workshop.extensions import db
from workshop.review import services
from workshop.review.models import StepKind

pytestmark = pytest.mark.browser


@pytest.fixture
def live_session(strategy_version):
    """An open session (not asking for names) whose first scoring step is open."""
    review_round = services.create_round(strategy_version, "Vuosiarviointi 2026", 2026)
    session = services.create_session(review_round, "Oulu", "Oulun kaupungintalo")
    services.set_session_status(session, "open")
    services.open_step(next(s for s in session.steps if s.kind == StepKind.SCORING))
    db.session.commit()
    return session


@pytest.mark.parametrize(("size", "viewport"), [("phone", PHONE), ("laptop", None)])
def test_the_privacy_notice_reads_well_and_passes_axe(live_server, new_page, size, viewport):
    page = new_page(viewport=viewport)
    page.goto(f"{live_server}/privacy")
    expect(page.get_by_role("heading", name="Tietosuojaseloste", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Rekisterinpitäjä")).to_be_visible()
    expect(page.get_by_text("Pohjois-Pohjanmaan liitto", exact=True)).to_be_visible()
    # No sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, f"privacy-notice-{size}")
    assert accessibility_violations(page) == []
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", name="Privacy notice", level=1)).to_be_visible()
    assert accessibility_violations(page) == []


def test_a_participant_finds_the_notice_downloads_and_deletes_their_data(
    live_server, new_page, live_session
):
    phone = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    phone.goto(f"{live_server}/j/{live_session.join_code}")
    expect(phone.get_by_label("Nimi (vapaaehtoinen)")).to_have_count(0)
    expect(phone.get_by_role("link", name="Tietosuojaseloste: mitä sinusta")).to_be_visible()
    join(phone, live_server, live_session.join_code, "Klusterit")
    expect(phone.get_by_role("radio").first).to_be_visible()
    with phone.expect_download() as download:
        phone.get_by_role("button", name="Lataa tietoni").click()
    data = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert data["participant"]["stakeholder_group"] == "klusterit"
    phone.get_by_role("link", name="Poista tietoni…").click()
    expect(phone.get_by_role("heading", name="Poistetaanko tietosi?")).to_be_visible()
    screenshot(phone, "privacy-delete-my-data-phone")
    assert accessibility_violations(phone) == []
    phone.get_by_role("button", name="Poista tietoni").click()
    expect(phone.get_by_text("Henkilötietosi poistettiin.")).to_be_visible()
    # The device stays the same, now anonymous, participant: never asked to join again.
    phone.goto(f"{live_server}/s/{live_session.join_code}")
    expect(phone.get_by_role("button", name="Lataa tietoni")).to_be_visible()
    expect(phone.get_by_role("radio", name="Klusterit")).to_have_count(0)
