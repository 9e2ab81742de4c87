"""The council reads the synthesis of the demo round and rewrites an assessment, on a phone, a
laptop and a wide screen, in real headless Chromium with axe."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, accessibility_violations, screenshot
from tests.browser.test_accounts_browser import log_in
from workshop.demo import create_demo
from workshop.extensions import db
from workshop.strategy.services import ensure_strategy_loaded
from workshop.synthesis import features
from workshop.synthesis.collect import round_texts

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}
WIDE = {"width": 1920, "height": 1080}
DRAFT_MARK = "Ei vielä ihmisen muokkaama"


def test_the_council_reads_the_synthesis_and_rewrites_an_assessment(
    live_server, new_page, make_user
):
    ensure_strategy_loaded()
    review_round = create_demo(participants=60, seed=2026)
    db.session.commit()
    # Features are computed as texts arrive (the themes engine's contract), not at the page.
    features.warm([t.text for texts in round_texts(review_round).values() for t in texts])
    db.session.commit()
    council = make_user("neuvosto@example.org", role="council", name="Neuvoston Jäsen")
    area = review_round.strategy_version.focus_areas[0]
    page = new_page(viewport=LAPTOP)
    log_in(page, live_server, council.email)

    page.goto(f"{live_server}/review/rounds/{review_round.id}")
    page.get_by_role("link", name="Koonti ja arviot").click()
    expect(page.get_by_role("heading", name="Kierroksen yhteenveto")).to_be_visible()
    expect(page.get_by_text(DRAFT_MARK).first).to_be_visible()
    assert accessibility_violations(page) == []
    screenshot(page, "synthesis-laptop")

    editor = page.get_by_label(f"Neuvoston arvio: {area.title}")
    assert "keskiarvo" in editor.input_value()  # the built-in draft, to be rewritten
    editor.fill("Neuvoston arvio: kehitys on hyvää, mutta yritykset näkevät sen heikompana.")
    page.locator(f"#area-{area.key}").get_by_role("button", name="Tallenna uutena versiona").click()
    expect(page.get_by_text("Teksti tallennettiin uutena versiona.")).to_be_visible()
    section = page.locator(f"#area-{area.key}")
    expect(section.get_by_text("Tallentanut Neuvoston Jäsen")).to_be_visible()
    expect(section.get_by_text(DRAFT_MARK)).to_have_count(0)
    assert accessibility_violations(page) == []
    section.get_by_role("link", name="Aiemmat versiot").click()
    expect(page.get_by_role("heading", name="Nykyinen versio")).to_be_visible()
    assert accessibility_violations(page) == []

    for name, viewport in (("phone", PHONE), ("wide", WIDE)):
        other = new_page(viewport=viewport)
        log_in(other, live_server, council.email)
        other.goto(f"{live_server}/review/rounds/{review_round.id}/synthesis")
        expect(other.get_by_role("heading", name="Kierroksen yhteenveto")).to_be_visible()
        assert accessibility_violations(other) == []
        # Nothing wider than the screen but the summary table, which scrolls in its region.
        overflow = other.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0
        screenshot(other, f"synthesis-{name}")
