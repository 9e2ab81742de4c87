"""Small things of issue 18 seen in real Chromium: the projector names the strategy's measures
(not "measures"), a long focus-area name stays in its column at 1024 px, and the online
window's heading is said once (not "ARVIOINTI / Arviointi")."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.browser.test_live_session import join, log_in
from workshop.extensions import db
from workshop.proposals import services as proposal_services
from workshop.proposals.services import MEASURES_REF
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


def test_the_projector_names_the_measures_and_keeps_long_names_in_their_column(
    live_server, new_page, facilitator, session, every_group_shown
):
    projector = new_page({"width": 1024, "height": 768})
    log_in(projector, live_server, facilitator.email)
    review_services.open_step(next(s for s in session.steps if s.kind == StepKind.PROPOSALS))
    proposal_services.create_proposal(
        session.review_round,
        proposal_services.ProposalInput(kind="add_measure", target_ref=MEASURES_REF, text="Uusi"),
        user=facilitator,
    )
    db.session.commit()
    projector.goto(f"{live_server}/review/sessions/{session.id}/projector")
    item = projector.locator("#projector-proposals li").first
    expect(item).to_contain_text("Toimenpiteet innovaatioiden levittämiseksi")
    expect(item).not_to_contain_text("measures")

    # A theme whose focus areas have the strategy's longest names, live, at 1024 px.
    step = next(
        s
        for s in session.steps
        if s.kind == StepKind.SCORING
        and LONG_AREA in [a.title for a in review_services.step_focus_areas(s)]
    )
    step.results_mode = "live"
    review_services.open_step(step)
    db.session.commit()
    projector.reload()
    expect(projector.locator(".p-area", has_text=LONG_AREA)).to_be_visible()
    overflowing = projector.evaluate(
        """() => [...document.querySelectorAll('.p-area')]
            .filter((n) => n.scrollWidth > n.clientWidth + 1).map((n) => n.textContent)"""
    )
    assert overflowing == []


def test_the_online_window_names_its_step_once(live_server, new_page, session):
    online = review_services.create_online_session(session.review_round, "Verkkoarviointi")
    db.session.commit()
    phone = new_page(PHONE)
    join(phone, live_server, online.join_code, "Klusterit")
    card = phone.locator(".step-card--intro")
    expect(card.get_by_role("heading", name="Arviointi")).to_be_visible()
    expect(card.locator(".eyebrow")).to_have_count(0)
