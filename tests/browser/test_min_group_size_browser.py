"""Small groups in real Chromium: the console shows them merged as "Muut ryhmät" and says why,
and the console, the projector and a phone say when a result has too few answers to show."""

import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, accessibility_violations, screenshot
from tests.browser.test_live_session import (
    AREA,
    PROGRESS,
    RELEVANCE,
    console_result,
    join,
    log_in,
    participant_result,
    projector_cell,
    score,
    stat,
)
from tests.review.conftest import scoring_steps
from workshop.extensions import db
from workshop.review import participation, services

pytestmark = pytest.mark.browser

AREA_KEY = "digitaaliset-palvelut"
WITHHELD = "Alle 5 vastausta: tulos näytetään, kun vastauksia on vähintään 5."
MERGED = "Ryhmät, joissa on alle 5 vastaajaa, on yhdistetty."


@pytest.fixture
def scored_session(strategy_version):
    """An open session whose first scoring step is open, scored by six cluster people and
    five from companies (each group large enough to be shown alone)."""
    review_round = services.create_round(strategy_version, "Vuosiarviointi 2026", 2026)
    session = services.create_session(review_round, "Oulu", "Oulun kaupungintalo")
    services.set_session_status(session, "open")
    step = scoring_steps(session)[0]
    services.open_step(step)
    for group, values in (("klusterit", [4, 4, 4, 5, 5, 5]), ("yritykset", [3, 3, 3, 3, 4])):
        for value in values:
            person = participation.join_session(session, group)
            participation.submit_answer(
                person,
                submission_id=uuid.uuid4().hex,
                step_id=step.id,
                question_key="edistyminen",
                focus_area_key=AREA_KEY,
                value=value,
            )
    db.session.commit()
    return session


def group_rows(block) -> list[list[str]]:
    table = block.get_by_role("table", name="Sidosryhmittäin")
    return [
        [row.get_by_role("rowheader").inner_text(), row.get_by_role("cell").first.inner_text()]
        for row in table.locator("tbody tr").all()
    ]


def test_a_small_group_joins_other_groups_on_the_console_and_no_screen_shows_too_few(
    live_server, new_page, facilitator, scored_session
):
    console = new_page()
    log_in(console, live_server, facilitator.email)
    console.goto(f"{live_server}/review/sessions/{scored_session.id}/console")
    projector = console.context.new_page()
    projector.set_viewport_size({"width": 1280, "height": 720})
    projector.goto(f"{live_server}/review/sessions/{scored_session.id}/projector")
    progress = console_result(console, AREA, PROGRESS)
    expect(stat(progress, "Vastauksia")).to_have_text("11")
    assert group_rows(progress) == [["Klusterit", "6"], ["Yritykset ja elinkeinoelämä", "5"]]
    expect(progress.get_by_text(MERGED)).to_have_count(0)

    # One person from the municipalities joins on a phone and scores both questions.
    phone = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    join(phone, live_server, scored_session.join_code, "Kunnat ja alueelliset edustajat")
    score(phone, AREA, PROGRESS, 1)
    score(phone, AREA, RELEVANCE, 2)

    # Her group is too small to stand alone, and with only it "Muut ryhmät" would be hers:
    # the companies, the next smallest, join it.
    expect(stat(progress, "Vastauksia")).to_have_text("12")
    note = f"{MERGED} Muut ryhmät: Kunnat ja alueelliset edustajat, Yritykset ja elinkeinoelämä."
    expect(progress.get_by_text(note)).to_be_visible()
    assert group_rows(progress) == [["Klusterit", "6"], ["Muut ryhmät", "6"]]
    table = progress.get_by_role("table", name="Sidosryhmittäin")
    expect(table).to_have_accessible_description(note)

    # Her relevance score is the only one: no screen shows its mean or bars.
    relevance = console_result(console, AREA, RELEVANCE)
    expect(stat(relevance, "Vastauksia")).to_have_text("1")
    expect(stat(relevance, "Keskiarvo")).to_have_text("–")
    expect(relevance.get_by_role("img", name=WITHHELD)).to_be_visible()
    expect(
        relevance.get_by_text("Ei näytetä ryhmittäin: ryhmissä on alle 5 vastaajaa.")
    ).to_be_visible()
    screenshot(console, "min-group-console")
    assert accessibility_violations(console) == []

    # Revealed in the room, the projector and the phone show the same.
    console.get_by_role("button", name="Näytä tulokset salissa").click()
    cell = projector_cell(projector, AREA, 1)
    expect(cell.get_by_text("Vastauksia: 1")).to_be_visible()
    expect(cell.get_by_role("img", name=WITHHELD)).to_be_visible()
    screenshot(projector, "min-group-projector")
    assert accessibility_violations(projector) == []
    result = participant_result(phone, AREA, RELEVANCE)
    expect(result.get_by_role("img", name=WITHHELD)).to_be_visible()
    expect(participant_result(phone, AREA, PROGRESS).get_by_text("Vastauksia: 12")).to_be_visible()
    result.scroll_into_view_if_needed()
    screenshot(phone, "min-group-participant-phone")
    assert accessibility_violations(phone) == []
