"""Socket.IO events of a live workshop: wiring, validation, roles, resend, live results."""

import time

import pytest
from socketio import packet as sio_packet
from sqlalchemy import event as sa_event

from tests.review.conftest import answer_payload, scoring_steps
from workshop.extensions import db, socketio
from workshop.review import participation, services
from workshop.review.models import Answer


def received(client, name):
    return [message["args"][0] for message in client.get_received() if message["name"] == name]


def first_area(step):
    return services.step_focus_areas(step)[0].key


def wait_for(client, name, timeout=1.0):
    """Events named ``name`` that reach ``client`` within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    found = []
    while time.monotonic() < deadline and not found:
        time.sleep(0.02)
        found = received(client, name)
    return found


def test_a_participant_connects_with_the_token_and_syncs(
    scoring_step, participant, connect_participant
):
    client = connect_participant(participant)
    state = client.emit("participant:sync", {}, callback=True)
    assert state["ok"] is True
    assert state["participant"]["group"] == "klusterit"
    assert state["step"]["id"] == scoring_step.id
    assert [a["title"] for a in state["step"]["focus_areas"]][0] == (
        "Digitaaliset palvelut ja tuotteet"
    )
    assert state["step"]["questions"][1]["dont_know"] is True
    assert state["answers"] == []


def test_a_sync_takes_a_few_queries_however_many_focus_areas_the_step_has(
    open_session, participant, connect_participant
):
    step = services.add_step(open_session, "scoring", "Kaikki", [])  # every focus area
    services.open_step(step)
    db.session.commit()
    client = connect_participant(participant)
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    sa_event.listen(db.engine, "before_cursor_execute", count)
    try:
        state = client.emit("participant:sync", {}, callback=True)
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", count)
    assert len(state["step"]["focus_areas"]) == 10
    # A query per focus area (for its sub-themes) made 21; the areas now come in two.
    assert len(statements) <= 12, len(statements)


def test_english_participants_get_english_texts(
    scoring_step, make_participant, connect_participant
):
    client = connect_participant(make_participant(locale="en"))
    state = client.emit("participant:sync", callback=True)
    assert state["step"]["focus_areas"][0]["title"] == "Digital services and products"
    assert state["step"]["questions"][0]["text"] == "How well has the focus area progressed?"
    assert state["step"]["title"] == "Renewing and thriving"


def test_connections_without_a_valid_token_or_login_are_refused(app, client, participant):
    assert not socketio.test_client(app, auth={"token": "forged"}).is_connected()
    assert not socketio.test_client(app, flask_test_client=client).is_connected()


def test_a_refusal_names_its_reason_as_message_and_data(app, monkeypatch):
    client = socketio.test_client(app, auth={"token": "forged"})
    sent = []
    # The test client installs its own packet sender; listen in on it, then connect again.
    original = socketio.server._send_packet

    def capture(eio_sid, pkt):
        sent.append(pkt)
        return original(eio_sid, pkt)

    monkeypatch.setattr(socketio.server, "_send_packet", capture)
    client.connect(auth={"token": "forged"})
    assert not client.is_connected()
    refusal = next(pkt for pkt in sent if pkt.packet_type == sio_packet.CONNECT_ERROR)
    assert refusal.data == {"message": "invalid_token", "data": {"error": "invalid_token"}}


def test_a_closed_session_refuses_participants(app, open_session, participant):
    services.set_session_status(open_session, "closed")
    db.session.commit()
    token = participation.make_token(app.config["SECRET_KEY"], participant)
    assert not socketio.test_client(app, auth={"token": token}).is_connected()


def test_an_answer_is_acknowledged_after_it_is_stored(
    scoring_step, participant, connect_participant
):
    client = connect_participant(participant)
    payload = answer_payload(scoring_step, first_area(scoring_step), 5, reason="Hyvä 👍")
    ack = client.emit("answer:submit", payload, callback=True)
    assert ack["ok"] is True and ack["duplicate"] is False
    assert ack["answer"]["value"] == 5
    db.session.expire_all()
    stored = db.session.query(Answer).one()
    assert (stored.value, stored.reason, stored.participant_id) == (5, "Hyvä 👍", participant.id)


def test_resending_after_a_reconnect_is_ignored_not_doubled(
    scoring_step, participant, connect_participant
):
    area = first_area(scoring_step)
    first = connect_participant(participant)
    payload = answer_payload(scoring_step, area, 3, submission="resend-0001")
    first.emit("answer:submit", payload, callback=True)
    newer = answer_payload(scoring_step, area, 4, submission="resend-0002")
    first.emit("answer:submit", newer, callback=True)
    first.disconnect()

    second = connect_participant(participant)
    again = second.emit("answer:submit", payload, callback=True)
    assert again == {**again, "ok": True, "duplicate": True}
    state = second.emit("participant:sync", callback=True)
    assert [a["value"] for a in state["answers"]] == [4]
    assert db.session.query(Answer).count() == 1


def test_answers_to_a_closed_step_get_an_error_ack(scoring_step, participant, connect_participant):
    services.close_step(scoring_step)
    db.session.commit()
    client = connect_participant(participant)
    ack = client.emit(
        "answer:submit", answer_payload(scoring_step, first_area(scoring_step)), callback=True
    )
    assert ack["ok"] is False and ack["error"] == "step_closed"


@pytest.mark.parametrize(
    "change, field, code",
    [
        ({"submission_id": "x"}, "submission_id", "invalid"),
        ({"submission_id": "<script>alert(1)</script>"}, "submission_id", "invalid"),
        ({"step_id": "abc"}, "step_id", "invalid"),
        ({"reason": "x" * 100_000}, "reason", "invalid"),
        ({"value": "five"}, "value", "invalid_value"),
    ],
)
def test_invalid_answer_payloads_are_refused_field_by_field(
    scoring_step, participant, connect_participant, change, field, code
):
    client = connect_participant(participant)
    ack = client.emit(
        "answer:submit",
        {**answer_payload(scoring_step, first_area(scoring_step)), **change},
        callback=True,
    )
    assert ack["ok"] is False and ack["error"] == code
    assert field in ack["fields"]


@pytest.mark.parametrize(
    "payload", [None, [], "text", 42, {"a": {"b": 1}}, {"x" + str(i): i for i in range(100)}]
)
def test_malformed_payloads_never_crash(scoring_step, participant, connect_participant, payload):
    client = connect_participant(participant)
    ack = client.emit("answer:submit", payload, callback=True)
    assert ack["ok"] is False and ack["error"] == "invalid"
    assert client.is_connected()


def test_an_answer_with_extra_arguments_gets_an_error_ack(
    scoring_step, participant, connect_participant
):
    client = connect_participant(participant)
    payload = answer_payload(scoring_step, first_area(scoring_step))
    ack = client.emit("answer:submit", payload, "extra", callback=True)
    assert ack == {**ack, "ok": False, "error": "invalid"}  # the client's mistake, not ours
    assert db.session.query(Answer).count() == 0


def test_missing_value_is_not_taken_as_dont_know(scoring_step, participant, connect_participant):
    payload = answer_payload(scoring_step, first_area(scoring_step))
    del payload["value"]
    ack = connect_participant(participant).emit("answer:submit", payload, callback=True)
    assert ack["error"] == "invalid_value" and "value" in ack["fields"]
    payload["value"] = None
    ack = connect_participant(participant).emit("answer:submit", payload, callback=True)
    assert ack["ok"] is True and ack["answer"]["value"] is None


def test_hostile_reason_text_is_stored_cleanly(scoring_step, participant, connect_participant):
    reason = "<b>bold</b>\x00\x1b[31m 🚀 " + "ä" * 1000
    ack = connect_participant(participant).emit(
        "answer:submit",
        answer_payload(scoring_step, first_area(scoring_step), reason=reason),
        callback=True,
    )
    assert ack["ok"] is True
    assert ack["answer"]["reason"] == "<b>bold</b>[31m 🚀 " + "ä" * 1000


def test_a_facilitators_connection_cannot_answer(scoring_step, staff_socket):
    # answer:submit skips Flask-SocketIO's request context; the role check must still hold.
    ack = staff_socket.emit(
        "answer:submit", answer_payload(scoring_step, first_area(scoring_step)), callback=True
    )
    assert ack == {**ack, "ok": False, "error": "unauthorized"}
    assert db.session.query(Answer).count() == 0


def test_participants_cannot_use_facilitator_controls(
    open_session, scoring_step, participant, connect_participant
):
    client = connect_participant(participant)
    for event, extra in [
        ("step:open", {}),
        ("step:close", {}),
        ("step:reveal", {"visible": True}),
        ("timer:start", {"seconds": 60}),
        ("timer:stop", {}),
    ]:
        ack = client.emit(
            event,
            {"session_id": open_session.id, "step_id": scoring_step.id, **extra},
            callback=True,
        )
        assert ack == {**ack, "ok": False, "error": "unauthorized"}, event
    ack = client.emit("staff:watch", {"session_id": open_session.id}, callback=True)
    assert ack["error"] == "unauthorized"


def test_facilitator_opens_a_step_and_participants_follow_at_once(
    open_session, participant, connect_participant, staff_socket
):
    participant_client = connect_participant(participant)
    watch = staff_socket.emit("staff:watch", {"session_id": open_session.id}, callback=True)
    assert watch["ok"] and watch["state"]["open_step_id"] is None
    assert watch["labels"]["groups"]["klusterit"] == "Klusterit"
    step = scoring_steps(open_session)[1]

    ack = staff_socket.emit(
        "step:open", {"session_id": open_session.id, "step_id": step.id}, callback=True
    )

    assert ack["ok"] and ack["state"]["open_step_id"] == step.id
    changes = received(participant_client, "step:changed")
    assert changes[-1]["step"]["id"] == step.id
    assert changes[-1]["step"]["title"] == "Ilmastoviisas"
    assert received(staff_socket, "session:state")[-1]["open_step_id"] == step.id


def test_timer_reveal_and_close_reach_participants(
    open_session, scoring_step, participant, connect_participant, staff_socket
):
    participant_client = connect_participant(participant)
    ids = {"session_id": open_session.id, "step_id": scoring_step.id}
    assert staff_socket.emit("timer:start", {**ids, "seconds": 120}, callback=True)["ok"]
    assert received(participant_client, "step:changed")[-1]["step"]["timer_ends_at"]
    assert staff_socket.emit("timer:stop", ids, callback=True)["ok"]
    assert received(participant_client, "step:changed")[-1]["step"]["timer_ends_at"] is None
    assert staff_socket.emit("step:reveal", {**ids, "visible": True}, callback=True)["ok"]
    assert received(participant_client, "step:changed")[-1]["step"]["results_visible"] is True
    assert staff_socket.emit("timer:start", {**ids, "seconds": 0}, callback=True)["error"] == (
        "invalid"
    )
    assert staff_socket.emit("step:close", ids, callback=True)["ok"]
    assert received(participant_client, "step:changed")[-1]["step"] is None


def test_a_late_joiner_lands_on_the_open_step(scoring_step, make_participant, connect_participant):
    late = make_participant("kunnat")
    state = connect_participant(late).emit("participant:sync", callback=True)
    assert state["step"]["id"] == scoring_step.id


def test_staff_controls_refuse_unknown_sessions_and_steps(open_session, staff_socket):
    ack = staff_socket.emit("step:open", {"session_id": 99999, "step_id": 1}, callback=True)
    assert ack["error"] == "not_found"
    ack = staff_socket.emit(
        "step:open", {"session_id": open_session.id, "step_id": 99999}, callback=True
    )
    assert ack["error"] == "unknown_step"


def test_live_results_are_coalesced_and_arrive_within_half_a_second(
    open_session, scoring_step, make_participant, connect_participant, staff_socket
):
    staff_socket.emit("staff:watch", {"session_id": open_session.id}, callback=True)
    staff_socket.get_received()
    area = first_area(scoring_step)
    clients = [connect_participant(make_participant()) for _ in range(5)]
    started = time.monotonic()
    for n in range(6):
        for client in clients:
            client.emit(
                "answer:submit", answer_payload(scoring_step, area, 1 + n % 5), callback=True
            )
    sent = time.monotonic()
    updates = wait_for(staff_socket, "results:update", timeout=0.5)
    assert updates, "no live results within half a second of the last answer"
    time.sleep(0.5)
    updates += received(staff_socket, "results:update")
    # 30 answers, but only one update per interval reached the room.
    assert len(updates) <= 2 + (time.monotonic() - started) / 0.2
    latest = updates[-1]
    progress = next(
        i
        for i in latest["results"]["items"]
        if i["focus_area"] == area and i["question"] == "edistyminen"
    )
    assert progress["count"] == 5
    assert latest["participants"]["total"] == 5
    assert sent - started < 5


def test_participants_see_results_only_when_revealed(
    open_session, scoring_step, participant, connect_participant, staff_socket
):
    client = connect_participant(participant)
    client.emit(
        "answer:submit", answer_payload(scoring_step, first_area(scoring_step)), callback=True
    )
    time.sleep(0.4)
    assert received(client, "results:update") == []
    staff_socket.emit(
        "step:reveal",
        {"session_id": open_session.id, "step_id": scoring_step.id, "visible": True},
        callback=True,
    )
    assert wait_for(client, "results:update", timeout=0.6)


def test_a_step_shown_live_reaches_participants_without_a_reveal(
    open_session, scoring_step, participant, connect_participant, staff_socket
):
    client = connect_participant(participant)
    control = {"session_id": open_session.id, "step_id": scoring_step.id}
    ack = staff_socket.emit("step:results_mode", {**control, "mode": "live"}, callback=True)
    assert ack["ok"] is True
    step_state = next(s for s in ack["state"]["steps"] if s["id"] == scoring_step.id)
    assert step_state["results_mode"] == "live" and step_state["results_shown"] is True
    assert step_state["results_visible"] is False  # not revealed: shown because live
    changed = wait_for(client, "step:changed", timeout=0.6)
    assert changed[-1]["step"]["results_visible"] is True  # the phone shows them
    client.get_received()
    client.emit(
        "answer:submit", answer_payload(scoring_step, first_area(scoring_step)), callback=True
    )
    assert wait_for(client, "results:update", timeout=0.6)


def test_a_staff_only_step_never_reaches_participants_and_refuses_a_reveal(
    open_session, scoring_step, participant, connect_participant, staff_socket
):
    client = connect_participant(participant)
    control = {"session_id": open_session.id, "step_id": scoring_step.id}
    staff_socket.emit("step:reveal", {**control, "visible": True}, callback=True)
    ack = staff_socket.emit("step:results_mode", {**control, "mode": "staff"}, callback=True)
    step_state = next(s for s in ack["state"]["steps"] if s["id"] == scoring_step.id)
    assert (step_state["results_visible"], step_state["results_shown"]) == (False, False)
    refused = staff_socket.emit("step:reveal", {**control, "visible": True}, callback=True)
    assert refused["ok"] is False and refused["error"] == "results_staff_only"
    assert refused["message"] == "Vaiheen tulokset ovat vain ohjaajille."
    client.get_received()
    client.emit(
        "answer:submit", answer_payload(scoring_step, first_area(scoring_step)), callback=True
    )
    time.sleep(0.4)
    assert received(client, "results:update") == []
    assert client.emit("participant:sync", callback=True)["results"] is None


def test_an_unknown_results_mode_is_refused_and_changes_nothing(
    open_session, scoring_step, staff_socket
):
    control = {"session_id": open_session.id, "step_id": scoring_step.id}
    for mode in ("public", "", 1, None, ["live"]):
        ack = staff_socket.emit("step:results_mode", {**control, "mode": mode}, callback=True)
        assert ack["ok"] is False and ack["error"] == "invalid" and "mode" in ack["fields"]
    db.session.expire_all()
    assert db.session.get(type(scoring_step), scoring_step.id).results_mode == "reveal"


def test_a_participant_who_reconnects_gets_revealed_results_in_the_sync(
    open_session, scoring_step, participant, connect_participant
):
    client = connect_participant(participant)
    client.emit(
        "answer:submit", answer_payload(scoring_step, first_area(scoring_step)), callback=True
    )
    assert client.emit("participant:sync", callback=True)["results"] is None
    services.set_results_visible(scoring_step, True)
    db.session.commit()
    results = connect_participant(participant).emit("participant:sync", callback=True)["results"]
    assert results["step_id"] == scoring_step.id
    item = next(i for i in results["items"] if i["focus_area"] == first_area(scoring_step))
    assert item["count"] == 1


def test_staff_labels_carry_each_questions_scale(open_session, staff_socket):
    watch = staff_socket.emit("staff:watch", {"session_id": open_session.id}, callback=True)
    question = watch["labels"]["questions"]["edistyminen"]
    assert (question["min"], question["max"], question["dont_know"]) == (1, 5, True)
    assert question["text"] and question["low_label"] and question["high_label"]
    step = watch["state"]["steps"][2]
    assert step["titles"] == {"fi": "Uudistuva ja hyvinvoiva", "en": "Renewing and thriving"}


def _results_updates_queued(client):
    """The results:update events queued for ``client``, readable after a disconnect too."""
    return [m for m in client.queue if m["name"] == "results:update"]


def _watching_staff_socket(staff_socket, open_session):
    staff_socket.emit("staff:watch", {"session_id": open_session.id}, callback=True)
    staff_socket.get_received()
    return staff_socket


def test_a_logout_elsewhere_disconnects_the_staff_socket_and_its_live_results_stop(
    app, open_session, scoring_step, facilitator, staff_socket
):
    from tests.conftest import TEST_PASSWORD
    from workshop.review.events import publish_live_results

    _watching_staff_socket(staff_socket, open_session)
    other_device = app.test_client()
    other_device.post("/login", data={"email": facilitator.email, "password": TEST_PASSWORD})
    other_device.post("/logout")
    assert not staff_socket.is_connected()
    publish_live_results(open_session.id)
    assert _results_updates_queued(staff_socket) == []


def test_a_deactivation_disconnects_the_accounts_staff_sockets_after_the_commit(
    open_session, facilitator, make_user, staff_socket
):
    from workshop.auth import services as auth_services
    from workshop.realtime import commit_and_emit, discard_pending_emits

    _watching_staff_socket(staff_socket, open_session)
    admin = make_user("yllapito@example.org", role="admin", name="Ylläpito")
    auth_services.set_active(admin, facilitator, False)
    db.session.rollback()  # a rolled-back deactivation disconnects no one
    discard_pending_emits()
    assert staff_socket.is_connected()
    auth_services.set_active(admin, db.session.merge(facilitator), False)
    commit_and_emit()
    assert not staff_socket.is_connected()


def test_removing_a_co_host_disconnects_their_staff_sockets(
    open_session, facilitator, staff_socket
):
    from workshop.auth import services as auth_services
    from workshop.realtime import commit_and_emit

    review_round = open_session.review_round
    auth_services.add_cohost(facilitator, review_round, facilitator)
    db.session.commit()
    _watching_staff_socket(staff_socket, open_session)
    auth_services.remove_cohost(facilitator, review_round, facilitator)
    commit_and_emit()
    assert not staff_socket.is_connected()
