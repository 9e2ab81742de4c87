"""The API tokens page in real headless Chromium: create, copy once, revoke; axe-clean in
Finnish and English, at phone, laptop and wide sizes."""

import urllib.request

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import accessibility_violations, screenshot
from tests.browser.test_accounts_browser import log_in

pytestmark = pytest.mark.browser

SIZES = {
    "phone": {"width": 390, "height": 844},
    "laptop": {"width": 1366, "height": 768},
    "wide": {"width": 1920, "height": 1080},
}


def _api_status(base_url: str, token: str) -> int:
    request = urllib.request.Request(
        f"{base_url}/api/v1/rounds", headers={"Authorization": f"Bearer {token}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_facilitator_creates_a_token_uses_it_and_revokes_it(live_server, new_page, facilitator):
    page = new_page()
    log_in(page, live_server, facilitator.email)
    page.goto(f"{live_server}/account")
    page.get_by_role("link", name="API-tunnisteet skripteille ja integraatioille").click()
    assert page.get_by_role("heading", name="API-tunnisteet", level=1).is_visible()
    assert accessibility_violations(page) == []
    page.get_by_label("Nimi (mihin tunnistetta käytetään)").fill("Power BI")
    page.get_by_label("Luku ja kirjoitus: myös työpajojen").check()
    page.get_by_role("button", name="Luo tunniste").click()
    token = page.get_by_label("Tunniste", exact=True).input_value()
    assert token.startswith("wsp_")
    expect(page.get_by_role("row", name="Power BI")).to_contain_text("Luku ja kirjoitus")
    assert accessibility_violations(page) == []
    for name, size in SIZES.items():
        page.set_viewport_size(size)
        # Nothing wider than the screen: the table scrolls inside its own region.
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
        screenshot(page, f"api-tokens-created-fi-{name}")
    assert _api_status(live_server, token) == 200

    page.get_by_role("link", name="Mitätöi Power BI").click()
    assert accessibility_violations(page) == []
    screenshot(page, "api-tokens-revoke-fi")
    page.get_by_role("button", name="Mitätöi tunniste").click()
    expect(page.get_by_text("Tunniste mitätöitiin.")).to_be_visible()
    expect(page.get_by_role("row", name="Power BI")).to_contain_text("Mitätöity")
    assert _api_status(live_server, token) == 401


def test_the_tokens_page_in_english_with_a_missing_name(live_server, new_page, facilitator):
    page = new_page(viewport=SIZES["phone"])
    log_in(page, live_server, facilitator.email)
    page.goto(f"{live_server}/language/en")
    page.goto(f"{live_server}/account/tokens")
    assert page.get_by_role("heading", name="API tokens", level=1).is_visible()
    page.get_by_role("button", name="Create the token").click()
    expect(page.get_by_text("Give the token a name.")).to_be_visible()
    assert accessibility_violations(page) == []
    screenshot(page, "api-tokens-error-en-phone")
