"""The protocol's contract: every Socket.IO event and JSON endpoint refuses a value of the wrong
JSON type with the documented error code and changes nothing (docs/protocol.md)."""

# ruff: noqa: F811  (the fixtures imported from tests/review/conftest.py are used as arguments)

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.review.conftest import (  # noqa: F401  (fixtures shared with the review tests)
    connect_participant,
    make_participant,
    make_round,
    open_session,
    participant,
    review_round,
    scoring_step,
    scoring_steps,
    staff_socket,
)
from workshop.extensions import db, socketio
from workshop.proposals import services as proposal_services
from workshop.review import services as review_services
from workshop.review.models import Participant
from workshop.steps.config import step_config
from workshop.steps.models import OpenAnswer

ROOT = Path(__file__).resolve().parent.parent
PROTOCOL = (ROOT / "docs" / "protocol.md").read_text(encoding="utf-8")

# Wrong values by the documented type of a field. "id" is a positive integer naming a row.
WRONG = {
    "id": [True, False, "5", 5.0, [5], {"id": 5}, 2**63, 2**70, -(2**63), -1, 0, 2**31],
    "text": [True, 5, 5.5, ["x"], {"x": "y"}],
    "boolean": ["true", 1, 0, "", [], {}, None],
    "number": [True, "1200", [1200], {"n": 1}, float("nan"), float("inf"), 2**70],
    "score": [True, False, "4", "", [3], [], 4.0, {"v": 4}, 2**63, 2**70, -1, 0, 6, 2**31],
    "support": [True, False, "1", 1.0, [1], {}, 2, -2, 2**63],
    "seconds": [True, "300", 300.0, [300], {}, 0, -1, 4 * 3600 + 1, 2**63],
    "list": ["1", 1, True, [1], [None], [["1"]], {"1": "1"}],
}
# The code an ack gives a wrong value of that type; every other type gives "invalid".
CODE = {"score": "invalid_value", "support": "invalid_value"}


@dataclass
class Event:
    """One client → server event: who sends it, a valid payload, its fields' types."""

    role: str  # "participant" or "staff"
    valid: object  # world -> payload
    fields: dict  # name -> (type, required)
    # The kind of step that must be open for the valid payload to be taken (proposals and
    # support follow the open step); the world opens a scoring step.
    step_kind: str | None = None


def _answer(world):
    return {
        "submission_id": "contract-answer-1",
        "step_id": world.step.id,
        "question": "edistyminen",
        "focus_area": world.step.focus_area_keys[0],
        "value": 4,
        "reason": "Perustelu",
    }


