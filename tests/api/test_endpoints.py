"""Every operation's real answers, checked against the OpenAPI document, and what they say:
the same figures as the app's own services, small groups merged, hidden texts left out; the
controls change the session as the console does and tell its live clients."""

import pytest

from tests.api.conftest import bearer
from tests.api.schema_check import check
from workshop.api.openapi import OPERATIONS, document
from workshop.extensions import db, socketio
from workshop.review.reasons import OTHER_GROUPS
from workshop.review.results import results_for


@pytest.fixture
def doc(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def test_the_document_is_openapi_3_1_and_names_every_route_of_the_api(app, doc):
    assert doc["openapi"] == "3.1.0"
    assert doc == document()
    routes = {
        (method.lower(), rule.endpoint)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.") or rule.rule.startswith("/api/")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    } - {("get", "api_description.openapi_document")}
    assert routes == {(op.method, op.endpoint) for op in OPERATIONS}
    for op in OPERATIONS:
        assert op.method in doc["paths"][op.documented_path]


def test_the_document_is_valid_against_the_openapi_3_1_specification(doc):
    import schemathesis

    # Schemathesis checks the document against the OpenAPI 3.1 meta-schema as it loads it.
    schemathesis.openapi.from_dict(doc).validate()
    broken = {**doc, "paths": {"/rounds": {"get": {"responses": {"200": {}}}}}}
    with pytest.raises(Exception, match="description"):
        schemathesis.openapi.from_dict(broken).validate()


def _urls(world):
    round_id, session_id, step_id = world["round"].id, world["session"].id, world["step"].id
    return {
        "/rounds": "/rounds",
        "/rounds/{round_id}": f"/rounds/{round_id}",
        "/rounds/{round_id}/sessions": f"/rounds/{round_id}/sessions",
        "/rounds/{round_id}/results": f"/rounds/{round_id}/results",
        "/rounds/{round_id}/reasons": f"/rounds/{round_id}/reasons",
        "/rounds/{round_id}/proposals": f"/rounds/{round_id}/proposals",
        "/rounds/{round_id}/decisions": f"/rounds/{round_id}/decisions",
        "/rounds/{round_id}/participation": f"/rounds/{round_id}/participation",
        "/sessions/{session_id}": f"/sessions/{session_id}",
        "/sessions/{session_id}/steps": f"/sessions/{session_id}/steps",
        "/sessions/{session_id}/steps/{step_id}/results": (
            f"/sessions/{session_id}/steps/{step_id}/results"
        ),
        "/sessions/{session_id}/status": f"/sessions/{session_id}/status",
        "/sessions/{session_id}/steps/{step_id}/status": (
            f"/sessions/{session_id}/steps/{step_id}/status"
        ),
        "/sessions/{session_id}/steps/{step_id}/reveal": (
            f"/sessions/{session_id}/steps/{step_id}/reveal"
        ),
    }


BODIES = {
    "/sessions/{session_id}/status": {"status": "open"},
    "/sessions/{session_id}/steps/{step_id}/status": {"status": "open"},
    "/sessions/{session_id}/steps/{step_id}/reveal": {"visible": True},
}


def test_every_operation_answers_what_the_document_says(client, world, doc):
    urls = _urls(world)
    headers = bearer(world["tokens"]["write"])
    for op in (op for op in OPERATIONS if op.token):
        url = "/api/v1" + urls[op.path]
        if op.method == "get":
            response = client.get(url, headers=headers)
        else:
            response = client.post(url, json=BODIES[op.path], headers=headers)
        assert response.status_code == 200, (op.path, response.get_json())
        check(doc, op.method, op.path, response)
        # Without a token, and as an outsider: documented errors, JSON.
        check(doc, op.method, op.path, client.open(url, method=op.method.upper()))
        outsider = client.open(
            url, method=op.method.upper(), headers=bearer(world["tokens"]["outsider"])
        )
        assert outsider.status_code == (200 if op.path == "/rounds" else 403)
        check(doc, op.method, op.path, outsider)


def test_round_results_equal_the_apps_results_with_small_groups_merged(client, world, doc):
    response = client.get(
        f"/api/v1/rounds/{world['round'].id}/results", headers=bearer(world["tokens"]["read"])
    )
    body = check(doc, "get", "/rounds/{round_id}/results", response)
    review_round = world["round"]
    expected = results_for(review_round, review_round.strategy_version.focus_areas, locale="fi")
    assert body["items"] == expected["items"]
    item = next(
        i
        for i in body["items"]
        if i["focus_area"] == world["areas"][0] and i["question"] == "edistyminen"
    )
    assert item["count"] == 11
    assert set(item["by_group"]) == {"klusterit"}  # 3 businesses and 2 municipalities merged
    assert sorted(item["other_groups"]["groups"]) == ["kunnat", "yritykset"]


def test_step_results_and_a_step_without_results(client, world, doc):
    session, step = world["session"], world["step"]
    headers = bearer(world["tokens"]["read"])
    body = check(
        doc,
        "get",
        "/sessions/{session_id}/steps/{step_id}/results",
        client.get(f"/api/v1/sessions/{session.id}/steps/{step.id}/results", headers=headers),
    )
    assert body["step_id"] == step.id and len(body["items"]) >= 2
    welcome = session.steps[0]
    response = client.get(
        f"/api/v1/sessions/{session.id}/steps/{welcome.id}/results", headers=headers
    )
    assert response.status_code == 409 and response.get_json()["error"] == "not_a_scoring_step"
    check(doc, "get", "/sessions/{session_id}/steps/{step_id}/results", response)


def test_reasons_name_only_groups_large_enough_and_refuse_a_small_groups_filter(client, world, doc):
    url = f"/api/v1/rounds/{world['round'].id}/reasons"
    headers = bearer(world["tokens"]["read"])
    body = check(doc, "get", "/rounds/{round_id}/reasons", client.get(url, headers=headers))
    assert body["total"] == 11
    assert {r["group"] for r in body["reasons"]} == {"klusterit", OTHER_GROUPS}
    assert body["groups"] == ["klusterit", OTHER_GROUPS]
    small = client.get(url + "?group=yritykset", headers=headers)
    assert small.status_code == 409 and small.get_json()["error"] == "group_too_small"
    unknown = client.get(url + "?group=nobody", headers=headers)
    assert unknown.status_code == 404 and unknown.get_json()["error"] == "unknown_group"
    check(doc, "get", "/rounds/{round_id}/reasons", small)
    limited = client.get(url + "?limit=2&group=klusterit", headers=headers).get_json()
    assert len(limited["reasons"]) == 2 and limited["total"] == 6


@pytest.mark.parametrize(
    "query",
    [
        "limit=0",
        "limit=abc",
        "limit=-1",
        "limit=1001",
        "session=x",
        "unknown=1",
        "limit=1&limit=2",
    ],
)
def test_a_wrong_query_is_422_with_the_field_named(client, world, doc, query):
    response = client.get(
        f"/api/v1/rounds/{world['round'].id}/reasons?{query}",
        headers=bearer(world["tokens"]["read"]),
    )
    body = check(doc, "get", "/rounds/{round_id}/reasons", response)
    assert response.status_code == 422 and body["fields"]
    assert query.split("=")[0] in body["fields"]


def test_a_session_of_another_round_is_404_unknown_session(client, world, doc):
    response = client.get(
        f"/api/v1/rounds/{world['round'].id}/results?session=999999",
        headers=bearer(world["tokens"]["read"]),
    )
    body = check(doc, "get", "/rounds/{round_id}/results", response)
    assert response.status_code == 404 and body["error"] == "unknown_session"
    assert "session" in body["fields"]
    one = client.get(
        f"/api/v1/rounds/{world['round'].id}/results?session={world['session'].id}",
        headers=bearer(world["tokens"]["read"]),
    ).get_json()
    assert one["session_id"] == world["session"].id


def test_proposals_give_keys_nulls_and_no_hidden_text(client, world, doc):
    url = f"/api/v1/rounds/{world['round'].id}/proposals"
    body = check(
        doc,
        "get",
        "/rounds/{round_id}/proposals",
        client.get(url, headers=bearer(world["tokens"]["read"])),
    )
    by_id = {p["id"]: p for p in body["proposals"]}
    shown, hidden = by_id[world["proposal"].id], by_id[world["hidden"].id]
    assert shown["text"] == "Vety" and shown["rationale"] is None
    assert shown["group"] == "klusterit"  # six clusters in the session: named, by key
    assert shown["decision"]["outcome"] == "accepted"
    assert hidden["text"] is None and hidden["hidden_reason"] == "Henkilötietoja"
    decisions = client.get(
        f"/api/v1/rounds/{world['round'].id}/decisions", headers=bearer(world["tokens"]["read"])
    )
    body = check(doc, "get", "/rounds/{round_id}/decisions", decisions)
    assert [(d["proposal_id"], d["outcome"]) for d in body["decisions"]] == [
        (world["proposal"].id, "accepted")
    ]


def test_participation_merges_small_groups(client, world, doc):
    response = client.get(
        f"/api/v1/rounds/{world['round'].id}/participation",
        headers=bearer(world["tokens"]["read"]),
    )
    body = check(doc, "get", "/rounds/{round_id}/participation", response)
    assert body["round"] == {"total": 11, "by_group": {"klusterit": 6}, "other_groups": 5}
    assert body["sessions"] == [
        {"session_id": world["session"].id, "title": "Oulu", "total": 11}
    ]  # a session's total only (docs/security.md, "Counts of participants by group")


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"status": "opened"},
        {"status": 1},
        {"status": "closed", "extra": 1},
        [],
        "closed",
        {"status": None},
    ],
)
def test_a_wrong_body_is_422_and_changes_nothing(client, world, doc, payload):
    session = world["session"]
    response = client.post(
        f"/api/v1/sessions/{session.id}/status",
        json=payload,
        headers=bearer(world["tokens"]["write"]),
    )
    body = check(doc, "post", "/sessions/{session_id}/status", response)
    assert response.status_code == 422 and body["error"] == "invalid" and body["fields"]
    db.session.refresh(session)
    assert session.status == "open"


