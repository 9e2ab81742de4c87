"""A whole live workshop in real headless Chromium: a facilitator runs the console, a projector
shows the results, and participants on phones join, score, see the results and the step close."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.conftest import PHONE, SCREENSHOTS, accessibility_violations, screenshot
from tests.conftest import TEST_PASSWORD
from workshop.extensions import db
from workshop.review import services
from workshop.review.models import Answer, Participant

pytestmark = pytest.mark.browser

PROJECTOR = {"width": 1280, "height": 720}
THEME = "Uudistuva ja hyvinvoiva"
AREA = "Digitaaliset palvelut ja tuotteet"
PROGRESS = "Kuinka hyvin painopisteala on edistynyt?"
RELEVANCE = "Kuinka ajankohtainen painopisteala on edelleen?"
REASON = "Uusia digipalveluja syntyi, mutta hitaasti."


@pytest.fixture
def draft_session(strategy_version):
    """A round with the default groups, questions and agenda, and a session not yet opened."""
    review_round = services.create_round(strategy_version, "Vuosiarviointi 2026", 2026)
    # Set to ask for name and organisation, so that the optional fields are joined with too.
    session = services.create_session(
        review_round, "Oulu", "Oulun kaupungintalo", ask_identity=True
    )
    db.session.commit()
    return session


# Users' steps -----------------------------------------------------------------------------


def log_in(page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/login")
    page.get_by_label("Sähköpostiosoite").fill(email)
    page.get_by_label("Salasana", exact=True).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Kirjaudu").click()
    page.wait_for_url(lambda url: "/login" not in url)


def join(page, base_url: str, code: str, group: str, organisation="", name="") -> None:
    """Type the code shown in the room, choose a group, join; lands on the live page."""
    page.goto(f"{base_url}/join")
    page.get_by_label("Työpajan koodi").fill(code.lower())
    page.get_by_role("button", name="Jatka").click()
    page.get_by_role("radio", name=group, exact=True).check()
    if organisation:
        page.get_by_label("Organisaatio (vapaaehtoinen)").fill(organisation)
    if name:
        page.get_by_label("Nimi (vapaaehtoinen)").fill(name)
    page.get_by_role("button", name="Liity").click()
    page.wait_for_url(f"{base_url}/s/{code}")
    expect(page.get_by_text(f"Edustat ryhmää: {group}")).to_be_visible()


def question(page, area: str, text: str):
    """The fieldset of one question of one focus area on the participant's page."""
    return page.get_by_role("region", name=area).get_by_role("group", name=text)


def score(page, area: str, text: str, value: int | None) -> None:
    """Choose a score (None: "En osaa sanoa") and wait until the server has saved it."""
    fieldset = question(page, area, text)
    label = "En osaa sanoa" if value is None else str(value)
    fieldset.get_by_role("radio", name=label, exact=True).check()
    expect(fieldset.get_by_text("Tallennettu ✓")).to_be_visible()


def fits_the_phone(page) -> bool:
    """Nothing sticks out sideways on a narrow screen."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def screen(page, name: str) -> None:
    """Save what the screen shows right now (not the whole page) for people to look at."""
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def chart(counts: dict[int, int]) -> str:
    """The name a screen reader hears for a distribution chart (scores 1–5)."""
    listed = ", ".join(f"{value}: {counts.get(value, 0)}" for value in range(1, 6))
    return f"Vastausten määrä arvosanoittain: {listed}"


def console_result(console, area: str, text: str):
    results = console.get_by_role("region", name="Reaaliaikaiset tulokset")
    return (
        results.get_by_role("region", name=area)
        .locator(".q-result")
        .filter(has=console.get_by_role("heading", name=text, exact=True))
    )


def stat(block, label: str):
    """The value shown under a statistic's label (a <dd> after its <dt>)."""
    term = block.get_by_role("term").filter(has_text=re.compile(f"^{re.escape(label)}$"))
    return term.locator("xpath=following-sibling::dd[1]")


def projector_cell(projector, area: str, column: int):
    row = projector.get_by_role("row").filter(
        has=projector.get_by_role("rowheader", name=area, exact=True)
    )
    return row.get_by_role("cell").nth(column)


def participant_result(page, area: str, text: str):
    box = page.get_by_role("region", name=area).locator(".fa-results")
    return box.locator(".result").filter(has_text=text)