EVENTS = {
    "participant:sync": Event("participant", lambda w: {}, {}),
    "answer:submit": Event(
        "participant",
        _answer,
        {
            "submission_id": ("text", True),
            "step_id": ("id", True),
            "question": ("text", True),
            "focus_area": ("text", True),
            "value": ("score", True),
            "reason": ("text", False),
        },
    ),
    "proposal:sync": Event("participant", lambda w: {}, {}),
    "proposal:create": Event(
        "participant",
        lambda w: {
            "client_id": "contract-proposal-1",
            "kind": "add_challenge",
            "target": "focus_area/energia",
            "text": "Uusi haaste",
            "rationale": "Perustelu",
        },
        {
            "client_id": ("text", True),
            "kind": ("text", True),
            "target": ("text", True),
            "text": ("text", False),
            "rationale": ("text", False),
            "target_value": ("number", False),
        },
    ),
    "proposal:support": Event(
        "participant",
        lambda w: {"proposal_id": w.proposal.id, "value": 1},
        {"proposal_id": ("id", True), "value": ("support", True)},
        step_kind="support",
    ),
    "proposal:comment": Event(
        "participant",
        lambda w: {"proposal_id": w.proposal.id, "text": "Hyvä ajatus"},
        {"proposal_id": ("id", True), "text": ("text", True)},
        step_kind="support",
    ),
    "assistant:history": Event("participant", lambda w: {}, {}),
    "assistant:prompt": Event(
        "participant", lambda w: {"visit": True}, {"visit": ("boolean", False)}
    ),
    "assistant:message": Event(
        "participant",
        lambda w: {"text": "hei"},
        {"text": ("text", False), "reply": ("text", False), "label": ("text", False)},
    ),
    "staff:watch": Event(
        "staff", lambda w: {"session_id": w.session.id}, {"session_id": ("id", True)}
    ),
    "step:open": Event(
        "staff",
        lambda w: {"session_id": w.session.id, "step_id": w.next_step.id},
        {"session_id": ("id", True), "step_id": ("id", True)},
    ),
    "step:close": Event(
        "staff",
        lambda w: {"session_id": w.session.id, "step_id": w.step.id},
        {"session_id": ("id", True), "step_id": ("id", True)},
    ),
    "step:reveal": Event(
        "staff",
        lambda w: {"session_id": w.session.id, "step_id": w.step.id, "visible": True},
        {"session_id": ("id", True), "step_id": ("id", True), "visible": ("boolean", True)},
    ),
    "step:results_mode": Event(
        "staff",
        lambda w: {"session_id": w.session.id, "step_id": w.step.id, "mode": "live"},
        {"session_id": ("id", True), "step_id": ("id", True), "mode": ("text", True)},
    ),
    "timer:start": Event(
        "staff",
        lambda w: {"session_id": w.session.id, "step_id": w.step.id, "seconds": 300},
        {"session_id": ("id", True), "step_id": ("id", True), "seconds": ("seconds", True)},
    ),
    "timer:stop": Event(
        "staff",
        lambda w: {"session_id": w.session.id, "step_id": w.step.id},
        {"session_id": ("id", True), "step_id": ("id", True)},
    ),
    "proposal:list": Event(
        "staff", lambda w: {"session_id": w.session.id}, {"session_id": ("id", True)}
    ),
    "themes:sync": Event(
        "staff", lambda w: {"session_id": w.session.id}, {"session_id": ("id", True)}
    ),
    "proposal:moderate": Event(
        "staff",
        lambda w: {
            "session_id": w.session.id,
            "proposal_id": w.proposal.id,
            "action": "edit",
            "text": "Uusi muotoilu",
        },
        {
            "session_id": ("id", True),
            "proposal_id": ("id", True),
            "action": ("text", True),
            "text": ("text", False),
            "reason": ("text", False),
            "into": ("id", False),
            "comment_id": ("id", False),
        },
    ),
    "open:submit": Event(
        "participant",
        lambda w: {
            "step_id": w.kind_steps["open_question"].id,
            "client_id": "contract-open-1",
            "text": "Osaajia",
        },
        {"step_id": ("id", True), "client_id": ("text", True), "text": ("text", True)},
        step_kind="open_question",
    ),
    "choice:submit": Event(
        "participant",
        lambda w: {"step_id": w.kind_steps["poll"].id, "choices": ["1"]},
        {"step_id": ("id", True), "choices": ("list", True)},
        step_kind="poll",
    ),
    "step:mine": Event(
        "participant",
        lambda w: {"step_id": w.kind_steps["poll"].id},
        {"step_id": ("id", True)},
    ),
    "step:results": Event(
        "staff",
        lambda w: {"session_id": w.session.id, "step_id": w.kind_steps["open_question"].id},
        {"session_id": ("id", True), "step_id": ("id", True)},
    ),
    "open:moderate": Event(
        "staff",
        lambda w: {
            "session_id": w.session.id,
            "step_id": w.kind_steps["open_question"].id,
            "answer_id": w.open_answer.id,
            "action": "hide",
            "reason": "other",
            "other": "Mainos",
        },
        {
            "session_id": ("id", True),
            "step_id": ("id", True),
            "answer_id": ("id", True),
            "action": ("text", True),
            "reason": ("text", False),
            "other": ("text", False),
        },
    ),
}


def registered_events() -> set[str]:
    """Every event a handler is registered for in workshop/**/events.py."""
    pattern = re.compile(r"(?:socketio\.on_event|socketio\.on|on_lean_event)\(\s*\"([^\"]+)\"")
    names = set()
    for path in (ROOT / "workshop").rglob("events.py"):
        names.update(pattern.findall(path.read_text(encoding="utf-8")))
    return names - {"connect", "disconnect"}


def test_every_registered_event_has_a_contract_and_is_documented():
    assert registered_events() == set(EVENTS)
    for name in EVENTS:
        assert f"`{name}`" in PROTOCOL, f"{name} is not in docs/protocol.md"