def test_a_reveal_refuses_a_string_for_a_boolean(client, world, doc):
    session, step = world["session"], world["step"]
    response = client.post(
        f"/api/v1/sessions/{session.id}/steps/{step.id}/reveal",
        json={"visible": "true"},
        headers=bearer(world["tokens"]["write"]),
    )
    assert response.status_code == 422 and "visible" in response.get_json()["fields"]


def test_a_body_not_json_is_415_and_unreadable_json_400(client, world, doc):
    url = f"/api/v1/sessions/{world['session'].id}/status"
    headers = bearer(world["tokens"]["write"])
    form = client.post(url, data={"status": "closed"}, headers=headers)
    assert form.status_code == 415 and form.get_json()["error"] == "unsupported_media_type"
    broken = client.post(url, data="{", content_type="application/json", headers=headers)
    assert broken.status_code == 400 and broken.get_json()["error"] == "unreadable_json"
    for response in (form, broken):
        check(doc, "post", "/sessions/{session_id}/status", response)


def test_a_too_large_body_is_413_json(app, client, world, doc, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1000)
    response = client.post(
        f"/api/v1/sessions/{world['session'].id}/status",
        data='{"status": "' + "x" * 5000 + '"}',
        content_type="application/json",
        headers=bearer(world["tokens"]["write"]),
    )
    assert response.status_code == 413 and response.get_json()["error"] == "too_large"
    check(doc, "post", "/sessions/{session_id}/status", response)


