"""Room state is honest: closing a round or session tells every room at once, a reopened round
can reopen its sessions, timers run only on open steps, and destructive actions are confirmed."""

import pytest

from tests.review.conftest import answer_payload, scoring_steps
from workshop.extensions import db
from workshop.review import participation, services
from workshop.review.services import ReviewError


def received(client, name):
    return [m["args"][0] for m in client.get_received() if m["name"] == name]


# Rounds and sessions ----------------------------------------------------------------------


def test_closing_a_round_closes_its_open_sessions_and_returns_them(review_round, open_session):
    other = services.create_session(review_round, "Raahe")
    services.set_session_status(other, "open")
    draft = services.create_session(review_round, "Kajaani")
    closed = services.set_round_status(review_round, "closed")
    assert closed == [open_session, other]
    assert (open_session.status, other.status, draft.status) == ("closed", "closed", "draft")


def test_a_reopened_round_can_reopen_its_sessions(review_round, open_session, participant):
    services.set_round_status(review_round, "closed")
    db.session.commit()
    with pytest.raises(ReviewError) as refused:
        services.set_session_status(open_session, "open")
    assert refused.value.code == "round_closed"
    services.set_round_status(review_round, "open")
    assert open_session.status == "closed"  # reopening the round leaves each session closed
    services.set_session_status(open_session, "open")
    assert open_session.status == "open"
    step = scoring_steps(open_session)[0]
    services.open_step(step)
    assert step.status == "open"


def test_a_reopened_online_window_is_answerable_again_at_once(review_round):
    window = services.create_online_session(review_round, "Verkkoarviointi")
    services.set_session_status(window, "closed")
    assert window.open_step is None
    services.set_session_status(window, "open")
    assert window.open_step is window.steps[0]


def test_an_open_round_or_session_never_returns_to_draft(review_round, open_session):
    for change in (
        lambda: services.set_round_status(review_round, "draft"),
        lambda: services.set_session_status(open_session, "draft"),
    ):
        with pytest.raises(ReviewError) as refused:
            change()
        assert refused.value.code == "invalid_transition"


def test_closing_impact_counts_what_the_confirmation_page_tells(
    review_round, open_session, scoring_step, make_participant
):
    people = [make_participant(), make_participant("yritykset")]
    participation.submit_answer(
        people[0],
        submission_id="a" * 12,
        step_id=scoring_step.id,
        question_key="edistyminen",
        focus_area_key=services.step_focus_areas(scoring_step)[0].key,
        value=4,
    )
    impact = services.closing_impact(review_round.sessions)
    assert impact.open_sessions == [open_session]
    assert (impact.participants, impact.answers) == (2, 1)
    assert impact.open_steps == [scoring_step]


# Timers -----------------------------------------------------------------------------------


def test_a_timer_starts_only_on_an_open_step(open_session):
    pending = scoring_steps(open_session)[0]
    with pytest.raises(ReviewError) as refused:
        services.start_timer(pending, 300)
    assert refused.value.code == "step_not_open"
    assert pending.timer_ends_at is None
    services.open_step(pending)
    services.start_timer(pending, 300)
    services.close_step(pending)
    assert pending.timer_ends_at is None
    with pytest.raises(ReviewError):
        services.start_timer(pending, 300)


def test_closing_the_session_stops_the_timer_of_its_open_step(open_session, scoring_step):
    services.start_timer(scoring_step, 300)
    services.set_session_status(open_session, "closed")
    assert (scoring_step.status, scoring_step.timer_ends_at) == ("closed", None)


def test_timer_start_on_a_pending_step_is_refused_over_the_socket(open_session, staff_socket):
    step = scoring_steps(open_session)[0]
    ack = staff_socket.emit(
        "timer:start",
        {"session_id": open_session.id, "step_id": step.id, "seconds": 60},
        callback=True,
    )
    assert ack["ok"] is False and ack["error"] == "step_not_open"
    db.session.expire_all()
    assert step.timer_ends_at is None


def test_closing_a_step_takes_its_timer_off_the_phones(
    open_session, scoring_step, participant, connect_participant, staff_socket
):
    ids = {"session_id": open_session.id, "step_id": scoring_step.id}
    staff_socket.emit("timer:start", {**ids, "seconds": 120}, callback=True)
    phone = connect_participant(participant)
    phone.get_received()
    ack = staff_socket.emit("step:close", ids, callback=True)
    changed = received(phone, "step:changed")[-1]
    assert changed["step"] is None
    closed = next(s for s in ack["state"]["steps"] if s["id"] == scoring_step.id)
    assert closed["timer_ends_at"] is None


# Closing tells every room -----------------------------------------------------------------


