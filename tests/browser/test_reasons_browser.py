"""Reasons and decisions in real Chromium: the console's reasons panel fills live as a phone
scores, its group filter never offers a small group, the round's results page combines the
sessions, and the decisions page lists 100+ proposals compactly with each card on demand."""

import math
import shutil
import time
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, accessibility_violations, screenshot
from tests.browser.test_live_session import AREA, PROGRESS, join, log_in, question, score
from tests.proposals.conftest import open_kind
from tests.review.conftest import scoring_steps
from workshop.extensions import db
from workshop.proposals import services as proposal_services
from workshop.proposals.services import ProposalInput
from workshop.review import participation, services
from workshop.review.events import live_results
from workshop.review.models import StepKind

pytestmark = pytest.mark.browser

AREA_KEY = "digitaaliset-palvelut"
LAPTOP = {"width": 1366, "height": 768}
CONSOLE = {"width": 1024, "height": 768}
SHOTS = Path("/tmp/reasons-shots")
PHONE_REASON = "Puhelimesta: <b>digipalvelut</b> etenevät hitaasti"


def keep(path: Path) -> None:
    """A copy outside the repository for people to look at."""
    SHOTS.mkdir(exist_ok=True)
    shutil.copy(path, SHOTS / path.name)


def shoot(page, name: str) -> None:
    keep(screenshot(page, name))


def answer(person, step, value: int, reason: str) -> None:
    participation.submit_answer(
        person,
        submission_id=uuid.uuid4().hex,
        step_id=step.id,
        question_key="edistyminen",
        focus_area_key=AREA_KEY,
        value=value,
        reason=reason,
    )


@pytest.fixture
def scored_session(strategy_version):
    """An open session in its first scoring step: six clusters, three businesses and two
    municipalities scored with reasons (only the clusters may be named alone)."""
    review_round = services.create_round(strategy_version, "Vuosiarviointi 2026", 2026)
    session = services.create_session(review_round, "Oulu", "Oulun kaupungintalo")
    services.set_session_status(session, "open")
    step = scoring_steps(session)[0]
    services.open_step(step)
    groups = ["klusterit"] * 6 + ["yritykset"] * 3 + ["kunnat"] * 2
    for number, group in enumerate(groups):
        person = participation.join_session(session, group, organisation="Salainen Oy")
        reason = f"Perustelu {number}: " + "yhteistyö on lisääntynyt " * (1 + number % 3)
        answer(person, step, 1 + number % 5, reason)
    db.session.commit()
    return session


def reasons_panel(page):
    return page.get_by_role("region", name="Perustelut")


def test_the_console_shows_reasons_live_and_filters_them_by_the_group_rule(
    live_server, new_page, facilitator, scored_session
):
    console = new_page(viewport=CONSOLE)
    log_in(console, live_server, facilitator.email)
    console.goto(f"{live_server}/review/sessions/{scored_session.id}/console")
    panel = reasons_panel(console)
    items = panel.locator(".said-list > li")
    expect(items).to_have_count(11)
    expect(panel.get_by_text("Uudistuva ja hyvinvoiva: 11 perustelua")).to_be_visible()
    expect(items.first.locator(".said__score")).to_have_text("Arvio: 1")
    expect(items.first).to_contain_text("Perustelu 10")
    expect(items.first).to_contain_text("Muut ryhmät")
    assert "Salainen" not in panel.inner_text()
    group = panel.get_by_label("Sidosryhmä")
    options = group.locator("option").all_inner_texts()
    assert options == ["Kaikki ryhmät", "Klusterit", "Muut ryhmät"]

    # A phone joins as a cluster member and scores with a reason: it appears at the top.
    phone = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    join(phone, live_server, scored_session.join_code, "Klusterit")
    score(phone, AREA, PROGRESS, 5)
    fieldset = question(phone, AREA, PROGRESS)
    fieldset.get_by_text("Lisää perustelu (vapaaehtoinen)").click()
    fieldset.get_by_label("Perustelu").fill(PHONE_REASON)
    fieldset.get_by_role("button", name="Tallenna perustelu").click()
    expect(fieldset.get_by_text("Tallennettu ✓")).to_be_visible()
    expect(items.first).to_contain_text(PHONE_REASON, timeout=8000)  # text, never markup
    expect(items.first.locator(".said__score")).to_have_text("Arvio: 5")
    expect(items.first.locator("b")).to_have_count(0)
    expect(items).to_have_count(12)

    group.select_option(label="Muut ryhmät")
    expect(items).to_have_count(5)
    texts = items.locator(".said__text").all_inner_texts()
    assert sorted(text.split(":")[0] for text in texts) == [
        f"Perustelu {n}" for n in (10, 6, 7, 8, 9)
    ]
    group.select_option(label="Klusterit")
    expect(items).to_have_count(7)
    shoot(console, "reasons-console-1024")
    assert accessibility_violations(console) == []
    console.set_viewport_size(LAPTOP)
    shoot(console, "reasons-console-1366")


