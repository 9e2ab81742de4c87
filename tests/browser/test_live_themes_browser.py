"""The console's live themes in real Chromium: themes form from the open step's reasons."""

import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import accessibility_violations, screenshot
from tests.browser.test_live_session import log_in
from tests.review.conftest import scoring_steps
from tests.synthesis import labelled
from workshop.extensions import db
from workshop.review import participation, services
from workshop.synthesis.live import live_themes

pytestmark = pytest.mark.browser

AREA_KEY = "digitaaliset-palvelut"
SIZES = {
    "phone": {"width": 390, "height": 844},
    "laptop": {"width": 1366, "height": 768},
    "wide": {"width": 1920, "height": 1080},
}


@pytest.fixture
def reasoned_session(strategy_version):
    """An open session in its first scoring step with the labelled set's digital reasons."""
    review_round = services.create_round(strategy_version, "Vuosiarviointi 2026", 2026)
    session = services.create_session(review_round, "Oulu", "Oulun kaupungintalo")
    services.set_session_status(session, "open")
    step = scoring_steps(session)[0]
    services.open_step(step)
    texts, _labels = labelled.load()[AREA_KEY]
    for text in texts:
        person = participation.join_session(session, text.group, organisation="Salainen Oy")
        participation.submit_answer(
            person,
            submission_id=uuid.uuid4().hex,
            step_id=step.id,
            question_key="edistyminen",
            focus_area_key=AREA_KEY,
            value=int(text.score),
            reason=text.text,
        )
    db.session.commit()
    return session


def test_the_console_shows_themes_forming(live_server, new_page, facilitator, reasoned_session):
    console = new_page(viewport=SIZES["laptop"])
    log_in(console, live_server, facilitator.email)
    console.goto(f"{live_server}/review/sessions/{reasoned_session.id}/console")
    panel = console.get_by_role("region", name="Muodostuvat teemat")
    expect(panel).to_be_visible()
    live_themes.mark(reasoned_session.id)  # what an answer does after its commit
    expect(panel.locator(".theme").first).to_be_visible(timeout=60_000)
    assert panel.locator(".theme").count() >= 3
    expect(panel).to_contain_text("Digitaaliset palvelut")
    expect(panel).to_contain_text("perustelua")
    assert "Salainen" not in panel.inner_text()
    panel.scroll_into_view_if_needed()
    for name, size in SIZES.items():
        console.set_viewport_size(size)
        path = screenshot(console, f"live-themes-{name}")
        Path("/tmp/themes-shots").mkdir(exist_ok=True)
        Path(f"/tmp/themes-shots/{path.name}").write_bytes(path.read_bytes())
    assert accessibility_violations(console) == []
