"""The stakeholder register in real headless Chromium: a 200-contact workbook imported, a bad
one refused row by row, an organisation and a contact edited and deleted, the coverage on the
round page; axe-clean, at phone, laptop and wide widths."""

import pytest

from tests.browser.conftest import SCREENSHOTS, accessibility_violations, screenshot
from tests.browser.test_strategy_browser import log_in
from tests.convening.conftest import register_rows, workbook
from tests.review import conftest as review_fixtures
from workshop.review import participation

pytestmark = pytest.mark.browser

make_round = review_fixtures.make_round
review_round = review_fixtures.review_round
open_session = review_fixtures.open_session

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WIDTHS = {"phone": (390, 844), "laptop": (1366, 768), "wide": (1920, 1080)}


def upload(page, data: bytes, name: str):
    page.get_by_label("Excel- tai CSV-tiedosto").set_input_files(
        files=[{"name": name, "mimeType": XLSX, "buffer": data}]
    )
    page.get_by_role("button", name="Tuo", exact=True).click()


def test_a_facilitator_imports_edits_and_deletes_in_the_register(
    live_server, new_page, facilitator, strategy_version
):
    page = new_page()
    log_in(page, live_server, facilitator.email)
    page.get_by_role("link", name="Rekisteri").click()
    assert page.get_by_role("heading", name="Sidosryhmärekisteri", level=1).is_visible()
    page.get_by_role("link", name="Tuo tiedostosta").click()

    rows = register_rows(contacts=8, organisations=4)
    rows[2] = (*rows[2][:2], "Lappi", *rows[2][3:])
    upload(page, workbook(rows), "rikki.xlsx")
    alert = page.get_by_role("alert")
    assert "Tiedostossa on 1 ongelma. Mitään ei tuotu." in alert.inner_text()
    assert alert.get_by_role("row", name="Lappi").is_visible()
    screenshot(page, "register-import-problems-fi")
    assert accessibility_violations(page) == []

    upload(page, workbook(register_rows()), "rekisteri.xlsx")
    assert "Tuotiin 40 organisaatiota (40 uutta) ja 200 yhteyshenkilöä" in (
        page.get_by_role("status").inner_text()
    )
    assert "40 organisaatiota · 200 yhteyshenkilöä" in page.locator(".lead").inner_text()
    page.get_by_label("Seutukunta").select_option("koillismaa")
    page.get_by_role("button", name="Rajaa").click()
    assert page.locator("tbody tr").count() == 6  # organisations 2, 9, 16, 23, 30, 37
    assert accessibility_violations(page) == []

    page.get_by_role("link", name="Organisaatio 02 Oy").click()
    page.get_by_role("link", name="Muokkaa Henkilö 002").click()
    page.get_by_label("Rooli").fill("Kehitysjohtaja")
    page.get_by_label("Kutsujen kieli").select_option("en")
    page.get_by_role("button", name="Tallenna").click()
    row = page.get_by_role("row", name="Henkilö 002")
    assert "Kehitysjohtaja" in row.inner_text() and "englanti" in row.inner_text()

    contacts = page.locator("#contacts")
    contacts.get_by_label("Nimi").fill("Uusi Henkilö")
    contacts.get_by_label("Sähköpostiosoite").fill("ei-osoite")
    page.get_by_role("button", name="Lisää yhteyshenkilö").click()
    assert "Anna kelvollinen sähköpostiosoite." in page.locator("#contacts").inner_text()
    assert contacts.get_by_label("Nimi").input_value() == "Uusi Henkilö"
    screenshot(page, "register-contact-error-fi")
    assert accessibility_violations(page) == []

    page.get_by_role("link", name="Poista Henkilö 002").click()
    page.get_by_role("button", name="Poista yhteyshenkilö").click()
    assert "Yhteyshenkilö poistettiin." in page.get_by_role("status").inner_text()
    assert page.get_by_role("row", name="Henkilö 002").count() == 0


def test_the_register_pages_and_the_coverage_at_three_widths(
    live_server, new_page, facilitator, strategy_version, review_round, open_session
):
    from workshop.convening import services
    from workshop.extensions import db

    services.import_register(workbook(register_rows()), "r.xlsx")
    for _ in range(6):
        participation.join_session(open_session, "klusterit", locale="fi")
    db.session.commit()
    organisation = services.list_organisations()[0]
    pages = {
        "register-list": "/register/",
        "register-organisation": f"/register/organisations/{organisation.id}",
        "register-import": "/register/import",
        "round-coverage": f"/review/rounds/{review_round.id}#coverage",
    }
    for width_name, (width, height) in WIDTHS.items():
        page = new_page(viewport={"width": width, "height": height})
        log_in(page, live_server, facilitator.email)
        for name, url in pages.items():
            page.goto(live_server + url)
            if name == "round-coverage":
                section = page.locator("#coverage")
                assert section.get_by_role("row", name="Klusterit").is_visible()
                assert "puuttuu" in section.get_by_role("row", name="Kehittämisyhtiöt").inner_text()
                # The section alone as well: the round page is long.
                section.screenshot(path=str(SCREENSHOTS / f"{name}-{width_name}-section.png"))
                screenshot(page, f"{name}-{width_name}")
            else:
                screenshot(page, f"{name}-{width_name}")
            # Nothing wider than the window: tables scroll inside their own region.
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, (name, width_name, overflow)
            assert accessibility_violations(page) == [], (name, width_name)
