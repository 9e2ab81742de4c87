"""The review assistant's chat on a phone: a whole scoring step answered by conversation."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.conftest import PHONE, accessibility_violations, screenshot
from tests.browser.test_live_session import fits_the_phone, join, question, screen
from workshop.extensions import db
from workshop.review import services
from workshop.review.models import Answer, StepKind

pytestmark = pytest.mark.browser

AREAS = [
    "Digitaaliset palvelut ja tuotteet",
    "Terveyden ja hyvinvoinnin ala",
    "Uudistuva ja vähäpäästöinen teollisuus",
]
PROGRESS = "Kuinka hyvin painopisteala on edistynyt?"


@pytest.fixture
def open_scoring_session(strategy_version):
    review_round = services.create_round(strategy_version, "Vuosiarviointi 2026", 2026)
    session = services.create_session(review_round, "Oulu", "Oulun kaupungintalo")
    services.set_session_status(session, "open")
    services.open_step(next(s for s in session.steps if s.kind == StepKind.SCORING))
    db.session.commit()
    return session


def stored_answers() -> dict:
    """The stored answers as {(question key, focus area key): (value, reason)}."""
    db.session.expire_all()
    return {
        (a.question.key, a.focus_area_key): (a.value, a.reason)
        for a in db.session.scalars(select(Answer))
    }


def last_bubble(page):
    return page.locator(".chat-msg--assistant").last


def reply(page, label: str) -> None:
    """Press a quick reply and wait for the assistant's answer to it."""
    count = page.locator(".chat-msg--assistant").count()
    page.get_by_role("group", name="Pikavastaukset").get_by_role(
        "button", name=label, exact=True
    ).click()
    expect(page.locator(".chat-msg--assistant")).not_to_have_count(count)


def write(page, text: str) -> None:
    count = page.locator(".chat-msg--assistant").count()
    page.get_by_label("Viesti arviointiavustajalle").fill(text)
    page.get_by_role("button", name="Lähetä").click()
    expect(page.locator(".chat-msg--assistant")).not_to_have_count(count)


def test_a_scoring_step_answered_through_the_chat_on_a_phone(
    live_server, new_page, open_scoring_session
):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    join(page, live_server, open_scoring_session.join_code, "Klusterit")
    page.get_by_role("tab", name="Keskustelu").click()
    log = page.get_by_role("log", name="Keskustelu arviointiavustajan kanssa")
    expect(log).to_contain_text("Nyt arvioidaan")
    expect(last_bubble(page)).to_contain_text(f"{AREAS[0]} (1/3)")
    screen(page, "assistant-phone-first-question")

    reply(page, "3")
    reply(page, "4")
    # An extreme score asks for a reason; the typed reason is saved with it.
    reply(page, "5")
    expect(last_bubble(page)).to_contain_text("Kertoisitko lyhyesti miksi?")
    write(page, "Etäpalvelut yleistyivät nopeasti.")
    expect(log).to_contain_text("Kiitos, tallensin perustelusi.")
    reply(page, "En osaa sanoa")
    # A question about the strategy in the middle; the open question comes back after it.
    write(page, "Mitä strategia sanoo energian varastoinnista?")
    expect(log.locator(".chat-quote").first).to_contain_text("Energian tuotanto ja varastointi")
    screen(page, "assistant-phone-strategy-answer")
    reply(page, "2")
    reply(page, "3")
    expect(last_bubble(page)).to_contain_text("Olet vastannut kaikkiin")
    assert fits_the_phone(page)
    screen(page, "assistant-phone-all-answered")
    assert accessibility_violations(page) == []

    stored = stored_answers()
    assert len(stored) == 6
    assert stored[("edistyminen", "terveys-ja-hyvinvointi")] == (
        5,
        "Etäpalvelut yleistyivät nopeasti.",
    )
    assert stored[("ajankohtaisuus", "terveys-ja-hyvinvointi")] == (None, "")

    # The form shows what the chat recorded.
    page.get_by_role("tab", name="Lomake").click()
    expect(
        question(page, AREAS[1], PROGRESS).get_by_role("radio", name="5", exact=True)
    ).to_be_checked()
    screenshot(page, "assistant-phone-form-after-chat")

    # A reload keeps the conversation and the chosen view, without asking anything twice.
    page.get_by_role("tab", name="Keskustelu").click()
    bubbles = page.locator(".chat-msg").count()
    page.reload()
    expect(page.get_by_role("tab", name="Keskustelu")).to_have_attribute("aria-selected", "true")
    expect(page.locator(".chat-msg")).to_have_count(bubbles)
    # Let the visit's prompt come back: it adds nothing, as every question is answered.
    page.wait_for_timeout(500)
    expect(page.locator(".chat-msg")).to_have_count(bubbles)
    expect(last_bubble(page)).to_contain_text("Olet vastannut kaikkiin")
    screenshot(page, "assistant-phone-after-reload")


