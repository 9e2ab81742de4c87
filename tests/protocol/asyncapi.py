"""docs/asyncapi.yaml loaded, with a JSON Schema validator for each of its messages."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from jsonschema import Draft7Validator
from referencing import Registry
from referencing.jsonschema import DRAFT7

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "asyncapi.yaml"
URI = "urn:strategiapaja:asyncapi"


@cache
def document() -> dict:
    return yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))


@cache
def _registry() -> Registry:
    return Registry().with_resource(URI, DRAFT7.create_resource(document()))


@cache
def validator(message_key: str) -> Draft7Validator:
    """A validator of the payload of ``components.messages.<message_key>``."""
    reference = {"$ref": f"{URI}#/components/messages/{message_key}/payload"}
    return Draft7Validator(
        reference, registry=_registry(), format_checker=Draft7Validator.FORMAT_CHECKER
    )


def errors(message_key: str, payload) -> list[str]:
    """What is wrong with ``payload`` as that message, best match first (empty: valid)."""
    found = sorted(validator(message_key).iter_errors(payload), key=lambda e: len(e.path))
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in found[:5]]


def _message_key(reference: dict) -> str:
    """``#/channels/root/messages/x`` -> ``x`` (channel messages point at components)."""
    return reference["$ref"].rsplit("/", 1)[-1]


@dataclass(frozen=True)
class ClientEvent:
    event: str
    message: str  # the key of the request in components.messages
    ack: str | None  # the key of its acknowledgement (None: connect has none)


def client_events() -> dict[str, ClientEvent]:
    """Every event a client sends, from the ``receive`` operations."""
    messages = document()["components"]["messages"]
    events = {}
    for operation in document()["operations"].values():
        if operation["action"] != "receive":
            continue
        (request,) = operation["messages"]
        key = _message_key(request)
        reply = operation.get("reply")
        ack = _message_key(reply["messages"][0]) if reply else None
        event = messages[key]["x-event"]
        events[event] = ClientEvent(event, key, ack)
    return events


def server_messages() -> dict[tuple[str, str], str]:
    """Every event the server emits into a kind of room: (event, room) -> message key."""
    messages = document()["components"]["messages"]
    described = {}
    for operation in document()["operations"].values():
        if operation["action"] != "send":
            continue
        for reference in operation["messages"]:
            key = _message_key(reference)
            message = messages[key]
            if "x-room" in message:
                described[message["x-event"], message["x-room"]] = key
    return described


def room_kind(room: str) -> str:
    """What kind of room (docs/asyncapi.yaml ``x-room``) a room name of realtime.py is."""
    if room.endswith("-staff"):
        return "staff"
    if "-participants-" in room:
        return "participants"
    if room.startswith("participant:"):
        return "participant"
    raise ValueError(f"a room of no described kind: {room}")
