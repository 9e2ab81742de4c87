"""docs/protocol.md says what the server does: its error codes, results:update, staff login
and reconnects.

The error codes are compared three ways: every code the tables of "Error codes" list is one
the code raises (no documented code the server never returns, as ``invalid_timer`` was), every
code the code raises is in the tables or in ``NOT_RETURNED`` below with the reason, and every
code a real acknowledgement of a whole workshop carries is listed for its event.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import workshop
from tests.conftest import TEST_PASSWORD
from tests.review.test_events import received, wait_for
from workshop.extensions import db, socketio
from workshop.review import services as review_services
from workshop.review.models import ResultsMode, StepKind

PROTOCOL = Path(__file__).resolve().parents[2] / "docs" / "protocol.md"
PACKAGE = Path(workshop.__file__).resolve().parent

# Codes the code raises that no client of docs/protocol.md ever gets, and why. A code listed
# here that is no longer raised, or that the tables list after all, fails the test.
NOT_RETURNED = {
    # A payload form refuses these values first, with ``invalid``; the services keep the rule
    # for their other callers (the HTTP pages, the CLI, the demo).
    "invalid_timer": "TimerPayload refuses seconds outside 1-14400",
    "invalid_action": "ModeratePayload and OpenModeratePayload refuse other actions",
    "invalid_kind": "ProposalPayload refuses other kinds; step kinds come from HTTP forms",
    # The facilitators' HTTP pages (flash messages and 400 pages), never an event's ack.
    "invalid_status": "round and session status forms",
    "invalid_transition": "round and session status forms",
    "invalid_config": "the agenda's step form",
    "unknown_focus_area": "the agenda's step form",
    "step_open": "removing an agenda step",
    "group_in_use": "removing a stakeholder group",
    "question_answered": "removing a question",
    "already_removed": "removing participants",
    "not_removed": "restoring a participant",
    "group_too_small": "the reasons panel's and results page's group filter (a 400 page)",
    "invalid_outcome": "the decision form",
    "wording_required": "the decision form",
    "draft_published": "decisions and publishing the draft",
    "no_draft": "publishing the draft",
}
# Raised by the edge itself (workshop/realtime.py, workshop/errors.py), not by a rule.
FRAMEWORK_CODES = {"invalid", "busy", "server_error", "unauthorized", "not_found"}
# Packages whose rules a client of docs/protocol.md can meet (accounts, evidence imports and
# recommendations answer on their own HTML pages).
PROTOCOL_PACKAGES = ("review", "proposals", "steps", "assistant")


def _raised_codes(packages=PROTOCOL_PACKAGES) -> set[str]:
    """Every code a domain error (ReviewError, ProposalError) or a refused connection is
    raised with in the packages, and the codes of the payload forms' ``error_codes``."""
    raised = re.compile(r'(?:ReviewError|ProposalError|_refused)\(\s*"([a-z_]+)"')
    error_codes = re.compile(r'error_codes = \{"\w+": "([a-z_]+)"\}')
    codes = set()
    for package in packages:
        for source in (PACKAGE / package).rglob("*.py"):
            text = source.read_text(encoding="utf-8")
            codes |= set(raised.findall(text)) | set(error_codes.findall(text))
    return codes


def _section(title: str) -> str:
    text = PROTOCOL.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def documented_tables() -> dict[str, dict[str, str]]:
    """The tables of "Error codes": sub-heading -> {code: "returned by"}."""
    tables: dict[str, dict[str, str]] = {}
    heading = None
    for line in _section("Error codes").splitlines():
        if line.startswith("### "):
            heading = line[4:]
            tables[heading] = {}
        match = re.match(r"\| `([a-z_]+)` \| ([^|]+) \|", line)
        if match and heading:
            tables[heading][match.group(1)] = match.group(2).strip()
    return tables


def _socket_table() -> dict[str, str]:
    return documented_tables()["Socket.IO acknowledgements"]


def _documented_codes() -> set[str]:
    return {code for table in documented_tables().values() for code in table}


GROUPS = {
    "participant events": {
        "participant:sync",
        "answer:submit",
        "proposal:sync",
        "proposal:create",
        "proposal:support",
        "proposal:comment",
        "open:submit",
        "choice:submit",
        "step:mine",
        "assistant:history",
        "assistant:prompt",
        "assistant:message",
    },
    "step controls": {
        "step:open",
        "step:close",
        "step:reveal",
        "step:results_mode",
        "timer:start",
        "timer:stop",
    },
}
GROUPS["staff events"] = GROUPS["step controls"] | {
    "staff:watch",
    "proposal:list",
    "proposal:moderate",
    "step:results",
    "open:moderate",
    "themes:sync",
}


def events_returning(code: str) -> set[str] | None:
    """The events the socket table says return ``code`` (None: every event)."""
    where = _socket_table()[code]
    if where == "every event":
        return None
    events = set(re.findall(r"`([a-z_]+:[a-z_]+)`", where))
    for group, members in GROUPS.items():
        if group in where:
            events |= members
    return events