def test_an_unknown_method_is_405_json_with_allow(client, world):
    response = client.delete("/api/v1/rounds", headers=bearer(world["tokens"]["write"]))
    assert response.status_code == 405 and response.get_json()["error"] == "method_not_allowed"
    assert "GET" in response.headers["Allow"]


def test_a_conflict_is_409_with_the_services_code(client, world, doc):
    session, step = world["session"], world["step"]
    headers = bearer(world["tokens"]["write"])
    client.post(f"/api/v1/sessions/{session.id}/status", json={"status": "closed"}, headers=headers)
    response = client.post(
        f"/api/v1/sessions/{session.id}/steps/{step.id}/status",
        json={"status": "open"},
        headers=headers,
    )
    body = check(doc, "post", "/sessions/{session_id}/steps/{step_id}/status", response)
    assert response.status_code == 409 and body["error"] == "session_not_open"


def test_the_controls_tell_the_console_and_the_phones_as_the_console_does(
    app, client, world, logged_in_client
):
    from workshop.review.events import live_results  # noqa: F401  (the room's updates)

    session, step = world["session"], world["step"]
    staff = socketio.test_client(app, flask_test_client=_owner_client(app, world))
    assert staff.emit("staff:watch", {"session_id": session.id}, callback=True)["ok"]
    staff.get_received()
    headers = bearer(world["tokens"]["write"])
    response = client.post(
        f"/api/v1/sessions/{session.id}/steps/{step.id}/reveal",
        json={"visible": True},
        headers=headers,
    )
    assert response.status_code == 200
    assert next(s for s in response.get_json()["steps"] if s["id"] == step.id)["results_visible"]
    received = [packet["name"] for packet in staff.get_received()]
    assert "session:state" in received
    response = client.post(
        f"/api/v1/sessions/{session.id}/status", json={"status": "closed"}, headers=headers
    )
    assert response.get_json()["session"]["status"] == "closed"
    state = [p for p in staff.get_received() if p["name"] == "session:state"][-1]
    assert state["args"][0]["session"]["status"] == "closed"
    staff.disconnect()


