"""Error acknowledgements speak the sender's language; their codes never change with it.

docs/protocol.md's rule: clients map codes, ``message`` is for display, in the participant's
language (the facilitator's chosen site language on the console).
"""

from __future__ import annotations

import uuid

import pytest
from flask_babel import force_locale

from tests.protocol.test_protocol_doc import PROTOCOL, documented_tables
from workshop.assistant.events import EMPTY_MESSAGE
from workshop.extensions import socketio
from workshop.realtime import ACK_MESSAGES, MUST_BE
from workshop.review.models import StepKind


def _in(locale: str, text) -> str:
    with force_locale(locale):
        return str(text)


def test_every_code_an_ack_or_refusal_carries_has_a_finnish_and_an_english_message(app):
    tables = documented_tables()
    codes = set(tables["Socket.IO acknowledgements"]) | set(
        tables["Joining over HTTP (`GET /api/sessions/<code>`, `POST /api/join`)"]
    )
    codes -= {"too_many_connections", "server_full"}  # workshop/connections.py's own texts
    assert sorted(codes - ACK_MESSAGES.keys()) == []
    with app.test_request_context():
        untranslated = [
            code for code in codes if _in("fi", ACK_MESSAGES[code]) == _in("en", ACK_MESSAGES[code])
        ]
    assert untranslated == []


def _answer(step, area, **changes):
    return {
        "submission_id": uuid.uuid4().hex,
        "step_id": step.id,
        "question": "edistyminen",
        "focus_area": area,
        "value": 3,
        **changes,
    }


@pytest.fixture
def scoring(open_session):
    from workshop.extensions import db
    from workshop.review import services

    step = next(s for s in open_session.steps if s.kind == StepKind.SCORING)
    services.open_step(step)
    db.session.commit()
    return step


def test_a_participants_refusals_come_in_the_language_they_joined_in(
    app, scoring, make_participant, connect_participant
):
    finnish = connect_participant(make_participant(locale="fi"))
    english = connect_participant(make_participant(locale="en"))
    acks = {}
    for locale, phone in (("fi", finnish), ("en", english)):
        acks[locale] = [
            phone.emit("answer:submit", _answer(scoring, "nowhere"), callback=True),
            phone.emit("answer:submit", _answer(scoring, "energia", value="3"), callback=True),
            phone.emit(
                "open:submit",
                {"step_id": scoring.id, "client_id": "c" * 8, "text": "Kiertotalous"},
                callback=True,
            ),
            phone.emit("assistant:message", {"text": " "}, callback=True),
        ]
    with app.test_request_context():
        for locale in ("fi", "en"):
            not_in_step, wrong_type, wrong_kind, empty = acks[locale]
            assert not_in_step["error"] == "not_in_step"
            assert not_in_step["message"] == _in(locale, ACK_MESSAGES["not_in_step"])
            assert wrong_type["error"] == "invalid_value"
            assert wrong_type["fields"] == {"value": [_in(locale, MUST_BE["integer"])]}
            assert wrong_kind["error"] == "wrong_step_kind"
            assert wrong_kind["message"] == _in(locale, ACK_MESSAGES["wrong_step_kind"])
            assert empty["error"] == "invalid"
            assert empty["fields"]["text"] == [_in(locale, EMPTY_MESSAGE)]
    assert acks["fi"][0]["message"] != acks["en"][0]["message"]
    assert acks["fi"][2]["message"] == "Tämä vaihe ei ota tätä vastaan."
    # The codes are the same in both languages: clients decide by them.
    assert [a["error"] for a in acks["fi"]] == [a["error"] for a in acks["en"]]


def test_a_facilitators_refusals_follow_the_language_chosen_on_the_site(
    app, logged_in_client, open_session
):
    refused = {"session_id": open_session.id, "step_id": 2**31 - 1}
    console = socketio.test_client(app, flask_test_client=logged_in_client)
    finnish = console.emit("step:open", refused, callback=True)
    console.disconnect()
    logged_in_client.get("/language/en")
    console = socketio.test_client(app, flask_test_client=logged_in_client)
    english = console.emit("step:open", refused, callback=True)
    console.disconnect()
    assert finnish["error"] == english["error"] == "unknown_step"
    with app.test_request_context():
        assert finnish["message"] == _in("fi", ACK_MESSAGES["unknown_step"])
        assert english["message"] == _in("en", ACK_MESSAGES["unknown_step"]) != finnish["message"]


def test_api_join_refusals_come_in_the_locale_asked_for(app, client, open_session):
    body = {"code": open_session.join_code, "group": "nobody"}
    finnish = client.post("/api/join", json=body)
    english = client.post("/api/join", json={**body, "locale": "en"})
    invalid = client.post("/api/join", json={**body, "group": 5, "locale": "en"})
    assert finnish.status_code == english.status_code == 409
    assert finnish.json["error"] == english.json["error"] == "unknown_group"
    with app.test_request_context():
        assert finnish.json["message"] == _in("fi", ACK_MESSAGES["unknown_group"])
        assert english.json["message"] == _in("en", ACK_MESSAGES["unknown_group"])
        assert invalid.status_code == 400 and invalid.json["error"] == "invalid"
        assert invalid.json["fields"] == {"group": [_in("en", MUST_BE["string"])]}


def test_the_rule_is_written_where_clients_read_it():
    text = PROTOCOL.read_text(encoding="utf-8")
    assert "**Clients map codes; `message` is for display.**" in text
    from tests.protocol import asyncapi

    described = asyncapi.document()["components"]["schemas"]["ErrorAck"]["description"]
    assert "stable code" in described and "for display only" in described


def test_the_join_screens_lookup_answers_in_its_locale(app, client, open_session):
    english = client.get("/api/sessions/ZZZZZZ?locale=en")
    finnish = client.get("/api/sessions/ZZZZZZ")
    unsupported = client.get(f"/api/sessions/{open_session.join_code}?locale=sv")
    assert english.status_code == finnish.status_code == 404
    assert english.json["error"] == finnish.json["error"] == "unknown_code"
    with app.test_request_context():
        assert english.json["message"] == _in("en", ACK_MESSAGES["unknown_code"])
        assert finnish.json["message"] == _in("fi", ACK_MESSAGES["unknown_code"])
        assert unsupported.status_code == 400 and unsupported.json["error"] == "invalid"
        assert unsupported.json["message"] == _in("fi", ACK_MESSAGES["invalid"])
        assert list(unsupported.json["fields"]) == ["locale"]
