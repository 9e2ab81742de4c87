"""The Socket.IO test client shares the login; payloads are checked for their JSON types."""

import pytest
from flask_login import current_user
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    Form,
    IntegerField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from workshop.extensions import socketio
from workshop.realtime import (
    KeyRequired,
    PayloadError,
    json_type,
    on_lean_event,
    validated_data,
)


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


def test_every_payload_form_field_has_a_json_type():
    # A payload form with a field class that json_type does not know fails here, not live.
    from workshop.assistant import forms as assistant_forms
    from workshop.proposals import forms as proposal_forms
    from workshop.review import forms as review_forms

    payload_forms = [
        cls
        for module in (assistant_forms, proposal_forms, review_forms)
        for cls in vars(module).values()
        if isinstance(cls, type) and cls.__name__.endswith("Payload")
    ]
    assert len(payload_forms) >= 12
    for form_class in payload_forms:
        for field in form_class():
            assert json_type(field) in ("integer", "number", "string", "boolean", "list")


def test_a_field_class_without_a_json_type_is_refused():
    class _Dated(Form):
        day = DateField()

    with pytest.raises(TypeError, match="DateField"):
        validated_data(_Dated, {"day": "2026-01-01"})


class _Typed(Form):
    count = IntegerField(validators=[Optional()])
    ratio = FloatField(validators=[Optional()])
    flag = BooleanField()
    tags = SelectMultipleField(validate_choice=False, validators=[Optional()])
    needed = StringField(validators=[KeyRequired(), Optional()])


@pytest.mark.parametrize(
    "field, value",
    [
        ("count", True),
        ("count", "5"),
        ("count", 5.0),
        ("count", [5]),
        ("count", 2**31),
        ("count", -(2**31) - 1),
        ("ratio", True),
        ("ratio", "1.5"),
        ("ratio", float("nan")),
        ("ratio", float("-inf")),
        ("ratio", 2**60),
        ("flag", "y"),
        ("flag", 1),
        ("flag", None),
        ("tags", "a"),
        ("tags", ["a", 1]),
        ("needed", 5),
    ],
)
def test_a_value_of_another_json_type_is_refused_not_coerced(field, value):
    with pytest.raises(PayloadError) as raised:
        validated_data(_Typed, {"needed": "x", field: value})
    assert list(raised.value.fields) == [field]


def test_values_of_their_json_type_pass_unchanged():
    data = validated_data(
        _Typed, {"count": 2**31 - 1, "ratio": 1.5, "flag": False, "tags": ["b"], "needed": None}
    )
    assert data == {"count": 2**31 - 1, "ratio": 1.5, "flag": False, "tags": ["b"], "needed": None}
    assert validated_data(_Typed, {"flag": True, "needed": ""})["flag"] is True


def test_a_key_required_field_must_be_present_even_if_null_is_allowed():
    with pytest.raises(PayloadError) as raised:
        validated_data(_Typed, {"count": 1})
    assert list(raised.value.fields) == ["needed"]


def _codes_raised_in(*packages: str) -> set[str]:
    """Every code a ``ReviewError``/``ProposalError`` in the packages' sources is raised with."""
    import re
    from pathlib import Path

    import workshop

    raised = re.compile(r'(?:Review|Proposal)Error\(\s*"([a-z_]+)"')
    root = Path(workshop.__file__).parent
    return {
        code
        for package in packages
        for source in (root / package).rglob("*.py")
        for code in raised.findall(source.read_text(encoding="utf-8"))
    }


def test_every_code_a_review_or_proposal_rule_raises_has_a_translated_ack_message(app):
    from flask_babel import force_locale

    from workshop.errors import NotFound, PermissionDenied
    from workshop.realtime import ACK_MESSAGES

    codes = _codes_raised_in("review", "proposals", "steps") | {
        NotFound.code,
        PermissionDenied.code,
    }
    assert len(codes) > 30  # the pattern still finds the raises
    assert sorted(codes - ACK_MESSAGES.keys()) == []
    with app.test_request_context(), force_locale("fi"):
        untranslated = [
            code for code in codes if str(ACK_MESSAGES[code]) == ACK_MESSAGES[code]._args[0]
        ]
    assert untranslated == []


def test_an_unauthorized_ack_reaches_a_finnish_user_in_finnish(app):
    from workshop.errors import PermissionDenied
    from workshop.realtime import error_ack

    with app.test_request_context():
        ack = error_ack(PermissionDenied("Only facilitators may do this."))
    assert ack["error"] == "unauthorized"
    assert ack["message"].startswith("Sinulla ei ole oikeutta")
