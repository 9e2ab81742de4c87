"""The Socket.IO test client fixture connects with the HTTP client's login."""

import pytest
from flask_login import current_user
from wtforms import Form, IntegerField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from workshop.extensions import socketio
from workshop.realtime import PayloadError, on_lean_event, validated_data


def test_socket_client_shares_the_login_of_the_http_client(app, logged_in_client, facilitator):
    seen = []

    @socketio.on("connect", namespace="/fixture-check")
    def remember_user():
        seen.append(current_user.email if current_user.is_authenticated else None)

    client = socketio.test_client(
        app, namespace="/fixture-check", flask_test_client=logged_in_client
    )
    assert client.is_connected(namespace="/fixture-check")
    assert seen == [facilitator.email]
    client.disconnect(namespace="/fixture-check")


class _Sample(Form):
    name = StringField(validators=[DataRequired(), Length(max=5)])
    note = StringField()
    count = IntegerField(validators=[Optional(), NumberRange(min=1)])


def test_validated_data_reuses_forms_without_carrying_values_over():
    assert validated_data(_Sample, {"name": "abc", "note": "first", "count": 3}) == {
        "name": "abc",
        "note": "first",
        "count": 3,
    }
    second = validated_data(_Sample, {"name": "xyz"})
    assert second["note"] in ("", None) and second["count"] is None
    with pytest.raises(PayloadError) as raised:
        validated_data(_Sample, {"name": "toolong", "count": 0})
    assert set(raised.value.fields) == {"name", "count"}
    # A failed validation leaves no errors behind for the next payload.
    assert validated_data(_Sample, {"name": "ok"})["name"] == "ok"


@pytest.mark.parametrize("payload", [None, [], "text", {"name": {"nested": 1}}])
def test_validated_data_refuses_what_is_not_a_flat_object(payload):
    with pytest.raises(PayloadError):
        validated_data(_Sample, payload)


def test_a_lean_event_needs_the_connections_own_session(app, monkeypatch):
    # Without manage_session the lean handler would see an empty session and refuse everyone.
    monkeypatch.setattr(socketio, "manage_session", False)
    with pytest.raises(RuntimeError, match="manage_session"):
        on_lean_event("lean-check", lambda session, payload=None: None)
