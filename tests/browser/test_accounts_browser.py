"""An admin's account pages, the audit log and a round's hosts, in real headless Chromium."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import accessibility_violations, screenshot
from tests.conftest import TEST_PASSWORD
from workshop.extensions import db
from workshop.review import services as review_services

pytestmark = pytest.mark.browser


def log_in(page, base_url: str, email: str, password: str = TEST_PASSWORD) -> None:
    page.goto(f"{base_url}/login")
    page.get_by_label("Sähköpostiosoite").fill(email)
    page.get_by_label("Salasana", exact=True).fill(password)
    page.get_by_role("button", name="Kirjaudu").click()
    page.wait_for_url(lambda url: "/login" not in url)


def test_an_admin_deactivates_an_account_and_reads_the_audit_log(
    live_server, new_page, make_user, facilitator, strategy_version
):
    admin = make_user("yllapito@example.org", role="admin", name="Ylläpito")
    review_round = review_services.create_round(
        strategy_version, "Vuosiarviointi 2026", 2026, owner=admin
    )
    db.session.commit()
    page = new_page()
    log_in(page, live_server, admin.email)

    page.get_by_role("link", name="Tunnukset").click()
    assert page.get_by_role("heading", name="Tunnukset", level=1).is_visible()
    assert accessibility_violations(page) == []
    page.get_by_role("link", name=facilitator.email).click()
    screenshot(page, "account-admin-fi")
    assert accessibility_violations(page) == []
    page.get_by_label("Kyllä, päätä tunnuksen istunnot ja estä sen kirjautumiset").check()
    page.get_by_role("button", name="Poista käytöstä").click()
    expect(
        page.get_by_text("Tunnus poistettiin käytöstä ja sen istunnot päättyivät.")
    ).to_be_visible()

    page.get_by_role("link", name="Tapahtumaloki").click()
    table = page.get_by_role("table")
    assert table.get_by_role("rowheader", name="user.deactivate").is_visible()
    screenshot(page, "audit-log-fi")
    assert accessibility_violations(page) == []

    page.goto(f"{live_server}/review/rounds/{review_round.id}/hosts")
    assert page.get_by_role("heading", name="Omistaja").is_visible()
    assert accessibility_violations(page) == []


def test_a_facilitator_changes_their_password_by_keyboard(live_server, new_page, facilitator):
    page = new_page()
    log_in(page, live_server, facilitator.email)
    page.get_by_role("link", name=facilitator.name).click()
    assert page.get_by_role("heading", name="Oma tunnus").is_visible()
    assert accessibility_violations(page) == []
    page.get_by_label("Nykyinen salasana").fill(TEST_PASSWORD)
    page.get_by_label("Uusi salasana", exact=True).fill("a brand new passphrase")
    page.get_by_label("Uusi salasana uudelleen").fill("a brand new passphrase")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Salasanasi vaihdettiin. Muut istuntosi päättyivät.")).to_be_visible()
    page.get_by_role("button", name="Kirjaudu ulos").click()
    log_in(page, live_server, facilitator.email, "a brand new passphrase")