# The workshop -----------------------------------------------------------------------------


def test_a_live_workshop_from_joining_to_closing_a_step(
    live_server, new_page, facilitator, draft_session, every_group_shown
):
    # Four phones are fewer than the minimum group size; test_min_group_size_browser.py
    # shows the merged and withheld results.
    code = draft_session.join_code
    console = new_page()
    log_in(console, live_server, facilitator.email)
    console.goto(f"{live_server}/review/sessions/{draft_session.id}/console")
    console.get_by_role("button", name="Avaa työpaja osallistujille").click()
    expect(console.get_by_text("Yhteys toimii – tiedot päivittyvät reaaliajassa.")).to_be_visible()
    projector = console.context.new_page()
    projector.set_viewport_size(PROJECTOR)
    projector.goto(f"{live_server}/review/sessions/{draft_session.id}/projector")
    expect(projector.get_by_role("heading", name="Liity työpajaan puhelimellasi")).to_be_visible()
    expect(projector.get_by_text(f"Liittymiskoodi: {code}")).to_be_visible()

    # Three people join on their phones, each for a different stakeholder group.
    phones = [new_page(viewport=PHONE, is_mobile=True, has_touch=True) for _ in range(3)]
    aino, bert, cecilia = phones
    aino.goto(f"{live_server}/j/{code}")
    screenshot(aino, "live-join-phone")
    assert accessibility_violations(aino) == []
    join(aino, live_server, code, "Klusterit", organisation="BusinessOulu", name="Aino")
    join(bert, live_server, code, "Tutkimus- ja koulutuslaitokset")
    join(cecilia, live_server, code, "Yritykset ja elinkeinoelämä")
    for phone in phones:
        expect(phone.get_by_role("heading", name="Hetki vain")).to_be_visible()
        phone.evaluate("window.sameDocument = true")
    participants = console.get_by_role("region", name="Osallistujat")
    expect(participants.get_by_text("3 yhteensä")).to_be_visible()
    for group in ("Klusterit", "Tutkimus- ja koulutuslaitokset", "Yritykset ja elinkeinoelämä"):
        row = participants.get_by_role("row").filter(
            has=console.get_by_role("rowheader", name=group, exact=True)
        )
        expect(row.get_by_role("cell")).to_have_text("1")
    expect(projector.get_by_text("Osallistujat 3")).to_be_visible()
    screenshot(projector, "live-projector-join")
    assert accessibility_violations(projector) == []

    # The facilitator opens the first scoring step; every phone follows without a reload.
    console.get_by_role("button", name=f"Avaa {THEME}").click()
    current = console.get_by_role("region", name="Nykyinen vaihe")
    expect(current.get_by_text(THEME, exact=True)).to_be_visible()
    for phone in phones:
        expect(phone.get_by_role("heading", name=THEME, level=2)).to_be_visible()
        expect(phone.get_by_text("0 / 6 vastattu")).to_be_visible()
        assert phone.evaluate("window.sameDocument") is True
        assert fits_the_phone(phone)
    screenshot(aino, "live-participant-scoring-phone")
    assert accessibility_violations(aino) == []

    # They score, one with "en osaa sanoa", one with a reason.
    score(aino, AREA, PROGRESS, 4)
    fieldset = question(aino, AREA, PROGRESS)
    fieldset.get_by_text("Lisää perustelu (vapaaehtoinen)").click()
    fieldset.get_by_label("Perustelu").fill(REASON)
    fieldset.get_by_role("button", name="Tallenna perustelu").click()
    expect(fieldset.get_by_text("Tallennettu ✓")).to_be_visible()
    score(aino, AREA, RELEVANCE, 5)
    expect(aino.get_by_text("2 / 6 vastattu")).to_be_visible()
    score(bert, AREA, PROGRESS, None)
    score(bert, AREA, RELEVANCE, 3)
    score(cecilia, AREA, PROGRESS, 2)
    score(cecilia, AREA, RELEVANCE, 4)

    # The console and the projector count them live.
    progress = console_result(console, AREA, PROGRESS)
    expect(stat(progress, "Vastauksia")).to_have_text("2")
    expect(stat(progress, "En osaa sanoa")).to_have_text("1")
    expect(stat(progress, "Keskiarvo")).to_have_text("3,00")
    expect(stat(progress, "Mediaani")).to_have_text("3,0")
    expect(progress.get_by_role("img", name=chart({2: 1, 4: 1}))).to_be_visible()
    relevance = console_result(console, AREA, RELEVANCE)
    expect(stat(relevance, "Vastauksia")).to_have_text("3")
    expect(stat(relevance, "Keskiarvo")).to_have_text("4,00")
    expect(relevance.get_by_role("img", name=chart({3: 1, 4: 1, 5: 1}))).to_be_visible()
    # The room does not see them yet (it would anchor on the first answers): the projector
    # counts the scores given, and keeps the join code and QR code in its corner for latecomers.
    expect(console.get_by_role("radio", name="Piilossa, kunnes näytät ne")).to_be_checked()
    expect(projector.get_by_role("heading", name="Arvioi puhelimellasi")).to_be_visible()
    expect(projector.get_by_text("Arvioita annettu tähän mennessä: 6")).to_be_visible()
    expect(projector.get_by_role("row")).to_have_count(0)
    corner = projector.locator("#join-corner")
    expect(corner).to_contain_text(code)
    expect(corner.get_by_role("img")).to_be_visible()
    screenshot(console, "live-console")
    screenshot(projector, "live-projector-waiting")
    assert accessibility_violations(console) == []
    assert accessibility_violations(projector) == []

    # The facilitator reveals the results: the projector and the phones show them.
    reveal = console.get_by_role("button", name="Näytä tulokset salissa")
    reveal.click()
    expect(reveal).to_have_attribute("aria-pressed", "true")
    expect(
        console.get_by_text("Valkokangas ja puhelimet näyttävät tämän vaiheen tulokset.")
    ).to_be_visible()
    cell = projector_cell(projector, AREA, 0)
    expect(cell.get_by_text("Vastauksia: 2")).to_be_visible()
    expect(cell.get_by_text("En osaa sanoa: 1")).to_be_visible()
    expect(cell.get_by_role("img", name=chart({2: 1, 4: 1}))).to_be_visible()
    expect(corner).to_contain_text(code)
    screenshot(projector, "live-projector")
    assert accessibility_violations(projector) == []
    for phone in phones:
        result = participant_result(phone, AREA, PROGRESS)
        expect(result.get_by_text("Keskiarvo 3,0")).to_be_visible()
        expect(result.get_by_text("Vastauksia: 2")).to_be_visible()
        expect(result.get_by_role("img", name=chart({2: 1, 4: 1}))).to_be_visible()

    # One changes her score; every screen follows.
    score(cecilia, AREA, PROGRESS, 5)
    expect(stat(progress, "Keskiarvo")).to_have_text("4,50")
    expect(stat(progress, "Vastauksia")).to_have_text("2")
    expect(progress.get_by_role("img", name=chart({4: 1, 5: 1}))).to_be_visible()
    expect(cell.get_by_role("img", name=chart({4: 1, 5: 1}))).to_be_visible()
    expect(cell.get_by_text("4,5", exact=True)).to_be_visible()
    for phone in phones:
        result = participant_result(phone, AREA, PROGRESS)
        expect(result.get_by_text("Keskiarvo 4,5")).to_be_visible()
        expect(result.get_by_role("img", name=chart({4: 1, 5: 1}))).to_be_visible()
    assert fits_the_phone(aino)
    screenshot(aino, "live-participant-results-phone")
    participant_result(aino, AREA, PROGRESS).scroll_into_view_if_needed()
    screen(aino, "live-participant-results-phone-screen")
    assert accessibility_violations(aino) == []

    # A reload keeps who Aino is, her answers, her reason and the revealed results.
    aino.reload()
    expect(aino.get_by_text("Edustat ryhmää: Klusterit")).to_be_visible()
    expect(aino.get_by_role("heading", name=THEME, level=2)).to_be_visible()
    expect(aino.get_by_text("2 / 6 vastattu")).to_be_visible()
    expect(
        question(aino, AREA, PROGRESS).get_by_role("radio", name="4", exact=True)
    ).to_be_checked()
    expect(
        question(aino, AREA, RELEVANCE).get_by_role("radio", name="5", exact=True)
    ).to_be_checked()
    expect(question(aino, AREA, PROGRESS).get_by_label("Perustelu")).to_have_value(REASON)
    expect(participant_result(aino, AREA, PROGRESS).get_by_text("Keskiarvo 4,5")).to_be_visible()

    # A latecomer opens the join link and lands on the open step.
    late = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    late.goto(f"{live_server}/j/{code}")
    late.get_by_role("radio", name="Kunnat ja alueelliset edustajat", exact=True).check()
    late.get_by_role("button", name="Liity").click()
    expect(late.get_by_role("heading", name=THEME, level=2)).to_be_visible()
    expect(late.get_by_text("0 / 6 vastattu")).to_be_visible()
    expect(participants.get_by_text("4 yhteensä")).to_be_visible()
    expect(projector.get_by_text("Osallistujat 4")).to_be_visible()
    score(late, AREA, RELEVANCE, 1)
    expect(stat(relevance, "Vastauksia")).to_have_text("4")
    expect(stat(relevance, "Keskiarvo")).to_have_text("3,25")

    # Bert's phone loses its network; the score he gives meanwhile waits in the outbox.
    bert.context.set_offline(True)
    expect(
        bert.get_by_text("Yhteys katkennut – vastaukset lähetetään, kun yhteys palaa.")
    ).to_be_visible()
    offline_answer = question(bert, AREA, RELEVANCE)
    offline_answer.get_by_role("radio", name="2", exact=True).check()
    expect(offline_answer.get_by_text("Ei vielä lähetetty – odotetaan yhteyttä")).to_be_visible()

    # The facilitator closes the step: the phones leave it and nobody can answer any more.
    console.get_by_role("button", name="Sulje tämä vaihe").click()
    expect(current.get_by_text("Mikään vaihe ei ole auki.")).to_be_visible()
    expect(console.get_by_text(f"Tulokset: {THEME} (suljettu).")).to_be_visible()
    expect(projector.get_by_text(f"Suljetun vaiheen tulokset: {THEME}")).to_be_visible()
    for phone in (aino, cecilia, late):
        expect(phone.get_by_role("heading", name=f"Vaihe {THEME} on suljettu")).to_be_visible()
        expect(phone.get_by_role("radio")).to_have_count(0)
    # The revealed results stay on the phones after the close.
    expect(cecilia.get_by_role("heading", name="Tulokset tähän mennessä").first).to_be_visible()
    screenshot(cecilia, "live-participant-closed-phone")
    assert accessibility_violations(cecilia) == []

    # Back online, Bert's late score is refused and he is told so; the results stay as they were.
    bert.context.set_offline(False)
    # Socket.IO retries with a back-off of up to 4.5 s, so the reconnect may take that long.
    expect(bert.get_by_role("alert")).to_have_text(
        "Vaihe on suljettu, joten vastausta ei tallennettu.", timeout=15_000
    )
    expect(bert.get_by_role("heading", name=f"Vaihe {THEME} on suljettu")).to_be_visible()
    expect(bert.get_by_role("radio")).to_have_count(0)
    screenshot(bert, "live-participant-refused-phone")
    expect(stat(relevance, "Vastauksia")).to_have_text("4")
    expect(stat(relevance, "Keskiarvo")).to_have_text("3,25")
    screenshot(console, "live-console-closed")
    screenshot(projector, "live-projector-closed")

    # What the server stored: one participant per phone, the latest answer of each.
    db.session.rollback()
    people = db.session.scalars(
        select(Participant).where(Participant.session_id == draft_session.id)
    ).all()
    assert sorted((p.group.key, p.organisation, p.name) for p in people) == [
        ("klusterit", "BusinessOulu", "Aino"),
        ("kunnat", "", ""),
        ("tutkimus-ja-koulutus", "", ""),
        ("yritykset", "", ""),
    ]
    answers = db.session.scalars(select(Answer).where(Answer.session_id == draft_session.id))
    assert {(a.participant.group.key, a.question.key): (a.value, a.reason) for a in answers} == {
        ("klusterit", "edistyminen"): (4, REASON),
        ("klusterit", "ajankohtaisuus"): (5, ""),
        ("tutkimus-ja-koulutus", "edistyminen"): (None, ""),
        ("tutkimus-ja-koulutus", "ajankohtaisuus"): (3, ""),
        ("yritykset", "edistyminen"): (5, ""),
        ("yritykset", "ajankohtaisuus"): (4, ""),
        ("kunnat", "ajankohtaisuus"): (1, ""),
    }
