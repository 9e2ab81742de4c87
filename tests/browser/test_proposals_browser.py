"""Participants propose and support live on their phones, the facilitator merges two
duplicates, the council decides, and the draft of the next version shows the change."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, accessibility_violations, screenshot
from tests.browser.test_strategy_browser import log_in
from workshop.extensions import db
from workshop.proposals.labels import KIND_ORDER
from workshop.review import services as review_services
from workshop.review.models import StepKind

pytestmark = pytest.mark.browser


@pytest.fixture
def proposal_session(strategy_version):
    review_round = review_services.create_round(strategy_version, "Vuosiarviointi 2026", 2026)
    session = review_services.create_session(review_round, "Oulu", "Oulun kaupungintalo")
    review_services.set_session_status(session, "open")
    step = next(s for s in session.steps if s.kind == StepKind.PROPOSALS)
    review_services.open_step(step)
    db.session.commit()
    return session


def join(new_page, base_url, session, group):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(f"{base_url}/j/{session.join_code}")
    page.get_by_label(group).check()
    page.get_by_role("button", name="Liity").click()
    expect(page.get_by_role("heading", name="Tee ehdotus")).to_be_hidden()
    expect(page.get_by_text("Tee ehdotus")).to_be_visible()
    return page


def propose(page, text, rationale):
    page.get_by_label("Mitä ehdotat?").select_option(label="Uusi haaste painopistealalle")
    page.get_by_label("Painopisteala tai strategian osa").select_option(
        label="Energian tuotanto ja varastointi"
    )
    page.get_by_label("Uusi haaste").fill(text)
    page.get_by_label("Perustelu (miksi?)").fill(rationale)
    page.get_by_role("button", name="Lähetä ehdotus").click()
    # The form's status line; the screen-reader announcer may say the same for a moment.
    sent = page.get_by_role("status").filter(has_text="Ehdotus lähetetty – se näkyy nyt listassa.")
    expect(sent).to_be_visible()


def test_a_new_action_is_proposed_on_the_phone(live_server, new_page, proposal_session):
    page = join(new_page, live_server, proposal_session, "Kunnat ja alueelliset edustajat")
    page.get_by_label("Mitä ehdotat?").select_option(label="Uusi toimenpide painopistealalle")
    page.get_by_label("Painopisteala tai strategian osa").select_option(
        label="Innovatiivinen matkailu"
    )
    page.get_by_label("Uusi toimenpide").fill("Matkailukohteiden saavutettavuuskartoitus")
    page.get_by_label("Perustelu (miksi?)").fill("Kaikkien pitää päästä mukaan.")
    page.get_by_role("button", name="Lähetä ehdotus").click()
    proposal = card(page, "Matkailukohteiden saavutettavuuskartoitus")
    expect(proposal).to_be_visible()
    expect(proposal.locator(".eyebrow")).to_contain_text("Uusi toimenpide")
    screenshot(page, "phone-proposal-action-fi")


def test_the_proposal_form_chooses_no_focus_area_for_the_participant(
    live_server, new_page, proposal_session
):
    page = join(new_page, live_server, proposal_session, "Klusterit")
    page.get_by_label("Mitä ehdotat?").select_option(label="Uusi haaste painopistealalle")
    scope = page.get_by_label("Painopisteala tai strategian osa")
    expect(scope).to_have_value("")
    expect(scope.locator("option:checked")).to_have_text("Valitse painopisteala tai osa…")
    page.get_by_label("Uusi haaste").fill("Vetytalouden osaajapula")
    page.get_by_role("button", name="Lähetä ehdotus").click()
    expect(
        page.get_by_role("status").filter(has_text="Valitse painopisteala tai strategian osa")
    ).to_be_visible()
    expect(card(page, "Vetytalouden osaajapula")).to_have_count(0)


def card(page, text):
    return page.locator(".proposal-card").filter(has_text=text)


def test_participants_propose_and_support_live_then_the_council_decides(
    live_server, new_page, facilitator, make_user, proposal_session
):
    aino = join(new_page, live_server, proposal_session, "Klusterit")
    ville = join(new_page, live_server, proposal_session, "Yritykset ja elinkeinoelämä")

    # The kinds come in the order of the strategy's structure, not their keys' order.
    kinds = aino.get_by_label("Mitä ehdotat?").locator("option")
    assert kinds.evaluate_all("options => options.map(o => o.value)") == ["", *KIND_ORDER]
    propose(aino, "Vetytalouden osaajapula", "Vetyhankkeisiin ei löydy tekijöitä.")
    # Ville sees Aino's proposal without reloading, and proposes the same in other words.
    expect(card(ville, "Vetytalouden osaajapula")).to_be_visible()
    propose(ville, "Vetyosaajien puute", "Sama ongelma yrityksissä.")
    expect(card(aino, "Vetyosaajien puute")).to_be_visible()

    support = card(ville, "Vetytalouden osaajapula").get_by_role(
        "button", name=re.compile("Kannatan")
    )
    support.click()
    expect(support).to_have_attribute("aria-pressed", "true")
    expect(support).to_have_text("Kannatan (1)")
    # The count reaches Aino's phone live.
    expect(
        card(aino, "Vetytalouden osaajapula").get_by_role("button", name=re.compile("Kannatan"))
    ).to_have_text("Kannatan (1)")
    card(aino, "Vetyosaajien puute").get_by_role("button", name=re.compile("Vastustan")).click()
    expect(
        card(ville, "Vetyosaajien puute").get_by_role("button", name=re.compile("Vastustan"))
    ).to_have_text("Vastustan (1)")
    comments = card(aino, "Vetytalouden osaajapula")
    comments.get_by_text("Kommentit (0)").click()
    comments.get_by_label("Kommenttisi").fill("Koulutusta tarvitaan heti 🚀")
    comments.get_by_role("button", name="Lähetä kommentti").click()
    expect(card(ville, "Vetytalouden osaajapula").get_by_text("Kommentit (1)")).to_be_visible()
    assert aino.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(aino, "proposals-phone-fi")
    assert accessibility_violations(aino) == []

    staff = new_page()
    log_in(staff, live_server, facilitator.email)
    round_id = proposal_session.round_id
    # The console lists the round's proposals live, best supported first.
    staff.goto(f"{live_server}/review/sessions/{proposal_session.id}/console")
    panel = staff.locator("#proposals-panel")
    expect(panel.locator(".staff-proposal").first).to_contain_text("Vetytalouden osaajapula")
    expect(panel).to_contain_text("Kannatus 1 · Vastustus 0 · Kommentit 1")
    screenshot(staff, "console-proposals-fi")
    assert accessibility_violations(staff) == []
    # The projector gives the screen to the proposals while the proposals step is open.
    projector = new_page(viewport={"width": 1920, "height": 1080})
    log_in(projector, live_server, facilitator.email)
    projector.goto(f"{live_server}/review/sessions/{proposal_session.id}/projector")
    view = projector.locator("#proposals-view")
    expect(view).to_be_visible()
    expect(projector.locator("#join-view")).to_be_hidden()
    expect(view.locator(".p-proposal").first).to_contain_text("Vetyosaajien puute")
    expect(view).to_contain_text("Kannatus 1 · Vastustus 0")
    screenshot(projector, "projector-proposals-fi")
    assert accessibility_violations(projector) == []
    staff.goto(f"{live_server}/review/rounds/{round_id}/decisions")
    # Each proposal is one row; its card opens from the row.
    duplicate = staff.locator("details.proposal-row").filter(
        has=staff.locator(".proposal__text", has_text="Vetyosaajien puute")
    )
    original = staff.locator("details.proposal-row").filter(
        has=staff.locator(".proposal__text", has_text="Vetytalouden osaajapula")
    )
    original_id = original.get_attribute("id").removeprefix("proposal-")
    duplicate.locator(":scope > summary").click()
    duplicate.get_by_text("Moderoi").click()
    duplicate.get_by_label("Yhdistä tämä päällekkäinen ehdotus ehdotukseen").fill(original_id)
    duplicate.get_by_role("button", name="Yhdistä").click()
    target = staff.locator("details.proposal-row").filter(has_text="Yhdistetyt päällekkäiset")
    expect(target).to_contain_text("Vetyosaajien puute")
    # Both supporters now count for the target: Ville supported it, Aino opposed the duplicate.
    expect(target).to_contain_text("Kannattaa 1 · Vastustaa 1")
    expect(card(aino, "Vetyosaajien puute")).to_have_count(0)

    # Decisions are the council's: a council member decides, from here on.
    council = make_user("neuvosto@example.org", role="council", name="Neuvosto")
    staff = new_page()
    log_in(staff, live_server, council.email)
    staff.goto(f"{live_server}/review/rounds/{round_id}/decisions")
    target = staff.locator("details.proposal-row").filter(has_text="Yhdistetyt päällekkäiset")
    target.locator(":scope > summary").click()
    target.get_by_label("Hyväksytty muutoksin").check()
    target.get_by_label("Päätöksen sanamuoto (kun hyväksytään muutoksin)").fill(
        "Vetytalouden osaajapula ja koulutuksen riittämättömyys"
    )
    target.get_by_label("Perustelu").fill("Laaja tuki työpajassa.")
    target.get_by_role("button", name="Tallenna päätös").click()
    expect(staff.get_by_text(re.compile("päätös tallennettiin"))).to_be_visible()
    screenshot(staff, "decisions-fi")
    assert accessibility_violations(staff) == []

    staff.get_by_role("link", name="Näytä seuraavan version luonnos").click()
    expect(staff.get_by_role("heading", name="Seuraavan version luonnos", level=1)).to_be_visible()
    added = staff.locator(".doc-row--added")
    expect(added).to_contain_text("Vetytalouden osaajapula ja koulutuksen riittämättömyys")
    expect(added.locator("ins")).to_have_count(1)
    expect(added).to_contain_text("Lisätty")
    expect(added.get_by_role("link", name=re.compile("ehdotus"))).to_be_visible()
    staff.get_by_role("link", name="Näytä vain muutokset").click()
    screenshot(staff, "draft-changes-fi")
    assert accessibility_violations(staff) == []

    # In English the interface changes; the draft's texts stay Finnish, said and marked so.
    staff.get_by_role("link", name="In English").click()
    expect(staff.get_by_role("heading", name="Draft of the next version", level=1)).to_be_visible()
    expect(staff.get_by_text("shown in its own language, Finnish")).to_be_visible()
    expect(staff.locator('.doc-row--added span[lang="fi"]')).to_contain_text(
        "Vetytalouden osaajapula ja koulutuksen riittämättömyys"
    )
    screenshot(staff, "draft-changes-en")
    assert accessibility_violations(staff) == []
