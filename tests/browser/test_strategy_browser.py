"""A facilitator logs in and browses the strategy in real headless Chromium."""

import pytest

from tests.browser.conftest import PHONE, accessibility_violations, screenshot
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser


def log_in(page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/strategy/")
    page.get_by_label("Sähköpostiosoite").fill(email)
    page.get_by_label("Salasana", exact=True).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Kirjaudu").click()
    page.wait_for_url(f"{base_url}/strategy/")


def test_facilitator_logs_in_and_browses_the_strategy(
    live_server, new_page, facilitator, strategy_version
):
    page = new_page()
    page.goto(f"{live_server}/")
    assert page.get_by_role("heading", name="Liity työpajaan").is_visible()
    page.get_by_role("link", name="Kirjaudu").click()
    assert page.get_by_role("heading", name="Kirjaudu").is_visible()
    screenshot(page, "login-fi")
    assert accessibility_violations(page) == []

    log_in(page, live_server, facilitator.email)
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Pohjois-Pohjanmaan älykkään erikoistumisen strategia"
    )
    for theme in strategy_version.themes:
        assert page.get_by_role("heading", name=theme.title).is_visible()
    screenshot(page, "strategy-overview-fi")
    assert accessibility_violations(page) == []

    page.get_by_role("link", name="Energian tuotanto ja varastointi").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Energian tuotanto ja varastointi"
    table = page.get_by_role("table")
    assert table.get_by_role("rowheader", name="Tuotetun energian varastointi").is_visible()
    assert table.get_by_text("Vedyn tuotannon ja verkoston kehittäminen").is_visible()
    screenshot(page, "focus-area-fi")
    assert accessibility_violations(page) == []

    page.get_by_role("link", name="Mittarit").click()
    assert page.get_by_role("row", name="Yrityskanta").is_visible()
    screenshot(page, "indicators-fi")
    assert accessibility_violations(page) == []

    page.get_by_role("link", name="In English").click()
    assert page.get_by_role("heading", name="Monitoring indicators", level=1).is_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    screenshot(page, "indicators-en")
    page.get_by_role("link", name="Strategy", exact=True).click()
    english_theme = strategy_version.themes[1].translations["en"]["title"]
    assert page.get_by_role("heading", name=english_theme).is_visible()
    screenshot(page, "strategy-overview-en")
    page.get_by_role(
        "link", name=strategy_version.focus_areas[3].translations["en"]["title"]
    ).click()
    screenshot(page, "focus-area-en")
    assert accessibility_violations(page) == []


def test_strategy_reads_on_a_phone_and_works_by_keyboard(
    live_server, new_page, facilitator, strategy_version
):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    log_in(page, live_server, facilitator.email)
    area = strategy_version.focus_areas[1]
    page.goto(f"{live_server}/strategy/focus-areas/{area.key}")
    # Nothing sticks out sideways on a narrow screen.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "focus-area-phone-fi")
    assert accessibility_violations(page) == []

    # The skip link is the first stop of the keyboard and moves focus to the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Siirry sisältöön"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
