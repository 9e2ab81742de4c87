"""Participation integrity in real Chromium at laptop size: a session with a PIN, the console's
burst warning, and the participants page where a facilitator removes and restores someone."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, accessibility_violations, screenshot
from tests.browser.test_live_session import log_in
from workshop.extensions import db
from workshop.review import participation, services, views
from workshop.review.join_limits import BURST_WARNING

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}
GROUP = "Kunnat ja alueelliset edustajat"
FLOOD = {"REMOTE_ADDR": "192.0.2.66"}


@pytest.fixture
def pin_session(strategy_version):
    """An open session that asks for a PIN."""
    views.joins.reset()
    views.code_guesses.reset()
    review_round = services.create_round(strategy_version, "Vuosiarviointi 2026", 2026)
    session = services.create_session(review_round, "Oulu", "Oulun kaupungintalo")
    services.set_session_status(session, "open")
    participation.set_join_pin(session, True)
    db.session.commit()
    yield session
    views.joins.reset()


def test_a_pin_a_burst_warning_and_removing_a_participant(
    app, live_server, new_page, facilitator, pin_session
):
    code, pin = pin_session.join_code, pin_session.join_pin

    # A phone in the room: the join form asks for the PIN said aloud.
    phone = new_page(viewport=PHONE)
    phone.goto(f"{live_server}/j/{code}")
    phone.get_by_role("radio", name=GROUP, exact=True).check()
    phone.get_by_label("Salissa kerrottu PIN-koodi").fill("12345")
    phone.get_by_role("button", name="Liity").click()
    expect(phone.get_by_text("PIN-koodi ei ole oikea")).to_be_visible()
    screenshot(phone, "participation-join-wrong-pin")
    assert accessibility_violations(phone) == []
    phone.get_by_role("radio", name=GROUP, exact=True).check()
    phone.get_by_label("Salissa kerrottu PIN-koodi").fill(pin)
    phone.get_by_role("button", name="Liity").click()
    phone.wait_for_url(f"{live_server}/s/{code}")

    console = new_page(viewport=LAPTOP)
    log_in(console, live_server, facilitator.email)
    console.goto(f"{live_server}/review/sessions/{pin_session.id}/console")
    expect(console.get_by_text("Yhteys toimii – tiedot päivittyvät reaaliajassa.")).to_be_visible()
    expect(console.locator("#join-pin")).to_contain_text(pin)

    # A script joins from one address: the console warns while it is going on.
    script = app.test_client()
    for _ in range(BURST_WARNING + 5):
        script.post(
            "/api/join",
            json={"code": code, "group": "yritykset", "pin": pin},
            environ_base=FLOOD,
        )
    warning = console.locator("#join-bursts")
    expect(warning).to_contain_text(
        f"{BURST_WARNING + 5} liittymistä yhdestä osoitteesta viimeisen minuutin aikana"
    )
    expect(console.locator("#participant-total")).to_have_text(str(BURST_WARNING + 6))
    assert "192.0.2.66" not in console.content()
    screenshot(console, "participation-console-pin-burst")
    assert accessibility_violations(console) == []

    # The projector shows the code, never the PIN.
    projector = console.context.new_page()
    projector.goto(f"{live_server}/review/sessions/{pin_session.id}/projector")
    expect(projector.locator(".join-view__code")).to_contain_text(code)
    assert pin not in projector.locator("body").inner_text()

    # The participants page: remove the phone's participant, then restore them.
    page = console.context.new_page()
    page.set_viewport_size(LAPTOP)
    page.goto(f"{live_server}/review/sessions/{pin_session.id}/participants")
    municipalities = page.get_by_role("region", name=f"{GROUP} (1)")
    expect(municipalities.get_by_role("row")).to_have_count(2)
    screenshot(page, "participation-participants")
    assert accessibility_violations(page) == []
    municipalities.get_by_role("checkbox").check()
    page.get_by_label("Syy (kirjataan tapahtumalokiin)").fill("Testilaite")
    page.get_by_role("button", name="Poista valitut osallistujat").click()
    expect(page.get_by_text("1 osallistuja poistettu")).to_be_visible()
    removed = page.get_by_role("region", name="Poistettu (1)")
    expect(removed.get_by_text("Testilaite")).to_be_visible()
    screenshot(page, "participation-participants-removed")
    assert accessibility_violations(page) == []

    expect(console.locator("#participant-total")).to_have_text(str(BURST_WARNING + 5))
    expect(console.locator("#removed-count")).to_contain_text("1")
    expect(phone.get_by_text("Sinut poistettiin tästä työpajasta")).to_be_visible()

    removed.get_by_role("button", name="Palauta").click()
    expect(page.get_by_text("Osallistuja on palautettu")).to_be_visible()
    expect(console.locator("#participant-total")).to_have_text(str(BURST_WARNING + 6))

    # The flood in one go: everyone of the group the script chose.
    choose_all = re.compile("^Valitse kaikki tämän ryhmän osallistujat.*Yritykset")
    page.get_by_role("button", name=choose_all).click()
    page.get_by_label("Syy (kirjataan tapahtumalokiin)").fill("Skriptin liittämät")
    page.get_by_role("button", name="Poista valitut osallistujat").click()
    expect(page.get_by_text(f"{BURST_WARNING + 5} osallistujaa poistettu")).to_be_visible()
    expect(console.locator("#participant-total")).to_have_text("1")
