"""Name and organisation: asked only by a session set to ask, off by default, on every path."""

from sqlalchemy import select

from workshop.extensions import db
from workshop.review import participation
from workshop.review.models import Participant, WorkshopSession


def _joined():
    return db.session.scalars(select(Participant)).one()


def test_a_new_session_does_not_ask_for_name_and_organisation(open_session, client):
    assert open_session.ask_identity is False
    page = client.get(f"/j/{open_session.join_code}").get_data(as_text=True)
    assert 'name="organisation"' not in page and 'name="name"' not in page
    assert "eikä nimeäsi kysytä" in page


def test_a_join_form_that_sends_them_anyway_stores_neither(open_session, client):
    response = client.post(
        f"/j/{open_session.join_code}",
        data={"group": "klusterit", "organisation": "Salainen Oy", "name": "Aino"},
    )
    assert response.status_code == 302
    assert (_joined().name, _joined().organisation) == ("", "")


def test_api_join_ignores_name_and_organisation_when_the_session_does_not_ask(open_session, client):
    body = {"code": open_session.join_code, "group": "kunnat", "name": "Aino", "organisation": "X"}
    response = client.post("/api/join", json=body)
    assert response.status_code == 200 and response.get_json()["ok"] is True
    assert (_joined().name, _joined().organisation) == ("", "")


def test_a_session_set_to_ask_shows_the_optional_fields_and_keeps_what_is_given(
    open_session, client
):
    open_session.ask_identity = True
    db.session.commit()
    page = client.get(f"/j/{open_session.join_code}").get_data(as_text=True)
    assert 'name="organisation"' in page and 'name="name"' in page
    body = {"code": open_session.join_code, "group": "kunnat", "name": "Aino", "organisation": "X"}
    client.post("/api/join", json=body)
    assert (_joined().name, _joined().organisation) == ("Aino", "X")
    # Still optional: joining without them works.
    participation.join_session(open_session, "kunnat")
    db.session.commit()


def test_the_facilitator_turns_the_question_on_in_the_session_form(logged_in_client, open_session):
    response = logged_in_client.post(
        f"/review/sessions/{open_session.id}",
        data={"title": "Oulu", "location": "", "starts_at": "", "ask_identity": "y"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(WorkshopSession, open_session.id).ask_identity is True
    logged_in_client.post(
        f"/review/sessions/{open_session.id}", data={"title": "Oulu", "location": ""}
    )
    db.session.expire_all()
    assert db.session.get(WorkshopSession, open_session.id).ask_identity is False


def test_a_session_added_from_the_round_page_asks_only_when_ticked(logged_in_client, review_round):
    logged_in_client.post(
        f"/review/rounds/{review_round.id}/sessions", data={"session-title": "Raahe"}
    )
    logged_in_client.post(
        f"/review/rounds/{review_round.id}/sessions",
        data={"session-title": "Kajaani", "session-ask_identity": "y"},
    )
    sessions = {s.title: s.ask_identity for s in db.session.scalars(select(WorkshopSession))}
    assert sessions == {"Raahe": False, "Kajaani": True}
