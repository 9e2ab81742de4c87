"""HTTP pages of privacy: the notice, a participant's own data, a round's data for staff."""

import json

import pytest
from sqlalchemy import select

from tests.privacy.conftest import CHAT, NAME, ORGANISATION, REASON
from workshop.audit import services as audit
from workshop.extensions import db
from workshop.review import participation
from workshop.review import services as review_services
from workshop.review.models import Participant


@pytest.fixture
def controller_contacts(app):
    app.config.update(CONTROLLER_CONTACT="kirjaamo@example.fi", DPO_CONTACT="tietosuoja@example.fi")
    yield
    app.config.update(CONTROLLER_CONTACT="", DPO_CONTACT="")


def test_the_notice_names_the_controller_from_settings(client, controller_contacts):
    page = client.get("/privacy").get_data(as_text=True)
    assert "<h1>Tietosuojaseloste</h1>" in page
    assert "Pohjois-Pohjanmaan liitto" in page and "tietosuoja@example.fi" in page
    assert "yleisen edun mukainen tehtävä" in page and "365 päivää" in page


def test_the_notice_is_in_english_too(client, controller_contacts):
    # The language first: Flask-Babel keeps one locale per app context, which the test shares.
    client.get("/language/en")
    page = client.get("/privacy").get_data(as_text=True)
    assert "<h1>Privacy notice</h1>" in page and "public task" in page
    assert "6(1)(e)" in page and "kirjaamo@example.fi" in page and "365 days" in page


def test_the_controllers_own_legal_basis_replaces_the_standard_text(app, client):
    app.config["PRIVACY_LEGAL_BASIS"] = "Maakuntalain mukainen tehtävä X."
    try:
        page = client.get("/privacy").get_data(as_text=True)
    finally:
        app.config["PRIVACY_LEGAL_BASIS"] = ""
    assert "Maakuntalain mukainen tehtävä X." in page and "756/2021" not in page


def _join(client, session):
    client.post(f"/j/{session.join_code}", data={"group": "klusterit", "name": NAME})
    return db.session.scalars(select(Participant)).one()


def test_the_notice_is_linked_from_the_join_page_the_participant_page_and_the_footer(
    client, open_session
):
    join = client.get(f"/j/{open_session.join_code}").get_data(as_text=True)
    assert join.count('href="/privacy"') == 2  # the text and the footer
    _join(client, open_session)
    page = client.get(f"/s/{open_session.join_code}").get_data(as_text=True)
    assert page.count('href="/privacy"') == 2
    assert "Lataa tietoni" in page and "Poista tietoni" in page


def test_a_participant_downloads_everything_stored_about_them(client, rich_participant):
    token = participation.make_token("test-secret-key", rich_participant)
    client.set_cookie(f"wp_round_{rich_participant.round_id}", token)
    response = client.post(f"/s/{rich_participant.session.join_code}/my-data")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.data)
    assert (
        data["participant"]["name"] == NAME and data["participant"]["organisation"] == ORGANISATION
    )
    assert data["answers"][0]["reason"] == REASON
    assert CHAT in [m["text"] for m in data["chat_messages"]]
    assert audit.recent()[0].subject == f"participant:{rich_participant.id}"


def test_without_this_devices_token_there_is_no_data_to_download(client, rich_participant):
    assert client.post(f"/s/{rich_participant.session.join_code}/my-data").status_code == 404
    assert audit.recent() == []


def test_deleting_my_data_asks_first_then_erases_and_keeps_the_device_the_same_participant(
    client, open_session
):
    open_session.ask_identity = True
    db.session.commit()
    person = _join(client, open_session)
    code = open_session.join_code
    confirm = client.get(f"/s/{code}/my-data/delete")
    assert confirm.status_code == 200 and "Poistetaanko tietosi?" in confirm.get_data(as_text=True)
    refused = client.post(f"/s/{code}/my-data/delete")
    assert refused.status_code == 400
    db.session.expire_all()
    assert db.session.get(Participant, person.id).name == NAME
    done = client.post(f"/s/{code}/my-data/delete", data={"confirm": "yes"})
    assert done.status_code == 302 and done.headers["Location"] == "/privacy"
    db.session.expire_all()
    erased = db.session.get(Participant, person.id)
    assert erased.name == "" and erased.erased_at is not None
    assert client.get_cookie(f"wp_round_{open_session.round_id}") is not None
    event = audit.recent()[0]
    assert (event.action, event.subject) == ("privacy.erase", f"participant:{person.id}")
    # The device goes on as the same, now anonymous, participant: it is never asked to join
    # again as someone new, whose answers would count a second time.
    assert client.get(f"/s/{code}").status_code == 200
    client.post(f"/j/{code}", data={"group": "klusterit"})
    assert db.session.scalars(select(Participant)).one().id == person.id


@pytest.mark.parametrize(
    ("method", "path"),
    [("post", "/review/rounds/{id}/privacy/export"), ("get", "/review/rounds/{id}/privacy/erase")],
)
def test_a_rounds_personal_data_is_for_staff_only(client, review_round, method, path):
    response = getattr(client, method)(path.format(id=review_round.id))
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_staff_download_a_rounds_personal_data_and_it_is_audited(
    logged_in_client, rich_participant, facilitator
):
    round_id = rich_participant.round_id
    response = logged_in_client.post(f"/review/rounds/{round_id}/privacy/export")
    assert response.status_code == 200
    data = json.loads(response.data)
    assert data["participants"][0]["participant"]["name"] == NAME
    event = audit.recent()[0]
    assert (event.action, event.subject, event.actor_id) == (
        "privacy.export",
        f"round:{round_id}",
        facilitator.id,
    )


def test_staff_cannot_erase_a_rounds_personal_data_while_a_session_is_open(
    logged_in_client, rich_participant
):
    round_id = rich_participant.round_id
    page = logged_in_client.get(f"/review/rounds/{round_id}/privacy/erase").get_data(as_text=True)
    assert "sulje työpajat ensin" in page and "Poista henkilötiedot</button>" not in page
    refused = logged_in_client.post(
        f"/review/rounds/{round_id}/privacy/erase", data={"confirm": "yes"}
    )
    assert refused.status_code == 409
    db.session.expire_all()
    assert db.session.get(Participant, rich_participant.id).name == NAME
    assert audit.recent(action="privacy.erase") == []


def test_staff_erase_a_rounds_personal_data_after_the_confirmation(
    logged_in_client, rich_participant
):
    round_id = rich_participant.round_id
    review_services.set_round_status(rich_participant.session.review_round, "closed")
    db.session.commit()
    page = logged_in_client.get(f"/review/rounds/{round_id}/privacy/erase").get_data(as_text=True)
    assert "Nimetön aineisto säilyy" in page
    assert logged_in_client.post(f"/review/rounds/{round_id}/privacy/erase").status_code == 400
    response = logged_in_client.post(
        f"/review/rounds/{round_id}/privacy/erase", data={"confirm": "yes"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Participant, rich_participant.id).name == ""
    assert audit.recent()[0].action == "privacy.erase"


def test_the_round_page_says_when_a_closed_rounds_personal_data_is_erased(
    logged_in_client, rich_participant
):
    review_round = rich_participant.session.review_round
    page = logged_in_client.get(f"/review/rounds/{review_round.id}").get_data(as_text=True)
    assert "365 päivää kierroksen päättymisen jälkeen" in page
    review_services.set_round_status(review_round, "closed")
    db.session.commit()
    page = logged_in_client.get(f"/review/rounds/{review_round.id}").get_data(as_text=True)
    assert "keskusteluviestit poistetaan" in page
