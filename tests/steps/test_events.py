"""Socket.IO events of the new step kinds: wiring, who sees what, live updates coalesced."""

import time

from flask import g

from tests.review.test_events import received, wait_for
from workshop.extensions import db
from workshop.review import services as review_services
from workshop.review.models import ResultsMode


def submit(client, step, text, client_id):
    return client.emit(
        "open:submit", {"step_id": step.id, "client_id": client_id, "text": text}, callback=True
    )


def test_an_answer_reaches_staff_held_and_the_room_only_once_approved_and_shown(
    open_session, question_step, participant, connect_participant, staff_socket
):
    phone = connect_participant(participant)
    ack = submit(phone, question_step, "Kiertotaloutta", "answer-0001")
    assert ack["ok"] and ack["answer"]["status"] == "held"
    staff_socket.emit("staff:watch", {"session_id": open_session.id}, callback=True)
    staff = staff_socket.emit(
        "step:results", {"session_id": open_session.id, "step_id": question_step.id}, callback=True
    )
    assert staff["moderation"][0]["text"] == "Kiertotaloutta"
    assert staff["results"]["groups"] == [] and staff["results_shown"] is False
    phone.get_received()
    moderate = {
        "session_id": open_session.id,
        "step_id": question_step.id,
        "answer_id": ack["answer"]["id"],
        "action": "approve",
    }
    assert staff_socket.emit("open:moderate", moderate, callback=True)["ok"] is True
    # The held answer's own update may still be on its way (coalesced): wait for the approval's.
    deadline = time.monotonic() + 3
    updates = []
    while time.monotonic() < deadline and not any(u["results"]["groups"] for u in updates):
        updates += wait_for(staff_socket, "steps:update", timeout=0.1)
    update = [u for u in updates if u["results"]["groups"]][-1]
    assert update["results"]["groups"][0]["answers"][0]["text"] == "Kiertotaloutta"
    time.sleep(0.3)
    assert received(phone, "steps:update") == []  # not revealed: the room sees nothing
    review_services.set_results_visible(question_step, True)
    db.session.commit()
    mine = phone.emit("step:mine", {"step_id": question_step.id}, callback=True)
    assert mine["answers"][0]["text"] == "Kiertotaloutta"
    assert mine["results"]["groups"][0]["answers"][0]["text"] == "Kiertotaloutta"
    submit(connect_participant(participant), question_step, "Osaajia", "answer-0002")
    room = wait_for(phone, "steps:update", timeout=3)
    assert room and "moderation" not in room[-1]


def test_a_staff_only_step_never_reaches_the_phones(
    open_session, poll_step, make_participant, connect_participant
):
    review_services.set_results_mode(poll_step, ResultsMode.STAFF)
    db.session.commit()
    phones = [connect_participant(make_participant()) for _ in range(5)]
    for phone in phones:
        ack = phone.emit(
            "choice:submit", {"step_id": poll_step.id, "choices": ["2"]}, callback=True
        )
        assert ack == {"ok": True, "step_id": poll_step.id, "choices": ["2"]}
    time.sleep(0.4)
    assert all(received(phone, "steps:update") == [] for phone in phones)
    assert phones[0].emit("step:mine", {"step_id": poll_step.id}, callback=True)["results"] is None


def test_live_poll_results_are_coalesced(
    open_session, poll_step, make_participant, connect_participant, staff_socket
):
    staff_socket.emit("staff:watch", {"session_id": open_session.id}, callback=True)
    staff_socket.get_received()
    phones = [connect_participant(make_participant()) for _ in range(6)]
    for n in range(3):
        for phone in phones:
            phone.emit(
                "choice:submit",
                {"step_id": poll_step.id, "choices": [str(1 + n % 3)]},
                callback=True,
            )
    updates = wait_for(staff_socket, "steps:update", timeout=3)
    time.sleep(0.4)
    updates += received(staff_socket, "steps:update")
    assert 1 <= len(updates) <= 6  # 18 choices, a few updates
    last = updates[-1]["results"]
    assert last["respondents"] == 6 and [i["count"] for i in last["items"]] == [0, 0, 6]


def test_a_participant_cannot_moderate_and_staff_cannot_answer(
    open_session, question_step, participant, connect_participant, staff_socket
):
    phone = connect_participant(participant)
    ack = submit(phone, question_step, "Vastaus", "answer-0003")
    moderate = {
        "session_id": open_session.id,
        "step_id": question_step.id,
        "answer_id": ack["answer"]["id"],
        "action": "approve",
    }
    # Tests share one app context: forget the account the staff socket's event loaded.
    g.pop("_login_user", None)
    assert phone.emit("open:moderate", moderate, callback=True)["error"] == "unauthorized"
    assert submit(staff_socket, question_step, "x", "answer-0004")["error"] == "unauthorized"


def test_hiding_needs_a_listed_reason(
    open_session, question_step, participant, connect_participant, staff_socket
):
    ack = submit(connect_participant(participant), question_step, "Vastaus", "answer-0005")
    base = {
        "session_id": open_session.id,
        "step_id": question_step.id,
        "answer_id": ack["answer"]["id"],
        "action": "hide",
    }
    assert staff_socket.emit("open:moderate", base, callback=True)["error"] == "invalid_reason"
    bad = staff_socket.emit("open:moderate", {**base, "reason": "rude"}, callback=True)
    assert bad["error"] == "invalid"
    other = staff_socket.emit("open:moderate", {**base, "reason": "other"}, callback=True)
    assert other["error"] == "reason_required"
    done = staff_socket.emit("open:moderate", {**base, "reason": "personal_data"}, callback=True)
    assert done["answer"] == {
        **done["answer"],
        "status": "hidden",
        "hidden_reason": "personal_data",
    }


def test_a_refused_choice_says_why_in_the_participants_language(
    open_session, poll_step, participant, connect_participant
):
    # Found by tests/browser/test_eighty_participants.py: a choice sent just after the step
    # closed was answered "Avaa vaihe ennen kuin käynnistät sen ajastimen" (a timer's words),
    # and a choice the step does not take came back in English.
    phone = connect_participant(participant)
    too_many = phone.emit(
        "choice:submit", {"step_id": poll_step.id, "choices": ["1", "2"]}, callback=True
    )
    assert too_many["error"] == "too_many_choices"
    assert too_many["message"] == "Valitsit enemmän kuin tässä vaiheessa voi."
    review_services.close_step(poll_step)
    db.session.commit()
    late = phone.emit("choice:submit", {"step_id": poll_step.id, "choices": ["1"]}, callback=True)
    assert late["error"] == "step_not_open"
    assert late["message"] == "Tämä vaihe ei ole auki."
