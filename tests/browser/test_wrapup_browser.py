"""The wrap-up step in real Chromium: the projector at 1024×768, 1366×768 and 1920×1080 with the
strategy's longest names, the console and a phone, in Finnish and English; nothing overflows,
the numbers and the timetable are there, axe finds nothing."""

import os
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, accessibility_violations
from tests.browser.test_live_session import join, log_in
from workshop.extensions import db
from workshop.proposals import services as proposal_services
from workshop.review import participation
from workshop.review import services as review_services
from workshop.review.models import StepKind
from workshop.steps import services as step_services
from workshop.steps.config import step_config

pytestmark = pytest.mark.browser

SIZES = (
    {"width": 1024, "height": 768},
    {"width": 1366, "height": 768},
    {"width": 1920, "height": 1080},
)
SHOTS = "/tmp/room-shots"
LONGEST_AREA = "Verkostoitunut innovaatiotoiminta ja vahvat ekosysteemit ja TKI-toiminta"
TIMETABLE = (
    "Joulukuu 2026: Pohjois-Pohjanmaan liitto kokoaa kaikkien tilaisuuksien tulokset\n"
    "Tammikuu 2027: luonnos lausunnoille sidosryhmille\n"
    "Helmikuu 2027: maakuntahallitus hyväksyy päivityksen"
)


def _score_everything(session, people, base):
    """Every participant scores every focus area of every scoring step on both questions."""
    for step in session.steps:
        if step.kind != StepKind.SCORING:
            continue
        review_services.open_step(step)
        for n, person in enumerate(people):
            for area in review_services.step_focus_areas(step):
                for question in ("edistyminen", "ajankohtaisuus"):
                    participation.submit_answer(
                        person,
                        submission_id=uuid.uuid4().hex,
                        step_id=step.id,
                        question_key=question,
                        focus_area_key=area.key,
                        value=min(5, base + (n + len(area.key)) % 3),
                    )
        review_services.close_step(step)


def _add(session, kind, title, areas=None, **config):
    return review_services.add_step(session, kind, title, areas, step_config(kind, **config))


@pytest.fixture
def wrapup_session(strategy_version, facilitator):
    """Last year's round and this year's session, every step run, the wrap-up open."""
    earlier = review_services.create_round(strategy_version, "Vuosiarviointi 2025", 2025)
    old = review_services.create_session(earlier, "Oulu 2025")
    review_services.set_session_status(old, "open")
    _score_everything(old, [participation.join_session(old, "klusterit") for _ in range(6)], 2)
    review_services.set_session_status(old, "closed")

    review_round = review_services.create_round(
        strategy_version, "Vuosiarviointi 2026", 2026, owner=facilitator
    )
    review_round.next_steps = TIMETABLE
    session = review_services.create_session(review_round, "Oulu", "Kaupungintalo")
    wrapup = session.steps[-1]
    poll = _add(
        session,
        StepKind.POLL,
        "",
        prompt="Onko strategia edelleen ajan tasalla alueen elinkeinoelämän tarpeisiin nähden?",
        options=["Kyllä, täysin", "Osittain, mutta päivitystä tarvitaan", "Ei"],
    )
    priority = _add(
        session,
        StepKind.PRIORITY,
        "",
        ["innovaatiotoiminta-ja-ekosysteemit", "sijoittumisymparisto", "kestava-rakentaminen"],
        prompt="Mihin painopisteisiin panostetaan ensi vuonna eniten?",
        max_picks=2,
        ranked=True,
    )
    question = _add(session, StepKind.OPEN_QUESTION, "", prompt="Mitä strategiasta puuttuu?")
    # The wrap-up last, after the new kinds.
    session.steps.remove(wrapup)
    session.steps.append(wrapup)
    for position, step in enumerate(session.steps):
        step.position = position
    review_services.set_session_status(session, "open")
    people = [participation.join_session(session, "klusterit") for _ in range(6)]
    _score_everything(session, people, 3)
    for step, picks in ((poll, (["2"], ["1"])), (priority, (["1", "2"], ["2", "3"]))):
        review_services.open_step(step)
        for n, person in enumerate(people):
            key_list = picks[n % 2]
            keys = step_services.option_keys(step)
            step_services.submit_choice(person, step.id, [keys[int(k) - 1] for k in key_list])
        review_services.close_step(step)
    review_services.open_step(question)
    for n, text in enumerate(
        [
            "Vetytalouden osaajia ja koulutusta",
            "vetytalous ja sen infrastruktuuri",
            "Kulttuuri ja matkailu puuttuvat",
            "Kulttuurialan yritykset",
            "Pienten kuntien näkökulma",
            "Vetytalouden pilotit Raaheen",
        ]
    ):
        answer, _ = step_services.submit_open_answer(people[n], question.id, text, uuid.uuid4().hex)
        step_services.moderate_open_answer(answer, "approve", None)
    review_services.close_step(question)
    support = next(s for s in session.steps if s.kind == StepKind.SUPPORT)
    review_services.open_step(support)
    texts = [
        "Vetytalouden osaajapula ratkaistaan yhteisellä koulutusohjelmalla yliopiston, "
        "ammattikorkeakoulun ja yritysten kesken koko Pohjois-Pohjanmaan alueella",
        "Sijoittumisympäristön markkinointi kansainvälisille osaajille",
        "Kestävän rakentamisen puurakentamisen kokeilut kuntiin",
    ]
    for n, text in enumerate(texts):
        proposal, _ = proposal_services.create_proposal(
            review_round,
            proposal_services.ProposalInput(
                kind="add_challenge",
                target_ref="focus_area/innovaatiotoiminta-ja-ekosysteemit",
                text=text,
            ),
            user=facilitator,
        )
        for person in people[: 6 - n * 2]:
            proposal_services.set_support(proposal, person, 1)
    review_services.close_step(support)
    review_services.open_step(wrapup)
    db.session.commit()
    return session