def test_a_room_of_80_scoring_costs_the_console_one_request_per_interval(
    live_server, new_page, facilitator, scored_session
):
    """No answer is broadcast: 80 answers with reasons arriving within a few seconds reach the
    console's panel through at most one request per 3 s (plus the first)."""
    step = scored_session.open_step
    console = new_page(viewport=CONSOLE)
    log_in(console, live_server, facilitator.email)
    console.goto(f"{live_server}/review/sessions/{scored_session.id}/console")
    items = reasons_panel(console).locator(".said-list > li")
    expect(items).to_have_count(11)
    requests = []
    console.on("request", lambda request: "/reasons" in request.url and requests.append(request))
    people = [participation.join_session(scored_session, "klusterit") for _ in range(80)]
    db.session.commit()
    started = time.monotonic()
    for number, person in enumerate(people):
        answer(person, step, 3, f"Huoneesta {number}")
        db.session.commit()
        live_results.mark(scored_session.id)  # what answer:submit does after its commit
        time.sleep(0.05)
    expect(items.first).to_contain_text("Huoneesta 79", timeout=8000)
    elapsed = time.monotonic() - started
    print(f"80 answers in {elapsed:.1f} s: {len(requests)} reasons requests from the console")
    assert len(requests) <= math.ceil(elapsed / 3) + 1
    expect(items).to_have_count(91)


def test_the_round_results_page_combines_sessions_and_refuses_a_small_group(
    live_server, new_page, facilitator, scored_session
):
    review_round = scored_session.review_round
    page = new_page(viewport=LAPTOP)
    log_in(page, live_server, facilitator.email)
    page.goto(f"{live_server}/review/rounds/{review_round.id}")
    page.get_by_role("link", name="Kierroksen tulokset").click()
    area = page.get_by_role("region", name=AREA).first
    expect(page.get_by_role("heading", name=AREA)).to_be_visible()
    table = page.get_by_role("table", name=f"Arviot: {AREA}")
    row = table.get_by_role("row", name=PROGRESS)
    expect(row).to_contain_text("11")
    expect(row).to_contain_text("1: 3")
    page.get_by_text("11 perustelua:").first.click()
    expect(page.get_by_text("Perustelu 3:").first).to_be_visible()
    assert area is not None
    shoot(page, "reasons-round-results-1366")
    assert accessibility_violations(page) == []

    page.get_by_label("Sidosryhmä").select_option(label="Klusterit")
    page.get_by_role("button", name="Näytä").click()
    expect(page.get_by_text("Ryhmä: Klusterit.")).to_be_visible()
    expect(table.get_by_role("row", name=PROGRESS)).to_contain_text("6")

    # A small group typed into the address: refused with a message, no figures shown.
    page.goto(f"{live_server}/review/rounds/{review_round.id}/results?group=yritykset")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Sidosryhmä: ”yritykset” ei ole vaihtoehtojen joukossa.")
    expect(page.get_by_role("table")).to_have_count(0)
    assert accessibility_violations(page) == []

    phone = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    log_in(phone, live_server, facilitator.email)
    phone.goto(f"{live_server}/review/rounds/{review_round.id}/results")
    shoot(phone, "reasons-round-results-phone")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_decisions_page_lists_110_proposals_compactly_with_cards_on_demand(
    live_server, new_page, facilitator, scored_session
):
    review_round = scored_session.review_round
    open_kind(scored_session, StepKind.PROPOSALS)
    people = [participation.join_session(scored_session, "klusterit") for _ in range(6)]
    kinds = ["add_challenge", "describe_focus_area", "free", "add_action"]
    for number in range(110):
        proposal, _ = proposal_services.create_proposal(
            review_round,
            ProposalInput(
                kind=kinds[number % 4],
                target_ref=f"focus_area/{AREA_KEY}",
                text=f"Ehdotus {number}: " + "lisää yhteistyötä yritysten kanssa " * 4,
                rationale="Perustelu",
            ),
            participant=people[number % 6],
        )
        for person in people[: number % 6]:
            proposal_services.set_support(proposal, person, 1)
    db.session.commit()

    page = new_page(viewport=LAPTOP)
    log_in(page, live_server, facilitator.email)
    page.goto(f"{live_server}/review/rounds/{review_round.id}/decisions")
    rows = page.locator("details.proposal-row")
    expect(rows).to_have_count(110)
    first = rows.first
    assert first.evaluate("row => row.getBoundingClientRect().height") < 80
    expect(first.locator("article")).to_be_hidden()
    # Keyboard: Tab to the row's summary and open it with Enter.
    first.locator(":scope > summary").focus()
    page.keyboard.press("Enter")
    expect(first.locator("article")).to_be_visible()
    expect(first.get_by_text("Moderoi", exact=True)).to_be_visible()
    kinds_listed = page.get_by_label("Laji").locator("option").all_inner_texts()
    assert kinds_listed[1:4] == ["Painopistealan kuvaus", "Uusi haaste", "Uusi ratkaisu"]
    shoot(page, "reasons-decisions-1366")
    assert accessibility_violations(page) == []

    page.get_by_label("Laji").select_option(label="Vapaa ehdotus")
    page.get_by_label("Järjestä", exact=True).select_option(label="Uusimmat ensin")
    page.get_by_role("button", name="Näytä").click()
    expect(rows).to_have_count(27)  # numbers 2, 6, ..., 106
    expect(rows.first).to_contain_text("Ehdotus 106")

    phone = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    log_in(phone, live_server, facilitator.email)
    phone.goto(f"{live_server}/review/rounds/{review_round.id}/decisions")
    shoot(phone, "reasons-decisions-phone")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert accessibility_violations(phone) == []