def test_a_proposal_made_in_the_chat_on_a_phone(live_server, new_page, open_scoring_session):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    join(page, live_server, open_scoring_session.join_code, "Klusterit")
    page.get_by_role("tab", name="Keskustelu").click()
    expect(last_bubble(page)).to_contain_text("(1/3)")
    write(page, "Pitäisi lisätä vetytalouden osaamiskeskus Ouluun")
    reply(page, "Kyllä, tehdään ehdotus")
    expect(last_bubble(page)).to_contain_text("Todennäköisin on Energian tuotanto ja varastointi")
    screen(page, "assistant-phone-proposal-area")
    reply(page, "Energian tuotanto ja varastointi")
    reply(page, "Ratkaisu: Vedyn tuotannon ja verkoston kehittäminen")
    reply(page, "Uusi ratkaisu")
    write(page, "Osaaminen kannattaa koota yhteen.")
    expect(last_bubble(page)).to_contain_text("Lähetänkö sen?")
    screen(page, "assistant-phone-proposal-summary")
    assert accessibility_violations(page) == []
    reply(page, "Lähetä ehdotus")
    expect(page.get_by_role("log")).to_contain_text("Kiitos! Ehdotuksesi on lähetetty.")
    assert fits_the_phone(page)


def test_a_new_indicator_target_proposed_in_the_chat(live_server, new_page, open_scoring_session):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    join(page, live_server, open_scoring_session.join_code, "Yritykset ja elinkeinoelämä")
    page.get_by_role("tab", name="Keskustelu").click()
    expect(last_bubble(page)).to_contain_text("(1/3)")
    write(page, "T&K-menojen tavoitetta pitäisi nostaa 1,5 miljardiin euroon")
    reply(page, "Kyllä, tehdään ehdotus")
    reply(page, "Mittarit")
    expect(last_bubble(page)).to_contain_text("Mitä mittaria se koskee?")
    screen(page, "assistant-phone-proposal-indicator")
    # The likeliest indicator is the first quick reply.
    page.get_by_role("group", name="Pikavastaukset").get_by_role("button").first.click()
    expect(last_bubble(page)).to_contain_text("Uusi tavoite")
    reply(page, "Uusi tavoite")
    write(page, "Kunnianhimoa tarvitaan.")
    expect(last_bubble(page)).to_contain_text("Strategian osa: Mittarit")
    screen(page, "assistant-phone-proposal-indicator-summary")
    assert accessibility_violations(page) == []
    reply(page, "Lähetä ehdotus")
    expect(page.get_by_role("log")).to_contain_text("Kiitos! Ehdotuksesi on lähetetty.")
    assert fits_the_phone(page)


def test_an_online_window_resumes_after_a_reload(live_server, new_page, strategy_version):
    review_round = services.create_round(strategy_version, "Vuosiarviointi 2026", 2026)
    session = services.create_online_session(review_round, "Verkkoarviointi")
    db.session.commit()
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    join(page, live_server, session.join_code, "Klusterit")
    page.get_by_role("tab", name="Keskustelu").click()
    expect(page.get_by_role("log")).to_contain_text("Tämä on verkkoarviointi")
    for _ in range(2):
        reply(page, "3")
    expect(last_bubble(page)).to_contain_text("Terveyden ja hyvinvoinnin ala (2/10)")
    page.reload()
    expect(last_bubble(page)).to_contain_text("Terveyden ja hyvinvoinnin ala (2/10)")
    reply(page, "4")
    expect(page.get_by_role("log")).to_contain_text("Kirjattu: Terveyden ja hyvinvoinnin ala – 4.")
    screen(page, "assistant-phone-online-window")
    assert accessibility_violations(page) == []


def test_a_colloquial_conversation_on_a_phone(live_server, new_page, open_scoring_session):
    """Spoken Finnish on a phone: a question, a score with a reason, a changed answer, and a
    suggestion that meets an existing similar proposal."""
    from workshop.proposals import services as proposals
    from workshop.proposals.services import ProposalInput
    from workshop.review import participation

    other = participation.join_session(open_scoring_session, "yritykset", organisation="Yritys")
    proposals.create_proposal(
        open_scoring_session.review_round,
        ProposalInput(
            "add_challenge", "focus_area/digitaaliset-palvelut", "Tekoäly digipalveluihin"
        ),
        participant=other,
    )
    db.session.commit()
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    join(page, live_server, open_scoring_session.join_code, "Klusterit")
    page.get_by_role("tab", name="Keskustelu").click()
    log = page.get_by_role("log", name="Keskustelu arviointiavustajan kanssa")
    expect(last_bubble(page)).to_contain_text(f"{AREAS[0]} (1/3)")

    write(page, "mites toi biotalous")
    first = log.locator(".chat-quote").first
    expect(first).to_contain_text("Ilmastoviisas › Innovatiivinen bio- ja kiertotalous (haaste)")
    expect(first).to_contain_text("ratkaisuina ”Pilotointimahdollisuuksien")
    screen(page, "assistant-phone-colloquial-question")
    write(page, "meiän mielestä 4 koska etäpalvelut yleistyi")
    expect(log).to_contain_text("Kirjattu: Digitaaliset palvelut ja tuotteet – 4, perustelu: koska")
    write(page, "muuta vastaustani")
    expect(last_bubble(page)).to_contain_text("on nyt 4. Mikä on uusi arvio?")
    reply(page, "3")
    write(page, "pitäis lisätä tekoäly digipalveluihin")
    offer = page.locator(".chat-msg--assistant", has_text="Ehdotuksena se voisi kuulua")
    expect(offer).to_contain_text("”Lisätään tekoäly digipalveluihin”")
    expect(offer).to_contain_text("Samankaltainen ehdotus on jo tehty: ”Tekoäly digipalveluihin”")
    assert fits_the_phone(page)
    screen(page, "assistant-phone-colloquial-similar-proposal")
    assert accessibility_violations(page) == []

    stored = stored_answers()
    assert stored == {("edistyminen", "digitaaliset-palvelut"): (3, "koska etäpalvelut yleistyi")}
