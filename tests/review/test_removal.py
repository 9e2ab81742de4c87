"""Removing a participant: their answers leave every result at once, visibly and on record,
their device is refused, and a restore undoes it."""

import io

import docx
import pytest

from tests.review.conftest import answer_payload
from tests.review.test_events import first_area, wait_for
from workshop.audit.models import AuditEvent
from workshop.extensions import db
from workshop.report.data import collect
from workshop.report.document import build_docx
from workshop.review import participation, views
from workshop.review.results import participant_counts, step_results


@pytest.fixture(autouse=True)
def fresh_limits():
    views.joins.reset()
    yield
    views.joins.reset()


def _score(step, people, values):
    area = first_area(step)
    for person, value in zip(people, values, strict=True):
        participation.submit_answer(
            person,
            submission_id=f"s{person.id:08d}",
            step_id=step.id,
            question_key="edistyminen",
            focus_area_key=area,
            value=value,
        )
    db.session.commit()
    return area


def _progress(step, area):
    items = step_results(step)["items"]
    return next(i for i in items if i["focus_area"] == area and i["question"] == "edistyminen")


@pytest.fixture
def room(scoring_step, make_participant):
    """Six klusterit members scored 4; one fake scored 1."""
    people = [make_participant("klusterit") for _ in range(7)]
    area = _score(scoring_step, people, [4, 4, 4, 4, 4, 4, 1])
    return people, area


def _remove(client, session, people, reason="Ei paikalla: skriptin liittämä"):
    return client.post(
        f"/review/sessions/{session.id}/participants/remove",
        data={"participants": [p.id for p in people], "reason": reason},
    )


def test_removal_takes_the_answers_out_of_the_live_results_and_broadcasts_them(
    open_session, scoring_step, room, logged_in_client, staff_socket
):
    people, area = room
    assert _progress(scoring_step, area)["mean"] == pytest.approx(3.57, abs=0.01)
    staff_socket.emit("staff:watch", {"session_id": open_session.id}, callback=True)
    staff_socket.get_received()

    response = _remove(logged_in_client, open_session, people[-1:])
    assert response.status_code == 302

    updates = wait_for(staff_socket, "results:update", timeout=1.0)
    assert updates, "no live results after the removal"
    latest = updates[-1]
    assert latest["participants"]["total"] == 6 and latest["participants"]["removed"] == 1
    item = next(
        i
        for i in latest["results"]["items"]
        if i["focus_area"] == area and i["question"] == "edistyminen"
    )
    assert (item["count"], item["mean"]) == (6, 4.0)


def test_removal_is_recorded_with_its_reason_and_listed_as_removed(
    open_session, room, logged_in_client, facilitator
):
    people, _ = room
    _remove(logged_in_client, open_session, people[-1:])
    event = db.session.query(AuditEvent).filter_by(action="participant.remove").one()
    assert event.subject == f"participant:{people[-1].id}"
    assert event.details == {"reason": "Ei paikalla: skriptin liittämä", "session": open_session.id}
    assert event.actor_id == facilitator.id

    page = logged_in_client.get(f"/review/sessions/{open_session.id}/participants")
    text = page.get_data(as_text=True)
    assert "6 osallistujaa lasketaan tuloksiin." in text
    assert "1 poistettu." in text
    assert "Ei paikalla: skriptin liittämä" in text


def test_a_removal_needs_a_reason(open_session, room, logged_in_client):
    people, _ = room
    response = _remove(logged_in_client, open_session, people[-1:], reason="")
    assert response.status_code == 400
    assert participant_counts(open_session)["removed"] == 0


def test_the_participants_page_lists_each_group_with_join_times_in_local_time(
    open_session, make_participant, logged_in_client
):
    from datetime import UTC, datetime

    person = make_participant("kunnat")
    person.created_at = datetime(2026, 6, 1, 7, 5, 9, tzinfo=UTC)  # 10.05.09 in Finland (EEST)
    db.session.commit()
    text = logged_in_client.get(f"/review/sessions/{open_session.id}/participants").get_data(
        as_text=True
    )
    assert "Kunnat" in text and "10.05.09" in text


