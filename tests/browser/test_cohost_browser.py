"""A co-facilitator is added to a round from the web UI, and two consoles of one session stay
in step: a step opened in one opens in the other, a reveal shows in both, a held proposal and
comment approved in one is approved in the other (real Chromium)."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import accessibility_violations
from tests.browser.test_live_session import join, log_in
from workshop.extensions import db
from workshop.review import services as review_services
from workshop.review.models import StepKind

pytestmark = pytest.mark.browser

CONSOLE = {"width": 1366, "height": 768}


@pytest.fixture
def owned_round(strategy_version, facilitator):
    review_round = review_services.create_round(
        strategy_version, "Vuosiarviointi 2026", 2026, owner=facilitator, hold_proposals=True
    )
    session = review_services.create_session(review_round, "Oulu", "Kaupungintalo")
    review_services.set_session_status(session, "open")
    db.session.commit()
    return session


def test_a_cohost_added_on_the_hosts_page_runs_the_session_beside_the_owner(
    live_server, new_page, facilitator, make_user, owned_round
):
    session = owned_round
    colleague = make_user("kollega@example.org", name="Kaisa Kollega")
    console_url = f"{live_server}/review/sessions/{session.id}/console"

    # Before: the colleague may not open the round's console.
    second = new_page(CONSOLE)
    log_in(second, live_server, colleague.email)
    assert second.goto(console_url).status == 403

    # The owner adds the colleague from the round page's Hosts link.
    first = new_page(CONSOLE)
    log_in(first, live_server, facilitator.email)
    first.goto(f"{live_server}/review/rounds/{session.round_id}")
    first.get_by_role("link", name="Vetäjät").click()
    first.get_by_label("Fasilitaattori").select_option(label="Kaisa Kollega")
    first.get_by_role("button", name="Lisää toiseksi vetäjäksi").click()
    expect(first.get_by_role("list").filter(has_text="Kaisa Kollega")).to_be_visible()
    assert accessibility_violations(first) == []
    # The quiet "Remove" button on the light page is drawn in the brand colour, not the
    # header's white (which was white on white here).
    remove = first.locator("main .button--quiet").first
    assert remove.evaluate("b => getComputedStyle(b).color") == "rgb(0, 58, 89)"

    # Both consoles on the same session.
    first.goto(console_url)
    second.goto(console_url)
    for page in (first, second):
        expect(page.get_by_text("Yhteys toimii – tiedot päivittyvät reaaliajassa.")).to_be_visible()

    # Opening a step in one opens it in the other.
    scoring = next(s for s in session.steps if s.kind == StepKind.SCORING)
    name = review_services.step_focus_areas(scoring)[0].theme.title
    first.get_by_role("button", name=f"Avaa {name}").click()
    expect(second.locator("#current-name")).to_have_text(name)
    # A reveal in the second shows in the first.
    second.get_by_role("button", name="Näytä tulokset salissa").click()
    expect(first.locator("#reveal")).to_have_attribute("aria-pressed", "true")

    # A phone proposes and comments; both are held; one click in one console approves.
    proposals = next(s for s in session.steps if s.kind == StepKind.PROPOSALS)
    assert proposals.title == ""
    second.get_by_role("button", name="Avaa Ehdotukset").click()
    expect(first.locator("#current-name")).to_have_text("Ehdotukset")
    phone = new_page({"width": 390, "height": 844})
    join(phone, live_server, session.join_code, "Klusterit")
    phone.get_by_label("Mitä ehdotat?").select_option(label="Uusi haaste painopistealalle")
    phone.get_by_label("Painopisteala tai strategian osa").select_option(
        label="Energian tuotanto ja varastointi"
    )
    phone.get_by_label("Uusi haaste").fill("Vetytalouden osaajapula")
    phone.get_by_role("button", name="Lähetä ehdotus").click()
    expect(
        phone.get_by_role("status").filter(has_text="Ehdotus lähetetty. Fasilitaattori hyväksyy")
    ).to_be_visible()

    held_first = first.locator(".mod-item", has_text="Vetytalouden osaajapula")
    held_second = second.locator(".mod-item", has_text="Vetytalouden osaajapula")
    expect(held_first).to_contain_text("Odottaa hyväksyntää")
    expect(held_second).to_contain_text("Odottaa hyväksyntää")
    held_second.get_by_role("button", name="Hyväksy").click()
    expect(held_first).to_contain_text("Näkyvissä")

    # The comment on it waits too, for both consoles; the first approves it.
    card = phone.locator(".proposal-card", has_text="Vetytalouden osaajapula")
    expect(card).to_be_visible()
    card.locator("summary").click()
    card.get_by_label("Kommenttisi").fill("Totta, koulutusta tarvitaan")
    card.get_by_role("button", name="Lähetä kommentti").click()
    expect(
        card.get_by_role("status").filter(has_text="Kommentti lähetetty. Fasilitaattori hyväksyy")
    ).to_be_visible()
    expect(card.locator(".comment-held")).to_be_visible()
    comment_first = first.locator(".mod-item", has_text="Totta, koulutusta tarvitaan")
    comment_second = second.locator(".mod-item", has_text="Totta, koulutusta tarvitaan")
    expect(comment_second).to_contain_text("Odottaa hyväksyntää")
    comment_first.get_by_role("button", name="Hyväksy").click()
    expect(comment_second).to_contain_text("Näkyvissä")
    expect(card.locator(".comment-held")).to_have_count(0)
    assert accessibility_violations(second) == []