def test_the_groups_of_events_named_in_the_tables_are_the_ones_the_page_lists():
    text = _section("Error codes")
    for group, members in GROUPS.items():
        if group == "staff events":
            continue
        start = text.lower().index(f'"{group}" are')
        sentence = text[start:].split(";")[0]
        assert set(re.findall(r"`([a-z_]+:[a-z_*]+)`", sentence)) - {"assistant:*"} == (
            members - {"assistant:history", "assistant:prompt", "assistant:message"}
            if group == "participant events"
            else members
        )
    assert {"assistant:history", "assistant:prompt"} <= GROUPS["participant events"]


def test_every_documented_code_is_one_the_server_raises():
    raised = _raised_codes() | FRAMEWORK_CODES | {"too_many_connections", "server_full"}
    # workshop/connections.py refuses handshakes with these two.
    connections = (PACKAGE / "connections.py").read_text(encoding="utf-8")
    assert '"too_many_connections"' in connections and '"server_full"' in connections
    assert sorted(_documented_codes() - raised) == []


def test_every_code_the_server_raises_is_documented_or_never_reaches_a_client():
    raised = _raised_codes()
    assert len(raised) > 40  # the patterns still find the raises
    undocumented = raised - _documented_codes()
    assert sorted(undocumented - NOT_RETURNED.keys()) == []  # new codes need a row
    assert sorted(NOT_RETURNED.keys() - raised) == []  # a code no longer raised
    assert sorted(NOT_RETURNED.keys() & _documented_codes()) == []


def test_the_error_lists_beside_each_event_name_only_codes_of_the_tables():
    text = PROTOCOL.read_text(encoding="utf-8")
    text = text[: text.index("\n## Error codes\n")]
    words_not_codes = {
        "fields",
        "seconds",
        "visible",
        "other",
        "value",
        "text",
        "reason",
        "into",
        "comment_id",
        "locale",
        "code",
        "group",
        "fi",
        "en",
    }
    codes = set()
    for paragraph in re.split(r"\n\s*\n", text):
        if "Errors" not in paragraph:
            continue
        errors = paragraph[paragraph.index("Errors") :]
        codes |= set(re.findall(r"`(?:\d{3} )?([a-z_]+)`", errors))
        # The answer table's first column.
        codes |= set(re.findall(r"^\| `([a-z_]+)` \|", errors, flags=re.MULTILINE))
    assert "invalid_value" in codes and "results_staff_only" in codes  # the lists are found
    assert sorted(codes - words_not_codes - _documented_codes()) == []


def _provoke_the_staff_codes(recording, session, staff, phone):
    """Errors the workshop flow does not meet by itself."""
    send = recording.send
    step = next(s for s in session.steps if s.kind == StepKind.WELCOME)
    ref = {"session_id": session.id, "step_id": step.id}
    send(staff, "timer:start", {**ref, "seconds": 60}, accepted=False)  # step_not_open
    review_services.set_results_mode(step, ResultsMode.STAFF)
    db.session.commit()
    send(staff, "step:reveal", {**ref, "visible": True}, accepted=False)  # results_staff_only
    send(staff, "step:open", {"session_id": 2**31 - 1, "step_id": step.id}, accepted=False)
    send(staff, "step:open", {"session_id": session.id, "step_id": 2**31 - 1}, accepted=False)
    send(phone, "proposal:support", {"proposal_id": 2**31 - 1, "value": 1}, accepted=False)
    send(
        phone,
        "answer:submit",
        {
            "submission_id": uuid.uuid4().hex,
            "step_id": step.id,
            "question": "edistyminen",
            "focus_area": "energia",
            "value": 3,
        },
        accepted=False,
    )  # not_scoring


def test_every_code_a_real_ack_carries_is_listed_for_its_event(
    recording, open_session, staff_socket, make_participant, connect_participant
):
    review_services.set_session_status(open_session, "open")
    db.session.commit()
    phone = connect_participant(make_participant())
    _provoke_the_staff_codes(recording, open_session, staff_socket, phone)
    table = _socket_table()
    observed = {
        (sent.event, sent.ack["error"])
        for sent in recording.sent
        if isinstance(sent.ack, dict) and sent.ack.get("ok") is False
    }
    assert len({code for _event, code in observed}) >= 8  # the flow meets many codes
    wrong = []
    for event, code in sorted(observed):
        if code not in table:
            wrong.append((event, code, "not in the table"))
            continue
        events = events_returning(code)
        if events is not None and event not in events:
            wrong.append((event, code, f"the table says only {sorted(events)}"))
    assert wrong == []


# results:update ---------------------------------------------------------------------------


