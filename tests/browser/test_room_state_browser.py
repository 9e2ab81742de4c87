"""Closing a live session in real Chromium: the facilitator confirms on a page that says what
will happen, and the phone that has the workshop open shows at once that it has ended."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, accessibility_violations, screenshot
from tests.browser.test_live_session import join, log_in
from workshop.extensions import db
from workshop.review import services
from workshop.review.models import StepKind

pytestmark = pytest.mark.browser


@pytest.fixture
def live_session(strategy_version):
    """An open session whose first scoring step is open."""
    review_round = services.create_round(strategy_version, "Vuosiarviointi 2026", 2026)
    session = services.create_session(review_round, "Oulu", "Oulun kaupungintalo")
    services.set_session_status(session, "open")
    services.open_step(next(s for s in session.steps if s.kind == StepKind.SCORING))
    db.session.commit()
    return session


def test_a_facilitator_closes_the_session_and_the_phone_shows_it_has_ended(
    live_server, new_page, facilitator, live_session
):
    phone = new_page(viewport=PHONE)
    join(phone, live_server, live_session.join_code, "Klusterit")
    expect(phone.get_by_role("radio").first).to_be_visible()

    laptop = new_page()
    log_in(laptop, live_server, facilitator.email)
    laptop.goto(f"{live_server}/review/sessions/{live_session.id}")
    # The close is apart from "Tallenna", and it leads to a page that says what will happen.
    laptop.get_by_role("link", name="Sulje työpaja…").click()
    expect(laptop.get_by_role("heading", name="Suljetaanko työpaja ”Oulu”?")).to_be_visible()
    expect(laptop.get_by_text("siihen on liittynyt 1 osallistuja")).to_be_visible()
    expect(laptop.get_by_text("Avoin vaihe")).to_be_visible()
    screenshot(laptop, "room-close-session-confirm-laptop")
    assert accessibility_violations(laptop) == []

    confirm_url = laptop.url
    small = new_page(viewport=PHONE)
    log_in(small, live_server, facilitator.email)
    small.goto(confirm_url)
    expect(small.get_by_role("button", name="Sulje työpaja")).to_be_visible()
    assert small.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(small, "room-close-session-confirm-phone")
    assert accessibility_violations(small) == []

    laptop.get_by_role("button", name="Sulje työpaja").click()
    expect(
        laptop.get_by_text("Työpaja on suljettu, ja sen osallistujille kerrottiin")
    ).to_be_visible()

    expect(phone.get_by_role("heading", name="Työpaja on päättynyt")).to_be_visible()
    expect(phone.get_by_text("Vastauksesi on tallennettu.").first).to_be_visible()
    expect(phone.get_by_role("radio")).to_have_count(0)
    expect(phone.locator("#assistant-form")).to_be_hidden()
    screenshot(phone, "room-session-ended-phone")
    assert accessibility_violations(phone) == []
