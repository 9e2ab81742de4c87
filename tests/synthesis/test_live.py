"""Live themes on the console: coalesced, after a new reason, to the staff room only."""

import time

from tests.review.conftest import answer_payload
from tests.review.test_events import first_area, received, wait_for

REASONS = [
    "Tuulivoiman luvitus kestää aivan liian kauan",
    "Lupaprosessit ovat hitaita ja valitukset vievät vuosia",
    "Lupakäsittely on pullonkaula tuulipuistoille",
    "Sähköverkon siirtokapasiteetti ei riitä uudelle tuotannolle",
    "Kantaverkko on pullonkaula, liittymiä jonotetaan",
    "Verkkoliittymän saaminen kestää ja maksaa paljon",
]


def test_themes_reach_the_console_within_two_seconds_of_the_reasons(
    app, open_session, scoring_step, make_participant, connect_participant, staff_socket
):
    app.config["LIVE_THEMES_INTERVAL"] = 0.2
    staff_socket.emit("staff:watch", {"session_id": open_session.id}, callback=True)
    area = first_area(scoring_step)
    people = [make_participant("yritykset") for _ in REASONS]
    clients = [connect_participant(person) for person in people]
    staff_socket.get_received()
    for client, reason in zip(clients, REASONS, strict=True):
        ack = client.emit(
            "answer:submit", answer_payload(scoring_step, area, 2, reason=reason), callback=True
        )
        assert ack["ok"], ack
    sent = time.monotonic()
    updates = wait_for(staff_socket, "themes:update", timeout=20)
    while updates and sum(t["size"] for a in updates[-1]["focus_areas"] for t in a["themes"]) + sum(
        a["unassigned"] for a in updates[-1]["focus_areas"]
    ) < len(REASONS):
        updates += wait_for(staff_socket, "themes:update", timeout=5)
    took = time.monotonic() - sent
    assert updates, "no themes reached the console"
    latest = updates[-1]
    assert latest["step_id"] == scoring_step.id
    (found,) = latest["focus_areas"]
    assert found["key"] == area
    total = sum(theme["size"] for theme in found["themes"]) + found["unassigned"]
    assert total == len(REASONS)
    for theme in found["themes"]:
        assert 2 <= len(theme["quotes"]) <= 3
        assert set(theme["quotes"]) <= set(REASONS)
    print(f"themes on the console {took:.2f} s after the last reason ({len(updates)} updates)")
    # The first computation embeds the texts; the figure of a warm server is bench/synthesis.md.
    assert took < 20
    # Coalesced: far fewer updates than reasons, and none to participants.
    assert len(updates) < len(REASONS)
    assert not any(received(client, "themes:update") for client in clients)


def test_nothing_is_sent_again_when_no_reason_changed(
    app, open_session, scoring_step, make_participant, connect_participant, staff_socket
):
    from workshop.synthesis import live

    app.config["LIVE_THEMES_INTERVAL"] = 0.2
    staff_socket.emit("staff:watch", {"session_id": open_session.id}, callback=True)
    area = first_area(scoring_step)
    client = connect_participant(make_participant("kunnat"))
    client.emit(
        "answer:submit", answer_payload(scoring_step, area, 3, reason=REASONS[0]), callback=True
    )
    assert wait_for(staff_socket, "themes:update", timeout=20)
    live.live_themes.mark(open_session.id)
    live.live_themes.flush()
    assert received(staff_socket, "themes:update") == []