def test_the_participants_results_update_is_documented_as_it_is_sent(
    every_group_shown, open_session, make_participant, connect_participant
):
    from workshop.review import events

    step = next(s for s in open_session.steps if s.kind == StepKind.SCORING)
    review_services.open_step(step)
    review_services.set_results_mode(step, ResultsMode.LIVE)
    db.session.commit()
    phone = connect_participant(make_participant())
    area = review_services.step_focus_areas(step)[0].key
    ack = phone.emit(
        "answer:submit",
        {
            "submission_id": uuid.uuid4().hex,
            "step_id": step.id,
            "question": "edistyminen",
            "focus_area": area,
            "value": 4,
        },
        callback=True,
    )
    assert ack["ok"] is True
    events.live_results.flush()
    # The coalescer's own task may have taken the change just before the flush: wait for it.
    (update, *_rest) = wait_for(phone, "results:update", timeout=3)
    assert set(update) == {"session_id", "participants", "results"}
    assert update["results"]["step_id"] == step.id and update["results"]["items"]
    section = PROTOCOL.read_text(encoding="utf-8")
    section = section[section.index("### 6. Server → participant events") :]
    section = section[: section.index("\n### ")]
    row = next(line for line in section.splitlines() if line.startswith("| `results:update`"))
    assert '{"session_id": 3, "participants": MERGED COUNTS, "results": RESULTS}' in row
    assert "`update.results.items`" in section


# Facilitators -----------------------------------------------------------------------------


def test_a_client_logs_in_as_documented_with_the_csrf_token_of_the_login_form(
    app, monkeypatch, facilitator, open_session
):
    """The steps of "Facilitators": GET /login for the cookie and token, POST, then connect."""
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    http = app.test_client()
    page = http.get("/login")
    token = re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"|'
        r'name="csrf_token" value="([^"]+)"',
        page.text,
    )
    assert token, "the login form carries csrf_token"
    csrf = next(group for group in token.groups() if group)
    refused = http.post("/login", data={"email": facilitator.email, "password": TEST_PASSWORD})
    assert refused.status_code == 400  # without the token
    wrong = http.post(
        "/login", data={"email": facilitator.email, "password": "wrong", "csrf_token": csrf}
    )
    assert wrong.status_code == 400
    response = http.post(
        "/login", data={"email": facilitator.email, "password": TEST_PASSWORD, "csrf_token": csrf}
    )
    assert response.status_code == 302
    staff = socketio.test_client(app, flask_test_client=http)
    try:
        ack = staff.emit("staff:watch", {"session_id": open_session.id}, callback=True)
        assert ack["ok"] is True and ack["state"]["session"]["id"] == open_session.id
    finally:
        staff.disconnect()


def test_a_reconnected_staff_socket_gets_nothing_until_it_watches_again(
    app, logged_in_client, open_session
):
    """As documented: the server does not rejoin; ``staff:watch`` after every connect."""
    first = socketio.test_client(app, flask_test_client=logged_in_client)
    assert first.emit("staff:watch", {"session_id": open_session.id}, callback=True)["ok"]
    first.disconnect()
    again = socketio.test_client(app, flask_test_client=logged_in_client)  # the reconnect
    step = open_session.steps[0]
    review_services.open_step(step)
    from workshop.review.events import broadcast_state

    broadcast_state(open_session)
    from workshop.realtime import commit_and_emit

    commit_and_emit()
    assert received(again, "session:state") == []
    ack = again.emit("staff:watch", {"session_id": open_session.id}, callback=True)
    assert ack["state"]["open_step_id"] == step.id  # what it missed, in the ack
    review_services.close_step(step)
    broadcast_state(open_session)
    commit_and_emit()
    assert [s["open_step_id"] for s in received(again, "session:state")] == [None]
    again.disconnect()
    text = PROTOCOL.read_text(encoding="utf-8")
    assert "**After every (re)connect, send `staff:watch` again**" in text


def test_each_operation_of_asyncapi_lists_the_codes_the_tables_give_its_event():
    from tests.protocol import asyncapi

    messages = asyncapi.document()["components"]["messages"]
    connect_codes = set(documented_tables()["Connection refusals (`connect_error`)"])
    for operation in asyncapi.document()["operations"].values():
        if operation["action"] != "receive":
            continue
        event = messages[operation["messages"][0]["$ref"].rsplit("/", 1)[1]]["x-event"]
        listed = set(operation["x-error-codes"])
        if event == "connect":
            assert listed == connect_codes
            continue
        expected = {
            code
            for code in _socket_table()
            if events_returning(code) is None or event in events_returning(code)
        }
        assert sorted(listed ^ expected) == [], event


def test_protocol_md_and_asyncapi_name_the_same_events():
    from tests.protocol import asyncapi

    described = set(asyncapi.client_events()) | {
        event for event, _room in asyncapi.server_messages()
    }
    prefixes = {name.split(":")[0] for name in described if ":" in name}
    text = PROTOCOL.read_text(encoding="utf-8")
    named = {
        token
        for token in re.findall(r"`([a-z]+:[a-z_]+)`", text)
        if token.split(":")[0] in prefixes
    }
    assert sorted(named ^ (described - {"connect"})) == []
