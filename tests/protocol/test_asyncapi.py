"""docs/asyncapi.yaml describes every Socket.IO event, and real events and acks validate.

A whole workshop runs over the test clients (tests/protocol/workshop_flow.py); every event
sent and emitted on the way, and every acknowledgement, is checked against the document. An
event registered or emitted without a description fails here.
"""

from __future__ import annotations

import ast
import copy
import gzip
import importlib
import json
from pathlib import Path

import pytest
from jsonschema import Draft7Validator

import workshop
from tests.auth.test_role_matrix import EVENTS, INTERNAL_EVENTS
from tests.protocol import asyncapi
from workshop.extensions import socketio
from workshop.realtime import PayloadError, _as_formdata, _schema

PACKAGE = Path(workshop.__file__).resolve().parent


def test_the_document_is_asyncapi_3_with_valid_draft_07_schemas():
    document = asyncapi.document()
    assert document["asyncapi"].startswith("3.")
    for schema in document["components"]["schemas"].values():
        Draft7Validator.check_schema(schema)
    for key, message in document["components"]["messages"].items():
        Draft7Validator.check_schema(message["payload"])
        # Every message is reachable from the channel, and every reference resolves.
        assert key in document["channels"]["root"]["messages"], key
    for key in document["components"]["messages"]:
        asyncapi.validator(key).is_valid({})  # resolving a missing $ref would raise


def test_the_document_follows_the_asyncapi_3_0_0_specification():
    """Against the specification's own JSON Schema (tests/protocol/data/README.md)."""
    with gzip.open(Path(__file__).parent / "data" / "asyncapi-3.0.0.schema.json.gz") as file:
        specification = json.load(file)
    validator = Draft7Validator(specification)
    assert [error.message[:200] for error in validator.iter_errors(asyncapi.document())] == []
    broken = copy.deepcopy(asyncapi.document())
    broken["operations"]["staffWatch"]["action"] = "publish"  # AsyncAPI 2's word
    assert not validator.is_valid(broken)  # the schema does check this deep


def test_every_event_a_handler_is_registered_for_is_described():
    registered = set(socketio.server.handlers["/"]) - INTERNAL_EVENTS
    assert sorted(registered ^ asyncapi.client_events().keys()) == []


def test_every_event_of_the_role_matrix_is_described_with_its_callers():
    described = asyncapi.client_events()
    assert sorted(EVENTS.keys() ^ described.keys()) == []
    messages = asyncapi.document()["components"]["messages"]
    for event, callers in EVENTS.items():
        documented = set(messages[described[event].message]["x-callers"])
        # NOBODY of the staff callers is a participant-only event.
        assert ("staff" in documented) == bool(callers), event


def _emitted_event_names() -> set[str]:
    """Every event name the code passes to ``socketio.emit`` or ``emit_after_commit``."""
    names = set()
    for source in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            function = node.func
            name = getattr(function, "attr", None) or getattr(function, "id", None)
            first = node.args[0]
            if name in ("emit", "emit_after_commit") and isinstance(first, ast.Constant):
                names.add(first.value)
    return names


def test_every_event_the_code_emits_is_described():
    names = _emitted_event_names()
    assert {"step:changed", "results:update", "proposals:update"} <= names  # the scan works
    described = {event for event, _room in asyncapi.server_messages()}
    assert sorted(names - described) == []
    assert sorted(described - names) == []


@pytest.mark.parametrize("event", sorted(set(EVENTS) - {"connect"}))
def test_the_payload_schema_has_the_fields_of_the_events_form(event):
    message = asyncapi.document()["components"]["messages"][asyncapi.client_events()[event].message]
    module, _, name = message["x-payload-form"].rpartition(".")
    form_schema = _schema(getattr(importlib.import_module(module), name))
    payload = message["payload"]
    if "$ref" in payload:
        payload = asyncapi.document()["components"]["schemas"][payload["$ref"].rsplit("/", 1)[1]]
    properties = payload.get("properties", {})
    assert sorted(properties) == sorted(form_schema.types), event
    assert payload.get("additionalProperties") is False, event  # unknown keys are refused
    json_types = {
        "integer": "integer",
        "number": "number",
        "string": "string",
        "boolean": "boolean",
        "list": "array",
    }
    for key, kind in form_schema.types.items():
        described = properties[key]
        if "$ref" in described:
            described = asyncapi.document()["components"]["schemas"][
                described["$ref"].rsplit("/", 1)[1]
            ]
        if "oneOf" in described:
            types = set()
            for option in described["oneOf"]:
                if "$ref" in option:
                    option = asyncapi.document()["components"]["schemas"][
                        option["$ref"].rsplit("/", 1)[1]
                    ]
                types |= set(_types(option))
        else:
            types = set(_types(described))
        assert types - {"null"} == {json_types[kind]}, (event, key, types)
    required = set(payload.get("required", []))
    # A key the server demands (KeyRequired, or a value required by its validators) is
    # required here; a documented required key is one the server refuses to go without.
    assert set(form_schema.required) <= required, event


def _types(schema: dict) -> list[str]:
    kind = schema.get("type")
    return kind if isinstance(kind, list) else [kind]


def test_a_whole_workshop_sends_every_client_event(recording):
    assert sorted(set(EVENTS) - {"connect"} - {sent.event for sent in recording.sent}) == []


def test_every_accepted_payload_and_every_ack_validates(recording):
    events = asyncapi.client_events()
    problems = []
    for sent in recording.sent:
        event = events[sent.event]
        if sent.accepted:
            problems += [
                (sent.event, "payload", e) for e in asyncapi.errors(event.message, sent.payload)
            ]
        problems += [(sent.event, "ack", e, sent.ack) for e in asyncapi.errors(event.ack, sent.ack)]
    for auth in recording.connect_auth:
        problems += [("connect", e) for e in asyncapi.errors("connect", auth)]
    assert problems == []


def _form_of(event: str):
    message = asyncapi.document()["components"]["messages"][asyncapi.client_events()[event].message]
    module, _, name = message["x-payload-form"].rpartition(".")
    return getattr(importlib.import_module(module), name)


def test_payloads_the_server_refuses_for_their_json_types_the_schema_refuses_too(recording):
    typed_refusals = []
    for sent in recording.sent:
        if sent.accepted or sent.event == "connect":
            continue
        try:
            _formdata, type_errors = _as_formdata(_schema(_form_of(sent.event)), sent.payload)
        except PayloadError:
            type_errors = {"": "not an object"}
        if type_errors:
            typed_refusals.append(sent)
    assert len(typed_refusals) >= 3  # the flow sends some
    events = asyncapi.client_events()
    for sent in typed_refusals:
        assert sent.ack["error"] in ("invalid", "invalid_value"), sent
        assert asyncapi.errors(events[sent.event].message, sent.payload), sent


def test_every_event_the_server_emits_is_described_and_its_payload_validates(recording):
    described = asyncapi.server_messages()
    seen = set()
    problems = []
    for emitted in recording.emitted:
        key = (emitted.event, asyncapi.room_kind(emitted.room))
        assert key in described, f"{key} is emitted but not in docs/asyncapi.yaml"
        seen.add(key)
        problems += [(key, e) for e in asyncapi.errors(described[key], emitted.data)]
    assert problems == []
    # The flow reaches every described server event: none is described that never happens.
    assert sorted(set(described) - seen) == []