def test_restoring_brings_the_answers_back_with_an_audit_event(
    open_session, scoring_step, room, logged_in_client
):
    people, area = room
    _remove(logged_in_client, open_session, people[-1:])
    assert _progress(scoring_step, area)["mean"] == 4.0
    response = logged_in_client.post(
        f"/review/sessions/{open_session.id}/participants/{people[-1].id}/restore"
    )
    assert response.status_code == 302
    assert _progress(scoring_step, area)["mean"] == pytest.approx(3.57, abs=0.01)
    events = db.session.query(AuditEvent).order_by(AuditEvent.id)
    # The facilitator's login is in the log too; only the participant's events matter here.
    actions = [e.action for e in events if e.action.startswith("participant.")]
    assert actions == ["participant.remove", "participant.restore"]


def test_the_removed_device_is_refused_everywhere(
    app, open_session, scoring_step, room, logged_in_client, connect_participant
):
    people, area = room
    fake = people[-1]
    connected = connect_participant(fake)
    _remove(logged_in_client, open_session, [fake])

    ack = connected.emit("answer:submit", answer_payload(scoring_step, area, 1), callback=True)
    assert ack["ok"] is False and ack["error"] == "participant_removed"
    sync = connected.emit("participant:sync", {}, callback=True)
    assert sync["error"] == "participant_removed"

    from workshop.extensions import socketio

    token = participation.make_token(app.config["SECRET_KEY"], fake)
    refused = socketio.test_client(app, auth={"token": token})
    assert not refused.is_connected()

    phone = app.test_client()
    phone.set_cookie(f"wp_round_{open_session.round_id}", token)
    page = phone.get(f"/s/{open_session.join_code}")
    assert page.status_code == 403
    assert "Sinut poistettiin tästä työpajasta" in page.get_data(as_text=True)
    again = phone.post(f"/j/{open_session.join_code}", data={"group": "klusterit"})
    assert again.status_code == 403


def test_a_connected_removed_device_is_told_at_once(
    open_session, room, logged_in_client, connect_participant
):
    people, _ = room
    connected = connect_participant(people[-1])
    connected.get_received()
    _remove(logged_in_client, open_session, people[-1:])
    assert wait_for(connected, "participant:removed")


def test_the_word_draft_counts_no_removed_participant(
    open_session, scoring_step, room, logged_in_client, every_group_shown
):
    people, _ = room
    assert collect(open_session.review_round).participants == 7
    _remove(logged_in_client, open_session, people[-1:])
    data = collect(open_session.review_round)
    assert data.participants == 6
    assert data.sessions[0].participants == 6
    document = docx.Document(io.BytesIO(build_docx(data)))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Sidosryhmä")
    counts = {row.cells[0].text: row.cells[1].text for row in table.rows[1:]}
    assert counts["Kaikki"] == "6"


def test_the_minimum_group_size_applies_after_a_removal(
    open_session, scoring_step, make_participant, logged_in_client
):
    # Five klusterit (shown alone at the default minimum of 5) and five kunnat.
    klusterit = [make_participant("klusterit") for _ in range(5)]
    kunnat = [make_participant("kunnat") for _ in range(5)]
    area = _score(scoring_step, klusterit + kunnat, [2] * 5 + [5] * 5)
    assert set(_progress(scoring_step, area)["by_group"]) == {"klusterit", "kunnat"}
    _remove(logged_in_client, open_session, klusterit[:1])
    item = _progress(scoring_step, area)
    # Four klusterit left: no group may be shown alone (the other would reveal them).
    assert item["by_group"] == {} and item["count"] == 9


def test_the_assistant_compares_with_others_without_the_removed(
    open_session, scoring_step, room, logged_in_client
):
    from workshop.assistant.services import Context

    people, area = room
    asking = people[0]
    assert Context(asking).others_mean("edistyminen", area) == (3.5, 6)
    _remove(logged_in_client, open_session, people[-1:])
    assert Context(asking).others_mean("edistyminen", area) == (4.0, 5)