def _fits(page) -> dict:
    return page.evaluate(
        """() => {
          const view = document.querySelector('#wrapup-view');
          const cells = [...view.querySelectorAll('th, td, li')];
          return {
            fits: view.scrollHeight <= view.clientHeight + 1
              && view.scrollWidth <= view.clientWidth + 1,
            inside: view.getBoundingClientRect().bottom <= window.innerHeight + 1,
            overflowing: cells.filter((c) => c.scrollWidth > c.clientWidth + 1)
              .map((c) => c.textContent.trim()).slice(0, 3),
            size: parseFloat(getComputedStyle(view).fontSize),
          };
        }"""
    )


def test_the_wrapup_on_the_projector_console_and_phone_in_both_languages(
    live_server, new_page, facilitator, wrapup_session
):
    os.makedirs(SHOTS, exist_ok=True)
    session = wrapup_session
    for language in ("fi", "en"):
        for size in SIZES:
            projector = new_page(size)
            log_in(projector, live_server, facilitator.email)
            if language == "en":
                projector.goto(f"{live_server}/language/en")
            projector.goto(f"{live_server}/review/sessions/{session.id}/projector")
            view = projector.locator("#wrapup-view")
            heading = "Tulokset painopistealoittain" if language == "fi" else "Scores by focus area"
            expect(view.get_by_role("heading", name=heading)).to_be_visible()
            expect(view).to_contain_text(
                LONGEST_AREA if language == "fi" else "Networked innovation"
            )
            expect(view).to_contain_text("Helmikuu 2027: maakuntahallitus")
            expect(view).to_contain_text("Vuosiarviointi 2025")
            expect(view).to_contain_text("Onko strategia edelleen ajan tasalla")
            expect(view).to_contain_text("Vetytalouden osaajapula")
            # The join corner stays while the session is open.
            expect(projector.locator("#join-corner")).to_be_visible()
            projector.wait_for_timeout(200)  # the text shrinks to fit once the fragment is in
            fit = _fits(projector)
            projector.screenshot(path=f"{SHOTS}/projector-wrapup-{language}-{size['width']}.png")
            assert fit["fits"] and fit["inside"], (language, size, fit)
            assert fit["overflowing"] == [], (language, size, fit)
            # Ten focus areas, three step kinds and the timetable on 1024×768: 8 px and up.
            assert fit["size"] >= 8, (language, size, fit)
            assert accessibility_violations(projector) == [], (language, size)

    console = new_page({"width": 1366, "height": 768})
    log_in(console, live_server, facilitator.email)
    console.goto(f"{live_server}/review/sessions/{session.id}/console")
    panel = console.get_by_role("region", name="Yhteenveto")
    expect(panel.get_by_role("heading", name="Eniten tuetut ehdotukset")).to_be_visible()
    expect(panel).to_contain_text("Mihin painopisteisiin panostetaan")
    console.screenshot(path=f"{SHOTS}/console-wrapup-fi.png", full_page=True)
    assert accessibility_violations(console) == []

    for language, group in (("fi", "Klusterit"), ("en", "Clusters")):
        phone = new_page(PHONE)
        if language == "en":
            phone.goto(f"{live_server}/language/en")
            phone.goto(f"{live_server}/join")
            phone.get_by_label("Workshop code").fill(session.join_code.lower())
            phone.get_by_role("button", name="Continue").click()
            phone.get_by_role("radio", name=group, exact=True).check()
            phone.get_by_role("button", name="Join").click()
            phone.wait_for_url(f"{live_server}/s/{session.join_code}")
            expect(phone.get_by_role("heading", name="What happens next")).to_be_visible()
        else:
            join(phone, live_server, session.join_code, group)
            expect(phone.get_by_role("heading", name="Mitä seuraavaksi")).to_be_visible()
        width = phone.evaluate("() => document.documentElement.scrollWidth")
        assert width <= PHONE["width"], (language, width)
        phone.screenshot(path=f"{SHOTS}/phone-wrapup-{language}.png", full_page=True)
        assert accessibility_violations(phone) == [], language