def test_every_error_code_of_the_contract_is_documented():
    for code in ("invalid", "invalid_value", "unauthorized", "server_error"):
        assert f"`{code}`" in PROTOCOL


# A cache, not a record: the features of a text are stored by its hash whenever a worker or
# the arrival queue first meets it (workshop/synthesis/store.py), at a time of its own.
CACHES = {"text_feature"}


def snapshot() -> dict:
    """Every row of every table but the caches, to tell that nothing changed."""
    db.session.expire_all()
    return {
        table.name: sorted(map(repr, db.session.execute(table.select()).all()))
        for table in db.metadata.sorted_tables
        if table.name not in CACHES
    }


@dataclass
class World:
    session: object
    step: object
    next_step: object
    proposal: object
    clients: dict
    kind_steps: dict
    open_answer: object


@pytest.fixture
def world(open_session, scoring_step, participant, connect_participant, staff_socket):
    proposal, _ = proposal_services.create_proposal(
        open_session.review_round,
        proposal_services.ProposalInput(
            kind="add_challenge", target_ref="focus_area/energia", text="Osaajapula"
        ),
        participant=participant,
    )
    kind_steps = {
        kind: review_services.add_step(
            open_session, kind, config=step_config(kind, prompt="?", options=["A", "B"])
        )
        for kind in ("open_question", "poll")
    }
    open_answer = OpenAnswer(
        step=kind_steps["open_question"],
        participant_id=participant.id,
        group_id=participant.group_id,
        client_id="contract-open-0",
        text="Vastaus",
    )
    db.session.add(open_answer)
    db.session.commit()
    return World(
        session=open_session,
        step=scoring_step,
        next_step=scoring_steps(open_session)[1],
        proposal=proposal,
        clients={"participant": connect_participant(participant), "staff": staff_socket},
        kind_steps=kind_steps,
        open_answer=open_answer,
    )


def wrong_payloads(event: Event, valid: dict):
    """(what is wrong, payload, the field the ack must name, the code it must give)."""
    for name, (kind, required) in event.fields.items():
        code = CODE.get(kind, "invalid")
        for value in WRONG[kind]:
            yield f"{name}={value!r}", {**valid, name: value}, name, code
        if required:
            missing = {key: value for key, value in valid.items() if key != name}
            yield f"no {name}", missing, name, code
            # null is refused for a boolean above; for a score it is "don't know" (see below),
            # for a list of choices no choice (as [] is)
            if kind not in ("boolean", "score", "list"):
                yield f"{name}=None", {**valid, name: None}, name, code
    yield "an unknown key", {**valid, "unknown_key": 1}, "unknown_key", "invalid"
    for payload in ([], [valid], "text", 5, True):
        yield f"payload {payload!r}", payload, "", "invalid"


@pytest.mark.parametrize("name", sorted(EVENTS))
def test_a_wrong_json_type_is_refused_and_stores_nothing(world, name):
    event = EVENTS[name]
    client = world.clients[event.role]
    if event.step_kind:
        review_services.open_step(
            next(step for step in world.session.steps if step.kind == event.step_kind)
        )
        db.session.commit()
    valid = event.valid(world)
    before = snapshot()
    failures = []
    for what, payload, field, code in wrong_payloads(event, valid):
        ack = client.emit(name, payload, callback=True)
        if not (
            isinstance(ack, dict)
            and ack.get("ok") is False
            and ack.get("error") == code
            # ``invalid`` names the field; ``invalid_value`` may come from the service's scale
            and (field in ack.get("fields", {}) or code != "invalid")
            and isinstance(ack.get("message"), str)
            and ack["message"]
        ):
            failures.append((what, ack))
    ack = client.emit(name, valid, "an extra argument", callback=True)
    if not (isinstance(ack, dict) and ack.get("error") == "invalid"):
        failures.append(("an extra argument", ack))
    assert failures == []
    assert snapshot() == before
    # The valid payload is accepted: the refusals above were about the wrong values alone.
    assert client.emit(name, valid, callback=True)["ok"] is True


def _raw_event(client, encoded: str) -> dict:
    """Send an encoded Socket.IO event packet with ack id 1 as a client would; the ack."""
    client.acks = None
    socketio.server._handle_eio_message(client.eio_sid, encoded)
    return client.acks and client.acks["args"][0]


