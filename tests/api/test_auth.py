"""Who may call the API: tokens (missing, wrong, revoked, read-only), roles and rounds, the
session cookie and its CSRF rule, the per-token limit."""

import pytest

from tests.api.conftest import bearer
from tests.conftest import TEST_PASSWORD
from workshop.api import services as token_services
from workshop.audit.models import AuditEvent
from workshop.auth import services as auth_services
from workshop.extensions import db


def _round_url(world):
    return f"/api/v1/rounds/{world['round'].id}"


def _assert_json_error(response, status, code):
    assert response.status_code == status
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["ok"] is False and body["error"] == code and body["message"]
    return body


def test_no_token_is_401_json_with_a_bearer_challenge(client, world):
    response = client.get(_round_url(world))
    _assert_json_error(response, 401, "unauthenticated")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header",
    ["Bearer wsp_not-a-real-token", "Bearer ", "Basic dXNlcjpwYXNz", "wsp_abc", "Bearer x" * 50],
)
def test_a_wrong_or_malformed_token_is_401(client, world, header):
    response = client.get(_round_url(world), headers={"Authorization": header})
    _assert_json_error(response, 401, "unauthenticated")


def test_a_revoked_token_is_401_from_its_next_request(client, world):
    headers = bearer(world["tokens"]["read"])
    assert client.get(_round_url(world), headers=headers).status_code == 200
    token = token_services.token_for(world["tokens"]["read"])
    token_services.revoke_token(token, actor=world["owner"])
    db.session.commit()
    _assert_json_error(client.get(_round_url(world), headers=headers), 401, "unauthenticated")


def test_a_deactivated_accounts_token_is_401(client, world, make_user):
    admin = make_user("admin@example.org", role="admin")
    auth_services.set_active(admin, world["owner"], False)
    db.session.commit()
    response = client.get(_round_url(world), headers=bearer(world["tokens"]["write"]))
    _assert_json_error(response, 401, "unauthenticated")


def test_a_read_token_cannot_write(client, world):
    session = world["session"]
    response = client.post(
        f"/api/v1/sessions/{session.id}/status",
        json={"status": "closed"},
        headers=bearer(world["tokens"]["read"]),
    )
    _assert_json_error(response, 403, "read_only_token")
    db.session.refresh(session)
    assert session.status == "open"


def test_an_outsider_gets_403_for_a_round_it_does_not_run_and_does_not_see_it_listed(client, world):
    headers = bearer(world["tokens"]["outsider"])
    for url in (
        _round_url(world),
        f"{_round_url(world)}/results",
        f"/api/v1/sessions/{world['session'].id}",
    ):
        _assert_json_error(client.get(url, headers=headers), 403, "forbidden")
    response = client.post(
        f"/api/v1/sessions/{world['session'].id}/status",
        json={"status": "closed"},
        headers=headers,
    )
    _assert_json_error(response, 403, "forbidden")
    assert client.get("/api/v1/rounds", headers=headers).get_json()["rounds"] == []
    council = client.get("/api/v1/rounds", headers=bearer(world["tokens"]["council"]))
    assert [r["id"] for r in council.get_json()["rounds"]] == [world["round"].id]


def test_a_round_that_does_not_exist_is_404_json(client, world):
    headers = bearer(world["tokens"]["read"])
    for url in ("/api/v1/rounds/999999", "/api/v1/rounds/99999999999999999999", "/api/v1/x"):
        _assert_json_error(client.get(url, headers=headers), 404, "not_found")


def test_the_logged_in_cookie_reads_and_its_writes_need_the_csrf_token(app, world):
    client = app.test_client()
    client.post("/login", data={"email": world["owner"].email, "password": TEST_PASSWORD})
    assert client.get(_round_url(world)).status_code == 200
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(
            f"/api/v1/sessions/{world['session'].id}/status", json={"status": "closed"}
        )
        _assert_json_error(response, 403, "csrf_failed")
        # A token needs no CSRF token: it is not sent by the browser on its own.
        response = client.post(
            f"/api/v1/sessions/{world['session'].id}/status",
            json={"status": "closed"},
            headers=bearer(world["tokens"]["write"]),
        )
        assert response.status_code == 200
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_over_the_per_token_limit_is_429_json_with_retry_after(app, client, world, monkeypatch):
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", 3)
    headers = bearer(world["tokens"]["read"])
    for _ in range(3):
        assert client.get("/api/v1/rounds", headers=headers).status_code == 200
    response = client.get("/api/v1/rounds", headers=headers)
    _assert_json_error(response, 429, "rate_limited")
    assert int(response.headers["Retry-After"]) > 0
    # Another token has its own budget.
    assert client.get("/api/v1/rounds", headers=bearer(world["tokens"]["write"])).status_code == 200


def test_the_token_is_stored_only_as_its_hash_and_its_use_is_noted(client, world):
    plain = world["tokens"]["read"]
    token = token_services.token_for(plain)
    assert plain not in (token.token_hash, token.prefix) and len(token.token_hash) == 64
    assert plain.startswith(token.prefix) and token.last_used_at is None
    client.get("/api/v1/rounds", headers=bearer(plain))
    db.session.expire_all()
    assert token_services.token_for(plain).last_used_at is not None


def test_creation_revocation_and_writes_are_audited(client, world):
    actions = {event.action for event in db.session.query(AuditEvent)}
    assert "api_token.create" in actions
    client.post(
        f"/api/v1/sessions/{world['session'].id}/status",
        json={"status": "closed"},
        headers=bearer(world["tokens"]["write"]),
    )
    event = db.session.query(AuditEvent).filter_by(action="session.closed").one()
    assert event.actor_id == world["owner"].id and event.details == {"via": "api"}


def test_messages_follow_accept_language(client, world):
    english = client.get("/api/v1/rounds", headers={"Accept-Language": "en"}).get_json()
    finnish = client.get("/api/v1/rounds").get_json()
    assert english["error"] == finnish["error"] == "unauthenticated"
    assert english["message"] != finnish["message"]
