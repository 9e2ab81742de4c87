"""HTTP pages: facilitators manage rounds and sessions; participants join by code."""

import pytest
from flask import g

from workshop.extensions import db
from workshop.review import participation, services
from workshop.review.models import Participant, ReviewRound, StakeholderGroup, StepKind
from workshop.review.views import code_guesses


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    code_guesses.reset()
    yield
    code_guesses.reset()


@pytest.mark.parametrize(
    "path",
    [
        "/review/",
        "/review/rounds/1",
        "/review/sessions/1",
        "/review/sessions/1/console",
        "/review/sessions/1/projector",
        "/review/sessions/1/qr.svg",
    ],
)
def test_facilitator_pages_ask_to_log_in(client, path):
    response = client.get(path)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_a_facilitator_creates_a_round(logged_in_client, strategy_version):
    page = logged_in_client.get("/review/").get_data(as_text=True)
    assert "Vuosiarviointi" in page
    response = logged_in_client.post(
        "/review/", data={"title": "Vuosiarviointi 2026", "year": "2026", "description": ""}
    )
    review_round = db.session.query(ReviewRound).one()
    assert response.headers["Location"] == f"/review/rounds/{review_round.id}"
    page = logged_in_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Tutkimus- ja koulutuslaitokset" in page
    assert "Kuinka hyvin painopisteala on edistynyt?" in page


