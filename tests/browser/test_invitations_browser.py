"""Invitations in real Chromium: a facilitator invites three groups to two sessions, the mail
reaches a real SMTP server, contacts answer and join from their links, the facilitator sees the
replies and sends a reminder; the pages pass axe, and the mail's HTML part is looked at."""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, accessibility_violations, screenshot
from tests.browser.test_accounts_browser import log_in
from tests.convening.invitation_fixtures import make_register, make_workshops, running_smtp_server
from workshop.convening import sender
from workshop.extensions import db
from workshop.review import services as review_services

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 768}
WIDE = {"width": 1920, "height": 1080}


@pytest.fixture
def mail_server(app, monkeypatch):
    """A real SMTP server, and the app's background sender on (it stops after the test)."""
    with running_smtp_server(app, monkeypatch) as mailbox:
        monkeypatch.setitem(app.config, "MAIL_WORKER", True)
        yield mailbox
        app.config["MAIL_WORKER"] = False
        deadline = time.monotonic() + 10
        while sender.mail_worker.running and time.monotonic() < deadline:
            time.sleep(0.05)


@pytest.fixture
def convening(app, strategy_version, facilitator, live_server, monkeypatch):
    # Mail links point to the public address only (never to a request's Host header).
    monkeypatch.setitem(app.config, "PUBLIC_URL", live_server)
    review_round = review_services.create_round(strategy_version, "Vuosiarviointi 2026", 2026)
    db.session.commit()
    return review_round, make_register(), make_workshops(review_round)


def personal_link(message) -> str:
    text = message.get_body(("plain",)).get_content()
    return re.search(r"http://127\.0\.0\.1:\d+/i/[A-Za-z0-9_-]{43}", text).group(0)


def wait_for(mailbox, count: int) -> None:
    mailbox.wait_for(count, timeout=20)
    assert len(mailbox.messages) >= count, f"{len(mailbox.messages)} messages arrived"


