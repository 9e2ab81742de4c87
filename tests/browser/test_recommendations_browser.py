"""The council records a recommendation of the Commission and links it to a round; a
facilitator reads it on the round's page: in real headless Chromium, on a laptop and a phone."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, accessibility_violations, screenshot
from tests.browser.test_accounts_browser import log_in
from workshop.extensions import db
from workshop.review import services as review_services

pytestmark = pytest.mark.browser

TEXT = (
    "Vahvistetaan innovaatioiden leviämistä pk-yrityksiin ja yritysten ja korkeakoulujen "
    "yhteistyötä."
)
LAPTOP = {"width": 1366, "height": 768}


def test_the_council_records_a_recommendation_and_a_facilitator_reads_it(
    live_server, new_page, make_user, strategy_version
):
    council = make_user("neuvosto@example.org", role="council", name="Neuvosto")
    owner = make_user("omistaja@example.org")
    review_round = review_services.create_round(
        strategy_version, "Vuosiarviointi 2026", 2026, owner=owner
    )
    db.session.commit()
    page = new_page(viewport=LAPTOP)
    log_in(page, live_server, council.email)

    page.goto(f"{live_server}/review/rounds/{review_round.id}")
    screenshot(page, "round-page-with-recommendations-link-laptop")
    page.get_by_role("link", name="Voimassa olevat suositukset").click()
    expect(
        page.get_by_text("Tähän arviointikierrokseen ei ole vielä liitetty suosituksia.")
    ).to_be_visible()
    page.get_by_role("link", name="Kaikki suositukset").click()
    page.get_by_role("link", name="Lisää suositus").click()
    assert accessibility_violations(page) == []
    page.get_by_label("Vuosi").fill("2025")
    page.get_by_label("Lähde", exact=True).fill("Euroopan komission maaraportti 2025 – Suomi")
    page.get_by_label("Lähteen verkko-osoite").fill("ftp://example.org/raportti")
    page.get_by_label("Suositus suomeksi").fill(TEXT)
    page.get_by_role("button", name="Tallenna").click()
    # Refused: the address and the missing focus area, with what was typed kept.
    expect(
        page.get_by_text("Anna verkko-osoite, joka alkaa https:// tai http://.").first
    ).to_be_visible()
    expect(page.get_by_label("Suositus suomeksi")).to_have_value(TEXT)
    assert accessibility_violations(page) == []
    screenshot(page, "recommendation-form-refused-laptop")
    page.get_by_label("Lähteen verkko-osoite").fill("https://commission.europa.eu/")
    page.get_by_label("Energian tuotanto ja varastointi").check()
    page.get_by_label(
        "Verkostoitunut innovaatiotoiminta ja vahvat ekosysteemit ja TKI-toiminta"
    ).check()
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Suositus tallennettiin.")).to_be_visible()
    expect(page.get_by_text(TEXT)).to_be_visible()
    assert accessibility_violations(page) == []
    screenshot(page, "recommendations-list-laptop")

    page.goto(f"{live_server}/review/rounds/{review_round.id}/recommendations")
    page.get_by_label("Euroopan komission maaraportti 2025 – Suomi · 2025").check()
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Arviointikierroksella huomioidaan 1 suositus.")).to_be_visible()
    assert accessibility_violations(page) == []
    screenshot(page, "recommendations-round-council-laptop")

    page.goto(f"{live_server}/recommendations/")
    page.get_by_role("link", name="Poista…").click()
    expect(page.get_by_text("Vuosiarviointi 2026", exact=False).first).to_be_visible()
    assert accessibility_violations(page) == []
    screenshot(page, "recommendation-remove-confirm-laptop")
    page.get_by_role("link", name="Peru").click()

    phone = new_page(viewport=PHONE)
    log_in(phone, live_server, owner.email)
    phone.goto(f"{live_server}/review/rounds/{review_round.id}/recommendations")
    expect(phone.get_by_text(TEXT)).to_be_visible()
    assert phone.get_by_role("checkbox").count() == 0
    assert accessibility_violations(phone) == []
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways: {width}px"
    screenshot(phone, "recommendations-round-facilitator-phone")
    phone.goto(f"{live_server}/recommendations/")
    assert phone.get_by_role("link", name="Lisää suositus").count() == 0
    assert accessibility_violations(phone) == []
    screenshot(phone, "recommendations-list-phone")