def test_closing_the_round_tells_the_phones_and_consoles_of_every_session(
    logged_in_client, review_round, open_session, make_participant, connect_participant, app
):
    other = services.create_session(review_round, "Raahe")
    services.set_session_status(other, "open")
    db.session.commit()
    finnish = connect_participant(make_participant())
    english = connect_participant(make_participant("yritykset", locale="en", session=other))
    from workshop.extensions import socketio

    console = socketio.test_client(app, flask_test_client=logged_in_client)
    console.emit("staff:watch", {"session_id": other.id}, callback=True)
    for client in (finnish, english, console):
        client.get_received()
    response = logged_in_client.post(
        f"/review/rounds/{review_round.id}/status", data={"status": "closed", "confirm": "yes"}
    )
    assert response.status_code == 302
    for phone in (finnish, english):
        changed = received(phone, "step:changed")
        assert changed and changed[-1]["session_status"] == "closed"
        assert changed[-1]["step"] is None
    assert received(console, "session:state")[-1]["session"]["status"] == "closed"
    console.disconnect()
    # The phones can answer nothing more.
    db.session.expire_all()
    step = scoring_steps(open_session)[0]
    ack = finnish.emit("answer:submit", answer_payload(step, "energia"), callback=True)
    assert ack["ok"] is False and ack["error"] == "step_closed"


def test_a_closed_session_refuses_a_phone_that_reconnects(
    open_session, participant, connect_participant
):
    services.set_session_status(open_session, "closed")
    db.session.commit()
    phone = connect_participant(participant)
    assert not phone.is_connected()


# Confirmation pages -----------------------------------------------------------------------


def test_closing_the_round_asks_first_and_says_what_will_happen(
    logged_in_client, review_round, open_session, make_participant
):
    make_participant()
    make_participant("yritykset")
    page = logged_in_client.get(f"/review/rounds/{review_round.id}/close")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Kierroksen sulkeminen sulkee sen 1 avoimen työpajan: Oulu." in text
    assert "Niihin on liittynyt 2 osallistujaa." in text
    assert 'name="confirm" value="yes"' in text
    refused = logged_in_client.post(
        f"/review/rounds/{review_round.id}/status", data={"status": "closed"}
    )
    assert refused.status_code == 400
    assert "Mitään ei vielä muutettu" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert review_round.status == "open" and open_session.status == "open"


def test_the_confirmation_page_speaks_english_too(logged_in_client, review_round, open_session):
    logged_in_client.get("/language/en")
    text = logged_in_client.get(f"/review/sessions/{open_session.id}/close").get_data(as_text=True)
    assert "Close the session “Oulu”?" in text
    assert "Nobody can join with the code" in text


def test_closing_a_session_without_the_confirmation_changes_nothing(
    logged_in_client, open_session, scoring_step
):
    refused = logged_in_client.post(
        f"/review/sessions/{open_session.id}/status", data={"status": "closed", "next": "console"}
    )
    assert refused.status_code == 400
    text = refused.get_data(as_text=True)
    assert "Avoin vaihe" in text and 'name="next" value="console"' in text
    db.session.expire_all()
    assert open_session.status == "open" and scoring_step.status == "open"
    done = logged_in_client.post(
        f"/review/sessions/{open_session.id}/status",
        data={"status": "closed", "next": "console", "confirm": "yes"},
    )
    assert done.headers["Location"].endswith(f"/review/sessions/{open_session.id}/console")
    db.session.expire_all()
    assert open_session.status == "closed"


def test_opening_and_reopening_need_no_confirmation(logged_in_client, review_round):
    session = services.create_session(review_round, "Raahe")
    db.session.commit()
    logged_in_client.post(f"/review/sessions/{session.id}/status", data={"status": "open"})
    db.session.expire_all()
    assert session.status == "open"


@pytest.mark.parametrize("what", ["group", "question", "step"])
def test_every_remove_button_leads_to_a_confirmation_first(
    logged_in_client, review_round, open_session, what
):
    if what == "group":
        item = services.add_group(review_round, "Säätiöt")
        url = f"/review/groups/{item.id}/delete"
    elif what == "question":
        item = services.add_question(review_round, "Onko tavoite selvä?")
        url = f"/review/questions/{item.id}/delete"
    else:
        item = open_session.steps[-1]
        url = f"/review/sessions/{open_session.id}/steps/{item.id}/delete"
    db.session.commit()
    item_id, model = item.id, type(item)
    page = logged_in_client.get(url)
    assert page.status_code == 200 and "Mitä tapahtuu" in page.get_data(as_text=True)
    assert logged_in_client.post(url).status_code == 400
    db.session.expire_all()
    assert db.session.get(model, item_id) is not None
    assert logged_in_client.post(url, data={"confirm": "yes"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(model, item_id) is None


def test_a_group_in_use_is_explained_and_offers_no_yes(logged_in_client, participant):
    page = logged_in_client.get(f"/review/groups/{participant.group.id}/delete")
    text = page.get_data(as_text=True)
    assert "joten ryhmää ei voi poistaa" in text
    assert 'name="confirm"' not in text


def test_the_round_page_keeps_closing_apart_from_saving(logged_in_client, review_round):
    text = logged_in_client.get(f"/review/rounds/{review_round.id}").get_data(as_text=True)
    details = text[text.index('id="details-heading"') : text.index('id="round-state"')]
    assert "Sulje arviointikierros" not in details
    assert f'href="/review/rounds/{review_round.id}/close"' in text
