"""Open question, poll and prioritisation in real Chromium: a phone answers, the console
moderates with one click and the keyboard, the projector shows only what is approved and
revealed; every page passes axe."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, accessibility_violations
from tests.browser.test_live_session import join, log_in
from workshop.audit.models import AuditEvent
from workshop.extensions import db
from workshop.proposals import services as proposal_services
from workshop.review import participation
from workshop.review import services as review_services
from workshop.review.models import StepKind
from workshop.steps import services as step_services
from workshop.steps.config import step_config

pytestmark = pytest.mark.browser

CONSOLE = {"width": 1366, "height": 768}
PROJECTOR = {"width": 1920, "height": 1080}
PROMPT = "Mitä strategiasta puuttuu?"
LONG_AREA = "Verkostoitunut innovaatiotoiminta ja vahvat ekosysteemit ja TKI-toiminta"


@pytest.fixture
def kinds_session(strategy_version):
    """An open session whose agenda is an open question, a poll and a prioritisation."""
    review_round = review_services.create_round(strategy_version, "Vuosiarviointi 2026", 2026)
    session = review_services.create_session(review_round, "Oulu", "Kaupungintalo")
    for step in list(session.steps):
        session.steps.remove(step)
    kinds = [
        (StepKind.OPEN_QUESTION, "Täydennystarpeet", {}, None),
        (StepKind.POLL, "Kysely", {"options": ["Kyllä", "Ei", "En osaa sanoa"]}, None),
        (
            StepKind.PRIORITY,
            "Painopisteet",
            {"max_picks": 2, "ranked": True},
            ["energia", "bio-ja-kiertotalous", "innovaatiotoiminta-ja-ekosysteemit"],
        ),
    ]
    prompts = {
        StepKind.POLL: "Onko strategia ajan tasalla?",
        StepKind.PRIORITY: "Mihin panostetaan?",
    }
    for kind, title, config, areas in kinds:
        review_services.add_step(
            session,
            kind,
            title,
            areas,
            step_config(kind, prompt=prompts.get(kind, PROMPT), **config),
        )
    review_services.set_session_status(session, "open")
    db.session.commit()
    return session


def no_violations(page, where):
    assert accessibility_violations(page) == [], where


def shot(page, name):
    page.screenshot(path=f"/tmp/steps-shots/{name}.png", full_page=False)


def test_open_question_moderated_then_revealed_then_poll_and_priority(
    live_server, new_page, facilitator, kinds_session, every_group_shown
):
    import os

    os.makedirs("/tmp/steps-shots", exist_ok=True)
    session = kinds_session
    console = new_page(CONSOLE)
    log_in(console, live_server, facilitator.email)
    console.goto(f"{live_server}/review/sessions/{session.id}/console")
    expect(console.get_by_text("Yhteys toimii – tiedot päivittyvät reaaliajassa.")).to_be_visible()
    projector = new_page(PROJECTOR)
    log_in(projector, live_server, facilitator.email)
    projector.goto(f"{live_server}/review/sessions/{session.id}/projector")
    phone = new_page(PHONE)
    join(phone, live_server, session.join_code, "Klusterit")

    # The open question: the phone answers three times; every answer waits for approval.
    console.get_by_role("button", name="Avaa Täydennystarpeet").click()
    expect(phone.get_by_role("heading", name=PROMPT)).to_be_visible()
    answers = ["Kiertotaloutta ja vetytaloutta", "Kiertotalouden osaajia", "<b>Roskaa</b> ‮tekstiä"]
    for text in answers:
        phone.get_by_label("Vastauksesi", exact=True).fill(text)
        phone.get_by_role("button", name="Lähetä").click()
        expect(phone.get_by_role("status").filter(has_text="Vastaus lähetetty")).to_be_visible()
    mine = phone.locator(".kind-my-answers li")
    expect(mine).to_have_count(3)
    expect(mine.filter(has_text="<b>Roskaa</b>")).to_contain_text("Odottaa hyväksyntää")
    no_violations(phone, "phone, open question")
    shot(phone, "phone-open-question-fi")

    # The projector shows the question and a count, no answer.
    kind_view = projector.locator("#kind-view")
    expect(kind_view.get_by_role("heading", name=PROMPT)).to_be_visible()
    expect(kind_view).to_contain_text("Hyväksyttyjä vastauksia tähän mennessä: 0")
    expect(kind_view).not_to_contain_text("Kiertotalou")

    # The console: one click approves the first, A the second, H hides the third.
    moderation = console.get_by_role("region", name="Moderointi")
    items = moderation.locator(".mod-item")
    expect(items).to_have_count(3)
    first = items.filter(has_text=answers[0])
    first.get_by_role("button", name="Hyväksy").click()
    expect(first).to_contain_text("Näkyvissä")
    second = moderation.locator(".mod-item", has_text=answers[1])
    second.focus()
    console.keyboard.press("a")
    expect(second).to_contain_text("Näkyvissä")
    third = moderation.locator(".mod-item", has_text="Roskaa")
    third.focus()
    console.keyboard.press("h")
    expect(third.get_by_role("radio", name="Asiaton")).to_be_focused()
    third.get_by_role("button", name="Piilota", exact=True).click()
    expect(moderation.locator(".mod-item", has_text="Roskaa")).to_contain_text(
        "Piilotettu: Asiaton"
    )
    expect(kind_view).to_contain_text("Hyväksyttyjä vastauksia tähän mennessä: 2")
    expect(kind_view).not_to_contain_text("Kiertotalou")  # approved, not yet revealed
    expect(console.locator("#kind-results")).to_contain_text("Kiertotalouden osaajia")
    no_violations(console, "console, open question")
    shot(console, "console-open-question-fi")

    # Revealed: the projector shows the approved answers and the cloud, never the hidden one.
    console.get_by_role("button", name="Näytä tulokset salissa").click()
    expect(kind_view.get_by_text("Kiertotalouden osaajia")).to_be_visible()
    expect(kind_view).not_to_contain_text("Roskaa")
    cloud = kind_view.get_by_role("list", name="Sanapilvi", exact=False)
    expect(cloud.get_by_role("listitem").first).to_contain_text("mainintoja: 2")
    expect(phone.locator(".kind-results")).to_contain_text("Kiertotalouden osaajia")
    no_violations(projector, "projector, open question")
    shot(projector, "projector-open-question-1920")
    projector.set_viewport_size({"width": 1024, "height": 768})
    shot(projector, "projector-open-question-1024")
    projector.set_viewport_size(PROJECTOR)

    # The poll: four others have chosen through the protocol's services; the phone chooses.
    console.get_by_role("button", name="Avaa Kysely").click()
    expect(phone.get_by_role("heading", name="Onko strategia ajan tasalla?")).to_be_visible()
    poll = next(s for s in session.steps if s.kind == StepKind.POLL)
    for group in ("yritykset", "kunnat", "viranomaiset", "klusterit"):
        other = participation.join_session(session, group, locale="fi")
        db.session.commit()
        step_services.submit_choice(other, poll.id, ["1"])
        db.session.commit()
    phone.get_by_role("radio", name="Ei", exact=True).check()
    phone.get_by_role("button", name="Lähetä").click()
    expect(phone.get_by_role("status").filter(has_text="Valintasi on tallennettu")).to_be_visible()
    no_violations(phone, "phone, poll")
    shot(phone, "phone-poll-fi")
    expect(projector.locator("#kind-view")).to_contain_text("Vastauksia tähän mennessä: 5")
    console.get_by_role("button", name="Näytä tulokset salissa").click()
    bars = projector.locator("#kind-view .kind-bar")
    expect(bars.nth(0)).to_contain_text("Kyllä")
    expect(bars.nth(0)).to_contain_text("4 (80 %)")
    expect(bars.nth(1)).to_contain_text("1 (20 %)")
    width = "n => n.querySelector('.kind-bar__fill').getBoundingClientRect().width"
    assert bars.nth(0).evaluate(width) > 3 * bars.nth(1).evaluate(width) > 0
    no_violations(projector, "projector, poll")
    shot(projector, "projector-poll-1920")
    shot(console, "console-poll-fi")

    # The prioritisation: ranked picks, results as Borda points, most first.
    console.get_by_role("button", name="Avaa Painopisteet").click()
    expect(phone.get_by_role("heading", name="Mihin panostetaan?")).to_be_visible()
    phone.get_by_role("checkbox", name=LONG_AREA).check()
    phone.get_by_role("checkbox", name="Energian tuotanto ja varastointi").check()
    expect(
        phone.get_by_role("checkbox", name="Innovatiivinen bio- ja kiertotalous")
    ).to_be_disabled()
    expect(phone.locator(".kind-option", has_text=LONG_AREA)).to_contain_text("1.")
    phone.get_by_role("button", name="Lähetä").click()
    expect(phone.get_by_role("status").filter(has_text="Valintasi on tallennettu")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    no_violations(phone, "phone, prioritisation")
    shot(phone, "phone-priority-fi")
    console.get_by_role("radio", name="Näkyvissä koko ajan", exact=True).click()
    ranked = projector.locator("#kind-view .kind-bar")
    expect(ranked.nth(0)).to_contain_text(LONG_AREA)
    expect(ranked.nth(0)).to_contain_text("Pisteet 2 · valintoja 1")
    expect(ranked.nth(1)).to_contain_text("Pisteet 1 · valintoja 1")
    no_violations(projector, "projector, prioritisation")
    shot(projector, "projector-priority-1920")
    projector.set_viewport_size({"width": 1024, "height": 768})
    assert projector.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(projector, "projector-priority-1024")
    no_violations(console, "console, prioritisation")
    shot(console, "console-priority-fi")


def test_held_proposals_and_comments_are_moderated_from_the_console_keyboard(
    live_server, new_page, facilitator, strategy_version
):
    review_round = review_services.create_round(
        strategy_version, "Vuosiarviointi 2026", 2026, hold_proposals=True
    )
    session = review_services.create_session(review_round, "Oulu")
    review_services.set_session_status(session, "open")
    review_services.open_step(next(s for s in session.steps if s.kind == StepKind.PROPOSALS))
    person = participation.join_session(session, "klusterit")
    proposal, _ = proposal_services.create_proposal(
        review_round,
        proposal_services.ProposalInput(
            kind="add_challenge", target_ref="focus_area/energia", text="Vetytalouden osaajapula"
        ),
        participant=person,
    )
    proposal_services.approve(proposal)
    comment = proposal_services.add_comment(
        proposal, "Soita minulle 040 123 4567", participant=person
    )
    held, _ = proposal_services.create_proposal(
        review_round,
        proposal_services.ProposalInput(
            kind="add_challenge", target_ref="focus_area/energia", text="Lisää kokeiluja"
        ),
        participant=person,
    )
    db.session.commit()
    assert held.status == "held"
    console = new_page(CONSOLE)
    log_in(console, live_server, facilitator.email)
    console.goto(f"{live_server}/review/sessions/{session.id}/console")
    moderation = console.get_by_role("region", name="Moderointi")
    waiting = moderation.locator(".mod-item", has_text="Lisää kokeiluja")
    expect(waiting).to_contain_text("Odottaa hyväksyntää")
    waiting.focus()
    console.keyboard.press("a")
    expect(waiting).to_contain_text("Näkyvissä")
    # ↓ moves on; H hides the comment with the reason chosen from the list.
    item = moderation.locator(".mod-item", has_text="040 123 4567")
    item.focus()
    console.keyboard.press("h")
    item.get_by_role("radio", name="Henkilötietoja").check()
    item.get_by_role("button", name="Piilota", exact=True).click()
    expect(moderation.locator(".mod-item", has_text="040 123 4567")).to_contain_text(
        "Piilotettu: Henkilötietoja"
    )
    assert accessibility_violations(console) == []
    db.session.expire_all()
    assert db.session.get(type(comment), comment.id).hidden_reason == "Henkilötietoja"
    assert db.session.get(type(held), held.id).status == "published"
    actions = {e.action for e in db.session.query(AuditEvent)}
    assert {"proposal.approve", "proposal.hide_comment"} <= actions