@pytest.mark.parametrize(
    "data",
    [
        '["answer:submit",' + "[" * 10_000 + "]" * 10_000 + "]",
        '["answer:submit",' + '{"a":' * 10_000 + "1" + "}" * 10_000 + "]",
        '["answer:submit",{"value":' + "9" * 5_000 + "}]",
        '["answer:submit",{"value":4',
        '{"event":"answer:submit"}',
        "[]",
        "[5]",
        '"answer:submit"',
    ],
    ids=["deep-list", "deep-object", "5000-digits", "cut-off", "object", "empty", "number", "str"],
)
def test_an_unreadable_event_gets_an_invalid_ack_and_the_connection_lives_on(world, data):
    client = world.clients["participant"]
    before = snapshot()
    ack = _raw_event(client, "21" + data)
    assert ack == {**ack, "ok": False, "error": "invalid"}
    assert snapshot() == before
    assert client.emit("participant:sync", {}, callback=True)["ok"] is True


def test_a_score_is_a_whole_number_on_the_scale_or_null(world):
    client = world.clients["participant"]
    payload = _answer(world)
    before = snapshot()
    for value in WRONG["score"]:
        ack = client.emit("answer:submit", {**payload, "value": value}, callback=True)
        assert (value, ack["error"]) == (value, "invalid_value")
    assert snapshot() == before
    ack = client.emit("answer:submit", {**payload, "value": None}, callback=True)
    assert ack["ok"] is True and ack["answer"]["value"] is None
    ack = client.emit(
        "answer:submit",
        {**payload, "submission_id": "contract-answer-2", "value": 5},
        callback=True,
    )
    assert ack["answer"]["value"] == 5


def test_step_reveal_needs_an_explicit_visible(world):
    world.step.results_visible = True
    db.session.commit()
    payload = {"session_id": world.session.id, "step_id": world.step.id}
    ack = world.clients["staff"].emit("step:reveal", payload, callback=True)
    assert ack["error"] == "invalid" and "visible" in ack["fields"]
    db.session.expire_all()
    assert world.step.results_visible is True  # not read as "hide them"


@pytest.mark.parametrize("locale, message", [("en", "The message was not valid."), ("fi", None)])
def test_error_acks_speak_the_participants_language(
    world, make_participant, connect_participant, locale, message
):
    client = connect_participant(make_participant(locale=locale))
    ack = client.emit("answer:submit", {"step_id": "1"}, callback=True)
    assert ack["error"] == "invalid"
    if message is not None:
        assert ack["message"] == message
    else:
        assert ack["message"] == "Viesti ei ollut kelvollinen."


# JSON over HTTP -------------------------------------------------------------------------

JOIN_FIELDS = {
    "code": ("text", True),
    "group": ("text", True),
    "organisation": ("text", False),
    "name": ("text", False),
    "locale": ("text", False),
}


def _post_json(client, body: str):
    return client.post("/api/join", data=body, content_type="application/json")


def test_api_join_refuses_wrong_json_types(client, open_session):
    valid = {"code": open_session.join_code, "group": "klusterit", "locale": "en"}
    before = db.session.query(Participant).count()
    failures = []
    event = Event("anyone", None, JOIN_FIELDS)
    for what, payload, field, code in wrong_payloads(event, valid):
        response = _post_json(client, json.dumps(payload))
        body = response.get_json()
        if not (response.status_code == 400 and body["error"] == code and field in body["fields"]):
            failures.append((what, response.status_code, body))
    assert failures == []
    assert db.session.query(Participant).count() == before
    assert _post_json(client, json.dumps(valid)).status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        "[" * 10_000 + "]" * 10_000,
        '{"a":' * 10_000 + "1" + "}" * 10_000,
        '{"code":' + "9" * 5_000 + "}",
        '{"code": "K7',
        "",
    ],
    ids=["deep-list", "deep-object", "5000-digits", "cut-off", "empty"],
)
def test_api_join_refuses_unreadable_json_with_400(client, open_session, body):
    response = _post_json(client, body)
    assert response.status_code == 400 and response.get_json()["error"] == "invalid"


def test_api_session_refuses_an_unknown_locale(client, open_session):
    response = client.get(f"/api/sessions/{open_session.join_code}?locale=xx")
    assert response.status_code == 400 and response.get_json()["error"] == "invalid"
    assert client.get(f"/api/sessions/{open_session.join_code}?locale=en").status_code == 200
