"""The console's live themes in real Chromium: themes form from the reasons of the live scoring
step, follow a new reason within seconds, name no small group and no person; axe clean."""

import shutil
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, accessibility_violations, screenshot
from tests.browser.test_live_session import log_in
from tests.review.conftest import scoring_steps
from workshop.extensions import db
from workshop.review import participation, services
from workshop.synthesis import live as live_themes

pytestmark = pytest.mark.browser

AREA_KEY = "digitaaliset-palvelut"
SHOTS = Path("/tmp/live-themes-shots")
REASONS = [
    "Tuulivoiman luvitus kestää aivan liian kauan",
    "Kaavoitus jarruttaa tuulipuistoja, lupaprosessit ovat hitaita",
    "Tuulivoimaloiden lupaprosessi venyy vuosiin",
    "Permitting of wind farms takes years",
    "Osaavasta työvoimasta on pulaa, yritykset eivät löydä tekijöitä",
    "Ammattitaitoisia työntekijöitä ei saada rekrytoitua alueelle",
    "Työvoimapula hidastaa yritysten kasvua",
    "Osaajapula on suurin este kasvulle",
    "Digipalvelut ovat kehittyneet hyvin kunnissa",
    "Kuntien sähköiset palvelut ovat parantuneet",
]


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


def shoot(page, name: str) -> None:
    path = screenshot(page, name)
    SHOTS.mkdir(exist_ok=True)
    shutil.copy(path, SHOTS / path.name)


@pytest.fixture
def scored_session(strategy_version):
    """Ten reasons in the first scoring step: five clusters, five businesses, one municipality
    (too small a group to be named)."""
    live_themes.live.forget()
    review_round = services.create_round(strategy_version, "Vuosiarviointi 2026", 2026)
    session = services.create_session(review_round, "Oulu", "Oulun kaupungintalo")
    services.set_session_status(session, "open")
    step = scoring_steps(session)[0]
    services.open_step(step)
    groups = ["klusterit", "yritykset"] * 5 + ["kunnat"]
    for number, group in enumerate(groups):
        person = participation.join_session(session, group, organisation="Salainen Oy")
        answer(person, step, 1 + number % 5, REASONS[number % len(REASONS)])
    db.session.commit()
    return session


def test_the_console_shows_the_themes_forming_and_following_new_reasons(
    live_server, new_page, facilitator, scored_session
):
    console = new_page(viewport={"width": 1366, "height": 768})
    log_in(console, live_server, facilitator.email)
    console.goto(f"{live_server}/review/sessions/{scored_session.id}/console")
    panel = console.get_by_role("region", name="Muodostuvat teemat")
    expect(panel.get_by_text("Tähän mennessä 11 tekstiä.", exact=False)).to_be_visible(
        timeout=20_000
    )
    themes = panel.locator(".live-theme")
    expect(themes.first).to_be_visible()
    assert themes.count() >= 2
    text = panel.inner_text()
    assert "Salainen" not in text
    assert "Kunnat" not in text  # one municipality: never named
    expect(panel.locator(".live-theme__quotes li").first).to_be_visible()

    # A new reason arrives (what answer:submit does after its commit): the themes follow.
    step = scored_session.open_step
    person = participation.join_session(scored_session, "klusterit")
    answer(person, step, 2, "Tuulipuistojen luvat viipyvät viranomaisilla")
    db.session.commit()
    live_themes.mark_session(scored_session.id)
    expect(panel.get_by_text("Tähän mennessä 12 tekstiä.", exact=False)).to_be_visible(
        timeout=10_000
    )
    panel.scroll_into_view_if_needed()
    shoot(console, "live-themes-console-1366")
    assert accessibility_violations(console) == []
    console.set_viewport_size({"width": 1920, "height": 1080})
    shoot(console, "live-themes-console-1920")
    console.set_viewport_size(PHONE)
    shoot(console, "live-themes-console-phone")
    # The console is a laptop page (its other panels are wider than a phone), but the themes
    # panel itself wraps: nothing in it runs past its edge.
    assert console.evaluate(
        "(() => { const p = document.getElementById('themes-panel');"
        " return p.scrollWidth <= p.clientWidth; })()"
    )
