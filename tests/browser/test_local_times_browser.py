"""A session planned for 09:00 reads 09:00 on every page, in winter and in summer time."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, accessibility_violations, screenshot
from tests.browser.test_live_session import PROJECTOR, log_in
from workshop.extensions import db
from workshop.review import services

pytestmark = pytest.mark.browser


@pytest.fixture
def planned_round(strategy_version):
    review_round = services.create_round(strategy_version, "Vuosiarviointi 2027", 2027)
    db.session.commit()
    return review_round


@pytest.mark.parametrize(
    ("typed", "shown", "name"),
    [
        ("2027-01-14T09:00", "14.1.2027 9.00", "january"),
        ("2027-07-14T09:00", "14.7.2027 9.00", "july"),
    ],
)
def test_a_session_planned_for_nine_shows_nine(
    live_server, new_page, facilitator, planned_round, typed, shown, name
):
    page = new_page()
    log_in(page, live_server, facilitator.email)
    page.goto(f"{live_server}/review/rounds/{planned_round.id}")
    sessions = page.locator("form", has=page.get_by_role("button", name="Lisää työpaja"))
    sessions.get_by_label("Nimi", exact=True).fill("Raahe")
    sessions.get_by_label("Paikka").fill("Raahen seudun kehittämisyhtiö")
    sessions.get_by_label("Alkaa").fill(typed)
    sessions.get_by_role("button", name="Lisää työpaja").click()
    page.wait_for_url("**/review/sessions/*")
    expect(page.get_by_label("Alkaa")).to_have_value(typed)
    screenshot(page, f"session-form-{name}")
    assert accessibility_violations(page) == []
    session_url = page.url
    page.goto(f"{live_server}/review/rounds/{planned_round.id}")
    expect(page.get_by_text(shown)).to_be_visible()
    screenshot(page, f"round-page-{name}")
    assert accessibility_violations(page) == []
    phone = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    log_in(phone, live_server, facilitator.email)
    phone.goto(f"{live_server}/review/rounds/{planned_round.id}")
    expect(phone.get_by_text(shown)).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(phone, f"round-page-phone-{name}")
    projector = new_page(viewport=PROJECTOR)
    log_in(projector, live_server, facilitator.email)
    projector.goto(session_url.rstrip("/") + "/projector")
    expect(projector.get_by_text(f"Alkaa {shown}")).to_be_visible()
    screenshot(projector, f"projector-{name}")
    assert accessibility_violations(projector) == []
