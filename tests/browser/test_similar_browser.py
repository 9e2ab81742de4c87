"""The proposal form on a phone offers the similar proposals of the round while the text is
written, and supporting one from there counts (real Chromium, Voikko on the server)."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, accessibility_violations
from tests.browser.test_live_session import join
from workshop.extensions import db
from workshop.proposals import services as proposal_services
from workshop.review import services as review_services
from workshop.review.models import StepKind

pytestmark = pytest.mark.browser


def test_the_form_offers_a_similar_proposal_to_support(
    live_server, new_page, strategy_version, facilitator
):
    review_round = review_services.create_round(strategy_version, "Vuosiarviointi 2026", 2026)
    session = review_services.create_session(review_round, "Oulu")
    review_services.set_session_status(session, "open")
    review_services.open_step(next(s for s in session.steps if s.kind == StepKind.PROPOSALS))
    existing, _ = proposal_services.create_proposal(
        review_round,
        proposal_services.ProposalInput(
            kind="add_challenge",
            target_ref="focus_area/energia",
            text="Vetytalouden osaajapula ratkaistaan yhteisellä koulutusohjelmalla",
        ),
        user=facilitator,
    )
    proposal_services.create_proposal(
        review_round,
        proposal_services.ProposalInput(
            kind="add_challenge", target_ref="focus_area/energia", text="Akkujen kierrätys"
        ),
        user=facilitator,
    )
    db.session.commit()

    phone = new_page(PHONE)
    join(phone, live_server, session.join_code, "Klusterit")
    phone.get_by_label("Mitä ehdotat?").select_option(label="Uusi haaste painopistealalle")
    phone.get_by_label("Uusi haaste").fill("osaajapulaa vetytaloudessa pitäis korjata")
    box = phone.locator(".similar-box")
    expect(box).to_contain_text(
        "Samankaltaisia ehdotuksia – kannatatko niitä uuden tekemisen sijaan?"
    )
    expect(box).to_contain_text("Vetytalouden osaajapula ratkaistaan")
    expect(box).not_to_contain_text("Akkujen")
    assert accessibility_violations(phone) == []
    phone.screenshot(path="/tmp/room-shots/phone-similar-fi.png", full_page=True)
    box.get_by_role("button", name="Kannatan tätä").click()
    expect(box.get_by_role("status")).to_have_text("Kannatat tätä ehdotusta.")
    db.session.expire_all()
    assert proposal_services.tally_of(existing).supports == 1

    # Unrelated words clear the offer.
    phone.get_by_label("Uusi haaste").fill("Maatalouden päästöt vähenevät")
    expect(box).to_be_hidden()