def test_round_form_errors_are_shown(logged_in_client, strategy_version):
    response = logged_in_client.post("/review/", data={"title": "", "year": "1500"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Anna kierrokselle nimi." in page
    assert db.session.query(ReviewRound).count() == 0


def test_groups_and_questions_are_edited_on_the_round_page(logged_in_client, review_round):
    rid = review_round.id
    logged_in_client.post(
        f"/review/rounds/{rid}/groups", data={"group-name": "Järjestöt", "group-english": "NGOs"}
    )
    group = review_round.groups[0]
    logged_in_client.post(
        f"/review/groups/{group.id}/edit",
        data={
            f"group-{group.id}-name": "Klusterit ja verkostot",
            f"group-{group.id}-english": "Clusters and networks",
        },
    )
    logged_in_client.post(
        f"/review/rounds/{rid}/questions",
        data={"question-text": "Onko rahoitus riittävää?", "question-english": ""},
    )
    db.session.expire_all()
    assert [g.name for g in review_round.groups][0] == "Klusterit ja verkostot"
    assert review_round.groups[-1].tr("name", "en") == "NGOs"
    assert review_round.questions[-1].text == "Onko rahoitus riittävää?"
    removed = logged_in_client.post(
        f"/review/questions/{review_round.questions[-1].id}/delete", data={"confirm": "yes"}
    )
    assert removed.status_code == 302
    db.session.expire_all()
    assert len(review_round.questions) == 2


def test_a_session_is_created_opened_and_its_agenda_changed(
    logged_in_client, review_round, strategy_version
):
    response = logged_in_client.post(
        f"/review/rounds/{review_round.id}/sessions",
        data={
            "session-title": "Raahe",
            "session-location": "Raahe",
            "session-starts_at": "2026-12-01T09:00",
        },
    )
    session = review_round.sessions[0]
    assert response.headers["Location"] == f"/review/sessions/{session.id}"
    page = logged_in_client.get(f"/review/sessions/{session.id}").get_data(as_text=True)
    assert session.join_code in page
    assert f"/j/{session.join_code}" in page
    logged_in_client.post(f"/review/sessions/{session.id}/status", data={"status": "open"})
    logged_in_client.post(
        f"/review/sessions/{session.id}/steps",
        data={
            "step-kind": "scoring",
            "step-title": "Energia",
            "step-focus_areas": [strategy_version.focus_areas[3].key],
        },
    )
    db.session.expire_all()
    assert session.status == "open"
    added = session.steps[-1]
    assert (added.kind, added.title, added.focus_area_keys) == (
        StepKind.SCORING,
        "Energia",
        [strategy_version.focus_areas[3].key],
    )
    logged_in_client.post(f"/review/sessions/{session.id}/steps/{added.id}/up")
    logged_in_client.post(
        f"/review/sessions/{session.id}/steps/{session.steps[0].id}/delete",
        data={"confirm": "yes"},
    )
    db.session.expire_all()
    steps = sorted(session.steps, key=lambda s: s.position)
    assert steps[-2].id == added.id
    assert steps[0].kind == "indicators"


def test_console_projector_and_qr_code_render(logged_in_client, open_session):
    sid = open_session.id
    console = logged_in_client.get(f"/review/sessions/{sid}/console")
    assert console.status_code == 200
    assert logged_in_client.get(f"/review/sessions/{sid}/projector").status_code == 200
    qr = logged_in_client.get(f"/review/sessions/{sid}/qr.svg")
    assert qr.mimetype == "image/svg+xml" and b"<svg" in qr.data


def test_joining_by_code_sets_the_device_token_and_shows_the_workshop(app, client, open_session):
    open_session.ask_identity = True  # a session that asks for the organisation keeps it
    db.session.commit()
    code = open_session.join_code
    response = client.post("/join", data={"code": code.lower()})
    assert response.headers["Location"] == f"/j/{code}"
    page = client.get(f"/j/{code}").get_data(as_text=True)
    assert "Tutkimus- ja koulutuslaitokset" in page
    response = client.post(
        f"/j/{code}",
        data={"group": "tutkimus-ja-koulutus", "organisation": "Oulun yliopisto", "name": ""},
    )
    assert response.headers["Location"] == f"/s/{code}"
    cookie = client.get_cookie(f"wp_round_{open_session.round_id}")
    participant = participation.participant_from_token(app.config["SECRET_KEY"], cookie.value)
    assert participant.organisation == "Oulun yliopisto"
    assert cookie.http_only
    view = client.get(f"/s/{code}")
    assert view.status_code == 200
    # Coming back to the join link on the same device goes straight to the workshop.
    assert client.get(f"/j/{code}").headers["Location"] == f"/s/{code}"
    assert db.session.query(Participant).count() == 1


def test_the_workshop_page_needs_the_device_token(client, open_session):
    response = client.get(f"/s/{open_session.join_code}")
    assert response.headers["Location"] == f"/j/{open_session.join_code}"


def test_join_form_requires_a_group(client, open_session):
    response = client.post(f"/j/{open_session.join_code}", data={"organisation": "X"})
    assert response.status_code == 400
    assert "Valitse ryhmä, jota edustat." in response.get_data(as_text=True)


def test_wrong_draft_and_closed_codes_get_clear_messages(client, review_round, open_session):
    wrong = client.post("/join", data={"code": "ZZZZZZ"})
    assert wrong.status_code == 400
    assert "Tällä koodilla ei löydy työpajaa." in wrong.get_data(as_text=True)
    draft = services.create_session(review_round, "Raahe")
    db.session.commit()
    assert "ei ole vielä avattu" in client.get(f"/j/{draft.join_code}").get_data(as_text=True)
    services.set_session_status(open_session, "closed")
    db.session.commit()
    # A closed session's code, typed by someone who never joined it, is unknown like any other.
    closed = client.get(f"/j/{open_session.join_code}")
    assert closed.status_code == 404
    assert "Tällä koodilla ei löydy työpajaa." in closed.get_data(as_text=True)


def test_api_join_returns_a_token_that_connects(app, client, open_session):
    from workshop.extensions import socketio

    response = client.post(
        "/api/join", json={"code": open_session.join_code, "group": "kunnat", "locale": "en"}
    )
    assert response.status_code == 200 and response.json["ok"]
    socket = socketio.test_client(app, auth={"token": response.json["token"]})
    assert socket.is_connected()
    assert socket.emit("participant:sync", callback=True)["participant"]["locale"] == "en"
    socket.disconnect()


@pytest.mark.parametrize(
    "body, status, error",
    [
        ({"code": "ZZZZZZ", "group": "kunnat"}, 404, "unknown_code"),
        ({"code": "", "group": "kunnat"}, 400, "invalid"),
        ({"group": "kunnat"}, 400, "invalid"),
        ({"code": "CODE", "group": "nope"}, 409, "unknown_group"),
        ({"code": "CODE", "group": "kunnat", "name": "x" * 1000}, 400, "invalid"),
    ],
)
def test_api_join_errors(client, open_session, body, status, error):
    if body.get("code") == "CODE":
        body = {**body, "code": open_session.join_code}
    response = client.post("/api/join", json=body)
    assert (response.status_code, response.json["error"]) == (status, error)


def test_api_join_refuses_non_json(client):
    response = client.post("/api/join", data="not json", content_type="text/plain")
    assert response.status_code == 400 and response.json["error"] == "invalid"


def test_api_session_lists_groups(client, open_session):
    data = client.get(f"/api/sessions/{open_session.join_code}?locale=en").json
    assert data["session"]["title"] == "Oulu"
    assert data["groups"][0] == {"key": "klusterit", "name": "Clusters"}


def test_switching_language_switches_the_texts_the_server_sends(client, open_session):
    code = open_session.join_code
    client.post(f"/j/{code}", data={"group": "klusterit", "organisation": "", "name": ""})
    participant = db.session.query(Participant).one()
    assert participant.locale == "fi"
    client.get(f"/language/en?next=/s/{code}")
    # Requests in tests share the test's app context, where Flask-Babel caches the language.
    g.pop("_flask_babel", None)
    assert client.get(f"/s/{code}").status_code == 200
    db.session.refresh(participant)
    # The reloaded page's new connection joins the English room with this locale.
    assert participant.locale == "en"


def test_closing_a_session_by_its_form_reaches_connected_participants(
    logged_in_client, open_session, participant, connect_participant
):
    participant_client = connect_participant(participant)
    participant_client.get_received()
    logged_in_client.post(
        f"/review/sessions/{open_session.id}/status", data={"status": "closed", "confirm": "yes"}
    )
    changes = [
        message["args"][0]
        for message in participant_client.get_received()
        if message["name"] == "step:changed"
    ]
    assert changes and changes[-1]["session_status"] == "closed"


def test_group_and_question_edits_refuse_empty_names_and_groups_in_use(
    logged_in_client, review_round, participant
):
    group = participant.group
    question = review_round.questions[0]
    response = logged_in_client.post(
        f"/review/groups/{group.id}/edit", data={f"group-{group.id}-name": ""}
    )
    assert response.headers["Location"].endswith(f"/review/rounds/{review_round.id}#groups")
    logged_in_client.post(
        f"/review/questions/{question.id}/edit",
        data={
            f"question-{question.id}-text": "Miten hyvin?",
            f"question-{question.id}-english": "",
        },
    )
    # A refused question edit shows the round page again, saying what to change.
    refused = logged_in_client.post(f"/review/questions/{question.id}/edit", data={})
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert "Nimi suomeksi: Anna ryhmälle nimi." in page and "Kirjoita kysymys." in page
    in_use = logged_in_client.post(f"/review/groups/{group.id}/delete", data={"confirm": "yes"})
    assert in_use.status_code == 302
    db.session.expire_all()
    assert group.name == "Klusterit" and db.session.get(StakeholderGroup, group.id) is not None
    assert question.text == "Miten hyvin?"


def test_a_facilitator_opens_an_online_window_from_the_round_page(
    client, logged_in_client, review_round
):
    page = logged_in_client.get(f"/review/rounds/{review_round.id}").get_data(as_text=True)
    assert "Avaa verkkoarviointi" in page
    refused = logged_in_client.post(
        f"/review/rounds/{review_round.id}/online", data={"online-title": ""}
    )
    assert refused.headers["Location"].endswith("#sessions")
    assert review_round.sessions == []
    response = logged_in_client.post(
        f"/review/rounds/{review_round.id}/online", data={"online-title": "Verkossa"}
    )
    db.session.expire_all()
    (window,) = review_round.sessions
    assert response.headers["Location"] == f"/review/sessions/{window.id}"
    assert (window.online, window.status, window.title) == (True, "open", "Verkossa")
    assert window.open_step is not None and window.open_step.kind == StepKind.SCORING
    page = logged_in_client.get(f"/review/rounds/{review_round.id}").get_data(as_text=True)
    assert "Verkkoarviointi · " in page and window.join_code in page


def test_only_facilitators_open_online_windows(client, review_round):
    response = client.post(f"/review/rounds/{review_round.id}/online", data={"online-title": "X"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    db.session.expire_all()
    assert review_round.sessions == []


def test_a_new_question_starts_with_scale_labels_that_can_be_edited(logged_in_client, review_round):
    page = logged_in_client.get(f"/review/rounds/{review_round.id}").get_data(as_text=True)
    assert 'name="question-low_label" type="text" value="Ei lainkaan"' in page
    logged_in_client.post(
        f"/review/rounds/{review_round.id}/questions",
        data={
            "question-text": "Onko rahoitus riittävää?",
            "question-english": "Is funding sufficient?",
            "question-low_label": "Täysin riittämätöntä",
            "question-high_label": "Täysin riittävää",
            "question-low_label_en": "Far too little",
            "question-high_label_en": "Quite enough",
        },
    )
    question = review_round.questions[-1]
    assert (question.low_label, question.high_label) == ("Täysin riittämätöntä", "Täysin riittävää")
    assert question.tr("low_label", "en") == "Far too little"
    prefix = f"question-{question.id}"
    logged_in_client.post(
        f"/review/questions/{question.id}/edit",
        data={
            f"{prefix}-text": "Onko rahoitus riittävää?",
            f"{prefix}-english": "",
            f"{prefix}-low_label": "Ei lainkaan",
            f"{prefix}-high_label": "Täysin",
            f"{prefix}-low_label_en": "Not at all",
            f"{prefix}-high_label_en": "",
        },
    )
    db.session.expire_all()
    assert (question.low_label, question.high_label) == ("Ei lainkaan", "Täysin")
    # The English label left empty falls back to the Finnish one; the English text is gone.
    assert question.tr("low_label", "en") == "Not at all"
    assert question.tr("high_label", "en") == "Täysin"
    assert question.tr("text", "en") == "Onko rahoitus riittävää?"
    page = logged_in_client.get(f"/review/rounds/{review_round.id}").get_data(as_text=True)
    assert f'name="{prefix}-high_label" type="text" value="Täysin"' in page


def test_an_invalid_form_says_which_field_to_change(logged_in_client, review_round):
    response = logged_in_client.post(
        f"/review/rounds/{review_round.id}/questions",
        data={"question-text": "", "question-english": "Is it?", "question-low_label": "x" * 101},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'value="Is it?"' in page  # what was typed stays
    assert "Kysymys suomeksi: Kirjoita kysymys." in page
    assert "1 tarkoittaa (suomeksi):" in page
    assert len(review_round.questions) == 2