def _owner_client(app, world):
    from tests.conftest import TEST_PASSWORD

    owner = app.test_client()
    owner.post("/login", data={"email": world["owner"].email, "password": TEST_PASSWORD})
    return owner


def test_the_participant_endpoints_answer_what_the_document_says(client, world, doc):
    code = world["session"].join_code
    found = check(doc, "get", "/sessions/{code}", client.get(f"/api/sessions/{code}?locale=en"))
    assert found["session"]["id"] == world["session"].id
    missing = client.get("/api/sessions/EIOLE123")
    assert missing.status_code == 404
    check(doc, "get", "/sessions/{code}", missing)
    joined = client.post("/api/join", json={"code": code, "group": "kunnat"})
    assert check(doc, "post", "/join", joined)["session_id"] == world["session"].id
    refused = client.post("/api/join", json={"code": code, "group": "kunnat", "extra": 1})
    assert refused.status_code == 400
    check(doc, "post", "/join", refused)


def test_a_server_error_is_500_json_not_a_page(app, client, world, doc, monkeypatch):
    from workshop.review import services as review_services

    def broken():
        raise RuntimeError("a fault of ours")

    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)  # as in production
    monkeypatch.setattr(review_services, "list_rounds", broken)
    response = client.get("/api/v1/rounds", headers=bearer(world["tokens"]["read"]))
    body = check(doc, "get", "/rounds", response)
    assert response.status_code == 500 and body["error"] == "server_error"
    assert "a fault of ours" not in response.get_data(as_text=True)


def test_every_error_code_the_api_gives_has_a_translated_message(app):
    from flask_babel import force_locale

    from workshop.api.errors import STATUS_CODES, _messages

    with app.test_request_context(headers={"Accept-Language": "fi"}), force_locale("fi"):
        finnish = _messages()
    with app.test_request_context(), force_locale("en"):
        english = _messages()
    assert set(STATUS_CODES.values()) <= set(english)
    untranslated = [code for code in english if english[code] == finnish[code]]
    assert untranslated == []


def test_opening_a_step_closes_the_open_one_and_a_staff_only_step_is_not_revealed(
    client, world, doc
):
    session, scoring = world["session"], world["step"]
    headers = bearer(world["tokens"]["write"])
    welcome = session.steps[0]
    url = f"/api/v1/sessions/{session.id}/steps/{welcome.id}/status"
    body = check(
        doc,
        "post",
        "/sessions/{session_id}/steps/{step_id}/status",
        client.post(url, json={"status": "open"}, headers=headers),
    )
    states = {s["id"]: s["status"] for s in body["steps"]}
    assert states[welcome.id] == "open" and states[scoring.id] == "closed"
    assert body["session"]["open_step_id"] == welcome.id
    from workshop.review import services as review_services
    from workshop.review.models import ResultsMode

    review_services.set_results_mode(scoring, ResultsMode.STAFF)
    db.session.commit()
    response = client.post(
        f"/api/v1/sessions/{session.id}/steps/{scoring.id}/reveal",
        json={"visible": True},
        headers=headers,
    )
    assert response.status_code == 409 and response.get_json()["error"] == "results_staff_only"
    check(doc, "post", "/sessions/{session_id}/steps/{step_id}/reveal", response)


def test_a_reason_names_no_session_and_a_sessions_reasons_obey_that_sessions_split(client, world):
    from workshop.review import participation
    from workshop.review import services as review_services

    # A second session where one cluster person gives a reason: round-wide the clusters are
    # seven (named), in that session one (not named).
    other = review_services.create_session(world["round"], "Raahe", "")
    review_services.set_session_status(other, "open")
    step = next(s for s in other.steps if s.kind == "scoring")
    review_services.open_step(step)
    person = participation.join_session(other, "klusterit")
    db.session.commit()
    from tests.api.conftest import score

    score(person, step, world["areas"][0], 5, "Yksin Raahessa")
    db.session.commit()
    url = f"/api/v1/rounds/{world['round'].id}/reasons"
    headers = bearer(world["tokens"]["read"])
    everything = client.get(url, headers=headers).get_json()["reasons"]
    assert all("session_id" not in reason for reason in everything)
    alone = client.get(url + f"?session={other.id}", headers=headers).get_json()
    assert [(r["text"], r["group"]) for r in alone["reasons"]] == [("Yksin Raahessa", "")]
