"""The console on a co-facilitator's phone (390×844): nothing is wider than the window, so
the page never scrolls sideways; and an error the console has no words of its own for is
shown in the server's localized message."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, accessibility_violations, screenshot
from tests.browser.test_live_session import log_in
from workshop.extensions import db
from workshop.review import services as review_services
from workshop.review.models import StepKind

pytestmark = pytest.mark.browser

LONG_AREA = "Kansainvälisesti kilpailukykyinen ja kiinnostava sijoittumisympäristö"


@pytest.fixture
def session(strategy_version, facilitator):
    review_round = review_services.create_round(
        strategy_version, "Vuosiarviointi 2026", 2026, owner=facilitator
    )
    session = review_services.create_session(review_round, "Oulu")
    review_services.set_session_status(session, "open")
    db.session.commit()
    return session


def _wider_than_the_window(page) -> list[str]:
    return page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const wide = [...document.querySelectorAll('body *')].filter((n) => {
                const box = n.getBoundingClientRect();
                return box.width > 0 && box.right > width + 1;  // what scrolls the page sideways
            });
            // Only the outermost of each: its children are wide because it is.
            return wide.filter((n) => !wide.includes(n.parentElement))
                .map((n) => `${n.tagName.toLowerCase()}#${n.id}.${n.className}`);
        }"""
    )


def _outside_their_box(page) -> list[str]:
    """Elements that stick out of the panel or result card they are drawn in."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.console .panel *')].filter((n) => {
            const box = n.parentElement.closest('.q-result, .panel');
            const own = n.getBoundingClientRect();
            return own.width > 0 && own.right > box.getBoundingClientRect().right + 1;
        }).map((n) => `${n.tagName.toLowerCase()}.${n.className}`)"""
    )


def test_the_console_fits_a_phone(live_server, new_page, facilitator, session):
    step = next(
        s
        for s in session.steps
        if s.kind == StepKind.SCORING
        and LONG_AREA in [a.title for a in review_services.step_focus_areas(s)]
    )
    review_services.open_step(step)
    db.session.commit()
    page = new_page(PHONE)
    log_in(page, live_server, facilitator.email)
    page.goto(f"{live_server}/review/sessions/{session.id}/console")
    expect(page.locator("#connection")).to_have_class("connection connection--online")
    screenshot(page, "console-390")
    wide = _wider_than_the_window(page)
    assert wide == [], wide
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    sticking_out = _outside_their_box(page)
    assert sticking_out == [], sticking_out
    assert accessibility_violations(page) == []


def test_the_console_says_the_servers_message_for_a_code_it_has_no_words_for(
    live_server, new_page, facilitator, session
):
    step = next(s for s in session.steps if s.kind == StepKind.SCORING)
    review_services.open_step(step)
    db.session.commit()
    page = new_page({"width": 1366, "height": 768})
    log_in(page, live_server, facilitator.email)
    page.goto(f"{live_server}/review/sessions/{session.id}/console")
    expect(page.locator("#connection")).to_have_class("connection connection--online")
    # Another console made the step's results staff-only; this one has not heard yet, so its
    # reveal is refused with results_staff_only, for which it keeps no text of its own.
    step.results_mode = "staff"
    db.session.commit()
    page.locator("#reveal").click()
    expect(page.locator("#control-error")).to_have_text("Vaiheen tulokset ovat vain ohjaajille.")