def test_a_facilitator_invites_three_groups_to_two_sessions_and_reminds(
    live_server, new_page, convening, facilitator, mail_server
):
    review_round, contacts, sessions = convening
    page = new_page(viewport=DESKTOP)
    log_in(page, live_server, facilitator.email)
    page.goto(f"{live_server}/review/rounds/{review_round.id}")
    page.get_by_role("link", name="Kutsut", exact=True).click()
    expect(page.get_by_role("heading", name="Kutsut: Vuosiarviointi 2026", level=1)).to_be_visible()
    assert accessibility_violations(page) == []

    page.get_by_label("Oulun työpaja").check()
    page.get_by_label("Raahen työpaja").check()
    page.get_by_label("Klusterit").check()
    page.get_by_label("Tutkimus- ja koulutuslaitokset").check()
    page.get_by_label("Kunnat ja alueelliset edustajat").check()
    page.get_by_role("button", name="Lähetä kutsut").click()
    expect(page.get_by_text("8 kutsua on matkalla.")).to_be_visible()

    wait_for(mail_server, 8)  # the page answered at once; the background sender mailed them
    assert sorted({str(m["To"]) for m in mail_server.messages}) == [
        "Aino Aho <aino@kuusamo.example>",
        "Jane Smith <jane@oulu.example>",
        "Pekka Puro <pekka@oulu.example>",
        "Ville Virta <ville@klusteri.example>",
    ]
    page.reload()
    expect(page.get_by_text("lähetetty").first).to_be_visible()
    for name, viewport in (("desktop", DESKTOP), ("wide", WIDE), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        screenshot(page, f"invitations-sent-{name}")
    page.set_viewport_size(DESKTOP)
    assert accessibility_violations(page) == []

    # Jane (English) answers not coming to Raahe; Aino comes to Oulu and joins it at once.
    def invitation_to(address, title):
        return next(
            m for m in mail_server.to(address) if m["Subject"].endswith(title)
        )  # fmt: skip

    jane = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    jane.goto(personal_link(invitation_to("jane@oulu.example", "Raahen työpaja")))
    expect(jane.get_by_role("heading", name="Raahen työpaja")).to_be_visible()
    expect(jane.get_by_text("Raahen seurahuone")).to_be_visible()
    assert accessibility_violations(jane) == []
    screenshot(jane, "invitation-answer-en-phone")
    jane.get_by_role("button", name="I am not coming").click()
    expect(jane.get_by_text("Your answer: not coming.")).to_be_visible()

    aino = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    aino.goto(personal_link(invitation_to("aino@kuusamo.example", "Oulun työpaja")))
    aino.get_by_role("button", name="Tulen", exact=True).click()
    expect(aino.get_by_text("Kiitos: olet tervetullut.")).to_be_visible()
    screenshot(aino, "invitation-answer-fi-phone")
    assert accessibility_violations(aino) == []
    aino.get_by_role("button", name="Liity työpajaan").click()
    aino.wait_for_url(f"**/s/{sessions['oulu'].join_code}")

    page.reload()
    expect(
        page.get_by_text("Kutsuttu: 8 · tulossa: 1 · ei tule: 1 · ei vastausta: 6 · liittynyt: 1")
    ).to_be_visible()
    oulu_table = page.get_by_role("table", name="Oulun työpaja")
    expect(oulu_table.get_by_role("row")).to_have_count(5)  # the header and four contacts
    row = oulu_table.get_by_role("row").filter(has_text="Aino Aho")
    expect(row.get_by_role("cell", name="tulossa")).to_be_visible()
    expect(row.get_by_role("cell", name="kyllä", exact=True)).to_be_visible()

    page.get_by_role("button", name="Lähetä muistutukset nyt").click()
    # One per contact (each of the four has a session unanswered), not one per invitation.
    expect(page.get_by_text("4 muistutusta on matkalla.")).to_be_visible()
    wait_for(mail_server, 12)
    reminders = [
        m for m in mail_server.messages if m["Subject"].startswith(("Muistutus", "Reminder"))
    ]
    assert len(reminders) == 4
    assert len({str(m["To"]) for m in reminders}) == 4
    assert not any("Aino" in str(m["To"]) and "Oulun" in m["Subject"] for m in reminders)

    page.get_by_label("Lähetä muistutus").fill("2027-03-01T09:00")
    page.get_by_role("button", name="Aseta muistutusaika").click()
    expect(page.get_by_text("Muistutusaika on asetettu.")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Poista"))).to_be_visible()
    screenshot(page, "invitations-replies-desktop")
    assert accessibility_violations(page) == []

    # Jane wants no more: the link on her page, one button.
    jane.get_by_role("link", name="No more invitations").click()
    expect(jane.get_by_role("heading", name="No more invitations")).to_be_visible()
    assert accessibility_violations(jane) == []
    jane.get_by_role("button", name="Unsubscribe").click()
    expect(jane.get_by_text("Done: jane@oulu.example gets no more invitations")).to_be_visible()
    screenshot(jane, "invitation-unsubscribed-en-phone")
    page.reload()
    expect(page.get_by_text("kutsut peruttu").first).to_be_visible()


@pytest.mark.parametrize(
    ("address", "language"), [("aino@kuusamo.example", "fi"), ("jane@oulu.example", "en")]
)
def test_the_invitation_mail_as_a_mail_client_shows_it(
    live_server, new_page, convening, mail_server, address, language
):
    review_round, _contacts, sessions = convening
    from workshop.convening import invitations

    invitations.invite(
        review_round,
        [sessions["oulu"]],
        group_keys=["kunnat", "tutkimus-ja-koulutus"],
        secret_key="test-secret-key",
        link_base=live_server,
    )
    db.session.commit()
    sender.mail_worker.wake()
    wait_for(mail_server, 3)
    (message,) = mail_server.to(address)
    html = message.get_body(("html",)).get_content()
    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page = new_page(viewport=viewport)
        page.set_content(html)
        expect(
            page.get_by_role(
                "link", name="Vastaa kutsuun" if language == "fi" else "Answer the invitation"
            )
        ).to_be_visible()
        screenshot(page, f"invitation-mail-{language}-{name}")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert accessibility_violations(page) == []
